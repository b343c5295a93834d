#define BOOST_TEST_MODULE tracer
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "core/tracer.h"

using namespace vigil;

namespace {

const std::string kTrace = "771a43a4192642f0b136d5159a501700";
const std::string kParent = "b0e6f15b45c36b12";
const double kNaN = std::numeric_limits<double>::quiet_NaN();

// Xoshiro underneath, with chosen doubles at chosen draw numbers (0-based). A new trace draws
// trace id (2), span id (1), then sample_rand (1); a continued trace draws span id, then
// sample_rand when the baggage has none.
class ControlledRandom final : public Random {
 public:
  explicit ControlledRandom(std::uint64_t seed = 1) : base_(seed) {}
  void at(int draw, double value) { fixed_[draw] = value; }
  std::uint64_t next_u64() override {
    int n = draws++;
    auto it = fixed_.find(n);
    if (it != fixed_.end()) return static_cast<std::uint64_t>(it->second * 0x1.0p53) << 11;
    return base_.next_u64();
  }
  int draws = 0;

 private:
  Xoshiro256 base_;
  std::map<int, double> fixed_;
};

TracerConfig config() {
  TracerConfig c;
  c.public_key = "49d0f7386ad645858ae85020e393bef3";
  c.release = "app@1.0";
  c.environment = "production";
  return c;
}

SamplingInputs rate(double r) {
  SamplingInputs s;
  s.traces_sample_rate = r;
  return s;
}

SamplingInputs sampler(double r, std::optional<double> base = std::nullopt) {
  SamplingInputs s;
  s.sampler_rate = r;
  s.traces_sample_rate = base;
  return s;
}

IncomingTrace incoming(std::string sentry_trace, std::string baggage = {}) {
  auto in = parse_incoming_trace(sentry_trace, baggage);
  BOOST_REQUIRE(in);
  return *in;
}

}  // namespace

BOOST_AUTO_TEST_CASE(head_transaction_becomes_an_event) {
  ControlledRandom r;
  Tracer t(r, config());
  SpanHandle root = t.start_transaction("/users/:id", "pageload", "route", 100.0, nullptr, rate(1));
  BOOST_REQUIRE(root != kNoSpan);
  BOOST_TEST(t.is_recording(root));
  auto s = t.span(root);
  BOOST_REQUIRE(s);
  BOOST_TEST(is_valid_trace_id(s->trace_id));
  BOOST_TEST(is_valid_span_id(s->span_id));
  BOOST_TEST(s->parent_span_id.empty());

  BOOST_TEST(t.set_data(root, "route.param", Value("7")));
  EndResult res = t.end(root, 102.5);
  BOOST_TEST((res.status == EndStatus::ended));
  BOOST_REQUIRE(res.transaction);
  const FinishedTransaction& ft = *res.transaction;
  BOOST_TEST(ft.sampled);
  BOOST_TEST(!ft.sample_rate_discard);
  BOOST_TEST(ft.span_count == 1u);
  BOOST_TEST(ft.dropped_spans == 0u);

  const Value& ev = ft.event;
  BOOST_TEST(ev.get("type").as_string() == "transaction");
  BOOST_TEST(ev.get("event_id").as_string().size() == 32u);
  BOOST_TEST(ev.get("transaction").as_string() == "/users/:id");
  BOOST_TEST(ev.get("transaction_info").get("source").as_string() == "route");
  BOOST_TEST(ev.get("start_timestamp").as_double() == 100.0);
  BOOST_TEST(ev.get("timestamp").as_double() == 102.5);
  BOOST_TEST(ev.get("spans").is_array());
  BOOST_TEST(ev.get("spans").size() == 0u);
  BOOST_TEST(!ev.find("measurements"));
  const Value& trace = ev.get("contexts").get("trace");
  BOOST_TEST(trace.get("trace_id").as_string() == s->trace_id);
  BOOST_TEST(trace.get("span_id").as_string() == s->span_id);
  BOOST_TEST(!trace.find("parent_span_id"));
  BOOST_TEST(trace.get("op").as_string() == "pageload");
  BOOST_TEST(trace.get("status").as_string() == "ok");
  BOOST_TEST(trace.get("origin").as_string() == "manual");
  BOOST_TEST(trace.get("data").get("route.param").as_string() == "7");
  BOOST_TEST(trace.get("data").get("sentry.source").as_string() == "route");
  BOOST_TEST(trace.get("data").get("sentry.sample_rate").as_double() == 1.0);

  BOOST_TEST(ft.dsc.trace_id == s->trace_id);
  BOOST_TEST(ft.dsc.public_key == "49d0f7386ad645858ae85020e393bef3");
  BOOST_TEST(ft.dsc.release == "app@1.0");
  BOOST_TEST(ft.dsc.environment == "production");
  BOOST_TEST(ft.dsc.transaction == "/users/:id");
  BOOST_TEST(ft.dsc.sampled.value() == true);
  BOOST_TEST(ft.dsc.sample_rate.value() == 1.0);
  BOOST_TEST(ft.dsc.sample_rand.has_value());

  BOOST_TEST(t.live_handles() == 0u);
  BOOST_TEST(t.open_transactions() == 0u);
}

