#include "replay/huffman.h"

#include <cstring>
#include <vector>

namespace vigil::replay {

namespace {

constexpr std::uint32_t kTableSize = 1u << kHuffMaxBits;

// Code lengths for the byte values with a count, none longer than kHuffMaxBits: the counts are
// halved (every present value keeps at least 1) until the tree is that shallow, which costs
// little on skewed streams and never happens on short ones.
void code_lengths(const std::uint32_t* counts, std::uint8_t* len) {
  std::uint32_t count[256];
  std::memcpy(count, counts, sizeof count);
  for (;;) {
    // Leaves are 0..255, merged nodes 256 on; weight 0 marks a node that is not (or no longer)
    // a root.
    std::uint32_t weight[511];
    std::int16_t parent[511];
    int roots = 0;
    for (int s = 0; s < 256; ++s) {
      weight[s] = count[s];
      parent[s] = -1;
      roots += count[s] != 0;
      len[s] = 0;
    }
    if (roots == 0) return;
    if (roots == 1) {
      for (int s = 0; s < 256; ++s) if (count[s]) len[s] = 1;
      return;
    }
    int nodes = 256;
    for (; roots > 1; --roots, ++nodes) {
      int a = -1;
      int b = -1;
      for (int k = 0; k < nodes; ++k) {
        if (!weight[k]) continue;
        if (a < 0 || weight[k] < weight[a]) {
          b = a;
          a = k;
        } else if (b < 0 || weight[k] < weight[b]) {
          b = k;
        }
      }
      weight[nodes] = weight[a] + weight[b];
      parent[nodes] = -1;
      parent[a] = parent[b] = static_cast<std::int16_t>(nodes);
      weight[a] = weight[b] = 0;
    }
    int deepest = 0;
    for (int s = 0; s < 256; ++s) {
      if (!count[s]) continue;
      int depth = 0;
      for (int k = s; parent[k] >= 0; k = parent[k]) ++depth;
      len[s] = static_cast<std::uint8_t>(depth > 15 ? 15 : depth);
      if (depth > deepest) deepest = depth;
    }
    if (deepest <= kHuffMaxBits) return;
    for (std::uint32_t& c : count) if (c) c = (c >> 1) | 1;
  }
}

std::uint32_t reverse(std::uint32_t code, int bits) {
  std::uint32_t r = 0;
  for (int i = 0; i < bits; ++i, code >>= 1) r = (r << 1) | (code & 1);
  return r;
}

// The canonical code of each byte value with a length, bit-reversed for writing low bit first.
void canonical_codes(const std::uint8_t* len, std::uint32_t* codes) {
  std::uint32_t per_length[kHuffMaxBits + 1] = {};
  for (int s = 0; s < 256; ++s) ++per_length[len[s]];
  per_length[0] = 0;
  std::uint32_t next[kHuffMaxBits + 1] = {};
  std::uint32_t code = 0;
  for (int bits = 1; bits <= kHuffMaxBits; ++bits) {
    code = (code + per_length[bits - 1]) << 1;
    next[bits] = code;
  }
  for (int s = 0; s < 256; ++s) codes[s] = len[s] ? reverse(next[len[s]]++, len[s]) : 0;
}

}  // namespace

std::size_t huff_encode(const std::uint8_t* in, std::size_t n, std::uint8_t* out) {
  if (n <= kHuffHeader || n > 0xffffffffu) return 0;
  std::uint32_t count[256] = {};
  for (std::size_t i = 0; i < n; ++i) ++count[in[i]];
  std::uint8_t len[256];
  code_lengths(count, len);
  std::uint64_t bits = 0;
  for (int s = 0; s < 256; ++s) bits += std::uint64_t(count[s]) * len[s];
  const std::size_t size = kHuffHeader + static_cast<std::size_t>((bits + 7) / 8);
  if (size >= n) return 0;
  std::uint32_t codes[256];
  canonical_codes(len, codes);
  std::uint8_t* o = out;
  for (int k = 0; k < 4; ++k) *o++ = static_cast<std::uint8_t>(n >> (8 * k));
  for (int s = 0; s < 256; s += 2) *o++ = static_cast<std::uint8_t>(len[s] | (len[s + 1] << 4));
  std::uint64_t acc = 0;
  int have = 0;
  for (std::size_t i = 0; i < n; ++i) {
    acc |= std::uint64_t(codes[in[i]]) << have;
    have += len[in[i]];
    while (have >= 8) {
      *o++ = static_cast<std::uint8_t>(acc);
      acc >>= 8;
      have -= 8;
    }
  }
  if (have > 0) *o++ = static_cast<std::uint8_t>(acc);
  return static_cast<std::size_t>(o - out);
}

std::size_t huff_size(const std::uint8_t* in, std::size_t n) {
  if (n < kHuffHeader) return 0;
  return std::size_t(in[0]) | std::size_t(in[1]) << 8 | std::size_t(in[2]) << 16 | std::size_t(in[3]) << 24;
}

bool huff_decode(const std::uint8_t* in, std::size_t n, std::uint8_t* out, std::size_t size) {
  if (n < kHuffHeader || huff_size(in, n) != size) return false;
  std::uint8_t len[256];
  std::uint32_t room = 0;  // the share of the code space the lengths take, in 2^-kHuffMaxBits
  for (int s = 0; s < 256; ++s) {
    len[s] = (in[4 + s / 2] >> (s % 2 ? 4 : 0)) & 15;
    if (len[s] > kHuffMaxBits) return false;
    if (len[s]) room += kTableSize >> len[s];
  }
  if (room > kTableSize || (size && !room)) return false;
  std::uint32_t codes[256];
  canonical_codes(len, codes);
  // Every kHuffMaxBits-bit window names a value and its length; 0 where no code starts so
  // (an incomplete code's gaps).
  std::vector<std::uint16_t> table(kTableSize, 0);
  for (int s = 0; s < 256; ++s) {
    if (!len[s]) continue;
    for (std::uint32_t k = codes[s]; k < kTableSize; k += 1u << len[s]) {
      table[k] = static_cast<std::uint16_t>(s << 4 | len[s]);
    }
  }
  const std::uint8_t* ip = in + kHuffHeader;
  const std::uint8_t* const end = in + n;
  std::uint64_t acc = 0;
  int have = 0;
  for (std::size_t i = 0; i < size; ++i) {
    while (have <= 56 && ip < end) {
      acc |= std::uint64_t(*ip++) << have;
      have += 8;
    }
    const std::uint16_t e = table[acc & (kTableSize - 1)];
    const int bits = e & 15;
    if (!e || bits > have) return false;  // no such code, or it runs past the input
    out[i] = static_cast<std::uint8_t>(e >> 4);
    acc >>= bits;
    have -= bits;
  }
  // The stream ends in the byte the last code does.
  return ip == end && have < 8;
}

}  // namespace vigil::replay
