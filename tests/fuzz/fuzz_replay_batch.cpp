// Any bytes, fed to the replay encoder as batches, must never crash it; a rejected batch must
// leave the mirror and the pending events untouched; and after every batch the DOM rrweb's
// replayer would build from the events must equal the visible part of the mirror.
//
// The first byte picks the mode: even bytes turn the rest into well-formed records aimed at the
// mirror's own nodes (to explore dedupe), odd bytes are a raw batch body (to explore the reader).
// The second byte holds the privacy options. A second encoder in buffer mode takes the same
// batches: what its ring gives back at the end must be every event the first one wrote, as
// long as nothing was evicted or dropped (ring_buffer.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/json.h"
#include "replay/batch_writer.h"
#include "replay/encoder.h"
#include "tests/fuzz/replay_model.h"

using namespace vigil;
using namespace vigil::replay;

namespace {

ParseOptions deep() {
  ParseOptions po;
  po.max_depth = 100000;
  return po;
}

// Every event the session-mode encoder wrote, for the buffer-mode one to be held against.
Array written;

void check(Encoder& e, model::ReplayerModel& m) {
  ParseResult events = parse_json(e.take_events_json(), deep());
  if (!events.ok) std::abort();
  for (const Value& v : events.value.as_array()) written.push_back(v);
  if (!m.apply(events.value).empty()) std::abort();
  if (!m.compare(e).empty()) std::abort();
  if (!model::check_mirror(e).empty()) std::abort();
}

Encoder* buffered = nullptr;

void consume(Encoder& e, model::ReplayerModel& m, const std::vector<std::uint8_t>& batch) {
  std::size_t nodes = e.mirror().size();
  ConsumeResult r = e.consume(batch.data(), batch.size());
  if (!r.ok) {
    if (r.error.empty() || e.mirror().size() != nodes || e.pending_bytes() != 0) std::abort();
  }
  if (buffered && buffered->consume(batch.data(), batch.size()).ok != r.ok) std::abort();
  check(e, m);
}

void check_buffer(Encoder& b) {
  const RingStats& stats = b.ring().stats();
  bool whole = stats.evicted_windows == 0 && stats.dropped_chunks == 0 && !b.in_snapshot();
  ParseResult events = parse_json(b.take_buffer_json(0), deep());
  if (!events.ok || !events.value.is_array()) std::abort();
  const Array& got = events.value.as_array();
  // Whatever the ring holds starts playable: a full snapshot, or Meta and then one.
  if (!got.empty()) {
    bool meta_first = got[0].get("type").as_int() == 4;
    if (meta_first && got.size() < 2) std::abort();
    if (got[meta_first ? 1 : 0].get("type").as_int() != 2) std::abort();
  }
  if (whole && !(events.value == Value(written))) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  EncoderOptions options;
  options.privacy.mask_all_text = data[1] & 1;
  options.privacy.mask_all_inputs = data[1] & 2;
  options.privacy.block_all_media = data[1] & 4;
  Encoder e(options);
  Encoder b(options);
  b.set_buffer_mode(true);
  buffered = &b;
  written.clear();
  model::ReplayerModel m;
  BatchWriter w;
  model::write_base_page(w);
  consume(e, m, w.take());

  const std::uint8_t* body = data + 2;
  std::size_t len = size - 2;
  if ((data[0] & 1) == 0) {
    // Batches of up to 48 bytes of driving input each, so dedupe runs many times.
    model::RandomSession session;
    for (std::size_t off = 0; off < len; off += 48) {
      std::size_t n = len - off < 48 ? len - off : 48;
      session.write(w, e.mirror(), body + off, n);
      consume(e, m, w.take());
    }
  } else {
    std::vector<std::uint8_t> batch{kBatchMagic0, kBatchMagic1, kBatchVersion, 0};
    batch.insert(batch.end(), body, body + len);
    consume(e, m, batch);
    // The same bytes again: the mirror has moved on, and nothing may depend on it being fresh.
    consume(e, m, batch);
  }
  buffered = nullptr;
  check_buffer(b);
  return 0;
}
