#include "core/json.h"

#include <cmath>
#include <cstring>

#include "core/number.h"

namespace vigil {

namespace {
const std::string kEmptyString;
const Array kEmptyArray;
const Object kEmptyObject;
const Value kNull;

void append_utf8(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

constexpr std::uint32_t kReplacement = 0xFFFD;

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is invalid (overlong,
// surrogate, out of range or truncated).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n = s.size() - i;
  auto cont = [&](std::size_t k) { return (b(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || !cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // encoded surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || !cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

// Bytes a JSON string can hold as they are: printable ASCII but '"' and '\\'. One table
// lookup per byte instead of four comparisons, in the loops every string goes through (the
// reader's and the writer's).
struct PlainJsonBytes {
  bool plain[256];
  constexpr PlainJsonBytes() : plain() {
    for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
  }
  constexpr bool operator[](unsigned char c) const { return plain[c]; }
};
constexpr PlainJsonBytes kPlainJsonByte;

// How many bytes from `from` on are plain (see PlainJsonBytes), up to `end`. Eight at a time
// while a whole word is plain: no byte below 0x20, none with the high bit, no '"' nor '\\'.
// The zero-byte tests below can report a byte that is plain only when a special one comes
// before it in the word, and then the byte loop decides; they never miss a special byte.
std::size_t plain_run(const char* from, const char* end) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  const char* p = from;
  while (end - p >= 8) {
    std::uint64_t x;
    std::memcpy(&x, p, sizeof x);
    const std::uint64_t quote = x ^ (ones * '"');
    const std::uint64_t backslash = x ^ (ones * '\\');
    // Per byte: below 0x20, a zero in quote or backslash (a '"' or '\\'), or the high bit.
    const std::uint64_t special = ((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) |
                                  ((backslash - ones) & ~backslash) | x;
    if (special & highs) break;
    p += 8;
  }
  while (p < end && kPlainJsonByte[static_cast<unsigned char>(*p)]) ++p;
  return static_cast<std::size_t>(p - from);
}

class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options) : s_(text), opt_(options) {}

  ParseResult run(bool allow_trailing) {
    ParseResult r;
    skip_ws();
    if (!parse_value(r.value)) {
      r.error = error_ + " at offset " + format_int(pos_);
      r.offset = pos_;
      r.value = Value();
      return r;
    }
    std::size_t end = pos_;
    skip_ws();
    if (!allow_trailing && pos_ != s_.size()) {
      r.error = "unexpected trailing content at offset " + format_int(pos_);
      r.offset = pos_;
      r.value = Value();
      return r;
    }
    r.ok = true;
    r.offset = allow_trailing ? end : pos_;
    return r;
  }

 private:
  bool fail(const char* message) {
    if (error_.empty()) error_ = message;
    return false;
  }
  void skip_ws() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return fail("invalid literal");
    pos_ += word.size();
    return true;
  }

  // Iterative: the containers being filled are kept on a heap vector, not the call stack, so
  // max_depth costs a pointer per level of heap instead of two stack frames per level (the
  // recursive reader's 512 levels took ~92 KB of the Wasm stack, which linear memory holds for
  // good). Each open container sits in its parent's vector, which grows only after the
  // container is closed, so the pointers stay valid.
  bool parse_value(Value& root) {
    std::vector<Value*> open;
    Value* slot = &root;  // where the next value goes
    for (;;) {
      if (open.size() > opt_.max_depth) return fail("nesting too deep");
      if (pos_ >= s_.size()) return fail("unexpected end of input");
      const char c = s_[pos_];
      bool opened = false;
      if (c == '{' || c == '[') {
        ++pos_;
        *slot = c == '{' ? Value(Object{}) : Value(Array{});
        skip_ws();
        if (pos_ < s_.size() && s_[pos_] == (c == '{' ? '}' : ']')) {
          ++pos_;
        } else {
          open.push_back(slot);
          opened = true;
        }
      } else if (!parse_scalar(*slot)) {
        return false;
      }
      // After a value: close what ends here, or find the slot of the next member.
      slot = nullptr;
      while (!slot) {
        if (open.empty()) return true;
        Value& top = *open.back();
        const bool object = top.is_object();
        if (!opened) {
          skip_ws();
          if (pos_ >= s_.size()) return fail(object ? "unterminated object" : "unterminated array");
          const char d = s_[pos_];
          if (d == (object ? '}' : ']')) {
            ++pos_;
            open.pop_back();
            continue;
          }
          if (d != ',') return fail(object ? "expected ',' or '}'" : "expected ',' or ']'");
          ++pos_;
        }
        opened = false;
        skip_ws();
        if (!object) {
          Array& arr = top.array_ref();
          arr.emplace_back();
          slot = &arr.back();
          continue;
        }
        if (pos_ >= s_.size() || s_[pos_] != '"') return fail("expected object key");
        Object& obj = top.object_ref();
        obj.emplace_back();
        if (!parse_string(obj.back().key)) return false;
        skip_ws();
        if (pos_ >= s_.size() || s_[pos_] != ':') return fail("expected ':'");
        ++pos_;
        skip_ws();
        slot = &obj.back().value;
      }
    }
  }

  // A string, literal or number (the caller has checked there is a byte to read).
  bool parse_scalar(Value& out) {
    switch (s_[pos_]) {
      case '"': {
        std::string str;
        if (!parse_string(str)) return false;
        out = Value(std::move(str));
        return true;
      }
      case 't': out = Value(true); return literal("true");
      case 'f': out = Value(false); return literal("false");
      case 'n': out = Value(); return literal("null");
      default: return parse_number(out);
    }
  }

  bool hex4(std::uint32_t& cp) {
    if (s_.size() - pos_ < 4) return fail("truncated \\u escape");
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_++];
      cp <<= 4;
      if (c >= '0' && c <= '9') cp |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') cp |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') cp |= static_cast<std::uint32_t>(c - 'A' + 10);
      else return fail("invalid \\u escape");
    }
    return true;
  }

