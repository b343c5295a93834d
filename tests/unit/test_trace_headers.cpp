#define BOOST_TEST_MODULE trace_headers
#include <boost/test/unit_test.hpp>

#include <string>

#include "core/trace_headers.h"

using namespace vigil;

namespace {
const std::string kTrace = "771a43a4192642f0b136d5159a501700";
const std::string kSpan = "b0e6f15b45c36b12";
}  // namespace

BOOST_AUTO_TEST_CASE(sentry_trace_parses_with_and_without_flag) {
  auto a = parse_sentry_trace(kTrace + "-" + kSpan + "-1");
  BOOST_REQUIRE(a);
  BOOST_TEST(a->trace_id == kTrace);
  BOOST_TEST(a->span_id == kSpan);
  BOOST_TEST((a->sampled == std::optional<bool>(true)));

  auto b = parse_sentry_trace(kTrace + "-" + kSpan + "-0");
  BOOST_REQUIRE(b);
  BOOST_TEST((b->sampled == std::optional<bool>(false)));

  auto c = parse_sentry_trace(kTrace + "-" + kSpan);
  BOOST_REQUIRE(c);
  BOOST_TEST(!c->sampled.has_value());
}

BOOST_AUTO_TEST_CASE(sentry_trace_tolerates_outer_whitespace_and_uppercase) {
  auto a = parse_sentry_trace(" \t771A43A4192642F0B136D5159A501700-B0E6F15B45C36B12-1 \t");
  BOOST_REQUIRE(a);
  BOOST_TEST(a->trace_id == kTrace);  // lowercased
  BOOST_TEST(a->span_id == kSpan);
}

BOOST_AUTO_TEST_CASE(sentry_trace_rejects_garbage) {
  const std::string bad[] = {
      "",
      "-",
      "--",
      "   ",
      kTrace,                                          // span missing
      kTrace + "-",                                    // span empty
      kTrace + "-" + kSpan + "-",                      // flag empty
      kTrace + "-" + kSpan + "-2",                     // flag not 0/1
      kTrace + "-" + kSpan + "-true",
      kTrace + "-" + kSpan + "-1-1",                   // trailing part
      kTrace + "-" + kSpan + "x",
      kTrace + "0-" + kSpan,                           // trace 33 chars
      kTrace.substr(1) + "-" + kSpan,                  // trace 31 chars
      kTrace + "-" + kSpan.substr(1),                  // span 15 chars
      kTrace + "-" + kSpan + "0",                      // span 17 chars
      "771a43a4192642f0b136d5159a50170g-" + kSpan,     // non-hex trace
      kTrace + "-b0e6f15b45c36b1z",                    // non-hex span
      "00000000000000000000000000000000-" + kSpan,     // all-zero trace id
      kTrace + "-0000000000000000-1",                  // all-zero span id
      kTrace + " -" + kSpan,                           // inner space
      kTrace + "_" + kSpan,
      "00-" + kTrace + "-" + kSpan + "-01",            // W3C traceparent is not sentry-trace
  };
  for (const auto& s : bad) BOOST_TEST(!parse_sentry_trace(s).has_value(), "accepted: " << s);
}

BOOST_AUTO_TEST_CASE(sentry_trace_formats_and_round_trips) {
  BOOST_TEST(format_sentry_trace(kTrace, kSpan, true) == kTrace + "-" + kSpan + "-1");
  BOOST_TEST(format_sentry_trace(kTrace, kSpan, false) == kTrace + "-" + kSpan + "-0");
  BOOST_TEST(format_sentry_trace(kTrace, kSpan, std::nullopt) == kTrace + "-" + kSpan);
  auto p = parse_sentry_trace(format_sentry_trace(kTrace, kSpan, false));
  BOOST_REQUIRE(p);
  BOOST_TEST((p->sampled == std::optional<bool>(false)));
}

