#define BOOST_TEST_MODULE dedupe
#include <boost/test/unit_test.hpp>

#include <string>

#include "core/dedupe.h"
#include "core/event.h"
#include "core/json.h"
#include "core/random.h"

using namespace vigil;

namespace {

Frame frame(const char* file, const char* fn, int line, int col) {
  Frame f;
  f.filename = file;
  f.function = fn;
  f.lineno = line;
  f.colno = col;
  return f;
}

Event base_event() {
  static Xoshiro256 rng(17);  // fresh ids, so equality never leans on event_id
  return make_event(rng, 1700000000.0);
}

Event exception_event(const char* type = "TypeError", const char* value = "x is undefined") {
  Event e = base_event();
  ExceptionValue ex;
  ex.type = type;
  ex.value = value;
  ex.frames = {frame("app.js", "main", 10, 3), frame("app.js", "crash", 42, 7)};
  e.exceptions.push_back(ex);
  return e;
}

Event message_event(const char* text = "something odd") {
  Event e = base_event();
  e.message = text;
  return e;
}

Value parse(const std::string& text) {
  auto r = parse_json(text);
  BOOST_REQUIRE_MESSAGE(r.ok, r.error);
  return r.value;
}

}  // namespace

BOOST_AUTO_TEST_CASE(identical_exceptions_are_duplicates) {
  Event a = exception_event();
  Event b = exception_event();
  b.timestamp += 5;
  b.breadcrumbs.push_back(Breadcrumb{});
  b.tags["k"] = "v";
  BOOST_TEST(a.event_id != b.event_id);
  BOOST_TEST(is_duplicate(b, a));
}

BOOST_AUTO_TEST_CASE(exception_type_value_and_frames_must_match) {
  Event a = exception_event();
  BOOST_TEST(!is_duplicate(exception_event("RangeError"), a));
  BOOST_TEST(!is_duplicate(exception_event("TypeError", "y is undefined"), a));

  Event line = exception_event();
  line.exceptions[0].frames[1].lineno = 43;
  BOOST_TEST(!is_duplicate(line, a));
  Event col = exception_event();
  col.exceptions[0].frames[1].colno = 8;
  BOOST_TEST(!is_duplicate(col, a));
  Event fn = exception_event();
  fn.exceptions[0].frames[0].function = "other";
  BOOST_TEST(!is_duplicate(fn, a));
  Event file = exception_event();
  file.exceptions[0].frames[0].filename = "lib.js";
  BOOST_TEST(!is_duplicate(file, a));
  Event fewer = exception_event();
  fewer.exceptions[0].frames.pop_back();
  BOOST_TEST(!is_duplicate(fewer, a));
  BOOST_TEST(!is_duplicate(a, fewer));

  // Fields the integration does not compare.
  Event abs = exception_event();
  abs.exceptions[0].frames[0].abs_path = "https://cdn.example.com/app.js";
  abs.exceptions[0].frames[0].in_app = false;
  abs.exceptions[0].mechanism.type = "onunhandledrejection";
  BOOST_TEST(is_duplicate(abs, a));
}

BOOST_AUTO_TEST_CASE(main_exception_is_the_last_one) {
  Event a = exception_event();
  ExceptionValue cause;
  cause.type = "NetworkError";
  cause.value = "offline";
  a.exceptions.insert(a.exceptions.begin(), cause);

  Event same = a;
  BOOST_TEST(is_duplicate(same, a));

  // A different cause with the same thrown error and frames still repeats it.
  Event other_cause = a;
  other_cause.exceptions[0].value = "timeout";
  BOOST_TEST(is_duplicate(other_cause, a));

  Event other_main = a;
  other_main.exceptions.back().value = "changed";
  BOOST_TEST(!is_duplicate(other_main, a));

  // Frames of causes count too.
  Event cause_frames = a;
  cause_frames.exceptions[0].frames.push_back(frame("net.js", "fetch", 1, 1));
  BOOST_TEST(!is_duplicate(cause_frames, a));
}

