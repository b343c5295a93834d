#define BOOST_TEST_MODULE event
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>

#include "core/event.h"
#include "core/json.h"
#include "core/random.h"

using namespace vigil;

namespace vigil {
// Lets BOOST_TEST print both sides of a failed Value comparison.
std::ostream& operator<<(std::ostream& os, const Value& v) { return os << to_json(v); }
}  // namespace vigil

namespace {
Value parse(const std::string& text) {
  auto r = parse_json(text);
  BOOST_REQUIRE_MESSAGE(r.ok, r.error);
  return r.value;
}

Event full_event() {
  Xoshiro256 rng(7);
  Event e = make_event(rng, 1700000000.25);
  e.level = Level::warning;
  e.logger = "console";
  e.message = "something odd";
  ExceptionValue ex;
  ex.type = "TypeError";
  ex.value = "x is undefined";
  ex.module = "app";
  ex.mechanism.type = "onerror";
  ex.mechanism.handled = false;
  ex.mechanism.data = parse(R"({"function":"addEventListener"})");
  ex.mechanism.exception_id = 0;
  ex.mechanism.source = "cause";
  ex.mechanism.is_exception_group = true;
  Frame outer;
  outer.filename = "app.js";
  outer.function = "main";
  outer.abs_path = "https://example.com/app.js";
  outer.lineno = 10;
  outer.colno = 3;
  outer.in_app = true;
  outer.pre_context = {"a", "b"};
  outer.context_line = "c";
  outer.post_context = {"d"};
  outer.vars = parse(R"({"x":1})");
  Frame inner;
  inner.function = "crash";
  inner.in_app = false;
  inner.other.push_back(Member{"instruction_addr", Value("0x1")});
  ex.frames = {outer, inner};
  e.exceptions.push_back(ex);
  Breadcrumb b;
  b.timestamp = 1699999999.5;
  b.type = "http";
  b.category = "fetch";
  b.message = "GET /";
  b.level = Level::info;
  b.data = parse(R"({"status_code":200})");
  e.breadcrumbs.push_back(b);
  e.tags = {{"browser", "Chrome"}, {"a", "1"}};
  e.extra = parse(R"({"k":[1,2]})");
  e.contexts = parse(R"({"os":{"name":"Linux"}})");
  e.user = parse(R"({"id":"42"})");
  e.request = parse(R"({"url":"https://example.com/"})");
  e.release = "1.0.0";
  e.environment = "prod";
  e.dist = "7";
  e.server_name = "edge-1";
  e.transaction = "/home";
  e.fingerprint = {"{{ default }}", "x"};
  e.sdk = parse(R"({"name":"sentry.javascript.vigil","version":"0.1.0"})");
  e.debug_meta = parse(R"({"images":[]})");
  e.other.push_back(Member{"modules", parse(R"({"react":"18"})")});
  return e;
}
}  // namespace

BOOST_AUTO_TEST_CASE(levels_round_trip_and_accept_aliases) {
  for (Level l : {Level::debug, Level::info, Level::warning, Level::error, Level::fatal})
    BOOST_TEST((level_from_string(level_to_string(l)) == l));
  BOOST_TEST((level_from_string("warn") == Level::warning));
  BOOST_TEST((level_from_string("log") == Level::info));
  BOOST_TEST((level_from_string("critical") == Level::fatal));
  BOOST_TEST(!level_from_string("Error"));
  BOOST_TEST(!level_from_string(""));
  BOOST_TEST(!level_from_string(std::string_view("error\0", 6)));
}

BOOST_AUTO_TEST_CASE(wire_shape_matches_sentry) {
  Event e = full_event();
  Value v = e.to_value();
  BOOST_TEST(v.get("event_id").as_string().size() == 32u);
  BOOST_TEST(v.get("timestamp").is_number());
  BOOST_TEST(v.get("timestamp").as_double() == 1700000000.25);
  BOOST_TEST(v.get("platform").as_string() == "javascript");
  BOOST_TEST(v.get("level").as_string() == "warning");
  BOOST_TEST(to_json(v.get("message")) == R"({"formatted":"something odd"})");
  const Value& ex = v.get("exception").get("values").as_array().at(0);
  BOOST_TEST(ex.get("type").as_string() == "TypeError");
  BOOST_TEST(to_json(ex.get("mechanism")) ==
             R"({"type":"onerror","handled":false,"data":{"function":"addEventListener"},)"
             R"("exception_id":0,"source":"cause","is_exception_group":true})");
  const Array& frames = ex.get("stacktrace").get("frames").as_array();
  BOOST_REQUIRE(frames.size() == 2u);
  BOOST_TEST(to_json(frames[0]) ==
             R"({"filename":"app.js","function":"main","abs_path":"https://example.com/app.js",)"
             R"("lineno":10,"colno":3,"in_app":true,"pre_context":["a","b"],"context_line":"c",)"
             R"("post_context":["d"],"vars":{"x":1}})");
  BOOST_TEST(to_json(frames[1]) ==
             R"({"function":"crash","in_app":false,"instruction_addr":"0x1"})");
  BOOST_TEST(to_json(v.get("breadcrumbs")) ==
             R"({"values":[{"timestamp":1699999999.5,"type":"http","category":"fetch",)"
             R"("message":"GET /","level":"info","data":{"status_code":200}}]})");
  BOOST_TEST(to_json(v.get("tags")) == R"({"a":"1","browser":"Chrome"})");
  BOOST_TEST(to_json(v.get("fingerprint")) == R"(["{{ default }}","x"])");
  BOOST_TEST(to_json(v.get("modules")) == R"({"react":"18"})");
}

BOOST_AUTO_TEST_CASE(empty_fields_are_omitted) {
  Event e;
  BOOST_TEST(to_json(e.to_value()) == R"({"platform":"javascript"})");
  e.platform.clear();
  e.extra = Value::object();
  e.user = Value::array();
  BOOST_TEST(to_json(e.to_value()) == "{}");
  // An exception without frames has no stacktrace but always a mechanism.
  ExceptionValue ex;
  ex.type = "Error";
  BOOST_TEST(to_json(ex.to_value()) == R"({"type":"Error","mechanism":{"type":"generic"}})");
  ex.mechanism.type.clear();
  BOOST_TEST(to_json(ex.to_value()) == R"({"type":"Error","mechanism":{"type":"generic"}})");
}

BOOST_AUTO_TEST_CASE(round_trip_loses_nothing) {
  Event e = full_event();
  Value wire = e.to_value();
  Event back = Event::from_value(wire);
  BOOST_TEST(to_json(back.to_value()) == to_json(wire));
  // Through text as well.
  Event again = Event::from_value(parse(to_json(wire)));
  BOOST_TEST(to_json(again.to_value()) == to_json(wire));
  BOOST_TEST(again.exceptions.at(0).frames.at(1).other.size() == 1u);
  BOOST_TEST(again.other.size() == 1u);
  BOOST_TEST(again.other[0].key == "modules");
}

BOOST_AUTO_TEST_CASE(unknown_keys_kept_at_every_level) {
  Value v = parse(R"({
    "event_id":"0123456789abcdef0123456789abcdef","type":"transaction",
    "start_timestamp":1.5,"spans":[{"op":"db"}],"measurements":{"lcp":{"value":1}},
    "exception":{"values":[{"type":"E","thread_id":3,"mechanism":{"type":"x","synthetic":true},
      "stacktrace":{"frames":[{"function":"f","platform":"node"}],"registers":{"pc":"0x1"}}}]},
    "breadcrumbs":{"values":[{"message":"m","event_id":"abc"}]}})");
  Event e = Event::from_value(v);
  BOOST_TEST(e.type == "transaction");
  BOOST_TEST(e.other.size() == 3u);
  BOOST_TEST(e.exceptions.at(0).other.size() == 1u);
  BOOST_TEST(e.exceptions.at(0).mechanism.other.size() == 1u);
  BOOST_TEST(e.exceptions.at(0).stacktrace_other.size() == 1u);
  BOOST_TEST(e.exceptions.at(0).frames.at(0).other.size() == 1u);
  BOOST_TEST(e.breadcrumbs.at(0).other.size() == 1u);
  Value out = e.to_value();
  BOOST_TEST(out.get("spans") == v.get("spans"));
  BOOST_TEST(out.get("measurements") == v.get("measurements"));
  BOOST_TEST(out.get("exception") == v.get("exception"));
  BOOST_TEST(out.get("breadcrumbs") == v.get("breadcrumbs"));
}