BOOST_AUTO_TEST_CASE(id_validation) {
  BOOST_TEST(is_valid_trace_id(kTrace));
  BOOST_TEST(!is_valid_trace_id(kSpan));
  BOOST_TEST(is_valid_span_id(kSpan));
  BOOST_TEST(!is_valid_span_id(""));
  BOOST_TEST(!is_valid_span_id("0000000000000000"));
}

BOOST_AUTO_TEST_CASE(baggage_parses_members_values_and_properties) {
  auto r = parse_baggage(" key1 = value1 ;prop=1;flag , sentry-trace_id=abc,k2=a%20b%2Cc ");
  BOOST_REQUIRE(r.entries.size() == 3u);
  BOOST_TEST(r.entries[0].key == "key1");
  BOOST_TEST(r.entries[0].value == "value1");
  BOOST_TEST(r.entries[0].properties == "prop=1;flag");
  BOOST_TEST(r.entries[1].key == "sentry-trace_id");
  BOOST_TEST(r.entries[1].value == "abc");
  BOOST_TEST(r.entries[2].value == "a b,c");
  BOOST_TEST(r.skipped == 0u);
  BOOST_TEST(!r.truncated);
}

BOOST_AUTO_TEST_CASE(baggage_skips_malformed_members) {
  auto r = parse_baggage("noequals,=novalue,bad key=1,k(=2,ok=1,pct=%zz,pct2=%4,,  ,"
                         "tail=%41,empty=");
  BOOST_REQUIRE(r.entries.size() == 3u);
  BOOST_TEST(r.entries[0].key == "ok");
  BOOST_TEST(r.entries[1].value == "A");
  BOOST_TEST(r.entries[2].key == "empty");
  BOOST_TEST(r.entries[2].value == "");
  BOOST_TEST(r.skipped == 6u);  // noequals, =novalue, "bad key", k(, %zz, %4
}

BOOST_AUTO_TEST_CASE(baggage_repairs_invalid_utf8_in_values) {
  auto r = parse_baggage("k=%FF%C3%A9");
  BOOST_REQUIRE(r.entries.size() == 1u);
  BOOST_TEST(r.entries[0].value == "\xEF\xBF\xBD\xC3\xA9");  // U+FFFD then é
}

BOOST_AUTO_TEST_CASE(baggage_member_limit_keeps_sentry_members) {
  std::string header;
  for (int i = 0; i < 200; ++i) header += "k" + std::to_string(i) + "=v,";
  header += "sentry-trace_id=abc";
  auto r = parse_baggage(header);
  BOOST_TEST(r.truncated);
  BOOST_REQUIRE(r.entries.size() == kBaggageMaxMembers + 1);
  BOOST_TEST(r.entries.back().key == "sentry-trace_id");
  BOOST_TEST(r.entries[kBaggageMaxMembers - 1].key == "k179");
}

BOOST_AUTO_TEST_CASE(baggage_parse_of_hostile_input_stays_bounded) {
  std::string header;
  for (int i = 0; i < 5000; ++i) header += "sentry-k" + std::to_string(i) + "=v,";
  auto r = parse_baggage(header);
  BOOST_TEST(r.truncated);
  BOOST_TEST(r.entries.size() == 2 * kBaggageMaxMembers);
}

BOOST_AUTO_TEST_CASE(percent_encoding_round_trips) {
  const std::string raw = "a b,c;d=e%f\"g\\h/é\x01~*'()!-_.";
  std::string enc = baggage_encode(raw);
  BOOST_TEST(enc == "a%20b%2Cc%3Bd%3De%25f%22g%5Ch%2F%C3%A9%01~*'()!-_.");
  auto dec = baggage_decode(enc);
  BOOST_REQUIRE(dec);
  BOOST_TEST(*dec == raw);
  BOOST_TEST(baggage_decode("%2c%2C").value() == ",,");
  BOOST_TEST(!baggage_decode("%").has_value());
  BOOST_TEST(!baggage_decode("abc%2").has_value());
  BOOST_TEST(!baggage_decode("%g0").has_value());
}

