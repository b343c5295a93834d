#define BOOST_TEST_MODULE size_limit
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cmath>

#include "core/event.h"
#include "core/json.h"
#include "core/random.h"
#include "core/size_limit.h"

using namespace vigil;

namespace {

const char* kId = "0123456789abcdef0123456789abcdef";

Value base_event() {
  Value e = Value::object();
  e["event_id"] = kId;
  e["timestamp"] = 1700000000.5;
  e["platform"] = "javascript";
  e["level"] = "error";
  Value ex = Value::object();
  ex["type"] = "TypeError";
  ex["value"] = "x is not a function";
  ex["mechanism"] = Value::object();
  ex["mechanism"]["type"] = "onerror";
  ex["mechanism"]["handled"] = false;
  Value values = Value::array();
  values.push_back(std::move(ex));
  e["exception"]["values"] = std::move(values);
  return e;
}

Value frame(std::size_t i) {
  Value f = Value::object();
  f["function"] = "fn" + std::to_string(i);
  f["filename"] = "https://example.com/static/js/bundle." + std::to_string(i) + ".js";
  f["lineno"] = static_cast<int>(i + 1);
  f["colno"] = 7;
  f["in_app"] = true;
  return f;
}

Value with_frames(Value e, std::size_t n) {
  Value frames = Value::array();
  frames.array_ref().reserve(n);
  for (std::size_t i = 0; i < n; ++i) frames.push_back(frame(i));
  e["exception"]["values"].array_ref()[0]["stacktrace"]["frames"] = std::move(frames);
  return e;
}

Value with_breadcrumbs(Value e, std::size_t n) {
  Value list = Value::array();
  list.array_ref().reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    Value b = Value::object();
    b["timestamp"] = 1700000000.0 + static_cast<double>(i);
    b["category"] = "ui.click";
    b["message"] = "crumb " + std::to_string(i) + " body > div.app > button#submit-order";
    list.push_back(std::move(b));
  }
  e["breadcrumbs"]["values"] = std::move(list);
  return e;
}

struct Result {
  std::string json;
  Value value;
  TrimReport report;
};

Result cap(Value e, std::size_t max) {
  Result r;
  r.json = serialize_capped(std::move(e), max, &r.report);
  auto parsed = parse_json(r.json);
  BOOST_REQUIRE_MESSAGE(parsed.ok, parsed.error);
  r.value = parsed.value;
  BOOST_TEST(r.report.final_bytes == r.json.size());
  return r;
}

void check_essentials(const Value& v) {
  BOOST_TEST(v.get("event_id").as_string() == kId);
  BOOST_TEST(v.get("timestamp").as_double() == 1700000000.5);
  BOOST_TEST(v.get("level").as_string() == "error");
  const Value& ex = v.get("exception").get("values").as_array().at(0);
  BOOST_TEST(ex.get("type").as_string() == "TypeError");
  BOOST_TEST(ex.get("value").as_string() == "x is not a function");
}

const Value& marker(const Value& v) { return v.get("extra").get(kTrimmedExtraKey); }

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

BOOST_AUTO_TEST_CASE(small_event_is_written_unchanged) {
  Value e = with_breadcrumbs(with_frames(base_event(), 20), 20);
  e["extra"]["k"] = "v";
  std::string plain = to_json(e);
  Result r = cap(e, kMaxEventBytes);
  BOOST_TEST(r.json == plain);
  BOOST_TEST(!r.report.trimmed());
  BOOST_TEST(r.report.fits);
  BOOST_TEST(r.report.original_bytes == plain.size());
}

BOOST_AUTO_TEST_CASE(limit_exactly_at_the_boundary) {
  Value e = with_breadcrumbs(base_event(), 50);
  std::string plain = to_json(e);
  Result at = cap(e, plain.size());
  BOOST_TEST(at.json == plain);
  BOOST_TEST(!at.report.trimmed());
  Result below = cap(e, plain.size() - 1);
  BOOST_TEST(below.json.size() <= plain.size() - 1);
  BOOST_TEST(below.report.trimmed());
  BOOST_TEST(below.report.breadcrumbs_removed >= 1u);
  check_essentials(below.value);
}

BOOST_AUTO_TEST_CASE(measured_sizes_are_exact) {
  // original_bytes comes from the incremental sizer; it must equal the real serialization for
  // every kind of value, including escapes, invalid UTF-8 and doubles.
  Value e = base_event();
  e["extra"]["s"] = std::string("quote\" back\\ nl\n tab\t ctl\x01 bad\xFF\xC3 ok\xE2\x82\xAC");
  e["extra"]["d"] = Value(0.1);
  e["extra"]["big"] = Value(1e300);
  e["extra"]["neg"] = Value(-42);
  e["extra"]["nan"] = Value(std::nan(""));
  e["extra"]["nested"] =
      Value(Array{Value(), Value(true), Value(false), Value::object(), Value::array()});
  e[std::string("key\x7F\xFF")] = 1;
  TrimReport report;
  std::string out = serialize_capped(e, kMaxEventBytes, &report);
  BOOST_TEST(report.original_bytes == to_json(e).size());
  BOOST_TEST(out == to_json(e));
}

