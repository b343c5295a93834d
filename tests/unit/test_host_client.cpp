#define BOOST_TEST_MODULE host_client
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "core/envelope.h"
#include "core/host_client.h"
#include "core/json.h"

using namespace vigil;

namespace {

const char* kOptions = R"({"dsn":"https://key@sentry.example.com/7","release":"r@1"})";
const char* kError =
    R"j({"kind":"error","error":{"type":"TypeError","value":"x is undefined",)j"
    R"j("stack":"TypeError: x is undefined\n    at f (https://app.example.com/a.js:1:2)"}})j";

// An answer with a payload: the head line parsed, and the rest as it is.
struct Split {
  Value head;
  std::string payload;
  bool has_payload = false;
};

Split split(const std::string& out) {
  Split s;
  const auto nl = out.find('\n');
  auto r = parse_json(out.substr(0, nl));
  BOOST_REQUIRE_MESSAGE(r.ok, "head is JSON: " << out.substr(0, nl));
  s.head = std::move(r.value);
  if (nl != std::string::npos) {
    s.payload = out.substr(nl + 1);
    s.has_payload = true;
  }
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(capture_answers_a_request_head_and_the_body_as_is) {
  HostClient client(kOptions, 1);
  std::string out;
  client.capture(kError, 1700000000, false, kNoSpan, out);
  Split s = split(out);
  BOOST_REQUIRE(s.has_payload);
  BOOST_TEST(s.head["eventId"].as_string().size() == 32u);
  Value& request = s.head["request"];
  BOOST_TEST(request["url"].as_string().find("/api/7/envelope/") != std::string::npos);
  BOOST_TEST(request["headers"]["Content-Type"].as_string() == "text/plain;charset=UTF-8");
  // The head says what the body holds, so the host never reads it back.
  BOOST_TEST(request["bytes"].as_double() == static_cast<double>(s.payload.size()));
  BOOST_TEST(request["categories"].as_array().size() == 1u);
  BOOST_TEST(request["categories"].as_array()[0].get("category").as_string() == "error");
  BOOST_TEST(request["categories"].as_array()[0].get("quantity").as_double() == 1);
  auto envelope = parse_envelope(s.payload);
  BOOST_REQUIRE(envelope.ok);
  auto event = parse_json(envelope.envelope.items.at(0).payload).value;
  BOOST_TEST(event["event_id"].as_string() == s.head["eventId"].as_string());
  BOOST_TEST(event["exception"]["values"].as_array()[0].get("type").as_string() == "TypeError");
}

BOOST_AUTO_TEST_CASE(capture_for_before_send_answers_the_event_then_send_event_sends_it) {
  HostClient client(kOptions, 2);
  std::string out;
  client.capture(kError, 1700000000, true, kNoSpan, out);
  Split s = split(out);
  BOOST_TEST(s.head["event"].as_bool());
  BOOST_REQUIRE(s.has_payload);
  auto event = parse_json(s.payload);
  BOOST_REQUIRE(event.ok);
  BOOST_TEST(event.value["release"].as_string() == "r@1");
  client.send_event(s.payload, 1700000001, kNoSpan, out);
  Split sent = split(out);
  BOOST_TEST(sent.head["id"].as_double() > 0);
  BOOST_TEST(sent.payload.find(s.head["eventId"].as_string()) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_dropped_capture_says_why_and_has_no_payload) {
  HostClient client(R"({"dsn":"https://key@sentry.example.com/7","sampleRate":0})", 3);
  std::string out;
  client.capture(kError, 1700000000, false, kNoSpan, out);
  Split s = split(out);
  BOOST_TEST(!s.has_payload);
  BOOST_TEST(s.head["dropped"].as_string() == "sample_rate");
}

BOOST_AUTO_TEST_CASE(answers_for_nothing_are_empty) {
  HostClient client(kOptions, 4);
  std::string out = "stale";
  client.end_span(12345, 1, out);
  BOOST_TEST(out.empty());
  out = "stale";
  client.span_info(12345, out);
  BOOST_TEST(out.empty());
  out = "stale";
  client.take_client_report(1, out);
  BOOST_TEST(out.empty());
  client.warnings(out);
  BOOST_TEST(out == "[]");
}

BOOST_AUTO_TEST_CASE(warnings_are_a_json_array_of_strings) {
  HostClient client(R"({"dsn":"not a dsn \" quoted","sampleRate":2})", 5);
  std::string out;
  client.warnings(out);
  auto r = parse_json(out);
  BOOST_REQUIRE(r.ok);
  BOOST_TEST(r.value.as_array().size() == 2u);
  BOOST_TEST(!client.can_send());
}

BOOST_AUTO_TEST_CASE(isolated_scopes_keep_their_own_tags) {
  HostClient client(kOptions, 6);
  client.set_tag("shared", "yes");
  const int a = client.fork_scope();
  const int b = client.fork_scope();
  client.use_scope(a);
  client.set_tag("who", "a");
  client.use_scope(b);
  client.set_tag("who", "b");
  std::string out;
  client.capture(kError, 1700000000, true, kNoSpan, out);
  auto event = parse_json(split(out).payload).value;
  BOOST_TEST(event["tags"]["who"].as_string() == "b");
  BOOST_TEST(event["tags"]["shared"].as_string() == "yes");
  client.drop_scope(b);  // dropping the selected scope falls back to the global one
  client.capture(kError, 1700000000, true, kNoSpan, out);
  event = parse_json(split(out).payload).value;
  BOOST_TEST(event["tags"].find("who") == nullptr);
}

BOOST_AUTO_TEST_CASE(spans_answer_info_trace_headers_and_the_transaction_request) {
  HostClient client(R"({"dsn":"https://key@sentry.example.com/7","tracesSampleRate":1})", 7);
  const SpanHandle root = client.start_transaction("checkout", "ui.action", "custom", 100, "", "", NAN);
  BOOST_REQUIRE(root != kNoSpan);
  std::string out;
  client.span_info(root, out);
  auto info = parse_json(out).value;
  BOOST_TEST(info["sampled"].as_bool());
  BOOST_TEST(info["op"].as_string() == "ui.action");
  BOOST_TEST(!info["ended"].as_bool());
  client.trace_headers(root, "", out);
  auto headers = parse_json(out).value;
  BOOST_TEST(headers["sentryTrace"].as_string().find(info["traceId"].as_string()) == 0u);
  client.end_span(root, 101, out);
  Split s = split(out);
  BOOST_TEST(s.head["categories"].as_array()[0].get("category").as_string() == "transaction");
  BOOST_TEST(s.payload.find("\"type\":\"transaction\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(invalid_json_arguments_are_ignored_not_fatal) {
  HostClient client("{not json", 8);
  client.set_user("{");
  client.set_tags("[1,2");
  client.add_breadcrumb("nope");
  client.set_fingerprint("{}");
  std::string out;
  client.capture("{broken", 1, false, kNoSpan, out);
  BOOST_TEST(split(out).head["eventId"].as_string().size() == 32u);
}
