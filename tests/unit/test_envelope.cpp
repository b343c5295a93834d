#define BOOST_TEST_MODULE envelope
#include <boost/test/unit_test.hpp>

#include <string>

#include "core/envelope.h"
#include "core/timefmt.h"

using namespace vigil;

namespace {

Value json(std::string_view text) {
  ParseResult r = parse_json(text);
  BOOST_REQUIRE_MESSAGE(r.ok, r.error);
  return r.value;
}

Envelope must_parse(std::string_view text) {
  EnvelopeParseResult r = parse_envelope(text);
  BOOST_REQUIRE_MESSAGE(r.ok, r.error);
  return r.envelope;
}

std::string parse_error(std::string_view text) {
  EnvelopeParseResult r = parse_envelope(text);
  BOOST_TEST(!r.ok, "parsed: " << text);
  return r.error;
}

void require_same(const Envelope& a, const Envelope& b) {
  BOOST_TEST(to_json(a.headers) == to_json(b.headers));
  BOOST_REQUIRE_EQUAL(a.items.size(), b.items.size());
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    BOOST_TEST(to_json(a.items[i].headers) == to_json(b.items[i].headers), "item " << i);
    BOOST_TEST(a.items[i].payload == b.items[i].payload, "item " << i);
  }
}

// A zlib stream's bytes as they might come out of a compressor: binary, with NUL, newline and
// bytes that are invalid UTF-8.
std::string zlib_like_bytes() {
  std::string s = "\x78\x9c";
  for (int i = 0; i < 256; ++i) s += static_cast<char>(i);
  s += std::string("\n\n\0\xff", 4);
  return s;
}

// One envelope holding every item type the SDK sends.
Envelope full_envelope() {
  Envelope e = make_envelope();
  set_event_id(e.headers, "9ec79c33ec9942ab8353589fcb2e04dc");
  set_sent_at(e.headers, 1700000000.5);
  set_dsn(e.headers, "https://k@o1.ingest.sentry.io/42");
  set_sdk(e.headers, "sentry.javascript.vigil", "0.1.0");
  set_trace(e.headers, json(R"({"trace_id":"771a43a4192642f0b136d5159a501700","public_key":"k","sample_rate":"0.5","sampled":"true"})"));
  e.items.push_back(make_json_item("event", json(R"({"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","message":"line1\nline2 \u00e9"})")));
  e.items.push_back(make_json_item("transaction", json(R"({"type":"transaction","spans":[{"span_id":"a"},{"span_id":"b"}]})")));
  e.items.push_back(make_json_item("session", json(R"({"sid":"s","status":"ok","errors":0})")));
  e.items.push_back(make_json_item("sessions", json(R"({"aggregates":[{"started":"2023-11-14T22:00:00Z","exited":3}],"attrs":{"release":"r"}})")));
  e.items.push_back(make_json_item("client_report", json(R"({"timestamp":1700000000,"discarded_events":[{"reason":"sample_rate","category":"error","quantity":2}]})")));
  e.items.push_back(make_json_item("replay_event", json(R"({"type":"replay_event","replay_id":"r","segment_id":0})")));
  e.items.push_back(make_raw_item("replay_recording", "{\"segment_id\":0}\n[{\"type\":4,\"data\":{\"href\":\"x\"}}]"));
  e.items.push_back(make_raw_item("replay_recording", "{\"segment_id\":1}\n" + zlib_like_bytes()));
  e.items.push_back(make_raw_item("attachment", std::string("bin\0ary\r\n\n", 11), "application/octet-stream", "dump.bin"));
  return e;
}

}  // namespace

BOOST_AUTO_TEST_CASE(serializes_the_exact_wire_format) {
  Envelope e = make_envelope();
  set_event_id(e.headers, "abc");
  e.items.push_back(make_json_item("event", json(R"({"message":"hi"})")));
  BOOST_TEST(e.serialize() ==
             "{\"event_id\":\"abc\"}\n{\"type\":\"event\",\"length\":16}\n{\"message\":\"hi\"}");
}