BOOST_AUTO_TEST_CASE(five_megabyte_extra) {
  Value e = with_breadcrumbs(with_frames(base_event(), 30), 30);
  e["extra"]["huge"] = std::string(5 * 1024 * 1024, 'x');
  e["extra"]["small"] = "keep me";
  auto start = std::chrono::steady_clock::now();
  Result r = cap(e, kMaxEventBytes);
  BOOST_TEST(seconds_since(start) < 5.0);
  BOOST_TEST(r.json.size() <= kMaxEventBytes);
  check_essentials(r.value);
  // The one giant string is cut (phase 0), no further than needed; everything else survives.
  BOOST_TEST(r.value.get("extra").get("small").as_string() == "keep me");
  std::size_t huge = r.value.get("extra").get("huge").as_string().size();
  BOOST_TEST(huge > kMaxEventBytes / 2);
  BOOST_TEST(huge < kMaxEventBytes);
  BOOST_TEST(r.value.get("breadcrumbs").get("values").size() == 30u);
  BOOST_TEST(r.report.strings_truncated == 1u);
  BOOST_TEST(marker(r.value).get("strings_truncated").as_int() == 1);
  BOOST_TEST(marker(r.value).get("original_bytes").as_int() ==
             static_cast<std::int64_t>(r.report.original_bytes));
}

BOOST_AUTO_TEST_CASE(extras_go_largest_first) {
  Value e = with_breadcrumbs(base_event(), 10);
  // Twenty 100 KB extras: 2 MB, none big enough for the single-string cut.
  for (int i = 0; i < 20; ++i)
    e["extra"]["e" + std::to_string(i)] = std::string(100000 + i * 100, 'a');
  e["extra"]["tiny"] = 1;
  Result r = cap(e, kMaxEventBytes);
  BOOST_TEST(r.json.size() <= kMaxEventBytes);
  check_essentials(r.value);
  const Value& extra = r.value.get("extra");
  BOOST_TEST(extra.get("tiny").as_int() == 1);
  BOOST_TEST(!extra.find("e19"));  // the largest went first
  BOOST_TEST(extra.find("e0"));    // the smallest stayed
  BOOST_TEST(r.report.extra_removed >= 10u);
  BOOST_TEST(r.report.extra_removed <= 11u);  // no more than needed
  BOOST_TEST(r.report.breadcrumbs_removed == 0u);
  BOOST_TEST(marker(r.value).get("extra_removed").as_int() ==
             static_cast<std::int64_t>(r.report.extra_removed));
}

BOOST_AUTO_TEST_CASE(ten_thousand_breadcrumbs_lose_the_oldest) {
  Value e = with_breadcrumbs(with_frames(base_event(), 10), 10000);
  std::size_t limit = 200 * 1024;
  auto start = std::chrono::steady_clock::now();
  Result r = cap(e, limit);
  BOOST_TEST(seconds_since(start) < 5.0);
  BOOST_TEST(r.json.size() <= limit);
  // Trimming stops as soon as it fits: nothing near the limit is wasted.
  BOOST_TEST(r.json.size() > limit - 1024);
  BOOST_TEST(!r.report.essentials_only);
  check_essentials(r.value);
  const Array& crumbs = r.value.get("breadcrumbs").get("values").as_array();
  BOOST_REQUIRE(!crumbs.empty());
  BOOST_TEST(crumbs.size() + r.report.breadcrumbs_removed == 10000u);
  BOOST_TEST(crumbs.back().get("message").as_string().rfind("crumb 9999 ", 0) == 0u);
  std::string first = "crumb " + std::to_string(r.report.breadcrumbs_removed) + " ";
  BOOST_TEST(crumbs.front().get("message").as_string().rfind(first, 0) == 0u);
  BOOST_TEST(
      r.value.get("exception").get("values").as_array()[0].get("stacktrace").get("frames").size() ==
      10u);
}

