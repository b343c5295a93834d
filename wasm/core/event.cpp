#include "core/event.h"

#include <type_traits>

#include <climits>
#include <cmath>

#include "core/number.h"
#include "core/timefmt.h"

namespace vigil {

namespace {

void put(Object& out, const char* key, Value value) {
  // Room for a typical event field set up front: growing 1, 2, 4, 8 moves every member again.
  if (out.capacity() == 0) out.reserve(8);
  out.push_back(Member{key, std::move(value)});
}
void put_string(Object& out, const char* key, const std::string& s) {
  if (!s.empty()) put(out, key, Value(s));
}
void put_value(Object& out, const char* key, Value v) {
  // null, {} and [] carry nothing; Sentry treats them as absent anyway.
  if (v.is_null()) return;
  if ((v.is_object() || v.is_array()) && v.empty()) return;
  put(out, key, std::move(v));
}
void put_strings(Object& out, const char* key, const std::vector<std::string>& list) {
  if (list.empty()) return;
  Array a;
  a.reserve(list.size());
  for (const auto& s : list) a.emplace_back(s);
  put(out, key, Value(std::move(a)));
}
void append_other(Object& out, const Object& other) {
  // A typed field always wins over a same-named leftover, so the output has no duplicate keys.
  for (const auto& m : other) {
    bool taken = false;
    for (const auto& existing : out) {
      if (existing.key == m.key) {
        taken = true;
        break;
      }
    }
    if (!taken) out.push_back(m);
  }
}

void read_string(const Value& v, std::string& out) {
  if (v.is_string()) out = v.as_string();
}
std::vector<std::string> read_strings(const Value& v) {
  std::vector<std::string> out;
  for (const auto& item : v.as_array())
    if (item.is_string()) out.push_back(item.as_string());
  return out;
}
std::optional<bool> read_bool(const Value& v) {
  if (v.is_bool()) return v.as_bool();
  return std::nullopt;
}
// Whole numbers within int range; anything else (fractions, NaN, strings) is absent.
std::optional<int> read_int(const Value& v) {
  if (!v.is_number()) return std::nullopt;
  double d = v.as_double();
  if (!std::isfinite(d) || d != std::floor(d) || d < INT_MIN || d > INT_MAX) return std::nullopt;
  return static_cast<int>(d);
}
// Line and column numbers are 1-based; zero, negatives and junk all mean "absent".
int read_position(const Value& v) {
  std::optional<int> n = read_int(v);
  return n && *n > 0 ? *n : 0;
}
std::optional<double> read_timestamp(const Value& v) {
  if (v.is_number()) {
    double d = v.as_double();
    if (std::isfinite(d)) return d;
    return std::nullopt;
  }
  if (v.is_string()) return parse_rfc3339(v.as_string());
  return std::nullopt;
}
// Sentry accepts both {"values":[...]} and a bare array for exception and breadcrumbs.
const Array& values_of(const Value& v) {
  if (v.is_array()) return v.as_array();
  return v.get("values").as_array();
}

}  // namespace

const char* level_to_string(Level level) {
  switch (level) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warning: return "warning";
    case Level::error: return "error";
    case Level::fatal: return "fatal";
  }
  return "error";
}

std::optional<Level> level_from_string(std::string_view text) {
  if (text == "debug") return Level::debug;
  if (text == "info" || text == "log") return Level::info;
  if (text == "warning" || text == "warn") return Level::warning;
  if (text == "error") return Level::error;
  if (text == "fatal" || text == "critical") return Level::fatal;
  return std::nullopt;
}

std::optional<std::string> tag_value_string(const Value& value) {
  switch (value.type()) {
    case Value::Type::string: return value.as_string();
    case Value::Type::boolean: return std::string(value.as_bool() ? "true" : "false");
    case Value::Type::integer: return format_int(value.as_int());
    case Value::Type::number: {
      double d = value.as_double();
      if (std::isnan(d)) return std::string("NaN");
      if (std::isinf(d)) return std::string(d > 0 ? "Infinity" : "-Infinity");
      return to_json(value);
    }
    default: return std::nullopt;
  }
}

std::optional<std::string> normalize_event_id(std::string_view text) {
  std::string out;
  out.reserve(32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    // Dashes only where a canonical UUID has them.
    if (c == '-' && text.size() == 36 && (i == 8 || i == 13 || i == 18 || i == 23)) continue;
    if (c >= '0' && c <= '9')
      out += c;
    else if (c >= 'a' && c <= 'f')
      out += c;
    else if (c >= 'A' && c <= 'F')
      out += static_cast<char>(c - 'A' + 'a');
    else
      return std::nullopt;
  }
  if (out.size() != 32) return std::nullopt;
  return out;
}

