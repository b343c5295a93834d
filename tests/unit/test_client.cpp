#define BOOST_TEST_MODULE client
#include <boost/test/unit_test.hpp>

#include "core/client.h"
#include "core/envelope.h"

using namespace vigil;

namespace {

Client make_client(const std::string& options_json, std::uint64_t seed = 42) {
  return Client(parse_client_options(parse_json(options_json).value), seed);
}

const char* kDsn = R"("dsn":"https://key@sentry.example.com/7")";

Value error_desc(const std::string& type, const std::string& value) {
  Value e;
  e["type"] = type;
  e["value"] = value;
  e["stack"] = type + ": " + value + "\n    at thrower (https://app.example.com/main.js:10:5)\n"
               "    at onClick (https://app.example.com/main.js:20:7)";
  return e;
}

Value payload_of(const PreparedRequest& req) {
  auto env = parse_envelope(req.body);
  BOOST_REQUIRE_MESSAGE(env.ok, env.error);
  return parse_json(env.envelope.items.at(0).payload).value;
}

}  // namespace

BOOST_AUTO_TEST_CASE(options_are_read_with_defaults_and_warnings) {
  auto r = parse_client_options(parse_json(
      R"({"dsn":"not a dsn","sampleRate":2,"maxBreadcrumbs":500,"normalizeDepth":5,"release":7})").value);
  BOOST_TEST(r.warnings.size() == 2u);
  BOOST_TEST(!r.options.dsn_ok);
  BOOST_TEST(r.options.max_breadcrumbs == 100u);
  BOOST_TEST(r.options.normalize.depth == 5u);
  BOOST_TEST(r.options.release.empty());  // wrong type falls back
  BOOST_TEST(r.options.environment == "production");
}

BOOST_AUTO_TEST_CASE(error_event_has_frames_scope_and_defaults) {
  Client c = make_client(std::string("{") + kDsn + R"(,"release":"r@1","environment":"qa"})");
  c.scope().set_tag("k", "v");
  Breadcrumb b;
  b.message = "clicked";
  b.timestamp = 5;
  c.scope().add_breadcrumb(b);
  PrepareResult p = c.prepare(c.event_from_error(error_desc("TypeError", "boom"), 100), 100);
  BOOST_REQUIRE(p.keep);
  const Value& ev = p.event;
  BOOST_TEST(ev.get("release").as_string() == "r@1");
  BOOST_TEST(ev.get("environment").as_string() == "qa");
  BOOST_TEST(ev.get("tags").get("k").as_string() == "v");
  BOOST_TEST(ev.get("breadcrumbs").get("values").size() == 1u);
  const Value& ex = ev.get("exception").get("values").as_array().at(0);
  BOOST_TEST(ex.get("type").as_string() == "TypeError");
  BOOST_TEST(ex.get("mechanism").get("handled").as_bool() == true);
  const auto& frames = ex.get("stacktrace").get("frames").as_array();
  BOOST_REQUIRE(frames.size() == 2u);
  BOOST_TEST(frames[1].get("function").as_string() == "thrower");  // innermost last
  BOOST_TEST(ev.get("sdk").get("name").as_string() == VIGIL_SDK_NAME);
}

BOOST_AUTO_TEST_CASE(cause_chain_is_linked_and_capped_at_five) {
  Client c = make_client("{}");
  Value e = error_desc("Error", "level0");
  Value* cur = &e;
  for (int i = 1; i <= 8; ++i) {
    (*cur)["cause"] = error_desc("Error", "level" + std::to_string(i));
    cur = cur->find("cause");
  }
  Event ev = c.event_from_error(e, 1);
  BOOST_REQUIRE(ev.exceptions.size() == 6u);
  BOOST_TEST(ev.exceptions.back().value == "level0");
  BOOST_TEST(ev.exceptions.front().value == "level5");
  BOOST_TEST(*ev.exceptions.front().mechanism.parent_id == 4);
  BOOST_TEST(ev.exceptions.front().mechanism.type == "chained");
}

BOOST_AUTO_TEST_CASE(inbound_filters_drop_and_count) {
  Client c = make_client(std::string("{") + kDsn +
                         R"(,"ignoreErrors":["ResizeObserver loop"],"denyUrls":["extensions/"]})");
  auto p = c.prepare(c.event_from_error(error_desc("Error", "ResizeObserver loop limit exceeded"), 1), 1);
  BOOST_TEST(!p.keep);
  BOOST_TEST(p.drop_reason == "event_processor");
  Value denied = error_desc("Error", "x");
  denied["stack"] = "Error: x\n    at f (chrome://extensions/a.js:1:1)";
  BOOST_TEST(!c.prepare(c.event_from_error(denied, 1), 1).keep);
  BOOST_TEST(c.prepare(c.event_from_error(error_desc("Error", "fine"), 1), 1).keep);
  auto report = c.transport().client_reports().take(2);
  BOOST_REQUIRE(report);
  BOOST_TEST(report->get("discarded_events").as_array().at(0).get("quantity").as_int() == 2);
}

