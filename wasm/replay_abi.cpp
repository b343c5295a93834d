// The replay encoder's C interface, linked only into vigil-replay.wasm: JS observers hand it
// binary record batches (replay/record_format.h), one call per batch, and take rrweb events
// back as JSON. js-bindings/core/core-abi.js builds the ReplayEncoder class from this table.
#include <emscripten.h>

#include <cstdint>
#include <string>
#include <vector>

#include "abi.h"
#include "core/json.h"
#include "core/number.h"
#include "replay/encoder.h"

namespace {

using vigil::abi::Args;
using vigil::replay::Encoder;

struct ReplayEncoder {
  explicit ReplayEncoder(std::string_view options_json)
      : encoder(vigil::replay::parse_encoder_options(std::string(options_json))) {}
  Encoder encoder;
  // The rest of the segment takeSegment/takeBufferSegment answered the head and first part of,
  // handed out one part per takeSegmentPart call.
  std::vector<std::string> parts;
  std::size_t next_part = 0;
};

using Method = vigil::abi::Method<ReplayEncoder>;

void field(std::string& out, const char* key, double value) {
  if (out.size() > 1) out += ',';
  vigil::write_json_string(key, out);
  out += ':';
  vigil::append_double_round_trip(value, out);
}

// Head line: {"events":n,"firstTimestamp":ms,"urls":[...]}, then the events JSON array's first
// part; the host joins the rest from takeSegmentPart. A 100,000-node snapshot's JSON is then
// never copied whole into the answer, which held it twice at its peak (Wasm memory never shrinks).
void write_segment(ReplayEncoder& r, const Encoder::Summary& summary,
                   std::vector<std::string>&& parts, std::string& o) {
  o = "{";
  field(o, "events", static_cast<double>(summary.events));
  field(o, "firstTimestamp", summary.first_timestamp);
  o += ",\"urls\":[";
  for (std::size_t i = 0; i < summary.urls.size(); ++i) {
    if (i) o += ',';
    vigil::write_json_string(summary.urls[i], o);
  }
  o += "]}\n";
  o += parts.front();
  r.parts = std::move(parts);
  r.next_part = 1;
}

const Method kMethods[] = {
    {"consumeBytes:u:j", [](ReplayEncoder& r, const Args& a, std::string& o) {
       // Read where JS wrote it, in the scratch buffer: the encoder keeps no view into a batch
       // past the call (the ring copies or packs what it keeps), so no copy of the largest
       // batch ever seen stays allocated.
       const auto* p = reinterpret_cast<const std::uint8_t*>(a.data(0));
       vigil::replay::ConsumeResult c = r.encoder.consume(p, a.size(0));
       o = "{";
       o += c.ok ? "\"ok\":true" : "\"ok\":false";
       field(o, "records", static_cast<double>(c.records));
       field(o, "warnings", static_cast<double>(c.warnings));
       if (!c.ok) {
         o += ",\"error\":";
         vigil::write_json_string(c.error, o);
       }
       o += '}';
       return 0.0;
     }},
    {"takeSegment::h", [](ReplayEncoder& r, const Args&, std::string& o) {
       Encoder::Summary summary;
       std::vector<std::string> parts = r.encoder.take_events_parts(&summary);
       write_segment(r, summary, std::move(parts), o);
       return 0.0;
     }},
    {"takeBufferSegment:n:h", [](ReplayEncoder& r, const Args& a, std::string& o) {
       Encoder::Summary summary;
       std::vector<std::string> parts = r.encoder.take_buffer_parts(a.num(0), &summary);
       write_segment(r, summary, std::move(parts), o);
       return 0.0;
     }},
    // The segment's next part, "" after the last. Each part is handed over as it is (swapped
    // into the answer) and the previous answer's memory is freed.
    {"takeSegmentPart::s", [](ReplayEncoder& r, const Args&, std::string& o) {
       if (r.next_part >= r.parts.size()) {
         std::vector<std::string>().swap(r.parts);
         r.next_part = 0;
         std::string().swap(o);
         return 0.0;
       }
       std::string& part = r.parts[r.next_part++];
       o.swap(part);
       std::string().swap(part);
       return 0.0;
     }},
    {"pendingBytes::n", [](ReplayEncoder& r, const Args&, std::string&) {
       return static_cast<double>(r.encoder.pending_bytes());
     }},
    {"pendingEvents::n", [](ReplayEncoder& r, const Args&, std::string&) {
       return static_cast<double>(r.encoder.pending_events());
     }},
    {"mirrorSize::n", [](ReplayEncoder& r, const Args&, std::string&) {
       return static_cast<double>(r.encoder.mirror().size());
     }},
    // Buffer mode (replaysOnErrorSampleRate): events stay in the encoder's ring until an error.
    {"setBufferMode:n:v", [](ReplayEncoder& r, const Args& a, std::string&) {
       r.encoder.set_buffer_mode(a.flag(0));
       return 0.0;
     }},
    {"bufferNeedsCheckout::b", [](ReplayEncoder& r, const Args&, std::string&) {
       return double(r.encoder.buffer_mode() && r.encoder.ring().needs_checkout());
     }},
    {"bufferInfo::j", [](ReplayEncoder& r, const Args&, std::string& o) {
       const vigil::replay::RingBuffer& ring = r.encoder.ring();
       o = "{";
       // Packed: usedBytes is what the chunks and the open batches take, rawBytes what the
       // batches would take unpacked, capacityBytes what is allocated for them.
       field(o, "usedBytes", static_cast<double>(ring.used_bytes()));
       field(o, "rawBytes", static_cast<double>(ring.raw_bytes()));
       field(o, "capacityBytes", static_cast<double>(ring.capacity_bytes()));
       field(o, "chunks", static_cast<double>(ring.chunk_count()));
       field(o, "windows", static_cast<double>(ring.window_count()));
       field(o, "batches", static_cast<double>(ring.batch_count()));
       field(o, "startTime", ring.start_time());
       field(o, "evictedWindows", static_cast<double>(ring.stats().evicted_windows));
       field(o, "droppedChunks", static_cast<double>(ring.stats().dropped_chunks));
       o += '}';
       return 0.0;
     }},
};

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void vigil_replay_methods() {
  vigil::abi::list_methods(kMethods);
}

// Argument: the encoder options JSON (masking and blocking).
EMSCRIPTEN_KEEPALIVE ReplayEncoder* vigil_replay_new() { return new ReplayEncoder(Args{}.str(0)); }

EMSCRIPTEN_KEEPALIVE void vigil_replay_free(ReplayEncoder* encoder) { delete encoder; }

EMSCRIPTEN_KEEPALIVE double vigil_replay_call(ReplayEncoder* encoder, int method) {
  return vigil::abi::call(kMethods, encoder, method);
}

}  // extern "C"
