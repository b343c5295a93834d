#define BOOST_TEST_MODULE event_json
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include "core/event.h"
#include "core/event_json.h"
#include "core/json.h"
#include "core/random.h"

using namespace vigil;

namespace {

Value parse(const std::string& text) {
  auto r = parse_json(text);
  BOOST_REQUIRE_MESSAGE(r.ok, r.error);
  return r.value;
}

std::string direct(const Event& e) {
  std::string out;
  write_event_json(e, out);
  return out;
}

// The direct writer's whole contract: the bytes the Value path writes.
void check_same(const Event& e) {
  BOOST_TEST(direct(e) == to_json(e.to_value()));
}

Event full_event() {
  Xoshiro256 rng(7);
  Event e = make_event(rng, 1700000000.25);
  e.level = Level::warning;
  e.logger = "console";
  e.message = "something \"odd\"\n\xff";
  ExceptionValue cause;
  cause.type = "RangeError";
  cause.mechanism.type = "chained";
  cause.mechanism.source = "cause";
  cause.mechanism.parent_id = 0;
  cause.mechanism.exception_id = 1;
  e.exceptions.push_back(cause);
  ExceptionValue ex;
  ex.type = "TypeError";
  ex.value = "x is undefined";
  ex.module = "app";
  ex.mechanism.type = "onerror";
  ex.mechanism.handled = false;
  ex.mechanism.data = parse(R"({"function":"addEventListener"})");
  ex.mechanism.exception_id = 0;
  ex.mechanism.is_exception_group = true;
  ex.mechanism.other.push_back(Member{"synthetic", Value(true)});
  Frame outer;
  outer.filename = "app.js";
  outer.function = "main";
  outer.abs_path = "https://example.com/app.js";
  outer.lineno = 10;
  outer.colno = 3;
  outer.in_app = true;
  outer.pre_context = {"a", "b"};
  outer.context_line = "";
  outer.post_context = {"d"};
  outer.vars = parse(R"({"x":1,"y":{"z":[1.5,null,"s"]}})");
  Frame inner;
  inner.function = "crash";
  inner.in_app = false;
  inner.other.push_back(Member{"instruction_addr", Value("0x1")});
  inner.other.push_back(Member{"function", Value("leftover loses")});
  ex.frames = {outer, inner};
  ex.stacktrace_other.push_back(Member{"registers", parse(R"({"pc":"0x1"})")});
  ex.other.push_back(Member{"thread_id", Value(3)});
  e.exceptions.push_back(ex);
  Breadcrumb b;
  b.timestamp = 1699999999.5;
  b.type = "http";
  b.category = "fetch";
  b.message = "GET /";
  b.level = Level::info;
  b.data = parse(R"({"status_code":200,"ratio":0.1})");
  b.other.push_back(Member{"event_id", Value("abc")});
  e.breadcrumbs.push_back(b);
  Breadcrumb bare;
  bare.timestamp = std::numeric_limits<double>::quiet_NaN();
  bare.data = Value::object();
  e.breadcrumbs.push_back(bare);
  e.tags = {{"browser", "Chrome"}, {"a", "1"}, {"empty", ""}};
  e.extra = parse(R"({"k":[1,2],"n":-0.0,"big":1e300})");
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
  e.other.push_back(Member{"release", Value("a typed key wins")});
  e.other.push_back(Member{"modules", Value("the first leftover wins")});
  return e;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_default_event_is_written_as_the_value_path_writes_it) {
  check_same(Event{});
  Event e;
  e.platform.clear();
  check_same(e);
  BOOST_TEST(direct(e) == "{}");
}

BOOST_AUTO_TEST_CASE(every_field_and_leftover_is_written_as_the_value_path_writes_it) {
  Event e = full_event();
  check_same(e);
  // The leftovers that collide with a typed key or an earlier leftover are not written twice.
  const std::string json = direct(e);
  BOOST_TEST(json.find("a typed key wins") == std::string::npos);
  BOOST_TEST(json.find("the first leftover wins") == std::string::npos);
  BOOST_TEST(json.find("leftover loses") == std::string::npos);
  BOOST_TEST(parse_json(json).ok);
}

BOOST_AUTO_TEST_CASE(empty_parts_are_left_out_as_the_value_path_leaves_them_out) {
  Event e;
  ExceptionValue ex;  // no frames: no stacktrace; empty mechanism type: "generic"
  ex.mechanism.type.clear();
  e.exceptions.push_back(ex);
  ExceptionValue only_other;
  only_other.stacktrace_other.push_back(Member{"registers", Value::object()});
  e.exceptions.push_back(only_other);
  e.extra = Value::object();
  e.contexts = Value::array();
  e.user = Value(nullptr);
  e.sdk = Value("not an object");
  e.timestamp = std::numeric_limits<double>::infinity();
  check_same(e);
  BOOST_TEST(direct(e).find("\"stacktrace\":{\"registers\":{}}") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(events_read_from_any_json_are_written_as_the_value_path_writes_them) {
  const char* inputs[] = {
      R"({"event_id":"0123456789ABCDEF0123456789abcdef","type":"transaction","start_timestamp":1.5,
          "spans":[{"op":"db"}],"exception":[{"type":"E","stacktrace":{"frames":[{"lineno":-1,
          "colno":2.5,"in_app":"yes","vars":[],"pre_context":["a",1]}]}}],
          "breadcrumbs":[{"timestamp":"2023-11-14T22:13:20.5Z","level":"warn","data":[1]}],
          "tags":[["a",1],["b",true],["c",null]],"fingerprint":["x",2,false],"logentry":{"message":"m"}})",
      R"({"message":{"formatted":"f"},"level":"nope","extra":{"a":{"b":{"c":{"d":1}}}},"x":null,
          "user":{},"request":[],"platform":"","exception":{"values":[{"mechanism":{"handled":1,
          "exception_id":2.5,"parent_id":"1","data":{}}}]},"other":{"k":"\u0000\ud800"}})",
      R"({"tags":{"n":1e21,"m":-0.5,"t":true},"timestamp":0,"breadcrumbs":{"values":[{},{"type":""}]}})",
  };
  for (const char* in : inputs) check_same(Event::from_value(parse(in)));
}