BOOST_AUTO_TEST_CASE(children_form_a_tree_in_start_order) {
  ControlledRandom r;
  Tracer t(r, config());
  SpanHandle root = t.start_transaction("tx", "navigation", "url", 10, nullptr, rate(1));
  SpanHandle a = t.start_child(root, "http.client", "GET /a", 11);
  SpanHandle b = t.start_child(a, "db", "select", 12);
  SpanHandle c = t.start_child(root, "ui", "", 13);
  BOOST_REQUIRE((a && b && c));
  std::set<SpanHandle> handles{root, a, b, c};
  BOOST_TEST(handles.size() == 4u);

  BOOST_TEST(t.set_http_status(a, 404));
  BOOST_TEST(t.set_origin(a, "auto.http.browser"));
  BOOST_TEST(t.set_status(c, "internal_error"));
  BOOST_TEST(!t.set_status(c, "exploded"));
  BOOST_TEST(!t.set_data(c, "", Value(1)));
  BOOST_TEST(t.set_description(c, "click"));

  BOOST_TEST((t.end(b, 12.5).status == EndStatus::ended));
  BOOST_TEST((t.end(a, 13).status == EndStatus::ended));
  BOOST_TEST((t.end(c, 14).status == EndStatus::ended));
  BOOST_TEST(!t.set_data(a, "late", Value(1)));  // ended spans are immutable
  auto res = t.end(root, 15);
  BOOST_REQUIRE(res.transaction);
  const Value& spans = res.transaction->event.get("spans");
  BOOST_REQUIRE(spans.size() == 3u);
  auto sa = spans.as_array()[0];
  auto sb = spans.as_array()[1];
  auto sc = spans.as_array()[2];
  const std::string root_id = res.transaction->event.get("contexts").get("trace").get("span_id").as_string();
  BOOST_TEST(sa.get("parent_span_id").as_string() == root_id);
  BOOST_TEST(sb.get("parent_span_id").as_string() == sa.get("span_id").as_string());
  BOOST_TEST(sc.get("parent_span_id").as_string() == root_id);
  BOOST_TEST(sa.get("status").as_string() == "not_found");
  BOOST_TEST(sa.get("data").get("http.response.status_code").as_int() == 404);
  BOOST_TEST(sa.get("origin").as_string() == "auto.http.browser");
  BOOST_TEST(sa.get("description").as_string() == "GET /a");
  BOOST_TEST(sb.get("status").as_string() == "ok");  // unset status ends as ok
  BOOST_TEST(sb.get("timestamp").as_double() == 12.5);
  BOOST_TEST(sc.get("status").as_string() == "internal_error");
  BOOST_TEST(sc.get("description").as_string() == "click");
  for (const auto& sp : spans.as_array()) {
    BOOST_TEST(sp.get("trace_id").as_string() == res.transaction->dsc.trace_id);
  }
  BOOST_TEST(res.transaction->span_count == 4u);
  // URL-named transactions keep their name out of the DSC.
  BOOST_TEST(res.transaction->dsc.transaction.empty());
}

BOOST_AUTO_TEST_CASE(open_children_are_cancelled_at_the_root_end) {
  ControlledRandom r;
  Tracer t(r, config());
  SpanHandle root = t.start_transaction("tx", "op", "custom", 10, nullptr, rate(1));
  SpanHandle open = t.start_child(root, "slow", "", 11);
  SpanHandle late = t.start_child(root, "late", "", 30);  // starts after the root will end
  BOOST_TEST(t.set_status(open, "ok"));
  auto res = t.end(root, 20);
  BOOST_REQUIRE(res.transaction);
  const auto& spans = res.transaction->event.get("spans").as_array();
  BOOST_REQUIRE(spans.size() == 2u);
  BOOST_TEST(spans[0].get("status").as_string() == "cancelled");
  BOOST_TEST(spans[0].get("timestamp").as_double() == 20.0);
  BOOST_TEST(spans[1].get("status").as_string() == "cancelled");
  BOOST_TEST(spans[1].get("timestamp").as_double() == 30.0);  // never before its start

  // The child ended after the root is gone: a harmless no-op.
  BOOST_TEST((t.end(open, 25).status == EndStatus::unknown_handle));
  BOOST_TEST((t.end(late, 31).status == EndStatus::unknown_handle));
  BOOST_TEST(t.live_handles() == 0u);
}

