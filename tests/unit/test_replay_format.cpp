#define BOOST_TEST_MODULE replay_format
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "replay/batch_writer.h"
#include "replay/record_format.h"

using namespace vigil::replay;

namespace {

std::vector<Record> read_all(const std::vector<std::uint8_t>& bytes, std::string* error = nullptr) {
  BatchReader reader(bytes.data(), bytes.size());
  std::vector<Record> out;
  Record r;
  while (reader.next(r)) out.push_back(r);
  if (error) *error = reader.error();
  return out;
}

std::vector<std::uint8_t> header() { return {'V', 'R', 1, 0}; }

}  // namespace

BOOST_AUTO_TEST_CASE(header_is_checked) {
  std::string error;
  BOOST_TEST(read_all({}, &error).empty());
  BOOST_TEST(error.find("header") != std::string::npos);
  read_all({'V', 'X', 1, 0}, &error);
  BOOST_TEST(error.find("'VR'") != std::string::npos);
  read_all({'V', 'R', 2, 0}, &error);
  BOOST_TEST(error.find("version") != std::string::npos);
  BOOST_TEST(read_all(header(), &error).empty());
  BOOST_TEST(error.empty());
  BatchReader null_reader(nullptr, 10);
  Record r;
  BOOST_TEST(!null_reader.next(r));
  BOOST_TEST(null_reader.failed());
}

