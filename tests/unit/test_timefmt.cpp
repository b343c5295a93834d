#define BOOST_TEST_MODULE timefmt
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include "core/timefmt.h"

using namespace vigil;

namespace {
constexpr double kNov1994 = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT
constexpr double kMaxYear = 253402300799;  // 9999-12-31T23:59:59Z
}  // namespace

BOOST_AUTO_TEST_CASE(formats_known_instants) {
  BOOST_TEST(format_rfc3339(0) == "1970-01-01T00:00:00.000Z");
  BOOST_TEST(format_rfc3339(1700000000.123) == "2023-11-14T22:13:20.123Z");
  BOOST_TEST(format_rfc3339(951782400) == "2000-02-29T00:00:00.000Z");
  BOOST_TEST(format_rfc3339(4107542400) == "2100-03-01T00:00:00.000Z");  // 2100 has no Feb 29
  BOOST_TEST(format_rfc3339(kNov1994) == "1994-11-06T08:49:37.000Z");
  BOOST_TEST(format_rfc3339(kMaxYear) == "9999-12-31T23:59:59.000Z");
}

BOOST_AUTO_TEST_CASE(formats_before_the_epoch_with_floor_semantics) {
  BOOST_TEST(format_rfc3339(-1.5) == "1969-12-31T23:59:58.500Z");
  BOOST_TEST(format_rfc3339(-0.001) == "1969-12-31T23:59:59.999Z");
  BOOST_TEST(format_rfc3339(-62135596800.0) == "0001-01-01T00:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(rounds_to_milliseconds_and_carries) {
  BOOST_TEST(format_rfc3339(0.9999) == "1970-01-01T00:00:01.000Z");
  BOOST_TEST(format_rfc3339(59.9996) == "1970-01-01T00:01:00.000Z");
  BOOST_TEST(format_rfc3339(86399.9999) == "1970-01-02T00:00:00.000Z");
  BOOST_TEST(format_rfc3339(0.0004) == "1970-01-01T00:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(clamps_far_dates_and_non_finite_values) {
  BOOST_TEST(format_rfc3339(1e15) == "9999-12-31T23:59:59.999Z");
  BOOST_TEST(format_rfc3339(-1e15) == "0000-01-01T00:00:00.000Z");
  BOOST_TEST(format_rfc3339(std::numeric_limits<double>::max()) == "9999-12-31T23:59:59.999Z");
  BOOST_TEST(format_rfc3339(std::nan("")) == "1970-01-01T00:00:00.000Z");
  BOOST_TEST(format_rfc3339(std::numeric_limits<double>::infinity()) == "1970-01-01T00:00:00.000Z");
  BOOST_TEST(format_rfc3339(-std::numeric_limits<double>::infinity()) == "1970-01-01T00:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(days_from_civil_matches_known_days) {
  BOOST_TEST(days_from_civil(1970, 1, 1) == 0);
  BOOST_TEST(days_from_civil(1969, 12, 31) == -1);
  BOOST_TEST(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28) == 2);  // 2000 is leap
  BOOST_TEST(days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28) == 1);  // 1900 is not
  BOOST_TEST(days_from_civil(2001, 1, 1) - days_from_civil(2000, 1, 1) == 366);
}

BOOST_AUTO_TEST_CASE(format_and_parse_round_trip_across_centuries) {
  // Every ~37 days from 1583 to 2500 in whole milliseconds, hitting all months and leap rules.
  for (double t = -12212553600.0; t < 16725225600.0; t += 3196800.123) {
    double ms = std::round(t * 1000) / 1000;
    auto parsed = parse_rfc3339(format_rfc3339(ms));
    BOOST_REQUIRE(parsed.has_value());
    BOOST_REQUIRE_SMALL(*parsed - ms, 1e-6);
  }
}

BOOST_AUTO_TEST_CASE(parses_rfc3339_forms) {
  BOOST_TEST(*parse_rfc3339("1970-01-01T00:00:00Z") == 0.0);
  BOOST_TEST(*parse_rfc3339("1994-11-06T08:49:37Z") == kNov1994);
  BOOST_TEST(*parse_rfc3339("1994-11-06t08:49:37z") == kNov1994);
  BOOST_TEST(*parse_rfc3339("1994-11-06 08:49:37Z") == kNov1994);
  BOOST_TEST(*parse_rfc3339("1994-11-06T09:49:37+01:00") == kNov1994);
  BOOST_TEST(*parse_rfc3339("1994-11-06T03:19:37-05:30") == kNov1994);
  BOOST_REQUIRE_SMALL(*parse_rfc3339("2023-11-14T22:13:20.123Z") - 1700000000.123, 1e-6);
  BOOST_REQUIRE_SMALL(*parse_rfc3339("2023-11-14T22:13:20.123456789Z") - 1700000000.123456789, 1e-6);
  BOOST_TEST(*parse_rfc3339("1998-12-31T23:59:60Z") == 915148800.0);  // leap second
  BOOST_TEST(*parse_rfc3339("2024-02-29T00:00:00Z") == 1709164800.0);
  BOOST_TEST(*parse_rfc3339("9999-12-31T23:59:59Z") == kMaxYear);
  BOOST_TEST(*parse_rfc3339("0000-01-01T00:00:00Z") == -62167219200.0);
}

BOOST_AUTO_TEST_CASE(rejects_malformed_rfc3339) {
  for (const char* bad : {
           "", "1970", "1970-01-01", "1970-01-01T00:00:00", "1970-01-01T00:00:00+0100",
           "1970-01-01T00:00:00Z ", " 1970-01-01T00:00:00Z", "1970-1-01T00:00:00Z",
           "1970-01-01X00:00:00Z", "1970-13-01T00:00:00Z", "1970-00-01T00:00:00Z",
           "1970-01-00T00:00:00Z", "1970-01-32T00:00:00Z", "2023-02-29T00:00:00Z",
           "2024-02-30T00:00:00Z", "1900-02-29T00:00:00Z", "1970-04-31T00:00:00Z",
           "1970-01-01T24:00:00Z", "1970-01-01T00:60:00Z", "1970-01-01T00:00:61Z",
           "1970-01-01T00:00:00.Z", "1970-01-01T00:00:00+24:00", "1970-01-01T00:00:00+01:60",
           "1970-01-01T00:00:00+1:00", "1970-01-01T00:00:00ZZ", "+1970-01-01T00:00:00Z",
           "1970-01-01T00:00:00.5.5Z", "abcd-ef-ghTij:kl:mnZ"}) {
    BOOST_TEST(!parse_rfc3339(bad).has_value(), "accepted: " << bad);
  }
  // An embedded NUL must not end the string early.
  BOOST_TEST(!parse_rfc3339(std::string_view("1970-01-01T00:00:00Z\0x", 22)).has_value());
}

BOOST_AUTO_TEST_CASE(parses_the_three_http_date_forms) {
  BOOST_TEST(*parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == kNov1994);
  BOOST_TEST(*parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == kNov1994);
  BOOST_TEST(*parse_http_date("Sun Nov  6 08:49:37 1994") == kNov1994);
  BOOST_TEST(*parse_http_date("Sun Nov 16 08:49:37 1994") == kNov1994 + 10 * 86400);
  BOOST_TEST(*parse_http_date("  Sun, 06 Nov 1994 08:49:37 GMT\t") == kNov1994);
  // The weekday is checked as a name only.
  BOOST_TEST(*parse_http_date("Mon, 06 Nov 1994 08:49:37 GMT") == kNov1994);
}

BOOST_AUTO_TEST_CASE(http_dates_far_in_the_past_and_future) {
  BOOST_TEST(*parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT") == kMaxYear);
  BOOST_TEST(*parse_http_date("Mon, 01 Jan 0001 00:00:00 GMT") == -62135596800.0);
  BOOST_TEST(*parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT") == 0.0);
  BOOST_TEST(*parse_http_date("Wed, 29 Feb 2000 12:00:00 GMT") == 951825600.0);
  // RFC 850's two-digit years pivot at 70.
  BOOST_TEST(*parse_http_date("Thursday, 01-Jan-70 00:00:00 GMT") == 0.0);
  BOOST_TEST(*parse_http_date("Sunday, 01-Jan-69 00:00:00 GMT") == 3124224000.0);  // 2069
}

BOOST_AUTO_TEST_CASE(rejects_malformed_http_dates) {
  for (const char* bad : {
           "", "120", "GMT", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37",
           "Sun, 6 Nov 1994 08:49:37 GMT", "sun, 06 Nov 1994 08:49:37 GMT",
           "Sun, 06 nov 1994 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
           "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 31 Feb 1994 08:49:37 GMT",
           "Sun, 06 Nov 94 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT",
           "Sun 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT",
           "Sun, 06-Nov-94 08:49:37 GMT", "Sun Nov 6 08:49:37 1994", "Sun Nov  6 08:49:37 94",
           "Sun, 06 Nov 1994 08:49:37 GMT extra", "1994-11-06T08:49:37Z"}) {
    BOOST_TEST(!parse_http_date(bad).has_value(), "accepted: " << bad);
  }
}
