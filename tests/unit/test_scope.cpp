#define BOOST_TEST_MODULE scope
#include <boost/test/unit_test.hpp>

#include "core/event.h"
#include "core/json.h"
#include "core/scope.h"

using namespace vigil;

namespace vigil {
// Lets BOOST_TEST print both sides of a failed Value comparison.
std::ostream& operator<<(std::ostream& os, const Value& v) { return os << to_json(v); }
}  // namespace vigil

namespace {
Value parse(const char* text) {
  auto r = parse_json(text);
  BOOST_REQUIRE_MESSAGE(r.ok, r.error);
  return r.value;
}
Breadcrumb crumb(const std::string& message, double ts = 0) {
  Breadcrumb b;
  b.message = message;
  b.timestamp = ts;
  return b;
}
std::vector<std::string> messages(const std::vector<Breadcrumb>& list) {
  std::vector<std::string> out;
  for (const auto& b : list) out.push_back(b.message);
  return out;
}
std::vector<std::string> messages(const std::deque<Breadcrumb>& list) {
  return messages(std::vector<Breadcrumb>(list.begin(), list.end()));
}
}  // namespace

BOOST_AUTO_TEST_CASE(tags_set_replace_remove) {
  Scope s;
  s.set_tag("a", "1");
  s.set_tag("a", "2");
  s.set_tags(parse(R"({"n":5,"b":false,"f":0.5,"skip":null,"obj":{}})"));
  s.set_tags(std::map<std::string, std::string>{{"m", "x"}});
  s.remove_tag("missing");
  BOOST_TEST(s.tags().size() == 5u);
  BOOST_TEST(s.tags().at("a") == "2");
  BOOST_TEST(s.tags().at("n") == "5");
  BOOST_TEST(s.tags().at("b") == "false");
  BOOST_TEST(s.tags().at("f") == "0.5");
  s.remove_tag("a");
  BOOST_TEST(!s.tags().count("a"));
  s.set_tags(Value("not an object"));
  BOOST_TEST(s.tags().size() == 4u);
}

BOOST_AUTO_TEST_CASE(user_context_extra_semantics) {
  Scope s;
  s.set_user(parse(R"({"id":"1"})"));
  BOOST_TEST(s.user().get("id").as_string() == "1");
  s.set_user(Value("junk"));  // ignored
  BOOST_TEST(s.user().get("id").as_string() == "1");
  s.set_user(Value::object());  // {} clears, like null
  BOOST_TEST(s.user().is_null());
  s.set_user(parse(R"({"id":"2"})"));
  s.set_user(Value());
  BOOST_TEST(s.user().is_null());

  s.set_context("os", parse(R"({"name":"Linux"})"));
  s.set_context("app", parse(R"({"v":1})"));
  s.set_context("os", parse(R"({"name":"Mac"})"));
  BOOST_TEST(to_json(s.contexts()) == R"({"os":{"name":"Mac"},"app":{"v":1}})");
  s.set_context("os", Value());
  s.set_context("app", Value());
  BOOST_TEST(s.contexts().is_null());

  s.set_extra("a", 1);
  s.set_extras(parse(R"({"b":[1],"a":2,"gone":null})"));
  BOOST_TEST(to_json(s.extras()) == R"({"a":2,"b":[1]})");
  s.set_extra("a", Value());
  BOOST_TEST(to_json(s.extras()) == R"({"b":[1]})");
  s.set_extras(Value(5));  // ignored
  BOOST_TEST(s.extras().size() == 1u);
}

BOOST_AUTO_TEST_CASE(breadcrumb_ring_buffer) {
  Scope s(3);
  for (int i = 0; i < 5; ++i) s.add_breadcrumb(crumb("c" + std::to_string(i)));
  BOOST_TEST((messages(s.breadcrumbs()) == std::vector<std::string>{"c2", "c3", "c4"}));
  s.set_max_breadcrumbs(2);
  BOOST_TEST((messages(s.breadcrumbs()) == std::vector<std::string>{"c3", "c4"}));
  s.set_max_breadcrumbs(10);
  s.add_breadcrumb(crumb("c5"));
  BOOST_TEST(s.breadcrumbs().size() == 3u);
  s.clear_breadcrumbs();
  BOOST_TEST(s.breadcrumbs().empty());

  Scope off(0);
  off.add_breadcrumb(crumb("x"));
  BOOST_TEST(off.breadcrumbs().empty());

  Scope dflt;
  BOOST_TEST(dflt.max_breadcrumbs() == 100u);
  for (int i = 0; i < 250; ++i) dflt.add_breadcrumb(crumb(std::to_string(i)));
  BOOST_TEST(dflt.breadcrumbs().size() == 100u);
  BOOST_TEST(dflt.breadcrumbs().front().message == "150");
}

