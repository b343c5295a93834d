#define BOOST_TEST_MODULE json
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include "core/json.h"

using namespace vigil;

BOOST_AUTO_TEST_CASE(round_trips_every_type) {
  std::string text = R"({"a":null,"b":true,"c":-12,"d":1.5,"e":"x\ny","f":[1,[2],{}],"g":{"h":"i"}})";
  auto r = parse_json(text);
  BOOST_REQUIRE_MESSAGE(r.ok, r.error);
  BOOST_TEST(to_json(r.value) == text);
  BOOST_TEST(r.value.get("c").as_int() == -12);
  BOOST_TEST(r.value.get("d").as_double() == 1.5);
  BOOST_TEST(r.value.get("g").get("h").as_string() == "i");
}

BOOST_AUTO_TEST_CASE(keeps_insertion_order) {
  Value v;
  v["z"] = 1;
  v["a"] = 2;
  v["z"] = 3;
  BOOST_TEST(to_json(v) == R"({"z":3,"a":2})");
}

BOOST_AUTO_TEST_CASE(doubles_round_trip_shortest) {
  for (double d : {0.1, 1e-7, 123456789.125, 1.7976931348623157e308, -0.5}) {
    auto r = parse_json(to_json(Value(d)));
    BOOST_REQUIRE(r.ok);
    BOOST_TEST(r.value.as_double() == d);
  }
  BOOST_TEST(to_json(Value(0.1)) == "0.1");
}

BOOST_AUTO_TEST_CASE(non_finite_numbers_write_null) {
  BOOST_TEST(to_json(Value(std::nan(""))) == "null");
  BOOST_TEST(to_json(Value(std::numeric_limits<double>::infinity())) == "null");
}

