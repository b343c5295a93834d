#pragma once
// Buffer mode's memory: the last minute of the page's record batches (record_format.h), held
// until an error asks for them. The newest batches gather in an open stretch; when it reaches
// chunk_bytes (or a checkout starts a window) they are packed together (replay/lz.h, then
// replay/huffman.h) into one flatbuffer Chunk (schema/replay_buffer.fbs), allocated at its exact
// size. Chunks are kept oldest first and dropped from the old end: a ring of chunks rather than
// one byte ring, so what is allocated follows what is held (a byte ring grows by doubling,
// copies itself to grow, and keeps its largest size), and packing takes it to under half.
//
// Playability is the invariant: what batches() returns always begins with a checkout (a batch
// that starts with the page's snapshot), because batches are only ever dropped as whole windows
// from the old end. A window is a checkout batch and the continuation batches after it. When a
// batch cannot be kept (the byte cap), the window it belonged to is closed where it is; a prefix
// of a window still plays. Later continuations are dropped until the next checkout opens a
// window again (needs_checkout() tells the recorder to take one).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace vigil::replay {

// A stored batch: its bytes (valid until the ring changes) and the clock before it.
struct StoredBatch {
  std::string_view bytes;
  double time = 0;
};

struct RingOptions {
  // Hard cap on what the ring allocates (capacity_bytes()). Sentry's buffer stops at 20 MB; a
  // 100,000-node page's snapshot is a few MB of batches, packed to about half.
  std::size_t max_bytes = 16u << 20;
  // Windows that started more than this before "now" are dropped once a newer one exists.
  double window_ms = 60000;
  // Batches gather up to this many bytes before they are packed into a chunk (at most a quarter
  // of max_bytes); a bigger batch is a chunk of its own. Longer stretches pack better (each is
  // packed on its own) but wait unpacked for longer: 16 KB packs the benchmark page's batches to
  // 0.44 of their size (LZ then Huffman; 0.50 with LZ alone), 4 KB to 0.52, 64 KB to 0.41.
  std::size_t chunk_bytes = 16u << 10;
  // Off stores the batches as they are (for measuring what packing saves).
  bool compress = true;
};

struct RingStats {
  std::size_t chunks = 0;           // batches stored, ever
  std::size_t packed_chunks = 0;    // chunks packed, ever
  std::size_t evicted_windows = 0;  // windows dropped for age or for room
  std::size_t evicted_bytes = 0;    // what they held, packed
  std::size_t dropped_chunks = 0;   // batches refused: too big, or no window to belong to
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

  // The retained batches after evict(now), oldest first, unpacked, each chunk checked against
  // the schema and its packing (a chunk that does not check ends the list there). Views into
  // the ring: valid until it changes.
  std::vector<StoredBatch> batches(double now);

  // The same batches, handed to fn(const StoredBatch&) one at a time, unpacking one chunk at a
  // time into a buffer of that chunk's size: what taking the buffer uses, so a minute of batches
  // is never unpacked all at once (linear memory never shrinks after a peak). Each batch's bytes
  // are valid during its call only, and fn must not change the ring.
  template <class Fn>
  void for_each_batch(double now, Fn&& fn) {
    evict(now);
    std::vector<std::uint8_t> buffer;
    std::vector<StoredBatch> list;
    for (const Chunk& c : chunks_) {
      std::size_t raw = 0;
      if (!check(c, raw)) return;
      buffer.resize(raw);
      list.clear();
      if (!unpack(c, buffer.data(), list)) return;
      for (const StoredBatch& b : list) fn(b);
    }
    for_each_open(fn);
  }

  void clear();
  // clear(), and gives every allocation back.
  void release();

  // True when the next batch has nowhere to go unless it is a checkout.
  bool needs_checkout() const { return windows_.empty() || windows_.back().closed; }

  // What is stored: packed chunks (flatbuffers included) and the open batches as they are.
  std::size_t used_bytes() const { return stored_ + open_.size(); }
  // What is allocated for it: chunks, the open stretch's buffers, and batches()'s unpacked copy
  // while one is out.
  std::size_t capacity_bytes() const;
  // The batches' own bytes, unpacked: what used_bytes() would be without packing.
  std::size_t raw_bytes() const { return raw_; }
  std::size_t chunk_count() const { return chunks_.size(); }
  std::size_t window_count() const { return windows_.size(); }
  std::size_t batch_count() const { return batches_; }
  // When the oldest window kept starts; 0 when empty.
  double start_time() const { return windows_.empty() ? 0 : windows_.front().start; }
  const RingStats& stats() const { return stats_; }
  const RingOptions& options() const { return options_; }

 private:
  struct Chunk {
    std::unique_ptr<std::uint8_t[]> bytes;  // a finished flatbuffer, 8-aligned
    std::size_t size = 0;
    std::size_t raw = 0;
    std::size_t batches = 0;
  };
  struct Window {
    double start = 0;
    std::size_t chunks = 0;   // packed chunks; the newest window also owns the open batches
    bool closed = false;      // lost a batch: keeps its prefix, takes nothing more
  };

  // Whether a chunk's flatbuffer verifies and its parts agree; `raw` is its batches' size.
  static bool check(const Chunk& c, std::size_t& raw);
  // Unpacks a checked chunk's batches to `into` (raw bytes) and appends views of them.
  static bool unpack(const Chunk& c, std::uint8_t* into, std::vector<StoredBatch>& out);
  template <class Fn>
  void for_each_open(Fn& fn) const {
    std::size_t offset = 0;
    for (std::size_t k = 0; k < open_sizes_.size(); ++k) {
      fn(StoredBatch{std::string_view(reinterpret_cast<const char*>(open_.data() + offset), open_sizes_[k]),
                     open_times_[k]});
      offset += open_sizes_[k];
    }
  }

  // Packs the open batches into a chunk of the newest window.
  void seal();
  // Packs `count` batches laid end to end in `data` into a chunk of the newest window.
  void pack(const std::uint8_t* data, std::size_t len, const double* times, const std::uint32_t* sizes,
            std::size_t count, bool checkout);
  // What the ring would hold with `extra` more bytes, counting the open batches at their
  // worst packed size, so that packing never takes it past the cap.
  std::size_t budget(std::size_t extra) const;
  void drop_oldest_window();
  void drop_batch(std::size_t bytes);
  void clear_open();

  RingOptions options_;
  // Vectors, not deques: a deque's first block (4 KB each) outweighs the few dozen entries a
  // minute holds, and dropping from the front moves that few.
  std::vector<Chunk> chunks_;
  std::vector<Window> windows_;
  std::vector<std::uint8_t> open_;  // the newest window's latest batches, end to end
  std::vector<double> open_times_;
  std::vector<std::uint32_t> open_sizes_;
  bool open_checkout_ = false;  // the first open batch is its window's checkout
  std::vector<std::uint8_t> unpacked_;  // what batches() handed out
  std::size_t stored_ = 0;   // the chunks' sizes
  std::size_t raw_ = 0;
  std::size_t batches_ = 0;
  RingStats stats_;
};

}  // namespace vigil::replay