  bool parse_string(std::string& out) {
    ++pos_;  // opening quote
    // The string ends at or after the next '"' byte (earlier ones would be escaped) and
    // escapes mostly shrink it: room for that many bytes spares regrowing a long string.
    if (const void* quote = std::memchr(s_.data() + pos_, '"', s_.size() - pos_))
      out.reserve(static_cast<std::size_t>(static_cast<const char*>(quote) - (s_.data() + pos_)));
    while (true) {
      // Copy the plain run in one go; most strings have no escapes.
      std::size_t start = pos_;
      pos_ += plain_run(s_.data() + pos_, s_.data() + s_.size());
      out.append(s_.data() + start, pos_ - start);
      if (pos_ >= s_.size()) return fail("unterminated string");
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') { ++pos_; return true; }
      if (c < 0x20) return fail("control character in string");
      if (c >= 0x80) {
        std::size_t n = utf8_sequence_length(s_, pos_);
        if (n == 0) {
          append_utf8(kReplacement, out);
          ++pos_;
        } else {
          out.append(s_.data() + pos_, n);
          pos_ += n;
        }
        continue;
      }
      // Backslash escape.
      if (++pos_ >= s_.size()) return fail("unterminated escape");
      char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::uint32_t cp;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            // A high surrogate only counts when a low one follows; alone it is replaced.
            std::uint32_t low = 0;
            if (s_.size() - pos_ >= 6 && s_[pos_] == '\\' && s_[pos_ + 1] == 'u') {
              std::size_t save = pos_;
              pos_ += 2;
              if (!hex4(low)) return false;
              if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              } else {
                pos_ = save;
                cp = kReplacement;
              }
            } else {
              cp = kReplacement;
            }
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            cp = kReplacement;
          }
          append_utf8(cp, out);
          break;
        }
        default: return fail("invalid escape");
      }
    }
  }

  bool parse_number(Value& out) {
    std::size_t start = pos_;
    bool is_float = false;
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    auto digits = [&] {
      std::size_t d = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ - d;
    };
    if (pos_ < s_.size() && s_[pos_] == '0') {
      ++pos_;
    } else if (digits() == 0) {
      return fail("invalid value");
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      is_float = true;
      if (digits() == 0) return fail("invalid number");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      is_float = true;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (digits() == 0) return fail("invalid number");
    }
    std::string_view text = s_.substr(start, pos_ - start);
    std::int64_t i;
    if (!is_float && parse_int64(text, i)) {
      out = Value(i);
      return true;
    }
    double d = 0;
    parse_double(text, d);  // cannot fail: the grammar was checked above
    out = Value(d);
    return true;
  }

  std::string_view s_;
  const ParseOptions& opt_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace

bool Value::as_bool(bool fallback) const {
  return is_bool() ? std::get<bool>(v_) : fallback;
}
std::int64_t Value::as_int(std::int64_t fallback) const {
  if (type() == Type::integer) return std::get<std::int64_t>(v_);
  if (type() == Type::number) {
    double d = std::get<double>(v_);
    if (std::isfinite(d) && d >= -9.2e18 && d <= 9.2e18) return static_cast<std::int64_t>(d);
  }
  return fallback;
}
double Value::as_double(double fallback) const {
  if (type() == Type::number) return std::get<double>(v_);
  if (type() == Type::integer) return static_cast<double>(std::get<std::int64_t>(v_));
  return fallback;
}
const std::string& Value::as_string() const {
  return is_string() ? std::get<std::string>(v_) : kEmptyString;
}
const Array& Value::as_array() const { return is_array() ? std::get<Array>(v_) : kEmptyArray; }
const Object& Value::as_object() const {
  return is_object() ? std::get<Object>(v_) : kEmptyObject;
}
Array& Value::array_ref() {
  if (!is_array()) v_ = Array{};
  return std::get<Array>(v_);
}
Object& Value::object_ref() {
  if (!is_object()) v_ = Object{};
  return std::get<Object>(v_);
}
const Value* Value::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& m : std::get<Object>(v_))
    if (m.key == key) return &m.value;
  return nullptr;
}
Value* Value::find(std::string_view key) {
  if (!is_object()) return nullptr;
  for (auto& m : std::get<Object>(v_))
    if (m.key == key) return &m.value;
  return nullptr;
}
Value& Value::operator[](std::string_view key) {
  if (Value* found = find(key)) return *found;
  Object& obj = object_ref();
  obj.push_back(Member{std::string(key), Value()});
  return obj.back().value;
}
const Value& Value::get(std::string_view key) const {
  const Value* v = find(key);
  return v ? *v : kNull;
}
bool Value::erase(std::string_view key) {
  if (!is_object()) return false;
  auto& obj = std::get<Object>(v_);
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (it->key == key) {
      obj.erase(it);
      return true;
    }
  }
  return false;
}
std::size_t Value::size() const {
  if (is_array()) return std::get<Array>(v_).size();
  if (is_object()) return std::get<Object>(v_).size();
  return 0;
}