// --- Frame -------------------------------------------------------------------------------------

Value Frame::to_value() const {
  Object o;
  put_string(o, "filename", filename);
  put_string(o, "function", function);
  put_string(o, "module", module);
  put_string(o, "abs_path", abs_path);
  if (lineno > 0) put(o, "lineno", Value(lineno));
  if (colno > 0) put(o, "colno", Value(colno));
  if (in_app) put(o, "in_app", Value(*in_app));
  put_strings(o, "pre_context", pre_context);
  if (context_line) put(o, "context_line", Value(*context_line));
  put_strings(o, "post_context", post_context);
  put_value(o, "vars", vars);
  append_other(o, other);
  return Value(std::move(o));
}

Frame Frame::from_value(const Value& v) {
  Frame f;
  for (const auto& m : v.as_object()) {
    const Value& x = m.value;
    if (m.key == "filename")
      read_string(x, f.filename);
    else if (m.key == "function")
      read_string(x, f.function);
    else if (m.key == "module")
      read_string(x, f.module);
    else if (m.key == "abs_path")
      read_string(x, f.abs_path);
    else if (m.key == "lineno")
      f.lineno = read_position(x);
    else if (m.key == "colno")
      f.colno = read_position(x);
    else if (m.key == "in_app")
      f.in_app = read_bool(x);
    else if (m.key == "pre_context")
      f.pre_context = read_strings(x);
    else if (m.key == "context_line") {
      if (x.is_string()) f.context_line = x.as_string();
    } else if (m.key == "post_context")
      f.post_context = read_strings(x);
    else if (m.key == "vars") {
      if (x.is_object()) f.vars = x;
    } else
      f.other.push_back(m);
  }
  return f;
}

// --- Mechanism ---------------------------------------------------------------------------------

Value Mechanism::to_value() const {
  Object o;
  put(o, "type", Value(type.empty() ? std::string("generic") : type));
  if (handled) put(o, "handled", Value(*handled));
  put_value(o, "data", data);
  if (exception_id) put(o, "exception_id", Value(*exception_id));
  if (parent_id) put(o, "parent_id", Value(*parent_id));
  put_string(o, "source", source);
  if (is_exception_group) put(o, "is_exception_group", Value(true));
  append_other(o, other);
  return Value(std::move(o));
}

Mechanism Mechanism::from_value(const Value& v) {
  Mechanism mech;
  for (const auto& m : v.as_object()) {
    const Value& x = m.value;
    if (m.key == "type") {
      if (x.is_string() && !x.as_string().empty()) mech.type = x.as_string();
    } else if (m.key == "handled")
      mech.handled = read_bool(x);
    else if (m.key == "data") {
      if (x.is_object()) mech.data = x;
    } else if (m.key == "exception_id")
      mech.exception_id = read_int(x);
    else if (m.key == "parent_id")
      mech.parent_id = read_int(x);
    else if (m.key == "source")
      read_string(x, mech.source);
    else if (m.key == "is_exception_group")
      mech.is_exception_group = x.as_bool(false);
    else
      mech.other.push_back(m);
  }
  return mech;
}

// --- ExceptionValue ----------------------------------------------------------------------------

Value ExceptionValue::to_value() const {
  Object o;
  put_string(o, "type", type);
  put_string(o, "value", value);
  put_string(o, "module", module);
  put(o, "mechanism", mechanism.to_value());
  if (!frames.empty() || !stacktrace_other.empty()) {
    Object st;
    if (!frames.empty()) {
      Array a;
      a.reserve(frames.size());
      for (const auto& f : frames) a.push_back(f.to_value());
      put(st, "frames", Value(std::move(a)));
    }
    append_other(st, stacktrace_other);
    put(o, "stacktrace", Value(std::move(st)));
  }
  append_other(o, other);
  return Value(std::move(o));
}

