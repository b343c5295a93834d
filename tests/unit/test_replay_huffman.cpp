#define BOOST_TEST_MODULE replay_huffman
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "replay/huffman.h"
#include "replay/lz.h"

using namespace vigil::replay;

namespace {

// Codes `in`; empty when huff_encode declined (no gain).
std::vector<std::uint8_t> code(const std::vector<std::uint8_t>& in) {
  std::vector<std::uint8_t> out(in.size());
  out.resize(huff_encode(in.data(), in.size(), out.data()));
  return out;
}

bool decodes_to(const std::vector<std::uint8_t>& coded, const std::vector<std::uint8_t>& want) {
  std::vector<std::uint8_t> back(want.size());
  return huff_decode(coded.data(), coded.size(), back.data(), want.size()) && back == want;
}

// Bytes drawn with weights that halve from one value to the next: a deep Huffman tree.
std::vector<std::uint8_t> skewed(std::size_t n, int values, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::uint8_t> out(n);
  for (auto& b : out) {
    int v = 0;
    while (v + 1 < values && (rng() & 1)) ++v;
    b = static_cast<std::uint8_t>(v * 7);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(skewed_streams_code_smaller_and_come_back_exactly) {
  for (int values : {2, 5, 20, 40}) {
    const auto in = skewed(20000, values, values);
    const auto coded = code(in);
    BOOST_REQUIRE_MESSAGE(!coded.empty(), values << " values");
    BOOST_TEST(coded.size() < in.size() / 2, values << " values: " << coded.size());
    BOOST_TEST(huff_size(coded.data(), coded.size()) == in.size());
    BOOST_TEST(decodes_to(coded, in));
  }
}

BOOST_AUTO_TEST_CASE(every_byte_value_and_a_single_repeated_one_round_trip) {
  std::vector<std::uint8_t> all;
  for (int r = 0; r < 40; ++r)
    for (int v = 0; v < 256; ++v) all.push_back(static_cast<std::uint8_t>(v < 16 ? v : v % 3));
  auto coded = code(all);
  BOOST_REQUIRE(!coded.empty());
  BOOST_TEST(decodes_to(coded, all));
  const std::vector<std::uint8_t> same(5000, 'x');
  coded = code(same);
  BOOST_REQUIRE(!coded.empty());
  BOOST_TEST(coded.size() == kHuffHeader + 5000u / 8);  // one bit each
  BOOST_TEST(decodes_to(coded, same));
}

BOOST_AUTO_TEST_CASE(what_coding_would_not_shrink_is_declined) {
  std::mt19937 rng(7);
  std::vector<std::uint8_t> noise(4096);
  for (auto& b : noise) b = static_cast<std::uint8_t>(rng());
  BOOST_TEST(code(noise).empty());
  BOOST_TEST(code({}).empty());
  BOOST_TEST(code(std::vector<std::uint8_t>(100, 'a')).empty());  // shorter than the header
}

BOOST_AUTO_TEST_CASE(lz_output_of_record_like_text_codes_smaller) {
  std::string text;
  for (int i = 0; i < 400; ++i) text += "\x12\x05li\x02" + std::to_string(i * 37 % 1000) + "row " + std::to_string(i) + "\x13";
  const std::vector<std::uint8_t> in(text.begin(), text.end());
  std::vector<std::uint8_t> lz;
  std::vector<std::uint16_t> table;
  lz_compress(in.data(), in.size(), lz, table);
  const auto coded = code(lz);
  BOOST_REQUIRE(!coded.empty());
  BOOST_TEST(coded.size() < lz.size() * 0.9, coded.size() << " of " << lz.size());
  BOOST_TEST(decodes_to(coded, lz));
}

BOOST_AUTO_TEST_CASE(the_decoder_refuses_streams_that_do_not_check) {
  const auto in = skewed(3000, 12, 3);
  const auto good = code(in);
  BOOST_REQUIRE(!good.empty());
  BOOST_REQUIRE(decodes_to(good, in));
  std::vector<std::uint8_t> out(in.size() + 1);
  // The wrong size, a truncated or a lengthened stream.
  BOOST_TEST(!huff_decode(good.data(), good.size(), out.data(), in.size() - 1));
  BOOST_TEST(!huff_decode(good.data(), good.size(), out.data(), in.size() + 1));
  BOOST_TEST(!huff_decode(good.data(), good.size() - 1, out.data(), in.size()));
  BOOST_TEST(!huff_decode(good.data(), kHuffHeader - 1, out.data(), in.size()));
  auto longer = good;
  longer.push_back(0);
  BOOST_TEST(!huff_decode(longer.data(), longer.size(), out.data(), in.size()));
  // A length past the limit; lengths that over-subscribe the code space; no code at all.
  auto bad = good;
  bad[4] = 0xff;
  BOOST_TEST(!huff_decode(bad.data(), bad.size(), out.data(), in.size()));
  bad = good;
  for (std::size_t k = 4; k < kHuffHeader; ++k) bad[k] = 0x11;  // 256 one-bit codes
  BOOST_TEST(!huff_decode(bad.data(), bad.size(), out.data(), in.size()));
  bad = good;
  for (std::size_t k = 4; k < kHuffHeader; ++k) bad[k] = 0;
  BOOST_TEST(!huff_decode(bad.data(), bad.size(), out.data(), in.size()));
  // An incomplete code (one value of one bit) read where no code starts.
  bad = good;
  for (std::size_t k = 4; k < kHuffHeader; ++k) bad[k] = 0;
  bad[4] = 0x01;
  for (std::size_t k = kHuffHeader; k < bad.size(); ++k) bad[k] = 0xff;
  BOOST_TEST(!huff_decode(bad.data(), bad.size(), out.data(), in.size()));
  // Random damage anywhere: refused or decoded, never read or written out of bounds (ASan).
  std::mt19937 rng(11);
  for (int i = 0; i < 2000; ++i) {
    auto damaged = good;
    damaged[rng() % damaged.size()] ^= static_cast<std::uint8_t>(1 + rng() % 255);
    huff_decode(damaged.data(), damaged.size(), out.data(), in.size());
  }
}
