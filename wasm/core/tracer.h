#pragma once
// The span tree and the transaction it becomes. The host (JavaScript) holds spans as small
// numeric handles and calls in with the clock reading; the Tracer draws ids and sampling
// randomness from the injected Random, so a test can replay any trace exactly.
//
// Lifecycle: start_transaction() makes a root span; start_child() hangs spans below any span of
// that transaction; end() on a child records it, end() on the root turns the whole tree into a
// transaction event (or, unsampled, into nothing but counts for client reports) and forgets
// every handle of that transaction.
//
// Choices worth knowing:
// - Children still open when the root ends are ended at the root's end time with status
//   "cancelled": they did not finish, whatever the reason. (Sentry's idle transactions write
//   "deadline_exceeded" for spans cut by the idle timeout; this tracer does not know why the
//   root ended, so it does not claim a timeout.) Ending such a child afterwards is an
//   unknown_handle no-op.
// - At most TracerConfig::max_spans children are recorded per transaction; the rest (and their
//   descendants) still get ids and propagate, but are counted in dropped_spans for a
//   "buffer_overflow" client report of category "span".
// - A span that ends before it started (clock skew) ends at its start.
// - Sampling order: no tracesSampleRate and no tracesSampler means tracing is off (nothing is
//   recorded and nothing is reported as discarded, but trace ids still propagate); otherwise the
//   tracesSampler's result decides, else an incoming parent decision is inherited, else
//   tracesSampleRate decides. Every rate is applied against the trace's sample_rand.
// - The DSC freezes the first time it leaves the tracer (trace_headers_for, dsc_for, or the
//   root's end). An incoming DSC is frozen from the start.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/dynamic_sampling_context.h"
#include "core/envelope.h"
#include "core/json.h"
#include "core/random.h"
#include "core/span.h"

namespace vigil {

using SpanHandle = std::uint32_t;
inline constexpr SpanHandle kNoSpan = 0;  // what a failed start returns; every call rejects it
inline constexpr std::size_t kMaxSpansPerTransaction = 1000;

// The transaction_info.source values Sentry knows; anything else becomes "custom".
bool is_transaction_source(std::string_view source);

// A trace continued from a peer (sentry-trace + baggage of an incoming request, or the
// <meta name="sentry-trace"> / <meta name="baggage"> tags a server rendered into the page).
struct IncomingTrace {
  std::string trace_id;        // 32 lowercase hex
  std::string parent_span_id;  // 16 lowercase hex
  std::optional<bool> parent_sampled;
  // The head's DSC. nullopt when the peer sent no sentry- baggage (an older SDK) or a DSC of
  // another trace; the trace then carries no DSC, as Sentry's SDKs treat it as frozen empty.
  std::optional<DynamicSamplingContext> dsc;
};

// nullopt when sentry-trace is missing or malformed: baggage alone does not continue a trace.
std::optional<IncomingTrace> parse_incoming_trace(std::string_view sentry_trace,
                                                  std::string_view baggage);

struct SamplingInputs {
  std::optional<double> traces_sample_rate;  // tracesSampleRate; nullopt = not configured
  // The tracesSampler callback's result (true/false passed as 1/0); nullopt when there is no
  // sampler or it returned undefined.
  std::optional<double> sampler_rate;
};

// The argument for the host's tracesSampler callback: {"name", "attributes":{"sentry.op",
// "sentry.source"}, "transactionContext":{"name","op"}, "parentSampled"?, "parentSampleRate"?}.
// The host adds inheritOrSampleWith, a function.
Value make_sampling_context(std::string_view name, std::string_view op, std::string_view source,
                            const IncomingTrace* incoming);

struct TracerConfig {
  // Head-of-trace DSC fields, from the DSN and the client options.
  std::string public_key;
  std::string release;
  std::string environment;
  std::size_t max_spans = kMaxSpansPerTransaction;  // recorded children per transaction
  // Live handles across all transactions. A host that never ends its spans must not grow memory
  // without bound: past this, start_* returns kNoSpan.
  std::size_t max_open_spans = 20000;
};

struct TraceHeaders {
  std::string sentry_trace;
  std::string baggage;  // may be empty (tracing off with no incoming DSC and nothing to merge)
};

enum class EndStatus {
  ended,
  unknown_handle,  // never issued, kNoSpan, or already forgotten (its root ended)
  already_ended,   // a recorded child ended twice; the first end stands
  invalid_time,    // NaN or infinite clock reading; the span stays open
};

struct FinishedTransaction {
  bool sampled = false;
  // Tracing was on and the sampling decision dropped it: record "sample_rate" discards for
  // one "transaction" and span_count "span".
  bool sample_rate_discard = false;
  Value event;  // the transaction event when sampled, else null
  DynamicSamplingContext dsc;  // the envelope header "trace"; see apply_trace_header
  std::uint64_t span_count = 0;     // the transaction itself plus its recorded children
  std::uint64_t dropped_spans = 0;  // children over max_spans: "buffer_overflow", "span"
};

struct EndResult {
  EndStatus status = EndStatus::unknown_handle;
  std::optional<FinishedTransaction> transaction;  // set when a root ended
};

class Tracer {
 public:
  // `random` must outlive the tracer (the Client owns both).
  Tracer(Random& random, TracerConfig config);

