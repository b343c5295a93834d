#pragma once
// Turns batches of page records (record_format.h) into rrweb events for replay_recording items:
// Meta (4), FullSnapshot (2), IncrementalSnapshot (3: mutation, mouse move, mouse interaction,
// scroll, viewport resize, input) and Custom (5, breadcrumbs). The mirror of the page lives
// here, so JS only reports what happened and never keeps a second copy of the DOM.
//
// Events are buffered as JSON text until take_events_json(). Mutation records are held back
// until a record of another kind or the end of the batch, then emitted as one deduplicated
// event (mutation_diff.h), so every event stays in page order.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>
#include <string_view>

#include "replay/mirror.h"
#include "replay/mutation_diff.h"
#include "replay/node_json.h"
#include "replay/privacy.h"
#include "replay/record_format.h"
#include "replay/ring_buffer.h"

namespace vigil::replay {

struct EncoderOptions {
  PrivacyOptions privacy;  // maskAllText, maskAllInputs, blockAllMedia: all on by default
  RingOptions buffer;      // buffer mode's ring: byte cap and window
};

// Reads {"maskAllText":bool,"maskAllInputs":bool,"blockAllMedia":bool,"bufferMaxBytes":n,
// "bufferWindowMs":n}. Missing keys, values of the wrong type and unparsable text keep the
// private defaults: a typo never unmasks a page.
EncoderOptions parse_encoder_options(std::string_view json);

struct ConsumeResult {
  bool ok = false;
  std::string error;        // why the batch was dropped (malformed), with the byte offset
  std::size_t records = 0;  // records applied
  std::size_t warnings = 0; // well-formed records that did not fit the mirror and were skipped
};

struct EncoderStats {
  std::size_t batches = 0;
  std::size_t dropped_batches = 0;
  std::size_t warnings = 0;
  std::size_t events = 0;
};

class Encoder {
 public:
  explicit Encoder(EncoderOptions options = {});
  // The writer and the diff hold references to the mirror: copies would share it.
  Encoder(const Encoder&) = delete;
  Encoder& operator=(const Encoder&) = delete;

  // Validates the whole batch first; a malformed one is dropped without touching the mirror.
  ConsumeResult consume(const std::uint8_t* data, std::size_t len);

  // What a segment's replay_event says of its events, counted as they are written so the
  // host never parses the JSON to learn it.
  struct Summary {
    std::size_t events = 0;
    double first_timestamp = 0;  // ms; 0 when there are no events
    std::vector<std::string> urls;  // the hrefs of Meta events, in order
  };

  // A JSON array of the events since the last call ("[]" when none), and clears the buffer;
  // `summary`, when given, describes them.
  std::string take_events_json(Summary* summary = nullptr);
  // The same array as parts to be read in order and joined ("[", the event text, "]"): a big
  // page's snapshot is then never copied into one string, which would hold it twice at once.
  std::vector<std::string> take_events_parts(Summary* summary = nullptr);
  // Bytes of event JSON waiting to be taken.
  std::size_t pending_bytes() const { return spilled_bytes_ + events_.size(); }
  std::size_t pending_events() const { return pending_events_; }

  // Buffer mode (replaysOnErrorSampleRate): consume() validates each batch and keeps it as is
  // in the ring (ring_buffer.h); no mirror, no events. A batch that starts with the page's
  // snapshot (after clock records and a Meta) opens a window. Switching either way drops what
  // the other mode held: the mirror, waiting events, the ring.
  void set_buffer_mode(bool on);
  bool buffer_mode() const { return buffering_; }
  // The buffer as an rrweb JSON array, from its oldest playable window to now: the kept
  // batches encoded as session mode would have. Then session mode, with the mirror those
  // batches built, so later batches carry on from them.
  std::string take_buffer_json(double now, Summary* summary = nullptr);
  std::vector<std::string> take_buffer_parts(double now, Summary* summary = nullptr);
  const RingBuffer& ring() const { return ring_; }

  const EncoderStats& stats() const { return stats_; }
  const EncoderOptions& options() const { return options_; }
  const Mirror& mirror() const { return mirror_; }
  bool in_snapshot() const { return in_snapshot_; }

 private:
  bool apply(const Record& r);
  bool apply_snapshot_node(const Record& r);
  bool apply_mutation(const Record& r);
  void flush_mutations();
  void begin_event(int type, double timestamp);
  void end_event(double timestamp);
  // Moves the event text written so far to spilled_ once it is a chunk long.
  void maybe_spill();
  void replay_buffer(double now);
  void apply_batch(const std::uint8_t* data, std::size_t len, ConsumeResult& result);
  void reset_page();
  void emit_full_snapshot();
  bool emit_input(const Record& r);
  bool emit_scroll(const Record& r);
  bool emit_mouse_move(const Record& r);
  bool emit_mouse_interaction(const Record& r);
  bool emit_custom(const Record& r);
  // The node an interaction shows on: the node itself, or the placeholder it is hidden in.
  std::uint32_t interaction_target(std::uint32_t id) const;

  EncoderOptions options_;
  Mirror mirror_;
  NodeWriter writer_;
  MutationDiff diff_;
  // Event text, comma-separated, in order: spilled_ then events_. A full snapshot's text grows
  // in chunks of about kChunk bytes instead of one string doubling to twice its size.
  std::vector<std::string> spilled_;
  std::size_t spilled_bytes_ = 0;
  std::string events_;
  std::size_t pending_events_ = 0;
  double pending_first_ = 0;
  std::vector<std::string> pending_urls_;
  EncoderStats stats_;
  double clock_ = 0;
  double mutation_time_ = 0;
  bool in_snapshot_ = false;
  double snapshot_time_ = 0;
  std::int64_t snapshot_left_ = 0;
  std::int64_t snapshot_top_ = 0;
  std::size_t warnings_ = 0;  // in the current batch

  bool buffering_ = false;
  RingBuffer ring_;
};

}  // namespace vigil::replay
