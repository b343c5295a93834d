// Any bytes decode to an envelope or a clear error; a decoded envelope re-encodes to bytes that
// decode to the same envelope.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/envelope.h"
#include "core/json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vigil::EnvelopeParseResult r = vigil::parse_envelope(text);
  if (!r.ok) {
    if (r.error.empty()) std::abort();
    return 0;
  }
  std::string bytes = r.envelope.serialize();
  vigil::EnvelopeParseResult again = vigil::parse_envelope(bytes);
  if (!again.ok || again.envelope.items.size() != r.envelope.items.size()) std::abort();
  for (std::size_t i = 0; i < r.envelope.items.size(); ++i) {
    if (again.envelope.items[i].payload != r.envelope.items[i].payload) std::abort();
    // Compared as written: a number too big for a double reads as infinity and is written as
    // null (as JSON.parse and JSON.stringify do), so the values differ while the bytes agree.
    if (vigil::to_json(again.envelope.items[i].headers) != vigil::to_json(r.envelope.items[i].headers))
      std::abort();
  }
  if (again.envelope.serialize() != bytes) std::abort();
  return 0;
}
