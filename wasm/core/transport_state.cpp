#include "core/transport_state.h"

#include <algorithm>
#include <cmath>

namespace vigil {
namespace {

double sane_delay(double d) { return std::isfinite(d) && d > 0 ? d : 0; }

}  // namespace

TransportState::TransportState(Dsn dsn, std::string sdk_name, std::string sdk_version,
                               TransportOptions options)
    : dsn_(std::move(dsn)), options_(std::move(options)) {
  url_ = request_url(dsn_, options_.tunnel, sdk_name, sdk_version);
  if (options_.max_attempts < 1) options_.max_attempts = 1;
  if (options_.max_pending < 1) options_.max_pending = 1;
  options_.retry_initial_delay = sane_delay(options_.retry_initial_delay);
  options_.retry_max_delay = sane_delay(options_.retry_max_delay);
}

std::optional<PreparedRequest> TransportState::prepare(Envelope envelope, double now) {
  if (envelope.items.empty()) return std::nullopt;
  reports_.record(discard_reason::ratelimit_backoff, filter_rate_limited(envelope, limits_, now));
  if (envelope.items.empty()) return std::nullopt;
  if (options_.send_client_reports && !limits_.is_limited(DataCategory::internal, now)) {
    if (auto report = reports_.take(now)) {
      envelope.items.push_back(make_json_item("client_report", *report));
    }
  }
  return finish(std::move(envelope), now);
}

std::optional<PreparedRequest> TransportState::prepare_client_reports(double now) {
  if (!options_.send_client_reports || limits_.is_limited(DataCategory::internal, now)) {
    return std::nullopt;
  }
  auto report = reports_.take(now);
  if (!report) return std::nullopt;
  Envelope envelope = make_envelope();
  envelope.items.push_back(make_json_item("client_report", *report));
  return finish(std::move(envelope), now);
}

std::optional<PreparedRequest> TransportState::finish(Envelope envelope, double now) {
  set_sent_at(envelope.headers, now);
  if (!options_.tunnel.empty()) set_dsn(envelope.headers, dsn_.to_string());

  PreparedRequest req;
  req.id = next_id_++;
  req.url = url_;
  req.headers.emplace_back("Content-Type", "text/plain;charset=UTF-8");
  Pending pending{req.id, 1, {}};
  for (const auto& item : envelope.items) {
    DataCategory category = category_for_item_type(item.type());
    req.categories.push_back(category);
    if (category == DataCategory::internal) continue;
    for (const auto& c : item_counts(item)) pending.counts.push_back(c);
  }
  req.body = envelope.serialize();
  if (pending_.size() >= options_.max_pending) pending_.erase(pending_.begin());
  pending_.push_back(std::move(pending));
  return req;
}

std::size_t TransportState::index_of(std::uint64_t id) const {
  auto it = std::lower_bound(pending_.begin(), pending_.end(), id,
                             [](const Pending& p, std::uint64_t v) { return p.id < v; });
  return it != pending_.end() && it->id == id ? static_cast<std::size_t>(it - pending_.begin())
                                              : pending_.size();
}

TransportState::Pending* TransportState::find(std::uint64_t id) {
  std::size_t i = index_of(id);
  return i < pending_.size() ? &pending_[i] : nullptr;
}

void TransportState::forget(std::uint64_t id) {
  std::size_t i = index_of(id);
  if (i < pending_.size()) pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(i));
}

int TransportState::attempts(std::uint64_t id) const {
  std::size_t i = index_of(id);
  return i < pending_.size() ? pending_[i].attempts : 0;
}

void TransportState::on_response(std::uint64_t id, int status,
                                 std::string_view x_sentry_rate_limits,
                                 std::string_view retry_after, double now) {
  limits_.update_from_response(status, x_sentry_rate_limits, retry_after, now);
  Pending* p = find(id);
  if (!p) return;
  bool delivered = status <= 0 || (status >= 200 && status < 300);
  if (!delivered && status != 429) reports_.record(discard_reason::send_error, p->counts);
  forget(id);
}

RetryDecision TransportState::on_network_error(std::uint64_t id, double now) {
  RetryDecision d;
  Pending* p = find(id);
  if (!p) return d;
  if (p->attempts >= options_.max_attempts) {
    d.attempt = p->attempts;
    reports_.record(discard_reason::network_error, p->counts);
    forget(id);
    return d;
  }
  double delay = options_.retry_initial_delay;
  for (int i = 1; i < p->attempts && delay < options_.retry_max_delay; ++i) delay *= 2;
  delay = std::min(delay, options_.retry_max_delay);
  ++p->attempts;
  d.retry = true;
  d.attempt = p->attempts;
  d.retry_at = now + delay;
  return d;
}

}  // namespace vigil
