// The hand-written number conversions against the C library, which is exact: any text
// parse_double accepts must give strtod's double, and any double (the first 8 bytes) must
// format as printf's %.Ng and read back unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "core/number.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  double parsed = 0;
  if (vigil::parse_double(text, parsed)) {
    char* end = nullptr;
    double want = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) std::abort();  // accepted what strtod would not
    if (std::memcmp(&parsed, &want, sizeof want) != 0) std::abort();
  }
  std::int64_t i = 0;
  if (vigil::parse_int64(text, i) && vigil::format_int(i) != std::to_string(std::strtoll(text.c_str(), nullptr, 10)))
    std::abort();

  if (size < 8) return 0;
  double d;
  std::memcpy(&d, data, sizeof d);
  if (d - d != 0) return 0;  // NaN and infinity print as null
  for (int precision = 1; precision <= 17; ++precision) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.*g", precision, d);
    std::string mine;
    vigil::append_double_g(d, precision, mine);
    if (mine != buf) std::abort();
  }
  std::string shortest;
  vigil::append_double_round_trip(d, shortest);
  double back = 0;
  if (!vigil::parse_double(shortest, back) || std::memcmp(&back, &d, sizeof d) != 0) std::abort();
  return 0;
}