BOOST_AUTO_TEST_CASE(sample_rate_is_deterministic_for_a_seed) {
  int kept_a = 0, kept_b = 0;
  Client a = make_client(R"({"sampleRate":0.5})", 9);
  Client b = make_client(R"({"sampleRate":0.5})", 9);
  for (int i = 0; i < 200; ++i) {
    const std::string m = "m" + std::to_string(i);  // distinct, so Dedupe keeps out of it
    kept_a += a.prepare(a.event_from_message(m, Level::info, 1), 1).keep;
    kept_b += b.prepare(b.event_from_message(m, Level::info, 1), 1).keep;
  }
  BOOST_TEST(kept_a == kept_b);
  BOOST_TEST(kept_a > 60);
  BOOST_TEST(kept_a < 140);
}

BOOST_AUTO_TEST_CASE(with_scope_is_isolated) {
  Client c = make_client("{}");
  c.scope().set_tag("outer", "1");
  c.push_scope();
  c.scope().set_tag("inner", "1");
  auto inside = c.prepare(c.event_from_message("in", Level::info, 1), 1);
  BOOST_TEST(c.pop_scope());
  BOOST_TEST(!c.pop_scope());
  auto outside = c.prepare(c.event_from_message("out", Level::info, 1), 1);
  BOOST_TEST(inside.event.get("tags").find("inner") != nullptr);
  BOOST_TEST(outside.event.get("tags").find("inner") == nullptr);
  BOOST_TEST(outside.event.get("tags").find("outer") != nullptr);
}

BOOST_AUTO_TEST_CASE(huge_cyclic_free_extra_is_capped_not_dropped) {
  Client c = make_client(std::string("{") + kDsn + "}");
  c.scope().set_extra("blob", std::string(5 * 1024 * 1024, 'x'));
  auto p = c.prepare(c.event_from_error(error_desc("Error", "big"), 1), 1);
  BOOST_REQUIRE(p.keep);
  auto req = c.send(std::move(p.event), 1);
  BOOST_REQUIRE(req);
  auto env = parse_envelope(req->body);
  BOOST_REQUIRE(env.ok);
  BOOST_TEST(env.envelope.items.at(0).payload.size() <= kMaxEventBytes);
  Value ev = payload_of(*req);
  BOOST_TEST(ev.get("exception").get("values").as_array().at(0).get("value").as_string() == "big");
}

BOOST_AUTO_TEST_CASE(send_pii_only_when_asked) {
  Client off = make_client("{}");
  Client on = make_client(R"({"sendDefaultPii":true})");
  BOOST_TEST(off.prepare(off.event_from_message("m", Level::info, 1), 1).event.find("user") == nullptr);
  BOOST_TEST(on.prepare(on.event_from_message("m", Level::info, 1), 1)
                 .event.get("user").get("ip_address").as_string() == "{{auto}}");
}

BOOST_AUTO_TEST_CASE(no_dsn_builds_events_but_sends_nothing) {
  Client c = make_client("{}");
  auto p = c.prepare(c.event_from_message("m", Level::info, 1), 1);
  BOOST_TEST(!c.send(p.event, 1).has_value());
  BOOST_TEST(c.last_event_id() == p.event.get("event_id").as_string());
}

BOOST_AUTO_TEST_CASE(long_exception_values_are_truncated) {
  Client c = make_client(R"({"maxValueLength":20})");
  auto p = c.prepare(c.event_from_error(error_desc("Error", std::string(100, 'a')), 1), 1);
  BOOST_TEST(p.event.get("exception").get("values").as_array().at(0).get("value").as_string().size() == 20u);
}

BOOST_AUTO_TEST_CASE(duplicates_are_dropped_unless_dedupe_is_off) {
  Client on = make_client("{}");
  Client off = make_client(R"({"dedupe":false})");
  for (Client* c : {&on, &off}) {
    BOOST_TEST(c->prepare(c->event_from_error(error_desc("Error", "same"), 1), 1).keep);
  }
  auto again = on.prepare(on.event_from_error(error_desc("Error", "same"), 2), 2);
  BOOST_TEST(!again.keep);
  BOOST_TEST(again.drop_reason == "event_processor");
  BOOST_TEST(off.prepare(off.event_from_error(error_desc("Error", "same"), 2), 2).keep);
}