BOOST_AUTO_TEST_CASE(bytes_are_exactly_as_documented) {
  BatchWriter w;
  w.element(3, 1, 0, "div", {{"class", "a"}}, node_flag::mask);
  std::vector<std::uint8_t> expected = header();
  // opcode, id, parent, next, flags, tag (remembered literal: 3 << 2 | 2 = 14), "div",
  // count, name (remembered), "class", value (short values are remembered too), "a"
  std::vector<std::uint8_t> body = {0x12, 3, 1, 0, 1, 14, 'd', 'i', 'v', 1, 22, 'c', 'l', 'a',
                                    's', 's', 6, 'a'};
  expected.insert(expected.end(), body.begin(), body.end());
  BOOST_TEST(w.bytes() == expected, boost::test_tools::per_element());

  // The second element refers to the table instead: "div" is entry 0 -> 0 << 1 | 1 = 1.
  w.element(4, 1, 3, "div", {{"class", "a"}});
  std::vector<std::uint8_t> second = {0x12, 4, 1, 3, 0, 1, 1, 3, 5};
  std::vector<std::uint8_t> tail(w.bytes().end() - static_cast<long>(second.size()), w.bytes().end());
  BOOST_TEST(tail == second, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(varints_and_zigzag_round_trip) {
  BatchWriter w;
  const std::int64_t values[] = {0, 1, -1, 63, -64, 64, 300, -300, 2147483647LL, -2147483648LL,
                                 (1LL << 53), -(1LL << 53), INT64_MAX, INT64_MIN};
  for (std::int64_t v : values) w.time_delta(v);
  w.time(1700000000123.5);
  std::string error;
  std::vector<Record> recs = read_all(w.bytes(), &error);
  BOOST_TEST(error.empty());
  BOOST_REQUIRE_EQUAL(recs.size(), std::size(values) + 1);
  for (std::size_t i = 0; i < std::size(values); ++i) {
    BOOST_TEST((recs[i].op == Op::time_delta));
    BOOST_TEST(recs[i].delta == values[i]);
  }
  BOOST_TEST(recs.back().time == 1700000000123.5);
}

BOOST_AUTO_TEST_CASE(non_minimal_varints_are_accepted) {
  // A writer may reserve two header bytes for a string before knowing its length.
  std::vector<std::uint8_t> b = header();
  std::vector<std::uint8_t> body = {0x23, 0x85, 0x00, 0x80 | (2 << 2), 0x00, 'h', 'i'};
  b.insert(b.end(), body.begin(), body.end());
  std::string error;
  std::vector<Record> recs = read_all(b, &error);
  BOOST_TEST(error.empty());
  BOOST_REQUIRE_EQUAL(recs.size(), 1u);
  BOOST_TEST(recs[0].id == 5u);
  BOOST_TEST(recs[0].s1 == "hi");
}

BOOST_AUTO_TEST_CASE(every_record_round_trips) {
  BatchWriter w;
  w.time(1000).time_delta(5).meta("https://example.com/a?b", 1280, 720).snapshot_begin(-3, 40);
  w.document(1).doctype(2, 1, 0, "html", "pub", "sys");
  w.element(3, 1, 0, "html", {{"lang", "en"}, {"data-x", std::string(100, 'x')}},
            node_flag::block | node_flag::has_size, 640, 480);
  w.text(4, 3, 0, "caf\xC3\xA9", node_flag::shadow).comment(5, 3, 4, "c").cdata(6, 3, 0);
  w.snapshot_end().custom("breadcrumb", "{\"a\":1}");
  w.remove(4, 3).move(5, 1, 3).attribute(3, "lang", "fr").attribute_removed(3, "lang");
  w.text_change(4, "x").flags(3, node_flag::mask | node_flag::has_size, 1, 2);
  w.input(7, "v", true, true).scroll(1, -5, 99);
  w.mouse_move(6, {{3, 10, -20, -50}, {4, 11, 21, 0}});
  w.mouse_interaction(2, 3, true, 7, 8, 2).mouse_interaction(5, 3);
  w.viewport(800, 600);
  std::string error;
  std::vector<Record> r = read_all(w.bytes(), &error);
  BOOST_TEST(error.empty());
  BOOST_REQUIRE_EQUAL(r.size(), 24u);
  BOOST_TEST(r[2].s1 == "https://example.com/a?b");
  BOOST_TEST(r[2].width == 1280u);
  BOOST_TEST(r[3].x == -3);
  BOOST_TEST(r[3].y == 40);
  BOOST_TEST((r[5].op == Op::doctype));
  BOOST_TEST(r[5].s3 == "sys");
  BOOST_TEST(r[6].flags == (node_flag::block | node_flag::has_size));
  BOOST_TEST(r[6].width == 640u);
  BOOST_TEST(r[6].height == 480u);
  BOOST_REQUIRE_EQUAL(r[6].attributes.size(), 2u);
  BOOST_TEST(r[6].attributes[1].second == std::string(100, 'x'));
  BOOST_TEST(r[7].s1 == "caf\xC3\xA9");
  BOOST_TEST(r[7].flags == node_flag::shadow);
  BOOST_TEST(r[8].next == 4u);
  BOOST_TEST((r[9].op == Op::cdata));
  BOOST_TEST(r[11].s2 == "{\"a\":1}");
  BOOST_TEST((r[13].op == Op::move));
  BOOST_TEST(r[14].bits == 1);
  BOOST_TEST(r[14].s2 == "fr");
  BOOST_TEST(r[15].bits == 0);
  BOOST_TEST(r[17].width == 1u);
  BOOST_TEST(r[18].bits == (input_bit::checked | input_bit::user_triggered));
  BOOST_TEST(r[19].x == -5);
  BOOST_TEST(r[20].kind == 6u);
  BOOST_REQUIRE_EQUAL(r[20].positions.size(), 2u);
  BOOST_TEST(r[20].positions[0].time_offset == -50);
  BOOST_TEST(r[20].positions[1].y == 21);
  BOOST_TEST(r[21].pointer_type == 2u);
  BOOST_TEST(r[21].x == 7);
  BOOST_TEST(r[22].bits == 0);
  BOOST_TEST(r[23].height == 600u);
}

BOOST_AUTO_TEST_CASE(plain_and_remembered_strings_mix) {
  BatchWriter w;
  w.set_interning(false);
  w.element(3, 1, 0, "div").element(4, 1, 0, "div");
  std::vector<Record> r = read_all(w.bytes());
  BOOST_REQUIRE_EQUAL(r.size(), 2u);
  BOOST_TEST(r[1].s1 == "div");
  // Without interning both tags are literals: the batch is longer by the repeated bytes.
  BatchWriter interned;
  interned.element(3, 1, 0, "div").element(4, 1, 0, "div");
  BOOST_TEST(interned.bytes().size() + 3 == w.bytes().size());
}

BOOST_AUTO_TEST_CASE(malformed_batches_fail_with_an_offset) {
  auto expect_error = [](std::vector<std::uint8_t> body, const char* fragment) {
    std::vector<std::uint8_t> b = header();
    b.insert(b.end(), body.begin(), body.end());
    std::string error;
    read_all(b, &error);
    BOOST_TEST_CONTEXT(fragment) {
      BOOST_TEST(error.find(fragment) != std::string::npos);
      BOOST_TEST(error.find("at byte") != std::string::npos);
    }
  };
  expect_error({0x7F}, "unknown opcode");
  expect_error({0x01, 0, 0, 0}, "truncated f64");
  expect_error({0x23, 5}, "truncated");
  expect_error({0x23, 5, 0x0C}, "string runs past");  // literal of 3 bytes, none left
  expect_error({0x23, 5, 0x03}, "string reference");  // entry 1 of an empty table
  expect_error({0x23, 0x80, 0x80, 0x80, 0x80, 0x10, 0}, "32 bits");
  expect_error({0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, "overflows");
  expect_error({0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x81, 0}, "longer than 10");
  expect_error({0x12, 0, 1, 0, 0, 0, 0}, "node id 0");
  expect_error({0x12, 3, 1, 0, 0x80, 0x04, 0, 0}, "unknown node flags");
  expect_error({0x12, 3, 1, 0, 0, 0, 0xFF, 0xFF, 0x03}, "attribute count");
  expect_error({0x32, 1, 0xFF, 0xFF, 0x03}, "position count");
  expect_error({0x32, 2, 0}, "source");
  expect_error({0x33, 11, 3, 0}, "interaction type");
  expect_error({0x33, 2, 3, 4}, "interaction bits");
  expect_error({0x33, 2, 3, 2, 3}, "pointer type");
  expect_error({0x22, 3, 0, 2}, "has_value");
  expect_error({0x30, 3, 4, 0}, "input bits");
}

BOOST_AUTO_TEST_CASE(every_truncation_of_a_valid_batch_fails_cleanly) {
  BatchWriter w;
  w.time(5).snapshot_begin().document(1).element(2, 1, 0, "html", {{"a", "b"}});
  w.text(3, 2, 0, "hello").snapshot_end().mouse_move(1, {{2, 1, 1, -3}}).custom("t", "{}");
  const std::vector<std::uint8_t>& full = w.bytes();
  BOOST_TEST(read_all(full).size() == 8u);
  for (std::size_t len = 0; len < full.size(); ++len) {
    std::vector<std::uint8_t> cut(full.begin(), full.begin() + static_cast<long>(len));
    BatchReader reader(cut.data(), cut.size());
    Record r;
    std::size_t n = 0;
    while (reader.next(r)) ++n;
    // A cut on a record boundary is a shorter valid batch; anywhere else it is an error.
    BOOST_TEST(n <= 8u);
    BOOST_TEST(reader.offset() <= cut.size());
  }
}

BOOST_AUTO_TEST_CASE(op_names) {
  BOOST_TEST(std::string(op_name(Op::mouse_interaction)) == "mouse_interaction");
  BOOST_TEST(std::string(op_name(static_cast<Op>(0x7F))) == "unknown");
}