BOOST_AUTO_TEST_CASE(parts_have_writers_of_their_own) {
  Event e = full_event();
  std::string crumb;
  write_breadcrumb_json(e.breadcrumbs[0], crumb);
  BOOST_TEST(crumb == to_json(e.breadcrumbs[0].to_value()));
  std::string ex;
  write_exception_json(e.exceptions[1], ex);
  BOOST_TEST(ex == to_json(e.exceptions[1].to_value()));
}

BOOST_AUTO_TEST_CASE(breadcrumbs_already_written_follow_the_typed_ones) {
  Event e = full_event();
  JsonPartRef shared("", R"({"timestamp":1.5,"message":"from the scope"})");
  e.breadcrumb_json = {shared, shared};
  check_same(e);
  BOOST_TEST(direct(e).find(R"("level":"info","data":{"status_code":200,"ratio":0.1},"event_id":"abc"},{},{"timestamp":1.5,"message":"from the scope"},{"timestamp")") !=
             std::string::npos);
  Event only;
  only.breadcrumb_json = {shared};
  check_same(only);
  BOOST_TEST(direct(only) ==
             R"({"platform":"javascript","breadcrumbs":{"values":[{"timestamp":1.5,"message":"from the scope"}]}})");
}

BOOST_AUTO_TEST_CASE(members_already_written_follow_the_fields_own) {
  auto member = [](const char* key, const char* json) {
    return JsonPartRef(key, json);
  };
  Event e = full_event();
  e.extra_json = {member("a", R"("a":{"b":[1,2.5]})"), member("q", R"("q":null)")};
  e.contexts_json = {member("app", R"("app":{"name":"x"})")};
  check_same(e);
  BOOST_TEST(direct(e).find(R"("extra":{"k":[1,2],"n":0,"big":1e+300,"a":{"b":[1,2.5]},"q":null})") !=
             std::string::npos);
  Event bare;  // no extra of its own: the members make the object
  bare.extra_json = {member("a", R"("a":1)")};
  check_same(bare);
  BOOST_TEST(direct(bare) == R"({"platform":"javascript","extra":{"a":1}})");
  Event junk;  // a field that is not an object keeps what it is
  junk.contexts = Value("junk");
  check_same(junk);
}

// Shared parts are counted by hand; ASan reports any leak or double free here.
BOOST_AUTO_TEST_CASE(json_parts_are_shared_and_freed_with_their_last_holder) {
  JsonPartRef a("k", R"("k":1)");
  BOOST_TEST(static_cast<bool>(a));
  JsonPartRef b = a;
  BOOST_TEST(b.get() == a.get());
  JsonPartRef c = std::move(b);
  BOOST_TEST(!b);  // NOLINT: moved from on purpose
  BOOST_TEST(c->json == R"("k":1)");
  c = c;  // NOLINT: self-assignment keeps it
  BOOST_TEST(c.get() == a.get());
  a = JsonPartRef();
  BOOST_TEST((*c).key == "k");
  JsonParts many(3, c);
  many.erase(many.begin());
  c = JsonPartRef("other", "");
  BOOST_TEST(many[1]->key == "k");
}
