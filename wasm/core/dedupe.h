#pragma once
// Drops an error event that repeats the one just sent, as Sentry's Dedupe integration does:
// the same error reported twice in a row (a handler rethrowing, onerror plus
// unhandledrejection for one failure, a retry loop) is one issue, and the second copy only
// costs quota.
//
// Two error events are duplicates when either
//   - both have a message, the messages are equal, and so are fingerprints and stack frames; or
//   - both have exceptions whose main (last, thrown) exception has the same type and value,
//     and fingerprints and stack frames are equal.
// Stack frames are every exception's frames (then any top-level "stacktrace" frames) in order,
// compared by filename, function, lineno and colno only; no frames on both sides is equal.
// Fingerprints must match element by element (Sentry joins them into one string first, which
// wrongly equates ["ab","c"] with ["a","bc"]); none on both sides is equal.
// Events with a type (transaction, feedback, replay_event, ...) are never duplicates.
#include <optional>
#include <string>
#include <vector>

#include "core/event.h"

namespace vigil {

// What of an event the comparison reads, so the last event need not be kept whole (its
// breadcrumbs and contexts can be large).
struct DedupeKey {
  struct FrameKey {
    std::string filename;
    std::string function;
    int lineno = 0;
    int colno = 0;
    bool operator==(const FrameKey& o) const {
      return lineno == o.lineno && colno == o.colno && filename == o.filename &&
             function == o.function;
    }
  };
  bool is_error = false;  // false for typed events, which never match
  std::string message;
  bool has_exception = false;
  std::string exception_type;   // of the main (last) exception
  std::string exception_value;
  std::vector<std::string> fingerprint;
  std::vector<FrameKey> frames;
};

DedupeKey dedupe_key(const Event& event);
bool is_duplicate(const DedupeKey& current, const DedupeKey& previous);
bool is_duplicate(const Event& current, const Event& previous);

// Remembers the last error event that was kept. Typed events pass untouched and are not
// remembered, and a dropped duplicate leaves the remembered one in place.
class Deduper {
 public:
  // True when the event repeats the last kept error event; otherwise remembers it (if it is an
  // error event) and returns false.
  bool should_drop(const Event& event);
  // The two halves of should_drop, for a host that wants to remember an event only once it is
  // really sent (after sampling and beforeSend).
  bool is_duplicate_of_last(const Event& event) const;
  void remember(const Event& event);
  void reset() { last_.reset(); }

 private:
  std::optional<DedupeKey> last_;
};

}  // namespace vigil
