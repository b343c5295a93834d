#include "core/event_json.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/number.h"

namespace vigil {

namespace {

// A field name of the event model, known at compile time (the longest is 18 bytes).
struct Name {
  static constexpr std::size_t kMax = 24;
  template <std::size_t N>
  constexpr Name(const char (&k)[N]) : text(k), size(N - 1) {  // NOLINT: implicit on purpose
    static_assert(N - 1 <= kMax, "field names are short");
  }
  const char* text;
  std::size_t size;
};

// One JSON object being written. Mirrors event.cpp's put helpers: empty strings, null values
// and empty containers are left out, and a leftover ("other") member whose key was already
// written is skipped, as append_other() does. Keys are only remembered when leftovers follow.
class ObjectWriter {
 public:
  ObjectWriter(std::string& out, bool track_keys) : out_(out), track_(track_keys) {}

  // Any key: escaped as JSON needs.
  void any_key(std::string_view k) {
    out_ += first_ ? '{' : ',';
    first_ = false;
    write_json_string(k, out_);
    out_ += ':';
    if (track_) keys_.push_back(k);
  }
  // The model's own field names: plain ASCII, nothing to escape or check.
  void key(Name k) {
    // {"name": or ,"name": built on the stack and appended in one go.
    char buf[Name::kMax + 4];
    buf[0] = first_ ? '{' : ',';
    buf[1] = '"';
    std::memcpy(buf + 2, k.text, k.size);
    buf[k.size + 2] = '"';
    buf[k.size + 3] = ':';
    out_.append(buf, k.size + 4);
    first_ = false;
    if (track_) keys_.push_back(std::string_view(k.text, k.size));
  }
  void string(Name k, std::string_view s) {
    if (s.empty()) return;
    key(k);
    write_json_string(s, out_);
  }
  void integer(Name k, std::int64_t v) {
    key(k);
    append_int(v, out_);
  }
  void number(Name k, double d) {
    key(k);
    if (d == 0) out_ += '0';
    else append_double_round_trip(d, out_);
  }
  void boolean(Name k, bool b) {
    key(k);
    out_ += b ? "true" : "false";
  }
  void value(Name k, const Value& v) {
    if (v.is_null()) return;
    if ((v.is_object() || v.is_array()) && v.empty()) return;
    key(k);
    write_json(v, out_);
  }
  void strings(Name k, const std::vector<std::string>& list) {
    if (list.empty()) return;
    key(k);
    out_ += '[';
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i) out_ += ',';
      write_json_string(list[i], out_);
    }
    out_ += ']';
  }
  // An object field followed by its members written ahead of time (Event::extra_json).
  void merged(Name k, const Value& v, const JsonParts& ahead) {
    if (ahead.empty() || !(v.is_null() || v.is_object())) {
      value(k, v);
      return;
    }
    key(k);
    out_ += '{';
    bool first = true;
    for (const Member& m : v.as_object()) {
      if (!first) out_ += ',';
      first = false;
      write_json_string(m.key, out_);
      out_ += ':';
      write_json(m.value, out_);
    }
    for (const auto& m : ahead) {
      if (!m) continue;
      if (!first) out_ += ',';
      first = false;
      out_ += m->json;
    }
    out_ += '}';
  }
  void other(const Object& members) {
    for (const Member& m : members) {
      bool taken = false;
      for (std::string_view k : keys_) {
        if (k == m.key) {
          taken = true;
          break;
        }
      }
      if (taken) continue;
      any_key(m.key);
      write_json(m.value, out_);
    }
  }
  void close() {
    if (first_) out_ += '{';
    out_ += '}';
  }

 private:
  std::string& out_;
  bool first_ = true;
  bool track_;
  std::vector<std::string_view> keys_;
};

void write_frame(const Frame& f, std::string& out) {
  ObjectWriter o(out, !f.other.empty());
  o.string("filename", f.filename);
  o.string("function", f.function);
  o.string("module", f.module);
  o.string("abs_path", f.abs_path);
  if (f.lineno > 0) o.integer("lineno", f.lineno);
  if (f.colno > 0) o.integer("colno", f.colno);
  if (f.in_app) o.boolean("in_app", *f.in_app);
  o.strings("pre_context", f.pre_context);
  if (f.context_line) {
    o.key("context_line");
    write_json_string(*f.context_line, out);
  }
  o.strings("post_context", f.post_context);
  o.value("vars", f.vars);
  o.other(f.other);
  o.close();
}