BOOST_AUTO_TEST_CASE(format_baggage_writes_and_drops_whole_members) {
  std::vector<BaggageEntry> entries = {
      {"a", "1 2", ""}, {"b", "x", "p=1"}, {"bad key", "v", ""}, {"a", "dup", ""}};
  BOOST_TEST(format_baggage(entries) == "a=1%202,b=x;p=1");

  // A member too large for the remaining budget is skipped whole; a later small one fits.
  std::vector<BaggageEntry> big = {{"big1", std::string(5000, 'x'), ""},
                                   {"big2", std::string(5000, 'y'), ""},
                                   {"small", "s", ""}};
  std::string out = format_baggage(big);
  BOOST_TEST(out.size() <= kBaggageMaxBytes);
  BOOST_TEST(out.find("big1=") == 0u);
  BOOST_TEST(out.find("big2") == std::string::npos);
  BOOST_TEST(out.find(",small=s") != std::string::npos);

  std::vector<BaggageEntry> many;
  for (int i = 0; i < 200; ++i) many.push_back({"k" + std::to_string(i), "v", ""});
  std::string m = format_baggage(many);
  BOOST_TEST(parse_baggage(m).entries.size() == kBaggageMaxMembers);
}

BOOST_AUTO_TEST_CASE(format_baggage_rejects_properties_that_would_break_the_header) {
  std::vector<BaggageEntry> entries = {{"a", "1", "x\r\ny"}, {"b", "2", "ok"}};
  BOOST_TEST(format_baggage(entries) == "b=2;ok");
}

BOOST_AUTO_TEST_CASE(merge_keeps_third_party_and_replaces_sentry_members) {
  std::vector<BaggageEntry> ours = {{"sentry-trace_id", "t1", ""}, {"sentry-sampled", "true", ""}};
  std::string merged = merge_baggage(
      "other=1;p, sentry-trace_id=old, sentry-foo=stale, other=2, third=%20x", ours);
  BOOST_TEST(merged == "other=1;p,third=%20x,sentry-trace_id=t1,sentry-sampled=true");
  BOOST_TEST(merge_baggage("", ours) == "sentry-trace_id=t1,sentry-sampled=true");
  BOOST_TEST(merge_baggage("a=1", {}) == "a=1");
  BOOST_TEST(merge_baggage("sentry-x=1", {}) == "");
}

BOOST_AUTO_TEST_CASE(merge_with_over_long_existing_baggage_keeps_ours_within_limits) {
  std::string existing;
  for (int i = 0; i < 100; ++i) existing += "k" + std::to_string(i) + "=" + std::string(100, 'v') + ",";
  BOOST_TEST(existing.size() > kBaggageMaxBytes);
  std::vector<BaggageEntry> ours = {{"sentry-trace_id", std::string(32, 'a'), ""},
                                    {"sentry-public_key", "key", ""}};
  std::string merged = merge_baggage(existing, ours);
  BOOST_TEST(merged.size() <= kBaggageMaxBytes);
  auto parsed = parse_baggage(merged);
  BOOST_REQUIRE(parsed.entries.size() >= 2u);
  BOOST_TEST(parsed.entries[parsed.entries.size() - 2].key == "sentry-trace_id");
  BOOST_TEST(parsed.entries.back().key == "sentry-public_key");
  BOOST_TEST(parsed.entries.front().key == "k0");  // the earliest third-party members survive
  BOOST_TEST(parsed.skipped == 0u);                // no partial member was written
}

BOOST_AUTO_TEST_CASE(sentry_prefix_detection) {
  BOOST_TEST(is_sentry_baggage_key("sentry-trace_id"));
  BOOST_TEST(!is_sentry_baggage_key("Sentry-trace_id"));
  BOOST_TEST(!is_sentry_baggage_key("sentry"));
  BOOST_TEST(!is_sentry_baggage_key("xsentry-a"));
}
