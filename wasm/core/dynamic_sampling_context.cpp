#include "core/dynamic_sampling_context.h"

#include <cmath>

#include "core/number.h"

namespace vigil {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<bool> parse_bool_text(std::string_view s) {
  if (s == "true") return true;
  if (s == "false") return false;
  return std::nullopt;
}

std::optional<double> valid_rate(std::optional<double> d) {
  if (d && std::isfinite(*d) && *d >= 0 && *d <= 1) return d;
  return std::nullopt;
}

std::optional<double> valid_rand(std::optional<double> d) {
  if (d && std::isfinite(*d) && *d >= 0 && *d < 1) return d;
  return std::nullopt;
}

// One field, given as text (baggage, or a string in the header object). Unknown keys go to
// `other`; the caller guarantees first-occurrence semantics.
void set_field(DynamicSamplingContext& dsc, std::string_view key, std::string_view value) {
  if (key == "trace_id") {
    dsc.trace_id = std::string(value);
  } else if (key == "public_key") {
    dsc.public_key = std::string(value);
  } else if (key == "release") {
    dsc.release = std::string(value);
  } else if (key == "environment") {
    dsc.environment = std::string(value);
  } else if (key == "transaction") {
    dsc.transaction = std::string(value);
  } else if (key == "sample_rate") {
    dsc.sample_rate = valid_rate(parse_dsc_number(value));
  } else if (key == "sampled") {
    dsc.sampled = parse_bool_text(value);
  } else if (key == "sample_rand") {
    dsc.sample_rand = valid_rand(parse_dsc_number(value));
  } else if (key == "replay_id") {
    dsc.replay_id = std::string(value);
  } else if (key == "org_id") {
    dsc.org_id = std::string(value);
  } else {
    dsc.other.emplace_back(std::string(key), std::string(value));
  }
}

template <typename Fn>
void for_each_field(const DynamicSamplingContext& dsc, Fn&& fn) {
  if (!dsc.trace_id.empty()) fn("trace_id", dsc.trace_id);
  if (!dsc.public_key.empty()) fn("public_key", dsc.public_key);
  if (!dsc.release.empty()) fn("release", dsc.release);
  if (!dsc.environment.empty()) fn("environment", dsc.environment);
  if (!dsc.transaction.empty()) fn("transaction", dsc.transaction);
  if (dsc.sample_rate) fn("sample_rate", format_sample_rate(*dsc.sample_rate));
  if (dsc.sampled) fn("sampled", std::string(*dsc.sampled ? "true" : "false"));
  if (dsc.sample_rand) fn("sample_rand", format_sample_rand(*dsc.sample_rand));
  if (dsc.replay_id && !dsc.replay_id->empty()) fn("replay_id", *dsc.replay_id);
  if (!dsc.org_id.empty()) fn("org_id", dsc.org_id);
  for (const auto& [k, v] : dsc.other) fn(k, v);
}

}  // namespace

std::optional<double> parse_dsc_number(std::string_view text) {
  // Validated by hand first: strtod would accept spaces, signs, hex, "inf" and "nan".
  std::size_t i = 0;
  const std::size_t n = text.size();
  std::size_t int_digits = 0;
  while (i < n && is_digit(text[i])) ++i, ++int_digits;
  std::size_t frac_digits = 0;
  if (i < n && text[i] == '.') {
    ++i;
    while (i < n && is_digit(text[i])) ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return std::nullopt;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < n && is_digit(text[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return std::nullopt;
  }
  if (i != n || n > 64) return std::nullopt;
  double d = 0;
  if (!parse_double(text, d) || !std::isfinite(d)) return std::nullopt;
  return d;
}

std::string format_sample_rate(double rate) {
  if (!std::isfinite(rate) || rate == 0) return "0";
  std::string out;
  append_double_round_trip(rate, out, 1);  // the shortest %g that reads back
  return out;
}

std::string format_sample_rand(double rand) {
  if (!std::isfinite(rand) || rand <= 0) return "0.000000";
  // Truncate, never round: rounding 0.9999996 up would give 1, outside [0, 1), and rounding a
  // draw up could flip a downstream "draw < rate" decision. The tiny bias added before flooring
  // keeps a value that is already k/10^6 (and so sits a hair below it in binary) at k.
  double scaled = std::floor(rand * 1e6 + 1e-6);
  long long k = scaled >= 999999 ? 999999 : static_cast<long long>(scaled);
  std::string digits = format_int(1000000 + k);  // "1" and six digits, zero-padded
  digits[0] = '.';
  return "0" + digits;
}

bool DynamicSamplingContext::empty() const {
  bool any = false;
  for_each_field(*this, [&](std::string_view, const std::string&) { any = true; });
  return !any;
}

bool dsc_is_sendable(const DynamicSamplingContext& dsc) {
  return !dsc.trace_id.empty() && !dsc.public_key.empty();
}

std::vector<BaggageEntry> DynamicSamplingContext::to_baggage_entries() const {
  std::vector<BaggageEntry> out;
  for_each_field(*this, [&](std::string_view key, const std::string& value) {
    std::string k(kSentryBaggagePrefix);
    k += key;
    out.push_back(BaggageEntry{std::move(k), value, {}});
  });
  return out;
}

std::optional<DynamicSamplingContext> DynamicSamplingContext::from_baggage(
    const std::vector<BaggageEntry>& entries) {
  DynamicSamplingContext dsc;
  std::vector<std::string_view> seen;
  bool any = false;
  for (const auto& e : entries) {
    if (!is_sentry_baggage_key(e.key)) continue;
    any = true;
    std::string_view key = std::string_view(e.key).substr(kSentryBaggagePrefix.size());
    if (key.empty()) continue;
    bool repeated = false;
    for (auto s : seen) repeated = repeated || s == key;
    if (repeated) continue;
    seen.push_back(key);
    set_field(dsc, key, e.value);
  }
  if (!any) return std::nullopt;
  return dsc;
}

std::optional<DynamicSamplingContext> DynamicSamplingContext::from_baggage(std::string_view header) {
  return from_baggage(parse_baggage(header).entries);
}

Value DynamicSamplingContext::to_value() const {
  Value v = Value::object();
  for_each_field(*this, [&](std::string_view key, const std::string& value) {
    if (!v.find(key)) v[key] = value;
  });
  return v;
}

DynamicSamplingContext DynamicSamplingContext::from_value(const Value& v) {
  DynamicSamplingContext dsc;
  std::vector<std::string_view> seen;
  for (const auto& m : v.as_object()) {
    if (m.key.empty()) continue;
    bool repeated = false;
    for (auto s : seen) repeated = repeated || s == m.key;
    if (repeated) continue;
    seen.push_back(m.key);
    const Value& val = m.value;
    if (val.is_string()) {
      set_field(dsc, m.key, val.as_string());
    } else if (val.is_number() && (m.key == "sample_rate" || m.key == "sample_rand")) {
      double d = val.as_double();
      if (m.key == "sample_rate") {
        dsc.sample_rate = valid_rate(d);
      } else {
        dsc.sample_rand = valid_rand(d);
      }
    } else if (val.is_bool() && m.key == "sampled") {
      dsc.sampled = val.as_bool();
    }
    // Anything else (nested objects, a numeric release) is not a DSC value and is dropped.
  }
  return dsc;
}

}  // namespace vigil