BOOST_AUTO_TEST_CASE(empty_frames_and_missing_values) {
  Event a = base_event();
  a.exceptions.push_back(ExceptionValue{});
  Event b = base_event();
  b.exceptions.push_back(ExceptionValue{});
  // No type, no value, no frames on either side: the same (empty) error.
  BOOST_TEST(is_duplicate(b, a));

  Event framed = exception_event("", "");
  BOOST_TEST(!is_duplicate(framed, a));

  // Neither message nor exception: nothing to compare, never a duplicate.
  BOOST_TEST(!is_duplicate(base_event(), base_event()));
}

BOOST_AUTO_TEST_CASE(messages_compare_text_fingerprint_and_frames) {
  BOOST_TEST(is_duplicate(message_event(), message_event()));
  BOOST_TEST(!is_duplicate(message_event("a"), message_event("b")));
  BOOST_TEST(!is_duplicate(message_event(""), message_event("")));
  BOOST_TEST(!is_duplicate(message_event("a"), base_event()));
  BOOST_TEST(!is_duplicate(base_event(), message_event("a")));

  // attachStacktrace puts a message's frames in an exception.
  Event a = message_event();
  ExceptionValue synthetic;
  synthetic.value = "something odd";
  synthetic.frames = {frame("app.js", "log", 5, 1)};
  a.exceptions.push_back(synthetic);
  Event b = a;
  BOOST_TEST(is_duplicate(b, a));
  b.exceptions[0].frames[0].lineno = 6;
  BOOST_TEST(!is_duplicate(b, a));
  BOOST_TEST(!is_duplicate(message_event(), a));
}

BOOST_AUTO_TEST_CASE(top_level_stacktrace_frames_count) {
  Event a = message_event();
  a.other.push_back(Member{"stacktrace", parse(
      R"({"frames":[{"filename":"a.js","function":"f","lineno":1,"colno":2}]})")});
  Event b = message_event();
  b.other.push_back(Member{"stacktrace", parse(
      R"({"frames":[{"filename":"a.js","function":"f","lineno":1,"colno":3}]})")});
  BOOST_TEST(is_duplicate(a, a));
  BOOST_TEST(!is_duplicate(b, a));
  BOOST_TEST(!is_duplicate(message_event(), a));

  // A malformed stacktrace gives no frames rather than failing.
  Event bad = message_event();
  bad.other.push_back(Member{"stacktrace", parse(R"({"frames":"nope"})")});
  Event bad2 = message_event();
  bad2.other.push_back(Member{"stacktrace", parse(R"([1,2,3])")});
  BOOST_TEST(is_duplicate(bad, message_event()));
  BOOST_TEST(is_duplicate(bad2, bad));
}

BOOST_AUTO_TEST_CASE(fingerprints_must_match_exactly) {
  Event a = exception_event();
  a.fingerprint = {"ab", "c"};
  Event b = exception_event();
  b.fingerprint = {"ab", "c"};
  BOOST_TEST(is_duplicate(b, a));
  b.fingerprint = {"a", "bc"};  // equal when joined, still different
  BOOST_TEST(!is_duplicate(b, a));
  b.fingerprint.clear();
  BOOST_TEST(!is_duplicate(b, a));
  BOOST_TEST(!is_duplicate(a, b));

  Event m1 = message_event();
  Event m2 = message_event();
  m2.fingerprint = {"{{ default }}"};
  BOOST_TEST(!is_duplicate(m2, m1));
}

BOOST_AUTO_TEST_CASE(typed_events_are_never_duplicates) {
  Event t1 = exception_event();
  t1.type = "transaction";
  Event t2 = t1;
  BOOST_TEST(!is_duplicate(t2, t1));
  BOOST_TEST(!is_duplicate(exception_event(), t1));
  BOOST_TEST(!is_duplicate(t1, exception_event()));
  Event f1 = message_event();
  f1.type = "feedback";
  BOOST_TEST(!is_duplicate(f1, f1));
}

