#pragma once
// The policy half of a transport, with no I/O: it turns an envelope into a ready-to-send request
// (URL, headers, body) after applying rate limits and attaching client reports, and it learns
// from what the host reports back (responses, network failures). Each platform's sender (fetch,
// a worker, an edge runtime) only moves bytes, so every rule here is tested natively.
//
// Typical host loop:
//   if (auto req = state.prepare(std::move(envelope), now)) send(*req);   // keep req->body
//   ...on a response:  state.on_response(req.id, status, x_sentry_rate_limits, retry_after, now);
//   ...on a failure:   auto d = state.on_network_error(req.id, now);
//                      if (d.retry) resend the same body at d.retry_at; else drop it.
// The host keeps request bodies; the state keeps only per-request bookkeeping (attempts and
// what the request carried, for client reports).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/client_report.h"
#include "core/data_category.h"
#include "core/dsn.h"
#include "core/envelope.h"
#include "core/rate_limits.h"

namespace vigil {

struct TransportOptions {
  // The SDK's `tunnel` option: a URL (usually same-origin) that forwards envelopes to Sentry,
  // used to get past ad blockers. When set, requests go to it verbatim, with no auth query
  // string, and every envelope header carries the DSN so the tunnel knows the destination.
  std::string tunnel;
  // Sentry's `sendClientReports` option: attach pending client reports to outgoing envelopes.
  // When false nothing is attached and prepare_client_reports() returns nullopt, but counts are
  // still kept (client_reports() stays inspectable).
  bool send_client_reports = true;
  // Sends per request, the first included, before a network failure is final and the request's
  // items are recorded as "network_error". Values below 1 count as 1 (never retry).
  int max_attempts = 3;
  // Seconds before the first retry; each later retry waits twice as long as the one before,
  // never more than retry_max_delay. Negative or non-finite values count as 0.
  double retry_initial_delay = 1.0;
  double retry_max_delay = 30.0;
  // Requests prepared and not yet answered that the state remembers. A host that never reports
  // back would otherwise grow this forever; past the cap the oldest is forgotten and its fate
  // goes unreported. Values below 1 count as 1.
  std::size_t max_pending = 256;
};

struct PreparedRequest {
  std::uint64_t id = 0;  // pass back to on_response / on_network_error
  std::string url;
  // Only Content-Type: text/plain;charset=UTF-8. A CORS "simple" content type means browsers send
  // no preflight; Relay reads the body as an envelope whatever the type says.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::vector<DataCategory> categories;  // one per item in the body, in order
};

struct RetryDecision {
  bool retry = false;
  double retry_at = 0;  // Unix seconds at which to resend the same body, when retry
  int attempt = 0;      // which send that will be (2 = first retry); attempts made when !retry
};

class TransportState {
 public:
  TransportState(Dsn dsn, std::string sdk_name, std::string sdk_version,
                 TransportOptions options = {});

  // Drops items whose category is rate limited (counting them as "ratelimit_backoff"), stamps
  // sent_at (and the DSN when tunnelling) into the envelope header, appends pending client
  // reports as a `client_report` item unless the "internal" category is limited, and returns the
  // request. nullopt when no item of the envelope survives; pending client reports then wait
  // for the next envelope or prepare_client_reports().
  std::optional<PreparedRequest> prepare(Envelope envelope, double now);
  // An envelope holding only the pending client reports (for a periodic flush or page hide);
  // nullopt when there are none, they are disabled, or "internal" is rate limited.
  std::optional<PreparedRequest> prepare_client_reports(double now);

  // The host got an HTTP response. Rate limits are updated from it whether or not `id` is
  // known. 2xx: delivered. 429: nothing is recorded, as Sentry's rules require (Relay already
  // counted the drop). Any other status the host could read (1xx, 3xx, 4xx including 413, 5xx):
  // the items are gone for good and recorded as "send_error". status <= 0 means the host could
  // not read the status (an opaque response): treated as delivered.
  void on_response(std::uint64_t id, int status, std::string_view x_sentry_rate_limits,
                   std::string_view retry_after, double now);
  // The request failed without a response. Says when to resend the same body, with exponential
  // backoff; once max_attempts sends have failed (or the id is unknown) it says not to retry and
  // the items are recorded as "network_error".
  RetryDecision on_network_error(std::uint64_t id, double now);

  // Records a discard made elsewhere in the SDK (sampling, before_send, queue overflow...).
  void record_discard(std::string_view reason, DataCategory category, std::uint64_t quantity = 1) {
    reports_.record(reason, category, quantity);
  }
  ClientReports& client_reports() { return reports_; }
  const RateLimits& rate_limits() const { return limits_; }
  const Dsn& dsn() const { return dsn_; }
  const std::string& url() const { return url_; }

  std::size_t pending_count() const { return pending_.size(); }
  // Sends made so far for a pending request; 0 when the id is not pending.
  int attempts(std::uint64_t id) const;

 private:
  struct Pending {
    std::uint64_t id;
    int attempts;
    // What losing the request costs, client reports excluded: a lost report of losses is not
    // itself reported, which would loop.
    std::vector<CategoryCount> counts;
  };
  std::optional<PreparedRequest> finish(Envelope envelope, double now);
  std::size_t index_of(std::uint64_t id) const;  // pending_.size() when absent
  Pending* find(std::uint64_t id);
  void forget(std::uint64_t id);

  Dsn dsn_;
  std::string url_;
  TransportOptions options_;
  RateLimits limits_;
  ClientReports reports_;
  std::vector<Pending> pending_;  // ascending ids
  std::uint64_t next_id_ = 1;
};

}  // namespace vigil
