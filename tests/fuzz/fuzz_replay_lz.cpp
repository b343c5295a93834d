// The ring's LZ decoder reads Wasm memory that a stray write could reach: any bytes, with any
// expected size, must decode or be refused without reading or writing out of bounds. And any
// bytes compressed must come back exactly.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

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
  }
  std::vector<std::uint8_t> packed;
  std::vector<std::uint32_t> table;
  lz_compress(body, n, packed, table);
  if (packed.size() > lz_bound(n)) std::abort();
  std::vector<std::uint8_t> back(n);
  if (!lz_decompress(packed.data(), packed.size(), back.data(), n)) std::abort();
  if (n && std::memcmp(back.data(), body, n) != 0) std::abort();
  return 0;
}
