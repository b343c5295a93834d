#include "core/dedupe.h"

#include <utility>

namespace vigil {

namespace {

void add_frames(const std::vector<Frame>& frames, std::vector<DedupeKey::FrameKey>& out) {
  for (const Frame& f : frames) out.push_back({f.filename, f.function, f.lineno, f.colno});
}

// A top-level "stacktrace" (message events with attachStacktrace from some SDKs) lives in
// Event::other untyped; read it through Frame so its fields are interpreted the same way.
void add_top_level_frames(const Object& other, std::vector<DedupeKey::FrameKey>& out) {
  for (const Member& m : other) {
    if (m.key != "stacktrace") continue;
    std::vector<Frame> frames;
    for (const Value& v : m.value.get("frames").as_array()) frames.push_back(Frame::from_value(v));
    add_frames(frames, out);
  }
}

bool same_message(const DedupeKey& a, const DedupeKey& b) {
  return !a.message.empty() && a.message == b.message;
}

bool same_exception(const DedupeKey& a, const DedupeKey& b) {
  return a.has_exception && b.has_exception && a.exception_type == b.exception_type &&
         a.exception_value == b.exception_value;
}

// Everything of the key but the frames.
DedupeKey key_head(const Event& event) {
  DedupeKey key;
  if (!event.type.empty()) return key;
  key.is_error = true;
  key.message = event.message;
  if (!event.exceptions.empty()) {
    key.has_exception = true;
    key.exception_type = event.exceptions.back().type;
    key.exception_value = event.exceptions.back().value;
  }
  key.fingerprint = event.fingerprint;
  return key;
}

// is_duplicate() but for the frames.
bool same_but_frames(const DedupeKey& current, const DedupeKey& previous) {
  if (!current.is_error || !previous.is_error) return false;
  if (!same_message(current, previous) && !same_exception(current, previous)) return false;
  return current.fingerprint == previous.fingerprint;
}

// Whether the frames dedupe_key() would collect from the exceptions are `keys`, compared in
// place. Events without a top-level stacktrace only.
bool same_exception_frames(const Event& event, const std::vector<DedupeKey::FrameKey>& keys) {
  std::size_t i = 0;
  for (const ExceptionValue& ex : event.exceptions) {
    for (const Frame& f : ex.frames) {
      if (i >= keys.size()) return false;
      const DedupeKey::FrameKey& k = keys[i++];
      if (k.lineno != f.lineno || k.colno != f.colno || k.filename != f.filename ||
          k.function != f.function)
        return false;
    }
  }
  return i == keys.size();
}

bool has_top_level_stacktrace(const Object& other) {
  for (const Member& m : other)
    if (m.key == "stacktrace") return true;
  return false;
}

}  // namespace

DedupeKey dedupe_key(const Event& event) {
  DedupeKey key = key_head(event);
  if (!key.is_error) return key;
  std::size_t frames = 0;
  for (const ExceptionValue& ex : event.exceptions) frames += ex.frames.size();
  key.frames.reserve(frames);
  for (const ExceptionValue& ex : event.exceptions) add_frames(ex.frames, key.frames);
  add_top_level_frames(event.other, key.frames);
  return key;
}

bool is_duplicate(const DedupeKey& current, const DedupeKey& previous) {
  return same_but_frames(current, previous) && current.frames == previous.frames;
}

bool is_duplicate(const Event& current, const Event& previous) {
  if (!current.type.empty() || !previous.type.empty()) return false;
  return is_duplicate(dedupe_key(current), dedupe_key(previous));
}

bool Deduper::is_duplicate_of_last(const Event& event) const {
  if (!last_ || !event.type.empty()) return false;
  return is_duplicate(dedupe_key(event), *last_);
}

void Deduper::remember(const Event& event) {
  if (!event.type.empty()) return;
  last_ = dedupe_key(event);
}

bool Deduper::should_drop(const Event& event) {
  if (!event.type.empty()) return false;
  // The same code failing again (same frames, another message) is the common case: the
  // remembered frames are taken over rather than copied from the event again.
  if (last_ && !has_top_level_stacktrace(event.other) && same_exception_frames(event, last_->frames)) {
    DedupeKey key = key_head(event);
    if (same_but_frames(key, *last_)) return true;
    key.frames = std::move(last_->frames);
    last_ = std::move(key);
    return false;
  }
  DedupeKey key = dedupe_key(event);
  if (last_ && is_duplicate(key, *last_)) return true;
  last_ = std::move(key);
  return false;
}

}  // namespace vigil