BOOST_AUTO_TEST_CASE(ending_twice) {
  ControlledRandom r;
  Tracer t(r, config());
  SpanHandle root = t.start_transaction("tx", "op", "custom", 10, nullptr, rate(1));
  SpanHandle c = t.start_child(root, "c", "", 11);
  BOOST_TEST((t.end(c, 12).status == EndStatus::ended));
  BOOST_TEST((t.end(c, 13).status == EndStatus::already_ended));
  BOOST_TEST(t.span(c)->timestamp.value() == 12.0);  // the first end stands
  auto first = t.end(root, 14);
  BOOST_TEST(first.transaction.has_value());
  auto second = t.end(root, 15);
  BOOST_TEST((second.status == EndStatus::unknown_handle));
  BOOST_TEST(!second.transaction.has_value());
}

BOOST_AUTO_TEST_CASE(unknown_handles_are_rejected_everywhere) {
  ControlledRandom r;
  Tracer t(r, config());
  for (SpanHandle h : {kNoSpan, SpanHandle{12345}, SpanHandle{0xFFFFFFFFu}}) {
    BOOST_TEST(t.start_child(h, "op", "", 1) == kNoSpan);
    BOOST_TEST(!t.set_status(h, "ok"));
    BOOST_TEST(!t.set_http_status(h, 200));
    BOOST_TEST(!t.set_data(h, "k", Value(1)));
    BOOST_TEST(!t.set_origin(h, "x"));
    BOOST_TEST(!t.set_description(h, "x"));
    BOOST_TEST(!t.set_name(h, "x", "custom"));
    BOOST_TEST(!t.set_measurement(h, "lcp", 1, "millisecond"));
    BOOST_TEST(!t.set_replay_id(h, "r"));
    BOOST_TEST((t.end(h, 1).status == EndStatus::unknown_handle));
    BOOST_TEST(!t.trace_headers_for(h).has_value());
    BOOST_TEST(!t.trace_context_for(h).has_value());
    BOOST_TEST(!t.dsc_for(h).has_value());
    BOOST_TEST(!t.span(h).has_value());
    BOOST_TEST(!t.is_recording(h));
    BOOST_TEST(t.root_of(h) == kNoSpan);
  }
}

