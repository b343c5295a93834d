#define BOOST_TEST_MODULE replay_ring_buffer
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/json.h"
#include "replay/ring_buffer.h"

using namespace vigil;
using namespace vigil::replay;

namespace {

// An event as the test remembers it, to compare with what comes back.
struct Ev {
  int type;
  double ts;
  std::string data;
};

bool append(RingBuffer& ring, const std::vector<Ev>& evs, bool checkout, double now) {
  std::vector<BufferedEvent> in;
  for (const Ev& e : evs) in.push_back(BufferedEvent{static_cast<std::uint8_t>(e.type), e.ts, e.data});
  return ring.append(in.data(), in.size(), checkout, now);
}

// Meta + full snapshot at `t`: what every checkout chunk starts with.
std::vector<Ev> checkout_events(double t, std::size_t padding = 0) {
  return {Ev{4, t, "{\"href\":\"https://x.test/\",\"width\":800,\"height\":600}"},
          Ev{2, t, "{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[]},\"pad\":\"" +
                       std::string(padding, 'p') + "\"}"}};
}

std::vector<Ev> mutation(double t, int n, std::size_t padding = 0) {
  return {Ev{3, t, "{\"source\":0,\"n\":" + std::to_string(n) + ",\"pad\":\"" + std::string(padding, 'm') + "\"}"}};
}

std::vector<Ev> parse(const std::string& json) {
  ParseResult p = parse_json(json);
  BOOST_REQUIRE_MESSAGE(p.ok, "invalid JSON from the ring: " << p.error << "\n" << json.substr(0, 400));
  BOOST_REQUIRE(p.value.is_array());
  std::vector<Ev> out;
  for (const Value& v : p.value.as_array()) {
    BOOST_REQUIRE(v.is_object());
    const Value* type = v.find("type");
    const Value* ts = v.find("timestamp");
    const Value* data = v.find("data");
    BOOST_REQUIRE(type && ts && data);
    out.push_back(Ev{static_cast<int>(type->as_double()), ts->as_double(), to_json(*data)});
  }
  return out;
}

std::string normalized(const std::string& data) { return to_json(parse_json(data).value); }

void expect_same(const std::vector<Ev>& got, const std::vector<Ev>& want) {
  BOOST_REQUIRE_EQUAL(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    BOOST_TEST_CONTEXT("event " << i) {
      BOOST_TEST(got[i].type == want[i].type);
      BOOST_TEST(got[i].ts == want[i].ts);
      BOOST_TEST(got[i].data == normalized(want[i].data));
    }
  }
}

std::vector<Ev> concat(std::initializer_list<std::vector<Ev>> parts) {
  std::vector<Ev> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(round_trip_rebuilds_rrweb_events_and_empties_the_ring) {
  RingBuffer ring;
  auto first = checkout_events(1000.5);
  auto m1 = concat({mutation(1100, 1), {Ev{5, 1200, "{\"tag\":\"breadcrumb\",\"payload\":{\"m\":\"a \\\"q\\\" \\u00e9\"}}"}}});
  BOOST_TEST(append(ring, first, true, 1000.5));
  BOOST_TEST(append(ring, m1, false, 1200));
  BOOST_TEST(ring.window_count() == 1u);
  BOOST_TEST(ring.event_count() == 4u);
  BOOST_TEST(ring.start_time() == 1000.5);
  BOOST_TEST(ring.used_bytes() > 0u);
  BOOST_TEST(ring.used_bytes() % 8 == 0u);
  expect_same(parse(ring.take_json(1300)), concat({first, m1}));
  BOOST_TEST(ring.used_bytes() == 0u);
  BOOST_TEST(ring.event_count() == 0u);
  BOOST_TEST(ring.take_json(1400) == "[]");
}

BOOST_AUTO_TEST_CASE(an_empty_data_value_and_an_empty_chunk_are_harmless) {
  RingBuffer ring;
  BOOST_TEST(append(ring, {}, true, 0));
  BOOST_TEST(ring.window_count() == 0u);
  BOOST_TEST(ring.take_json(0) == "[]");
}

BOOST_AUTO_TEST_CASE(continuation_without_a_checkout_is_dropped) {
  RingBuffer ring;
  BOOST_TEST(ring.needs_checkout());
  BOOST_TEST(!append(ring, mutation(10, 1), false, 10));
  BOOST_TEST(ring.stats().dropped_chunks == 1u);
  BOOST_TEST(ring.used_bytes() == 0u);
  BOOST_TEST(append(ring, checkout_events(20), true, 20));
  BOOST_TEST(!ring.needs_checkout());
  expect_same(parse(ring.take_json(30)), checkout_events(20));
}

BOOST_AUTO_TEST_CASE(windows_older_than_the_window_are_evicted_at_checkout_boundaries) {
  RingBuffer ring;
  // Checkouts at 0 s and 60 s, a mutation every 10 s; the error comes at 90 s.
  std::vector<Ev> second_window;
  for (int s = 0; s <= 90; s += 10) {
    double t = s * 1000.0;
    if (s % 60 == 0) {
      auto c = checkout_events(t);
      BOOST_TEST(append(ring, c, true, t));
      if (s == 60) second_window = c;
    } else {
      auto m = mutation(t, s);
      BOOST_TEST(append(ring, m, false, t));
      if (s > 60) second_window.insert(second_window.end(), m.begin(), m.end());
    }
  }
  // The 0 s window went once a newer one existed and it was over 60 s old (at 70 s).
  BOOST_TEST(ring.window_count() == 1u);
  auto got = parse(ring.take_json(90000));
  expect_same(got, second_window);
  BOOST_TEST(got.front().ts >= 90000 - 60000);
  BOOST_TEST(ring.stats().evicted_windows == 1u);
}

BOOST_AUTO_TEST_CASE(the_only_window_is_kept_however_old) {
  RingBuffer ring;
  auto c = checkout_events(0);
  BOOST_TEST(append(ring, c, true, 0));
  auto m = mutation(100000, 1);
  BOOST_TEST(append(ring, m, false, 100000));
  // 150 s later there is no newer checkout: the old one is the only playable start.
  expect_same(parse(ring.take_json(150000)), concat({c, m}));
  BOOST_TEST(ring.stats().evicted_windows == 0u);
}

BOOST_AUTO_TEST_CASE(a_window_starting_exactly_at_the_limit_is_kept) {
  RingBuffer ring;
  BOOST_TEST(append(ring, checkout_events(0), true, 0));
  BOOST_TEST(append(ring, checkout_events(60000), true, 60000));
  BOOST_TEST(append(ring, checkout_events(120000), true, 120000));
  BOOST_TEST(ring.window_count() == 2u);  // 0 s went when 120 s came; 60 s is exactly 60 s old
  BOOST_TEST(ring.start_time() == 60000);
}

BOOST_AUTO_TEST_CASE(byte_cap_evicts_whole_windows_and_storage_never_passes_it) {
  RingOptions o;
  o.max_bytes = 16 * 1024;
  o.initial_bytes = 1024;
  RingBuffer ring(o);
  std::vector<Ev> last_window;
  // Windows of ~5 KB within one second: age never evicts, only the cap does.
  for (int w = 0; w < 10; ++w) {
    double t = w * 100.0;
    auto c = checkout_events(t, 1000);
    BOOST_TEST(append(ring, c, true, t));
    last_window = c;
    for (int i = 1; i <= 4; ++i) {
      auto m = mutation(t + i, i, 900);
      BOOST_TEST(append(ring, m, false, t + i));
      last_window.insert(last_window.end(), m.begin(), m.end());
    }
    BOOST_TEST(ring.capacity_bytes() <= o.max_bytes);
    BOOST_TEST(ring.used_bytes() <= ring.capacity_bytes());
  }
  BOOST_TEST(ring.stats().evicted_windows > 0u);
  BOOST_TEST(ring.stats().evicted_bytes > 0u);
  BOOST_TEST(ring.stats().dropped_chunks == 0u);
  auto got = parse(ring.take_json(1000));
  BOOST_REQUIRE(got.size() >= last_window.size());
  BOOST_TEST(got.front().type == 4);
  BOOST_TEST(got[1].type == 2);
  // The newest window is whole, at the end.
  std::vector<Ev> tail(got.end() - static_cast<std::ptrdiff_t>(last_window.size()), got.end());
  expect_same(tail, last_window);
}

BOOST_AUTO_TEST_CASE(a_window_that_outgrows_the_cap_is_closed_until_the_next_checkout) {
  RingOptions o;
  o.max_bytes = 8 * 1024;
  RingBuffer ring(o);
  auto c = checkout_events(0, 100);
  BOOST_TEST(append(ring, c, true, 0));
  std::vector<Ev> kept = c;
  int i = 0;
  for (; i < 100; ++i) {
    auto m = mutation(i + 1, i, 500);
    if (!append(ring, m, false, i + 1)) break;
    kept.insert(kept.end(), m.begin(), m.end());
  }
  BOOST_REQUIRE(i < 100);
  BOOST_TEST(ring.needs_checkout());
  BOOST_TEST(ring.stats().dropped_chunks == 1u);
  // Nothing more goes into the closed window, even what would fit.
  BOOST_TEST(!append(ring, mutation(500, 1, 0), false, 500));
  BOOST_TEST(ring.stats().dropped_chunks == 2u);
  // Its prefix still plays.
  expect_same(parse(ring.take_json(600)), kept);

  // A checkout makes room by evicting the closed window if it must, and opens a new one.
  BOOST_TEST(append(ring, c, true, 0));
  for (int k = 0; k < i; ++k) append(ring, mutation(k + 1, k, 500), false, k + 1);
  auto c2 = checkout_events(1000, 100);
  BOOST_TEST(append(ring, c2, true, 1000));
  BOOST_TEST(!ring.needs_checkout());
  auto m = mutation(1001, 7);
  BOOST_TEST(append(ring, m, false, 1001));
  auto got = parse(ring.take_json(1002));
  BOOST_TEST(got.front().type == 4);
  std::vector<Ev> tail(got.end() - 3, got.end());
  expect_same(tail, concat({c2, m}));
}

BOOST_AUTO_TEST_CASE(a_chunk_bigger_than_the_cap_is_dropped) {
  RingOptions o;
  o.max_bytes = 4096;
  RingBuffer ring(o);
  BOOST_TEST(!append(ring, checkout_events(0, 5000), true, 0));
  BOOST_TEST(ring.stats().dropped_chunks == 1u);
  BOOST_TEST(ring.stats().dropped_bytes > 5000u);
  BOOST_TEST(ring.needs_checkout());
  BOOST_TEST(ring.take_json(0) == "[]");
}

// Random chunk sizes under a small cap wrap the ring, grow it and evict from it many times;
// whatever it holds must be exactly what was stored from some checkout on.
BOOST_AUTO_TEST_CASE(wrapping_growing_and_evicting_keep_a_suffix_from_a_checkout) {
  std::mt19937 rng(42);
  for (int round = 0; round < 40; ++round) {
    RingOptions o;
    o.max_bytes = 2048 + (rng() % 8) * 1024;
    o.initial_bytes = 256;
    o.window_ms = 5000;
    RingBuffer ring(o);
    std::vector<std::vector<Ev>> chunks;  // appended, in order
    std::vector<bool> is_checkout;
    std::vector<bool> stored;
    double t = 0;
    int steps = 20 + static_cast<int>(rng() % 200);
    for (int s = 0; s < steps; ++s) {
      t += rng() % 700;
      bool checkout = chunks.empty() || rng() % 6 == 0;
      auto evs = checkout ? checkout_events(t, rng() % 200) : mutation(t, s, rng() % 300);
      bool ok = append(ring, evs, checkout, t);
      // Only a continuation of a window that has run out of room may be refused.
      if (checkout) BOOST_REQUIRE(ok);
      chunks.push_back(evs);
      is_checkout.push_back(checkout);
      stored.push_back(ok);
      BOOST_TEST(ring.capacity_bytes() <= o.max_bytes);
    }
    std::size_t windows = ring.window_count();
    double start = ring.start_time();
    auto got = parse(ring.take_json(t));
    BOOST_REQUIRE(!got.empty());
    BOOST_TEST(got.front().type == 4);
    BOOST_TEST((start >= t - o.window_ms || windows == 1));
    // Find the checkout chunk the ring starts at, then compare everything after it.
    std::vector<Ev> want;
    for (std::size_t k = chunks.size(); k-- > 0;) {
      if (!is_checkout[k]) continue;
      if (chunks[k].front().ts != got.front().ts) continue;
      std::vector<Ev> suffix;
      for (std::size_t j = k; j < chunks.size(); ++j) {
        if (stored[j]) suffix.insert(suffix.end(), chunks[j].begin(), chunks[j].end());
      }
      if (suffix.size() == got.size()) {
        want = suffix;
        break;
      }
    }
    BOOST_TEST_CONTEXT("round " << round) { expect_same(got, want); }
  }
}
