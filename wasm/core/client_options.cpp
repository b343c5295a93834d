#include "core/client_options.h"

#include <cmath>
#include <string_view>
#include <utility>

#include "core/sampler.h"

namespace vigil {

namespace {

// Where the options are read from: the parsed JSON, or FlatOptions below. Both answer the same
// questions, so the key-to-field mapping exists once (read_options), compiled once.
class OptionSource {
 public:
  virtual bool string(std::string_view key, std::string& out) const = 0;
  virtual bool number(std::string_view key, double& out) const = 0;
  virtual bool boolean(std::string_view key, bool& out) const = 0;
  virtual void strings(std::string_view key, std::vector<std::string>& out) const = 0;

 protected:
  ~OptionSource() = default;
};

class ValueSource final : public OptionSource {
 public:
  explicit ValueSource(const Value& o) : o(o) {}
  bool string(std::string_view key, std::string& out) const override {
    const Value* v = o.find(key);
    if (!v || !v->is_string()) return false;
    out = v->as_string();
    return true;
  }
  bool number(std::string_view key, double& out) const override {
    const Value* v = o.find(key);
    if (!v || !v->is_number()) return false;
    out = v->as_double();
    return true;
  }
  bool boolean(std::string_view key, bool& out) const override {
    const Value* v = o.find(key);
    if (!v || !v->is_bool()) return false;
    out = v->as_bool();
    return true;
  }
  void strings(std::string_view key, std::vector<std::string>& out) const override {
    const Value* v = o.find(key);
    if (!v || !v->is_array()) return;
    out.clear();
    for (const Value& item : v->as_array())
      if (item.is_string()) out.push_back(item.as_string());
  }

 private:
  const Value& o;
};

// The object JSON.stringify writes for the options: one level of keys whose values are
// strings without escapes, plain numbers, booleans, null or arrays of such strings. Reading
// that takes a fraction of the code of the JSON parser, which matters on a cold start: a Wasm
// function costs its compilation the first time it runs (edge workers compile lazily), and a
// request that captures nothing would otherwise compile the whole parser just for the options.
// Anything else makes parse() fail, and the caller parses the JSON as JSON.
class FlatOptions final : public OptionSource {
 public:
  bool parse(std::string_view text) {
    text_ = text;
    at_ = 0;
    if (!take('{')) return false;
    if (take('}')) return done();
    do {
      Entry e;
      if (!quoted(e.key) || !take(':') || !value(e)) return false;
      entries_.push_back(std::move(e));
    } while (take(','));
    return take('}') && done();
  }

  bool string(std::string_view key, std::string& out) const override {
    const Entry* e = find(key, Kind::string);
    if (e) out = std::string(e->text);
    return e != nullptr;
  }
  bool number(std::string_view key, double& out) const override {
    const Entry* e = find(key, Kind::number);
    if (e) out = e->number;
    return e != nullptr;
  }
  bool boolean(std::string_view key, bool& out) const override {
    const Entry* e = find(key, Kind::boolean);
    if (e) out = e->number != 0;
    return e != nullptr;
  }
  void strings(std::string_view key, std::vector<std::string>& out) const override {
    const Entry* e = find(key, Kind::strings);
    if (!e) return;
    out.clear();
    for (std::string_view s : e->list) out.emplace_back(s);
  }

 private:
  enum class Kind { string, number, boolean, null, strings };
  struct Entry {
    std::string_view key;
    Kind kind = Kind::null;
    std::string_view text;
    double number = 0;
    std::vector<std::string_view> list;
  };

  const Entry* find(std::string_view key, Kind kind) const {
    for (const Entry& e : entries_)
      if (e.key == key) return e.kind == kind ? &e : nullptr;
    return nullptr;
  }

