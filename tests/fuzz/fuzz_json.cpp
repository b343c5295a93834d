// Any byte string must parse or fail cleanly, and whatever parses must re-encode to JSON that
// parses again to the same value. An object read as an event must be written the same by the
// direct writer (write_event_json) as through its Value tree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/event.h"
#include "core/event_json.h"
#include "core/json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vigil::ParseResult r = vigil::parse_json(text, {64});
  if (!r.ok) return 0;
  std::string again = vigil::to_json(r.value);
  vigil::ParseResult r2 = vigil::parse_json(again, {64});
  if (!r2.ok || vigil::to_json(r2.value) != again) std::abort();
  if (r.value.is_object()) {
    vigil::Event event = vigil::Event::from_value(r.value);
    std::string direct;
    vigil::write_event_json(event, direct);
    if (direct != vigil::to_json(event.to_value())) std::abort();
  }
  return 0;
}
