#define BOOST_TEST_MODULE sampler
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <deque>
#include <limits>

#include "core/sampler.h"

using namespace vigil;

namespace {

// Returns the queued doubles in order and counts the draws.
class FixedRandom final : public Random {
 public:
  FixedRandom(std::initializer_list<double> values) : values_(values) {}
  std::uint64_t next_u64() override {
    ++draws;
    double v = values_.empty() ? 0.0 : values_.front();
    if (!values_.empty()) values_.pop_front();
    return static_cast<std::uint64_t>(v * 0x1.0p53) << 11;
  }
  int draws = 0;

 private:
  std::deque<double> values_;
};

}  // namespace

BOOST_AUTO_TEST_CASE(fixed_random_yields_the_queued_values) {
  FixedRandom r{0.25, 0.999};
  BOOST_TEST(r.next_double() == 0.25);
  BOOST_TEST(r.next_double() == 0.999);
}

BOOST_AUTO_TEST_CASE(rate_one_always_keeps_without_drawing) {
  FixedRandom r{0.999999};
  SampleDecision d = sample(1.0, r);
  BOOST_TEST(d.keep);
  BOOST_TEST(!d.discarded());
  BOOST_TEST((d.reason == SampleReason::kept_always));
  BOOST_TEST(d.draw == -1.0);
  BOOST_TEST(r.draws == 0);
  BOOST_TEST(sample_rate_keeps(1.0, r));
}

BOOST_AUTO_TEST_CASE(rate_zero_drops_without_drawing) {
  FixedRandom r{0.0};
  SampleDecision d = sample(0.0, r);
  BOOST_TEST(!d.keep);
  BOOST_TEST(d.discarded());
  BOOST_TEST((d.reason == SampleReason::dropped_zero));
  BOOST_TEST(d.message().empty());
  BOOST_TEST(r.draws == 0);
  BOOST_TEST(!sample(-0.0, r).keep);
}

BOOST_AUTO_TEST_CASE(fractional_rates_compare_the_draw) {
  FixedRandom r{0.25, 0.5, 0.75, 0.0};
  SampleDecision below = sample(0.5, r);
  BOOST_TEST(below.keep);
  BOOST_TEST((below.reason == SampleReason::kept_sampled));
  BOOST_TEST(below.draw == 0.25);
  BOOST_TEST(below.rate == 0.5);
  SampleDecision equal = sample(0.5, r);
  BOOST_TEST(!equal.keep);  // keep only strictly below the rate
  BOOST_TEST((equal.reason == SampleReason::dropped_sampled));
  BOOST_TEST(!sample(0.5, r).keep);
  BOOST_TEST(sample(1e-9, r).keep);  // a draw of 0 keeps any positive rate
  BOOST_TEST(r.draws == 4);
}

BOOST_AUTO_TEST_CASE(invalid_rates_drop_and_explain) {
  for (double rate : {std::nan(""), -0.1, 1.0000001, 2.0, -1.0, std::numeric_limits<double>::infinity(),
                      -std::numeric_limits<double>::infinity()}) {
    FixedRandom r{0.0};
    SampleDecision d = sample(rate, r);
    BOOST_TEST(!d.keep, rate);
    BOOST_TEST(d.discarded());
    BOOST_TEST((d.reason == SampleReason::invalid_rate));
    BOOST_TEST(!d.message().empty());
    BOOST_TEST(r.draws == 0);
    BOOST_TEST(!is_valid_sample_rate(rate));
  }
  BOOST_TEST(is_valid_sample_rate(0.0));
  BOOST_TEST(is_valid_sample_rate(1.0));
  BOOST_TEST(is_valid_sample_rate(0.3));
}

BOOST_AUTO_TEST_CASE(sample_with_a_propagated_draw) {
  BOOST_TEST(sample_with_draw(0.5, 0.49).keep);
  BOOST_TEST(!sample_with_draw(0.5, 0.5).keep);
  BOOST_TEST(!sample_with_draw(0.5, std::nan("")).keep);
  BOOST_TEST(!sample_with_draw(0.5, -0.1).keep);
  BOOST_TEST(!sample_with_draw(0.99, 1.5).keep);
  BOOST_TEST(sample_with_draw(1.0, 1.5).keep);  // rate 1 ignores the draw
  BOOST_TEST(!sample_with_draw(0.0, 0.0).keep);
  BOOST_TEST((sample_with_draw(7.0, 0.1).reason == SampleReason::invalid_rate));
}

BOOST_AUTO_TEST_CASE(seeded_random_keeps_about_the_rate) {
  Xoshiro256 random(42);
  int kept = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) kept += sample_rate_keeps(0.3, random) ? 1 : 0;
  BOOST_TEST(std::abs(kept / double(n) - 0.3) < 0.01);
  // Same seed, same decisions.
  Xoshiro256 a(7), b(7);
  for (int i = 0; i < 100; ++i) BOOST_TEST(sample_rate_keeps(0.5, a) == sample_rate_keeps(0.5, b));
}

BOOST_AUTO_TEST_CASE(reason_names) {
  BOOST_TEST(to_string(SampleReason::kept_always) == "kept_always");
  BOOST_TEST(to_string(SampleReason::dropped_sampled) == "dropped_sampled");
  BOOST_TEST(to_string(SampleReason::invalid_rate) == "invalid_rate");
}