ExceptionValue ExceptionValue::from_value(const Value& v) {
  ExceptionValue e;
  for (const auto& m : v.as_object()) {
    const Value& x = m.value;
    if (m.key == "type")
      read_string(x, e.type);
    else if (m.key == "value")
      read_string(x, e.value);
    else if (m.key == "module")
      read_string(x, e.module);
    else if (m.key == "mechanism")
      e.mechanism = Mechanism::from_value(x);
    else if (m.key == "stacktrace") {
      for (const auto& s : x.as_object()) {
        if (s.key == "frames") {
          for (const auto& f : s.value.as_array())
            if (f.is_object()) e.frames.push_back(Frame::from_value(f));
        } else {
          e.stacktrace_other.push_back(s);
        }
      }
    } else
      e.other.push_back(m);
  }
  return e;
}

// --- Breadcrumb --------------------------------------------------------------------------------

template <class B>  // const Breadcrumb& copies, Breadcrumb&& moves its data out
Value breadcrumb_to_value(B&& b) {
  Object o;
  if (std::isfinite(b.timestamp) && b.timestamp != 0) put(o, "timestamp", Value(b.timestamp));
  put_string(o, "type", b.type);
  put_string(o, "category", b.category);
  put_string(o, "message", b.message);
  if (b.level) put(o, "level", Value(level_to_string(*b.level)));
  put_value(o, "data", std::forward<B>(b).data);
  append_other(o, b.other);
  return Value(std::move(o));
}

Value Breadcrumb::to_value() const& { return breadcrumb_to_value(*this); }
Value Breadcrumb::to_value() && { return breadcrumb_to_value(std::move(*this)); }

Breadcrumb Breadcrumb::from_value(const Value& v) {
  Breadcrumb b;
  for (const auto& m : v.as_object()) {
    const Value& x = m.value;
    if (m.key == "timestamp")
      b.timestamp = read_timestamp(x).value_or(0);
    else if (m.key == "type")
      read_string(x, b.type);
    else if (m.key == "category")
      read_string(x, b.category);
    else if (m.key == "message")
      read_string(x, b.message);
    else if (m.key == "level")
      b.level = level_from_string(x.as_string());
    else if (m.key == "data") {
      if (x.is_object()) b.data = x;
    } else
      b.other.push_back(m);
  }
  return b;
}

// --- Event -------------------------------------------------------------------------------------

void merge_json_parts(Value& object, JsonParts& members) {
  if (members.empty()) return;
  if (object.is_null()) object = Value::object();
  if (object.is_object()) {
    Object& o = object.object_ref();
    o.reserve(o.size() + members.size());
    for (const auto& m : members) {
      if (!m) continue;
      ParseResult r = parse_json("{" + m->json + "}");
      if (!r.ok || r.value.empty()) continue;
      o.push_back(std::move(r.value.object_ref().front()));
    }
  }
  members.clear();
}

namespace {
// A field with its ahead-of-time members merged back in; a copy unless moved from.
Value with_json_members(Value v, const JsonParts& members) {
  if (members.empty()) return v;
  JsonParts copy = members;
  merge_json_parts(v, copy);
  return v;
}
}  // namespace

template <class E>  // const Event& copies, Event&& moves the user data out
Value event_to_value(E&& e) {
  Object o;
  put_string(o, "event_id", e.event_id);
  if (std::isfinite(e.timestamp) && e.timestamp != 0) put(o, "timestamp", Value(e.timestamp));
  put_string(o, "platform", e.platform);
  if (e.level) put(o, "level", Value(level_to_string(*e.level)));
  put_string(o, "logger", e.logger);
  put_string(o, "type", e.type);
  put_string(o, "transaction", e.transaction);
  put_string(o, "server_name", e.server_name);
  put_string(o, "release", e.release);
  put_string(o, "dist", e.dist);
  put_string(o, "environment", e.environment);
  if (!e.message.empty()) {
    Object msg;
    put(msg, "formatted", Value(e.message));
    put(o, "message", Value(std::move(msg)));
  }
  if (!e.exceptions.empty()) {
    Array a;
    a.reserve(e.exceptions.size());
    for (const auto& ex : e.exceptions) a.push_back(ex.to_value());
    Object ex;
    put(ex, "values", Value(std::move(a)));
    put(o, "exception", Value(std::move(ex)));
  }
  if (!e.breadcrumbs.empty() || !e.breadcrumb_json.empty()) {
    Array a;
    a.reserve(e.breadcrumbs.size() + e.breadcrumb_json.size());
    for (auto& b : e.breadcrumbs) {
      if constexpr (std::is_rvalue_reference_v<E&&>) a.push_back(breadcrumb_to_value(std::move(b)));
      else a.push_back(breadcrumb_to_value(b));
    }
    for (const auto& part : e.breadcrumb_json) {
      if (!part) continue;
      ParseResult r = parse_json(part->json);
      if (r.ok) a.push_back(std::move(r.value));
    }
    Object bc;
    put(bc, "values", Value(std::move(a)));
    put(o, "breadcrumbs", Value(std::move(bc)));
  }
  if (!e.tags.empty()) {
    Object t;
    t.reserve(e.tags.size());
    for (const auto& kv : e.tags) t.push_back(Member{kv.first, Value(kv.second)});
    put(o, "tags", Value(std::move(t)));
  }
  put_value(o, "extra", with_json_members(std::forward<E>(e).extra, e.extra_json));
  put_value(o, "contexts", with_json_members(std::forward<E>(e).contexts, e.contexts_json));
  put_value(o, "user", std::forward<E>(e).user);
  put_value(o, "request", std::forward<E>(e).request);
  put_strings(o, "fingerprint", e.fingerprint);
  put_value(o, "sdk", std::forward<E>(e).sdk);
  put_value(o, "debug_meta", std::forward<E>(e).debug_meta);
  append_other(o, e.other);
  return Value(std::move(o));
}

