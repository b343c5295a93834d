#pragma once
// The core as a host runtime drives it: every call takes strings (JSON for structured data) and
// numbers, and every answer is a number or one string, so the Wasm boundary (wasm/abi.cpp)
// stays a plain C interface with no per-field crossings and no binding library.
//
// Structured answers are written to `out` as JSON; an answer that carries a large payload (an
// envelope body, an event for beforeSend) is a one-line JSON head, "\n", then the payload as is,
// so the host decodes the bytes once and parses only the small head.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/client.h"

namespace vigil {

class HostClient {
 public:
  HostClient(std::string_view options_json, std::uint64_t seed);

  Client& client() { return client_; }

  // ["warning", ...]
  void warnings(std::string& out) const;
  bool can_send() const { return client_.can_send(); }
  void last_event_id(std::string& out) const { out = client_.last_event_id(); }

  // Scope calls act on the selected isolated scope, else the client's current one.
  void set_user(std::string_view json);
  void set_tag(std::string_view key, std::string_view value);
  void set_tags(std::string_view json);
  void set_context(std::string_view name, std::string_view json);
  void set_extra(std::string_view key, std::string_view json);
  void set_extras(std::string_view json);
  void set_level(std::string_view level);
  void add_breadcrumb(std::string_view json);
  void set_fingerprint(std::string_view json);
  void clear_breadcrumbs() { scope().clear_breadcrumbs(); }
  void push_scope() { client_.push_scope(); }
  bool pop_scope() { return client_.pop_scope(); }

  // Isolated scopes for runtimes that serve concurrent requests in one isolate (edge workers,
  // Node): each request forks a copy of the global scope and selects it with use_scope() before
  // its synchronous batch of calls; scope 0 is the global one.
  int fork_scope();
  void use_scope(int id);
  void drop_scope(int id);

  // One capture as Client::event_from_capture() reads it. Head:
  //   {"eventId":"..","dropped":"reason","detail":".."}            dropped
  //   {"eventId":"..","event":true} \n <event JSON>                keep_event (for beforeSend)
  //   {"eventId":"..","request":{id,url,headers}} \n <body>        sent at once
  //   {"eventId":".."}                                              nothing to send
  void capture(std::string_view capture_json, double now, bool keep_event, SpanHandle span,
               std::string& out);
  // The request for an event beforeSend returned: request head \n body, or "" for none.
  void send_event(std::string_view event_json, double now, SpanHandle span, std::string& out);

  // Tracing: spans are numeric handles owned by the core's tracer. sampler_rate is NaN when
  // the host has no tracesSampler or it returned nothing.
  SpanHandle start_transaction(std::string_view name, std::string_view op, std::string_view source,
                               double now, std::string_view sentry_trace, std::string_view baggage,
                               double sampler_rate);
  // The argument for the host's tracesSampler, as JSON.
  void sampling_context(std::string_view name, std::string_view op, std::string_view source,
                        std::string_view sentry_trace, std::string_view baggage, std::string& out);
  bool set_span_data(SpanHandle span, std::string_view key, std::string_view json);
  // Ends a span; ending a transaction's root writes its request ("" when unsampled).
  void end_span(SpanHandle span, double now, std::string& out);
  // {"sentryTrace":"..","baggage":".."} or "" for an unknown span.
  void trace_headers(SpanHandle span, std::string_view existing_baggage, std::string& out);
  // {traceId, spanId, parentSpanId, sampled, op, description, startTimestamp, ended} or "".
  void span_info(SpanHandle span, std::string& out);

  // The pending session update as a request, or "" when nothing changed.
  void take_session_update(double now, std::string& out);
  // {"retry":bool,"retryAt":seconds,"attempt":n}
  void on_network_error(std::uint64_t id, double now, std::string& out);
  void take_client_report(double now, std::string& out);

  // A request as the host sends it: {"id":n,"url":"..","headers":{..}} \n body.
  static void write_request(const PreparedRequest& request, std::string& out);

 private:
  Scope& scope();

  Client client_;
  std::map<int, Scope> isolated_;
  int active_scope_ = 0;
  int next_scope_id_ = 1;
};

}  // namespace vigil
