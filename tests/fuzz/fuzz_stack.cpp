// Any text parses to at most max_frames frames of valid UTF-8, without crashing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/json.h"
#include "core/stack_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vigil::StackParseOptions options;
  options.max_frames = 20;
  auto frames = vigil::parse_stack(text, options);
  if (frames.size() > options.max_frames) std::abort();
  for (const auto& f : frames) {
    if (vigil::sanitize_utf8(f.function) != f.function) std::abort();
    if (vigil::sanitize_utf8(f.filename) != f.filename) std::abort();
    if (f.lineno < 0 || f.colno < 0) std::abort();
  }
  return 0;
}
