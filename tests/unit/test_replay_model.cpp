#define BOOST_TEST_MODULE replay_model
#include <boost/test/unit_test.hpp>

// Seeded random sessions: after every batch, the DOM rrweb's replayer would build from our
// events must equal the visible part of the encoder's mirror (see tests/fuzz/replay_model.h).
#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/random.h"
#include "replay/batch_writer.h"
#include "replay/encoder.h"
#include "tests/fuzz/replay_model.h"

using namespace vigil;
using namespace vigil::replay;

namespace {

std::string step(Encoder& e, model::ReplayerModel& m, BatchWriter& w) {
  std::vector<std::uint8_t> batch = w.take();
  ConsumeResult r = e.consume(batch.data(), batch.size());
  if (!r.ok) return "batch rejected: " + r.error;
  ParseOptions po;
  po.max_depth = 100000;
  ParseResult events = parse_json(e.take_events_json(), po);
  if (!events.ok) return "invalid JSON: " + events.error;
  std::string err = m.apply(events.value);
  if (err.empty()) err = m.compare(e);
  if (err.empty()) err = model::check_mirror(e);
  return err;
}

void run_sessions(const EncoderOptions& options, std::uint64_t seed_base, int sessions) {
  for (int s = 0; s < sessions; ++s) {
    Xoshiro256 rng(seed_base + static_cast<std::uint64_t>(s));
    Encoder e(options);
    model::ReplayerModel m;
    BatchWriter w;
    model::write_base_page(w);
    std::string err = step(e, m, w);
    BOOST_REQUIRE_MESSAGE(err.empty(), "base page: " << err);
    model::RandomSession session(12 + static_cast<std::uint32_t>(s % 30));
    for (int b = 0; b < 40; ++b) {
      std::vector<std::uint8_t> bytes(1 + rng.next_u64() % 120);
      for (auto& x : bytes) x = static_cast<std::uint8_t>(rng.next_u64());
      session.write(w, e.mirror(), bytes.data(), bytes.size());
      err = step(e, m, w);
      if (!err.empty()) {
        BOOST_ERROR("seed " << seed_base + static_cast<std::uint64_t>(s) << " batch " << b << ": " << err);
        return;
      }
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(base_page_matches) {
  Encoder e;
  model::ReplayerModel m;
  BatchWriter w;
  model::write_base_page(w);
  BOOST_TEST(step(e, m, w).empty());
  BOOST_TEST(m.size() == 11u);  // the img is a placeholder; everything else is visible
}

BOOST_AUTO_TEST_CASE(the_model_catches_a_wrong_event) {
  Encoder e;
  model::ReplayerModel m;
  BatchWriter w;
  model::write_base_page(w);
  BOOST_REQUIRE(step(e, m, w).empty());
  auto apply = [&](const char* json) { return m.apply(parse_json(json).value); };
  BOOST_TEST(!apply(R"([{"type":3,"timestamp":1,"data":{"source":0,"texts":[],"attributes":[],
    "removes":[{"parentId":3,"id":5}],"adds":[]}}])").empty());  // 5 is not a child of 3
  BOOST_TEST(!apply(R"([{"type":3,"timestamp":1,"data":{"source":0,"texts":[],"attributes":[],
    "removes":[],"adds":[{"parentId":3,"nextId":99,"node":{"type":3,"id":50,"textContent":""}}]}}])").empty());
  BOOST_TEST(apply(R"([{"type":3,"timestamp":1,"data":{"source":0,"texts":[{"id":5,"value":"x"}],
    "attributes":[],"removes":[],"adds":[]}}])").empty());
  BOOST_TEST(!m.compare(e).empty());  // the text now differs from the mirror
}

BOOST_AUTO_TEST_CASE(random_sessions_with_private_defaults) {
  run_sessions(EncoderOptions{}, 1000, 300);
}

BOOST_AUTO_TEST_CASE(random_sessions_with_nothing_masked) {
  EncoderOptions o;
  o.privacy.mask_all_text = false;
  o.privacy.mask_all_inputs = false;
  o.privacy.block_all_media = false;
  run_sessions(o, 5000, 300);
}
