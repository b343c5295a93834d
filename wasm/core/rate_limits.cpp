#include "core/rate_limits.h"

#include <cmath>
#include <utility>

#include "core/timefmt.h"

namespace vigil {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "12", "12.5", ".5": digits with at most one dot. Parsed by hand so the result does not depend
// on the C locale's decimal point and "inf", "nan" or hex never sneak through strtod. Returns a
// negative value when the text is not such a number.
double parse_seconds(std::string_view s) {
  s = trim(s);
  double value = 0;
  double scale = 0.1;
  bool any_digit = false;
  bool in_fraction = false;
  for (char c : s) {
    if (c == '.' && !in_fraction) {
      in_fraction = true;
    } else if (c >= '0' && c <= '9') {
      any_digit = true;
      if (!in_fraction) {
        value = value * 10 + (c - '0');
      } else {
        value += (c - '0') * scale;
        scale /= 10;
      }
    } else {
      return -1;
    }
  }
  return any_digit && std::isfinite(value) ? value : -1;
}

}  // namespace

double parse_retry_after(std::string_view retry_after, double now) {
  retry_after = trim(retry_after);
  if (retry_after.empty()) return -1;
  double secs = parse_seconds(retry_after);
  if (secs >= 0) return secs;
  if (auto date = parse_http_date(retry_after)) return *date > now ? *date - now : 0;
  return -1;
}

bool RateLimits::apply_entry(std::string_view entry, double now) {
  entry = trim(entry);
  if (entry.empty()) return false;
  std::size_t colon = entry.find(':');
  double secs = parse_seconds(entry.substr(0, colon));
  if (secs < 0) return false;
  double deadline = now + secs;
  std::string_view categories =
      colon == std::string_view::npos ? std::string_view() : entry.substr(colon + 1);
  categories = trim(categories.substr(0, categories.find(':')));
  if (categories.empty()) {
    extend(all_until_, deadline);
    return true;
  }
  while (!categories.empty()) {
    std::size_t semi = categories.find(';');
    std::string_view name = trim(categories.substr(0, semi));
    categories = semi == std::string_view::npos ? std::string_view() : categories.substr(semi + 1);
    DataCategory category = data_category_from_string(name);
    if (category != DataCategory::unknown) extend(until_[static_cast<std::size_t>(category)], deadline);
  }
  return true;
}

void RateLimits::update_from_response(int status, std::string_view x_sentry_rate_limits,
                                      std::string_view retry_after, double now) {
  bool applied = false;
  std::string_view rest = trim(x_sentry_rate_limits);
  while (!rest.empty()) {
    std::size_t comma = rest.find(',');
    applied = apply_entry(rest.substr(0, comma), now) || applied;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  if (status == 429 && !applied) {
    double secs = parse_retry_after(retry_after, now);
    extend(all_until_, now + (secs >= 0 ? secs : kDefaultRetryAfterSeconds));
  }
}

bool RateLimits::is_limited(DataCategory category, double now) const {
  return disabled_until(category) > now;
}

double RateLimits::disabled_until(DataCategory category) const {
  auto i = static_cast<std::size_t>(category);
  double own = i < kDataCategoryCount ? until_[i] : 0;
  return own > all_until_ ? own : all_until_;
}

bool RateLimits::any_active(double now) const {
  if (all_until_ > now) return true;
  for (double until : until_) {
    if (until > now) return true;
  }
  return false;
}

void RateLimits::clear() {
  all_until_ = 0;
  for (double& until : until_) until = 0;
}

std::vector<CategoryCount> filter_rate_limited(Envelope& envelope, const RateLimits& limits,
                                               double now) {
  std::vector<CategoryCount> dropped;
  std::vector<EnvelopeItem> kept;
  kept.reserve(envelope.items.size());
  for (auto& item : envelope.items) {
    if (limits.is_limited(category_for_item_type(item.type()), now)) {
      for (const auto& c : item_counts(item)) dropped.push_back(c);
    } else {
      kept.push_back(std::move(item));
    }
  }
  envelope.items = std::move(kept);
  return dropped;
}

}  // namespace vigil