BOOST_AUTO_TEST_CASE(five_thousand_frames_keep_both_ends) {
  Value e = with_frames(base_event(), 5000);
  std::size_t limit = 64 * 1024;
  Result r = cap(e, limit);
  BOOST_TEST(r.json.size() <= limit);
  BOOST_TEST(!r.report.essentials_only);
  check_essentials(r.value);
  const Array& frames = r.value.get("exception")
                            .get("values")
                            .as_array()[0]
                            .get("stacktrace")
                            .get("frames")
                            .as_array();
  BOOST_REQUIRE(frames.size() >= 50u);
  BOOST_TEST(frames.size() + r.report.frames_removed == 5000u);
  BOOST_TEST(frames.size() % 2 == 0u);  // symmetric: as many outermost as innermost
  BOOST_TEST(frames.front().get("function").as_string() == "fn0");
  BOOST_TEST(frames.back().get("function").as_string() == "fn4999");
  std::size_t half = frames.size() / 2;
  BOOST_TEST(frames[half - 1].get("function").as_string() == "fn" + std::to_string(half - 1));
  BOOST_TEST(frames[half].get("function").as_string() == "fn" + std::to_string(5000 - half));
}

BOOST_AUTO_TEST_CASE(frames_in_threads_are_trimmed_too) {
  Value e = base_event();
  Value frames = Value::array();
  for (int i = 0; i < 3000; ++i) frames.push_back(frame(i));
  Value thread = Value::object();
  thread["id"] = 1;
  thread["stacktrace"]["frames"] = std::move(frames);
  e["threads"]["values"] = Value(Array{std::move(thread)});
  Result r = cap(e, 32 * 1024);
  BOOST_TEST(r.json.size() <= 32 * 1024u);
  BOOST_TEST(r.report.frames_removed > 0u);
  BOOST_TEST(!r.report.essentials_only);
}

BOOST_AUTO_TEST_CASE(huge_message_is_cut_before_breadcrumbs_go) {
  Value e = with_breadcrumbs(with_frames(base_event(), 40), 100);
  e["message"]["formatted"] = std::string(3 * 1024 * 1024, 'm');
  Result r = cap(e, kMaxEventBytes);
  BOOST_TEST(r.json.size() <= kMaxEventBytes);
  check_essentials(r.value);
  std::string message = r.value.get("message").get("formatted").as_string();
  BOOST_TEST(message.size() > 1000u);
  BOOST_TEST(message.substr(message.size() - 3) == "...");
  BOOST_TEST(r.report.breadcrumbs_removed == 0u);
  BOOST_TEST(r.report.frames_removed == 0u);
}

BOOST_AUTO_TEST_CASE(many_huge_strings_cut_evenly) {
  Value e = base_event();
  // Strings in places nothing else trims, with escapes and invalid UTF-8 in them.
  for (int i = 0; i < 40; ++i) {
    std::string s(60000, 'q');
    s[100] = '"';
    s[200] = '\x01';
    s[300] = '\xFF';
    e["tags"]["t" + std::to_string(i)] = s;
  }
  e["exception"]["values"].array_ref()[0]["value"] = std::string(500000, 'v');
  Result r = cap(e, 256 * 1024);
  BOOST_TEST(r.json.size() <= 256 * 1024u);
  BOOST_TEST(!r.report.essentials_only);
  BOOST_TEST(r.report.strings_truncated >= 41u);
  BOOST_TEST(r.value.get("tags").size() == 40u);
  std::string value = r.value.get("exception").get("values").as_array()[0].get("value").as_string();
  BOOST_TEST(value.rfind("vvvv", 0) == 0u);
  BOOST_TEST(value.size() >= 256u);
}

BOOST_AUTO_TEST_CASE(contexts_and_request_bodies_are_dropped) {
  Value e = base_event();
  for (int i = 0; i < 5000; ++i) e["contexts"]["c" + std::to_string(i)] = "short value";
  e["request"]["url"] = "https://example.com/";
  for (int i = 0; i < 5000; ++i) e["request"]["data"]["f" + std::to_string(i)] = i;
  e["user"]["id"] = "u1";
  std::size_t limit = 16 * 1024;
  Result r = cap(e, limit);
  BOOST_TEST(r.json.size() <= limit);
  check_essentials(r.value);
  BOOST_TEST(!r.value.find("contexts"));
  BOOST_TEST(!r.value.get("request").find("data"));
  BOOST_TEST(r.value.get("request").get("url").as_string() == "https://example.com/");
  BOOST_TEST(r.value.get("user").get("id").as_string() == "u1");
  const Array& dropped = marker(r.value).get("dropped").as_array();
  BOOST_REQUIRE(dropped.size() == 2u);
  BOOST_TEST(dropped[0].as_string() == "request.data");
  BOOST_TEST(dropped[1].as_string() == "contexts");
}

