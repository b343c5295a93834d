#define BOOST_TEST_MODULE rate_limits
#include <boost/test/unit_test.hpp>

#include <string>

#include "core/rate_limits.h"

using namespace vigil;

namespace {
constexpr double kNow = 1700000000;

const DataCategory kAll[] = {
    DataCategory::default_, DataCategory::error,    DataCategory::transaction,
    DataCategory::session,  DataCategory::attachment, DataCategory::replay,
    DataCategory::internal, DataCategory::monitor,  DataCategory::span,
    DataCategory::log_item, DataCategory::profile,  DataCategory::feedback,
    DataCategory::unknown};

RateLimits after(int status, std::string_view header, std::string_view retry_after = {}) {
  RateLimits limits;
  limits.update_from_response(status, header, retry_after, kNow);
  return limits;
}
}  // namespace

BOOST_AUTO_TEST_CASE(starts_unlimited) {
  RateLimits limits;
  for (auto c : kAll) {
    BOOST_TEST(!limits.is_limited(c, kNow));
    BOOST_TEST(limits.disabled_until(c) == 0.0);
  }
  BOOST_TEST(!limits.any_active(kNow));
}

BOOST_AUTO_TEST_CASE(header_limits_named_categories_even_on_200) {
  RateLimits limits = after(200, "60:error;transaction:organization:quota_exceeded");
  BOOST_TEST(limits.is_limited(DataCategory::error, kNow));
  BOOST_TEST(limits.is_limited(DataCategory::transaction, kNow + 59.9));
  BOOST_TEST(!limits.is_limited(DataCategory::transaction, kNow + 60));
  BOOST_TEST(!limits.is_limited(DataCategory::session, kNow));
  BOOST_TEST(!limits.is_limited(DataCategory::unknown, kNow));
  BOOST_TEST(limits.disabled_until(DataCategory::error) == kNow + 60);
  BOOST_TEST(limits.disabled_until(DataCategory::session) == 0.0);
  BOOST_TEST(limits.any_active(kNow));
  BOOST_TEST(!limits.any_active(kNow + 60));
}

BOOST_AUTO_TEST_CASE(empty_category_list_limits_everything) {
  for (const char* header : {"30::organization", "30:", "30", " 30 :  : key"}) {
    RateLimits limits = after(200, header);
    for (auto c : kAll) BOOST_TEST(limits.is_limited(c, kNow), header);
    BOOST_TEST(limits.disabled_until(DataCategory::replay) == kNow + 30);
  }
}

BOOST_AUTO_TEST_CASE(unknown_categories_are_ignored) {
  RateLimits only_unknown = after(200, "60:foobar;metric_bucket:organization:quota:custom");
  BOOST_TEST(!only_unknown.any_active(kNow));
  RateLimits mixed = after(200, "60:foobar;error;unknown:project");
  BOOST_TEST(mixed.is_limited(DataCategory::error, kNow));
  BOOST_TEST(!mixed.is_limited(DataCategory::unknown, kNow));
  BOOST_TEST(!mixed.is_limited(DataCategory::default_, kNow));
}

BOOST_AUTO_TEST_CASE(longest_limit_wins_and_limits_never_shorten) {
  RateLimits limits = after(200, "10:error:org, 100:error:org, 50:error;session:key");
  BOOST_TEST(limits.disabled_until(DataCategory::error) == kNow + 100);
  BOOST_TEST(limits.disabled_until(DataCategory::session) == kNow + 50);
  limits.update_from_response(200, "5:error:org", "", kNow + 1);
  BOOST_TEST(limits.disabled_until(DataCategory::error) == kNow + 100);
  limits.update_from_response(200, "200:error:org", "", kNow + 1);
  BOOST_TEST(limits.disabled_until(DataCategory::error) == kNow + 201);
  // An all-categories limit shorter than a category's own does not shorten it either.
  limits.update_from_response(200, "20::org", "", kNow);
  BOOST_TEST(limits.disabled_until(DataCategory::error) == kNow + 201);
  BOOST_TEST(limits.disabled_until(DataCategory::replay) == kNow + 20);
  limits.update_from_response(200, "500::org", "", kNow);
  BOOST_TEST(limits.disabled_until(DataCategory::error) == kNow + 500);
}

BOOST_AUTO_TEST_CASE(tolerates_whitespace_and_fractions) {
  RateLimits limits = after(200, "  1.5 : error ; session : org : reason ,\t2:replay");
  BOOST_TEST(limits.disabled_until(DataCategory::error) == kNow + 1.5);
  BOOST_TEST(limits.disabled_until(DataCategory::session) == kNow + 1.5);
  BOOST_TEST(limits.disabled_until(DataCategory::replay) == kNow + 2);
}

BOOST_AUTO_TEST_CASE(garbage_headers_limit_nothing) {
  for (const char* header :
       {"abc", ":::", ",,,", "-5:error", "+5:error", "inf:error", "nan:error", "1e3:error",
        "0x10:error", "5..5:error", "1.2.3:error", ".:error", "five:error:org", "\x01\xff:error",
        "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999"
        "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999"
        "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999"
        "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999:error"}) {
    RateLimits limits = after(200, header);
    BOOST_TEST(!limits.any_active(kNow), header);
  }
  // Valid entries survive garbage beside them.
  RateLimits mixed = after(200, "garbage, 60:error:org, :::");
  BOOST_TEST(mixed.is_limited(DataCategory::error, kNow));
  BOOST_TEST(!mixed.is_limited(DataCategory::session, kNow));
}

