#pragma once
// Sample-rate decisions (sample_rate for errors, traces_sample_rate, replay rates). Randomness
// comes from the injected Random so tests are deterministic.
//
// Rules, matching Sentry's SDKs:
// - rate 1 keeps and rate 0 drops without drawing a random number;
// - 0 < rate < 1 keeps when a uniform draw in [0, 1) is below the rate;
// - a rate that is NaN, infinite or outside [0, 1] is a configuration error: the item is
//   dropped (not sending is the safe reading of a broken setting) and the decision says so,
//   so the caller can log it once.
// Every drop, invalid or not, is a "sample_rate" discard for client reports.
#include <string_view>

#include "core/random.h"

namespace vigil {

enum class SampleReason {
  kept_always,      // rate == 1
  kept_sampled,     // the draw fell below the rate
  dropped_zero,     // rate == 0
  dropped_sampled,  // the draw fell at or above the rate
  invalid_rate,     // NaN, infinite or outside [0, 1]
};

struct SampleDecision {
  bool keep = false;
  SampleReason reason = SampleReason::invalid_rate;
  double rate = 0;   // the rate as given
  double draw = -1;  // the random value compared against the rate; -1 when none was drawn

  // Whether the caller should record a "sample_rate" client-report discard.
  bool discarded() const { return !keep; }
  // A log line for invalid rates; empty otherwise.
  std::string_view message() const;
};

bool is_valid_sample_rate(double rate);

// Draws from `random` only when 0 < rate < 1.
SampleDecision sample(double rate, Random& random);
// The same decision against a given draw, e.g. the trace's propagated sample_rand, so every
// SDK in a distributed trace decides alike. A draw outside [0, 1) drops 0 < rate < 1 samples.
SampleDecision sample_with_draw(double rate, double draw);

inline bool sample_rate_keeps(double rate, Random& random) { return sample(rate, random).keep; }

std::string_view to_string(SampleReason reason);

}  // namespace vigil