Value Event::to_value() const& { return event_to_value(*this); }
Value Event::to_value() && { return event_to_value(std::move(*this)); }

namespace {
std::string message_text(const Value& v) {
  if (v.is_string()) return v.as_string();
  const Value& formatted = v.get("formatted");
  if (formatted.is_string()) return formatted.as_string();
  return v.get("message").as_string();
}
}  // namespace

Event Event::from_value(const Value& v) {
  Event e;
  const Value* logentry = nullptr;
  for (const auto& m : v.as_object()) {
    const Value& x = m.value;
    const std::string& k = m.key;
    if (k == "event_id") {
      if (auto id = normalize_event_id(x.as_string())) e.event_id = *id;
    } else if (k == "timestamp")
      e.timestamp = read_timestamp(x).value_or(0);
    else if (k == "platform")
      read_string(x, e.platform);
    else if (k == "level")
      e.level = level_from_string(x.as_string());
    else if (k == "logger")
      read_string(x, e.logger);
    else if (k == "message")
      e.message = message_text(x);
    else if (k == "logentry")
      logentry = &x;
    else if (k == "exception") {
      for (const auto& item : values_of(x))
        if (item.is_object()) e.exceptions.push_back(ExceptionValue::from_value(item));
    } else if (k == "breadcrumbs") {
      for (const auto& item : values_of(x))
        if (item.is_object()) e.breadcrumbs.push_back(Breadcrumb::from_value(item));
    } else if (k == "tags") {
      // Object form, or the [[key, value], ...] pairs Sentry also accepts.
      for (const auto& t : x.as_object())
        if (auto s = tag_value_string(t.value)) e.tags[t.key] = *s;
      for (const auto& pair : x.as_array()) {
        const Array& kv = pair.as_array();
        if (kv.size() == 2 && kv[0].is_string())
          if (auto s = tag_value_string(kv[1])) e.tags[kv[0].as_string()] = *s;
      }
    } else if (k == "extra") {
      if (x.is_object()) e.extra = x;
    } else if (k == "contexts") {
      if (x.is_object()) e.contexts = x;
    } else if (k == "user") {
      if (x.is_object()) e.user = x;
    } else if (k == "request") {
      if (x.is_object()) e.request = x;
    } else if (k == "release")
      read_string(x, e.release);
    else if (k == "environment")
      read_string(x, e.environment);
    else if (k == "dist")
      read_string(x, e.dist);
    else if (k == "server_name")
      read_string(x, e.server_name);
    else if (k == "transaction")
      read_string(x, e.transaction);
    else if (k == "type")
      read_string(x, e.type);
    else if (k == "fingerprint") {
      e.fingerprint.clear();
      for (const auto& item : x.as_array())
        if (auto s = tag_value_string(item)) e.fingerprint.push_back(*s);
    } else if (k == "sdk") {
      if (x.is_object()) e.sdk = x;
    } else if (k == "debug_meta") {
      if (x.is_object()) e.debug_meta = x;
    } else
      e.other.push_back(m);
  }
  // "message" is Relay's legacy alias of "logentry"; when both come, "message" wins.
  if (e.message.empty() && logentry) e.message = message_text(*logentry);
  return e;
}

Event make_event(Random& random, double now_unix_seconds) {
  Event e;
  e.event_id = uuid4_hex(random);
  e.timestamp = now_unix_seconds;
  return e;
}

}  // namespace vigil