BOOST_AUTO_TEST_CASE(clone_is_independent) {
  Scope outer;
  outer.set_tag("t", "outer");
  outer.set_extra("e", 1);
  outer.add_breadcrumb(crumb("outer"));
  Scope inner = outer;  // withScope
  inner.set_tag("t", "inner");
  inner.set_extra("e", 2);
  inner.add_breadcrumb(crumb("inner"));
  inner.set_level(Level::fatal);
  BOOST_TEST(outer.tags().at("t") == "outer");
  BOOST_TEST(outer.extras().get("e").as_int() == 1);
  BOOST_TEST(outer.breadcrumbs().size() == 1u);
  BOOST_TEST(!outer.level());
  BOOST_TEST(inner.breadcrumbs().size() == 2u);
}

BOOST_AUTO_TEST_CASE(clear_keeps_configuration) {
  Scope s(5);
  s.set_tag("a", "b");
  s.set_user(parse(R"({"id":"1"})"));
  s.set_level(Level::debug);
  s.set_fingerprint({"x"});
  s.set_transaction_name("/t");
  s.add_breadcrumb(crumb("c"));
  s.clear();
  BOOST_TEST(s.tags().empty());
  BOOST_TEST(s.user().is_null());
  BOOST_TEST(!s.level());
  BOOST_TEST(s.fingerprint().empty());
  BOOST_TEST(s.transaction_name().empty());
  BOOST_TEST(s.breadcrumbs().empty());
  BOOST_TEST(s.max_breadcrumbs() == 5u);
}

BOOST_AUTO_TEST_CASE(apply_event_data_wins) {
  Scope s;
  s.set_tag("shared", "scope");
  s.set_tag("scope_only", "s");
  s.set_extra("shared", "scope");
  s.set_extra("scope_only", 1);
  s.set_context("os", parse(R"({"name":"scope"})"));
  s.set_context("browser", parse(R"({"name":"Chrome"})"));
  s.set_user(parse(R"({"id":"scope","email":"a@b.c"})"));
  s.set_level(Level::warning);
  s.set_fingerprint({"scope-fp"});
  s.set_transaction_name("/scope");

  Event e;
  e.tags["shared"] = "event";
  e.extra = parse(R"({"shared":"event"})");
  e.contexts = parse(R"({"os":{"name":"event"}})");
  e.user = parse(R"({"id":"event"})");
  e.level = Level::error;
  e.fingerprint = {"event-fp"};
  e.transaction = "/event";
  s.apply_to(e);

  BOOST_TEST(e.tags.at("shared") == "event");
  BOOST_TEST(e.tags.at("scope_only") == "s");
  BOOST_TEST(to_json(e.extra) == R"({"shared":"event","scope_only":1})");
  BOOST_TEST(to_json(e.contexts) == R"({"os":{"name":"event"},"browser":{"name":"Chrome"}})");
  BOOST_TEST(to_json(e.user) == R"({"id":"event","email":"a@b.c"})");
  BOOST_TEST((e.level == Level::warning));  // the scope's level wins, as in Sentry
  BOOST_TEST((e.fingerprint == std::vector<std::string>{"event-fp", "scope-fp"}));
  BOOST_TEST(e.transaction == "/event");
}

BOOST_AUTO_TEST_CASE(apply_fills_what_the_event_lacks) {
  Scope s;
  s.set_level(Level::warning);
  s.set_fingerprint({"fp"});
  s.set_transaction_name("/scope");
  s.set_extra("x", 1);
  s.set_user(parse(R"({"id":"u"})"));
  Event e;
  s.apply_to(e);
  BOOST_TEST((e.level == Level::warning));
  BOOST_TEST((e.fingerprint == std::vector<std::string>{"fp"}));
  BOOST_TEST(e.transaction == "/scope");
  BOOST_TEST(to_json(e.extra) == R"({"x":1})");
  BOOST_TEST(e.user.get("id").as_string() == "u");

  // An empty scope changes nothing.
  Event untouched;
  untouched.extra = parse(R"({"a":1})");
  Value before = untouched.to_value();
  Scope().apply_to(untouched);
  BOOST_TEST(untouched.to_value() == before);
}

BOOST_AUTO_TEST_CASE(apply_leaves_junk_event_fields_alone) {
  Scope s;
  s.set_extra("x", 1);
  s.set_context("c", parse(R"({"a":1})"));
  Event e;
  e.extra = Value("not an object");
  e.contexts = Value(3);
  s.apply_to(e);
  BOOST_TEST(e.extra.as_string() == "not an object");
  BOOST_TEST(e.contexts.as_int() == 3);
}

