#include "core/tracer.h"

#include <algorithm>
#include <cmath>

#include "core/sampler.h"
#include "core/trace_headers.h"

namespace vigil {
namespace {

constexpr std::string_view kSources[] = {"custom", "url", "route", "view", "component", "task"};
constexpr std::string_view kUnlabeled = "<unlabeled transaction>";

// Ids from a Random that happens to yield zeros must still be valid (W3C forbids all-zero).
std::string make_id(Random& random, std::size_t bytes) {
  std::string id = random_hex(random, bytes);
  if (id.find_first_not_of('0') == std::string::npos) id.back() = '1';
  return id;
}

double six_decimals(double v) {
  auto parsed = parse_dsc_number(format_sample_rand(v));
  return parsed ? *parsed : 0;
}

// A sample_rand for a trace that arrived without one. With a known parent decision and rate it
// is drawn from the part of [0, 1) that reproduces that decision, so a downstream sampler
// re-deciding with the same rate agrees with the head.
double draw_sample_rand(Random& random, std::optional<bool> parent_sampled,
                        std::optional<double> parent_rate) {
  const double r = random.next_double();
  if (!parent_sampled || !parent_rate || !is_valid_sample_rate(*parent_rate)) return six_decimals(r);
  const double rate = *parent_rate;
  if (*parent_sampled) return six_decimals(r * rate);  // truncation only moves it further below
  double v = six_decimals(rate + r * (1 - rate));
  if (v < rate) v = six_decimals(std::min(std::ceil(rate * 1e6 - 1e-6) / 1e6, 0.999999));
  return v;
}

std::string source_or_custom(std::string_view source) {
  return std::string(is_transaction_source(source) ? source : std::string_view("custom"));
}

std::string name_or_unlabeled(std::string_view name) {
  return std::string(name.empty() ? kUnlabeled : name);
}

}  // namespace

bool is_transaction_source(std::string_view source) {
  return std::find(std::begin(kSources), std::end(kSources), source) != std::end(kSources);
}

std::optional<IncomingTrace> parse_incoming_trace(std::string_view sentry_trace,
                                                  std::string_view baggage) {
  auto header = parse_sentry_trace(sentry_trace);
  if (!header) return std::nullopt;
  IncomingTrace in;
  in.trace_id = header->trace_id;
  in.parent_span_id = header->span_id;
  in.parent_sampled = header->sampled;
  in.dsc = DynamicSamplingContext::from_baggage(baggage);
  if (in.dsc && !in.dsc->trace_id.empty()) {
    // A DSC naming another trace describes some other head; sampling by it would be wrong.
    std::string id = in.dsc->trace_id;
    for (char& c : id) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (id != in.trace_id) in.dsc.reset();
  }
  return in;
}

Value make_sampling_context(std::string_view name, std::string_view op, std::string_view source,
                            const IncomingTrace* incoming) {
  Value ctx = Value::object();
  ctx["name"] = name_or_unlabeled(name);
  Value& attributes = ctx["attributes"];
  attributes = Value::object();
  if (!op.empty()) attributes["sentry.op"] = op;
  attributes["sentry.source"] = source_or_custom(source);
  Value& tc = ctx["transactionContext"];
  tc = Value::object();
  tc["name"] = name_or_unlabeled(name);
  if (!op.empty()) tc["op"] = op;
  if (incoming) {
    if (incoming->parent_sampled) ctx["parentSampled"] = *incoming->parent_sampled;
    if (incoming->dsc && incoming->dsc->sample_rate) {
      ctx["parentSampleRate"] = *incoming->dsc->sample_rate;
    }
  }
  return ctx;
}

Tracer::Tracer(Random& random, TracerConfig config) : random_(random), config_(std::move(config)) {}

SpanHandle Tracer::allocate_handle() {
  // Handles are not reused while live; after 2^32 allocations the counter wraps past them.
  while (next_handle_ == kNoSpan || nodes_.count(next_handle_)) ++next_handle_;
  return next_handle_++;
}

Tracer::Node* Tracer::find_node(SpanHandle h) {
  auto it = nodes_.find(h);
  return it == nodes_.end() ? nullptr : &it->second;
}

const Tracer::Node* Tracer::find_node(SpanHandle h) const {
  auto it = nodes_.find(h);
  return it == nodes_.end() ? nullptr : &it->second;
}

Tracer::Node* Tracer::find_mutable_recording(SpanHandle h) {
  Node* n = find_node(h);
  if (!n || !n->recorded || n->span.finished()) return nullptr;
  return n;
}

Tracer::Transaction* Tracer::find_transaction_of(SpanHandle h) {
  const Node* n = find_node(h);
  if (!n) return nullptr;
  auto it = transactions_.find(n->root);
  return it == transactions_.end() ? nullptr : &it->second;
}

SpanHandle Tracer::start_transaction(std::string_view name, std::string_view op,
                                     std::string_view source, double now,
                                     const IncomingTrace* incoming,
                                     const SamplingInputs& sampling) {
  if (!std::isfinite(now) || nodes_.size() >= config_.max_open_spans) return kNoSpan;

  Transaction t;
  t.name = name_or_unlabeled(name);
  t.source = source_or_custom(source);
  t.measurements = Value::object();

  Node root;
  std::optional<bool> parent_sampled;
  std::optional<double> parent_rate;
  if (incoming && is_valid_trace_id(incoming->trace_id) &&
      is_valid_span_id(incoming->parent_span_id)) {
    root.span.trace_id = incoming->trace_id;
    root.span.parent_span_id = incoming->parent_span_id;
    parent_sampled = incoming->parent_sampled;
    t.dsc_frozen = true;  // the head decided; frozen even when it sent nothing (older SDKs)
    if (incoming->dsc) {
      t.dsc = *incoming->dsc;
      parent_rate = t.dsc.sample_rate;
    }
  } else {
    root.span.trace_id = make_id(random_, 16);
  }
  root.span.span_id = make_id(random_, 8);

  if (t.dsc_frozen && t.dsc.sample_rand) {
    t.sample_rand = *t.dsc.sample_rand;
  } else {
    t.sample_rand = draw_sample_rand(random_, parent_sampled, parent_rate);
    // An incoming DSC without sample_rand gains ours so services below us agree with us.
    if (t.dsc_frozen && incoming && incoming->dsc) t.dsc.sample_rand = t.sample_rand;
  }

  t.tracing_enabled = sampling.sampler_rate || sampling.traces_sample_rate;
  bool sampled = false;
  if (!t.tracing_enabled) {
    t.propagated_sampled = parent_sampled;  // pass the head's decision on untouched
  } else if (sampling.sampler_rate) {
    sampled = sample_with_draw(*sampling.sampler_rate, t.sample_rand).keep;
    t.sample_rate = *sampling.sampler_rate;
  } else if (parent_sampled) {
    sampled = *parent_sampled;
    t.sample_rate = parent_rate;
  } else {
    sampled = sample_with_draw(*sampling.traces_sample_rate, t.sample_rand).keep;
    t.sample_rate = *sampling.traces_sample_rate;
  }
  if (t.tracing_enabled) t.propagated_sampled = sampled;
  if (t.sample_rate && !is_valid_sample_rate(*t.sample_rate)) t.sample_rate.reset();

  root.span.op = std::string(op);
  root.span.start_timestamp = now;
  root.span.sampled = sampled;
  root.recorded = sampled;

  SpanHandle h = allocate_handle();
  root.root = h;
  nodes_.emplace(h, std::move(root));
  transactions_.emplace(h, std::move(t));
  return h;
}

SpanHandle Tracer::start_child(SpanHandle parent, std::string_view op,
                               std::string_view description, double now) {
  const Node* p = find_node(parent);
  if (!p || !std::isfinite(now) || nodes_.size() >= config_.max_open_spans) return kNoSpan;
  auto tit = transactions_.find(p->root);
  if (tit == transactions_.end()) return kNoSpan;
  Transaction& t = tit->second;

  Node child;
  child.root = p->root;
  child.span.trace_id = p->span.trace_id;
  child.span.parent_span_id = p->span.span_id;
  child.span.span_id = make_id(random_, 8);
  child.span.op = std::string(op);
  child.span.description = std::string(description);
  child.span.start_timestamp = now;
  child.span.sampled = p->span.sampled;
  // A child of a dropped span stays dropped: recorded, it would point at a parent the payload
  // does not hold.
  const bool room = t.recorded_children.size() < config_.max_spans;
  child.recorded = p->recorded && room;
  if (p->recorded && !room) ++t.dropped;
  if (p->span.sampled && !p->recorded) ++t.dropped;
  ++t.children_started;

  SpanHandle h = allocate_handle();
  if (child.recorded) {
    t.recorded_children.push_back(h);
  } else {
    t.unrecorded_open.insert(h);
  }
  nodes_.emplace(h, std::move(child));
  return h;
}

bool Tracer::set_status(SpanHandle h, std::string_view status) {
  Node* n = find_mutable_recording(h);
  if (!n || !is_span_status(status)) return false;
  n->span.status = std::string(status);
  return true;
}

bool Tracer::set_http_status(SpanHandle h, int http_status) {
  Node* n = find_mutable_recording(h);
  if (!n) return false;
  n->span.status = std::string(span_status_from_http(http_status));
  n->span.data["http.response.status_code"] = http_status;
  return true;
}

bool Tracer::set_data(SpanHandle h, std::string_view key, Value value) {
  Node* n = find_mutable_recording(h);
  if (!n || key.empty()) return false;
  n->span.data[key] = std::move(value);
  return true;
}

bool Tracer::set_origin(SpanHandle h, std::string_view origin) {
  Node* n = find_mutable_recording(h);
  if (!n || origin.empty()) return false;
  n->span.origin = std::string(origin);
  return true;
}

bool Tracer::set_description(SpanHandle h, std::string_view description) {
  Node* n = find_mutable_recording(h);
  if (!n) return false;
  n->span.description = std::string(description);
  return true;
}

bool Tracer::set_name(SpanHandle h, std::string_view name, std::string_view source) {
  Transaction* t = find_transaction_of(h);
  if (!t || name.empty()) return false;
  t->name = std::string(name);
  t->source = source_or_custom(source);
  return true;
}

bool Tracer::set_measurement(SpanHandle h, std::string_view name, double value,
                             std::string_view unit) {
  Transaction* t = find_transaction_of(h);
  if (!t || name.empty() || !std::isfinite(value)) return false;
  Value m = Value::object();
  m["value"] = value;
  if (!unit.empty()) m["unit"] = unit;
  t->measurements[name] = std::move(m);
  return true;
}

bool Tracer::set_replay_id(SpanHandle h, std::string_view replay_id) {
  Transaction* t = find_transaction_of(h);
  if (!t || t->dsc_frozen) return false;
  if (replay_id.empty()) {
    t->replay_id.reset();
  } else {
    t->replay_id = std::string(replay_id);
  }
  return true;
}

const DynamicSamplingContext& Tracer::frozen_dsc(Transaction& t, const Node& root) {
  if (t.dsc_frozen) return t.dsc;
  // This SDK is the head of the trace: the DSC is ours to write, once.
  DynamicSamplingContext& d = t.dsc;
  d.trace_id = root.span.trace_id;
  d.public_key = config_.public_key;
  d.release = config_.release;
  d.environment = config_.environment;
  // URL names are high-cardinality and may hold personal data; Sentry leaves them out.
  if (t.source != "url") d.transaction = t.name;
  if (t.tracing_enabled) {
    d.sample_rate = t.sample_rate;
    d.sampled = t.propagated_sampled;
  }
  d.sample_rand = t.sample_rand;
  d.replay_id = t.replay_id;
  t.dsc_frozen = true;
  return d;
}

std::optional<TraceHeaders> Tracer::trace_headers_for(SpanHandle h,
                                                      std::string_view existing_baggage) {
  const Node* n = find_node(h);
  if (!n) return std::nullopt;
  auto tit = transactions_.find(n->root);
  const Node* root = find_node(n->root);
  if (tit == transactions_.end() || !root) return std::nullopt;
  const DynamicSamplingContext& dsc = frozen_dsc(tit->second, *root);
  TraceHeaders out;
  out.sentry_trace =
      format_sentry_trace(n->span.trace_id, n->span.span_id, tit->second.propagated_sampled);
  out.baggage = merge_baggage(existing_baggage, dsc.to_baggage_entries());
  return out;
}

std::optional<Value> Tracer::trace_context_for(SpanHandle h) const {
  const Node* n = find_node(h);
  if (!n) return std::nullopt;
  Value v = Value::object();
  v["trace_id"] = n->span.trace_id;
  v["span_id"] = n->span.span_id;
  if (!n->span.parent_span_id.empty()) v["parent_span_id"] = n->span.parent_span_id;
  return v;
}

std::optional<DynamicSamplingContext> Tracer::dsc_for(SpanHandle h) {
  const Node* n = find_node(h);
  if (!n) return std::nullopt;
  auto tit = transactions_.find(n->root);
  const Node* root = find_node(n->root);
  if (tit == transactions_.end() || !root) return std::nullopt;
  return frozen_dsc(tit->second, *root);
}

std::optional<Span> Tracer::span(SpanHandle h) const {
  const Node* n = find_node(h);
  if (!n) return std::nullopt;
  return n->span;
}

bool Tracer::is_recording(SpanHandle h) const {
  const Node* n = find_node(h);
  return n && n->recorded && !n->span.finished();
}

SpanHandle Tracer::root_of(SpanHandle h) const {
  const Node* n = find_node(h);
  return n ? n->root : kNoSpan;
}

EndResult Tracer::end(SpanHandle h, double now) {
  EndResult result;
  Node* n = find_node(h);
  if (!n) return result;  // unknown_handle
  if (n->span.finished()) {
    result.status = EndStatus::already_ended;
    return result;
  }
  if (!std::isfinite(now)) {
    result.status = EndStatus::invalid_time;
    return result;
  }
  const double end_time = std::max(now, n->span.start_timestamp);
  result.status = EndStatus::ended;
  if (n->root == h) {
    result.transaction = finish(h, end_time);
    return result;
  }
  if (!n->recorded) {
    auto tit = transactions_.find(n->root);
    if (tit != transactions_.end()) tit->second.unrecorded_open.erase(h);
    nodes_.erase(h);
    return result;
  }
  n->span.timestamp = end_time;
  if (n->span.status.empty()) n->span.status = "ok";
  return result;
}

FinishedTransaction Tracer::finish(SpanHandle root_handle, double end_time) {
  FinishedTransaction out;
  // end() found the root; its transaction exists for as long as the root node does.
  Transaction& t = transactions_.find(root_handle)->second;
  Node& root = nodes_.find(root_handle)->second;
  root.span.timestamp = end_time;
  if (root.span.status.empty()) root.span.status = "ok";

  out.sampled = root.recorded;
  out.sample_rate_discard = t.tracing_enabled && !root.recorded;
  out.dsc = frozen_dsc(t, root);
  out.span_count = 1 + (root.recorded ? t.recorded_children.size() : t.children_started);
  out.dropped_spans = root.recorded ? t.dropped : 0;

  if (root.recorded) {
    Value spans = Value::array();
    spans.array_ref().reserve(t.recorded_children.size());
    for (SpanHandle ch : t.recorded_children) {
      Span& s = nodes_.find(ch)->second.span;  // recorded children live until the root ends
      if (!s.finished()) {
        s.timestamp = std::max(end_time, s.start_timestamp);
        s.status = "cancelled";
      }
      spans.push_back(s.to_value());
    }

    Value trace = root.span.to_trace_context();
    Value& data = trace["data"];
    if (!data.find("sentry.source")) data["sentry.source"] = t.source;
    if (t.sample_rate && !data.find("sentry.sample_rate")) {
      data["sentry.sample_rate"] = *t.sample_rate;
    }

    Value ev = Value::object();
    ev["event_id"] = uuid4_hex(random_);
    ev["type"] = "transaction";
    ev["transaction"] = t.name;
    Value& info = ev["transaction_info"];
    info = Value::object();
    info["source"] = t.source;
    ev["start_timestamp"] = root.span.start_timestamp;
    ev["timestamp"] = end_time;
    Value& contexts = ev["contexts"];
    contexts = Value::object();
    contexts["trace"] = std::move(trace);
    ev["spans"] = std::move(spans);
    if (!t.measurements.empty()) ev["measurements"] = t.measurements;
    out.event = std::move(ev);
  }

  for (SpanHandle ch : t.recorded_children) nodes_.erase(ch);
  for (SpanHandle ch : t.unrecorded_open) nodes_.erase(ch);
  nodes_.erase(root_handle);
  transactions_.erase(root_handle);
  return out;
}

std::optional<Envelope> make_transaction_envelope(const FinishedTransaction& transaction) {
  if (!transaction.sampled || !transaction.event.is_object()) return std::nullopt;
  Envelope env = make_envelope();
  const std::string& id = transaction.event.get("event_id").as_string();
  if (!id.empty()) set_event_id(env.headers, id);
  apply_trace_header(env.headers, transaction.dsc);
  env.items.push_back(make_json_item("transaction", transaction.event));
  return env;
}

bool apply_trace_header(Value& envelope_headers, const DynamicSamplingContext& dsc) {
  if (!dsc_is_sendable(dsc)) return false;
  set_trace(envelope_headers, dsc.to_value());
  return true;
}

}  // namespace vigil
