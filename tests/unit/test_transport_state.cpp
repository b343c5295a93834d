#define BOOST_TEST_MODULE transport_state
#include <boost/test/unit_test.hpp>

#include <string>

#include "core/timefmt.h"
#include "core/transport_state.h"

using namespace vigil;

namespace {

constexpr double kNow = 1700000000;

Dsn test_dsn(std::string_view text = "https://pub@o1.ingest.sentry.io/42") {
  DsnResult r = parse_dsn(text);
  BOOST_REQUIRE_MESSAGE(r.ok, r.error);
  return r.dsn;
}

TransportState make_state(TransportOptions options = {}) {
  return TransportState(test_dsn(), "sentry.javascript.vigil", "0.1.0", std::move(options));
}

Envelope envelope_of(std::initializer_list<const char*> types) {
  Envelope e = make_envelope();
  set_event_id(e.headers, "0123456789abcdef0123456789abcdef");
  for (const char* t : types) {
    if (std::string_view(t) == "attachment") {
      e.items.push_back(make_raw_item(t, "12345", "text/plain", "a.txt"));
    } else if (std::string_view(t) == "transaction") {
      Value tx = Value::object();
      tx["spans"] = Value(Array{Value::object(), Value::object(), Value::object()});
      e.items.push_back(make_json_item(t, tx));
    } else {
      e.items.push_back(make_json_item(t, Value::object()));
    }
  }
  return e;
}

Envelope body_of(const PreparedRequest& req) {
  EnvelopeParseResult r = parse_envelope(req.body);
  BOOST_REQUIRE_MESSAGE(r.ok, r.error);
  return r.envelope;
}

}  // namespace

BOOST_AUTO_TEST_CASE(prepares_a_request) {
  TransportState state = make_state();
  auto req = state.prepare(envelope_of({"event", "attachment"}), kNow);
  BOOST_REQUIRE(req.has_value());
  BOOST_TEST(req->id == 1u);
  BOOST_TEST(req->url ==
             "https://o1.ingest.sentry.io/api/42/envelope/?sentry_version=7&sentry_key=pub"
             "&sentry_client=sentry.javascript.vigil%2F0.1.0");
  BOOST_REQUIRE_EQUAL(req->headers.size(), 1u);
  BOOST_TEST(req->headers[0].first == "Content-Type");
  BOOST_TEST(req->headers[0].second == "text/plain;charset=UTF-8");
  BOOST_REQUIRE_EQUAL(req->categories.size(), 2u);
  BOOST_TEST((req->categories[0] == DataCategory::error));
  BOOST_TEST((req->categories[1] == DataCategory::attachment));
  Envelope body = body_of(*req);
  BOOST_TEST(body.headers.get("sent_at").as_string() == format_rfc3339(kNow));
  BOOST_TEST(body.headers.get("event_id").as_string() == "0123456789abcdef0123456789abcdef");
  BOOST_TEST(body.headers.find("dsn") == nullptr);  // only with a tunnel
  BOOST_REQUIRE_EQUAL(body.items.size(), 2u);
  BOOST_TEST(body.items[1].payload == "12345");
  BOOST_TEST(state.pending_count() == 1u);
  BOOST_TEST(state.attempts(req->id) == 1);
  auto second = state.prepare(envelope_of({"session"}), kNow);
  BOOST_TEST(second->id == 2u);
}

BOOST_AUTO_TEST_CASE(tunnel_sends_to_the_tunnel_with_the_dsn_in_the_header) {
  TransportOptions options;
  options.tunnel = "/monitoring?o=1";
  TransportState state(test_dsn("https://pub:secret@o1.ingest.sentry.io/42"), "n", "v", options);
  auto req = state.prepare(envelope_of({"event"}), kNow);
  BOOST_REQUIRE(req.has_value());
  BOOST_TEST(req->url == "/monitoring?o=1");
  BOOST_TEST(body_of(*req).headers.get("dsn").as_string() == "https://pub@o1.ingest.sentry.io/42");
}

BOOST_AUTO_TEST_CASE(nothing_to_send_is_nullopt) {
  TransportState state = make_state();
  BOOST_TEST(!state.prepare(make_envelope(), kNow).has_value());
  BOOST_TEST(state.pending_count() == 0u);
}