BOOST_AUTO_TEST_CASE(non_finite_times) {
  ControlledRandom r;
  Tracer t(r, config());
  const double inf = std::numeric_limits<double>::infinity();
  BOOST_TEST(t.start_transaction("tx", "op", "custom", kNaN, nullptr, rate(1)) == kNoSpan);
  BOOST_TEST(t.start_transaction("tx", "op", "custom", inf, nullptr, rate(1)) == kNoSpan);
  SpanHandle root = t.start_transaction("tx", "op", "custom", 10, nullptr, rate(1));
  BOOST_TEST(t.start_child(root, "c", "", kNaN) == kNoSpan);
  BOOST_TEST(t.start_child(root, "c", "", -inf) == kNoSpan);
  SpanHandle c = t.start_child(root, "c", "", 11);
  BOOST_TEST((t.end(c, kNaN).status == EndStatus::invalid_time));
  BOOST_TEST(t.is_recording(c));
  BOOST_TEST((t.end(root, inf).status == EndStatus::invalid_time));
  BOOST_TEST(t.is_recording(root));
  BOOST_TEST(!t.set_measurement(root, "lcp", kNaN, ""));
  BOOST_TEST((t.end(c, 12).status == EndStatus::ended));
  auto res = t.end(root, 13);
  BOOST_REQUIRE(res.transaction);
  BOOST_TEST(to_json(res.transaction->event).find("null") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(end_before_start_is_clamped) {
  ControlledRandom r;
  Tracer t(r, config());
  SpanHandle root = t.start_transaction("tx", "op", "custom", 10, nullptr, rate(1));
  SpanHandle c = t.start_child(root, "c", "", 11);
  t.end(c, 5);
  BOOST_TEST(t.span(c)->timestamp.value() == 11.0);
  auto res = t.end(root, 1);
  BOOST_REQUIRE(res.transaction);
  BOOST_TEST(res.transaction->event.get("timestamp").as_double() == 10.0);
}

BOOST_AUTO_TEST_CASE(span_cap_drops_and_counts_the_overflow) {
  ControlledRandom r;
  Tracer t(r, config());
  SpanHandle root = t.start_transaction("tx", "op", "custom", 10, nullptr, rate(1));
  std::vector<SpanHandle> kids;
  for (int i = 0; i < 1005; ++i) {
    SpanHandle h = t.start_child(root, "c", std::to_string(i), 11);
    BOOST_REQUIRE(h != kNoSpan);
    kids.push_back(h);
  }
  // Overflowed spans still propagate, but record nothing.
  SpanHandle extra = kids.back();
  BOOST_TEST(!t.is_recording(extra));
  BOOST_TEST(!t.set_data(extra, "k", Value(1)));
  auto headers = t.trace_headers_for(extra);
  BOOST_REQUIRE(headers);
  BOOST_TEST(headers->sentry_trace.find(t.span(extra)->span_id) != std::string::npos);
  SpanHandle grandchild = t.start_child(extra, "g", "", 12);  // child of a dropped span
  BOOST_TEST(!t.is_recording(grandchild));
  SpanHandle recorded_child = t.start_child(kids.front(), "g2", "", 12);  // cap reached
  BOOST_TEST(!t.is_recording(recorded_child));

  BOOST_TEST((t.end(kids[1003], 13).status == EndStatus::ended));
  BOOST_TEST((t.end(kids[1003], 13).status == EndStatus::unknown_handle));  // forgotten
  for (int i = 0; i < 10; ++i) t.end(kids[i], 13);

  auto res = t.end(root, 20);
  BOOST_REQUIRE(res.transaction);
  BOOST_TEST(res.transaction->event.get("spans").size() == 1000u);
  BOOST_TEST(res.transaction->span_count == 1001u);
  BOOST_TEST(res.transaction->dropped_spans == 7u);  // 5 over the cap + 2 children of them/full
  BOOST_TEST(res.transaction->event.get("spans").as_array()[999].get("description").as_string() ==
             "999");
  BOOST_TEST(t.live_handles() == 0u);

  TracerConfig small = config();
  small.max_spans = 2;
  Tracer t2(r, small);
  SpanHandle r2 = t2.start_transaction("tx", "op", "custom", 1, nullptr, rate(1));
  for (int i = 0; i < 3; ++i) t2.start_child(r2, "c", "", 1);
  auto res2 = t2.end(r2, 2);
  BOOST_TEST(res2.transaction->event.get("spans").size() == 2u);
  BOOST_TEST(res2.transaction->dropped_spans == 1u);
}

BOOST_AUTO_TEST_CASE(open_handle_budget) {
  ControlledRandom r;
  TracerConfig c = config();
  c.max_open_spans = 3;
  Tracer t(r, c);
  SpanHandle root = t.start_transaction("tx", "op", "custom", 1, nullptr, rate(1));
  SpanHandle a = t.start_child(root, "a", "", 1);
  SpanHandle b = t.start_transaction("tx2", "op", "custom", 1, nullptr, rate(1));
  BOOST_TEST((a && b));
  BOOST_TEST(t.start_child(root, "x", "", 1) == kNoSpan);
  BOOST_TEST(t.start_transaction("tx3", "op", "custom", 1, nullptr, rate(1)) == kNoSpan);
  t.end(b, 2);
  SpanHandle again = t.start_child(root, "y", "", 2);
  BOOST_TEST(again != kNoSpan);
  BOOST_TEST(again != b);  // handles are not reused right away
}

BOOST_AUTO_TEST_CASE(unsampled_root_is_a_no_op_that_still_propagates) {
  ControlledRandom r;
  Tracer t(r, config());
  SpanHandle root = t.start_transaction("tx", "op", "custom", 1, nullptr, rate(0));
  BOOST_REQUIRE(root != kNoSpan);
  BOOST_TEST(!t.is_recording(root));
  BOOST_TEST(!t.set_data(root, "k", Value(1)));
  BOOST_TEST(!t.set_status(root, "ok"));
  SpanHandle c = t.start_child(root, "http.client", "GET", 2);
  BOOST_REQUIRE(c != kNoSpan);
  auto h = t.trace_headers_for(c);
  BOOST_REQUIRE(h);
  BOOST_TEST(h->sentry_trace.size() == 51u);
  BOOST_TEST(h->sentry_trace.substr(49) == "-0");
  BOOST_TEST(h->baggage.find("sentry-sampled=false") != std::string::npos);
  BOOST_TEST(h->baggage.find("sentry-sample_rate=0") != std::string::npos);
  BOOST_TEST((t.end(c, 3).status == EndStatus::ended));
  t.start_child(root, "open", "", 3);
  auto res = t.end(root, 4);
  BOOST_REQUIRE(res.transaction);
  BOOST_TEST(!res.transaction->sampled);
  BOOST_TEST(res.transaction->sample_rate_discard);
  BOOST_TEST(res.transaction->event.is_null());
  BOOST_TEST(res.transaction->span_count == 3u);  // root + 2 children lost to sampling
  BOOST_TEST(res.transaction->dropped_spans == 0u);
  BOOST_TEST(!make_transaction_envelope(*res.transaction).has_value());
  BOOST_TEST(t.live_handles() == 0u);
}

BOOST_AUTO_TEST_CASE(tracing_off_propagates_without_a_decision) {
  ControlledRandom r;
  Tracer t(r, config());
  SpanHandle root = t.start_transaction("tx", "op", "custom", 1, nullptr, SamplingInputs{});
  auto h = t.trace_headers_for(root);
  BOOST_REQUIRE(h);
  BOOST_TEST(h->sentry_trace.size() == 49u);  // no flag: downstream decides
  BOOST_TEST(h->baggage.find("sentry-sampled") == std::string::npos);
  BOOST_TEST(h->baggage.find("sentry-sample_rate") == std::string::npos);
  BOOST_TEST(h->baggage.find("sentry-sample_rand=0.") != std::string::npos);
  BOOST_TEST(h->baggage.find("sentry-trace_id=") != std::string::npos);
  auto res = t.end(root, 2);
  BOOST_TEST(!res.transaction->sampled);
  BOOST_TEST(!res.transaction->sample_rate_discard);  // nothing to report: tracing is off

  // With tracing off, an incoming decision is passed on unchanged.
  IncomingTrace in = incoming(kTrace + "-" + kParent + "-1");
  SpanHandle cont = t.start_transaction("tx", "op", "custom", 1, &in, SamplingInputs{});
  BOOST_TEST(!t.is_recording(cont));
  BOOST_TEST(t.trace_headers_for(cont)->sentry_trace.substr(49) == "-1");
}

BOOST_AUTO_TEST_CASE(sample_rand_decides_against_the_rate) {
  for (double draw : {0.4, 0.6}) {
    ControlledRandom r;
    r.at(3, draw);  // trace id (2 draws), span id, then sample_rand
    Tracer t(r, config());
    SpanHandle root = t.start_transaction("tx", "op", "custom", 1, nullptr, rate(0.5));
    BOOST_TEST(t.is_recording(root) == (draw < 0.5));
    auto dsc = t.dsc_for(root);
    BOOST_REQUIRE(dsc);
    BOOST_TEST(dsc->sample_rand.value() == draw);
    BOOST_TEST(dsc->sample_rate.value() == 0.5);
    BOOST_TEST(dsc->sampled.value() == (draw < 0.5));
  }
}

BOOST_AUTO_TEST_CASE(sample_rand_is_truncated_before_deciding) {
  ControlledRandom r;
  r.at(3, 0.2500004);  // truncates to 0.250000, which is not below 0.25
  Tracer t(r, config());
  SpanHandle root = t.start_transaction("tx", "op", "custom", 1, nullptr, rate(0.25));
  BOOST_TEST(!t.is_recording(root));
  BOOST_TEST(t.dsc_for(root)->sample_rand.value() == 0.25);
}

BOOST_AUTO_TEST_CASE(sampler_wins_over_parent_and_rate) {
  ControlledRandom r;
  Tracer t(r, config());
  IncomingTrace yes = incoming(kTrace + "-" + kParent + "-1", "sentry-trace_id=" + kTrace +
                                                                    ",sentry-sample_rand=0.3");
  IncomingTrace no = incoming(kTrace + "-" + kParent + "-0", "sentry-trace_id=" + kTrace +
                                                                   ",sentry-sample_rand=0.3");
  BOOST_TEST(!t.is_recording(t.start_transaction("a", "op", "custom", 1, &yes, sampler(0, 1))));
  BOOST_TEST(t.is_recording(t.start_transaction("b", "op", "custom", 1, &no, sampler(1, 0))));
  // A fractional sampler rate is compared with the propagated sample_rand.
  BOOST_TEST(t.is_recording(t.start_transaction("c", "op", "custom", 1, &no, sampler(0.5))));
  BOOST_TEST(!t.is_recording(t.start_transaction("d", "op", "custom", 1, &yes, sampler(0.2))));
  // An invalid sampler result drops, and is a sample_rate discard.
  SpanHandle bad = t.start_transaction("e", "op", "custom", 1, nullptr, sampler(kNaN));
  BOOST_TEST(!t.is_recording(bad));
  auto res = t.end(bad, 2);
  BOOST_TEST(res.transaction->sample_rate_discard);
  BOOST_TEST(!res.transaction->dsc.sample_rate.has_value());
}

BOOST_AUTO_TEST_CASE(parent_decision_is_inherited_over_the_rate) {
  ControlledRandom r;
  Tracer t(r, config());
  IncomingTrace yes = incoming(kTrace + "-" + kParent + "-1");
  IncomingTrace no = incoming(kTrace + "-" + kParent + "-0");
  IncomingTrace undecided = incoming(kTrace + "-" + kParent);
  SpanHandle a = t.start_transaction("a", "op", "custom", 1, &yes, rate(0));
  BOOST_TEST(t.is_recording(a));
  BOOST_TEST(t.span(a)->trace_id == kTrace);
  BOOST_TEST(t.span(a)->parent_span_id == kParent);
  BOOST_TEST(!t.is_recording(t.start_transaction("b", "op", "custom", 1, &no, rate(1))));
  BOOST_TEST(t.is_recording(t.start_transaction("c", "op", "custom", 1, &undecided, rate(1))));
  BOOST_TEST(!t.is_recording(t.start_transaction("d", "op", "custom", 1, &undecided, rate(0))));

  auto ctx = t.trace_context_for(a);
  BOOST_REQUIRE(ctx);
  BOOST_TEST(ctx->get("trace_id").as_string() == kTrace);
  BOOST_TEST(ctx->get("parent_span_id").as_string() == kParent);
  BOOST_TEST(ctx->get("span_id").as_string() == t.span(a)->span_id);
}

BOOST_AUTO_TEST_CASE(missing_sample_rand_is_drawn_consistent_with_the_parent) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    ControlledRandom r(seed);
    Tracer t(r, config());
    IncomingTrace yes = incoming(kTrace + "-" + kParent + "-1",
                                 "sentry-trace_id=" + kTrace + ",sentry-sample_rate=0.25");
    IncomingTrace no = incoming(kTrace + "-" + kParent + "-0",
                                "sentry-trace_id=" + kTrace + ",sentry-sample_rate=0.25");
    double ry = t.dsc_for(t.start_transaction("y", "op", "custom", 1, &yes, rate(1)))->sample_rand.value();
    double rn = t.dsc_for(t.start_transaction("n", "op", "custom", 1, &no, rate(1)))->sample_rand.value();
    BOOST_TEST_REQUIRE(ry < 0.25);
    BOOST_TEST_REQUIRE(rn >= 0.25);
    BOOST_TEST_REQUIRE(rn < 1.0);
  }
  // The edge of the unsampled range: a draw of 0 lands at the rate itself, still not below it.
  ControlledRandom r;
  r.at(1, 0.0);  // span id, then sample_rand
  Tracer t(r, config());
  IncomingTrace no = incoming(kTrace + "-" + kParent + "-0",
                              "sentry-trace_id=" + kTrace + ",sentry-sample_rate=0.1234567");
  double rn = t.dsc_for(t.start_transaction("n", "op", "custom", 1, &no, rate(1)))->sample_rand.value();
  BOOST_TEST(rn >= 0.1234567);
  BOOST_TEST(rn == 0.123457);
}