BOOST_AUTO_TEST_CASE(other_never_duplicates_a_typed_key) {
  Event e;
  e.release = "typed";
  e.other.push_back(Member{"release", Value("leftover")});
  e.other.push_back(Member{"custom", Value(1)});
  BOOST_TEST(to_json(e.to_value()) == R"({"platform":"javascript","release":"typed","custom":1})");
}

BOOST_AUTO_TEST_CASE(accepts_the_other_wire_forms) {
  Value v = parse(R"({
    "event_id":"0123ABCD-89ab-4def-8123-456789ABCDEF",
    "timestamp":"2021-01-01T00:00:01.500Z",
    "message":"plain string",
    "exception":[{"type":"A"},{"type":"B"}],
    "breadcrumbs":[{"timestamp":"2021-01-01T00:00:00Z","message":"c"}],
    "tags":[["k","v"],["n",5],["bad"],[1,"x"],["b",true]],
    "fingerprint":["a",3,null,{}]})");
  Event e = Event::from_value(v);
  BOOST_TEST(e.event_id == "0123abcd89ab4def8123456789abcdef");
  BOOST_TEST(e.timestamp == 1609459201.5);
  BOOST_TEST(e.message == "plain string");
  BOOST_REQUIRE(e.exceptions.size() == 2u);
  BOOST_TEST(e.exceptions[1].type == "B");
  BOOST_REQUIRE(e.breadcrumbs.size() == 1u);
  BOOST_TEST(e.breadcrumbs[0].timestamp == 1609459200.0);
  BOOST_TEST(e.tags.size() == 3u);
  BOOST_TEST(e.tags["n"] == "5");
  BOOST_TEST(e.tags["b"] == "true");
  BOOST_TEST((e.fingerprint == std::vector<std::string>{"a", "3"}));
}

