#pragma once
// Client reports: the SDK's count of what it dropped and why, sent to Sentry as a
// `client_report` item so dropped data shows up in the project's stats. Counts aggregate by
// (reason, category) until taken.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/data_category.h"
#include "core/json.h"

namespace vigil {

// Relay discards client-report items larger than this.
inline constexpr std::size_t kClientReportMaxBytes = 4096;

// The discard reasons this SDK records (Sentry defines more).
namespace discard_reason {
inline constexpr std::string_view sample_rate = "sample_rate";
inline constexpr std::string_view before_send = "before_send";
inline constexpr std::string_view event_processor = "event_processor";
inline constexpr std::string_view ratelimit_backoff = "ratelimit_backoff";
inline constexpr std::string_view queue_overflow = "queue_overflow";
inline constexpr std::string_view network_error = "network_error";
inline constexpr std::string_view send_error = "send_error";
inline constexpr std::string_view buffer_overflow = "buffer_overflow";
}  // namespace discard_reason

class ClientReports {
 public:
  // max_payload_bytes bounds the serialized payload of one take(); what does not fit waits for
  // the next one.
  explicit ClientReports(std::size_t max_payload_bytes = kClientReportMaxBytes)
      : max_bytes_(max_payload_bytes) {}

  // Adds to the (reason, category) count, saturating at 2^63-1 (JSON integers are int64 here).
  // Ignored: quantity 0, the unknown category, and reasons that are not a short snake_case word
  // (they come from code, so a bad one is a bug that must not corrupt the payload). Distinct
  // pairs are capped at kMaxEntries; new pairs past it are dropped.
  void record(std::string_view reason, DataCategory category, std::uint64_t quantity = 1);
  void record(std::string_view reason, const std::vector<CategoryCount>& counts);

  bool empty() const { return entries_.empty(); }
  // The pending count for one pair (0 when none).
  std::uint64_t count(std::string_view reason, DataCategory category) const;

  // The `client_report` payload {"timestamp": now, "discarded_events": [{reason, category,
  // quantity}, ...]} in first-recorded order, holding as many pairs as fit in the byte limit,
  // which are then forgotten; nullopt when nothing is pending. `timestamp` is Unix seconds as a
  // number, as Sentry's JavaScript SDK sends it.
  std::optional<Value> take(double now);

  static constexpr std::size_t kMaxEntries = 256;

 private:
  struct Entry {
    std::string reason;
    DataCategory category;
    std::uint64_t quantity;
  };
  std::size_t max_bytes_;
  std::vector<Entry> entries_;
};

}  // namespace vigil
