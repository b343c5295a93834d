// The ring's LZ and Huffman decoders read Wasm memory that a stray write could reach: any bytes,
// with any expected size, must decode or be refused without reading or writing out of bounds.
// And any bytes compressed (LZ, then Huffman as the ring does) must come back exactly.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "replay/huffman.h"
#include "replay/lz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vigil::replay;
  if (size < 2) return 0;
  // The first two bytes choose the decoded size for the raw-decoder half.
  const std::size_t want = (static_cast<std::size_t>(data[0]) << 8 | data[1]) % 16384;
  const std::uint8_t* body = data + 2;
  const std::size_t n = size - 2;
  {
    std::vector<std::uint8_t> out(want);
    lz_decompress(body, n, out.data(), want);
    huff_decode(body, n, out.data(), want);
    // A stream that names its own size (up to 64 KB) is decoded to it.
    const std::size_t named = huff_size(body, n);
    if (named > 0 && named <= 65536) {
      std::vector<std::uint8_t> all(named);
      huff_decode(body, n, all.data(), named);
    }
  }
  std::vector<std::uint8_t> packed;
  std::vector<std::uint16_t> table;
  lz_compress(body, n, packed, table);
  if (packed.size() > lz_bound(n)) std::abort();
  std::vector<std::uint8_t> back(n);
  if (!lz_decompress(packed.data(), packed.size(), back.data(), n)) std::abort();
  if (n && std::memcmp(back.data(), body, n) != 0) std::abort();
  std::vector<std::uint8_t> coded(packed.size());
  const std::size_t coded_size = huff_encode(packed.data(), packed.size(), coded.data());
  if (coded_size >= packed.size() && coded_size != 0) std::abort();
  if (coded_size) {
    if (huff_size(coded.data(), coded_size) != packed.size()) std::abort();
    std::vector<std::uint8_t> lz(packed.size());
    if (!huff_decode(coded.data(), coded_size, lz.data(), lz.size()) || lz != packed) std::abort();
  }
  return 0;
}
