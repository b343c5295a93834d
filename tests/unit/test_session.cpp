#define BOOST_TEST_MODULE session
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "core/envelope.h"
#include "core/event.h"
#include "core/json.h"
#include "core/random.h"
#include "core/session.h"
#include "core/timefmt.h"

using namespace vigil;

namespace vigil {
std::ostream& operator<<(std::ostream& os, const Value& v) { return os << to_json(v); }
std::ostream& operator<<(std::ostream& os, SessionStatus s) {
  return os << session_status_to_string(s);
}
}  // namespace vigil

namespace {

constexpr double kT0 = 1700000000.0;
const double kNaN = std::numeric_limits<double>::quiet_NaN();

Session started_session(const char* did = "") {
  Xoshiro256 rng(42);
  Session s;
  BOOST_REQUIRE(s.start(rng, kT0, "app@1.0.0", "production", "Mozilla/5.0", did));
  return s;
}

Value parse(const std::string& text) {
  auto r = parse_json(text);
  BOOST_REQUIRE_MESSAGE(r.ok, r.error);
  return r.value;
}

Event error_event(bool handled_flag, bool set_handled = true) {
  Xoshiro256 rng(1);
  Event e = make_event(rng, kT0);
  ExceptionValue ex;
  ex.type = "TypeError";
  ex.value = "boom";
  if (set_handled) ex.mechanism.handled = handled_flag;
  e.exceptions.push_back(ex);
  return e;
}

}  // namespace

