#include "core/span.h"

namespace vigil {
namespace {

constexpr std::string_view kStatuses[] = {
    "ok",           "cancelled",          "unknown",           "unknown_error",
    "invalid_argument", "deadline_exceeded", "not_found",      "already_exists",
    "permission_denied", "resource_exhausted", "failed_precondition", "aborted",
    "out_of_range", "unimplemented",      "internal_error",    "unavailable",
    "data_loss",    "unauthenticated",
};

void put_if(Value& v, std::string_view key, const std::string& s) {
  if (!s.empty()) v[key] = s;
}

void put_ids(Value& v, const Span& span) {
  put_if(v, "trace_id", span.trace_id);
  put_if(v, "span_id", span.span_id);
  put_if(v, "parent_span_id", span.parent_span_id);
  put_if(v, "op", span.op);
}

}  // namespace

bool is_span_status(std::string_view status) {
  for (auto s : kStatuses) {
    if (s == status) return true;
  }
  return false;
}

std::string_view span_status_from_http(int code) {
  if (code <= 0 || code >= 600) return "unknown_error";
  if (code < 400) return "ok";
  if (code < 500) {
    switch (code) {
      case 401: return "unauthenticated";
      case 403: return "permission_denied";
      case 404: return "not_found";
      case 409: return "already_exists";
      case 413: return "failed_precondition";
      case 429: return "resource_exhausted";
      case 499: return "cancelled";
      default: return "invalid_argument";
    }
  }
  switch (code) {
    case 501: return "unimplemented";
    case 503: return "unavailable";
    case 504: return "deadline_exceeded";
    default: return "internal_error";
  }
}

Value Span::to_value() const {
  Value v = Value::object();
  put_ids(v, *this);
  put_if(v, "description", description);
  put_if(v, "status", status);
  v["start_timestamp"] = start_timestamp;
  if (timestamp) v["timestamp"] = *timestamp;
  if (data.is_object() && !data.empty()) v["data"] = data;
  put_if(v, "origin", origin);
  return v;
}

Value Span::to_trace_context() const {
  Value v = Value::object();
  put_ids(v, *this);
  put_if(v, "status", status);
  if (data.is_object() && !data.empty()) v["data"] = data;
  put_if(v, "origin", origin);
  return v;
}

}  // namespace vigil