  // A new root span. source is transaction_info.source ("url", "route", "custom", ...). kNoSpan
  // when `now` is not finite or the handle budget is spent.
  SpanHandle start_transaction(std::string_view name, std::string_view op, std::string_view source,
                               double now, const IncomingTrace* incoming,
                               const SamplingInputs& sampling);
  // A child of any live span (ended or not) of an open transaction. kNoSpan for an unknown
  // parent, a non-finite `now`, or a spent handle budget.
  SpanHandle start_child(SpanHandle parent, std::string_view op, std::string_view description,
                         double now);

  // Setters return false for unknown handles, ended spans, unrecorded (no-op) spans and invalid
  // arguments, and change nothing then.
  bool set_status(SpanHandle span, std::string_view status);  // must pass is_span_status
  // The status span_status_from_http gives, plus data "http.response.status_code".
  bool set_http_status(SpanHandle span, int http_status);
  bool set_data(SpanHandle span, std::string_view key, Value value);  // key must be non-empty
  bool set_origin(SpanHandle span, std::string_view origin);
  bool set_description(SpanHandle span, std::string_view description);
  // Renames the transaction `span` belongs to. A frozen DSC keeps the old name.
  bool set_name(SpanHandle span, std::string_view name, std::string_view source);
  // measurements[name] = {value, unit}; on the transaction `span` belongs to. value must be
  // finite; an empty unit is left out.
  bool set_measurement(SpanHandle span, std::string_view name, double value,
                       std::string_view unit);
  // The replay this trace belongs to, for the DSC; ignored (false) once the DSC is frozen.
  bool set_replay_id(SpanHandle span, std::string_view replay_id);

  EndResult end(SpanHandle span, double now);

  // Headers for an outgoing request made while `span` is active. existing_baggage is the
  // request's own baggage header, whose third-party members are kept. Freezes the DSC.
  std::optional<TraceHeaders> trace_headers_for(SpanHandle span,
                                                std::string_view existing_baggage = {});
  // contexts.trace for an error captured while `span` is active: {trace_id, span_id,
  // parent_span_id?}, so the error joins the trace.
  std::optional<Value> trace_context_for(SpanHandle span) const;
  // The DSC for an envelope sent while `span` is active (error events too). Freezes it.
  std::optional<DynamicSamplingContext> dsc_for(SpanHandle span);

  // Inspection, for the host and tests.
  std::optional<Span> span(SpanHandle span) const;  // a copy; timestamp set once ended
  bool is_recording(SpanHandle span) const;         // live, unended and part of a payload
  SpanHandle root_of(SpanHandle span) const;        // kNoSpan when unknown
  std::size_t open_transactions() const { return transactions_.size(); }
  std::size_t live_handles() const { return nodes_.size(); }
  const TracerConfig& config() const { return config_; }

 private:
  struct Node {
    SpanHandle root = kNoSpan;
    Span span;
    bool recorded = false;
  };
  struct Transaction {
    std::string name;
    std::string source;
    std::vector<SpanHandle> recorded_children;      // in start order
    std::set<SpanHandle> unrecorded_open;  // released at end, or at the root's end
    DynamicSamplingContext dsc;
    bool dsc_frozen = false;
    std::optional<std::string> replay_id;
    bool tracing_enabled = false;
    std::optional<bool> propagated_sampled;  // the sentry-trace flag
    std::optional<double> sample_rate;       // the rate that decided, when one did
    double sample_rand = 0;
    Value measurements;
    std::uint64_t children_started = 0;
    std::uint64_t dropped = 0;
  };

  SpanHandle allocate_handle();
  Node* find_node(SpanHandle h);
  const Node* find_node(SpanHandle h) const;
  Node* find_mutable_recording(SpanHandle h);
  Transaction* find_transaction_of(SpanHandle h);
  const DynamicSamplingContext& frozen_dsc(Transaction& t, const Node& root);
  FinishedTransaction finish(SpanHandle root_handle, double end_time);

  Random& random_;
  TracerConfig config_;
  // Ordered containers, not hashed ones: the Wasm core already carries the tree code for
  // std::map, while hashing would add its own (several KB); a few hundred spans at most.
  std::map<SpanHandle, Node> nodes_;
  std::map<SpanHandle, Transaction> transactions_;  // keyed by root handle
  SpanHandle next_handle_ = 1;
};

// The envelope for a finished transaction: header event_id and, when the DSC is sendable,
// trace; one "transaction" item. nullopt when it was not sampled. The client adds sdk, sent_at
// and dsn. Transactions never share an envelope with error events.
std::optional<Envelope> make_transaction_envelope(const FinishedTransaction& transaction);
// Sets the envelope header "trace" from the DSC when it has trace_id and public_key (Relay
// rejects it otherwise); returns whether it did. For error envelopes as well.
bool apply_trace_header(Value& envelope_headers, const DynamicSamplingContext& dsc);

}  // namespace vigil
