#define BOOST_TEST_MODULE replay_lz
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "replay/lz.h"

using namespace vigil::replay;

namespace {

std::vector<std::uint8_t> bytes(const std::string& s) { return {s.begin(), s.end()}; }

std::vector<std::uint8_t> pack(const std::vector<std::uint8_t>& in) {
  std::vector<std::uint8_t> out;
  std::vector<std::uint16_t> table;
  lz_compress(in.data(), in.size(), out, table);
  BOOST_TEST(out.size() <= lz_bound(in.size()));
  return out;
}

std::vector<std::uint8_t> unpack(const std::vector<std::uint8_t>& packed, std::size_t size, bool& ok) {
  std::vector<std::uint8_t> out(size);
  ok = lz_decompress(packed.data(), packed.size(), out.data(), size);
  return out;
}

void round_trip(const std::vector<std::uint8_t>& in) {
  auto packed = pack(in);
  bool ok = false;
  auto back = unpack(packed, in.size(), ok);
  BOOST_TEST(ok);
  BOOST_TEST((back == in));
}

}  // namespace

BOOST_AUTO_TEST_CASE(empty_tiny_and_incompressible_inputs_round_trip) {
  round_trip({});
  round_trip(bytes("a"));
  round_trip(bytes("abcd"));
  round_trip(bytes("abcdabcd"));
  std::mt19937 rng(1);
  std::vector<std::uint8_t> noise(70000);
  for (auto& b : noise) b = static_cast<std::uint8_t>(rng());
  round_trip(noise);
  BOOST_TEST(pack(noise).size() <= lz_bound(noise.size()));
}

BOOST_AUTO_TEST_CASE(repeats_pack_small_including_long_runs_and_far_offsets) {
  std::string row;
  for (int i = 0; i < 2000; ++i) row += "<li class=\"row\" data-n=\"" + std::to_string(i % 37) + "\">order</li>";
  auto in = bytes(row);
  round_trip(in);
  BOOST_TEST(pack(in).size() * 8 < in.size());
  // A run (overlapping copies) and literal and match lengths past several 255 extensions.
  std::vector<std::uint8_t> run(100000, 'x');
  round_trip(run);
  BOOST_TEST(pack(run).size() < 500u);
  // A repeat further back than the 64 KB offsets reach is stored again, not referenced.
  std::mt19937 rng(2);
  std::vector<std::uint8_t> block(1000);
  for (auto& b : block) b = static_cast<std::uint8_t>(rng());
  std::vector<std::uint8_t> far(block);
  far.resize(far.size() + 70000, 0);
  for (std::size_t i = block.size(); i < far.size(); ++i) far[i] = static_cast<std::uint8_t>(rng());
  far.insert(far.end(), block.begin(), block.end());
  round_trip(far);
}

BOOST_AUTO_TEST_CASE(the_decoder_refuses_streams_that_do_not_decode_to_the_size) {
  auto in = bytes("the decoder refuses, the decoder refuses, the decoder refuses");
  auto packed = pack(in);
  bool ok = true;
  unpack(packed, in.size() - 1, ok);
  BOOST_TEST(!ok);
  unpack(packed, in.size() + 1, ok);
  BOOST_TEST(!ok);
  auto cut = packed;
  cut.pop_back();
  unpack(cut, in.size(), ok);
  BOOST_TEST(!ok);
  auto longer = packed;
  longer.push_back(0);
  unpack(longer, in.size(), ok);
  BOOST_TEST(!ok);
  // An offset reaching before the output's start, and an offset of zero.
  std::vector<std::uint8_t> before{0x10, 'a', 0x05, 0x00};
  unpack(before, 5, ok);
  BOOST_TEST(!ok);
  std::vector<std::uint8_t> zero{0x10, 'a', 0x00, 0x00};
  unpack(zero, 5, ok);
  BOOST_TEST(!ok);
  // A literal count extended past the input.
  std::vector<std::uint8_t> runaway{0xF0, 0xFF, 0xFF, 0xFF};
  unpack(runaway, 1000, ok);
  BOOST_TEST(!ok);
  // A valid overlapping match: "a" then 4 copies of it.
  std::vector<std::uint8_t> repeat{0x10, 'a', 0x01, 0x00};
  auto out = unpack(repeat, 5, ok);
  BOOST_TEST(ok);
  BOOST_TEST((out == bytes("aaaaa")));
}
