#pragma once
// Sentry's rate limits as the SDK must honour them: while a category is limited, items of it are
// dropped before sending (and counted as "ratelimit_backoff" in client reports) instead of being
// sent only to be rejected again.
#include <string_view>
#include <vector>

#include "core/data_category.h"
#include "core/envelope.h"

namespace vigil {

// Seconds a 429 without usable X-Sentry-Rate-Limits or Retry-After disables everything for.
inline constexpr double kDefaultRetryAfterSeconds = 60.0;

class RateLimits {
 public:
  // Applies a response. Times are Unix seconds.
  // - X-Sentry-Rate-Limits is honoured on every status, 200 included. Its format is a comma list
  //   of `<seconds>:<category;category...>:<scope>[:<reason>[:<namespaces>]]`; an empty category
  //   list limits every category; unknown category names are ignored (so a limit naming only
  //   unknown categories limits nothing); entries whose seconds are not a finite non-negative
  //   number are skipped rather than guessed at, so a garbled header cannot silence the SDK.
  // - A 429 with no usable rate-limit entry limits every category for Retry-After (delta seconds
  //   or an HTTP date, relative to now), or kDefaultRetryAfterSeconds when that is absent or
  //   unparseable.
  // A limit only ever extends a category's deadline: a shorter one never cuts an existing one.
  void update_from_response(int status, std::string_view x_sentry_rate_limits,
                            std::string_view retry_after, double now);

  bool is_limited(DataCategory category, double now) const;
  // When the category's limit ends (the later of its own and the all-categories limit); 0 when
  // it was never limited.
  double disabled_until(DataCategory category) const;
  bool any_active(double now) const;
  void clear();

 private:
  void extend(double& until, double deadline) {
    if (deadline > until) until = deadline;
  }
  // Returns whether the entry held a valid limit.
  bool apply_entry(std::string_view entry, double now);

  double all_until_ = 0;
  double until_[kDataCategoryCount] = {};
};

// Parses Retry-After: delta seconds (digits, a fraction tolerated) or an HTTP date. Returns
// seconds from now, clamped at 0 for dates in the past, or a negative value when unparseable.
double parse_retry_after(std::string_view retry_after, double now);

// Removes items whose category is limited at `now` and returns what was dropped (see
// item_counts), for "ratelimit_backoff" client reports. An envelope left with no items must not
// be sent.
std::vector<CategoryCount> filter_rate_limited(Envelope& envelope, const RateLimits& limits,
                                               double now);

}  // namespace vigil
