// The only Embind file. It exposes one class, CoreClient, whose calls take strings (JSON for
// structured data) and return plain JS objects, so each runtime's JS stays thin and a capture
// crosses the boundary once or twice, never once per field.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <map>
#include <vector>
#include <string>

#include "core/client.h"
#include "core/json.h"
#ifdef VIGIL_REPLAY
#include "replay/encoder.h"
#endif

namespace {

using emscripten::val;
using vigil::Value;

Value parse_or_null(const std::string& json) {
  vigil::ParseResult r = vigil::parse_json(json);
  return r.ok ? std::move(r.value) : Value();
}

std::uint64_t make_seed(double hi, double lo) {
  return (static_cast<std::uint64_t>(hi) << 32) ^ static_cast<std::uint64_t>(lo);
}

val request_to_js(const vigil::PreparedRequest& req) {
  val out = val::object();
  out.set("id", static_cast<double>(req.id));
  out.set("url", req.url);
  val headers = val::object();
  for (const auto& [name, value] : req.headers) headers.set(name, value);
  out.set("headers", headers);
  out.set("body", req.body);
  return out;
}

class CoreClient {
 public:
  CoreClient(const std::string& options_json, double seed_hi, double seed_lo)
      : client_(vigil::parse_client_options(parse_or_null(options_json)),
                make_seed(seed_hi, seed_lo)) {}

  val warnings() const {
    val out = val::array();
    for (const auto& w : client_.warnings()) out.call<void>("push", w);
    return out;
  }
  bool canSend() const { return client_.can_send(); }
  std::string lastEventId() const { return client_.last_event_id(); }

  void setUser(const std::string& json) { scope().set_user(parse_or_null(json)); }
  void setTag(const std::string& key, const std::string& value) { scope().set_tag(key, value); }
  void setTags(const std::string& json) { scope().set_tags(parse_or_null(json)); }
  void setContext(const std::string& name, const std::string& json) {
    scope().set_context(name, parse_or_null(json));
  }
  void setExtra(const std::string& key, const std::string& json) {
    scope().set_extra(key, parse_or_null(json));
  }
  void setExtras(const std::string& json) { scope().set_extras(parse_or_null(json)); }
  void setLevel(const std::string& level) { scope().set_level(vigil::level_from_string(level)); }
  void addBreadcrumb(const std::string& json) {
    scope().add_breadcrumb(vigil::Breadcrumb::from_value(parse_or_null(json)));
  }
  void setFingerprint(const std::string& json) {
    std::vector<std::string> parts;
    for (const Value& v : parse_or_null(json).as_array())
      if (v.is_string()) parts.push_back(v.as_string());
    scope().set_fingerprint(std::move(parts));
  }
  void clearBreadcrumbs() { scope().clear_breadcrumbs(); }
  void pushScope() { client_.push_scope(); }
  bool popScope() { return client_.pop_scope(); }

  // Isolated scopes for runtimes that serve concurrent requests in one isolate (edge workers,
  // Node): each request forks a copy of the global scope and selects it with useScope() before
  // its synchronous batch of calls; scope 0 is the global one.
  double forkScope() {
    const int id = next_scope_id_++;
    isolated_.emplace(id, scope());
    return id;
  }
  void useScope(double id) {
    const int key = static_cast<int>(id);
    active_scope_ = isolated_.count(key) ? key : 0;
  }
  void dropScope(double id) {
    const int key = static_cast<int>(id);
    isolated_.erase(key);
    if (active_scope_ == key) active_scope_ = 0;
  }

  // One capture, described as Client::event_from_capture() reads it. With keepEvent the
  // prepared event comes back as JSON for the host's beforeSend, which then calls sendEvent();
  // otherwise it is sent at once and the request comes back.
  // span: the span active at capture time (0 for none), whose trace the error joins.
  val capture(const std::string& capture_json, double now, bool keep_event, double span_handle) {
    Value capture = parse_or_null(capture_json);
    const auto span = static_cast<vigil::SpanHandle>(span_handle);
    if (span != vigil::kNoSpan) capture["span"] = static_cast<std::int64_t>(span);
    vigil::Event event = client_.event_from_capture(capture, now);
    std::string event_id = event.event_id;
    vigil::PrepareResult prepared = client_.prepare(std::move(event), now, &scope());
    val out = val::object();
    out.set("eventId", event_id);
    if (!prepared.keep) {
      out.set("dropped", prepared.drop_reason);
      out.set("detail", prepared.detail);
      return out;
    }
    if (keep_event) {
      out.set("event", vigil::to_json(prepared.event));
      return out;
    }
    if (auto req = client_.send(std::move(prepared.event), now, span))
      out.set("request", request_to_js(*req));
    return out;
  }

  // span: the span active at capture time (0 for none), so the envelope carries its trace.
  val sendEvent(const std::string& event_json, double now, double span) {
    auto req = client_.send(parse_or_null(event_json), now, static_cast<vigil::SpanHandle>(span));
    return req ? request_to_js(*req) : val::null();
  }