BOOST_AUTO_TEST_CASE(length_counts_bytes_not_characters) {
  Envelope e = make_envelope();
  e.items.push_back(make_raw_item("attachment", "\xC3\xA9\xE2\x82\xAC", "text/plain", "a.txt"));
  BOOST_TEST(e.serialize() ==
             "{}\n{\"type\":\"attachment\",\"content_type\":\"text/plain\",\"filename\":\"a.txt\","
             "\"length\":5}\n\xC3\xA9\xE2\x82\xAC");
}

BOOST_AUTO_TEST_CASE(serialize_overrides_a_stale_length) {
  Envelope e = make_envelope();
  EnvelopeItem item = make_raw_item("attachment", "12345");
  item.headers["length"] = 99;
  e.items.push_back(item);
  BOOST_TEST(e.serialize() == "{}\n{\"type\":\"attachment\",\"length\":5}\n12345");
}

BOOST_AUTO_TEST_CASE(empty_envelopes_and_non_object_headers) {
  BOOST_TEST(make_envelope().serialize() == "{}");
  BOOST_TEST(make_envelope(Value(3)).serialize() == "{}");
  Envelope e;
  e.headers = Value("not an object");
  BOOST_TEST(e.serialize() == "{}");
  Envelope parsed = must_parse("{}");
  BOOST_TEST(parsed.items.empty());
}

BOOST_AUTO_TEST_CASE(header_helpers_write_sentry_fields) {
  Value h = Value::object();
  set_event_id(h, "id1");
  set_sent_at(h, 1700000000.123);
  set_dsn(h, "https://k@h/1");
  set_sdk(h, "name", "1.2.3");
  set_trace(h, json(R"({"trace_id":"t","public_key":"k"})"));
  set_event_id(h, "id2");  // replaces
  BOOST_TEST(to_json(h) ==
             R"({"event_id":"id2","sent_at":"2023-11-14T22:13:20.123Z","dsn":"https://k@h/1",)"
             R"("sdk":{"name":"name","version":"1.2.3"},"trace":{"trace_id":"t","public_key":"k"}})");
}

BOOST_AUTO_TEST_CASE(every_item_type_round_trips) {
  Envelope e = full_envelope();
  std::string wire = e.serialize();
  Envelope back = must_parse(wire);
  require_same(e, back);
  BOOST_TEST(back.serialize() == wire);
  const char* types[] = {"event",        "transaction",      "session",          "sessions",
                         "client_report", "replay_event",    "replay_recording", "replay_recording",
                         "attachment"};
  for (std::size_t i = 0; i < back.items.size(); ++i) BOOST_TEST(back.items[i].type() == types[i]);
  // Parsed item headers lose "length"; it is an encoding detail serialize() rewrites.
  for (const auto& item : back.items) BOOST_TEST(item.headers.find("length") == nullptr);
  BOOST_TEST(back.items[8].headers.get("filename").as_string() == "dump.bin");
  BOOST_TEST(back.items[8].headers.get("content_type").as_string() == "application/octet-stream");
  BOOST_TEST(parse_rfc3339(back.headers.get("sent_at").as_string()).value() == 1700000000.5);
}

BOOST_AUTO_TEST_CASE(replay_recording_payload_keeps_its_header_line) {
  Envelope e = make_envelope();
  std::string payload = "{\"segment_id\":0}\n" + zlib_like_bytes();
  e.items.push_back(make_raw_item("replay_recording", payload));
  Envelope back = must_parse(e.serialize());
  BOOST_REQUIRE_EQUAL(back.items.size(), 1u);
  const std::string& p = back.items[0].payload;
  BOOST_TEST(p == payload);
  std::size_t nl = p.find('\n');
  BOOST_TEST(to_json(json(p.substr(0, nl))) == "{\"segment_id\":0}");
  BOOST_TEST(p.substr(nl + 1, 2) == "\x78\x9c");
}

