#pragma once
// Turns `Error.prototype.stack` text from V8 (Chrome, Edge, Node, workerd), SpiderMonkey
// (Firefox) and JavaScriptCore (Safari) into Sentry stack frames. The text comes from whatever
// page or runtime we run in, so the parser accepts anything: lines it does not recognise as
// frames are skipped, and the work is linear in the input size.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

struct ParsedFrame {
  std::string function;  // "?" when anonymous, as Sentry expects
  std::string filename;  // URL or path as printed; for eval frames, the script that called eval
  int lineno = 0;        // 0 when the engine printed none
  int colno = 0;         // 0 when the engine printed none
  bool in_app = true;
  bool native = false;  // engine built-in: "native", "<anonymous>", "[native code]", "index N"
};

struct StackParseOptions {
  // Keeps the innermost frames, as Sentry does: the throw site matters more than main().
  // 0 keeps none.
  std::size_t max_frames = 50;
  // Substrings of the filename. A match in in_app_include forces in_app, over every other rule.
  std::vector<std::string> in_app_include;
  std::vector<std::string> in_app_exclude;
};

// Frames come back oldest first (caller-most first), the order Sentry's `frames` array wants.
// Frame strings are valid UTF-8 (invalid bytes become U+FFFD). Lines longer than 1024 bytes are
// skipped, as Sentry's own parser does, so one pathological line cannot bloat the event.
std::vector<ParsedFrame> parse_stack(std::string_view stack, const StackParseOptions& options = {});

// Normalises a printed function name: trims blanks, drops V8's "async " prefix and Firefox's
// async-cause prefix ("async*", "promise callback*"), and maps ""/"<anonymous>" to "?".
// Everything else is kept as printed ("new Foo", "Object.<anonymous>", "foo/<").
std::string function_name_cleanup(std::string_view name);

// The in_app rule parse_stack applies: false for native frames, <anonymous>, node_modules,
// Node internals (node:), browser-extension URLs, Sentry SDK paths, this SDK's own files
// (vigil-sdk) and in_app_exclude matches; in_app_include overrides all of them.
bool frame_in_app(std::string_view filename, bool native, const StackParseOptions& options = {});

}  // namespace vigil
