#include "core/stack_parser.h"

#include <algorithm>
#include <climits>
#include <cstring>

#include "core/json.h"

namespace vigil {
namespace {

using sv = std::string_view;
constexpr sv::size_type npos = sv::npos;

// Real frame lines are far shorter; Sentry skips longer ones too, so events stay comparable.
constexpr std::size_t kMaxLineBytes = 1024;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

sv trim(sv s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// Called a dozen times per stack line: plain comparisons, no substr() bounds checks.
bool starts_with(sv s, sv prefix) {
  if (prefix.empty()) return true;  // memcmp must not see the null data() of an empty view
  return s.size() >= prefix.size() && std::memcmp(s.data(), prefix.data(), prefix.size()) == 0;
}
bool ends_with(sv s, sv suffix) {
  if (suffix.empty()) return true;
  return s.size() >= suffix.size() &&
         std::memcmp(s.data() + s.size() - suffix.size(), suffix.data(), suffix.size()) == 0;
}
bool contains(sv s, sv needle) { return s.find(needle) != npos; }

// Line and column numbers only: no signs, and anything past INT_MAX is not a number.
bool parse_number(sv digits, int& out) {
  if (digits.empty() || digits.size() > 10) return false;
  long long value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  if (value > INT_MAX) return false;
  out = static_cast<int>(value);
  return true;
}

// Removes a trailing ":123" from s.
bool take_trailing_number(sv& s, int& out) {
  std::size_t colon = s.rfind(':');
  if (colon == npos || !parse_number(s.substr(colon + 1), out)) return false;
  s = s.substr(0, colon);
  return true;
}

struct Location {
  sv file;
  int line = 0;
  int col = 0;
  bool has_line = false;
};

// "url:line:col" or "url:line"; the numbers are taken from the end because URLs, Windows drive
// letters and ports hold colons of their own.
Location split_location(sv text) {
  Location loc;
  loc.file = text;
  sv rest = text;
  int last = 0;
  if (!take_trailing_number(rest, last)) return loc;
  sv before = rest;
  int first = 0;
  if (take_trailing_number(before, first)) {
    loc.file = before;
    loc.line = first;
    loc.col = last;
  } else {
    loc.file = rest;
    loc.line = last;
  }
  loc.has_line = true;
  return loc;
}

// Locations engines print for built-ins instead of a script position.
bool is_native_location(sv loc) {
  if (loc == "native" || loc == "<anonymous>" || loc == "[native code]") return true;
  int index = 0;
  return starts_with(loc, "index ") && parse_number(loc.substr(6), index);  // Promise.all
}

struct RawFrame {
  sv function;
  sv filename;
  int line = 0;
  int col = 0;
  bool native = false;
  sv default_function;  // used when the engine printed no name
};

// "fn (location)". The location is the last balanced parenthesised group, so URLs holding
// parentheses (Next.js route groups, "Program Files (x86)") survive; when the parentheses do not
// balance, the first " (" splits instead.
bool split_v8_call(sv s, sv& function, sv& location) {
  if (!s.empty() && s.back() == ')') {
    int depth = 0;
    for (std::size_t i = s.size(); i-- > 0;) {
      if (s[i] == ')') {
        ++depth;
      } else if (s[i] == '(' && --depth == 0) {
        if (i > 0 && s[i - 1] == ' ') {
          function = s.substr(0, i - 1);
          location = s.substr(i + 1, s.size() - i - 2);
          return true;
        }
        break;
      }
    }
  }
  std::size_t open = s.find(" (");
  if (open == npos) return false;
  // Without a closing parenthesis (a truncated line) a path with " (" in it is likelier than a
  // call, and function names never hold slashes.
  if (s.back() != ')' && s.substr(0, open).find_first_of("/\\") != npos) return false;
  function = s.substr(0, open);
  location = s.substr(open + 2);
  if (!location.empty() && location.back() == ')') location.remove_suffix(1);
  return true;
}

// "eval at f (eval at g (url:1:2)), <anonymous>:3:4": V8 nests one "eval at" per level of eval
// and closes them all before the position inside the evaluated code. The innermost origin is the
// real script that called eval, which is what Sentry reports.
sv eval_origin(sv loc) {
  std::size_t depth = 0;
  while (starts_with(loc, "eval at ")) {
    std::size_t open = loc.find(" (", 8);
    if (open == npos) return {};
    loc.remove_prefix(open + 2);
    ++depth;
  }
  std::size_t tail = loc.rfind("), ");
  if (tail != npos) loc = loc.substr(0, tail + 1);
  for (; depth > 0 && ends_with(loc, ")"); --depth) loc.remove_suffix(1);
  return loc;
}

// `rest` is a V8 line after "at ".
bool parse_v8_line(sv rest, RawFrame& out) {
  if (starts_with(rest, "async ")) rest.remove_prefix(6);  // "at async file:///x.mjs:1:2"
  sv function;
  sv location;
  if (!split_v8_call(rest, function, location)) {
    location = rest;
    if (ends_with(location, ")") && !contains(location, "(")) location.remove_suffix(1);
  }
  location = trim(location);
  if (starts_with(location, "address at ")) location.remove_prefix(11);

  Location loc = split_location(location);
  if (starts_with(location, "eval at ")) {
    Location origin = split_location(eval_origin(location));
    if (origin.has_line) {
      loc = origin;
    } else {
      // "eval at f (unknown source), <anonymous>:1:1": only the eval'd code's own place is known.
      std::size_t comma = location.rfind(", ");
      loc = split_location(comma == npos ? sv{} : location.substr(comma + 2));
    }
  }
  out.native = !loc.has_line && is_native_location(loc.file);
  // Anything else is a line of an error message that happens to start with "at ".
  if (!loc.has_line && !out.native && !contains(loc.file, "://")) return false;
  out.function = function;
  out.filename = loc.file;
  out.line = loc.line;
  out.col = loc.col;
  return true;
}

// SpiderMonkey and JavaScriptCore: "fn@location", "@location", and from older Safari a bare
// location or built-in name.
bool parse_at_sign_line(sv line, RawFrame& out) {
  sv function;
  sv location;
  std::size_t at = line.find('@');  // the first: CDN URLs hold "pkg@1.2.3", names do not
  if (at != npos) {
    function = line.substr(0, at);
    location = line.substr(at + 1);
  } else if (line == "eval code" || line == "global code" || line == "module code") {
    function = line;
  } else if (line == "[native code]") {
    location = line;
  } else if (starts_with(line, "/") || contains(line, "://")) {
    location = line;
  } else {
    return false;
  }
  // "TypeError: bad address a@b:25" is a message, not a frame: names never hold ": ".
  if (contains(function, ": ")) return false;
  out.function = function;

  if (location.empty()) {
    // Safari's "global code@" / "eval code@": a frame without a known position.
    if (function.empty()) return false;
    out.filename = location;
    return true;
  }
  if (location == "[native code]") {
    out.filename = location;
    out.native = true;
    return true;
  }
  // Firefox eval and Function code: "url line 2 > eval line 1 > eval:1:5". The position after
  // the last ">" is inside code that has no URL, so report where the outermost eval was called.
  std::size_t mark = location.find(" line ");
  if (mark != npos) {
    sv after = location.substr(mark + 6);
    std::size_t arrow = after.find(" > ");
    int line_number = 0;
    if (arrow != npos && parse_number(after.substr(0, arrow), line_number)) {
      out.filename = location.substr(0, mark);
      out.line = line_number;
      if (starts_with(after.substr(arrow + 3), "eval")) out.default_function = "eval";
      return true;
    }
  }
  Location loc = split_location(location);
  bool bracketed = starts_with(location, "[") && ends_with(location, "]");  // "[wasm code]"
  if (!loc.has_line && !bracketed && !contains(location, "://")) return false;
  out.filename = loc.file;
  out.line = loc.line;
  out.col = loc.col;
  return true;
}

bool parse_line(sv line, RawFrame& out, bool& is_v8) {
  line = trim(line);
  is_v8 = starts_with(line, "at ");
  if (is_v8) return parse_v8_line(trim(line.substr(3)), out);
  return parse_at_sign_line(line, out);
}

struct InAppCache {
  sv raw_filename;  // points into the stack text, which outlives the parse
  bool native = false;
  bool in_app = false;
  bool valid = false;
};

ParsedFrame make_frame(const RawFrame& raw, const StackParseOptions& options, InAppCache& cache) {
  ParsedFrame frame;
  frame.function = trim(raw.function).empty() && !raw.default_function.empty()
                       ? std::string(raw.default_function)
                       : function_name_cleanup(raw.function);
  frame.filename = sanitize_utf8(raw.filename);
  frame.lineno = raw.line;
  frame.colno = raw.col;
  frame.native = raw.native;
  if (!cache.valid || cache.native != raw.native || cache.raw_filename != raw.filename) {
    cache.raw_filename = raw.filename;
    cache.native = raw.native;
    cache.in_app = frame_in_app(frame.filename, frame.native, options);
    cache.valid = true;
  }
  frame.in_app = cache.in_app;
  return frame;
}

bool is_extension_url(sv filename) {
  if (starts_with(filename, "blob:")) filename.remove_prefix(5);  // blob:chrome-extension://...
  std::size_t colon = filename.find(':');
  return colon != npos && ends_with(filename.substr(0, colon), "extension");
}

}  // namespace

std::string function_name_cleanup(std::string_view name) {
  sv n = trim(name);
  // Firefox marks async boundaries as "cause*name": "async*f", "promise callback*f".
  std::size_t star = n.rfind('*');
  if (star != npos) n = trim(n.substr(star + 1));
  while (starts_with(n, "async ")) n = trim(n.substr(6));
  if (n.empty() || n == "<anonymous>") return "?";
  return sanitize_utf8(n);
}

bool frame_in_app(std::string_view filename, bool native, const StackParseOptions& options) {
  for (const std::string& pattern : options.in_app_include) {
    if (!pattern.empty() && contains(filename, pattern)) return true;
  }
  if (native || starts_with(filename, "<anonymous>") || starts_with(filename, "node:")) {
    return false;
  }
  static constexpr sv kLibraryMarks[] = {"node_modules", "/@sentry/", "/@sentry-internal/",
                                         "\\@sentry\\", "sentry-cdn.com", "vigil-sdk"};
  for (sv mark : kLibraryMarks) {
    if (contains(filename, mark)) return false;
  }
  if (is_extension_url(filename)) return false;
  for (const std::string& pattern : options.in_app_exclude) {
    if (!pattern.empty() && contains(filename, pattern)) return false;
  }
  return true;
}

std::vector<ParsedFrame> parse_stack(std::string_view stack, const StackParseOptions& options) {
  // V8 prints the message first and messages may hold "a@b:1", which reads like a Firefox frame;
  // so the two kinds are kept apart and V8 frames, when there are any, win.
  std::vector<ParsedFrame> v8_frames;
  std::vector<ParsedFrame> other_frames;
  const std::size_t cap = options.max_frames;
  // One frame per line at most: room for all of them up front, rather than regrowing (and
  // moving every frame) as they come.
  std::size_t lines = 1;
  for (std::size_t at = stack.find('\n'); at != npos && lines < cap; at = stack.find('\n', at + 1))
    ++lines;
  v8_frames.reserve(std::min(lines, cap));
  // Frames of one stack mostly share a few scripts: the in_app verdict of the last filename is
  // reused rather than searching it for every library mark again.
  InAppCache in_app;
  std::size_t pos = 0;
  while (pos <= stack.size() && v8_frames.size() < cap) {
    std::size_t newline = stack.find('\n', pos);
    std::size_t end = newline == npos ? stack.size() : newline;
    sv line = stack.substr(pos, end - pos);
    pos = end + 1;
    if (line.size() > kMaxLineBytes) continue;
    RawFrame raw;
    bool is_v8 = false;
    if (!parse_line(line, raw, is_v8)) continue;
    std::vector<ParsedFrame>& into = is_v8 ? v8_frames : other_frames;
    if (into.size() < cap) into.push_back(make_frame(raw, options, in_app));
  }
  std::vector<ParsedFrame> frames = v8_frames.empty() ? std::move(other_frames) : std::move(v8_frames);
  std::reverse(frames.begin(), frames.end());
  return frames;
}

}  // namespace vigil
