#pragma once
// Bounds what user data may put into an event, as Sentry's normalizeDepth/normalizeMaxBreadth do:
// a deep or wide object, a huge string or a cyclic host object must never blow up the event (or
// the stack). Two entry points share the rules: normalize() for a Value tree already in the core,
// and normalize_graph() for live host objects (JavaScript values reached through the bindings),
// which can hold cycles, throwing getters and values JSON has no form for.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace vigil {

struct NormalizeOptions {
  // A container nested `depth` levels below the root (root = level 0) is replaced by "[Object]"
  // or "[Array]"; scalars are kept at any level. depth 0 replaces a container root itself.
  std::size_t depth = 3;
  // Members/elements kept per container; one more becomes a "[MaxProperties ~]" marker.
  std::size_t max_breadth = 1000;
  // Longer strings are cut on a UTF-8 boundary and end in "...".
  std::size_t max_string_bytes = 16 * 1024;
};

// The options for an event's contexts: objects of objects, so one level more than
// normalizeDepth, as Sentry allows.
inline NormalizeOptions contexts_normalize_options(NormalizeOptions options) {
  options.depth += 1;
  return options;
}

// Recursion never goes deeper than this whatever `depth` says, so a 100,000-deep linked list
// from the host cannot exhaust the (small, 256 KiB) Wasm stack. Containers below it are cut off
// as if `depth` were this.
constexpr std::size_t kNormalizeHardDepthLimit = 100;

// Markers written in place of values. Exposed so callers and tests need not retype them.
inline constexpr const char* kMaxPropertiesMarker = "[MaxProperties ~]";
inline constexpr const char* kCircularMarker = "[Circular ~]";

// Strings are repaired to valid UTF-8 and truncated; object keys are repaired too. Non-finite
// numbers become "[NaN]", "[Infinity]" or "[-Infinity]" (JSON has no form for them).
Value normalize(const Value& value, const NormalizeOptions& options = {});
// The same rules applied to a value the caller owns, changing only what breaks them: no copy
// and no allocation for data that is already within bounds, which is nearly all of it.
void normalize_in_place(Value& value, const NormalizeOptions& options = {});

// ---- Host object graphs -----------------------------------------------------------------------

// Host-assigned id of a value for the duration of one normalize_graph() call. The host decides
// how ids map to values (typically an index into a JS array it fills while the walk runs and
// drops afterwards); the core never interprets them.
using Handle = std::uint32_t;

enum class NodeKind : std::uint8_t {
  undefined,
  null,
  boolean,   // NodeInfo::boolean
  number,    // NodeInfo::number (may be NaN or infinite)
  bigint,    // NodeInfo::text = decimal digits, e.g. "-123"
  string,    // NodeInfo::text
  symbol,    // NodeInfo::text = description ("" for Symbol())
  function,  // NodeInfo::text = name ("" when anonymous)
  date,      // NodeInfo::number = milliseconds since the epoch (NaN for an invalid Date)
  error,     // name/message/stack are read with get(); own enumerable keys are kept too
  dom_node,  // NodeInfo::text = short description, e.g. "div#app.main"
  opaque,    // written as "[" + text + "]": Window, Document, framework internals, ...
  array,     // children via keys()/get() or entries(), in index order
  object,    // children via keys()/get() or entries()
};

struct NodeInfo {
  NodeKind kind = NodeKind::undefined;
  bool boolean = false;
  double number = 0;
  std::string text;
  // Equal for the same host object, distinct otherwise; 0 = none (primitives). Cycle detection
  // uses it, so a host that hands out a new handle per get() still reports the same identity.
  std::uint32_t identity = 0;
  // Constructor name for objects and errors ("Object", "Map", "MyError"); shown as "[Map]" when
  // the depth limit cuts the object off. Empty = plain.
  std::string class_name;
};

// One property read. A getter (or Proxy trap) that throws is reported, not fatal.
struct GraphEntry {
  std::string key;
  Handle value = 0;
  bool threw = false;
  std::string error;  // the thrown value's message when threw
};

struct KeyList {
  std::vector<std::string> keys;  // own enumerable keys, at most the `limit` asked for
  bool more = false;              // the object has keys beyond those returned
  bool threw = false;             // enumerating threw (a Proxy's ownKeys trap)
  std::string error;
};

struct EntryList {
  std::vector<GraphEntry> entries;
  bool more = false;   // entries beyond the limit exist
  bool threw = false;  // enumerating the keys threw; entries is then empty
  std::string error;
};

class GraphSource {
 public:
  virtual ~GraphSource() = default;
  virtual NodeInfo describe(Handle node) = 0;
  // Keys in enumeration order; arrays give their indices "0", "1", ... The limit lets a host skip
  // marshalling the keys of a 1,000,000-property object that will be cut to max_breadth anyway.
  virtual KeyList keys(Handle node, std::size_t limit) = 0;
  virtual GraphEntry get(Handle node, std::string_view key) = 0;
  // Up to `limit` entries in one call. The default goes through keys() and get(); a JS adapter
  // should override it to read a whole node per boundary crossing.
  virtual EntryList entries(Handle node, std::size_t limit);
};

// Applies normalize()'s rules to a host graph, and in addition:
//   a cycle (the object is an ancestor on the current path)  -> "[Circular ~]"
//     (an object reached twice through different paths is written both times)
//   a throwing getter   -> "[Throws: <message>]" for that property; its siblings are kept
//   a throwing key enumeration -> the whole object becomes "[Throws: <message>]"
//   undefined -> "[undefined]"; function -> "[Function: name]" ("<anonymous>" when unnamed);
//   symbol -> "[Symbol(desc)]"; bigint -> "[BigInt: 123]"; Date -> RFC 3339 string in UTC
//     ("[Invalid Date]" when NaN); Error -> {"name","message","stack", ...own keys} (the three
//     only when defined);
//   DOM node -> "[HTMLElement: div]"; opaque -> "[text]"; a class instance cut off by the
//     depth limit -> "[ClassName]".
Value normalize_graph(GraphSource& source, Handle root, const NormalizeOptions& options = {});

}  // namespace vigil
