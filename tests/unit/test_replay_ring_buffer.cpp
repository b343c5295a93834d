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

// A stored batch as the test remembers it: its bytes and the clock before it.
struct Ev {
  std::string bytes;
  double time;
};

bool append(RingBuffer& ring, const Ev& e, bool checkout, double now) {
  // The test's checkouts start at their batch's own time.
  return ring.append(reinterpret_cast<const std::uint8_t*>(e.bytes.data()), e.bytes.size(), checkout, e.time,
                     e.time, now);
}

// The ring treats batches as opaque bytes; these name what a test appends.
Ev checkout_batch(double t, std::size_t padding = 0) {
  return Ev{"checkout@" + std::to_string(t) + std::string(padding, 'p'), t};
}

Ev mutation(double t, int n, std::size_t padding = 0) {
  return Ev{"mutation " + std::to_string(n) + std::string(padding, 'm'), t};
}

std::vector<Ev> take(RingBuffer& ring, double now) {
  std::vector<Ev> out;
  for (const StoredBatch& b : ring.batches(now)) out.push_back(Ev{std::string(b.bytes), b.time});
  ring.clear();
  return out;
}

void expect_same(const std::vector<Ev>& got, const std::vector<Ev>& want) {
  BOOST_REQUIRE_EQUAL(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    BOOST_TEST_CONTEXT("batch " << i) {
      BOOST_TEST(got[i].bytes == want[i].bytes);
      BOOST_TEST(got[i].time == want[i].time);
    }
  }
}

bool is_checkout(const Ev& e) { return e.bytes.rfind("checkout@", 0) == 0; }

}  // namespace

BOOST_AUTO_TEST_CASE(round_trip_gives_the_batches_back_in_order_with_their_clocks) {
  RingBuffer ring;
  Ev c = checkout_batch(1000.5);
  Ev m1 = mutation(1100, 1);
  Ev m2{std::string("bytes \0 with nul \xff", 19), 1200};
  BOOST_TEST(append(ring, c, true, 1000.5));
  BOOST_TEST(append(ring, m1, false, 1100));
  BOOST_TEST(append(ring, m2, false, 1200));
  BOOST_TEST(ring.window_count() == 1u);
  BOOST_TEST(ring.batch_count() == 3u);
  BOOST_TEST(ring.start_time() == 1000.5);
  BOOST_TEST(ring.used_bytes() > 0u);
  BOOST_TEST(ring.raw_bytes() == c.bytes.size() + m1.bytes.size() + m2.bytes.size());
  expect_same(take(ring, 1300), {c, m1, m2});
  BOOST_TEST(ring.used_bytes() == 0u);
  BOOST_TEST(take(ring, 1400).empty());
  BOOST_TEST(append(ring, c, true, 2000));
  ring.release();
  BOOST_TEST(ring.capacity_bytes() == 0u);
  BOOST_TEST(ring.batch_count() == 0u);
}

BOOST_AUTO_TEST_CASE(an_empty_batch_is_harmless) {
  RingBuffer ring;
  BOOST_TEST(append(ring, Ev{"", 0}, true, 0));
  BOOST_TEST(ring.window_count() == 0u);
  BOOST_TEST(take(ring, 0).empty());
}

BOOST_AUTO_TEST_CASE(continuation_without_a_checkout_is_dropped) {
  RingBuffer ring;
  BOOST_TEST(ring.needs_checkout());
  BOOST_TEST(!append(ring, mutation(10, 1), false, 10));
  BOOST_TEST(ring.stats().dropped_chunks == 1u);
  BOOST_TEST(ring.used_bytes() == 0u);
  BOOST_TEST(append(ring, checkout_batch(20), true, 20));
  BOOST_TEST(!ring.needs_checkout());
  expect_same(take(ring, 30), {checkout_batch(20)});
}