BOOST_AUTO_TEST_CASE(other_top_level_fields_go_largest_first) {
  Value e = base_event();
  Value spans = Value::array();
  for (int i = 0; i < 5000; ++i) spans.push_back(Value(i));
  e["spans"] = std::move(spans);
  e["modules"]["react"] = "18";
  Result r = cap(e, 8 * 1024);
  BOOST_TEST(r.json.size() <= 8 * 1024u);
  check_essentials(r.value);
  BOOST_TEST(!r.value.find("spans"));
  BOOST_TEST(r.value.get("modules").get("react").as_string() == "18");
}

BOOST_AUTO_TEST_CASE(tiny_limits_keep_only_the_essentials) {
  Value e = with_breadcrumbs(with_frames(base_event(), 100), 100);
  e["message"] = "hello";
  Result r = cap(e, 400);
  BOOST_TEST(r.json.size() <= 400u);
  BOOST_TEST(r.report.essentials_only);
  BOOST_TEST(r.report.fits);
  check_essentials(r.value);
  BOOST_TEST(r.value.get("exception")
                 .get("values")
                 .as_array()[0]
                 .get("mechanism")
                 .get("type")
                 .as_string() == "onerror");

  // Below what even the id needs: still valid JSON, and the report says it does not fit.
  Result absurd = cap(e, 10);
  BOOST_TEST(!absurd.report.fits);
  BOOST_TEST(absurd.value.is_object());
}

BOOST_AUTO_TEST_CASE(non_object_event_becomes_empty_object) {
  TrimReport report;
  BOOST_TEST(serialize_capped(Value("junk"), 100, &report) == "{}");
  BOOST_TEST(serialize_capped(Value(Array{Value(1)}), 100) == "{}");
  BOOST_TEST(report.fits);
}

BOOST_AUTO_TEST_CASE(typed_event_with_everything_big) {
  // Through the typed model: every phase has something to do, and the event must still fit.
  Xoshiro256 rng(3);
  Event ev = make_event(rng, 1700000000.5);
  ev.level = Level::fatal;
  ExceptionValue ex;
  ex.type = "Error";
  ex.value = std::string(200000, 'e');
  for (int i = 0; i < 5000; ++i) {
    Frame f;
    f.function = "f" + std::to_string(i);
    f.context_line = std::string(200, 'c');
    ex.frames.push_back(f);
  }
  ev.exceptions.push_back(ex);
  for (int i = 0; i < 10000; ++i) {
    Breadcrumb b;
    b.timestamp = i;
    b.message = std::string(100, 'b');
    ev.breadcrumbs.push_back(b);
  }
  ev.extra = Value::object();
  ev.extra["blob"] = std::string(5 * 1024 * 1024, 'x');
  ev.contexts = Value::object();
  ev.contexts["big"]["s"] = std::string(300000, 's');
  std::size_t limit = kMaxEventBytes;
  auto start = std::chrono::steady_clock::now();
  Result r = cap(ev.to_value(), limit);
  BOOST_TEST(seconds_since(start) < 10.0);
  BOOST_TEST(r.json.size() <= limit);
  BOOST_TEST(r.value.get("event_id").as_string() == ev.event_id);
  BOOST_TEST(r.value.get("level").as_string() == "fatal");
  Event back = Event::from_value(r.value);
  BOOST_REQUIRE(back.exceptions.size() == 1u);
  BOOST_TEST(back.exceptions[0].type == "Error");
  BOOST_TEST(back.exceptions[0].value.rfind("eee", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(random_events_always_fit_and_parse) {
  Xoshiro256 rng(99);
  auto rand = [&](std::size_t n) { return static_cast<std::size_t>(rng.next_u64() % n); };
  for (int round = 0; round < 60; ++round) {
    Value e = base_event();
    e = with_frames(std::move(e), rand(300));
    e = with_breadcrumbs(std::move(e), rand(300));
    for (std::size_t i = 0, n = rand(20); i < n; ++i)
      e["extra"]["x" + std::to_string(i)] =
          std::string(rand(20000), static_cast<char>('a' + rand(26)));
    for (std::size_t i = 0, n = rand(10); i < n; ++i)
      e["contexts"]["c" + std::to_string(i)]["v"] = std::string(rand(5000), '\n');
    if (rand(2)) e["message"] = std::string(rand(50000), '\xE9');  // invalid UTF-8: 3x on write
    std::size_t limit = 300 + rand(60000);
    Result r = cap(e, limit);
    BOOST_TEST(r.json.size() <= limit,
               "round " << round << ": " << r.json.size() << " > " << limit);
    BOOST_TEST(r.report.fits);
    BOOST_TEST(r.value.get("event_id").as_string() == kId);
    if (limit > 8192) BOOST_TEST(!r.report.essentials_only, "round " << round);
  }
}
