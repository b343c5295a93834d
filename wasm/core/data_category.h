#pragma once
// Sentry's data categories: the unit rate limits are keyed by and client reports count in.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace vigil {

enum class DataCategory {
  default_,     // "default": events that are neither errors nor transactions (user reports)
  error,        // "error"
  transaction,  // "transaction"
  session,      // "session": release-health sessions, single or aggregated
  attachment,   // "attachment": counted in bytes in client reports
  replay,       // "replay": replay_event and replay_recording items
  internal,     // "internal": the SDK's own client reports
  monitor,      // "monitor": cron check-ins
  span,         // "span"
  log_item,     // "log_item": structured logs
  profile,      // "profile"
  feedback,     // "feedback": user feedback
  unknown,      // a name this SDK does not know; rate limits for it are ignored
};

// Number of enumerators, for tables indexed by category.
inline constexpr std::size_t kDataCategoryCount = static_cast<std::size_t>(DataCategory::unknown) + 1;

// Sentry's wire name ("default", "error", ..., "unknown").
std::string_view to_string(DataCategory category);
// Inverse of to_string for known names; anything else (including "unknown") is unknown.
DataCategory data_category_from_string(std::string_view name);

// The category an envelope item counts against. Item types this SDK does not know fall back to
// default_, as Sentry's own SDKs do, so a limit on "default" (or on everything) still covers
// them.
DataCategory category_for_item_type(std::string_view item_type);

// A quantity of one category: what a client report counts and what losing an item costs.
struct CategoryCount {
  DataCategory category = DataCategory::default_;
  std::uint64_t quantity = 0;
};

}  // namespace vigil
