#include "replay/lz.h"

#include <cstring>

namespace vigil::replay {

namespace {

// 4 x 1024 slots of 2 bytes, 8 KB: the ring's chunks are a few tens of KB, and the table is
// allocated while a chunk is packed, beside the stretch and the packed copy (Wasm memory keeps
// its peak). Four candidates a slot pack the benchmark page's batches ~1 % smaller than two in
// twice the slots.
constexpr int kHashBits = 10;
constexpr int kWays = 4;
constexpr std::size_t kMinMatch = 4;
constexpr std::size_t kMaxOffset = 65535;

std::uint32_t read32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

std::uint32_t hash(std::uint32_t v) { return (v * 2654435761u) >> (32 - kHashBits); }

// The part of a length past the nibble's 15: 255s, then the rest.
void put_extra(std::uint8_t*& o, std::size_t n) {
  for (; n >= 255; n -= 255) *o++ = 255;
  *o++ = static_cast<std::uint8_t>(n);
}

void put_sequence(std::uint8_t*& o, const std::uint8_t* literals, std::size_t count, std::size_t offset,
                  std::size_t match) {
  const std::size_t m = match ? match - kMinMatch : 0;
  *o++ = static_cast<std::uint8_t>(((count < 15 ? count : 15) << 4) | (m < 15 ? m : 15));
  if (count >= 15) put_extra(o, count - 15);
  std::memcpy(o, literals, count);
  o += count;
  if (!match) return;
  *o++ = static_cast<std::uint8_t>(offset);
  *o++ = static_cast<std::uint8_t>(offset >> 8);
  if (m >= 15) put_extra(o, m - 15);
}

// Reads a nibble's extension; false past the end of the input or on an absurd length.
bool get_extra(const std::uint8_t*& ip, const std::uint8_t* end, std::size_t& n) {
  for (;;) {
    if (ip == end) return false;
    const std::uint8_t b = *ip++;
    n += b;
    if (b != 255) return true;
    if (n > (std::size_t(1) << 31)) return false;
  }
}

}  // namespace

namespace {

// Each hash slot keeps the latest kWays positions, each as (position + 1) mod 65536 (0 is
// empty): a match reaches back at most kMaxOffset anyway, so the low 16 bits say where a
// candidate is, and a stale or colliding one fails the byte comparison. More candidates and the
// lazy step below pack record batches a few % smaller than one greedy candidate.
void insert(std::uint16_t* table, const std::uint8_t* in, std::size_t at) {
  std::uint16_t* slot = table + kWays * hash(read32(in + at));
  for (int w = kWays - 1; w > 0; --w) slot[w] = slot[w - 1];
  slot[0] = static_cast<std::uint16_t>(at + 1);
}

// The longest match for position `at` among its slot's candidates (0 when none reaches
// kMinMatch), and where it starts.
std::size_t longest(const std::uint8_t* in, std::size_t n, std::size_t at, const std::uint16_t* table,
                    std::size_t& from) {
  const std::uint16_t* slot = table + kWays * hash(read32(in + at));
  std::size_t best = 0;
  for (int w = 0; w < kWays; ++w) {
    // How far back the candidate is: 1..65535, or 0 for a position 65536 back (stale).
    const std::size_t back = static_cast<std::uint16_t>(at + 1 - slot[w]);
    if (!slot[w] || back == 0 || back > at || back > kMaxOffset) continue;
    const std::size_t f = at - back;
    if (read32(in + f) != read32(in + at)) continue;
    std::size_t len = kMinMatch;
    while (at + len < n && in[f + len] == in[at + len]) ++len;
    if (len > best) {
      best = len;
      from = f;
    }
  }
  return best;
}

}  // namespace

void lz_compress(const std::uint8_t* in, std::size_t n, std::vector<std::uint8_t>& out,
                 std::vector<std::uint16_t>& table) {
  out.resize(lz_bound(n));
  out.resize(lz_compress(in, n, out.data(), table));
}

std::size_t lz_compress(const std::uint8_t* in, std::size_t n, std::uint8_t* const out,
                        std::vector<std::uint16_t>& table) {
  std::uint8_t* o = out;
  table.assign(std::size_t(kWays) << kHashBits, 0);
  std::size_t anchor = 0;
  if (n >= kMinMatch) {
    const std::size_t last = n - kMinMatch;  // the last position a 4-byte read may start at
    std::size_t i = 0;
    while (i <= last) {
      std::size_t from = 0;
      std::size_t len = longest(in, n, i, table.data(), from);
      insert(table.data(), in, i);
      if (!len) {
        ++i;
        continue;
      }
      // Lazy: a match one byte on that is longer by two or more is worth a literal.
      std::size_t from_next = 0;
      const std::size_t next = i + 1 <= last ? longest(in, n, i + 1, table.data(), from_next) : 0;
      if (next > len + 1) {
        insert(table.data(), in, ++i);
        len = next;
        from = from_next;
      }
      // The match may start earlier, inside the literals waiting to be written.
      while (i > anchor && from > 0 && in[i - 1] == in[from - 1]) {
        --i;
        --from;
        ++len;
      }
      put_sequence(o, in + anchor, i - anchor, i - from, len);
      const std::size_t end = i + len;
      for (std::size_t k = i + 1; k < end && k <= last; ++k) insert(table.data(), in, k);
      i = anchor = end;
    }
  }
  if (anchor < n) put_sequence(o, in + anchor, n - anchor, 0, 0);
  return static_cast<std::size_t>(o - out);
}

bool lz_decompress(const std::uint8_t* in, std::size_t n, std::uint8_t* out, std::size_t size) {
  const std::uint8_t* ip = in;
  const std::uint8_t* const end = in + n;
  std::size_t op = 0;
  while (op < size) {
    if (ip == end) return false;
    const std::uint8_t token = *ip++;
    std::size_t count = token >> 4;
    if (count == 15 && !get_extra(ip, end, count)) return false;
    if (count > static_cast<std::size_t>(end - ip) || count > size - op) return false;
    std::memcpy(out + op, ip, count);
    ip += count;
    op += count;
    if (op == size) break;
    if (end - ip < 2) return false;
    const std::size_t offset = ip[0] | (static_cast<std::size_t>(ip[1]) << 8);
    ip += 2;
    std::size_t len = token & 15;
    if (len == 15 && !get_extra(ip, end, len)) return false;
    len += kMinMatch;
    if (offset == 0 || offset > op || len > size - op) return false;
    std::uint8_t* dst = out + op;
    const std::uint8_t* src = dst - offset;
    if (offset >= len) {
      std::memcpy(dst, src, len);
    } else {
      for (std::size_t k = 0; k < len; ++k) dst[k] = src[k];  // overlapping: a repeat
    }
    op += len;
  }
  return ip == end;
}

}  // namespace vigil::replay