BOOST_AUTO_TEST_CASE(zero_seconds_limits_nothing) {
  RateLimits limits = after(200, "0:error:org");
  BOOST_TEST(!limits.is_limited(DataCategory::error, kNow));
}

BOOST_AUTO_TEST_CASE(status_429_falls_back_to_retry_after_then_60s) {
  RateLimits secs = after(429, "", "120");
  for (auto c : kAll) BOOST_TEST(secs.disabled_until(c) == kNow + 120);

  RateLimits date = after(429, "", "Tue, 14 Nov 2023 22:15:20 GMT");  // kNow + 2 min
  BOOST_TEST(date.disabled_until(DataCategory::error) == kNow + 120);

  RateLimits past = after(429, "", "Thu, 01 Jan 1970 00:00:00 GMT");
  BOOST_TEST(!past.is_limited(DataCategory::error, kNow));

  RateLimits far = after(429, "", "Fri, 31 Dec 9999 23:59:59 GMT");
  BOOST_TEST(far.is_limited(DataCategory::error, kNow + 1e9));

  for (const char* bad : {"", "soon", "-5", "1e3", "Sun, 32 Nov 1994 08:49:37 GMT"}) {
    RateLimits fallback = after(429, "", bad);
    BOOST_TEST(fallback.disabled_until(DataCategory::session) == kNow + kDefaultRetryAfterSeconds, bad);
  }
}

BOOST_AUTO_TEST_CASE(status_429_prefers_the_rate_limit_header) {
  RateLimits limits = after(429, "30:transaction:org", "600");
  BOOST_TEST(limits.disabled_until(DataCategory::transaction) == kNow + 30);
  BOOST_TEST(!limits.is_limited(DataCategory::error, kNow));
  // A header with no usable entry counts as absent.
  RateLimits garbage = after(429, "nonsense", "600");
  BOOST_TEST(garbage.disabled_until(DataCategory::error) == kNow + 600);
}

BOOST_AUTO_TEST_CASE(retry_after_only_matters_on_429) {
  BOOST_TEST(!after(200, "", "600").any_active(kNow));
  BOOST_TEST(!after(503, "", "600").any_active(kNow));
  BOOST_TEST(!after(413, "", "").any_active(kNow));
  BOOST_TEST(after(503, "10:error:org", "600").is_limited(DataCategory::error, kNow));
}

BOOST_AUTO_TEST_CASE(parse_retry_after_forms) {
  BOOST_TEST(parse_retry_after("  42 ", kNow) == 42.0);
  BOOST_TEST(parse_retry_after("0.5", kNow) == 0.5);
  BOOST_TEST(parse_retry_after("Tue, 14 Nov 2023 22:13:30 GMT", kNow) == 10.0);
  BOOST_TEST(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kNow) == 0.0);
  BOOST_TEST(parse_retry_after("", kNow) < 0);
  BOOST_TEST(parse_retry_after("later", kNow) < 0);
  BOOST_TEST(parse_retry_after("-1", kNow) < 0);
}

BOOST_AUTO_TEST_CASE(clear_forgets_everything) {
  RateLimits limits = after(429, "", "");
  BOOST_TEST(limits.any_active(kNow));
  limits.clear();
  BOOST_TEST(!limits.any_active(kNow));
}

BOOST_AUTO_TEST_CASE(filters_limited_items_out_of_an_envelope) {
  Envelope e = make_envelope();
  Value tx = Value::object();
  tx["spans"] = Value(Array{Value::object(), Value::object()});
  e.items.push_back(make_json_item("event", Value::object()));
  e.items.push_back(make_json_item("transaction", tx));
  e.items.push_back(make_raw_item("attachment", "0123456789", "text/plain", "a.txt"));
  e.items.push_back(make_json_item("replay_event", Value::object()));
  e.items.push_back(make_raw_item("replay_recording", "{\"segment_id\":0}\n[]"));

  RateLimits limits = after(200, "60:transaction;attachment:org");
  auto dropped = filter_rate_limited(e, limits, kNow);
  BOOST_REQUIRE_EQUAL(e.items.size(), 3u);
  BOOST_TEST(e.items[0].type() == "event");
  BOOST_TEST(e.items[1].type() == "replay_event");
  BOOST_TEST(e.items[2].type() == "replay_recording");
  BOOST_REQUIRE_EQUAL(dropped.size(), 3u);
  BOOST_TEST((dropped[0].category == DataCategory::transaction && dropped[0].quantity == 1));
  BOOST_TEST((dropped[1].category == DataCategory::span && dropped[1].quantity == 3));
  BOOST_TEST((dropped[2].category == DataCategory::attachment && dropped[2].quantity == 10));

  // Once the limit has passed nothing more is dropped.
  BOOST_TEST(filter_rate_limited(e, limits, kNow + 61).empty());
  BOOST_TEST(e.items.size() == 3u);

  // Everything limited leaves an empty envelope, which the caller must not send.
  RateLimits all = after(429, "", "");
  auto all_dropped = filter_rate_limited(e, all, kNow);
  BOOST_TEST(e.items.empty());
  BOOST_TEST(all_dropped.size() == 3u);
}
