#pragma once
// Buffer mode's memory: the last minute of the page's record batches (record_format.h), held in
// one contiguous byte ring until an error asks for them. Each stored record is one flatbuffer
// Chunk (schema/replay_buffer.fbs): a batch, the clock before it, and whether it is a checkout.
//
// Playability is the invariant: what batches() returns always begins with a checkout (a batch
// that starts with the page's snapshot), because records are only ever dropped as whole windows
// from the old end. A window is a checkout chunk and the continuation chunks after it. When a
// chunk cannot be kept (the byte cap), the window it belonged to is closed where it is; a prefix
// of a window still plays. Later continuation chunks are dropped until the next checkout opens
// a window again (needs_checkout() tells the recorder to take one).
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string_view>
#include <vector>

namespace vigil::replay {

// A stored batch: its bytes (valid until the ring changes) and the clock before it.
struct StoredBatch {
  std::string_view bytes;
  double time = 0;
};

struct RingOptions {
  // Hard cap on the ring's storage. Sentry's buffer stops at 20 MB; a 100,000-node page's
  // snapshot batch is about 1 MB, and two can be held for a moment around a checkout.
  std::size_t max_bytes = 16u << 20;
  // Windows that started more than this before "now" are dropped once a newer one exists.
  double window_ms = 60000;
  // Storage is allocated as needed, doubling from here up to max_bytes.
  std::size_t initial_bytes = 64u << 10;
};

struct RingStats {
  std::size_t chunks = 0;           // chunks stored, ever
  std::size_t evicted_windows = 0;  // windows dropped for age or for room
  std::size_t evicted_bytes = 0;
  std::size_t dropped_chunks = 0;   // chunks refused: too big, or no window to belong to
  std::size_t dropped_bytes = 0;
};

class RingBuffer {
 public:
  explicit RingBuffer(RingOptions options = {});

  // Stores one batch, with `time`, the clock before it. A `checkout` batch starts with the
  // page's snapshot and opens a new window, which starts at `start` (the snapshot's time); the
  // others continue the newest window. Returns false when the batch was dropped (counted in
  // stats()). `now` is the latest time known; older windows are evicted against it first.
  bool append(const std::uint8_t* batch, std::size_t len, bool checkout, double time, double start,
              double now);

  // Drops the windows that started more than window_ms before `now`, keeping the newest.
  void evict(double now);

  // The retained batches after evict(now), oldest first, checked against the schema (a chunk
  // that does not verify ends the list there). Views into the ring: valid until it changes.
  std::vector<StoredBatch> batches(double now);

  void clear();
  // clear(), and gives the storage back to the allocator.
  void release();

  // True when the next chunk has nowhere to go unless it is a checkout.
  bool needs_checkout() const { return windows_.empty() || windows_.back().closed; }

  std::size_t used_bytes() const { return used_; }                // records + wrap padding
  std::size_t capacity_bytes() const { return storage_.size(); }  // allocated
  std::size_t window_count() const { return windows_.size(); }
  std::size_t batch_count() const { return records_; }
  // When the oldest window kept starts; 0 when empty.
  double start_time() const { return windows_.empty() ? 0 : windows_.front().start; }
  const RingStats& stats() const { return stats_; }
  const RingOptions& options() const { return options_; }

 private:
  struct Window {
    double start = 0;
    std::size_t chunks = 0;
    bool closed = false;  // lost a chunk: keeps its prefix, takes nothing more
  };

  // Where a record of `footprint` bytes can go, growing the storage if allowed; SIZE_MAX if
  // it does not fit now.
  std::size_t place(std::size_t footprint);
  void grow(std::size_t needed);
  // Moves head_ past one record and returns its payload (the flatbuffer), or an empty view.
  std::string_view pop_record();
  // The payload of the record at `offset`, and the offset of the next one.
  std::string_view record_at(std::size_t& offset) const;
  void drop_oldest_window();
  void drop_chunk(std::size_t bytes);

  RingOptions options_;
  std::vector<std::uint8_t> storage_;
  std::size_t head_ = 0;   // oldest record
  std::size_t tail_ = 0;   // where the next record goes
  std::size_t used_ = 0;   // bytes from head_ to tail_, wrap padding included
  std::size_t records_ = 0;
  std::deque<Window> windows_;
  RingStats stats_;
};

}  // namespace vigil::replay
