#define BOOST_TEST_MODULE normalize
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>

#include "core/json.h"
#include "core/normalize.h"
#include "core/random.h"
#include "fake_graph.h"

using namespace vigil;
using vigil::test::FakeGraph;

namespace {
Value parse(const char* text) {
  auto r = parse_json(text);
  BOOST_REQUIRE_MESSAGE(r.ok, r.error);
  return r.value;
}
std::string norm(const char* text, NormalizeOptions o = {}) {
  return to_json(normalize(parse(text), o));
}

Value nested_objects(std::size_t levels) {
  Value v = 1;
  for (std::size_t i = 0; i < levels; ++i) {
    Value outer = Value::object();
    outer["a"] = std::move(v);
    v = std::move(outer);
  }
  return v;
}
}  // namespace

// ---- trees --------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(depth_limit_exactly_at_the_boundary) {
  // Default depth 3: containers at levels 0..2 stay, level 3 is replaced.
  BOOST_TEST(norm(R"({"a":{"b":{"c":1}}})") == R"({"a":{"b":{"c":1}}})");
  BOOST_TEST(norm(R"({"a":{"b":{"c":{"d":1}}}})") == R"({"a":{"b":{"c":"[Object]"}}})");
  BOOST_TEST(norm(R"({"a":{"b":{"c":[1]}}})") == R"({"a":{"b":{"c":"[Array]"}}})");
  BOOST_TEST(norm(R"({"a":{"b":{"c":[]}}})") == R"({"a":{"b":{"c":"[Array]"}}})");
  BOOST_TEST(norm(R"([[["x",[1]]]])") == R"([[["x","[Array]"]]])");
  NormalizeOptions zero;
  zero.depth = 0;
  BOOST_TEST(norm(R"({"a":1})", zero) == R"("[Object]")");
  BOOST_TEST(norm(R"([1])", zero) == R"("[Array]")");
  BOOST_TEST(norm(R"("scalar")", zero) == R"("scalar")");
  NormalizeOptions one;
  one.depth = 1;
  BOOST_TEST(norm(R"({"a":1,"b":{},"c":[]})", one) == R"({"a":1,"b":"[Object]","c":"[Array]"})");
}

BOOST_AUTO_TEST_CASE(hard_depth_limit_caps_a_huge_depth_option) {
  NormalizeOptions o;
  o.depth = std::numeric_limits<std::size_t>::max();
  Value deep = nested_objects(kNormalizeHardDepthLimit + 50);
  Value out = normalize(deep, o);
  const Value* v = &out;
  std::size_t levels = 0;
  while (v->is_object()) {
    v = v->find("a");
    BOOST_REQUIRE(v);
    ++levels;
  }
  BOOST_TEST(levels == kNormalizeHardDepthLimit);
  BOOST_TEST(v->as_string() == "[Object]");
}

BOOST_AUTO_TEST_CASE(breadth_limit_exactly_at_the_boundary) {
  NormalizeOptions o;
  o.max_breadth = 3;
  BOOST_TEST(norm(R"([1,2,3])", o) == R"([1,2,3])");
  BOOST_TEST(norm(R"([1,2,3,4,5])", o) == R"([1,2,3,"[MaxProperties ~]"])");
  BOOST_TEST(norm(R"({"a":1,"b":2,"c":3})", o) == R"({"a":1,"b":2,"c":3})");
  // The first key that did not fit carries the marker.
  BOOST_TEST(norm(R"({"a":1,"b":2,"c":3,"d":4,"e":5})", o) ==
             R"({"a":1,"b":2,"c":3,"d":"[MaxProperties ~]"})");
  o.max_breadth = 0;
  BOOST_TEST(norm(R"([1])", o) == R"(["[MaxProperties ~]"])");
  BOOST_TEST(norm(R"([])", o) == R"([])");
}

BOOST_AUTO_TEST_CASE(breadth_applies_at_every_level) {
  NormalizeOptions o;
  o.max_breadth = 2;
  BOOST_TEST(norm(R"({"x":[1,2,3],"y":{"p":1,"q":2,"r":3}})", o) ==
             R"({"x":[1,2,"[MaxProperties ~]"],"y":{"p":1,"q":2,"r":"[MaxProperties ~]"}})");
}

BOOST_AUTO_TEST_CASE(non_finite_numbers_become_markers) {
  Value v = Value::object();
  v["nan"] = std::nan("");
  v["inf"] = std::numeric_limits<double>::infinity();
  v["ninf"] = -std::numeric_limits<double>::infinity();
  v["ok"] = 1.5;
  v["int"] = 7;
  v["list"] = Array{Value(std::nan(""))};
  BOOST_TEST(
      to_json(normalize(v)) ==
      R"({"nan":"[NaN]","inf":"[Infinity]","ninf":"[-Infinity]",)"
      R"("ok":1.5,"int":7,"list":["[NaN]"]})");
}