BOOST_AUTO_TEST_CASE(deduper_drops_repeats_of_the_last_kept_event) {
  Deduper d;
  BOOST_TEST(!d.should_drop(exception_event()));
  BOOST_TEST(d.should_drop(exception_event()));
  BOOST_TEST(d.should_drop(exception_event()));
  BOOST_TEST(!d.should_drop(message_event()));
  BOOST_TEST(d.should_drop(message_event()));
  // Only the last one is remembered.
  BOOST_TEST(!d.should_drop(exception_event()));
  d.reset();
  BOOST_TEST(!d.should_drop(exception_event()));
}

BOOST_AUTO_TEST_CASE(deduper_ignores_typed_events) {
  Deduper d;
  BOOST_TEST(!d.should_drop(exception_event()));
  Event txn = message_event("GET /");
  txn.type = "transaction";
  BOOST_TEST(!d.should_drop(txn));
  BOOST_TEST(!d.should_drop(txn));
  // The transaction did not replace the remembered error.
  BOOST_TEST(d.should_drop(exception_event()));
}

BOOST_AUTO_TEST_CASE(deduper_split_api_remembers_only_when_told) {
  Deduper d;
  Event e = exception_event();
  BOOST_TEST(!d.is_duplicate_of_last(e));
  BOOST_TEST(!d.is_duplicate_of_last(e));  // checking alone remembers nothing
  d.remember(e);
  BOOST_TEST(d.is_duplicate_of_last(exception_event()));
  Event txn = exception_event();
  txn.type = "transaction";
  d.remember(txn);
  BOOST_TEST(d.is_duplicate_of_last(exception_event()));
  BOOST_TEST(!d.is_duplicate_of_last(txn));
}

BOOST_AUTO_TEST_CASE(events_from_wire_json_dedupe) {
  const char* text = R"({"exception":{"values":[{"type":"Error","value":"bad",
      "stacktrace":{"frames":[{"filename":"a.js","function":"f","lineno":3,"colno":9}]}}]},
      "fingerprint":["x"]})";
  Event a = Event::from_value(parse(text));
  Event b = Event::from_value(parse(text));
  BOOST_TEST(is_duplicate(b, a));
  Event junk = Event::from_value(parse(R"({"exception":"junk","message":42,"fingerprint":7})"));
  BOOST_TEST(!is_duplicate(junk, a));
  BOOST_TEST(!is_duplicate(junk, junk));
}

// The deduper takes the remembered frames over when the next event has the same ones; what
// it remembers and drops must not change for it.
BOOST_AUTO_TEST_CASE(deduper_remembers_the_same_frames_across_messages) {
  Deduper d;
  BOOST_TEST(!d.should_drop(exception_event("TypeError", "first")));
  BOOST_TEST(!d.should_drop(exception_event("TypeError", "second")));  // same frames, new value
  BOOST_TEST(d.should_drop(exception_event("TypeError", "second")));   // a repeat of the last
  BOOST_TEST(d.should_drop(exception_event("TypeError", "second")));
  Event other_fingerprint = exception_event("TypeError", "second");
  other_fingerprint.fingerprint = {"custom"};
  BOOST_TEST(!d.should_drop(other_fingerprint));
  BOOST_TEST(d.should_drop(other_fingerprint));
  Event fewer = exception_event("TypeError", "second");
  fewer.exceptions[0].frames.pop_back();
  BOOST_TEST(!d.should_drop(fewer));
  BOOST_TEST(!d.should_drop(exception_event("TypeError", "second")));  // frames differ again
  BOOST_TEST(d.should_drop(exception_event("TypeError", "second")));
  // A top-level stacktrace adds frames the exceptions do not have.
  Event top = exception_event("TypeError", "second");
  top.other.push_back(Member{"stacktrace", parse(R"({"frames":[{"filename":"x.js","lineno":1}]})")});
  BOOST_TEST(!d.should_drop(top));
  BOOST_TEST(d.should_drop(top));
  BOOST_TEST(!d.should_drop(exception_event("TypeError", "second")));
}