  bool done() const { return at_ == text_.size(); }
  bool take(char c) {
    if (at_ < text_.size() && text_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }
  bool word(std::string_view w) {
    if (text_.substr(at_, w.size()) != w) return false;
    at_ += w.size();
    return true;
  }
  // A string with no escape and no control character (JSON.stringify escapes only those).
  bool quoted(std::string_view& out) {
    if (!take('"')) return false;
    const std::size_t start = at_;
    for (; at_ < text_.size(); ++at_) {
      const char c = text_[at_];
      if (c == '"') {
        out = text_.substr(start, at_ - start);
        ++at_;
        return true;
      }
      if (c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
    }
    return false;
  }
  // -?digits(.digits)?, read exactly: an integer below 2^53 divided by an exact power of ten is
  // rounded once, as a full decimal conversion rounds it. Exponents and longer numbers fail.
  bool plain_number(double& out) {
    const bool negative = take('-');
    double mantissa = 0;
    double scale = 1;
    int digits = 0;
    bool fraction = false;
    for (; at_ < text_.size(); ++at_) {
      const char c = text_[at_];
      if (c == '.' && !fraction && digits > 0) {
        fraction = true;
        continue;
      }
      if (c < '0' || c > '9') break;
      if (++digits > 15) return false;
      mantissa = mantissa * 10 + (c - '0');
      if (fraction) scale *= 10;
    }
    if (digits == 0 || (fraction && scale == 1)) return false;
    if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) return false;
    out = negative ? -(mantissa / scale) : mantissa / scale;
    return true;
  }
  bool value(Entry& e) {
    if (at_ >= text_.size()) return false;
    const char c = text_[at_];
    if (c == '"') {
      e.kind = Kind::string;
      return quoted(e.text);
    }
    if (c == '[') {
      ++at_;
      e.kind = Kind::strings;
      if (take(']')) return true;
      do {
        std::string_view s;
        if (!quoted(s)) return false;
        e.list.push_back(s);
      } while (take(','));
      return take(']');
    }
    if (word("true") || word("false")) {
      e.kind = Kind::boolean;
      e.number = c == 't';
      return true;
    }
    if (word("null")) return true;
    e.kind = Kind::number;
    return plain_number(e.number);
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::vector<Entry> entries_;
};

// The plain fields, by key: tables rather than a call per key, so the reader stays small.
template <class T>
struct Field {
  std::string_view key;
  T& (*of)(ClientOptions&);
};

constexpr Field<std::string> kStrings[] = {
    {"release", [](ClientOptions& o) -> std::string& { return o.release; }},
    {"environment", [](ClientOptions& o) -> std::string& { return o.environment; }},
    {"dist", [](ClientOptions& o) -> std::string& { return o.dist; }},
    {"serverName", [](ClientOptions& o) -> std::string& { return o.server_name; }},
    {"tunnel", [](ClientOptions& o) -> std::string& { return o.transport.tunnel; }},
    {"sdkName", [](ClientOptions& o) -> std::string& { return o.sdk_name; }},
    {"sdkVersion", [](ClientOptions& o) -> std::string& { return o.sdk_version; }},
};
constexpr Field<std::size_t> kSizes[] = {
    {"maxBreadcrumbs", [](ClientOptions& o) -> std::size_t& { return o.max_breadcrumbs; }},
    {"normalizeDepth", [](ClientOptions& o) -> std::size_t& { return o.normalize.depth; }},
    {"normalizeMaxBreadth", [](ClientOptions& o) -> std::size_t& { return o.normalize.max_breadth; }},
    {"maxValueLength", [](ClientOptions& o) -> std::size_t& { return o.max_value_length; }},
    {"maxEventBytes", [](ClientOptions& o) -> std::size_t& { return o.max_event_bytes; }},
};
constexpr Field<bool> kBools[] = {
    {"sendDefaultPii", [](ClientOptions& o) -> bool& { return o.send_default_pii; }},
    {"attachStacktrace", [](ClientOptions& o) -> bool& { return o.attach_stacktrace; }},
    {"dedupe", [](ClientOptions& o) -> bool& { return o.dedupe; }},
    {"sendClientReports", [](ClientOptions& o) -> bool& { return o.transport.send_client_reports; }},
};
constexpr Field<std::vector<std::string>> kLists[] = {
    {"ignoreErrors", [](ClientOptions& o) -> std::vector<std::string>& { return o.ignore_errors; }},
    {"denyUrls", [](ClientOptions& o) -> std::vector<std::string>& { return o.deny_urls; }},
    {"allowUrls", [](ClientOptions& o) -> std::vector<std::string>& { return o.allow_urls; }},
    {"inAppInclude", [](ClientOptions& o) -> std::vector<std::string>& { return o.stack.in_app_include; }},
    {"inAppExclude", [](ClientOptions& o) -> std::vector<std::string>& { return o.stack.in_app_exclude; }},
    {"integrationNames", [](ClientOptions& o) -> std::vector<std::string>& { return o.integrations; }},
    {"packages", [](ClientOptions& o) -> std::vector<std::string>& { return o.packages; }},
};

ClientOptionsResult read_options(const OptionSource& o) {
  ClientOptionsResult result;
  ClientOptions& opt = result.options;

  o.string("dsn", opt.dsn_text);
  if (!opt.dsn_text.empty()) {
    DsnResult dsn = parse_dsn(opt.dsn_text);
    opt.dsn_ok = dsn.ok;
    if (dsn.ok) opt.dsn = dsn.dsn;
    else result.warnings.push_back(dsn.error + "; events will not be sent");
  }
  if (o.number("sampleRate", opt.sample_rate) && !is_valid_sample_rate(opt.sample_rate))
    result.warnings.push_back("sampleRate must be a number between 0 and 1; no error will be sent");
  if (double rate = 0; o.number("tracesSampleRate", rate)) {
    opt.traces_sample_rate = rate;
    if (!is_valid_sample_rate(rate))
      result.warnings.push_back("tracesSampleRate must be a number between 0 and 1; no transaction will be sent");
  }
  for (const auto& f : kStrings) o.string(f.key, f.of(opt));
  for (const auto& f : kSizes) {
    double d = 0;
    if (o.number(f.key, d) && std::isfinite(d) && d >= 0)
      f.of(opt) = d > 1e9 ? static_cast<std::size_t>(1e9) : static_cast<std::size_t>(d);
  }
  if (opt.max_breadcrumbs > 100) opt.max_breadcrumbs = 100;  // Sentry's hard cap
  for (const auto& f : kBools) o.boolean(f.key, f.of(opt));
  for (const auto& f : kLists) o.strings(f.key, f.of(opt));
  return result;
}

// Kept out of line: a Wasm function is compiled whole the first time it runs, so the parser's
// path inlined into the common one would be compiled at every cold start, unused.
[[gnu::noinline]] ClientOptionsResult from_parsed_json(std::string_view json) {
  ParseResult parsed = parse_json(json);
  return read_options(ValueSource(parsed.ok ? parsed.value : Value()));
}

}  // namespace

ClientOptionsResult parse_client_options(const Value& o) { return read_options(ValueSource(o)); }

ClientOptionsResult client_options_from_json(std::string_view json) {
  if (FlatOptions flat; flat.parse(json)) return read_options(flat);
  return from_parsed_json(json);
}

}  // namespace vigil
