#pragma once
// The Sentry event as typed structs. Code that builds or merges events works on these; the wire
// form is a Value produced by to_value(). from_value() accepts anything (events come back from
// JavaScript, from disk, from beforeSend callbacks): fields of the wrong type are dropped, and
// keys this model does not name are kept in `other` so a round trip loses nothing Sentry needs.
#include <cstdint>
#include <map>
#include <utility>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/random.h"

namespace vigil {

enum class Level { debug, info, warning, error, fatal };

const char* level_to_string(Level level);
// Accepts the five wire names plus the aliases SDKs send ("warn", "log", "critical"); anything
// else is nullopt.
std::optional<Level> level_from_string(std::string_view text);

// Sentry tags are strings, but SDK callers pass numbers and booleans too; those are stringified
// as JavaScript's String() would. Null, arrays and objects are not tag values (nullopt).
std::optional<std::string> tag_value_string(const Value& value);

struct Frame {
  std::string filename;
  std::string function;
  std::string module;
  std::string abs_path;
  int lineno = 0;  // 0 = absent (Sentry lines and columns are 1-based)
  int colno = 0;
  std::optional<bool> in_app;
  std::vector<std::string> pre_context;
  std::optional<std::string> context_line;
  std::vector<std::string> post_context;
  Value vars;    // null = absent
  Object other;  // platform, instruction_addr, ... kept verbatim

  Value to_value() const;
  static Frame from_value(const Value& v);
};

struct Mechanism {
  std::string type = "generic";
  std::optional<bool> handled;
  Value data;
  std::optional<int> exception_id;
  std::optional<int> parent_id;
  std::string source;
  bool is_exception_group = false;
  Object other;

  Value to_value() const;
  static Mechanism from_value(const Value& v);
};

struct ExceptionValue {
  std::string type;
  std::string value;
  std::string module;
  Mechanism mechanism;
  std::vector<Frame> frames;  // oldest call first, crashing frame last, as Sentry wants
  Object stacktrace_other;    // stacktrace keys besides "frames" (registers, ...)
  Object other;               // thread_id, ...

  // {"type","value","module","mechanism":{...},"stacktrace":{"frames":[...]}}; the stacktrace
  // is omitted when there are no frames. The mechanism is always written: Sentry groups and
  // labels handled/unhandled by it.
  Value to_value() const;
  static ExceptionValue from_value(const Value& v);
};

struct Breadcrumb {
  double timestamp = 0;  // Unix seconds
  std::string type;
  std::string category;
  std::string message;
  std::optional<Level> level;
  Value data;
  Object other;

  Value to_value() const&;
  Value to_value() &&;  // moves data and the other members out instead of copying them
  // The timestamp may be a number or an RFC 3339 string, as Sentry accepts both.
  static Breadcrumb from_value(const Value& v);
};

// A piece of an event written as JSON ahead of time, shared by every event that carries it:
// a breadcrumb (`json` is the object), or a member of an object field (`json` is `"key":value`
// with the key as written, normalised; `key` is the key as it was, for telling which members
// the field already has).
struct JsonPart {
  std::string key;
  std::string json;
};

// A shared, immutable JsonPart. Counted by hand rather than with std::shared_ptr, whose
// deleter lookup drags the RTTI support code (~2 KB) into a Wasm build that otherwise has none;
// the core is single-threaded, so a plain count does.
class JsonPartRef {
 public:
  JsonPartRef() = default;
  JsonPartRef(std::string key, std::string json)
      : rep_(new Rep{1, JsonPart{std::move(key), std::move(json)}}) {}
  JsonPartRef(const JsonPartRef& other) : rep_(other.rep_) {
    if (rep_) ++rep_->refs;
  }
  JsonPartRef(JsonPartRef&& other) noexcept : rep_(other.rep_) { other.rep_ = nullptr; }
  JsonPartRef& operator=(JsonPartRef other) noexcept {
    std::swap(rep_, other.rep_);
    return *this;
  }
  ~JsonPartRef() {
    if (rep_ && --rep_->refs == 0) delete rep_;
  }

  explicit operator bool() const { return rep_ != nullptr; }
  const JsonPart* get() const { return rep_ ? &rep_->part : nullptr; }
  const JsonPart* operator->() const { return &rep_->part; }
  const JsonPart& operator*() const { return rep_->part; }

 private:
  struct Rep {
    std::size_t refs;
    JsonPart part;
  };
  Rep* rep_ = nullptr;
};
using JsonParts = std::vector<JsonPartRef>;

struct Event {
  std::string event_id;  // 32 lowercase hex
  double timestamp = 0;  // Unix seconds; written as a number
  std::string platform = "javascript";
  std::optional<Level> level;  // absent lets the scope decide (see Scope::apply_to)
  std::string logger;
  // Written as "message":{"formatted":...}, the structured form Relay stores; read from a plain
  // string, {"formatted"}, {"message"} or, when "message" is absent, "logentry".
  std::string message;
  std::vector<ExceptionValue> exceptions;  // "exception":{"values":[...]}, innermost last
  std::vector<Breadcrumb> breadcrumbs;     // "breadcrumbs":{"values":[...]}, oldest first
  // More breadcrumbs, newer than `breadcrumbs`, already written as JSON: a scope's, normalised
  // and written once and shared by every event captured under it (Scope::apply_to with
  // NormalizeOptions). Writers splice them in as they are; to_value() parses them back.
  JsonParts breadcrumb_json;
  // Members of `extra` and `contexts` written ahead of time the same way (a scope's, never a
  // key the field already has): on the wire they follow the field's own members.
  JsonParts extra_json;
  JsonParts contexts_json;
  std::map<std::string, std::string> tags;
  Value extra;     // object or null
  Value contexts;  // object or null
  Value user;      // object or null
  Value request;   // object or null
  std::string release;
  std::string environment;
  std::string dist;
  std::string server_name;
  std::string transaction;
  std::string type;  // "" = error event; "transaction", "feedback", ...
  std::vector<std::string> fingerprint;
  Value sdk;
  Value debug_meta;
  Object other;  // unknown top-level keys (spans, start_timestamp, measurements, ...)

  // Empty fields (empty strings, null values, empty containers, unset optionals) are omitted.
  // The rvalue form moves the user data (extra, contexts, breadcrumbs...) into the result
  // rather than copying it: the capture path's events are built to be written once.
  Value to_value() const&;
  Value to_value() &&;
  static Event from_value(const Value& v);
};

// `object` (null or an object) with `members` parsed back and appended; `members` is emptied.
// What to_value() does for extra_json and contexts_json.
void merge_json_parts(Value& object, JsonParts& members);

// A fresh event: new id, the given time, everything else default.
Event make_event(Random& random, double now_unix_seconds);

// event_id as Sentry wants it: 32 lowercase hex. Accepts that form or a dashed UUID in any
// case; anything else is nullopt.
std::optional<std::string> normalize_event_id(std::string_view text);

}  // namespace vigil
