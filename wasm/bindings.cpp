// The replay encoder's Embind class, linked only into vigil-replay.wasm. The core client has a
// plain C interface (abi.cpp); the encoder keeps Embind for its typed-array batch hand-over.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <vector>

#include "replay/encoder.h"

namespace {

using emscripten::val;

// The replay encoder (only in vigil-replay.wasm): JS observers hand it binary record batches (replay/record_format.h), one
// call per batch, and take rrweb events back as JSON.
class ReplayEncoder {
 public:
  explicit ReplayEncoder(const std::string& options_json)
      : encoder_(vigil::replay::parse_encoder_options(options_json)) {}

  // Copies the batch into Wasm memory once; JS never holds a raw pointer into it.
  val consumeBytes(const val& bytes) {
    const std::size_t n = bytes["length"].as<std::size_t>();
    buffer_.resize(n);
    val(emscripten::typed_memory_view(n, buffer_.data())).call<void>("set", bytes);
    vigil::replay::ConsumeResult r = encoder_.consume(buffer_.data(), n);
    val out = val::object();
    out.set("ok", r.ok);
    out.set("records", static_cast<double>(r.records));
    out.set("warnings", static_cast<double>(r.warnings));
    if (!r.ok) out.set("error", r.error);
    return out;
  }
  std::string takeEventsJson() { return encoder_.take_events_json(); }
  double pendingBytes() const { return static_cast<double>(encoder_.pending_bytes()); }
  double pendingEvents() const { return static_cast<double>(encoder_.pending_events()); }
  double mirrorSize() const { return static_cast<double>(encoder_.mirror().size()); }
  // Buffer mode (replaysOnErrorSampleRate): events stay in the encoder's ring until an error.
  void setBufferMode(bool on) { encoder_.set_buffer_mode(on); }
  std::string takeBufferJson(double now_ms) { return encoder_.take_buffer_json(now_ms); }
  bool bufferNeedsCheckout() const { return encoder_.buffer_mode() && encoder_.ring().needs_checkout(); }
  val bufferInfo() const {
    const vigil::replay::RingBuffer& ring = encoder_.ring();
    val out = val::object();
    out.set("usedBytes", static_cast<double>(ring.used_bytes()));
    out.set("capacityBytes", static_cast<double>(ring.capacity_bytes()));
    out.set("windows", static_cast<double>(ring.window_count()));
    out.set("batches", static_cast<double>(ring.batch_count()));
    out.set("startTime", ring.start_time());
    out.set("evictedWindows", static_cast<double>(ring.stats().evicted_windows));
    out.set("droppedChunks", static_cast<double>(ring.stats().dropped_chunks));
    return out;
  }

 private:
  vigil::replay::Encoder encoder_;
  std::vector<std::uint8_t> buffer_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(vigil_replay) {
  emscripten::class_<ReplayEncoder>("ReplayEncoder")
      .constructor<const std::string&>()
      .function("consumeBytes", &ReplayEncoder::consumeBytes)
      .function("takeEventsJson", &ReplayEncoder::takeEventsJson)
      .function("pendingBytes", &ReplayEncoder::pendingBytes)
      .function("pendingEvents", &ReplayEncoder::pendingEvents)
      .function("mirrorSize", &ReplayEncoder::mirrorSize)
      .function("setBufferMode", &ReplayEncoder::setBufferMode)
      .function("takeBufferJson", &ReplayEncoder::takeBufferJson)
      .function("bufferNeedsCheckout", &ReplayEncoder::bufferNeedsCheckout)
      .function("bufferInfo", &ReplayEncoder::bufferInfo);
}