BOOST_AUTO_TEST_CASE(lone_surrogates_become_replacement_char) {
  auto r = parse_json(R"(["\ud800", "a\udc00b", "\ud83d\ude00", "\ud800\u0041"])");
  BOOST_REQUIRE(r.ok);
  const auto& a = r.value.as_array();
  BOOST_TEST(a[0].as_string() == "\xEF\xBF\xBD");
  BOOST_TEST(a[1].as_string() == "a\xEF\xBF\xBD" "b");
  BOOST_TEST(a[2].as_string() == "\xF0\x9F\x98\x80");
  BOOST_TEST(a[3].as_string() == "\xEF\xBF\xBD" "A");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_repaired_on_write) {
  std::string bad = "ok\xC3(\xED\xA0\x80";  // truncated sequence and an encoded surrogate
  std::string out = to_json(Value(bad));
  BOOST_TEST(out == "\"ok\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  BOOST_TEST(parse_json(out).ok);
}

BOOST_AUTO_TEST_CASE(escapes_control_characters) {
  BOOST_TEST(to_json(Value(std::string("a\x01\"\\", 4))) == R"("a\u0001\"\\")");
}

BOOST_AUTO_TEST_CASE(malformed_input_reports_offset) {
  for (const char* bad : {"", "{", "[1,]", "{\"a\" 1}", "\"abc", "tru", "01x", "-", "1.", "1e",
                          "{\"a\":1}x", "\"\\x\"", "\"\\u12\"", "[\"\x01\"]"}) {
    auto r = parse_json(bad);
    BOOST_TEST(!r.ok, "accepted: " << bad);
    BOOST_TEST(!r.error.empty());
  }
  auto r = parse_json("[1, 2, oops]");
  BOOST_TEST(r.error.find("offset 7") != std::string::npos, r.error);
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_an_error_not_a_crash) {
  std::string deep(100000, '[');
  auto r = parse_json(deep);
  BOOST_TEST(!r.ok);
  BOOST_TEST(r.error.find("too deep") != std::string::npos);
}

// The reader keeps its open containers on the heap: max_depth levels parse, one more does not,
// for arrays, objects and empty containers alike, and the tree comes back as written.
BOOST_AUTO_TEST_CASE(nesting_up_to_max_depth_parses_and_round_trips) {
  for (std::size_t depth : {std::size_t(3), std::size_t(512)}) {
    ParseOptions po;
    po.max_depth = depth;
    auto nested = [](std::size_t n, const char* open, const char* close, const char* inner) {
      std::string s;
      for (std::size_t i = 0; i < n; ++i) s += open;
      s += inner;
      for (std::size_t i = 0; i < n; ++i) s += close;
      return s;
    };
    for (const char* inner : {"1", "[]", "{}", "\"s\""}) {
      const std::string arrays = nested(depth, "[", "]", inner);
      auto r = parse_json(arrays, po);
      BOOST_REQUIRE_MESSAGE(r.ok, r.error);
      BOOST_TEST(to_json(r.value) == arrays);
      const std::string objects = nested(depth, "{\"k\":", "}", inner);
      r = parse_json(objects, po);
      BOOST_REQUIRE_MESSAGE(r.ok, r.error);
      BOOST_TEST(to_json(r.value) == objects);
      for (const std::string& too_deep : {nested(depth + 1, "[", "]", inner), nested(depth + 1, "{\"k\":", "}", inner)}) {
        r = parse_json(too_deep, po);
        BOOST_TEST(!r.ok);
        BOOST_TEST(r.error.find("too deep") != std::string::npos, r.error);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(mixed_nesting_round_trips_and_errors_name_the_container) {
  const std::string text = R"({"a":[1,{"b":[[],{},[{"c":null}]],"d":"e"},[true,false]],"f":{"g":{"h":[0.5]}},"i":[]})";
  auto r = parse_json(text);
  BOOST_REQUIRE_MESSAGE(r.ok, r.error);
  BOOST_TEST(to_json(r.value) == text);
  BOOST_TEST(r.value.get("a").as_array()[1].get("d").as_string() == "e");
  const std::pair<const char*, const char*> cases[] = {
      {"[1", "unterminated array"},       {"{\"a\":1", "unterminated object"},
      {"[1 2]", "expected ',' or ']'"},   {"{\"a\":1 \"b\":2}", "expected ',' or '}'"},
      {"{\"a\":[1}", "expected ',' or ']'"}, {"{1:2}", "expected object key"},
      {"{\"a\" 1}", "expected ':'"},      {"[1,", "unexpected end of input"},
      {"{\"a\":", "unexpected end of input"}, {"[[1],[2,]]", "offset 8"},
  };
  for (const auto& [bad, message] : cases) {
    auto e = parse_json(bad);
    BOOST_TEST(!e.ok, bad);
    BOOST_TEST(e.error.find(message) != std::string::npos, bad << ": " << e.error);
    BOOST_TEST(e.value.is_null());
  }
}

BOOST_AUTO_TEST_CASE(allow_trailing_stops_after_value) {
  auto r = parse_json("{\"a\":1}\n{\"b\":2}", {}, true);
  BOOST_REQUIRE(r.ok);
  BOOST_TEST(r.offset == 7u);
}

BOOST_AUTO_TEST_CASE(large_integers_fall_back_to_double) {
  auto r = parse_json("[9223372036854775807, 92233720368547758070]");
  BOOST_REQUIRE(r.ok);
  BOOST_TEST(r.value.as_array()[0].is_int());
  BOOST_TEST((r.value.as_array()[1].type() == Value::Type::number));
}

BOOST_AUTO_TEST_CASE(truncate_keeps_utf8_whole) {
  std::string s = "ab\xE2\x82\xAC\xE2\x82\xAC";  // ab€€
  std::string t = truncate_utf8(s, 7);
  BOOST_TEST(t == "ab...");
  BOOST_TEST(truncate_utf8("short", 10) == "short");
  BOOST_TEST(sanitize_utf8(t) == t);
}

BOOST_AUTO_TEST_CASE(typed_reads_fall_back) {
  Value v = parse_json(R"({"s":"x","n":3})").value;
  BOOST_TEST(v.get("n").as_string().empty());
  BOOST_TEST(v.get("s").as_int(7) == 7);
  BOOST_TEST(v.get("missing").is_null());
  BOOST_TEST(v.erase("s"));
  BOOST_TEST(!v.erase("s"));
  BOOST_TEST(v.size() == 1u);
}

BOOST_AUTO_TEST_CASE(equality_ignores_order_but_sees_duplicate_keys) {
  BOOST_TEST((parse_json(R"({"a":1,"b":2})").value == parse_json(R"({"b":2,"a":1})").value));
  Value dup = parse_json(R"({"k":1,"k":2})").value;
  BOOST_TEST((dup == parse_json(R"({"k":1,"k":2})").value));
  BOOST_TEST((dup != parse_json(R"({"k":1,"k":1})").value));
}

// The reader and writer skip plain text eight bytes at a time: every special byte must still be
// seen wherever it falls in (or across) those words.
BOOST_AUTO_TEST_CASE(special_bytes_are_escaped_and_read_at_every_position) {
  const std::string specials[] = {"\"", "\\", "\n", std::string(1, '\x01'), "\x1f", "\x7f",
                                  "\xc3\xa9", "\xe2\x82\xac"};
  auto reference = [](const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
      if (c == '"') out += "\\\"";
      else if (c == '\\') out += "\\\\";
      else if (c == '\n') out += "\\n";
      else if (c < 0x20) {
        const char* hex = "0123456789abcdef";
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xF];
      } else out += static_cast<char>(c);
    }
    return out + "\"";
  };
  for (std::size_t n = 0; n <= 26; ++n) {
    for (std::size_t k = 0; k <= n; ++k) {
      for (const std::string& special : specials) {
        std::string s = std::string(k, 'a') + special + std::string(n - k, 'b');
        std::string json;
        write_json_string(s, json);
        BOOST_TEST(json == reference(s));
        ParseResult r = parse_json(json);
        BOOST_TEST(r.ok);
        BOOST_TEST(r.value.as_string() == s);
        // A raw control byte or a bare invalid byte in the input is still caught by the reader.
        std::string raw = "\"" + std::string(k, 'a') + "\x02" + std::string(n - k, 'b') + "\"";
        BOOST_TEST(!parse_json(raw).ok);
        std::string invalid = "\"" + std::string(k, 'a') + "\xff" + std::string(n - k, 'b') + "\"";
        BOOST_TEST(parse_json(invalid).value.as_string() ==
                   std::string(k, 'a') + "\xef\xbf\xbd" + std::string(n - k, 'b'));
      }
    }
  }
}