BOOST_AUTO_TEST_CASE(strings_truncated_exactly_at_the_boundary) {
  NormalizeOptions o;
  o.max_string_bytes = 10;
  BOOST_TEST(normalize(Value("0123456789"), o).as_string() == "0123456789");
  BOOST_TEST(normalize(Value("0123456789X"), o).as_string() == "0123456...");
  // Never splits a UTF-8 sequence: "€" is 3 bytes.
  std::string euros = "\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC";  // 12 bytes
  std::string cut = normalize(Value(euros), o).as_string();
  BOOST_TEST(cut == "\xE2\x82\xAC\xE2\x82\xAC...");
  BOOST_TEST(sanitize_utf8(cut) == cut);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_repaired_in_values_and_keys) {
  Value v = Value::object();
  v[std::string("k\xFF")] = std::string("a\xC3(b\xED\xA0\x80");
  Value out = normalize(v);
  const Member& m = out.as_object().at(0);
  BOOST_TEST(m.key == "k\xEF\xBF\xBD");
  BOOST_TEST(m.value.as_string() == "a\xEF\xBF\xBD(b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(windowed_repair_equals_repair_then_truncate) {
  // normalize() repairs only a window of a long string; the result must be the same as repairing
  // everything first. Random bytes, biased towards UTF-8 lead/continuation bytes, at every
  // length around the limit.
  Xoshiro256 rng(42);
  const unsigned char alphabet[] = {'a',  '"',  0x01, 0x80, 0xBF, 0xC3, 0xA9, 0xE2, 0x82,
                                    0xAC, 0xED, 0xA0, 0xF0, 0x9F, 0x98, 0xF4, 0x90, 0xFF};
  for (std::size_t max : {0u, 1u, 3u, 4u, 7u, 16u}) {
    NormalizeOptions o;
    o.max_string_bytes = max;
    for (int round = 0; round < 400; ++round) {
      std::size_t len = rng.next_u64() % (max + 12);
      std::string s;
      for (std::size_t i = 0; i < len; ++i)
        s += static_cast<char>(alphabet[rng.next_u64() % sizeof alphabet]);
      std::string expected = sanitize_utf8(s);
      if (expected.size() > max) expected = truncate_utf8(expected, max);
      BOOST_TEST(normalize(Value(s), o).as_string() == expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(long_string_default_limit) {
  std::string big(1 << 20, 'x');
  std::string out = normalize(Value(big)).as_string();
  BOOST_TEST(out.size() == NormalizeOptions{}.max_string_bytes);
  BOOST_TEST(out.substr(out.size() - 3) == "...");
}

BOOST_AUTO_TEST_CASE(scalars_pass_through) {
  BOOST_TEST(to_json(normalize(parse(R"([null,true,false,-3,0.25,""])"))) ==
             R"([null,true,false,-3,0.25,""])");
}

// ---- host graphs --------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(graph_self_cycle) {
  FakeGraph g;
  Handle root = g.object();
  g.set(root, "name", g.str("root"));
  g.set(root, "self", root);
  BOOST_TEST(to_json(normalize_graph(g, root)) == R"({"name":"root","self":"[Circular ~]"})");
}

BOOST_AUTO_TEST_CASE(graph_cycle_through_other_handles_and_arrays) {
  // a -> list[0] -> b -> back (an alias handle of a: same identity, different handle).
  FakeGraph g;
  Handle a = g.object();
  Handle list = g.array();
  Handle b = g.object();
  g.set(a, "list", list);
  g.push(list, b);
  Handle a_again = g.alias(a);  // aliasing copies a's props, which already point at list
  g.set(b, "back", a_again);
  NormalizeOptions o;
  o.depth = 10;
  BOOST_TEST(to_json(normalize_graph(g, a, o)) == R"({"list":[{"back":"[Circular ~]"}]})");
}

BOOST_AUTO_TEST_CASE(graph_shared_non_ancestor_is_written_twice) {
  FakeGraph g;
  Handle shared = g.object();
  g.set(shared, "v", g.num(1));
  Handle root = g.object();
  g.set(root, "x", shared);
  g.set(root, "y", shared);
  Handle arr = g.array();
  g.push(arr, shared);
  g.push(arr, shared);
  g.set(root, "z", arr);
  BOOST_TEST(to_json(normalize_graph(g, root)) ==
             R"({"x":{"v":1},"y":{"v":1},"z":[{"v":1},{"v":1}]})");
}

BOOST_AUTO_TEST_CASE(graph_throwing_getter_keeps_siblings) {
  FakeGraph g;
  Handle root = g.object();
  g.set(root, "before", g.num(1));
  g.set_throwing(root, "bad", "boom");
  g.set(root, "after", g.str("kept"));
  BOOST_TEST(to_json(normalize_graph(g, root)) ==
             R"({"before":1,"bad":"[Throws: boom]","after":"kept"})");
}

BOOST_AUTO_TEST_CASE(graph_throwing_key_enumeration) {
  FakeGraph g;
  Handle root = g.object();
  Handle proxy = g.object("Proxy");
  g.make_keys_throw(proxy, "ownKeys trap");
  g.set(root, "p", proxy);
  g.set(root, "ok", g.num(2));
  BOOST_TEST(to_json(normalize_graph(g, root)) == R"({"p":"[Throws: ownKeys trap]","ok":2})");
  // Inside an array too.
  Handle arr = g.array();
  g.make_keys_throw(arr, "nope");
  BOOST_TEST(to_json(normalize_graph(g, arr)) == R"("[Throws: nope]")");
}

BOOST_AUTO_TEST_CASE(graph_special_values) {
  FakeGraph g;
  Handle root = g.object();
  g.set(root, "u", g.undefined());
  g.set(root, "n", g.scalar(NodeKind::null));
  NodeInfo t;
  t.kind = NodeKind::boolean;
  t.boolean = true;
  g.set(root, "t", g.add(t));
  g.set(root, "f", g.scalar(NodeKind::function, "handleClick"));
  g.set(root, "anon", g.scalar(NodeKind::function, ""));
  g.set(root, "sym", g.scalar(NodeKind::symbol, "tag"));
  g.set(root, "big", g.scalar(NodeKind::bigint, "-12345678901234567890"));
  g.set(root, "date", g.scalar(NodeKind::date, {}, 1609459200123.0));  // 2021-01-01
  g.set(root, "bad_date", g.scalar(NodeKind::date, {}, std::nan("")));
  g.set(root, "el", g.scalar(NodeKind::dom_node, "div#app.main"));
  g.set(root, "win", g.scalar(NodeKind::opaque, "Window"));
  g.set(root, "nan", g.num(std::nan("")));
  g.set(root, "inf", g.num(-std::numeric_limits<double>::infinity()));
  BOOST_TEST(to_json(normalize_graph(g, root)) ==
             R"({"u":"[undefined]","n":null,"t":true,"f":"[Function: handleClick]",)"
             R"("anon":"[Function: <anonymous>]","sym":"[Symbol(tag)]",)"
             R"("big":"[BigInt: -12345678901234567890]","date":"2021-01-01T00:00:00.123Z",)"
             R"("bad_date":"[Invalid Date]","el":"[HTMLElement: div#app.main]","win":"[Window]",)"
             R"("nan":"[NaN]","inf":"[-Infinity]"})");
}

BOOST_AUTO_TEST_CASE(graph_error_objects) {
  FakeGraph g;
  Handle err = g.error("TypeError");
  g.set(err, "name", g.str("TypeError"));
  g.set(err, "message", g.str("x is not a function"));
  g.set(err, "stack", g.str("TypeError: x is not a function\n    at f (a.js:1:2)"));
  g.set(err, "code", g.str("E_X"));
  Value out = normalize_graph(g, err);
  BOOST_TEST(to_json(out) ==
             R"({"name":"TypeError","message":"x is not a function",)"
             R"J("stack":"TypeError: x is not a function\n    at f (a.js:1:2)","code":"E_X"})J");

  // A throwing stack getter; a missing message is left out rather than written as undefined.
  FakeGraph h;
  Handle e2 = h.error();
  h.set(e2, "name", h.str("Error"));
  h.set_throwing(e2, "stack", "no stack for you");
  BOOST_TEST(to_json(normalize_graph(h, e2)) ==
             R"({"name":"Error","stack":"[Throws: no stack for you]"})");
}

BOOST_AUTO_TEST_CASE(graph_depth_limit_uses_class_names) {
  FakeGraph g;
  Handle root = g.object();
  Handle l1 = g.object();
  Handle l2 = g.object();
  g.set(root, "l1", l1);
  g.set(l1, "l2", l2);
  g.set(l2, "map", g.object("Map"));
  g.set(l2, "plain", g.object());
  g.set(l2, "arr", g.array());
  g.set(l2, "err", g.error("RangeError"));
  g.set(l2, "scalar", g.str("kept"));
  BOOST_TEST(
      to_json(normalize_graph(g, root)) ==
      R"({"l1":{"l2":{"map":"[Map]","plain":"[Object]","arr":"[Array]",)"
      R"("err":"[RangeError]","scalar":"kept"}}})");
}

BOOST_AUTO_TEST_CASE(graph_breadth_asks_the_host_for_limit_keys_only) {
  FakeGraph g;
  Handle root = g.object();
  for (int i = 0; i < 5000; ++i) g.set(root, "k" + std::to_string(i), g.num(i));
  NormalizeOptions o;
  o.max_breadth = 10;
  Value out = normalize_graph(g, root, o);
  BOOST_TEST(out.size() == 11u);
  BOOST_TEST(out.get("k9").as_int() == 9);
  BOOST_TEST(out.as_object().back().value.as_string() == kMaxPropertiesMarker);
  BOOST_TEST(g.last_keys_limit == 10u);
  BOOST_TEST(g.get_calls == 10u);  // no reads of properties that are cut anyway

  FakeGraph exact;
  Handle arr = exact.array();
  for (int i = 0; i < 10; ++i) exact.push(arr, exact.num(i));
  Value full = normalize_graph(exact, arr, o);
  BOOST_TEST(full.size() == 10u);
  BOOST_TEST(full.as_array().back().as_int() == 9);
}

BOOST_AUTO_TEST_CASE(graph_deep_chain_does_not_overflow) {
  FakeGraph g;
  Handle head = g.object();
  Handle cur = head;
  for (int i = 0; i < 20000; ++i) {
    Handle next = g.object();
    g.set(cur, "next", next);
    cur = next;
  }
  NormalizeOptions o;
  o.depth = std::numeric_limits<std::size_t>::max();
  Value out = normalize_graph(g, head, o);
  std::size_t levels = 0;
  const Value* v = &out;
  while (v->is_object()) {
    v = v->find("next");
    BOOST_REQUIRE(v);
    ++levels;
  }
  BOOST_TEST(levels == kNormalizeHardDepthLimit);
  BOOST_TEST(g.describe_calls < 200u);
}

BOOST_AUTO_TEST_CASE(graph_strings_are_repaired_and_truncated) {
  FakeGraph g;
  Handle root = g.object();
  g.set(root, std::string("bad\xC0key"), g.str(std::string("v\xFF")));
  g.set(root, "long", g.str(std::string(100, 'y')));
  g.set_throwing(root, "t", std::string(100, 'm'));
  NormalizeOptions o;
  o.max_string_bytes = 20;
  Value out = normalize_graph(g, root, o);
  const Object& members = out.as_object();
  BOOST_REQUIRE(members.size() == 3u);
  BOOST_TEST(members[0].key == "bad\xEF\xBF\xBDkey");
  BOOST_TEST(members[0].value.as_string() == "v\xEF\xBF\xBD");
  BOOST_TEST(members[1].value.as_string().size() == 20u);
  BOOST_TEST(members[2].value.as_string().size() <= 20u);
  BOOST_TEST(members[2].value.as_string().rfind("[Throws: ", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(graph_unknown_handle_reads_as_undefined) {
  FakeGraph g;
  BOOST_TEST(to_json(normalize_graph(g, 12345)) == R"("[undefined]")");
}

namespace {
// A host that answers entries() in one call, as the JS adapter will.
class BulkGraph : public FakeGraph {
 public:
  EntryList entries(Handle node, std::size_t limit) override {
    ++entries_calls;
    EntryList list;
    KeyList k = FakeGraph::keys(node, limit);
    list.more = k.more;
    for (auto& key : k.keys) list.entries.push_back(FakeGraph::get(node, key));
    return list;
  }
  std::size_t entries_calls = 0;
};
}  // namespace

BOOST_AUTO_TEST_CASE(graph_bulk_entries_override_is_used) {
  BulkGraph g;
  Handle root = g.object();
  Handle inner = g.array();
  g.push(inner, g.num(1));
  g.set(root, "a", inner);
  g.set(root, "b", g.num(2));
  BOOST_TEST(to_json(normalize_graph(g, root)) == R"({"a":[1],"b":2})");
  BOOST_TEST(g.entries_calls == 2u);  // one per container
}

BOOST_AUTO_TEST_CASE(in_place_normalisation_matches_the_copying_one) {
  const char* inputs[] = {
      R"({"a":{"b":{"c":{"d":1}}},"s":"ok","arr":[1,[2,[3,[4]]]],"n":null})",
      R"([[[[["deep"]]]],{"x":"y"}])",
      R"({"k1":1,"k2":2,"k3":3,"k4":4})",
      R"("plain")",
  };
  NormalizeOptions narrow;
  narrow.depth = 2;
  narrow.max_breadth = 2;
  narrow.max_string_bytes = 4;
  for (const char* text : inputs) {
    for (const NormalizeOptions& o : {NormalizeOptions{}, narrow}) {
      Value v = parse_json(text).value;
      Value copy = normalize(v, o);
      normalize_in_place(v, o);
      BOOST_TEST(to_json(v) == to_json(copy), text);
    }
  }
  Value bad;
  bad["\xff key"] = std::string("bad \xc3 utf8 and long");
  bad["nan"] = std::nan("");
  Value copy = normalize(bad, narrow);
  normalize_in_place(bad, narrow);
  BOOST_TEST(to_json(bad) == to_json(copy));
}