  // ---- tracing: spans are numeric handles owned by the core's tracer --------------------
  // sampler_rate: the host's tracesSampler result (NaN when it has none or it returned nothing).
  double startTransaction(const std::string& name, const std::string& op, const std::string& source,
                          double now, const std::string& sentry_trace, const std::string& baggage,
                          double sampler_rate) {
    std::optional<double> rate;
    if (sampler_rate == sampler_rate) rate = sampler_rate;
    return client_.start_transaction(name, op, source, now, sentry_trace, baggage, rate);
  }
  // The argument for the host's tracesSampler, as JSON.
  std::string samplingContext(const std::string& name, const std::string& op, const std::string& source,
                              const std::string& sentry_trace, const std::string& baggage) {
    auto incoming = vigil::parse_incoming_trace(sentry_trace, baggage);
    return vigil::to_json(vigil::make_sampling_context(name, op, source, incoming ? &*incoming : nullptr));
  }
  double startChild(double parent, const std::string& op, const std::string& description, double now) {
    return client_.tracer().start_child(static_cast<vigil::SpanHandle>(parent), op, description, now);
  }
  bool setSpanStatus(double span, const std::string& status) {
    return client_.tracer().set_status(static_cast<vigil::SpanHandle>(span), status);
  }
  bool setSpanHttpStatus(double span, int status) {
    return client_.tracer().set_http_status(static_cast<vigil::SpanHandle>(span), status);
  }
  bool setSpanData(double span, const std::string& key, const std::string& json) {
    return client_.tracer().set_data(static_cast<vigil::SpanHandle>(span), key, parse_or_null(json));
  }
  bool setSpanName(double span, const std::string& name, const std::string& source) {
    return client_.tracer().set_name(static_cast<vigil::SpanHandle>(span), name, source);
  }
  bool setSpanOrigin(double span, const std::string& origin) {
    return client_.tracer().set_origin(static_cast<vigil::SpanHandle>(span), origin);
  }
  bool setSpanDescription(double span, const std::string& description) {
    return client_.tracer().set_description(static_cast<vigil::SpanHandle>(span), description);
  }
  bool setMeasurement(double span, const std::string& name, double value, const std::string& unit) {
    return client_.tracer().set_measurement(static_cast<vigil::SpanHandle>(span), name, value, unit);
  }
  // Ends a span; ending a transaction's root returns its request (null when unsampled).
  val endSpan(double span, double now) {
    auto req = client_.end_span(static_cast<vigil::SpanHandle>(span), now);
    return req ? request_to_js(*req) : val::null();
  }
  val traceHeaders(double span, const std::string& existing_baggage) {
    auto h = client_.tracer().trace_headers_for(static_cast<vigil::SpanHandle>(span), existing_baggage);
    if (!h) return val::null();
    val out = val::object();
    out.set("sentryTrace", h->sentry_trace);
    out.set("baggage", h->baggage);
    return out;
  }
  val spanInfo(double span) {
    auto s = client_.tracer().span(static_cast<vigil::SpanHandle>(span));
    if (!s) return val::null();
    val out = val::object();
    out.set("traceId", s->trace_id);
    out.set("spanId", s->span_id);
    out.set("parentSpanId", s->parent_span_id);
    out.set("sampled", s->sampled);
    out.set("op", s->op);
    out.set("description", s->description);
    out.set("startTimestamp", s->start_timestamp);
    out.set("ended", s->finished());
    return out;
  }

  bool startSession(const std::string& user_agent, double now) {
    return client_.start_session(user_agent, now);
  }
  void endSession(double now) { client_.end_session(now); }
  // The pending session update as a request, or null when nothing changed.
  val takeSessionUpdate(double now) {
    auto req = client_.session_request(now);
    return req ? request_to_js(*req) : val::null();
  }

  void recordDiscard(const std::string& reason, const std::string& category, double quantity) {
    client_.record_discard(reason, vigil::data_category_from_string(category),
                           static_cast<std::uint64_t>(quantity));
  }

  void onResponse(double id, int status, const std::string& rate_limits,
                  const std::string& retry_after, double now) {
    client_.transport().on_response(static_cast<std::uint64_t>(id), status, rate_limits,
                                    retry_after, now);
  }
  val onNetworkError(double id, double now) {
    vigil::RetryDecision d = client_.transport().on_network_error(static_cast<std::uint64_t>(id), now);
    val out = val::object();
    out.set("retry", d.retry);
    out.set("retryAt", d.retry_at);
    out.set("attempt", d.attempt);
    return out;
  }
  val takeClientReport(double now) {
    auto req = client_.transport().prepare_client_reports(now);
    return req ? request_to_js(*req) : val::null();
  }
  bool isRateLimited(const std::string& category, double now) {
    return client_.transport().rate_limits().is_limited(vigil::data_category_from_string(category), now);
  }