void write_mechanism(const Mechanism& m, std::string& out) {
  ObjectWriter o(out, !m.other.empty());
  o.key("type");
  write_json_string(m.type.empty() ? std::string_view("generic") : std::string_view(m.type), out);
  if (m.handled) o.boolean("handled", *m.handled);
  o.value("data", m.data);
  if (m.exception_id) o.integer("exception_id", *m.exception_id);
  if (m.parent_id) o.integer("parent_id", *m.parent_id);
  o.string("source", m.source);
  if (m.is_exception_group) o.boolean("is_exception_group", true);
  o.other(m.other);
  o.close();
}

}  // namespace

void write_exception_json(const ExceptionValue& e, std::string& out) {
  ObjectWriter o(out, !e.other.empty());
  o.string("type", e.type);
  o.string("value", e.value);
  o.string("module", e.module);
  o.key("mechanism");
  write_mechanism(e.mechanism, out);
  if (!e.frames.empty() || !e.stacktrace_other.empty()) {
    o.key("stacktrace");
    ObjectWriter st(out, !e.stacktrace_other.empty());
    if (!e.frames.empty()) {
      st.key("frames");
      out += '[';
      for (std::size_t i = 0; i < e.frames.size(); ++i) {
        if (i) out += ',';
        write_frame(e.frames[i], out);
      }
      out += ']';
    }
    st.other(e.stacktrace_other);
    st.close();
  }
  o.other(e.other);
  o.close();
}

void write_breadcrumb_json(const Breadcrumb& b, std::string& out) {
  ObjectWriter o(out, !b.other.empty());
  if (std::isfinite(b.timestamp) && b.timestamp != 0) o.number("timestamp", b.timestamp);
  o.string("type", b.type);
  o.string("category", b.category);
  o.string("message", b.message);
  if (b.level) o.string("level", level_to_string(*b.level));
  o.value("data", b.data);
  o.other(b.other);
  o.close();
}

void write_event_json(const Event& e, std::string& out) {
  ObjectWriter o(out, !e.other.empty());
  o.string("event_id", e.event_id);
  if (std::isfinite(e.timestamp) && e.timestamp != 0) o.number("timestamp", e.timestamp);
  o.string("platform", e.platform);
  if (e.level) o.string("level", level_to_string(*e.level));
  o.string("logger", e.logger);
  o.string("type", e.type);
  o.string("transaction", e.transaction);
  o.string("server_name", e.server_name);
  o.string("release", e.release);
  o.string("dist", e.dist);
  o.string("environment", e.environment);
  if (!e.message.empty()) {
    o.key("message");
    out += "{\"formatted\":";
    write_json_string(e.message, out);
    out += '}';
  }
  if (!e.exceptions.empty()) {
    o.key("exception");
    out += "{\"values\":[";
    for (std::size_t i = 0; i < e.exceptions.size(); ++i) {
      if (i) out += ',';
      write_exception_json(e.exceptions[i], out);
    }
    out += "]}";
  }
  if (!e.breadcrumbs.empty() || !e.breadcrumb_json.empty()) {
    o.key("breadcrumbs");
    out += "{\"values\":[";
    bool first = true;
    for (const Breadcrumb& b : e.breadcrumbs) {
      if (!first) out += ',';
      first = false;
      write_breadcrumb_json(b, out);
    }
    for (const auto& part : e.breadcrumb_json) {
      if (!part) continue;
      if (!first) out += ',';
      first = false;
      out += part->json;
    }
    out += "]}";
  }
  if (!e.tags.empty()) {
    o.key("tags");
    ObjectWriter t(out, false);
    for (const auto& kv : e.tags) {
      t.any_key(kv.first);
      write_json_string(kv.second, out);
    }
    t.close();
  }
  o.merged("extra", e.extra, e.extra_json);
  o.merged("contexts", e.contexts, e.contexts_json);
  o.value("user", e.user);
  o.value("request", e.request);
  o.strings("fingerprint", e.fingerprint);
  o.value("sdk", e.sdk);
  o.value("debug_meta", e.debug_meta);
  o.other(e.other);
  o.close();
}

}  // namespace vigil