bool operator==(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number() && a.type() != b.type())
    return a.as_double() == b.as_double();
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Value::Type::null: return true;
    case Value::Type::boolean: return a.as_bool() == b.as_bool();
    case Value::Type::integer: return a.as_int() == b.as_int();
    case Value::Type::number: return a.as_double() == b.as_double();
    case Value::Type::string: return a.as_string() == b.as_string();
    case Value::Type::array: return a.as_array() == b.as_array();
    case Value::Type::object: {
      const Object& x = a.as_object();
      const Object& y = b.as_object();
      if (x.size() != y.size()) return false;
      // Same members in the same order is equality even with duplicate keys, which a lookup
      // by key cannot tell apart; otherwise member order does not matter.
      bool same_order = true;
      for (std::size_t i = 0; i < x.size() && same_order; ++i)
        same_order = x[i].key == y[i].key && x[i].value == y[i].value;
      if (same_order) return true;
      for (const auto& m : x) {
        const Value* other = b.find(m.key);
        if (!other || !(*other == m.value)) return false;
      }
      return true;
    }
  }
  return false;
}

ParseResult parse_json(std::string_view text, const ParseOptions& options, bool allow_trailing) {
  return Parser(text, options).run(allow_trailing);
}


void write_json_string(std::string_view s, std::string& out) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    i += plain_run(s.data() + i, s.data() + s.size());
    out.append(s.data() + start, i - start);
    if (i >= s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      std::size_t n = utf8_sequence_length(s, i);
      if (n == 0) {
        append_utf8(kReplacement, out);
        ++i;
      } else {
        out.append(s.data() + i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xF];
    }
    ++i;
  }
  out += '"';
}

void write_json(const Value& value, std::string& out) {
  switch (value.type()) {
    case Value::Type::null: out += "null"; break;
    case Value::Type::boolean: out += value.as_bool() ? "true" : "false"; break;
    case Value::Type::integer: append_int(value.as_int(), out); break;
    case Value::Type::number: {
      double d = value.as_double();
      // JSON.stringify writes -0 as 0, and non-finite numbers as null.
      if (d == 0) out += '0';
      else append_double_round_trip(d, out);
      break;
    }
    case Value::Type::string: write_json_string(value.as_string(), out); break;
    case Value::Type::array: {
      out += '[';
      bool first = true;
      for (const auto& v : value.as_array()) {
        if (!first) out += ',';
        first = false;
        write_json(v, out);
      }
      out += ']';
      break;
    }
    case Value::Type::object: {
      out += '{';
      bool first = true;
      for (const auto& m : value.as_object()) {
        if (!first) out += ',';
        first = false;
        write_json_string(m.key, out);
        out += ':';
        write_json(m.value, out);
      }
      out += '}';
      break;
    }
  }
}

std::string to_json(const Value& value) {
  std::string out;
  out.reserve(1024);
  write_json(value, out);
  return out;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    // Eight ASCII bytes at a time: nearly all text is ASCII.
    if (s.size() - i >= 8) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, sizeof word);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string sanitize_utf8(std::string_view s) {
  if (is_valid_utf8(s)) return std::string(s);  // the common case: one copy, no repair loop
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      append_utf8(kReplacement, out);
      ++i;
    } else {
      out.append(s.data() + i, n);
      i += n;
    }
  }
  return out;
}

std::string truncate_utf8(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  const std::string_view ellipsis = "...";
  std::size_t keep = max_bytes >= ellipsis.size() ? max_bytes - ellipsis.size() : max_bytes;
  // Step back over continuation bytes so no sequence is split.
  while (keep > 0 && (static_cast<unsigned char>(s[keep]) & 0xC0) == 0x80) --keep;
  std::string out(s.substr(0, keep));
  if (max_bytes >= ellipsis.size()) out += ellipsis;
  return out;
}

}  // namespace vigil
