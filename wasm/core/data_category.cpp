#include "core/data_category.h"

namespace vigil {
namespace {

// Indexed by the enum; keep in the enum's order.
constexpr std::string_view kNames[kDataCategoryCount] = {
    "default", "error",    "transaction", "session", "attachment", "replay",  "internal",
    "monitor", "span",     "log_item",    "profile", "feedback",   "unknown",
};

struct TypeMapping {
  std::string_view item_type;
  DataCategory category;
};

constexpr TypeMapping kItemTypes[] = {
    {"event", DataCategory::error},
    {"transaction", DataCategory::transaction},
    {"session", DataCategory::session},
    {"sessions", DataCategory::session},
    {"attachment", DataCategory::attachment},
    {"replay_event", DataCategory::replay},
    {"replay_recording", DataCategory::replay},
    {"replay_video", DataCategory::replay},
    {"client_report", DataCategory::internal},
    {"check_in", DataCategory::monitor},
    {"span", DataCategory::span},
    {"log", DataCategory::log_item},
    {"profile", DataCategory::profile},
    {"profile_chunk", DataCategory::profile},
    {"feedback", DataCategory::feedback},
    {"user_report", DataCategory::default_},
};

}  // namespace

std::string_view to_string(DataCategory category) {
  auto i = static_cast<std::size_t>(category);
  return i < kDataCategoryCount ? kNames[i] : kNames[kDataCategoryCount - 1];
}

DataCategory data_category_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kDataCategoryCount; ++i) {
    if (kNames[i] == name) return static_cast<DataCategory>(i);
  }
  return DataCategory::unknown;
}

DataCategory category_for_item_type(std::string_view item_type) {
  for (const auto& m : kItemTypes) {
    if (m.item_type == item_type) return m.category;
  }
  return DataCategory::default_;
}

}  // namespace vigil