BOOST_AUTO_TEST_CASE(message_forms) {
  BOOST_TEST(Event::from_value(parse(R"({"message":{"formatted":"f","message":"m"}})")).message ==
             "f");
  BOOST_TEST(Event::from_value(parse(R"({"message":{"message":"m %s","params":["x"]}})")).message ==
             "m %s");
  BOOST_TEST(Event::from_value(parse(R"({"logentry":{"formatted":"L"}})")).message == "L");
  // "message" wins over "logentry", in either order.
  BOOST_TEST(Event::from_value(parse(R"({"logentry":{"formatted":"L"},"message":"M"})")).message ==
             "M");
  BOOST_TEST(Event::from_value(parse(R"({"message":"M","logentry":{"formatted":"L"}})")).message ==
             "M");
  BOOST_TEST(Event::from_value(parse(R"({"message":42})")).message.empty());
}

BOOST_AUTO_TEST_CASE(from_value_on_junk_never_fails) {
  for (const char* junk : {"null", "42", "\"event\"", "[1,2,3]", "{}", "true"}) {
    Event e = Event::from_value(parse(junk));
    BOOST_TEST(e.event_id.empty());
    BOOST_TEST(e.exceptions.empty());
    BOOST_TEST(e.platform == "javascript");
  }
  Value v = parse(R"({
    "event_id":"not-hex","timestamp":"yesterday","platform":7,"level":"loud","logger":[],
    "message":null,"exception":{"values":[1,"x",null,{"type":5,"mechanism":"m","stacktrace":
      {"frames":[7,{"lineno":-3,"colno":2.5,"in_app":"yes","pre_context":[1,"ok"],
       "context_line":9,"vars":[1]},{"lineno":1e300,"colno":"4"}]}}]},
    "breadcrumbs":{"values":[null,{"timestamp":null,"level":3,"data":"d"}]},
    "tags":{"a":null,"b":{"c":1},"d":1.5,"e":"ok"},
    "extra":[1],"contexts":"c","user":5,"request":true,"release":1,"fingerprint":"fp",
    "sdk":[],"debug_meta":0})");
  Event e = Event::from_value(v);
  BOOST_TEST(e.event_id.empty());
  BOOST_TEST(e.timestamp == 0);
  BOOST_TEST(e.platform == "javascript");
  BOOST_TEST(!e.level);
  BOOST_TEST(e.logger.empty());
  BOOST_REQUIRE(e.exceptions.size() == 1u);
  const ExceptionValue& ex = e.exceptions[0];
  BOOST_TEST(ex.type.empty());
  BOOST_TEST(ex.mechanism.type == "generic");
  BOOST_REQUIRE(ex.frames.size() == 2u);
  BOOST_TEST(ex.frames[0].lineno == 0);
  BOOST_TEST(ex.frames[0].colno == 0);
  BOOST_TEST(!ex.frames[0].in_app);
  BOOST_TEST((ex.frames[0].pre_context == std::vector<std::string>{"ok"}));
  BOOST_TEST(!ex.frames[0].context_line);
  BOOST_TEST(ex.frames[0].vars.is_null());
  BOOST_TEST(ex.frames[1].lineno == 0);
  BOOST_TEST(ex.frames[1].colno == 0);
  BOOST_REQUIRE(e.breadcrumbs.size() == 1u);
  BOOST_TEST(!e.breadcrumbs[0].level);
  BOOST_TEST(e.breadcrumbs[0].data.is_null());
  BOOST_TEST(e.tags.size() == 2u);
  BOOST_TEST(e.tags["d"] == "1.5");
  BOOST_TEST(e.extra.is_null());
  BOOST_TEST(e.contexts.is_null());
  BOOST_TEST(e.user.is_null());
  BOOST_TEST(e.request.is_null());
  BOOST_TEST(e.release.empty());
  BOOST_TEST(e.fingerprint.empty());
  BOOST_TEST(e.sdk.is_null());
  BOOST_TEST(e.debug_meta.is_null());
  // And what comes out is still a valid event.
  BOOST_TEST(parse_json(to_json(e.to_value())).ok);
}

