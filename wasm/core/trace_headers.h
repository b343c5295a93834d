#pragma once
// The two headers that carry a trace across process boundaries:
//   sentry-trace: TRACE_ID-SPAN_ID[-SAMPLED]   (32 hex, 16 hex, "0" or "1")
//   baggage:      W3C Baggage, comma-separated `key=value;properties`, values percent-encoded.
// Only `sentry-` prefixed baggage members belong to Sentry (they hold the dynamic sampling
// context); every other member belongs to someone else and must survive a merge untouched.
// Parsing is tolerant of whitespace and skips what it cannot read; it never fails loudly, since
// a bad header from a peer must not break the request that carries it.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

// W3C Baggage limits (https://www.w3.org/TR/baggage/#limits): what a propagator must accept,
// and what this one never exceeds when writing.
inline constexpr std::size_t kBaggageMaxBytes = 8192;
inline constexpr std::size_t kBaggageMaxMembers = 180;
inline constexpr std::string_view kSentryBaggagePrefix = "sentry-";

struct SentryTrace {
  std::string trace_id;          // 32 lowercase hex
  std::string span_id;           // 16 lowercase hex
  std::optional<bool> sampled;   // absent = the sender deferred the decision
};

// 32 (trace) or 16 (span) hex digits, not all zero (W3C calls all-zero ids invalid). Either case
// is accepted; callers store the lowercase form.
bool is_valid_trace_id(std::string_view id);
bool is_valid_span_id(std::string_view id);

// Accepts surrounding spaces and tabs and hex in either case (ids come back lowercased). Anything
// else — wrong lengths, non-hex, a flag other than 0/1, missing parts, trailing text — is nullopt.
std::optional<SentryTrace> parse_sentry_trace(std::string_view header);
// "TRACE-SPAN", plus "-1"/"-0" when sampled is set. The ids are written as given.
std::string format_sentry_trace(std::string_view trace_id, std::string_view span_id,
                                std::optional<bool> sampled);

struct BaggageEntry {
  std::string key;         // as sent (a token); not percent-decoded
  std::string value;       // percent-decoded; invalid UTF-8 repaired to U+FFFD
  std::string properties;  // everything after the first ';', kept verbatim (trimmed)
};

struct BaggageParse {
  std::vector<BaggageEntry> entries;  // in header order
  std::size_t skipped = 0;            // malformed members left out
  bool truncated = false;             // members past kBaggageMaxMembers were ignored
};

// Parses one header value, or several joined with ','. Members with an empty or non-token key,
// no '=', or a broken percent escape are skipped; empty members (",,") are ignored silently.
// Sentry members are kept even past the member limit so a long third-party prefix cannot hide
// the sampling context; other members past it are dropped and `truncated` is set.
BaggageParse parse_baggage(std::string_view header);

// Percent-encodes all but A-Z a-z 0-9 and - _ . ! ~ * ' ( ), the set JavaScript's
// encodeURIComponent leaves alone, so every Sentry SDK decodes our values.
std::string baggage_encode(std::string_view value);
// Decodes %XX escapes (either case); nullopt on a '%' not followed by two hex digits.
std::optional<std::string> baggage_decode(std::string_view value);

bool is_sentry_baggage_key(std::string_view key);

// Writes members as `key=encoded-value[;properties]` joined by ','. Members are added in order
// while the result stays within kBaggageMaxBytes and kBaggageMaxMembers; one that does not fit is
// left out whole (the spec forbids partial members) and later, smaller ones may still fit.
std::string format_baggage(const std::vector<BaggageEntry>& entries);

// The baggage to send: `existing` (an outgoing header the application already set, or the
// incoming one being forwarded) with its sentry- members replaced by `sentry_entries`. Other
// members keep their order and properties; a repeated key keeps its first occurrence. Sentry's
// members are placed first in the budget so third-party bulk can only crowd out third-party
// members, but are written last, after the members that were already there.
std::string merge_baggage(std::string_view existing, const std::vector<BaggageEntry>& sentry_entries);

}  // namespace vigil
