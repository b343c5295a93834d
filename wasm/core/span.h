#pragma once
// One span of a trace, and its JSON as a transaction's `spans[]` entry or `contexts.trace`.
// Statuses are Sentry's span status names (the gRPC codes in snake_case); HTTP codes map onto
// them the way Sentry's SDKs map them, so a 404 fetch reads "not_found" in every SDK.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"

namespace vigil {

struct Span {
  std::string trace_id;        // 32 lowercase hex
  std::string span_id;         // 16 lowercase hex
  std::string parent_span_id;  // empty for the head of a trace
  std::string op;              // "pageload", "http.client", ...
  std::string description;
  std::string status;          // empty = not set yet; see is_span_status
  double start_timestamp = 0;  // Unix seconds
  std::optional<double> timestamp;  // end; absent while the span runs
  Value data;                  // attributes: null or an object
  std::string origin = "manual";  // "manual", "auto.http.browser", ...
  bool sampled = false;

  bool finished() const { return timestamp.has_value(); }

  // Sentry's span JSON: {"trace_id","span_id","parent_span_id","op","description","status",
  // "start_timestamp","timestamp","data","origin"}. Empty strings and null data are left out;
  // an unfinished span has no "timestamp".
  Value to_value() const;
  // The `contexts.trace` object of a transaction: the same fields minus description and the
  // timestamps (the transaction event carries those).
  Value to_trace_context() const;
};

// The names Relay knows: ok, cancelled, unknown, unknown_error, invalid_argument,
// deadline_exceeded, not_found, already_exists, permission_denied, resource_exhausted,
// failed_precondition, aborted, out_of_range, unimplemented, internal_error, unavailable,
// data_loss, unauthenticated.
bool is_span_status(std::string_view status);

// HTTP status -> span status: < 400 ok; 401 unauthenticated, 403 permission_denied,
// 404 not_found, 409 already_exists, 413 failed_precondition, 429 resource_exhausted,
// 499 cancelled, other 4xx invalid_argument; 501 unimplemented, 503 unavailable,
// 504 deadline_exceeded, other 5xx internal_error; anything else (0, negative, >= 600)
// unknown_error.
std::string_view span_status_from_http(int http_status);

}  // namespace vigil