BOOST_AUTO_TEST_CASE(rate_limited_items_become_client_reports) {
  TransportState state = make_state();
  state.on_response(999, 200, "60:error:organization:quota", "", kNow);  // unknown id: still honoured
  BOOST_TEST(state.rate_limits().is_limited(DataCategory::error, kNow));

  BOOST_TEST(!state.prepare(envelope_of({"event"}), kNow + 1).has_value());
  BOOST_TEST(state.client_reports().count("ratelimit_backoff", DataCategory::error) == 1u);
  BOOST_TEST(state.pending_count() == 0u);

  auto req = state.prepare(envelope_of({"event", "transaction"}), kNow + 2);
  BOOST_REQUIRE(req.has_value());
  BOOST_REQUIRE_EQUAL(req->categories.size(), 2u);
  BOOST_TEST((req->categories[0] == DataCategory::transaction));
  BOOST_TEST((req->categories[1] == DataCategory::internal));
  Envelope body = body_of(*req);
  BOOST_REQUIRE_EQUAL(body.items.size(), 2u);
  BOOST_TEST(body.items[1].type() == "client_report");
  ParseResult report = parse_json(body.items[1].payload);
  BOOST_REQUIRE(report.ok);
  BOOST_TEST(report.value.get("timestamp").as_double() == kNow + 2);
  BOOST_TEST(to_json(report.value.get("discarded_events")) ==
             R"([{"reason":"ratelimit_backoff","category":"error","quantity":2}])");
  BOOST_TEST(state.client_reports().empty());

  // After the limit passes, errors go out again.
  BOOST_TEST(state.prepare(envelope_of({"event"}), kNow + 61).has_value());
}

BOOST_AUTO_TEST_CASE(client_reports_wait_while_internal_is_limited) {
  TransportState state = make_state();
  state.record_discard("sample_rate", DataCategory::error, 3);
  state.on_response(0, 200, "60:internal:org", "", kNow);
  auto req = state.prepare(envelope_of({"event"}), kNow);
  BOOST_REQUIRE(req.has_value());
  BOOST_TEST(body_of(*req).items.size() == 1u);
  BOOST_TEST(!state.prepare_client_reports(kNow).has_value());
  BOOST_TEST(state.client_reports().count("sample_rate", DataCategory::error) == 3u);
  auto later = state.prepare_client_reports(kNow + 60);
  BOOST_REQUIRE(later.has_value());
  Envelope body = body_of(*later);
  BOOST_REQUIRE_EQUAL(body.items.size(), 1u);
  BOOST_TEST(body.items[0].type() == "client_report");
  BOOST_TEST(state.client_reports().empty());
  BOOST_TEST(!state.prepare_client_reports(kNow + 60).has_value());
}

BOOST_AUTO_TEST_CASE(client_reports_can_be_disabled) {
  TransportOptions options;
  options.send_client_reports = false;
  TransportState state = make_state(options);
  state.record_discard("before_send", DataCategory::error);
  auto req = state.prepare(envelope_of({"event"}), kNow);
  BOOST_REQUIRE(req.has_value());
  BOOST_TEST(body_of(*req).items.size() == 1u);
  BOOST_TEST(!state.prepare_client_reports(kNow).has_value());
}

BOOST_AUTO_TEST_CASE(error_statuses_record_send_error_but_429_does_not) {
  for (int status : {400, 401, 403, 413, 500, 502, 503, 302, 100}) {
    TransportState state = make_state();
    auto req = state.prepare(envelope_of({"event", "transaction", "attachment"}), kNow);
    state.on_response(req->id, status, "", "", kNow);
    BOOST_TEST(state.client_reports().count("send_error", DataCategory::error) == 1u, status);
    BOOST_TEST(state.client_reports().count("send_error", DataCategory::transaction) == 1u);
    BOOST_TEST(state.client_reports().count("send_error", DataCategory::span) == 4u);
    BOOST_TEST(state.client_reports().count("send_error", DataCategory::attachment) == 5u);
    BOOST_TEST(state.pending_count() == 0u);
    BOOST_TEST(!state.rate_limits().any_active(kNow));
  }
  TransportState limited = make_state();
  auto req = limited.prepare(envelope_of({"event"}), kNow);
  limited.on_response(req->id, 429, "", "", kNow);
  BOOST_TEST(limited.client_reports().empty());
  BOOST_TEST(limited.rate_limits().disabled_until(DataCategory::error) == kNow + 60);
  BOOST_TEST(limited.pending_count() == 0u);
}

BOOST_AUTO_TEST_CASE(success_and_unreadable_statuses_record_nothing) {
  for (int status : {200, 202, 0, -1}) {
    TransportState state = make_state();
    auto req = state.prepare(envelope_of({"event"}), kNow);
    state.on_response(req->id, status, "", "", kNow);
    BOOST_TEST(state.client_reports().empty(), status);
    BOOST_TEST(state.pending_count() == 0u);
  }
}

BOOST_AUTO_TEST_CASE(responses_for_unknown_or_answered_ids_are_harmless) {
  TransportState state = make_state();
  auto req = state.prepare(envelope_of({"event"}), kNow);
  state.on_response(req->id, 200, "", "", kNow);
  state.on_response(req->id, 500, "", "", kNow);  // duplicate
  state.on_response(12345, 500, "", "", kNow);
  BOOST_TEST(state.client_reports().empty());
  BOOST_TEST(!state.on_network_error(req->id, kNow).retry);
  BOOST_TEST(state.client_reports().empty());
}

