#pragma once
// The dynamic sampling context (DSC): the facts about a trace's head that Relay samples by.
// It travels two ways and must read the same in both:
//   - in `baggage` as sentry-trace_id=...,sentry-public_key=...,sentry-sample_rate=... members;
//   - in the envelope header as "trace": {"trace_id": ..., "public_key": ..., ...}.
// Values are strings on both wires ("sample_rate":"0.25", "sampled":"true"), as Sentry's SDKs
// send them; numbers and booleans are accepted when reading.
//
// The head of the trace decides the DSC. Once a DSC came in with a trace, or once this SDK sent
// one out, it is frozen: later changes (a renamed transaction) must not alter it, or services in
// one trace would be sampled by different rules. The Tracer enforces the freezing; this file
// only converts.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/trace_headers.h"

namespace vigil {

struct DynamicSamplingContext {
  std::string trace_id;
  std::string public_key;
  std::string release;
  std::string environment;
  std::string transaction;  // left empty for URL-named transactions (high cardinality, PII)
  std::optional<double> sample_rate;  // [0, 1]
  std::optional<bool> sampled;
  std::optional<double> sample_rand;  // [0, 1)
  std::optional<std::string> replay_id;
  std::string org_id;
  // Other sentry- members (key without the prefix, decoded value), kept so a DSC passed through
  // this SDK reaches the next service complete.
  std::vector<std::pair<std::string, std::string>> other;

  bool empty() const;

  // sentry-prefixed members in a fixed order; empty and absent fields are left out.
  std::vector<BaggageEntry> to_baggage_entries() const;
  // The sentry- members of a parsed header, first occurrence winning; nullopt when there are
  // none (no DSC came in). Fields whose value is malformed (a sample_rate of "abc" or 2, a
  // sampled that is not true/false, a sample_rand outside [0, 1)) are left absent; the rest is
  // kept.
  static std::optional<DynamicSamplingContext> from_baggage(const std::vector<BaggageEntry>& entries);
  static std::optional<DynamicSamplingContext> from_baggage(std::string_view header);

  // The envelope header "trace" object.
  Value to_value() const;
  // Reads the object form; non-objects give an empty DSC. Same validation as from_baggage.
  static DynamicSamplingContext from_value(const Value& v);
};

// Relay rejects an envelope "trace" header without these two, so callers skip the header then.
bool dsc_is_sendable(const DynamicSamplingContext& dsc);

// Shortest decimal that reads back as the same double, without exponent for rates >= 1e-4
// ("0.25", "1", "0.0001"); nullopt-free: non-finite input gives "0".
std::string format_sample_rate(double rate);
// sample_rand with six decimals, the precision Sentry's SDKs exchange ("0.123456").
std::string format_sample_rand(double rand);
// Strict decimal reader for DSC fields: digits with an optional fraction and exponent, no sign,
// whitespace, hex, "inf" or "nan". nullopt otherwise.
std::optional<double> parse_dsc_number(std::string_view text);

}  // namespace vigil