BOOST_AUTO_TEST_CASE(windows_older_than_the_window_are_evicted_at_checkout_boundaries) {
  RingBuffer ring;
  // Checkouts at 0 s and 60 s, a change every 10 s; the error comes at 90 s.
  std::vector<Ev> second_window;
  for (int s = 0; s <= 90; s += 10) {
    double t = s * 1000.0;
    bool checkout = s % 60 == 0;
    Ev e = checkout ? checkout_batch(t) : mutation(t, s);
    BOOST_TEST(append(ring, e, checkout, t));
    if (s >= 60) second_window.push_back(e);
  }
  // The 0 s window went once a newer one existed and it was over 60 s old (at 70 s).
  BOOST_TEST(ring.window_count() == 1u);
  BOOST_TEST(ring.stats().evicted_windows == 1u);
  auto got = take(ring, 90000);
  expect_same(got, second_window);
  BOOST_TEST(got.front().time >= 90000 - 60000);
}

BOOST_AUTO_TEST_CASE(the_only_window_is_kept_however_old) {
  RingBuffer ring;
  Ev c = checkout_batch(0);
  Ev m = mutation(100000, 1);
  BOOST_TEST(append(ring, c, true, 0));
  BOOST_TEST(append(ring, m, false, 100000));
  // 150 s later there is no newer checkout: the old one is the only playable start.
  expect_same(take(ring, 150000), {c, m});
  BOOST_TEST(ring.stats().evicted_windows == 0u);
}

BOOST_AUTO_TEST_CASE(a_window_starting_exactly_at_the_limit_is_kept) {
  RingBuffer ring;
  BOOST_TEST(append(ring, checkout_batch(0), true, 0));
  BOOST_TEST(append(ring, checkout_batch(60000), true, 60000));
  BOOST_TEST(append(ring, checkout_batch(120000), true, 120000));
  BOOST_TEST(ring.window_count() == 2u);  // 0 s went when 120 s came; 60 s is exactly 60 s old
  BOOST_TEST(ring.start_time() == 60000);
}

BOOST_AUTO_TEST_CASE(byte_cap_evicts_whole_windows_and_storage_never_passes_it) {
  RingOptions o;
  o.max_bytes = 16 * 1024;
  o.chunk_bytes = 2048;
  o.compress = false;  // the padding would pack to nothing
  RingBuffer ring(o);
  std::vector<Ev> last_window;
  // Windows of ~5 KB within one second: age never evicts, only the cap does.
  for (int w = 0; w < 10; ++w) {
    double t = w * 100.0;
    Ev c = checkout_batch(t, 1000);
    BOOST_TEST(append(ring, c, true, t));
    last_window = {c};
    for (int i = 1; i <= 4; ++i) {
      Ev m = mutation(t + i, i, 900);
      BOOST_TEST(append(ring, m, false, t + i));
      last_window.push_back(m);
    }
    BOOST_TEST(ring.capacity_bytes() <= o.max_bytes);
    BOOST_TEST(ring.used_bytes() <= ring.capacity_bytes());
  }
  BOOST_TEST(ring.stats().evicted_windows > 0u);
  BOOST_TEST(ring.stats().evicted_bytes > 0u);
  BOOST_TEST(ring.stats().dropped_chunks == 0u);
  auto got = take(ring, 1000);
  BOOST_REQUIRE(got.size() >= last_window.size());
  BOOST_TEST(is_checkout(got.front()));
  // The newest window is whole, at the end.
  std::vector<Ev> tail(got.end() - static_cast<std::ptrdiff_t>(last_window.size()), got.end());
  expect_same(tail, last_window);
}

