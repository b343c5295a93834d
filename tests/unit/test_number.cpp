#define BOOST_TEST_MODULE number
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "core/number.h"

using namespace vigil;

// The C library is the reference here: glibc's strtod and printf are exact. The randomized
// cases run VIGIL_NUMBER_ITERATIONS times each (default 8000; set it to millions for a soak).
namespace {

long iterations() {
  const char* env = std::getenv("VIGIL_NUMBER_ITERATIONS");
  long n = env ? std::atol(env) : 0;
  return n > 0 ? n : 8000;
}

std::uint64_t bits_of(double d) {
  std::uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

double from_bits(std::uint64_t b) {
  double d;
  std::memcpy(&d, &b, sizeof d);
  return d;
}

std::string g(double d, int precision) {
  std::string out;
  append_double_g(d, precision, out);
  return out;
}

std::string round_trip(double d, int min_precision = 15) {
  std::string out;
  append_double_round_trip(d, out, min_precision);
  return out;
}

// What json.cpp (from 15) and dynamic_sampling_context.cpp (from 1) did before this module.
std::string reference_round_trip(double d, int min_precision = 15) {
  char buf[40];
  for (int precision = min_precision; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  return buf;
}

std::string reference_g(double d, int precision) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", precision, d);
  return buf;
}

// Parses with both and reports a mismatch as a readable failure.
void expect_parse_matches_strtod(const std::string& text) {
  double want = std::strtod(text.c_str(), nullptr);
  double got = -1.0;
  BOOST_REQUIRE_MESSAGE(parse_double(text, got), "rejected " << text);
  BOOST_REQUIRE_MESSAGE(bits_of(got) == bits_of(want), text << ": got " << reference_g(got, 17)
                                                              << ", strtod " << reference_g(want, 17));
}

void expect_format_matches_printf(double d) {
  for (int precision = 1; precision <= 17; ++precision)
    BOOST_REQUIRE_MESSAGE(g(d, precision) == reference_g(d, precision),
                          reference_g(d, 17) << " at %." << precision << "g: got " << g(d, precision));
  BOOST_REQUIRE_MESSAGE(round_trip(d) == reference_round_trip(d),
                        reference_g(d, 17) << ": got " << round_trip(d));
  BOOST_REQUIRE_MESSAGE(round_trip(d, 1) == reference_round_trip(d, 1),
                        reference_g(d, 17) << " from %.1g: got " << round_trip(d, 1));
}

}  // namespace

BOOST_AUTO_TEST_CASE(formats_known_doubles_like_printf_g) {
  BOOST_TEST(round_trip(0.1) == "0.1");
  BOOST_TEST(round_trip(1e-7) == "1e-07");
  BOOST_TEST(round_trip(0.0001) == "0.0001");
  BOOST_TEST(round_trip(123456789.125) == "123456789.125");
  BOOST_TEST(round_trip(1700000000.123) == "1700000000.123");
  BOOST_TEST(round_trip(1e15) == "1e+15");
  BOOST_TEST(round_trip(123456789012345.0) == "123456789012345");
  BOOST_TEST(round_trip(0.30000000000000004) == "0.30000000000000004");
  BOOST_TEST(round_trip(1.7976931348623157e308) == "1.7976931348623157e+308");
  BOOST_TEST(round_trip(5e-324) == "4.94065645841247e-324");  // far from exact, still reads back
  BOOST_TEST(round_trip(2.2250738585072014e-308) == "2.2250738585072014e-308");
  BOOST_TEST(round_trip(-0.5) == "-0.5");
  BOOST_TEST(round_trip(-0.0) == "-0");
  BOOST_TEST(round_trip(1e100) == "1e+100");
  BOOST_TEST(round_trip(0.25, 1) == "0.25");
  BOOST_TEST(round_trip(1.0 / 3, 1) == "0.3333333333333333");
  BOOST_TEST(round_trip(100, 1) == "1e+02");
  BOOST_TEST(g(0.5, 1) == "0.5");
  BOOST_TEST(g(9.5, 1) == "1e+01");           // carry into a new digit
  BOOST_TEST(g(2.5, 1) == "2");               // exact tie goes to even
  BOOST_TEST(g(3.5, 1) == "4");
  BOOST_TEST(g(1125899906842624.5, 16) == "1125899906842624");  // tie at 16 digits
  BOOST_TEST(g(99999.5, 5) == "1e+05");
  BOOST_TEST(g(0.000123456, 3) == "0.000123");
  BOOST_TEST(g(1.5, 0) == "2");   // precision clamps to 1..17
  BOOST_TEST(g(0.1, 30) == "0.10000000000000001");
  BOOST_TEST(g(std::numeric_limits<double>::infinity(), 15) == "null");
  BOOST_TEST(round_trip(-std::numeric_limits<double>::infinity()) == "null");
  BOOST_TEST(round_trip(std::nan("")) == "null");
}

BOOST_AUTO_TEST_CASE(formats_random_doubles_exactly_like_printf) {
  std::mt19937_64 rng(1);
  for (long i = 0; i < iterations(); ++i) {
    double d = from_bits(rng());  // every exponent, subnormals included
    if (std::isfinite(d)) expect_format_matches_printf(d);
    // Short decimals, whose 15-digit forms round trip: the common case in events.
    double nice = static_cast<double>(rng() % 100000000) * std::pow(10.0, static_cast<int>(rng() % 40) - 20);
    expect_format_matches_printf(nice);
    // Integers around 2^53, where 16 and 17 digits start to matter.
    expect_format_matches_printf(static_cast<double>((1ULL << 53) + rng() % (1ULL << 56)));
  }
}

BOOST_AUTO_TEST_CASE(round_trip_text_parses_back_to_the_same_double) {
  std::mt19937_64 rng(2);
  for (long i = 0; i < iterations(); ++i) {
    double d = from_bits(rng());
    if (!std::isfinite(d)) continue;
    double back = 0;
    BOOST_REQUIRE(parse_double(round_trip(d), back));
    BOOST_REQUIRE(bits_of(back) == bits_of(d));
  }
}

BOOST_AUTO_TEST_CASE(parses_known_numbers) {
  for (const char* text :
       {"0", "-0", "1", "-1", "0.1", "1e23", "8.5e22", "9007199254740993", "9007199254740992.5",
        "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e309",
        "2.2250738585072011e-308", "2.2250738585072012e-308", "4.9406564584124654e-324",
        "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-324", "1e-400", "1e400",
        "0.000000000000000000000000000000000001", "123456789012345678901234567890",
        "1E+2", "1e-2", "00012.5000", ".5", "5.", "1e0000000000000000000000000005",
        "1e-99999999999999999999", "1e99999999999999999999", "-1e99999999999999999999"}) {
    expect_parse_matches_strtod(text);
  }
  double d = 1;
  BOOST_TEST(parse_double("-0", d));
  BOOST_TEST(std::signbit(d));
}

BOOST_AUTO_TEST_CASE(parses_very_long_numbers_exactly) {
  std::string nines(5000, '9');
  expect_parse_matches_strtod(nines);
  expect_parse_matches_strtod("0." + nines);
  expect_parse_matches_strtod(nines + "e-5300");
  expect_parse_matches_strtod(nines + "e-4700");
  // Digits far past the 800th still decide a tie.
  expect_parse_matches_strtod("1" + std::string(3000, '0') + "1e-3000");
  std::string half_ulp_of_one = "1.00000000000000011102230246251565404236316680908203125";
  expect_parse_matches_strtod(half_ulp_of_one);                                   // tie: to even
  expect_parse_matches_strtod(half_ulp_of_one + std::string(1000, '0') + "1");  // just above
  expect_parse_matches_strtod("0." + std::string(400, '0') + "1");             // underflows
}

BOOST_AUTO_TEST_CASE(parses_random_decimals_like_strtod) {
  std::mt19937_64 rng(3);
  for (long i = 0; i < iterations(); ++i) {
    std::string text;
    if (rng() & 1) text += '-';
    std::size_t sign = text.size();
    int digits = 1 + static_cast<int>(rng() % 25);
    for (int k = 0; k < digits; ++k) text += static_cast<char>('0' + rng() % 10);
    if (rng() & 1) text.insert(sign + rng() % (text.size() - sign + 1), ".");
    if (rng() & 1) text += "e" + std::to_string(static_cast<int>(rng() % 700) - 350);
    expect_parse_matches_strtod(text);
  }
}

BOOST_AUTO_TEST_CASE(parses_midpoints_between_doubles_like_strtod) {
  // Halfway between two doubles is where rounding is hardest. A long double holds the
  // midpoint exactly where it has 64 or more mantissa bits, and printf spells it exactly.
  if (std::numeric_limits<long double>::digits < 54) return;
  std::mt19937_64 rng(4);
  char buf[1200];
  for (long i = 0; i < iterations() / 4; ++i) {
    double a = from_bits(rng() & 0x7FEFFFFFFFFFFFFFULL);
    long double mid = (static_cast<long double>(a) +
                       static_cast<long double>(std::nextafter(a, HUGE_VAL))) / 2;
    std::snprintf(buf, sizeof buf, "%.800Le", mid);
    std::string text(buf);
    std::size_t e = text.find('e');
    std::string mantissa = text.substr(0, e), exponent = text.substr(e);
    while (mantissa.back() == '0') mantissa.pop_back();
    expect_parse_matches_strtod(mantissa + exponent);               // exact tie
    expect_parse_matches_strtod(mantissa + "000001" + exponent);    // a hair above
    std::string below = mantissa;                                   // a hair below
    std::size_t j = below.size() - 1;
    while (below[j] == '0') below[j--] = '9';
    --below[j];
    expect_parse_matches_strtod(below + exponent);
  }
}

BOOST_AUTO_TEST_CASE(rejects_what_is_not_a_number) {
  for (const char* bad : {"", "-", ".", "-.", "e5", "1e", "1e+", "1e-", "1x", " 1", "1 ", "--1",
                          "+1", "1..2", "1.2.3", "0x10", "inf", "nan", "1e5.5", "1,5", "١"}) {
    double d = 42;
    BOOST_TEST(!parse_double(bad, d), bad);
    BOOST_TEST(d == 42);
  }
}

BOOST_AUTO_TEST_CASE(parses_int64_with_exact_range) {
  std::int64_t v = 0;
  BOOST_TEST(parse_int64("9223372036854775807", v));
  BOOST_TEST(v == std::numeric_limits<std::int64_t>::max());
  BOOST_TEST(parse_int64("-9223372036854775808", v));
  BOOST_TEST(v == std::numeric_limits<std::int64_t>::min());
  BOOST_TEST(parse_int64("-0", v));
  BOOST_TEST(v == 0);
  BOOST_TEST(parse_int64("000123", v));
  BOOST_TEST(v == 123);
  v = 7;
  for (const char* bad : {"9223372036854775808", "-9223372036854775809", "99999999999999999999",
                          "", "-", "1.0", "1e3", "+1", " 1", "1a"}) {
    BOOST_TEST(!parse_int64(bad, v), bad);
  }
  BOOST_TEST(v == 7);
}

BOOST_AUTO_TEST_CASE(formats_integers) {
  BOOST_TEST(format_int(0) == "0");
  BOOST_TEST(format_int(-1) == "-1");
  BOOST_TEST(format_int(1234567890123) == "1234567890123");
  BOOST_TEST(format_int(std::numeric_limits<std::int64_t>::max()) == "9223372036854775807");
  BOOST_TEST(format_int(std::numeric_limits<std::int64_t>::min()) == "-9223372036854775808");
  std::string out = "x=";
  append_int(42, out);
  BOOST_TEST(out == "x=42");
}