BOOST_AUTO_TEST_CASE(first_update_is_init_with_full_payload) {
  Session s = started_session("device-1");
  BOOST_TEST(s.started());
  BOOST_TEST(s.dirty());
  BOOST_TEST(s.sid().size() == 32u);
  BOOST_TEST(s.sid().find_first_not_of("0123456789abcdef") == std::string::npos);

  Value u = s.take_update(kT0 + 2.5);
  Value expected = parse(std::string(R"({"sid":")") + s.sid() + R"(","init":true,)"
      R"("started":"2023-11-14T22:13:20.000Z","timestamp":"2023-11-14T22:13:22.500Z",)"
      R"("status":"ok","errors":0,"did":"device-1","duration":2.5,)"
      R"("attrs":{"release":"app@1.0.0","environment":"production","user_agent":"Mozilla/5.0"}})");
  BOOST_TEST(u == expected);
  BOOST_TEST(!s.dirty());

  Value second = s.take_update(kT0 + 3);
  BOOST_TEST(second.get("init").as_bool(true) == false);
  BOOST_TEST(second.get("sid") == u.get("sid"));
}

BOOST_AUTO_TEST_CASE(optional_fields_are_omitted) {
  Xoshiro256 rng(3);
  Session s;
  BOOST_REQUIRE(s.start(rng, kT0, "r", "", "", ""));
  Value u = s.take_update(kT0);
  BOOST_TEST(u.find("did") == nullptr);
  BOOST_TEST(u.get("attrs") == parse(R"({"release":"r"})"));
  BOOST_TEST(u.get("duration").as_double(-1) == 0.0);
}

BOOST_AUTO_TEST_CASE(ids_differ_between_sessions) {
  Xoshiro256 rng(5);
  Session a, b;
  BOOST_REQUIRE(a.start(rng, kT0, "r", "", "", ""));
  BOOST_REQUIRE(b.start(rng, kT0, "r", "", "", ""));
  BOOST_TEST(a.sid() != b.sid());
}

BOOST_AUTO_TEST_CASE(start_rejects_missing_release_and_bad_time) {
  Xoshiro256 rng(1);
  Session s;
  BOOST_TEST(!s.start(rng, kT0, "", "prod", "ua", "d"));
  BOOST_TEST(!s.started());
  BOOST_TEST(!s.dirty());
  BOOST_TEST(s.take_update(kT0).is_null());
  BOOST_TEST(!s.start(rng, kNaN, "r", "", "", ""));
  BOOST_TEST(!s.start(rng, std::numeric_limits<double>::infinity(), "r", "", "", ""));
  BOOST_TEST(!s.start(rng, -1, "r", "", "", ""));
  BOOST_TEST(!s.started());
}

BOOST_AUTO_TEST_CASE(calls_without_a_session_are_ignored) {
  Session s;
  s.on_event(true, false, kT0);
  s.end(kT0);
  s.end_abnormal(kT0);
  s.set_user(parse(R"({"id":"u1"})"));
  BOOST_TEST(!s.started());
  BOOST_TEST(!s.dirty());
  BOOST_TEST(s.errors() == 0u);
  BOOST_TEST(s.did().empty());
  BOOST_TEST(s.take_update(kT0).is_null());
}

BOOST_AUTO_TEST_CASE(handled_error_counts_but_stays_ok) {
  Session s = started_session();
  s.take_update(kT0);
  s.on_event(true, true, kT0 + 1);
  BOOST_TEST(s.dirty());
  BOOST_TEST(s.errors() == 1u);
  BOOST_TEST(s.status() == SessionStatus::ok);
  Value u = s.take_update(kT0 + 1);
  BOOST_TEST(u.get("status").as_string() == "ok");
  BOOST_TEST(u.get("errors").as_int() == 1);
  BOOST_TEST(u.get("init").as_bool(true) == false);

  // Later handled errors are counted but do not ask for an envelope of their own.
  s.on_event(true, true, kT0 + 2);
  s.on_event(true, true, kT0 + 3);
  BOOST_TEST(!s.dirty());
  BOOST_TEST(s.errors() == 3u);
  s.end(kT0 + 4);
  Value last = s.take_update(kT0 + 100);
  BOOST_TEST(last.get("errors").as_int() == 3);
  BOOST_TEST(last.get("status").as_string() == "exited");
}

BOOST_AUTO_TEST_CASE(non_error_events_change_nothing) {
  Session s = started_session();
  s.take_update(kT0);
  s.on_event(false, false, kT0 + 1);
  s.on_event(false, true, kT0 + 1);
  BOOST_TEST(!s.dirty());
  BOOST_TEST(s.errors() == 0u);
  BOOST_TEST(s.status() == SessionStatus::ok);
}

BOOST_AUTO_TEST_CASE(unhandled_error_crashes_and_is_terminal) {
  Session s = started_session();
  s.take_update(kT0);
  s.on_event(true, false, kT0 + 5);
  BOOST_TEST(s.dirty());
  BOOST_TEST(s.status() == SessionStatus::crashed);
  BOOST_TEST(s.errors() == 1u);
  Value u = s.take_update(kT0 + 5);
  BOOST_TEST(u.get("status").as_string() == "crashed");
  BOOST_TEST(u.get("errors").as_int() == 1);

  // Further errors after a crash are not counted and send nothing.
  s.on_event(true, false, kT0 + 6);
  s.on_event(true, true, kT0 + 7);
  BOOST_TEST(!s.dirty());
  BOOST_TEST(s.errors() == 1u);

  // Ending keeps "crashed" but records when it ended.
  s.end(kT0 + 10);
  BOOST_TEST(s.dirty());
  BOOST_TEST(s.status() == SessionStatus::crashed);
  Value last = s.take_update(kT0 + 50);
  BOOST_TEST(last.get("status").as_string() == "crashed");
  BOOST_TEST(last.get("duration").as_double() == 10.0);
  BOOST_TEST(last.get("timestamp").as_string() == format_rfc3339(kT0 + 10));
}

BOOST_AUTO_TEST_CASE(crash_as_first_error_sets_errors_to_one) {
  Session s = started_session();
  s.on_event(true, false, kT0 + 1);
  Value u = s.take_update(kT0 + 1);
  BOOST_TEST(u.get("init").as_bool() == true);
  BOOST_TEST(u.get("status").as_string() == "crashed");
  BOOST_TEST(u.get("errors").as_int() == 1);
}

BOOST_AUTO_TEST_CASE(end_twice_and_events_after_end_are_ignored) {
  Session s = started_session();
  s.take_update(kT0);
  s.end(kT0 + 3);
  BOOST_TEST(s.ended());
  BOOST_TEST(s.status() == SessionStatus::exited);
  Value u = s.take_update(kT0 + 9);
  BOOST_TEST(u.get("duration").as_double() == 3.0);
  BOOST_TEST(!s.dirty());

  s.end(kT0 + 20);
  s.end_abnormal(kT0 + 21);
  s.on_event(true, false, kT0 + 22);
  s.on_event(true, true, kT0 + 22);
  s.set_user(parse(R"({"id":"late"})"));
  BOOST_TEST(!s.dirty());
  BOOST_TEST(s.status() == SessionStatus::exited);
  BOOST_TEST(s.errors() == 0u);
  BOOST_TEST(s.did().empty());
  // Taken again anyway, the payload still says when it ended.
  BOOST_TEST(s.take_update(kT0 + 99).get("timestamp").as_string() == format_rfc3339(kT0 + 3));
}

BOOST_AUTO_TEST_CASE(end_abnormal_only_from_ok) {
  Session s = started_session();
  s.end_abnormal(kT0 + 1);
  BOOST_TEST(s.status() == SessionStatus::abnormal);
  BOOST_TEST(s.take_update(kT0 + 1).get("status").as_string() == "abnormal");

  Session c = started_session();
  c.on_event(true, false, kT0 + 1);
  c.end_abnormal(kT0 + 2);
  BOOST_TEST(c.status() == SessionStatus::crashed);
}

BOOST_AUTO_TEST_CASE(errored_session_ends_as_exited_with_errors) {
  Session s = started_session();
  s.on_event(true, true, kT0 + 1);
  s.end(kT0 + 2);
  Value u = s.take_update(kT0 + 2);
  BOOST_TEST(u.get("status").as_string() == "exited");
  BOOST_TEST(u.get("errors").as_int() == 1);
}

BOOST_AUTO_TEST_CASE(set_user_fills_did_once_in_priority_order) {
  Session s = started_session();
  s.take_update(kT0);
  s.set_user(parse(R"({"username":"bob","email":"bob@example.com","id":""})"));
  BOOST_TEST(s.did() == "bob@example.com");
  BOOST_TEST(s.dirty());
  BOOST_TEST(s.take_update(kT0 + 1).get("did").as_string() == "bob@example.com");

  // A did, once set, is not replaced.
  s.set_user(parse(R"({"id":"other"})"));
  BOOST_TEST(s.did() == "bob@example.com");
  BOOST_TEST(!s.dirty());

  // An explicit did from start() wins over the user.
  Session d = started_session("given");
  d.set_user(parse(R"({"id":"u1"})"));
  BOOST_TEST(d.did() == "given");
}

BOOST_AUTO_TEST_CASE(set_user_numbers_and_falsy_values) {
  Session a = started_session();
  a.set_user(parse(R"({"id":12345})"));
  BOOST_TEST(a.did() == "12345");

  Session b = started_session();
  b.set_user(parse(R"({"id":0,"email":"","username":"carol"})"));
  BOOST_TEST(b.did() == "carol");

  Session c = started_session();
  c.set_user(parse(R"({"id":1.5})"));
  BOOST_TEST(c.did() == "1.5");

  Session d = started_session();
  d.set_user(parse(R"({"id":true,"email":null,"username":["x"]})"));
  BOOST_TEST(d.did().empty());

  Session e = started_session();
  e.set_user(parse(R"("u1")"));
  e.set_user(Value());
  e.set_user(parse("[1,2]"));
  BOOST_TEST(e.did().empty());
}

BOOST_AUTO_TEST_CASE(ip_address_only_before_first_update) {
  Session s = started_session();
  s.set_user(parse(R"({"ip_address":"{{auto}}"})"));
  BOOST_TEST(s.take_update(kT0).get("attrs").get("ip_address").as_string() == "{{auto}}");

  Session t = started_session();
  t.take_update(kT0);
  t.set_user(parse(R"({"ip_address":"10.0.0.1"})"));
  BOOST_TEST(!t.dirty());
  BOOST_TEST(t.take_update(kT0).get("attrs").find("ip_address") == nullptr);
}

BOOST_AUTO_TEST_CASE(times_never_run_backwards) {
  Session s = started_session();
  s.on_event(true, true, kNaN);
  s.on_event(true, true, -5);
  Value u = s.take_update(kT0 - 100);  // a clock that jumped back
  BOOST_TEST(u.get("timestamp").as_string() == format_rfc3339(kT0));
  BOOST_TEST(u.get("duration").as_double(-1) == 0.0);

  s.take_update(kT0 + 10);
  s.end(kNaN);
  Value end = s.take_update(kT0 + 20);
  BOOST_TEST(end.get("timestamp").as_string() == format_rfc3339(kT0 + 10));
  BOOST_TEST(end.get("duration").as_double() == 10.0);
}

BOOST_AUTO_TEST_CASE(duration_is_rounded_to_milliseconds) {
  Session s = started_session();
  Value u = s.take_update(kT0 + 1.23456);
  BOOST_TEST(std::fabs(u.get("duration").as_double() - 1.235) < 1e-9);
}

BOOST_AUTO_TEST_CASE(ignore_duration_survives_restart) {
  Xoshiro256 rng(9);
  Session s;
  s.set_ignore_duration(true);
  BOOST_REQUIRE(s.start(rng, kT0, "r", "", "", ""));
  BOOST_TEST(s.take_update(kT0 + 5).find("duration") == nullptr);
  BOOST_REQUIRE(s.start(rng, kT0 + 6, "r", "", "", ""));
  BOOST_TEST(s.take_update(kT0 + 7).find("duration") == nullptr);
}

BOOST_AUTO_TEST_CASE(restart_gives_a_fresh_session) {
  Xoshiro256 rng(11);
  Session s;
  BOOST_REQUIRE(s.start(rng, kT0, "r", "", "", "d"));
  std::string first = s.sid();
  s.on_event(true, false, kT0 + 1);
  s.take_update(kT0 + 1);
  BOOST_REQUIRE(s.start(rng, kT0 + 2, "r", "", "", ""));
  BOOST_TEST(s.sid() != first);
  BOOST_TEST(s.status() == SessionStatus::ok);
  BOOST_TEST(s.errors() == 0u);
  BOOST_TEST(!s.ended());
  BOOST_TEST(s.did().empty());
  BOOST_TEST(s.take_update(kT0 + 2).get("init").as_bool() == true);

  // A failed restart leaves no session behind, not the old one.
  BOOST_TEST(!s.start(rng, kT0 + 3, "", "", "", ""));
  BOOST_TEST(!s.started());
}

BOOST_AUTO_TEST_CASE(impact_follows_browser_rules) {
  Xoshiro256 rng(2);
  Event message = make_event(rng, kT0);
  message.message = "hello";
  SessionImpact m = session_impact(message);
  BOOST_TEST(!m.is_error);

  SessionImpact handled = session_impact(error_event(true));
  BOOST_TEST(handled.is_error);
  BOOST_TEST(handled.handled);

  SessionImpact unknown = session_impact(error_event(false, /*set_handled=*/false));
  BOOST_TEST(unknown.is_error);
  BOOST_TEST(unknown.handled);

  Event chain = error_event(true);
  ExceptionValue cause;
  cause.mechanism.handled = false;
  chain.exceptions.insert(chain.exceptions.begin(), cause);
  BOOST_TEST(!session_impact(chain).handled);

  Event txn = error_event(false);
  txn.type = "transaction";
  BOOST_TEST(!session_impact(txn).is_error);

  Session s = started_session();
  s.on_event(txn, kT0 + 1);
  BOOST_TEST(s.errors() == 0u);
  s.on_event(error_event(false), kT0 + 1);
  BOOST_TEST(s.status() == SessionStatus::crashed);
}

BOOST_AUTO_TEST_CASE(session_item_round_trips_through_an_envelope) {
  Session s = started_session("d");
  Value payload = s.take_update(kT0 + 1);
  EnvelopeItem item = make_session_item(payload);
  BOOST_TEST(item.type() == "session");
  Envelope env = make_envelope();
  env.items.push_back(item);
  EnvelopeParseResult r = parse_envelope(env.serialize());
  BOOST_REQUIRE_MESSAGE(r.ok, r.error);
  BOOST_REQUIRE(r.envelope.items.size() == 1u);
  BOOST_TEST(r.envelope.items[0].type() == "session");
  BOOST_TEST(parse(r.envelope.items[0].payload) == payload);
}

BOOST_AUTO_TEST_CASE(status_names) {
  BOOST_TEST(std::string(session_status_to_string(SessionStatus::ok)) == "ok");
  BOOST_TEST(std::string(session_status_to_string(SessionStatus::exited)) == "exited");
  BOOST_TEST(std::string(session_status_to_string(SessionStatus::crashed)) == "crashed");
  BOOST_TEST(std::string(session_status_to_string(SessionStatus::abnormal)) == "abnormal");
}