BOOST_AUTO_TEST_CASE(incoming_dsc_is_frozen_as_is) {
  ControlledRandom r;
  Tracer t(r, config());
  IncomingTrace in = incoming(
      kTrace + "-" + kParent + "-1",
      "vendor=x,sentry-trace_id=" + kTrace +
          ",sentry-public_key=upstream,sentry-release=backend%401,sentry-sample_rate=0.1,"
          "sentry-sampled=true,sentry-user_segment=vip");
  SpanHandle root = t.start_transaction("tx", "op", "route", 1, &in, rate(1));
  BOOST_TEST(!t.set_replay_id(root, "replay"));  // frozen from the start
  auto h = t.trace_headers_for(root, "mine=1,sentry-release=forged");
  BOOST_REQUIRE(h);
  BOOST_TEST(h->sentry_trace == kTrace + "-" + t.span(root)->span_id + "-1");
  auto back = parse_baggage(h->baggage);
  BOOST_TEST(back.entries.front().key == "mine");
  auto dsc = DynamicSamplingContext::from_baggage(back.entries);
  BOOST_REQUIRE(dsc);
  BOOST_TEST(dsc->public_key == "upstream");
  BOOST_TEST(dsc->release == "backend@1");
  BOOST_TEST(dsc->sample_rate.value() == 0.1);
  BOOST_TEST(dsc->transaction.empty());  // not ours to add
  BOOST_TEST(dsc->sample_rand.value() < 0.1);  // added, consistent with the upstream decision
  BOOST_REQUIRE(dsc->other.size() == 1u);
  BOOST_TEST(dsc->other[0].first == "user_segment");
  BOOST_TEST(h->baggage.find("vendor") == std::string::npos);  // incoming third-party is the host's
  auto res = t.end(root, 2);
  BOOST_TEST(res.transaction->dsc.public_key == "upstream");
  BOOST_TEST(res.transaction->event.get("contexts").get("trace").get("parent_span_id").as_string() ==
             kParent);
  BOOST_TEST(res.transaction->event.get("contexts").get("trace").get("data").get("sentry.sample_rate")
                 .as_double() == 0.1);
}

