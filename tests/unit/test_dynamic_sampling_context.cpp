#define BOOST_TEST_MODULE dynamic_sampling_context
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include "core/dynamic_sampling_context.h"

using namespace vigil;

namespace {

DynamicSamplingContext full_dsc() {
  DynamicSamplingContext d;
  d.trace_id = "771a43a4192642f0b136d5159a501700";
  d.public_key = "49d0f7386ad645858ae85020e393bef3";
  d.release = "app@1.0 beta";
  d.environment = "production";
  d.transaction = "/users/:id";
  d.sample_rate = 0.25;
  d.sampled = true;
  d.sample_rand = 0.123456;
  d.replay_id = "a1b2";
  return d;
}

}  // namespace

BOOST_AUTO_TEST_CASE(to_baggage_entries_prefixes_and_orders) {
  auto entries = full_dsc().to_baggage_entries();
  BOOST_REQUIRE(entries.size() == 9u);
  BOOST_TEST(entries[0].key == "sentry-trace_id");
  BOOST_TEST(entries[1].key == "sentry-public_key");
  BOOST_TEST(entries[5].key == "sentry-sample_rate");
  BOOST_TEST(entries[5].value == "0.25");
  BOOST_TEST(entries[6].value == "true");
  BOOST_TEST(entries[7].value == "0.123456");
  BOOST_TEST(format_baggage(entries).find("sentry-release=app%401.0%20beta") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(baggage_round_trip) {
  DynamicSamplingContext d = full_dsc();
  d.other.emplace_back("user_segment", "vip");
  d.org_id = "42";
  auto back = DynamicSamplingContext::from_baggage(format_baggage(d.to_baggage_entries()));
  BOOST_REQUIRE(back);
  BOOST_TEST(back->trace_id == d.trace_id);
  BOOST_TEST(back->release == d.release);
  BOOST_TEST(back->transaction == d.transaction);
  BOOST_TEST(back->sample_rate.value() == 0.25);
  BOOST_TEST(back->sampled.value() == true);
  BOOST_TEST(back->sample_rand.value() == 0.123456);
  BOOST_TEST(back->replay_id.value() == "a1b2");
  BOOST_TEST(back->org_id == "42");
  BOOST_REQUIRE(back->other.size() == 1u);
  BOOST_TEST(back->other[0].first == "user_segment");
  BOOST_TEST((back->to_value() == d.to_value()));
}

BOOST_AUTO_TEST_CASE(no_sentry_members_means_no_dsc) {
  BOOST_TEST(!DynamicSamplingContext::from_baggage("").has_value());
  BOOST_TEST(!DynamicSamplingContext::from_baggage("foo=bar,baz=1").has_value());
  BOOST_TEST(!DynamicSamplingContext::from_baggage("garbage,,;=").has_value());
  auto d = DynamicSamplingContext::from_baggage("foo=bar,sentry-environment=stage");
  BOOST_REQUIRE(d);
  BOOST_TEST(d->environment == "stage");
  BOOST_TEST(!d->empty());
}

BOOST_AUTO_TEST_CASE(malformed_fields_are_left_absent_others_kept) {
  auto d = DynamicSamplingContext::from_baggage(
      "sentry-sample_rate=abc,sentry-sampled=yes,sentry-sample_rand=1,"
      "sentry-trace_id=771a43a4192642f0b136d5159a501700");
  BOOST_REQUIRE(d);
  BOOST_TEST(!d->sample_rate.has_value());
  BOOST_TEST(!d->sampled.has_value());
  BOOST_TEST(!d->sample_rand.has_value());
  BOOST_TEST(d->trace_id == "771a43a4192642f0b136d5159a501700");

  const char* bad_rates[] = {"-0.5", "1.5", "nan", "inf", "0x1p-2", "",
                             "1e400", ".", "1e", "+0.5"};
  for (const char* r : bad_rates) {
    auto x = DynamicSamplingContext::from_baggage(std::string("sentry-sample_rate=") + r);
    BOOST_REQUIRE(x);
    BOOST_TEST(!x->sample_rate.has_value(), "accepted " << r);
  }
  // Baggage trims spaces around a value, but the number reader itself is strict.
  BOOST_TEST(!parse_dsc_number(" 0.5").has_value());
  BOOST_TEST(!parse_dsc_number("0.5 ").has_value());
  BOOST_TEST(!parse_dsc_number("0,5").has_value());
  BOOST_TEST(!parse_dsc_number(std::string(100, '1')).has_value());
  BOOST_TEST(parse_dsc_number("5.").value() == 5.0);
  auto ok = DynamicSamplingContext::from_baggage("sentry-sample_rate=1e-05,sentry-sample_rand=.5");
  BOOST_TEST(ok->sample_rate.value() == 1e-05);
  BOOST_TEST(ok->sample_rand.value() == 0.5);
}

BOOST_AUTO_TEST_CASE(first_occurrence_wins) {
  auto d = DynamicSamplingContext::from_baggage(
      "sentry-release=first,sentry-release=second,sentry-x=1,sentry-x=2");
  BOOST_REQUIRE(d);
  BOOST_TEST(d->release == "first");
  BOOST_REQUIRE(d->other.size() == 1u);
  BOOST_TEST(d->other[0].second == "1");
}

BOOST_AUTO_TEST_CASE(value_form_uses_strings) {
  Value v = full_dsc().to_value();
  BOOST_TEST(v.get("sample_rate").as_string() == "0.25");
  BOOST_TEST(v.get("sampled").as_string() == "true");
  BOOST_TEST(v.get("sample_rand").as_string() == "0.123456");
  BOOST_TEST(v.get("public_key").as_string() == "49d0f7386ad645858ae85020e393bef3");
  BOOST_TEST(!v.find("org_id"));
  BOOST_TEST(to_json(DynamicSamplingContext{}.to_value()) == "{}");
}

BOOST_AUTO_TEST_CASE(value_form_accepts_numbers_and_booleans) {
  auto r = parse_json(R"({"trace_id":"t","sample_rate":0.5,"sampled":false,"sample_rand":0.2,
                          "release":7,"nested":{"a":1},"environment":"dev"})");
  BOOST_REQUIRE(r.ok);
  auto d = DynamicSamplingContext::from_value(r.value);
  BOOST_TEST(d.sample_rate.value() == 0.5);
  BOOST_TEST(d.sampled.value() == false);
  BOOST_TEST(d.sample_rand.value() == 0.2);
  BOOST_TEST(d.release.empty());  // not a string
  BOOST_TEST(d.environment == "dev");
  BOOST_TEST(d.other.empty());

  auto bad = parse_json(R"({"sample_rate":2,"sample_rand":1,"sampled":"TRUE"})");
  auto b = DynamicSamplingContext::from_value(bad.value);
  BOOST_TEST(!b.sample_rate.has_value());
  BOOST_TEST(!b.sample_rand.has_value());
  BOOST_TEST(!b.sampled.has_value());
  BOOST_TEST(DynamicSamplingContext::from_value(Value("str")).empty());
}

BOOST_AUTO_TEST_CASE(sendable_needs_trace_id_and_public_key) {
  DynamicSamplingContext d = full_dsc();
  BOOST_TEST(dsc_is_sendable(d));
  d.public_key.clear();
  BOOST_TEST(!dsc_is_sendable(d));
  BOOST_TEST(!dsc_is_sendable(DynamicSamplingContext{}));
}

BOOST_AUTO_TEST_CASE(number_formatting) {
  BOOST_TEST(format_sample_rate(1) == "1");
  BOOST_TEST(format_sample_rate(0) == "0");
  BOOST_TEST(format_sample_rate(0.1) == "0.1");
  BOOST_TEST(format_sample_rate(0.3333) == "0.3333");
  BOOST_TEST(format_sample_rate(std::nan("")) == "0");
  double third = 1.0 / 3;
  BOOST_TEST(parse_dsc_number(format_sample_rate(third)).value() == third);

  BOOST_TEST(format_sample_rand(0.123456) == "0.123456");
  BOOST_TEST(format_sample_rand(0.1234569) == "0.123456");  // truncated, not rounded
  BOOST_TEST(format_sample_rand(0.9999999) == "0.999999");  // never reaches 1
  BOOST_TEST(format_sample_rand(0.5) == "0.500000");
  BOOST_TEST(format_sample_rand(0) == "0.000000");
  BOOST_TEST(format_sample_rand(-1) == "0.000000");
  BOOST_TEST(format_sample_rand(std::numeric_limits<double>::infinity()) == "0.000000");
  for (int k : {1, 7, 290000, 333333, 999999}) {
    double v = k / 1e6;
    BOOST_TEST(parse_dsc_number(format_sample_rand(v)).value() == v);
  }
}