BOOST_AUTO_TEST_CASE(lost_client_reports_are_not_reported_again) {
  TransportState state = make_state();
  state.record_discard("queue_overflow", DataCategory::replay);
  auto req = state.prepare_client_reports(kNow);
  BOOST_REQUIRE(req.has_value());
  state.on_response(req->id, 500, "", "", kNow);
  BOOST_TEST(state.client_reports().empty());
}

BOOST_AUTO_TEST_CASE(network_errors_retry_with_backoff_then_give_up) {
  TransportState state = make_state();  // 3 attempts, 1 s initial delay
  auto req = state.prepare(envelope_of({"event", "transaction"}), kNow);
  RetryDecision first = state.on_network_error(req->id, kNow);
  BOOST_TEST(first.retry);
  BOOST_TEST(first.attempt == 2);
  BOOST_TEST(first.retry_at == kNow + 1);
  BOOST_TEST(state.attempts(req->id) == 2);
  RetryDecision second = state.on_network_error(req->id, kNow + 1);
  BOOST_TEST(second.retry);
  BOOST_TEST(second.attempt == 3);
  BOOST_TEST(second.retry_at == kNow + 1 + 2);
  BOOST_TEST(state.client_reports().empty());
  RetryDecision last = state.on_network_error(req->id, kNow + 3);
  BOOST_TEST(!last.retry);
  BOOST_TEST(last.attempt == 3);
  BOOST_TEST(state.attempts(req->id) == 0);
  BOOST_TEST(state.pending_count() == 0u);
  BOOST_TEST(state.client_reports().count("network_error", DataCategory::error) == 1u);
  BOOST_TEST(state.client_reports().count("network_error", DataCategory::transaction) == 1u);
  BOOST_TEST(state.client_reports().count("network_error", DataCategory::span) == 4u);
}

BOOST_AUTO_TEST_CASE(a_retry_that_then_succeeds_records_nothing) {
  TransportState state = make_state();
  auto req = state.prepare(envelope_of({"event"}), kNow);
  BOOST_TEST(state.on_network_error(req->id, kNow).retry);
  state.on_response(req->id, 200, "", "", kNow + 1);
  BOOST_TEST(state.client_reports().empty());
  BOOST_TEST(state.pending_count() == 0u);
}

BOOST_AUTO_TEST_CASE(backoff_is_capped) {
  TransportOptions options;
  options.max_attempts = 6;
  options.retry_initial_delay = 10;
  options.retry_max_delay = 25;
  TransportState state = make_state(options);
  auto req = state.prepare(envelope_of({"event"}), kNow);
  const double expected[] = {10, 20, 25, 25, 25};
  for (double delay : expected) {
    RetryDecision d = state.on_network_error(req->id, kNow);
    BOOST_REQUIRE(d.retry);
    BOOST_TEST(d.retry_at == kNow + delay);
  }
  BOOST_TEST(!state.on_network_error(req->id, kNow).retry);
}

BOOST_AUTO_TEST_CASE(bad_options_are_sanitized) {
  TransportOptions options;
  options.max_attempts = -3;
  options.retry_initial_delay = -1;
  options.retry_max_delay = std::numeric_limits<double>::quiet_NaN();
  options.max_pending = 0;
  TransportState state = make_state(options);
  auto req = state.prepare(envelope_of({"event"}), kNow);
  RetryDecision d = state.on_network_error(req->id, kNow);
  BOOST_TEST(!d.retry);  // one attempt only
  BOOST_TEST(state.client_reports().count("network_error", DataCategory::error) == 1u);

  TransportOptions retrying;
  retrying.retry_initial_delay = std::numeric_limits<double>::infinity();
  retrying.retry_max_delay = -5;
  TransportState zero = make_state(retrying);
  auto r2 = zero.prepare(envelope_of({"event"}), kNow);
  RetryDecision z = zero.on_network_error(r2->id, kNow);
  BOOST_TEST(z.retry);
  BOOST_TEST(z.retry_at == kNow);
}

BOOST_AUTO_TEST_CASE(pending_bookkeeping_is_bounded) {
  TransportOptions options;
  options.max_pending = 2;
  TransportState state = make_state(options);
  auto a = state.prepare(envelope_of({"event"}), kNow);
  auto b = state.prepare(envelope_of({"session"}), kNow);
  auto c = state.prepare(envelope_of({"replay_event"}), kNow);
  BOOST_TEST(state.pending_count() == 2u);
  BOOST_TEST(state.attempts(a->id) == 0);  // forgotten
  BOOST_TEST(state.attempts(b->id) == 1);
  state.on_response(a->id, 500, "", "", kNow);
  BOOST_TEST(state.client_reports().empty());
  state.on_response(c->id, 500, "", "", kNow);
  BOOST_TEST(state.client_reports().count("send_error", DataCategory::replay) == 1u);
}