BOOST_AUTO_TEST_CASE(apply_breadcrumbs_appended_then_capped) {
  Scope s(4);
  for (int i = 0; i < 3; ++i) s.add_breadcrumb(crumb("s" + std::to_string(i)));
  Event e;
  e.breadcrumbs = {crumb("e0"), crumb("e1")};
  s.apply_to(e);
  BOOST_TEST((messages(e.breadcrumbs) == std::vector<std::string>{"e1", "s0", "s1", "s2"}));
  BOOST_TEST(s.breadcrumbs().size() == 3u);  // the scope keeps its own

  Event small;
  small.breadcrumbs = {crumb("e0")};
  s.apply_to(small);
  BOOST_TEST((messages(small.breadcrumbs) == std::vector<std::string>{"e0", "s0", "s1", "s2"}));

  Scope off(0);
  Event own;
  own.breadcrumbs = {crumb("e0")};
  off.apply_to(own);
  BOOST_TEST(own.breadcrumbs.empty());
}

BOOST_AUTO_TEST_CASE(applied_event_serializes) {
  Scope s;
  s.set_tag("t", "v");
  s.add_breadcrumb(crumb("hello", 1700000000));
  Event e;
  e.event_id = "0123456789abcdef0123456789abcdef";
  s.apply_to(e);
  Value v = e.to_value();
  BOOST_TEST(v.get("tags").get("t").as_string() == "v");
  BOOST_TEST(v.get("breadcrumbs").get("values").as_array().at(0).get("message").as_string() ==
             "hello");
}

// ---- apply_to with normalisation: the scope's breadcrumbs joined as shared JSON --------------

namespace {
// The event as the wire sees it, after normalising its own breadcrumbs' data as
// Client::normalize_event does.
std::string wire(Event e, const NormalizeOptions& n) {
  for (auto& b : e.breadcrumbs)
    if (!b.data.is_null()) normalize_in_place(b.data, n);
  if (!e.extra.is_null()) normalize_in_place(e.extra, n);
  if (!e.contexts.is_null()) normalize_in_place(e.contexts, contexts_normalize_options(n));
  return to_json(e.to_value());
}
Breadcrumb deep_crumb(const std::string& message) {
  Breadcrumb b = crumb(message, 1700000000.125);
  b.level = Level::warning;
  b.data = parse(R"({"a":{"b":{"c":{"d":1}}},"s":"0123456789","n":0.1})");
  return b;
}
}  // namespace

