// Any string parses to a DSN or a clear error; an accepted DSN writes back to one that parses
// to the same parts and yields a URL.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/dsn.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vigil::DsnResult r = vigil::parse_dsn(text);
  if (!r.ok) {
    if (r.error.empty()) std::abort();
    return 0;
  }
  vigil::DsnResult again = vigil::parse_dsn(r.dsn.to_string(true));
  if (!again.ok || again.dsn.host != r.dsn.host || again.dsn.project_id != r.dsn.project_id ||
      again.dsn.public_key != r.dsn.public_key || again.dsn.port != r.dsn.port ||
      again.dsn.path != r.dsn.path)
    std::abort();
  if (r.dsn.envelope_url("n", "1").empty()) std::abort();
  return 0;
}