BOOST_AUTO_TEST_CASE(a_window_that_outgrows_the_cap_is_closed_until_the_next_checkout) {
  RingOptions o;
  o.max_bytes = 8 * 1024;
  o.compress = false;
  RingBuffer ring(o);
  Ev c = checkout_batch(0, 100);
  BOOST_TEST(append(ring, c, true, 0));
  std::vector<Ev> kept{c};
  int i = 0;
  for (; i < 100; ++i) {
    Ev m = mutation(i + 1, i, 500);
    if (!append(ring, m, false, i + 1)) break;
    kept.push_back(m);
  }
  BOOST_REQUIRE(i < 100);
  BOOST_TEST(ring.needs_checkout());
  BOOST_TEST(ring.stats().dropped_chunks == 1u);
  // Nothing more goes into the closed window, even what would fit.
  BOOST_TEST(!append(ring, mutation(500, 1, 0), false, 500));
  BOOST_TEST(ring.stats().dropped_chunks == 2u);
  // Its prefix still plays.
  expect_same(take(ring, 600), kept);

  // A checkout makes room by evicting the closed window if it must, and opens a new one.
  BOOST_TEST(append(ring, c, true, 0));
  for (int k = 0; k < i; ++k) append(ring, mutation(k + 1, k, 500), false, k + 1);
  Ev c2 = checkout_batch(1000, 100);
  BOOST_TEST(append(ring, c2, true, 1000));
  BOOST_TEST(!ring.needs_checkout());
  Ev m = mutation(1001, 7);
  BOOST_TEST(append(ring, m, false, 1001));
  auto got = take(ring, 1002);
  BOOST_TEST(is_checkout(got.front()));
  std::vector<Ev> tail(got.end() - 2, got.end());
  expect_same(tail, {c2, m});
}

BOOST_AUTO_TEST_CASE(a_chunk_bigger_than_the_cap_is_dropped) {
  RingOptions o;
  o.max_bytes = 4096;
  RingBuffer ring(o);
  BOOST_TEST(!append(ring, checkout_batch(0, 5000), true, 0));
  BOOST_TEST(ring.stats().dropped_chunks == 1u);
  BOOST_TEST(ring.stats().dropped_bytes > 5000u);
  BOOST_TEST(ring.needs_checkout());
  BOOST_TEST(take(ring, 0).empty());
}

// Random batch sizes under a small cap pack, evict and drop many times, packed or not;
// whatever it holds must be exactly what was stored from some checkout on.
BOOST_AUTO_TEST_CASE(wrapping_growing_and_evicting_keep_a_suffix_from_a_checkout) {
  std::mt19937 rng(42);
  std::size_t evictions = 0;
  for (int round = 0; round < 40; ++round) {
    RingOptions o;
    o.max_bytes = 2048 + (rng() % 8) * 1024;
    o.chunk_bytes = 64 + rng() % 1024;
    o.compress = rng() % 2;
    o.window_ms = 5000;
    RingBuffer ring(o);
    std::vector<Ev> chunks;  // appended, in order
    std::vector<bool> checkouts;
    std::vector<bool> stored;
    double t = 0;
    int steps = 20 + static_cast<int>(rng() % 200);
    for (int s = 0; s < steps; ++s) {
      t += rng() % 700;
      bool checkout = chunks.empty() || rng() % 6 == 0;
      Ev e = checkout ? checkout_batch(t, rng() % 200) : mutation(t, s, rng() % 300);
      // Some bytes that do not pack, so a chunk may be stored as it is.
      for (std::size_t k = 24; k < e.bytes.size(); k += 1 + rng() % 8) e.bytes[k] = static_cast<char>(rng());
      bool ok = append(ring, e, checkout, t);
      // Only a continuation of a window that has run out of room may be refused.
      if (checkout) BOOST_REQUIRE(ok);
      chunks.push_back(e);
      checkouts.push_back(checkout);
      stored.push_back(ok);
      BOOST_TEST(ring.capacity_bytes() <= o.max_bytes);
    }
    ring.evict(t);  // the last append may have opened a window after evicting against t
    evictions += ring.stats().evicted_windows;
    std::size_t windows = ring.window_count();
    double start = ring.start_time();
    auto got = take(ring, t);
    BOOST_REQUIRE(!got.empty());
    BOOST_TEST(is_checkout(got.front()));
    BOOST_TEST((start >= t - o.window_ms || windows == 1));
    // The checkout the ring starts at (the newest with those bytes), and what was stored after.
    std::vector<Ev> want;
    for (std::size_t k = chunks.size(); k-- > 0;) {
      if (!checkouts[k] || chunks[k].bytes != got.front().bytes) continue;
      for (std::size_t j = k; j < chunks.size(); ++j) {
        if (stored[j]) want.push_back(chunks[j]);
      }
      break;
    }
    BOOST_TEST_CONTEXT("round " << round) { expect_same(got, want); }
  }
  BOOST_TEST(evictions > 40u);
}

