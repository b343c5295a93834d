#define BOOST_TEST_MODULE random
#include <boost/test/unit_test.hpp>

#include <set>

#include "core/random.h"

using namespace vigil;

BOOST_AUTO_TEST_CASE(same_seed_same_sequence_other_seed_differs) {
  Xoshiro256 a(7), b(7), c(8);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    std::uint64_t x = a.next_u64();
    BOOST_TEST(x == b.next_u64());
    differs |= x != c.next_u64();
  }
  BOOST_TEST(differs);
}

BOOST_AUTO_TEST_CASE(doubles_are_in_unit_interval_and_spread) {
  Xoshiro256 r(1);
  double lo = 1, hi = 0, sum = 0;
  for (int i = 0; i < 100000; ++i) {
    double d = r.next_double();
    BOOST_REQUIRE(d >= 0.0);
    BOOST_REQUIRE(d < 1.0);
    lo = std::min(lo, d);
    hi = std::max(hi, d);
    sum += d;
  }
  BOOST_TEST(lo < 0.001);
  BOOST_TEST(hi > 0.999);
  BOOST_TEST(sum / 100000 > 0.49);
  BOOST_TEST(sum / 100000 < 0.51);
}

BOOST_AUTO_TEST_CASE(uuid4_is_32_hex_version_4_variant_rfc4122_and_unique) {
  Xoshiro256 r(3);
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    std::string id = uuid4_hex(r);
    BOOST_REQUIRE_EQUAL(id.size(), 32u);
    BOOST_REQUIRE(id.find_first_not_of("0123456789abcdef") == std::string::npos);
    BOOST_REQUIRE_EQUAL(id[12], '4');
    BOOST_REQUIRE(std::string("89ab").find(id[16]) != std::string::npos);
    seen.insert(id);
  }
  BOOST_TEST(seen.size() == 10000u);
}

BOOST_AUTO_TEST_CASE(random_hex_has_the_asked_length) {
  Xoshiro256 r(5);
  for (std::size_t bytes : {0u, 1u, 8u, 9u, 16u}) {
    std::string h = random_hex(r, bytes);
    BOOST_TEST(h.size() == bytes * 2);
    BOOST_TEST(h.find_first_not_of("0123456789abcdef") == std::string::npos);
  }
}