BOOST_AUTO_TEST_CASE(parses_items_without_length) {
  Envelope e = must_parse("{\"event_id\":\"x\"}\n{\"type\":\"event\"}\n{\"a\":1}\n"
                          "{\"type\":\"session\"}\n{\"b\":2}");
  BOOST_REQUIRE_EQUAL(e.items.size(), 2u);
  BOOST_TEST(e.items[0].payload == "{\"a\":1}");
  BOOST_TEST(e.items[1].payload == "{\"b\":2}");
  BOOST_TEST(e.headers.get("event_id").as_string() == "x");
}

BOOST_AUTO_TEST_CASE(mixes_sized_and_unsized_items_and_trailing_newlines) {
  const char* texts[] = {
      "{}\n{\"type\":\"a\",\"length\":3}\nx\ny\n{\"type\":\"b\"}\nzz",
      "{}\n{\"type\":\"a\",\"length\":3}\nx\ny\n{\"type\":\"b\"}\nzz\n",
      "{}\n{\"type\":\"a\",\"length\":3}\nx\ny\n{\"type\":\"b\"}\nzz\n\n\r\n",
  };
  for (const char* text : texts) {
    Envelope e = must_parse(text);
    BOOST_REQUIRE_EQUAL(e.items.size(), 2u);
    BOOST_TEST(e.items[0].payload == "x\ny");
    BOOST_TEST(e.items[1].payload == "zz");
  }
}

BOOST_AUTO_TEST_CASE(parses_empty_payloads) {
  Envelope e = must_parse("{}\n{\"type\":\"a\",\"length\":0}\n\n{\"type\":\"b\"}\n\n"
                          "{\"type\":\"c\",\"length\":0}");
  BOOST_REQUIRE_EQUAL(e.items.size(), 3u);
  for (const auto& item : e.items) BOOST_TEST(item.payload.empty());
  Envelope unsized_at_end = must_parse("{}\n{\"type\":\"a\"}");
  BOOST_REQUIRE_EQUAL(unsized_at_end.items.size(), 1u);
  BOOST_TEST(unsized_at_end.items[0].payload.empty());
  // Serialized empty payloads round-trip too.
  Envelope built = make_envelope();
  built.items.push_back(make_raw_item("attachment", ""));
  built.items.push_back(make_raw_item("attachment", ""));
  require_same(built, must_parse(built.serialize()));
}

BOOST_AUTO_TEST_CASE(reports_invalid_input) {
  BOOST_TEST(parse_error("").find("empty envelope") != std::string::npos);
  BOOST_TEST(parse_error("{").find("envelope header is not valid JSON") != std::string::npos);
  BOOST_TEST(parse_error("\n{\"type\":\"a\"}\n").find("envelope header is not valid JSON") != std::string::npos);
  BOOST_TEST(parse_error("[]\n").find("envelope header is not a JSON object") != std::string::npos);
  BOOST_TEST(parse_error("{}\n{\"type\":\"a\"\n").find("item 1: header is not valid JSON") != std::string::npos);
  BOOST_TEST(parse_error("{}\n\"event\"\n{}").find("item 1: header is not a JSON object") != std::string::npos);
  BOOST_TEST(parse_error("{}\n{}\n{}").find("item 1: header has no \"type\"") != std::string::npos);
  BOOST_TEST(parse_error("{}\n{\"type\":7}\n{}").find("has no \"type\"") != std::string::npos);
  BOOST_TEST(parse_error("{}\n{\"type\":\"\"}\n{}").find("has no \"type\"") != std::string::npos);
  BOOST_TEST(parse_error("{}\n\n{\"type\":\"a\"}\nx").find("item 1: empty item header") != std::string::npos);
  for (const char* bad_length : {"-1", "\"3\"", "1.5", "null", "1e30", "[1]"}) {
    std::string text = std::string("{}\n{\"type\":\"a\",\"length\":") + bad_length + "}\nabc";
    BOOST_TEST(parse_error(text).find("\"length\" is not a non-negative integer") != std::string::npos,
               bad_length);
  }
}

