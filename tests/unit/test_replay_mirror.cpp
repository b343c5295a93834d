#define BOOST_TEST_MODULE replay_mirror
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <vector>

#include "replay/mirror.h"

using namespace vigil::replay;

namespace {

std::vector<std::uint32_t> children(const Mirror& m, std::uint32_t id) {
  std::vector<std::uint32_t> out;
  m.for_each_child(id, [&](std::uint32_t c) { out.push_back(c); });
  return out;
}

// Walks the list backwards too, so broken prev links show up.
std::vector<std::uint32_t> children_reversed(const Mirror& m, std::uint32_t id) {
  std::vector<std::uint32_t> out;
  const Node* n = m.find(id);
  for (std::uint32_t c = n ? n->last_child : 0; c != 0; c = m.find(c)->prev) out.push_back(c);
  return out;
}

Mirror make_tree() {
  // 1 document > 2 html > (3 head, 4 body > (5, 6, 7))
  Mirror m;
  m.create(1, NodeKind::document);
  m.set_root(1);
  for (std::uint32_t id : {2u, 3u, 4u, 5u, 6u, 7u}) m.create(id, NodeKind::element);
  BOOST_REQUIRE(m.insert(2, 1, 0));
  BOOST_REQUIRE(m.insert(3, 2, 0));
  BOOST_REQUIRE(m.insert(4, 2, 0));
  BOOST_REQUIRE(m.insert(7, 4, 0));
  BOOST_REQUIRE(m.insert(5, 4, 7));  // before 7
  BOOST_REQUIRE(m.insert(6, 4, 7));  // between 5 and 7
  return m;
}

}  // namespace

BOOST_AUTO_TEST_CASE(insert_before_and_append_keep_order) {
  Mirror m = make_tree();
  BOOST_TEST(children(m, 4) == (std::vector<std::uint32_t>{5, 6, 7}), boost::test_tools::per_element());
  BOOST_TEST(children_reversed(m, 4) == (std::vector<std::uint32_t>{7, 6, 5}),
             boost::test_tools::per_element());
  BOOST_TEST(m.find(6)->parent == 4u);
  BOOST_TEST(m.size() == 7u);
}

BOOST_AUTO_TEST_CASE(create_rejects_zero_and_duplicates) {
  Mirror m;
  BOOST_TEST(m.create(0, NodeKind::text) == nullptr);
  BOOST_TEST(m.create(9, NodeKind::text) != nullptr);
  BOOST_TEST(m.create(9, NodeKind::element) == nullptr);
  BOOST_TEST((m.find(9)->kind == NodeKind::text));
}

BOOST_AUTO_TEST_CASE(insert_refuses_what_would_break_the_tree) {
  Mirror m = make_tree();
  m.create(8, NodeKind::text);
  BOOST_TEST(!m.insert(5, 4, 0));   // already attached
  BOOST_TEST(!m.insert(8, 99, 0));  // unknown parent
  BOOST_TEST(!m.insert(99, 4, 0));  // unknown node
  BOOST_TEST(!m.insert(8, 4, 3));   // 3 is not a child of 4
  BOOST_TEST(!m.insert(1, 4, 0));   // the root never moves
  BOOST_TEST(!m.insert(8, 8, 0));
  BOOST_REQUIRE(m.insert(8, 5, 0));
  m.create(9, NodeKind::element);
  BOOST_TEST(!m.insert(9, 8, 0));   // a text node has no children
  // Moving 4 under its own grandchild would make a cycle.
  m.detach(4);
  BOOST_TEST(!m.insert(4, 5, 0));
  BOOST_TEST(m.find(4)->parent == 0u);
  BOOST_TEST(m.insert(4, 2, 3));    // back, before head this time
  BOOST_TEST(children(m, 2) == (std::vector<std::uint32_t>{4, 3}), boost::test_tools::per_element());
  BOOST_TEST(m.is_ancestor(2, 8));
  BOOST_TEST(!m.is_ancestor(8, 2));
  BOOST_TEST(!m.is_ancestor(0, 8));
}

BOOST_AUTO_TEST_CASE(detach_from_every_position) {
  Mirror m = make_tree();
  m.detach(6);  // middle
  BOOST_TEST(children(m, 4) == (std::vector<std::uint32_t>{5, 7}), boost::test_tools::per_element());
  BOOST_TEST(children_reversed(m, 4) == (std::vector<std::uint32_t>{7, 5}), boost::test_tools::per_element());
  m.detach(5);  // first
  m.detach(7);  // last
  BOOST_TEST(children(m, 4).empty());
  BOOST_TEST(m.find(4)->first_child == 0u);
  BOOST_TEST(m.find(4)->last_child == 0u);
  m.detach(7);   // twice: no-op
  m.detach(42);  // unknown: no-op
  BOOST_TEST(m.insert(7, 4, 0));
  BOOST_TEST(m.insert(5, 4, 7));
  BOOST_TEST(children(m, 4) == (std::vector<std::uint32_t>{5, 7}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(detach_children_reports_each) {
  Mirror m = make_tree();
  std::vector<std::uint32_t> seen;
  m.detach_children(4, [&](std::uint32_t c) { seen.push_back(c); });
  BOOST_TEST(seen == (std::vector<std::uint32_t>{5, 6, 7}), boost::test_tools::per_element());
  BOOST_TEST(children(m, 4).empty());
  BOOST_TEST(m.contains(6));
  BOOST_TEST(m.find(6)->parent == 0u);
}

BOOST_AUTO_TEST_CASE(erase_subtree_removes_descendants_only) {
  Mirror m = make_tree();
  m.erase_subtree(4);
  BOOST_TEST(!m.contains(4));
  BOOST_TEST(!m.contains(5));
  BOOST_TEST(!m.contains(7));
  BOOST_TEST(m.contains(3));
  BOOST_TEST(children(m, 2) == (std::vector<std::uint32_t>{3}), boost::test_tools::per_element());
  BOOST_TEST(m.size() == 3u);
  m.erase_subtree(1);
  BOOST_TEST(m.size() == 0u);
  BOOST_TEST(m.root() == 0u);
}

BOOST_AUTO_TEST_CASE(deep_chains_need_no_recursion) {
  Mirror m;
  m.create(1, NodeKind::document);
  m.set_root(1);
  const std::uint32_t depth = 200000;
  bool all_inserted = true;
  for (std::uint32_t id = 2; id <= depth; ++id) {
    m.create(id, NodeKind::element);
    all_inserted = m.insert(id, id - 1, 0) && all_inserted;
  }
  BOOST_REQUIRE(all_inserted);
  BOOST_TEST(m.is_ancestor(1, depth));
  m.erase_subtree(2);
  BOOST_TEST(m.size() == 1u);
}

BOOST_AUTO_TEST_CASE(attributes_set_replace_remove) {
  Node n;
  n.set_attribute("class", "a");
  n.set_attribute("id", "x");
  n.set_attribute("class", "b");
  BOOST_REQUIRE(n.attribute("class"));
  BOOST_TEST(*n.attribute("class") == "b");
  BOOST_TEST(n.attributes.size() == 2u);
  BOOST_TEST(n.remove_attribute("class"));
  BOOST_TEST(!n.remove_attribute("class"));
  BOOST_TEST(n.attribute("class") == nullptr);
  BOOST_TEST(n.attributes.size() == 1u);
}

BOOST_AUTO_TEST_CASE(clear_forgets_everything) {
  Mirror m = make_tree();
  m.clear();
  BOOST_TEST(m.size() == 0u);
  BOOST_TEST(m.root() == 0u);
  BOOST_TEST(m.find(2) == nullptr);
}
