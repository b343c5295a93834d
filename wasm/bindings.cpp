// The only Embind file: it exposes the core to JavaScript as a handful of string-in,
// string-out calls, so each runtime's JS stays thin and crossing the boundary stays cheap.
#include <emscripten/bind.h>

#include <string>

#include "core/json.h"

namespace {

std::string normalize_json_text(const std::string& text) {
  vigil::ParseResult r = vigil::parse_json(text);
  if (!r.ok) return std::string();
  return vigil::to_json(r.value);
}

}  // namespace

EMSCRIPTEN_BINDINGS(vigil_core) {
  emscripten::function("reencodeJson", &normalize_json_text);
}