BOOST_AUTO_TEST_CASE(apply_with_normalize_writes_what_the_typed_merge_writes) {
  NormalizeOptions n;
  n.depth = 2;
  n.max_string_bytes = 6;
  for (std::size_t own = 0; own <= 3; ++own) {
    Scope scope(4);
    for (int i = 0; i < 3; ++i) scope.add_breadcrumb(deep_crumb("scope " + std::to_string(i)));
    scope.set_tag("t", "1");
    Event base;
    for (std::size_t i = 0; i < own; ++i) base.breadcrumbs.push_back(deep_crumb("own"));
    Event typed = base;
    scope.apply_to(typed);
    Event shared = base;
    scope.apply_to(shared, n);
    BOOST_TEST(shared.breadcrumb_json.size() + shared.breadcrumbs.size() == std::min<std::size_t>(own + 3, 4));
    BOOST_TEST(wire(shared, n) == wire(typed, n));
    // The data came out normalised: cut at depth 2, strings shortened.
    BOOST_TEST(wire(shared, n).find("[Object]") != std::string::npos);
    BOOST_TEST(wire(shared, n).find("0123456789") == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(apply_with_normalize_shares_each_breadcrumb_once_written) {
  Scope scope(3);
  scope.add_breadcrumb(crumb("a", 1));
  scope.add_breadcrumb(crumb("b", 2));
  Event first;
  scope.apply_to(first, NormalizeOptions{});
  Event second;
  scope.apply_to(second, NormalizeOptions{});
  BOOST_REQUIRE(first.breadcrumb_json.size() == 2u);
  BOOST_TEST(first.breadcrumb_json[0].get() == second.breadcrumb_json[0].get());  // not rewritten

  // New breadcrumbs and the ring's cut are followed; a copy of the scope shares what it has.
  scope.add_breadcrumb(crumb("c", 3));
  scope.add_breadcrumb(crumb("d", 4));
  Scope copy = scope;
  copy.add_breadcrumb(crumb("only in the copy", 5));
  Event third;
  scope.apply_to(third, NormalizeOptions{});
  BOOST_TEST(to_json(third.to_value()) ==
             R"({"platform":"javascript","breadcrumbs":{"values":[{"timestamp":2,"message":"b"},)"
             R"({"timestamp":3,"message":"c"},{"timestamp":4,"message":"d"}]}})");
  BOOST_TEST(third.breadcrumb_json[0].get() == first.breadcrumb_json[1].get());
  Event from_copy;
  copy.apply_to(from_copy, NormalizeOptions{});
  BOOST_TEST(messages(Event::from_value(from_copy.to_value()).breadcrumbs) ==
             (std::vector<std::string>{"c", "d", "only in the copy"}));

  // Other options write them again; clearing drops them.
  NormalizeOptions tiny;
  tiny.max_string_bytes = 5;
  scope.add_breadcrumb(deep_crumb("x"));
  Event fourth;
  scope.apply_to(fourth, tiny);
  BOOST_TEST(to_json(fourth.to_value()).find(R"("s":"01...")") != std::string::npos);
  scope.clear_breadcrumbs();
  Event fifth;
  scope.apply_to(fifth, tiny);
  BOOST_TEST(fifth.breadcrumb_json.empty());
  BOOST_TEST(!fifth.to_value().find("breadcrumbs"));
}

BOOST_AUTO_TEST_CASE(apply_with_normalize_merges_extras_and_contexts_as_the_typed_merge_does) {
  const char* own_extras[] = {"null", "{}", R"({"b":"own wins","z":{"y":{"x":{"w":1}}}})",
                              R"("junk stays")"};
  NormalizeOptions options[4];
  options[1].depth = 1;
  options[2].max_breadth = 3;  // own + scope members beyond it: the Value way
  options[3].depth = 0;        // the whole object replaced: the Value way
  for (const NormalizeOptions& n : options) {
    for (const char* own : own_extras) {
      Scope scope;
      scope.set_extra("a", parse(R"({"deep":{"er":{"est":[1,2,{"x":"0123456789"}]}}})"));
      scope.set_extra("b", parse(R"("scope loses")"));
      scope.set_extra("\xff bad key", parse("0.25"));
      scope.set_context("cart", parse(R"({"items":12,"total":412.35,"nested":{"a":{"b":1}}})"));
      Event base;
      base.extra = parse(own);
      base.contexts = parse(R"({"trace":{"trace_id":"t"}})");
      Event typed = base;
      scope.apply_to(typed);
      Event shared = base;
      scope.apply_to(shared, n);
      BOOST_TEST(wire(shared, n) == wire(typed, n), "extra " << own << ", depth " << n.depth
                                                              << ", breadth " << n.max_breadth);
      // Applying again reuses the members written the first time.
      Event again = base;
      scope.apply_to(again, n);
      BOOST_TEST(wire(again, n) == wire(typed, n));
      BOOST_TEST(again.extra_json.size() == shared.extra_json.size());
      for (std::size_t i = 0; i < again.extra_json.size(); ++i)
        BOOST_TEST(again.extra_json[i].get() == shared.extra_json[i].get());
    }
  }
}

BOOST_AUTO_TEST_CASE(apply_with_normalize_follows_changes_to_extras_and_contexts) {
  Scope scope;
  scope.set_extra("a", parse("1"));
  scope.set_context("c", parse(R"({"k":"v"})"));
  Event first;
  scope.apply_to(first, NormalizeOptions{});
  BOOST_TEST(to_json(first.to_value()) ==
             R"({"platform":"javascript","extra":{"a":1},"contexts":{"c":{"k":"v"}}})");
  scope.set_extra("a", Value());
  scope.set_extras(parse(R"({"b":2,"c":3})"));
  scope.set_context("c", Value());
  scope.set_context("d", parse(R"({"k":"w"})"));
  Event second;
  scope.apply_to(second, NormalizeOptions{});
  BOOST_TEST(to_json(second.to_value()) ==
             R"({"platform":"javascript","extra":{"b":2,"c":3},"contexts":{"d":{"k":"w"}}})");
  // Copies share what was written and then go their own ways.
  Scope copy = scope;
  copy.set_extra("e", parse("4"));
  Event third;
  scope.apply_to(third, NormalizeOptions{});
  BOOST_TEST(to_json(third.to_value()) == to_json(second.to_value()));
  Event from_copy;
  copy.apply_to(from_copy, NormalizeOptions{});
  BOOST_TEST(to_json(from_copy.to_value()).find(R"("extra":{"b":2,"c":3,"e":4})") != std::string::npos);
  scope.clear();
  Event fourth;
  scope.apply_to(fourth, NormalizeOptions{});
  BOOST_TEST(to_json(fourth.to_value()) == R"({"platform":"javascript"})");
}
