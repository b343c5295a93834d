#pragma once
// Relay drops an event item over 1 MiB without a word. Instead of losing the whole error we cut
// the event down to the limit, spending the least useful data first, and say in the event what
// was cut.
#include <cstddef>
#include <string>
#include <vector>

#include "core/json.h"

namespace vigil {

// Relay's limit for one event or transaction item (serialized JSON, before compression).
constexpr std::size_t kMaxEventBytes = 1024 * 1024;

struct TrimReport {
  std::size_t original_bytes = 0;  // serialized size before trimming
  std::size_t final_bytes = 0;     // size of the returned JSON
  std::size_t strings_truncated = 0;
  std::size_t extra_removed = 0;        // members of "extra"
  std::size_t breadcrumbs_removed = 0;  // oldest first
  std::size_t frames_removed = 0;       // from the middle of stack traces
  std::vector<std::string> dropped;     // whole fields removed: "request.data", "contexts", ...
  bool essentials_only = false;  // nothing else fitted: only the identifying fields were kept
  bool fits = true;  // false only when even the essentials exceed max_bytes (a tiny limit)

  bool trimmed() const {
    return strings_truncated || extra_removed || breadcrumbs_removed || frames_removed ||
           !dropped.empty() || essentials_only;
  }
};

// The key under "extra" where a trimmed event records what was cut:
//   {"original_bytes":N, "strings_truncated":N, "extra_removed":N, "breadcrumbs_removed":N,
//    "frames_removed":N, "dropped":["contexts",...], "essentials_only":true}
// (zero counts and empty lists are left out). "extra" rather than Sentry's "_meta", because
// Relay owns "_meta" and rewrites it, while extra shows up on the issue page as is.
inline constexpr const char* kTrimmedExtraKey = "vigil.trimmed";

// Serializes an event to JSON of at most max_bytes. An event that already fits is written
// unchanged. Otherwise data goes in this order until it fits:
//   0. strings longer than max_bytes/8, longest first and only as far as needed, but never
//      below max_bytes/8 (Relay cuts messages to a few KB anyway, and one giant string must not
//      cost the breadcrumbs and the stack first)
//   1. "extra" members, largest first
//   2. breadcrumbs, oldest first
//   3. frames in the middle of long stack traces (exception and threads), keeping at least
//      25 outermost and 25 innermost per stack
//   4. strings anywhere, longest first, evenly down to 256 bytes each
//   5. request.data, then contexts, then the rest of request
//   6. stack frames again, down to the outermost and innermost one
//   7. any other top-level field, largest first, except the identifying ones
//   8. last resort: only event_id, timestamp, level, platform, type, release, environment, the
//      exceptions' type/value/mechanism and the message, with strings cut as far as needed
// Sizes are measured once per phase and updated by subtraction, so the cost is a few linear
// passes over the event however much is removed. A non-object event is written as {}.
std::string serialize_capped(Value event, std::size_t max_bytes = kMaxEventBytes,
                             TrimReport* report = nullptr);

}  // namespace vigil
