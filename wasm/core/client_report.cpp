#include "core/client_report.h"

#include <utility>

namespace vigil {
namespace {

constexpr std::uint64_t kMaxQuantity = 0x7fffffffffffffffULL;

bool valid_reason(std::string_view reason) {
  if (reason.empty() || reason.size() > 64) return false;
  for (char c : reason) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

Value entry_value(std::string_view reason, DataCategory category, std::uint64_t quantity) {
  Value v = Value::object();
  v["reason"] = reason;
  v["category"] = to_string(category);
  v["quantity"] = Value(quantity);
  return v;
}

}  // namespace

void ClientReports::record(std::string_view reason, DataCategory category,
                           std::uint64_t quantity) {
  if (quantity == 0 || category == DataCategory::unknown || !valid_reason(reason)) return;
  if (quantity > kMaxQuantity) quantity = kMaxQuantity;
  for (auto& e : entries_) {
    if (e.category == category && e.reason == reason) {
      e.quantity = e.quantity > kMaxQuantity - quantity ? kMaxQuantity : e.quantity + quantity;
      return;
    }
  }
  if (entries_.size() >= kMaxEntries) return;
  entries_.push_back({std::string(reason), category, quantity});
}

void ClientReports::record(std::string_view reason, const std::vector<CategoryCount>& counts) {
  for (const auto& c : counts) record(reason, c.category, c.quantity);
}

std::uint64_t ClientReports::count(std::string_view reason, DataCategory category) const {
  for (const auto& e : entries_) {
    if (e.category == category && e.reason == reason) return e.quantity;
  }
  return 0;
}

std::optional<Value> ClientReports::take(double now) {
  if (entries_.empty()) return std::nullopt;
  Value report = Value::object();
  report["timestamp"] = now;
  report["discarded_events"] = Value::array();
  std::size_t size = to_json(report).size();
  std::size_t taken = 0;
  Array& events = report["discarded_events"].array_ref();
  for (const auto& e : entries_) {
    Value v = entry_value(e.reason, e.category, e.quantity);
    std::size_t add = to_json(v).size() + (taken > 0 ? 1 : 0);  // the comma
    // The first entry always goes in: a report must make progress, and one entry (reason of at
    // most 64 bytes) is far below any sane limit.
    if (taken > 0 && size + add > max_bytes_) break;
    size += add;
    events.push_back(std::move(v));
    ++taken;
  }
  entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(taken));
  return report;
}

}  // namespace vigil
