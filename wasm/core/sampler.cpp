#include "core/sampler.h"

#include <cmath>

namespace vigil {
namespace {

// Settles rates that need no draw (invalid, 0, 1); returns false when a draw must decide.
bool decide_without_draw(double rate, SampleDecision& d) {
  d.rate = rate;
  if (!is_valid_sample_rate(rate)) {
    d.keep = false;
    d.reason = SampleReason::invalid_rate;
    return true;
  }
  if (rate >= 1) {
    d.keep = true;
    d.reason = SampleReason::kept_always;
    return true;
  }
  if (rate <= 0) {
    d.keep = false;
    d.reason = SampleReason::dropped_zero;
    return true;
  }
  return false;
}

void decide_with_draw(double draw, SampleDecision& d) {
  d.draw = draw;
  d.keep = draw >= 0 && draw < d.rate;
  d.reason = d.keep ? SampleReason::kept_sampled : SampleReason::dropped_sampled;
}

}  // namespace

bool is_valid_sample_rate(double rate) { return std::isfinite(rate) && rate >= 0 && rate <= 1; }

SampleDecision sample(double rate, Random& random) {
  SampleDecision d;
  if (!decide_without_draw(rate, d)) decide_with_draw(random.next_double(), d);
  return d;
}

SampleDecision sample_with_draw(double rate, double draw) {
  SampleDecision d;
  if (!decide_without_draw(rate, d)) decide_with_draw(draw, d);  // NaN compares false: dropped
  return d;
}

std::string_view SampleDecision::message() const {
  if (reason != SampleReason::invalid_rate) return {};
  return "invalid sample rate: expected a number between 0 and 1; dropping";
}

std::string_view to_string(SampleReason reason) {
  switch (reason) {
    case SampleReason::kept_always: return "kept_always";
    case SampleReason::kept_sampled: return "kept_sampled";
    case SampleReason::dropped_zero: return "dropped_zero";
    case SampleReason::dropped_sampled: return "dropped_sampled";
    case SampleReason::invalid_rate: return "invalid_rate";
  }
  return "invalid_rate";
}

}  // namespace vigil