BOOST_AUTO_TEST_CASE(incoming_without_baggage_has_an_empty_frozen_dsc) {
  ControlledRandom r;
  Tracer t(r, config());
  IncomingTrace in = incoming(kTrace + "-" + kParent + "-1", "other=1");
  BOOST_TEST(!in.dsc.has_value());
  SpanHandle root = t.start_transaction("tx", "op", "custom", 1, &in, rate(1));
  auto h = t.trace_headers_for(root, "sentry-release=stale,x=1");
  BOOST_TEST(h->baggage == "x=1");
  auto res = t.end(root, 2);
  BOOST_TEST(res.transaction->dsc.empty());
  auto env = make_transaction_envelope(*res.transaction);
  BOOST_REQUIRE(env);
  BOOST_TEST(!env->headers.find("trace"));
}

BOOST_AUTO_TEST_CASE(parse_incoming_trace_rejects_and_filters) {
  BOOST_TEST(!parse_incoming_trace("", "sentry-trace_id=" + kTrace).has_value());
  BOOST_TEST(!parse_incoming_trace("garbage", "").has_value());
  BOOST_TEST(!parse_incoming_trace(kTrace + "-" + kParent + "-9", "").has_value());
  auto mismatch = parse_incoming_trace(kTrace + "-" + kParent,
                                       "sentry-trace_id=11111111111111111111111111111111");
  BOOST_REQUIRE(mismatch);
  BOOST_TEST(!mismatch->dsc.has_value());
  auto upper = parse_incoming_trace(kTrace + "-" + kParent,
                                    "sentry-trace_id=771A43A4192642F0B136D5159A501700");
  BOOST_TEST(upper->dsc.has_value());
  auto rand = parse_incoming_trace(kTrace + "-" + kParent + "-1",
                                   "sentry-sample_rand=0.42,sentry-sample_rate=0.5");
  BOOST_TEST(rand->parent_sampled.value());
  BOOST_TEST(rand->dsc->sample_rand.value() == 0.42);
}

