#pragma once
// A JSON value tree plus its reader and writer. Everything the core sends or receives passes
// through here, so neither direction may throw: the reader reports errors as data and the
// writer turns whatever it is given (invalid UTF-8, NaN) into valid JSON.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace vigil {

class Value;
using Array = std::vector<Value>;
struct Member;
// Objects keep insertion order: Sentry does not care, but stable output makes envelopes diffable
// and tests exact.
using Object = std::vector<Member>;

class Value {
 public:
  enum class Type { null, boolean, integer, number, string, array, object };

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : v_(b) {}
  Value(int i) : v_(static_cast<std::int64_t>(i)) {}
  Value(unsigned i) : v_(static_cast<std::int64_t>(i)) {}
  Value(long i) : v_(static_cast<std::int64_t>(i)) {}
  Value(long long i) : v_(static_cast<std::int64_t>(i)) {}
  Value(unsigned long i) : v_(static_cast<std::int64_t>(i)) {}
  Value(unsigned long long i) : v_(static_cast<std::int64_t>(i)) {}
  Value(double d) : v_(d) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(Array a) : v_(std::move(a)) {}
  Value(Object o) : v_(std::move(o)) {}

  static Value object() { return Value(Object{}); }
  static Value array() { return Value(Array{}); }

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return type() == Type::null; }
  bool is_bool() const { return type() == Type::boolean; }
  bool is_int() const { return type() == Type::integer; }
  bool is_number() const { return type() == Type::number || type() == Type::integer; }
  bool is_string() const { return type() == Type::string; }
  bool is_array() const { return type() == Type::array; }
  bool is_object() const { return type() == Type::object; }

  // Typed reads with a fallback: callers reading untrusted input never need to check first.
  bool as_bool(bool fallback = false) const;
  std::int64_t as_int(std::int64_t fallback = 0) const;
  double as_double(double fallback = 0) const;
  const std::string& as_string() const;  // empty string when not a string
  const Array& as_array() const;         // empty array when not an array
  const Object& as_object() const;       // empty object when not an object
  Array& array_ref();                    // turns the value into an array first if needed
  Object& object_ref();                  // turns the value into an object first if needed

  // Object access. find() returns nullptr when absent or not an object; operator[] inserts.
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  Value& operator[](std::string_view key);
  const Value& get(std::string_view key) const;  // null value when absent
  bool erase(std::string_view key);
  void push_back(Value v) { array_ref().push_back(std::move(v)); }
  std::size_t size() const;  // members or elements; 0 for scalars
  bool empty() const { return size() == 0; }

  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, Array, Object> v_{nullptr};
};

struct Member {
  std::string key;
  Value value;
};

struct ParseOptions {
  std::size_t max_depth = 512;  // nesting beyond this is an error, not a stack overflow
};

struct ParseResult {
  bool ok = false;
  Value value;
  std::string error;       // human-readable, with the byte offset
  std::size_t offset = 0;  // where parsing stopped (end of the value when ok)
};

// Parses one JSON text. Lone UTF-16 surrogates in \u escapes and invalid UTF-8 bytes become
// U+FFFD rather than errors: data from browsers has both, and losing an event over it is worse.
// Trailing content is an error unless allow_trailing is set (for newline-delimited envelopes).
ParseResult parse_json(std::string_view text, const ParseOptions& options = {},
                       bool allow_trailing = false);

// Writes compact JSON. Non-finite numbers are written as null, as JSON.stringify does.
std::string to_json(const Value& value);
void write_json(const Value& value, std::string& out);
// Appends s as a quoted JSON string, repairing invalid UTF-8 to U+FFFD.
void write_json_string(std::string_view s, std::string& out);

// Repairs invalid UTF-8 (including encoded surrogates) to U+FFFD.
std::string sanitize_utf8(std::string_view s);
// True when s is valid UTF-8 (what sanitize_utf8 would return unchanged); allocates nothing.
bool is_valid_utf8(std::string_view s);
// Truncates to at most max_bytes without splitting a UTF-8 sequence; appends "..." when cut and
// the ellipsis still fits.
std::string truncate_utf8(std::string_view s, std::size_t max_bytes);

}  // namespace vigil