 private:
  vigil::Scope& scope() {
    if (active_scope_ != 0) {
      auto it = isolated_.find(active_scope_);
      if (it != isolated_.end()) return it->second;
    }
    return client_.scope();
  }

  vigil::Client client_;
  std::map<int, vigil::Scope> isolated_;
  int active_scope_ = 0;
  int next_scope_id_ = 1;
};

#ifdef VIGIL_REPLAY
// The replay encoder (only in vigil-replay.wasm): JS observers hand it binary record batches (replay/record_format.h), one
// call per batch, and take rrweb events back as JSON.
class ReplayEncoder {
 public:
  explicit ReplayEncoder(const std::string& options_json)
      : encoder_(vigil::replay::parse_encoder_options(options_json)) {}

  // Copies the batch into Wasm memory once; JS never holds a raw pointer into it.
  val consumeBytes(const val& bytes) {
    const std::size_t n = bytes["length"].as<std::size_t>();
    buffer_.resize(n);
    val(emscripten::typed_memory_view(n, buffer_.data())).call<void>("set", bytes);
    vigil::replay::ConsumeResult r = encoder_.consume(buffer_.data(), n);
    val out = val::object();
    out.set("ok", r.ok);
    out.set("records", static_cast<double>(r.records));
    out.set("warnings", static_cast<double>(r.warnings));
    if (!r.ok) out.set("error", r.error);
    return out;
  }
  std::string takeEventsJson() { return encoder_.take_events_json(); }
  double pendingBytes() const { return static_cast<double>(encoder_.pending_bytes()); }
  double pendingEvents() const { return static_cast<double>(encoder_.pending_events()); }
  double mirrorSize() const { return static_cast<double>(encoder_.mirror().size()); }

 private:
  vigil::replay::Encoder encoder_;
  std::vector<std::uint8_t> buffer_;
};
#endif  // VIGIL_REPLAY

}  // namespace

EMSCRIPTEN_BINDINGS(vigil_core) {
#ifdef VIGIL_REPLAY
  emscripten::class_<ReplayEncoder>("ReplayEncoder")
      .constructor<const std::string&>()
      .function("consumeBytes", &ReplayEncoder::consumeBytes)
      .function("takeEventsJson", &ReplayEncoder::takeEventsJson)
      .function("pendingBytes", &ReplayEncoder::pendingBytes)
      .function("pendingEvents", &ReplayEncoder::pendingEvents)
      .function("mirrorSize", &ReplayEncoder::mirrorSize);
#endif

  emscripten::class_<CoreClient>("CoreClient")
      .constructor<const std::string&, double, double>()
      .function("warnings", &CoreClient::warnings)
      .function("canSend", &CoreClient::canSend)
      .function("lastEventId", &CoreClient::lastEventId)
      .function("setUser", &CoreClient::setUser)
      .function("setTag", &CoreClient::setTag)
      .function("setTags", &CoreClient::setTags)
      .function("setContext", &CoreClient::setContext)
      .function("setExtra", &CoreClient::setExtra)
      .function("setExtras", &CoreClient::setExtras)
      .function("setLevel", &CoreClient::setLevel)
      .function("addBreadcrumb", &CoreClient::addBreadcrumb)
      .function("setFingerprint", &CoreClient::setFingerprint)
      .function("clearBreadcrumbs", &CoreClient::clearBreadcrumbs)
      .function("pushScope", &CoreClient::pushScope)
      .function("popScope", &CoreClient::popScope)
      .function("forkScope", &CoreClient::forkScope)
      .function("useScope", &CoreClient::useScope)
      .function("dropScope", &CoreClient::dropScope)
      .function("capture", &CoreClient::capture)
      .function("sendEvent", &CoreClient::sendEvent)
      .function("startTransaction", &CoreClient::startTransaction)
      .function("samplingContext", &CoreClient::samplingContext)
      .function("startChild", &CoreClient::startChild)
      .function("setSpanStatus", &CoreClient::setSpanStatus)
      .function("setSpanHttpStatus", &CoreClient::setSpanHttpStatus)
      .function("setSpanData", &CoreClient::setSpanData)
      .function("setSpanName", &CoreClient::setSpanName)
      .function("setSpanOrigin", &CoreClient::setSpanOrigin)
      .function("setSpanDescription", &CoreClient::setSpanDescription)
      .function("setMeasurement", &CoreClient::setMeasurement)
      .function("endSpan", &CoreClient::endSpan)
      .function("traceHeaders", &CoreClient::traceHeaders)
      .function("spanInfo", &CoreClient::spanInfo)
      .function("startSession", &CoreClient::startSession)
      .function("endSession", &CoreClient::endSession)
      .function("takeSessionUpdate", &CoreClient::takeSessionUpdate)
      .function("recordDiscard", &CoreClient::recordDiscard)
      .function("onResponse", &CoreClient::onResponse)
      .function("onNetworkError", &CoreClient::onNetworkError)
      .function("takeClientReport", &CoreClient::takeClientReport)
      .function("isRateLimited", &CoreClient::isRateLimited);
}