BOOST_AUTO_TEST_CASE(session_counts_errors_and_crashes) {
  Client c = make_client(std::string("{") + kDsn + R"(,"release":"r@1"})");
  BOOST_TEST(!make_client("{}").start_session("ua", 1));  // no release: Relay would drop it
  BOOST_REQUIRE(c.start_session("Mozilla/5.0", 100));
  auto first = c.session_request(100);
  BOOST_REQUIRE(first);
  Value s = payload_of(*first);
  BOOST_TEST(s.get("init").as_bool() == true);
  BOOST_TEST(s.get("status").as_string() == "ok");
  BOOST_TEST(s.get("attrs").get("release").as_string() == "r@1");
  BOOST_TEST(!c.session_request(101));  // unchanged

  Value unhandled = error_desc("Error", "crash");
  unhandled["mechanism"] = parse_json(R"({"type":"onerror","handled":false})").value;
  BOOST_REQUIRE(c.prepare(c.event_from_error(unhandled, 102), 102).keep);
  auto update = c.session_request(102);
  BOOST_REQUIRE(update);
  s = payload_of(*update);
  BOOST_TEST(s.get("status").as_string() == "crashed");
  BOOST_TEST(s.get("errors").as_int() == 1);
  BOOST_TEST(s.get("init").as_bool(true) == false);
}

// The capture path keeps the event typed and splices the scope's shared JSON in; what it sends
// must be what the Value path (prepare() then send(Value)) sends, also when the event is over
// the size cap and has to be trimmed from its Value tree.
BOOST_AUTO_TEST_CASE(typed_capture_path_sends_what_the_value_path_sends) {
  struct Case {
    const char* option;
    std::size_t max_bytes;
  };
  for (const Case& k : {Case{"", 0}, Case{R"(,"maxEventBytes":6000)", 6000},
                        Case{R"(,"maxEventBytes":1500)", 1500}}) {
    const char* limit = k.option;
    auto run = [&](bool typed) {
      Client c = make_client(std::string("{") + kDsn + R"(,"release":"r@1","normalizeDepth":2)" +
                             limit + "}");
      c.scope().set_user(parse_json(R"({"id":"42"})").value);
      c.scope().set_tag("k", "v");
      c.scope().set_context("cart", parse_json(R"({"items":3,"deep":{"a":{"b":1}}})").value);
      c.scope().set_extra("order", parse_json(R"({"lines":[{"sku":"A","price":9.99}]})").value);
      for (int i = 0; i < 30; ++i) {
        Breadcrumb b;
        b.timestamp = 1700000000.5 + i;
        b.message = "step " + std::to_string(i) + std::string(150, 'x');
        b.data = parse_json(R"({"i":{"j":{"k":1}}})").value;
        c.scope().add_breadcrumb(b);
      }
      std::vector<std::string> payloads;
      for (int n = 0; n < 2; ++n) {  // the second event reuses what the first one wrote
        Event ev = c.event_from_error(error_desc("TypeError", "boom " + std::to_string(n)), 100);
        ev.event_id = std::string(31, '0') + std::to_string(n);
        std::optional<PreparedRequest> req;
        if (typed) {
          PreparedEvent p = c.prepare_event(std::move(ev), 100);
          BOOST_REQUIRE(p.keep);
          req = c.send(std::move(p.event), 100);
        } else {
          PrepareResult p = c.prepare(std::move(ev), 100);
          BOOST_REQUIRE(p.keep);
          req = c.send(std::move(p.event), 100);
        }
        BOOST_REQUIRE(req);
        auto env = parse_envelope(req->body);
        BOOST_REQUIRE(env.ok);
        payloads.push_back(env.envelope.items.at(0).payload);
      }
      return payloads;
    };
    std::vector<std::string> typed = run(true);
    std::vector<std::string> value = run(false);
    BOOST_TEST(typed == value, "limit" << limit);
    if (k.max_bytes == 0) {
      BOOST_TEST(typed[1].find("step 29") != std::string::npos);
    } else {
      // Trimmed (the untrimmed event is ~7 KB), and within the cap.
      BOOST_TEST(typed[1].size() <= k.max_bytes);
      BOOST_TEST(typed[1].find("step 0") == std::string::npos);
    }
  }
}
