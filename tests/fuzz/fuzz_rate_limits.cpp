// Any X-Sentry-Rate-Limits / Retry-After pair, on any status, updates the limits without
// crashing, and no limit ever ends before it started or runs backwards in time.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/rate_limits.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  std::size_t split = text.find('\n');
  std::string_view header = text.substr(0, split);
  std::string_view retry_after = split == std::string_view::npos ? std::string_view() : text.substr(split + 1);
  const int status = data[0] & 1 ? 429 : 200 + data[1];
  const double now = 1'700'000'000;
  vigil::RateLimits limits;
  limits.update_from_response(status, header, retry_after, now);
  double before[13];
  for (int c = 0; c <= static_cast<int>(vigil::DataCategory::unknown); ++c) {
    double until = limits.disabled_until(static_cast<vigil::DataCategory>(c));
    before[c] = until;
    if (until != 0 && until < now) std::abort();
  }
  // A second update may only extend limits.
  limits.update_from_response(status, header, retry_after, now + 1);
  for (int c = 0; c <= static_cast<int>(vigil::DataCategory::unknown); ++c)
    if (limits.disabled_until(static_cast<vigil::DataCategory>(c)) < before[c]) std::abort();
  return 0;
}