BOOST_AUTO_TEST_CASE(reports_truncation_and_framing_errors) {
  std::string past = parse_error("{}\n{\"type\":\"a\",\"length\":10}\nabc");
  BOOST_TEST(past.find("item 1: length 10 runs past the end of the envelope (3 bytes left)") != std::string::npos);
  BOOST_TEST(past.find("at byte 28") != std::string::npos);
  BOOST_TEST(parse_error("{}\n{\"type\":\"a\",\"length\":1}").find("runs past the end") != std::string::npos);
  BOOST_TEST(parse_error("{}\n{\"type\":\"a\",\"length\":2}\nabc").find("item 1: expected a newline after its 2-byte payload") != std::string::npos);
  std::string second = parse_error("{}\n{\"type\":\"a\"}\nx\n{\"type\":\"b\",\"length\":9}\nx");
  BOOST_TEST(second.find("item 2:") != std::string::npos);
  BOOST_TEST(parse_error(std::string("{}\n{\"type\":\"a\",\"length\":18446744073709551615}\nx"))
                 .find("\"length\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_truncation_is_either_an_error_or_a_prefix) {
  Envelope full = full_envelope();
  std::string wire = full.serialize();
  int errors = 0;
  for (std::size_t n = 0; n < wire.size(); ++n) {
    EnvelopeParseResult r = parse_envelope(std::string_view(wire).substr(0, n));
    if (!r.ok) {
      BOOST_TEST(!r.error.empty());
      ++errors;
      continue;
    }
    // A successful parse of a prefix can only have lost or shortened the unsized tail: every
    // item here is sized, so all parsed items but none beyond must be complete.
    BOOST_REQUIRE_LE(r.envelope.items.size(), full.items.size());
    for (std::size_t i = 0; i < r.envelope.items.size(); ++i) {
      BOOST_TEST(r.envelope.items[i].payload == full.items[i].payload);
    }
  }
  BOOST_TEST(errors > 0);
}

BOOST_AUTO_TEST_CASE(item_counts_for_client_reports) {
  Envelope e = full_envelope();
  auto tx = item_counts(e.items[1]);
  BOOST_REQUIRE_EQUAL(tx.size(), 2u);
  BOOST_TEST((tx[0].category == DataCategory::transaction && tx[0].quantity == 1));
  BOOST_TEST((tx[1].category == DataCategory::span && tx[1].quantity == 3));  // 2 spans + itself
  BOOST_TEST(e.items[1].span_count == 3u);
  // A parsed transaction has no span_count and is counted from its payload.
  Envelope back = must_parse(e.serialize());
  BOOST_TEST(back.items[1].span_count == 0u);
  BOOST_TEST(item_counts(back.items[1])[1].quantity == 3u);
  EnvelopeItem broken_tx = make_raw_item("transaction", "{not json");
  BOOST_TEST(item_counts(broken_tx)[1].quantity == 1u);

  auto attachment = item_counts(e.items[8]);
  BOOST_REQUIRE_EQUAL(attachment.size(), 1u);
  BOOST_TEST((attachment[0].category == DataCategory::attachment && attachment[0].quantity == 11));
  auto ev = item_counts(e.items[0]);
  BOOST_TEST((ev.size() == 1 && ev[0].category == DataCategory::error && ev[0].quantity == 1));
  auto replay = item_counts(e.items[6]);
  BOOST_TEST((replay[0].category == DataCategory::replay && replay[0].quantity == 1));
  auto weird = item_counts(make_raw_item("something_new", "x"));
  BOOST_TEST((weird[0].category == DataCategory::default_));
}