BOOST_AUTO_TEST_CASE(incoming_sample_rand_is_kept) {
  ControlledRandom r;
  Tracer t(r, config());
  IncomingTrace in = incoming(kTrace + "-" + kParent,
                              "sentry-trace_id=" + kTrace + ",sentry-sample_rand=0.7");
  SpanHandle a = t.start_transaction("a", "op", "custom", 1, &in, rate(0.5));
  BOOST_TEST(!t.is_recording(a));  // 0.7 >= 0.5
  SpanHandle b = t.start_transaction("b", "op", "custom", 1, &in, rate(0.8));
  BOOST_TEST(t.is_recording(b));
  BOOST_TEST(t.dsc_for(b)->sample_rand.value() == 0.7);
}

BOOST_AUTO_TEST_CASE(head_dsc_freezes_on_first_propagation) {
  ControlledRandom r;
  Tracer t(r, config());
  SpanHandle root = t.start_transaction("/page", "pageload", "url", 1, nullptr, rate(1));
  BOOST_TEST(t.set_replay_id(root, "replay1"));
  BOOST_TEST(t.set_name(root, "/users/:id", "route"));
  SpanHandle c = t.start_child(root, "http.client", "GET", 2);
  auto h1 = t.trace_headers_for(c);
  BOOST_REQUIRE(h1);
  BOOST_TEST(h1->baggage.find("sentry-transaction=%2Fusers%2F%3Aid") != std::string::npos);
  BOOST_TEST(h1->baggage.find("sentry-replay_id=replay1") != std::string::npos);
  BOOST_TEST(h1->sentry_trace.find(t.span(c)->span_id) != std::string::npos);

  BOOST_TEST(t.set_name(root, "/renamed", "route"));
  BOOST_TEST(!t.set_replay_id(root, "replay2"));
  auto h2 = t.trace_headers_for(root);
  BOOST_TEST(h2->baggage == h1->baggage);  // frozen
  auto res = t.end(root, 3);
  BOOST_TEST(res.transaction->event.get("transaction").as_string() == "/renamed");
  BOOST_TEST(res.transaction->dsc.transaction == "/users/:id");

  // Without propagation the DSC takes the name the transaction ended with.
  SpanHandle r2 = t.start_transaction("/a", "pageload", "url", 1, nullptr, rate(1));
  t.set_name(r2, "/b/:id", "route");
  BOOST_TEST(!t.set_name(r2, "", "route"));
  auto res2 = t.end(r2, 2);
  BOOST_TEST(res2.transaction->dsc.transaction == "/b/:id");
  BOOST_TEST(res2.transaction->event.get("transaction_info").get("source").as_string() == "route");
}

BOOST_AUTO_TEST_CASE(names_and_sources_are_normalised) {
  ControlledRandom r;
  Tracer t(r, config());
  SpanHandle root = t.start_transaction("", "op", "bogus", 1, nullptr, rate(1));
  auto res = t.end(root, 2);
  BOOST_TEST(res.transaction->event.get("transaction").as_string() == "<unlabeled transaction>");
  BOOST_TEST(res.transaction->event.get("transaction_info").get("source").as_string() == "custom");
  BOOST_TEST(is_transaction_source("component"));
  BOOST_TEST(!is_transaction_source("URL"));
}

BOOST_AUTO_TEST_CASE(measurements_on_the_transaction) {
  ControlledRandom r;
  Tracer t(r, config());
  SpanHandle root = t.start_transaction("tx", "pageload", "url", 1, nullptr, rate(1));
  SpanHandle c = t.start_child(root, "c", "", 1);
  BOOST_TEST(t.set_measurement(c, "lcp", 1234.5, "millisecond"));  // via any span
  BOOST_TEST(t.set_measurement(root, "cls", 0.1, ""));
  BOOST_TEST(t.set_measurement(root, "lcp", 1000, "millisecond"));  // replaces
  BOOST_TEST(!t.set_measurement(root, "", 1, ""));
  auto res = t.end(root, 2);
  const Value& m = res.transaction->event.get("measurements");
  BOOST_TEST(m.size() == 2u);
  BOOST_TEST(m.get("lcp").get("value").as_double() == 1000.0);
  BOOST_TEST(m.get("lcp").get("unit").as_string() == "millisecond");
  BOOST_TEST(!m.get("cls").find("unit"));
}

