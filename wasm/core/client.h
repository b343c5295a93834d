#pragma once
// The capture pipeline every runtime shares. The host turns its native error into a plain
// description (type, message, stack text, cause chain), and the client does the rest: frames,
// scope, filters, sampling, normalisation, the size cap, the envelope and transport policy.
// It is split in two at beforeSend, the one step that must run user code in the host:
//   prepare()  -> the event the user's beforeSend sees (or why it was dropped)
//   send()     -> the request to make, after beforeSend returned the event
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/client_options.h"
#include "core/dedupe.h"
#include "core/event.h"
#include "core/random.h"
#include "core/scope.h"
#include "core/session.h"
#include "core/tracer.h"
#include "core/transport_state.h"

namespace vigil {

struct PrepareResult {
  bool keep = false;
  std::string drop_reason;  // a client-report reason when !keep
  std::string detail;       // why, for debug logging
  Value event;              // the event when keep
};

// prepare_event()'s answer: the same, with the event still typed.
struct PreparedEvent {
  bool keep = false;
  std::string drop_reason;
  std::string detail;
  Event event;  // the event when keep
};

class Client {
 public:
  Client(ClientOptionsResult options, std::uint64_t seed);

  const ClientOptions& options() const { return options_; }
  const std::vector<std::string>& warnings() const { return warnings_; }
  bool can_send() const { return options_.dsn_ok; }

  // The scope stack behind withScope: push copies the current scope, pop returns to it.
  Scope& scope() { return scopes_.back(); }
  void push_scope() { scopes_.push_back(scopes_.back()); }
  bool pop_scope();  // false (and no change) at the bottom

  // An error event from a host error description:
  //   {"type":"TypeError","value":"x is undefined","stack":"<Error.stack text>",
  //    "mechanism":{"type":"onerror","handled":false}, "cause":{...same shape...}}
  // Causes become linked exceptions (oldest first, the thrown error last), at most 5 deep.
  Event event_from_error(const Value& error, double now);
  Event event_from_message(std::string message, Level level, double now);
  // A new event with a fresh id, for captureEvent() of a user-built event.
  Event event_from_value(const Value& event, double now);
  // Builds the event a host capture describes, in one call:
  //   {"kind":"error"|"message"|"event", "error":{...}, "message":"...", "level":"warning",
  //    "event_id":"<32 hex, chosen by the host so it can answer synchronously>",
  //    "event":{...fields merged over the built event: request, tags, extra, contexts...}}
  Event event_from_capture(const Value& capture, double now);

  // Applies defaults, inbound filters, sampling, the scope (current one, or `scope` when given)
  // and normalisation. A dropped event is recorded for client reports here.
  PrepareResult prepare(Event event, double now, const Scope* scope = nullptr);
  // The same, keeping the event typed: the capture path writes it to JSON directly
  // (write_event_json) instead of building its Value tree first.
  PreparedEvent prepare_event(Event event, double now, const Scope* scope = nullptr);
  // Encodes a prepared (maybe beforeSend-modified) event under the size cap and hands it to
  // the transport policy. nullopt when nothing is to be sent (rate limited, no DSN).
  std::optional<PreparedRequest> send(Value event, double now, SpanHandle span = kNoSpan);
  // send() for an event prepare_event() kept; the same request as send(event.to_value()).
  std::optional<PreparedRequest> send(Event event, double now, SpanHandle span = kNoSpan);
  // Records a discard decided by the host (beforeSend returned null, an event processor).
  void record_discard(std::string_view reason, DataCategory category, std::uint64_t quantity = 1);

  // Release health: one session per page load (or per Lambda invocation). Error events kept by
  // prepare() count against it; session_request() yields an update whenever it changed.
  bool start_session(std::string user_agent, double now);
  void end_session(double now);
  std::optional<PreparedRequest> session_request(double now);
  const Session& session() const { return session_; }

  // Tracing. A transaction starts from an incoming trace (sentry-trace + baggage, may be empty)
  // and the host's tracesSampler result when it has one; ending its root yields the request.
  SpanHandle start_transaction(std::string_view name, std::string_view op, std::string_view source,
                               double now, std::string_view sentry_trace, std::string_view baggage,
                               std::optional<double> sampler_rate);
  std::optional<PreparedRequest> end_span(SpanHandle span, double now);
  Tracer& tracer() { return tracer_; }

  TransportState& transport() { return transport_; }
  Random& random() { return random_; }
  const std::string& last_event_id() const { return last_event_id_; }

 private:
  bool filtered_out(const Event& event, std::string& detail) const;
  void apply_defaults(Event& event) const;
  void normalize_event(Event& event) const;
  // The request for an event payload already capped; shared by both send()s.
  std::optional<PreparedRequest> send_payload(std::string event_id, bool is_transaction,
                                              std::string payload, double now, SpanHandle span);

  ClientOptions options_;
  std::vector<std::string> warnings_;
  Xoshiro256 random_;
  Tracer tracer_;
  std::vector<Scope> scopes_;
  TransportState transport_;
  std::string last_event_id_;
  Deduper deduper_;
  Session session_;
};

}  // namespace vigil