// A minute of a busy page repeats itself: packed, the ring holds a fraction of the batches'
// bytes and allocates little more than it holds; unpacked, they come back byte for byte.
BOOST_AUTO_TEST_CASE(batches_are_packed_into_chunks_and_come_back_whole) {
  RingBuffer ring;
  std::vector<Ev> want;
  std::mt19937 rng(7);
  Ev c = checkout_batch(0, 30000);  // bigger than a chunk: packed alone
  BOOST_TEST(append(ring, c, true, 0));
  want.push_back(c);
  for (int i = 1; i <= 600; ++i) {
    std::string row = "li class row data-n " + std::to_string(1000 + rng() % 500) + " span title order invoice #" +
                      std::to_string(rng() % 10000) + " " + std::to_string(rng() % 1000) + ".00 EUR";
    Ev m{row + row.substr(0, rng() % row.size()), i * 90.0};
    BOOST_TEST(append(ring, m, false, m.time));
    want.push_back(m);
  }
  BOOST_TEST(ring.batch_count() == want.size());
  BOOST_TEST(ring.chunk_count() > 2u);
  std::size_t raw = 0;
  for (const Ev& e : want) raw += e.bytes.size();
  BOOST_TEST(ring.raw_bytes() == raw);
  BOOST_TEST(ring.used_bytes() * 2 < raw);
  BOOST_TEST(ring.capacity_bytes() < ring.used_bytes() + 2 * ring.options().chunk_bytes);
  BOOST_TEST(ring.stats().packed_chunks == ring.chunk_count());
  expect_same(take(ring, 60000), want);

  // Unpacked, the same batches take their own size and a little more.
  RingOptions plain;
  plain.compress = false;
  RingBuffer unpacked(plain);
  for (std::size_t i = 0; i < want.size(); ++i) append(unpacked, want[i], i == 0, want[i].time);
  BOOST_TEST(unpacked.used_bytes() >= raw);
  expect_same(take(unpacked, 60000), want);
}

// The newest window's open batches are part of it: a checkout that makes room by dropping the
// window drops them too, and what is given back still starts at a checkout.
BOOST_AUTO_TEST_CASE(open_batches_go_with_their_window) {
  RingOptions o;
  o.max_bytes = 8192;
  o.compress = false;
  RingBuffer ring(o);
  BOOST_TEST(append(ring, checkout_batch(0, 500), true, 0));
  BOOST_TEST(append(ring, mutation(1, 1, 300), false, 1));
  Ev big = checkout_batch(2, 7500);
  BOOST_TEST(append(ring, big, true, 2));
  BOOST_TEST(ring.window_count() == 1u);
  BOOST_TEST(ring.stats().evicted_windows == 1u);
  BOOST_TEST(ring.capacity_bytes() <= o.max_bytes);
  expect_same(take(ring, 3), {big});
}

// Taking the buffer walks it a chunk at a time: the same batches, in the same order, as
// batches() gives all at once.
BOOST_AUTO_TEST_CASE(for_each_batch_gives_what_batches_gives) {
  RingOptions o;
  o.chunk_bytes = 1024;
  RingBuffer ring(o);
  std::vector<Ev> want;
  want.push_back(checkout_batch(0, 3000));
  append(ring, want.back(), true, 0);
  for (int i = 1; i < 200; ++i) {
    want.push_back(mutation(i, i, i % 50));
    append(ring, want.back(), false, i);
  }
  BOOST_TEST(ring.chunk_count() > 3u);
  std::vector<Ev> walked;
  ring.for_each_batch(200, [&](const StoredBatch& b) { walked.push_back(Ev{std::string(b.bytes), b.time}); });
  expect_same(walked, want);
  expect_same(take(ring, 200), want);
}