BOOST_AUTO_TEST_CASE(transaction_envelope) {
  ControlledRandom r;
  Tracer t(r, config());
  SpanHandle root = t.start_transaction("tx", "op", "custom", 1, nullptr, rate(1));
  t.start_child(root, "a", "", 1);
  t.start_child(root, "b", "", 1);
  auto res = t.end(root, 2);
  auto env = make_transaction_envelope(*res.transaction);
  BOOST_REQUIRE(env);
  BOOST_TEST(env->headers.get("event_id").as_string() == res.transaction->event.get("event_id").as_string());
  const Value& trace = env->headers.get("trace");
  BOOST_TEST(trace.get("public_key").as_string() == "49d0f7386ad645858ae85020e393bef3");
  BOOST_TEST(trace.get("trace_id").as_string() == res.transaction->dsc.trace_id);
  BOOST_TEST(trace.get("sampled").as_string() == "true");
  BOOST_TEST(trace.get("transaction").as_string() == "tx");
  BOOST_REQUIRE(env->items.size() == 1u);
  BOOST_TEST(env->items[0].type() == "transaction");
  auto counts = item_counts(env->items[0]);
  BOOST_REQUIRE(counts.size() == 2u);
  BOOST_TEST(counts[1].quantity == 3u);
  auto parsed = parse_envelope(env->serialize());
  BOOST_REQUIRE(parsed.ok);
  BOOST_TEST((parsed.envelope.headers == env->headers));

  Value headers = Value::object();
  BOOST_TEST(!apply_trace_header(headers, DynamicSamplingContext{}));
  BOOST_TEST(!headers.find("trace"));
  BOOST_TEST(apply_trace_header(headers, res.transaction->dsc));
  BOOST_TEST((headers.get("trace") == trace));
}

BOOST_AUTO_TEST_CASE(error_events_join_the_trace) {
  ControlledRandom r;
  Tracer t(r, config());
  SpanHandle root = t.start_transaction("tx", "op", "custom", 1, nullptr, rate(1));
  SpanHandle c = t.start_child(root, "c", "", 1);
  auto ctx = t.trace_context_for(c);
  BOOST_REQUIRE(ctx);
  BOOST_TEST(ctx->size() == 3u);
  BOOST_TEST(ctx->get("span_id").as_string() == t.span(c)->span_id);
  BOOST_TEST(ctx->get("parent_span_id").as_string() == t.span(root)->span_id);
  auto root_ctx = t.trace_context_for(root);
  BOOST_TEST(root_ctx->size() == 2u);  // head of trace: no parent
  auto dsc = t.dsc_for(c);
  BOOST_REQUIRE(dsc);
  BOOST_TEST(dsc->trace_id == ctx->get("trace_id").as_string());
  BOOST_TEST(t.root_of(c) == root);
}

BOOST_AUTO_TEST_CASE(sampling_context_for_the_host_sampler) {
  IncomingTrace in = incoming(kTrace + "-" + kParent + "-0",
                              "sentry-trace_id=" + kTrace + ",sentry-sample_rate=0.3");
  Value ctx = make_sampling_context("/x", "pageload", "url", &in);
  BOOST_TEST(ctx.get("name").as_string() == "/x");
  BOOST_TEST(ctx.get("parentSampled").as_bool(true) == false);
  BOOST_TEST(ctx.get("parentSampleRate").as_double() == 0.3);
  BOOST_TEST(ctx.get("attributes").get("sentry.op").as_string() == "pageload");
  BOOST_TEST(ctx.get("attributes").get("sentry.source").as_string() == "url");
  BOOST_TEST(ctx.get("transactionContext").get("op").as_string() == "pageload");
  Value head = make_sampling_context("", "", "nope", nullptr);
  BOOST_TEST(!head.find("parentSampled"));
  BOOST_TEST(!head.find("parentSampleRate"));
  BOOST_TEST(head.get("attributes").get("sentry.source").as_string() == "custom");
}

BOOST_AUTO_TEST_CASE(same_seed_same_trace) {
  auto run = [] {
    ControlledRandom r(42);
    Tracer t(r, config());
    SpanHandle root = t.start_transaction("tx", "op", "custom", 1, nullptr, rate(0.999));
    SpanHandle c = t.start_child(root, "c", "d", 1.5);
    t.end(c, 1.75);
    auto res = t.end(root, 2);
    return to_json(res.transaction->event) + to_json(res.transaction->dsc.to_value());
  };
  BOOST_TEST(run() == run());
}

BOOST_AUTO_TEST_CASE(all_zero_randomness_still_gives_valid_ids) {
  class Zero final : public Random {
   public:
    std::uint64_t next_u64() override { return 0; }
  } zero;
  Tracer t(zero, config());
  SpanHandle root = t.start_transaction("tx", "op", "custom", 1, nullptr, rate(1));
  auto h = t.trace_headers_for(root);
  BOOST_REQUIRE(h);
  BOOST_TEST(parse_sentry_trace(h->sentry_trace).has_value());
}
