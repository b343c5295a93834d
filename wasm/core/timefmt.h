#pragma once
// Timestamps for the wire: RFC 3339 for envelope headers and event payloads, HTTP dates for
// Retry-After. The calendar math is done here rather than with timegm/gmtime because those
// depend on the C library (timegm is missing from some Wasm libcs) and never on the process
// time zone or locale, so results are identical natively and in the browser.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil {

// Days since 1970-01-01 for a proleptic Gregorian date; month 1..12, day 1..31 (not checked).
std::int64_t days_from_civil(std::int64_t year, int month, int day);

// "YYYY-MM-DDTHH:MM:SS.mmmZ" in UTC, rounded to the nearest millisecond. Inputs outside
// years 0000..9999 are clamped to that range and non-finite inputs give the epoch, so the output
// is always a valid RFC 3339 string that Sentry accepts.
std::string format_rfc3339(double unix_seconds);

// Parses "YYYY-MM-DD(T|t| )HH:MM:SS[.fraction](Z|z|+HH:MM|-HH:MM)" to Unix seconds. The date and
// time fields are range-checked (including leap days); a leap second (:60) is accepted and
// lands on the next second. Anything else, including trailing text, is nullopt.
std::optional<double> parse_rfc3339(std::string_view text);

// Parses the three date forms HTTP allows (RFC 9110 section 5.6.7), as Retry-After may carry:
//   IMF-fixdate  "Sun, 06 Nov 1994 08:49:37 GMT"
//   RFC 850      "Sunday, 06-Nov-94 08:49:37 GMT"   (two-digit year: 70..99 -> 19xx, else 20xx)
//   asctime      "Sun Nov  6 08:49:37 1994"
// Leading and trailing whitespace is ignored; names are matched case-sensitively as the grammar
// says; the weekday must be a valid name but is not checked against the date.
std::optional<double> parse_http_date(std::string_view text);

}  // namespace vigil
