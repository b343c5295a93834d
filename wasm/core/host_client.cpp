#include "core/host_client.h"

#include <utility>
#include <vector>

#include "core/data_category.h"
#include "core/event_json.h"
#include "core/json.h"
#include "core/number.h"

namespace vigil {

namespace {

Value parse_or_null(std::string_view json) {
  ParseResult r = parse_json(json);
  return r.ok ? std::move(r.value) : Value();
}

// Heads are small objects written field by field; these keep the commas in one place.
class HeadWriter {
 public:
  explicit HeadWriter(std::string& out) : out_(out) { out_ += '{'; }
  void key(std::string_view k) {
    if (!first_) out_ += ',';
    first_ = false;
    write_json_string(k, out_);
    out_ += ':';
  }
  void str(std::string_view k, std::string_view v) { key(k); write_json_string(v, out_); }
  void num(std::string_view k, double v) { key(k); append_double_round_trip(v, out_); }
  void boolean(std::string_view k, bool v) { key(k); out_ += v ? "true" : "false"; }
  void close() { out_ += '}'; }

 private:
  std::string& out_;
  bool first_ = true;
};

// Also what the body holds (its UTF-8 size and items per category), so the host's transport
// need not read the body back to budget keepalive bytes or count a loss.
void write_request_head(const PreparedRequest& request, std::string& out) {
  HeadWriter head(out);
  head.num("id", static_cast<double>(request.id));
  head.str("url", request.url);
  head.key("headers");
  HeadWriter headers(out);
  for (const auto& [name, value] : request.headers) headers.str(name, value);
  headers.close();
  head.num("bytes", static_cast<double>(request.body.size()));
  std::size_t counts[kDataCategoryCount] = {};
  for (DataCategory c : request.categories) ++counts[static_cast<std::size_t>(c)];
  head.key("categories");
  out += '[';
  bool first = true;
  for (std::size_t i = 0; i < kDataCategoryCount; ++i) {
    if (!counts[i]) continue;
    if (!first) out += ',';
    first = false;
    HeadWriter count(out);
    count.str("category", to_string(static_cast<DataCategory>(i)));
    count.num("quantity", static_cast<double>(counts[i]));
    count.close();
  }
  out += ']';
  head.close();
}

void write_optional_request(const std::optional<PreparedRequest>& request, std::string& out) {
  out.clear();
  if (request) HostClient::write_request(*request, out);
}

}  // namespace

HostClient::HostClient(std::string_view options_json, std::uint64_t seed)
    : client_(client_options_from_json(options_json), seed) {}

void HostClient::write_request(const PreparedRequest& request, std::string& out) {
  out.reserve(out.size() + request.body.size() + 256);
  write_request_head(request, out);
  out += '\n';
  out += request.body;
}

void HostClient::warnings(std::string& out) const {
  out = "[";
  bool first = true;
  for (const auto& w : client_.warnings()) {
    if (!first) out += ',';
    first = false;
    write_json_string(w, out);
  }
  out += ']';
}

Scope& HostClient::scope() {
  if (active_scope_ != 0) {
    auto it = isolated_.find(active_scope_);
    if (it != isolated_.end()) return it->second;
  }
  return client_.scope();
}

void HostClient::set_user(std::string_view json) { scope().set_user(parse_or_null(json)); }
void HostClient::set_tag(std::string_view key, std::string_view value) {
  scope().set_tag(std::string(key), std::string(value));
}
void HostClient::set_tags(std::string_view json) { scope().set_tags(parse_or_null(json)); }
void HostClient::set_context(std::string_view name, std::string_view json) {
  scope().set_context(std::string(name), parse_or_null(json));
}
void HostClient::set_extra(std::string_view key, std::string_view json) {
  scope().set_extra(std::string(key), parse_or_null(json));
}
void HostClient::set_extras(std::string_view json) { scope().set_extras(parse_or_null(json)); }
void HostClient::set_level(std::string_view level) { scope().set_level(level_from_string(level)); }
void HostClient::add_breadcrumb(std::string_view json) {
  scope().add_breadcrumb(Breadcrumb::from_value(parse_or_null(json)));
}
void HostClient::set_fingerprint(std::string_view json) {
  std::vector<std::string> parts;
  for (const Value& v : parse_or_null(json).as_array())
    if (v.is_string()) parts.push_back(v.as_string());
  scope().set_fingerprint(std::move(parts));
}

int HostClient::fork_scope() {
  const int id = next_scope_id_++;
  isolated_.emplace(id, scope());
  return id;
}
void HostClient::use_scope(int id) { active_scope_ = isolated_.count(id) ? id : 0; }
void HostClient::drop_scope(int id) {
  isolated_.erase(id);
  if (active_scope_ == id) active_scope_ = 0;
}

void HostClient::capture(std::string_view capture_json, double now, bool keep_event,
                         SpanHandle span, std::string& out) {
  Value capture = parse_or_null(capture_json);
  if (span != kNoSpan && capture.is_object()) capture["span"] = static_cast<std::int64_t>(span);
  Event event = client_.event_from_capture(capture, now);
  std::string event_id = event.event_id;
  PreparedEvent prepared = client_.prepare_event(std::move(event), now, &scope());
  out.clear();
  HeadWriter head(out);
  head.str("eventId", event_id);
  if (!prepared.keep) {
    head.str("dropped", prepared.drop_reason);
    head.str("detail", prepared.detail);
    head.close();
    return;
  }
  if (keep_event) {
    head.boolean("event", true);
    head.close();
    out += '\n';
    write_event_json(prepared.event, out);
    return;
  }
  auto request = client_.send(std::move(prepared.event), now, span);
  if (!request) {
    head.close();
    return;
  }
  head.key("request");
  write_request_head(*request, out);
  head.close();
  out += '\n';
  out += request->body;
}

void HostClient::send_event(std::string_view event_json, double now, SpanHandle span,
                            std::string& out) {
  write_optional_request(client_.send(parse_or_null(event_json), now, span), out);
}

SpanHandle HostClient::start_transaction(std::string_view name, std::string_view op,
                                         std::string_view source, double now,
                                         std::string_view sentry_trace, std::string_view baggage,
                                         double sampler_rate) {
  std::optional<double> rate;
  if (sampler_rate == sampler_rate) rate = sampler_rate;
  return client_.start_transaction(name, op, source, now, sentry_trace, baggage, rate);
}

void HostClient::sampling_context(std::string_view name, std::string_view op,
                                  std::string_view source, std::string_view sentry_trace,
                                  std::string_view baggage, std::string& out) {
  auto incoming = parse_incoming_trace(sentry_trace, baggage);
  out.clear();
  write_json(make_sampling_context(name, op, source, incoming ? &*incoming : nullptr), out);
}

bool HostClient::set_span_data(SpanHandle span, std::string_view key, std::string_view json) {
  return client_.tracer().set_data(span, std::string(key), parse_or_null(json));
}

void HostClient::end_span(SpanHandle span, double now, std::string& out) {
  write_optional_request(client_.end_span(span, now), out);
}

void HostClient::trace_headers(SpanHandle span, std::string_view existing_baggage,
                               std::string& out) {
  out.clear();
  auto h = client_.tracer().trace_headers_for(span, existing_baggage);
  if (!h) return;
  HeadWriter head(out);
  head.str("sentryTrace", h->sentry_trace);
  head.str("baggage", h->baggage);
  head.close();
}

void HostClient::span_info(SpanHandle span, std::string& out) {
  out.clear();
  auto s = client_.tracer().span(span);
  if (!s) return;
  HeadWriter head(out);
  head.str("traceId", s->trace_id);
  head.str("spanId", s->span_id);
  head.str("parentSpanId", s->parent_span_id);
  head.boolean("sampled", s->sampled);
  head.str("op", s->op);
  head.str("description", s->description);
  head.num("startTimestamp", s->start_timestamp);
  head.boolean("ended", s->finished());
  head.close();
}

void HostClient::take_session_update(double now, std::string& out) {
  write_optional_request(client_.session_request(now), out);
}

void HostClient::on_network_error(std::uint64_t id, double now, std::string& out) {
  RetryDecision d = client_.transport().on_network_error(id, now);
  out.clear();
  HeadWriter head(out);
  head.boolean("retry", d.retry);
  head.num("retryAt", d.retry_at);
  head.num("attempt", d.attempt);
  head.close();
}

void HostClient::take_client_report(double now, std::string& out) {
  write_optional_request(client_.transport().prepare_client_reports(now), out);
}

}  // namespace vigil