BOOST_AUTO_TEST_CASE(non_finite_timestamps_are_dropped) {
  Event e;
  e.timestamp = std::nan("");
  BOOST_TEST(!e.to_value().find("timestamp"));
  e.timestamp = std::numeric_limits<double>::infinity();
  BOOST_TEST(!e.to_value().find("timestamp"));
  Value v = Value::object();
  v["timestamp"] = std::nan("");
  BOOST_TEST(Event::from_value(v).timestamp == 0);
}

BOOST_AUTO_TEST_CASE(event_id_normalization) {
  BOOST_TEST(*normalize_event_id("0123456789ABCDEF0123456789abcdef") ==
             "0123456789abcdef0123456789abcdef");
  BOOST_TEST(*normalize_event_id("01234567-89ab-cdef-0123-456789abcdef") ==
             "0123456789abcdef0123456789abcdef");
  BOOST_TEST(!normalize_event_id("0123456789abcdef0123456789abcde"));    // 31
  BOOST_TEST(!normalize_event_id("0123456789abcdef0123456789abcdef0"));  // 33
  BOOST_TEST(!normalize_event_id("0123456789abcdef0123456789abcdeg"));
  BOOST_TEST(!normalize_event_id("0123-4567-89ab-cdef0123456789abcdef"));  // dashes misplaced
  BOOST_TEST(!normalize_event_id(""));
}

BOOST_AUTO_TEST_CASE(tag_values_stringify_like_javascript) {
  BOOST_TEST(*tag_value_string(Value("s")) == "s");
  BOOST_TEST(*tag_value_string(Value(false)) == "false");
  BOOST_TEST(*tag_value_string(Value(-12)) == "-12");
  BOOST_TEST(*tag_value_string(Value(0.1)) == "0.1");
  BOOST_TEST(*tag_value_string(Value(3.0)) == "3");
  BOOST_TEST(*tag_value_string(Value(std::nan(""))) == "NaN");
  BOOST_TEST(*tag_value_string(Value(-std::numeric_limits<double>::infinity())) == "-Infinity");
  BOOST_TEST(!tag_value_string(Value()));
  BOOST_TEST(!tag_value_string(Value::object()));
  BOOST_TEST(!tag_value_string(Value::array()));
}

BOOST_AUTO_TEST_CASE(make_event_gives_fresh_ids) {
  Xoshiro256 rng(1);
  Event a = make_event(rng, 10.5);
  Event b = make_event(rng, 11);
  BOOST_TEST(a.event_id.size() == 32u);
  BOOST_TEST(a.event_id[12] == '4');  // UUID version nibble
  BOOST_TEST(a.event_id != b.event_id);
  BOOST_TEST(a.timestamp == 10.5);
  BOOST_TEST(normalize_event_id(a.event_id).value_or("") == a.event_id);
  BOOST_TEST(!a.level);
  BOOST_TEST(a.platform == "javascript");
}
