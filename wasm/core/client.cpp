#include "core/client.h"

#include "core/data_category.h"
#include "core/envelope.h"
#include "core/event_json.h"
#include "core/normalize.h"
#include "core/sampler.h"
#include "core/size_limit.h"
#include "core/stack_parser.h"

namespace vigil {

namespace {

constexpr int kMaxLinkedErrors = 5;  // Sentry's linkedErrors default limit

ExceptionValue exception_from_error(const Value& error, const StackParseOptions& stack_options) {
  ExceptionValue ex;
  ex.type = error.get("type").as_string();
  ex.value = error.get("value").as_string();
  if (ex.type.empty() && ex.value.empty()) ex.value = "<unknown error>";
  std::vector<ParsedFrame> parsed = parse_stack(error.get("stack").as_string(), stack_options);
  ex.frames.reserve(parsed.size());
  for (ParsedFrame& p : parsed) {
    Frame& f = ex.frames.emplace_back();
    f.filename = std::move(p.filename);
    f.function = std::move(p.function);
    f.lineno = p.lineno;
    f.colno = p.colno;
    f.in_app = p.in_app;
  }
  return ex;
}

bool contains_any(const std::string& text, const std::vector<std::string>& needles) {
  for (const auto& n : needles)
    if (!n.empty() && text.find(n) != std::string::npos) return true;
  return false;
}

// The URL of the script that threw: the innermost frame of the main exception.
std::string event_script_url(const Event& event) {
  if (event.exceptions.empty()) return {};
  const auto& frames = event.exceptions.back().frames;
  return frames.empty() ? std::string() : frames.back().filename;
}

void truncate_in_place(std::string& s, std::size_t max) {
  if (max > 0 && s.size() > max) s = truncate_utf8(s, max);
}

// serialize_capped() for a typed event: written directly, and only an event over the cap pays
// for the Value tree the trimmer works on.
std::string serialize_event_capped(Event event, std::size_t max_bytes) {
  std::string out;
  out.reserve(8192);
  write_event_json(event, out);
  if (out.size() <= max_bytes) return out;
  return serialize_capped(std::move(event).to_value(), max_bytes);
}

}  // namespace

Client::Client(ClientOptionsResult options, std::uint64_t seed)
    : options_(std::move(options.options)),
      warnings_(std::move(options.warnings)),
      random_(seed),
      tracer_(random_, TracerConfig{options_.dsn.public_key, options_.release, options_.environment}),
      transport_(options_.dsn, options_.sdk_name, options_.sdk_version, options_.transport) {
  // Built in place: a braced list would copy the scope, and the copy is code a cold start would
  // otherwise compile before the first request (Wasm functions compile when first run).
  scopes_.emplace_back(options_.max_breadcrumbs);
}

bool Client::pop_scope() {
  if (scopes_.size() <= 1) return false;
  scopes_.pop_back();
  return true;
}

Event Client::event_from_error(const Value& error, double now) {
  Event event = make_event(random_, now);
  event.level = Level::error;
  // Walk the cause chain first, so the thrown error can go last as Sentry orders them.
  std::vector<const Value*> chain{&error};
  while (static_cast<int>(chain.size()) <= kMaxLinkedErrors) {
    const Value* cause = chain.back()->find("cause");
    if (!cause || !cause->is_object()) break;
    chain.push_back(cause);
  }
  for (std::size_t i = chain.size(); i-- > 0;) {
    ExceptionValue ex = exception_from_error(*chain[i], options_.stack);
    if (i == 0) {
      ex.mechanism = Mechanism::from_value(error.get("mechanism"));
      if (!ex.mechanism.handled) ex.mechanism.handled = true;
    } else {
      ex.mechanism.type = "chained";
      ex.mechanism.source = "cause";
      ex.mechanism.parent_id = static_cast<int>(i) - 1;
    }
    if (chain.size() > 1) ex.mechanism.exception_id = static_cast<int>(i);
    event.exceptions.push_back(std::move(ex));
  }
  return event;
}

Event Client::event_from_message(std::string message, Level level, double now) {
  Event event = make_event(random_, now);
  event.message = std::move(message);
  event.level = level;
  return event;
}

Event Client::event_from_value(const Value& value, double now) {
  Event event = Event::from_value(value);
  if (!normalize_event_id(event.event_id)) event.event_id = uuid4_hex(random_);
  if (event.timestamp <= 0) event.timestamp = now;
  return event;
}

namespace {

// Merges b's members over a's (b wins); a non-object b replaces a.
void merge_object(Value& a, const Value& b) {
  if (!b.is_object() || !a.is_object()) {
    a = b;
    return;
  }
  for (const Member& m : b.as_object()) a[m.key] = m.value;
}

// The host's additions to a built event (request data, capture context). The common fields are
// merged straight into the typed event; anything else goes through the generic path, which
// costs a round trip through Value.
void apply_overlay(Event& event, const Value& overlay) {
  if (!overlay.is_object() || overlay.empty()) return;
  Value rest = Value::object();
  for (const Member& m : overlay.as_object()) {
    const std::string& k = m.key;
    if (k == "request") merge_object(event.request, m.value);
    else if (k == "extra") merge_object(event.extra, m.value);
    else if (k == "contexts") merge_object(event.contexts, m.value);
    else if (k == "user") merge_object(event.user, m.value);
    else if (k == "tags" && m.value.is_object()) {
      for (const Member& t : m.value.as_object())
        if (auto text = tag_value_string(t.value)) event.tags[t.key] = *text;
    } else if (k == "level") {
      if (auto level = level_from_string(m.value.as_string())) event.level = level;
    } else if (k == "fingerprint" && m.value.is_array()) {
      event.fingerprint.clear();
      for (const Value& f : m.value.as_array())
        if (f.is_string()) event.fingerprint.push_back(f.as_string());
    } else if (k != "event_id") {
      rest[k] = m.value;
    }
  }
  if (rest.empty()) return;
  Value base = std::move(event).to_value();  // event is rebuilt from it below
  for (const Member& m : rest.as_object()) base[m.key] = m.value;
  event = Event::from_value(base);
}

}  // namespace

Event Client::event_from_capture(const Value& capture, double now) {
  const std::string& kind = capture.get("kind").as_string();
  std::optional<Level> level = level_from_string(capture.get("level").as_string());
  Event event;
  if (kind == "error") {
    event = event_from_error(capture.get("error"), now);
  } else if (kind == "message") {
    event = event_from_message(capture.get("message").as_string(), level.value_or(Level::info), now);
  } else {
    event = event_from_value(capture.get("event"), now);
  }
  if (kind != "event") apply_overlay(event, capture.get("event"));
  if (level) event.level = level;
  if (auto id = normalize_event_id(capture.get("event_id").as_string())) event.event_id = *id;
  // Captured while a span was active: the error joins that trace.
  const auto span = static_cast<SpanHandle>(capture.get("span").as_int(kNoSpan));
  if (auto trace = tracer_.trace_context_for(span)) {
    if (!event.contexts.is_object()) event.contexts = Value::object();
    if (!event.contexts.find("trace")) event.contexts["trace"] = std::move(*trace);
  }
  return event;
}

bool Client::filtered_out(const Event& event, std::string& detail) const {
  if (event.type.empty() && !options_.ignore_errors.empty()) {
    std::vector<std::string> messages;
    if (!event.message.empty()) messages.push_back(event.message);
    if (!event.exceptions.empty()) {
      const auto& ex = event.exceptions.back();
      messages.push_back(ex.type.empty() ? ex.value : ex.type + ": " + ex.value);
    }
    for (const auto& m : messages) {
      if (contains_any(m, options_.ignore_errors)) {
        detail = "ignoreErrors matched \"" + m + "\"";
        return true;
      }
    }
  }
  std::string url = event_script_url(event);
  if (!url.empty()) {
    if (contains_any(url, options_.deny_urls)) {
      detail = "denyUrls matched " + url;
      return true;
    }
    if (!options_.allow_urls.empty() && !contains_any(url, options_.allow_urls)) {
      detail = "allowUrls did not match " + url;
      return true;
    }
  }
  return false;
}

void Client::apply_defaults(Event& event) const {
  if (event.release.empty()) event.release = options_.release;
  if (event.environment.empty()) event.environment = options_.environment;
  if (event.dist.empty()) event.dist = options_.dist;
  if (event.server_name.empty()) event.server_name = options_.server_name;
  if (event.platform.empty()) event.platform = "javascript";
  if (!event.sdk.is_object()) {
    Value sdk = Value::object();
    sdk["name"] = options_.sdk_name;
    sdk["version"] = options_.sdk_version;
    Value integrations = Value::array();
    for (const auto& name : options_.integrations) integrations.push_back(name);
    if (!integrations.empty()) sdk["integrations"] = std::move(integrations);
    Value packages = Value::array();
    for (const auto& p : options_.packages) {
      Value pkg = Value::object();
      pkg["name"] = p;
      pkg["version"] = options_.sdk_version;
      packages.push_back(std::move(pkg));
    }
    if (!packages.empty()) sdk["packages"] = std::move(packages);
    event.sdk = std::move(sdk);
  }
  // With sendDefaultPii Relay fills in the sender's address; without it nothing is inferred.
  if (options_.send_default_pii && event.user.get("ip_address").is_null())
    event.user["ip_address"] = "{{auto}}";
}

void Client::normalize_event(Event& event) const {
  const NormalizeOptions& n = options_.normalize;
  // The user-supplied bags are what can be deep, wide, cyclic (already broken by the host) or
  // huge; the event's own structure is the SDK's and stays as is.
  if (!event.extra.is_null()) normalize_in_place(event.extra, n);
  if (!event.contexts.is_null()) normalize_in_place(event.contexts, contexts_normalize_options(n));
  if (!event.user.is_null()) normalize_in_place(event.user, n);
  if (!event.request.is_null()) normalize_in_place(event.request, n);
  for (auto& b : event.breadcrumbs)
    if (!b.data.is_null()) normalize_in_place(b.data, n);
  truncate_in_place(event.message, options_.max_value_length);
  for (auto& ex : event.exceptions) truncate_in_place(ex.value, options_.max_value_length);
}

PrepareResult Client::prepare(Event event, double now, const Scope* scope) {
  PreparedEvent prepared = prepare_event(std::move(event), now, scope);
  PrepareResult result;
  result.keep = prepared.keep;
  result.drop_reason = std::move(prepared.drop_reason);
  result.detail = std::move(prepared.detail);
  if (prepared.keep) result.event = std::move(prepared.event).to_value();
  return result;
}

PreparedEvent Client::prepare_event(Event event, double now, const Scope* scope) {
  PreparedEvent result;
  const DataCategory category =
      event.type == "transaction" ? DataCategory::transaction : DataCategory::error;
  if (event.timestamp <= 0) event.timestamp = now;
  apply_defaults(event);
  (scope ? *scope : this->scope()).apply_to(event, options_.normalize);

  if (filtered_out(event, result.detail)) {
    result.drop_reason = std::string(discard_reason::event_processor);
    record_discard(result.drop_reason, category);
    return result;
  }
  if (event.type.empty()) {
    SampleDecision d = sample(options_.sample_rate, random_);
    if (!d.keep) {
      result.drop_reason = std::string(discard_reason::sample_rate);
      result.detail = "sampleRate " + std::string(to_string(d.reason));
      record_discard(result.drop_reason, category);
      return result;
    }
  }
  if (options_.dedupe && deduper_.should_drop(event)) {
    result.drop_reason = std::string(discard_reason::event_processor);
    result.detail = "duplicate of the previous event (Dedupe)";
    record_discard(result.drop_reason, category);
    return result;
  }
  normalize_event(event);
  session_.set_user(event.user);
  session_.on_event(event, now);
  result.keep = true;
  result.event = std::move(event);
  return result;
}

std::optional<PreparedRequest> Client::send(Value event, double now, SpanHandle span) {
  std::string event_id = event.get("event_id").as_string();
  const bool is_transaction = event.get("type").as_string() == "transaction";
  if (event_id.empty()) {
    event_id = uuid4_hex(random_);
    event["event_id"] = event_id;
  }
  if (!is_transaction) last_event_id_ = event_id;
  if (!can_send()) return std::nullopt;
  // Only an uncompressed JSON string can be measured against Relay's limit, so the capped
  // serialisation is the payload itself.
  std::string payload = serialize_capped(std::move(event), options_.max_event_bytes);
  return send_payload(std::move(event_id), is_transaction, std::move(payload), now, span);
}

std::optional<PreparedRequest> Client::send(Event event, double now, SpanHandle span) {
  const bool is_transaction = event.type == "transaction";
  if (event.event_id.empty()) event.event_id = uuid4_hex(random_);
  if (!is_transaction) last_event_id_ = event.event_id;
  if (!can_send()) return std::nullopt;
  std::string event_id = event.event_id;
  std::string payload = serialize_event_capped(std::move(event), options_.max_event_bytes);
  return send_payload(std::move(event_id), is_transaction, std::move(payload), now, span);
}

std::optional<PreparedRequest> Client::send_payload(std::string event_id, bool is_transaction,
                                                    std::string payload, double now,
                                                    SpanHandle span) {
  Envelope envelope = make_envelope();
  set_event_id(envelope.headers, event_id);
  set_sdk(envelope.headers, options_.sdk_name, options_.sdk_version);
  if (auto dsc = tracer_.dsc_for(span)) apply_trace_header(envelope.headers, *dsc);
  EnvelopeItem item;
  item.headers = Value::object();
  item.headers["type"] = is_transaction ? "transaction" : "event";
  item.payload = std::move(payload);
  envelope.items.push_back(std::move(item));
  return transport_.prepare(std::move(envelope), now);
}

bool Client::start_session(std::string user_agent, double now) {
  // Relay drops sessions without a release, so start() refuses them.
  if (!session_.start(random_, now, options_.release, options_.environment, std::move(user_agent), {}))
    return false;
  session_.set_user(scope().user());
  return true;
}

void Client::end_session(double now) { session_.end(now); }

std::optional<PreparedRequest> Client::session_request(double now) {
  if (!session_.started() || !session_.dirty() || !can_send()) return std::nullopt;
  Envelope envelope = make_envelope();
  set_sdk(envelope.headers, options_.sdk_name, options_.sdk_version);
  envelope.items.push_back(make_session_item(session_.take_update(now)));
  return transport_.prepare(std::move(envelope), now);
}

SpanHandle Client::start_transaction(std::string_view name, std::string_view op,
                                     std::string_view source, double now,
                                     std::string_view sentry_trace, std::string_view baggage,
                                     std::optional<double> sampler_rate) {
  std::optional<IncomingTrace> incoming = parse_incoming_trace(sentry_trace, baggage);
  SamplingInputs sampling{options_.traces_sample_rate, sampler_rate};
  return tracer_.start_transaction(name, op, source, now, incoming ? &*incoming : nullptr, sampling);
}

std::optional<PreparedRequest> Client::end_span(SpanHandle span, double now) {
  EndResult ended = tracer_.end(span, now);
  if (!ended.transaction) return std::nullopt;
  FinishedTransaction& done = *ended.transaction;
  if (done.dropped_spans > 0)
    record_discard(discard_reason::buffer_overflow, DataCategory::span, done.dropped_spans);
  if (done.sample_rate_discard) {
    record_discard(discard_reason::sample_rate, DataCategory::transaction, 1);
    record_discard(discard_reason::sample_rate, DataCategory::span, done.span_count);
  }
  if (!done.sampled || !can_send()) return std::nullopt;

  Event event = Event::from_value(done.event);
  apply_defaults(event);
  // Transactions carry the scope's data but not its breadcrumbs, as in Sentry.
  Scope scope = this->scope();
  scope.clear_breadcrumbs();
  scope.apply_to(event);
  normalize_event(event);

  Envelope envelope = make_envelope();
  set_event_id(envelope.headers, event.event_id);
  set_sdk(envelope.headers, options_.sdk_name, options_.sdk_version);
  apply_trace_header(envelope.headers, done.dsc);
  EnvelopeItem item;
  item.headers = Value::object();
  item.headers["type"] = "transaction";
  item.span_count = done.span_count;
  item.payload = serialize_event_capped(std::move(event), options_.max_event_bytes);
  envelope.items.push_back(std::move(item));
  return transport_.prepare(std::move(envelope), now);
}

void Client::record_discard(std::string_view reason, DataCategory category,
                            std::uint64_t quantity) {
  transport_.record_discard(reason, category, quantity);
}

}  // namespace vigil
