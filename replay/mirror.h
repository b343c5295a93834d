#pragma once
// The encoder's copy of the recorded DOM: id -> node, as JS numbered them. It is the single
// authority for what the replayer already knows, so every event is computed against it. It
// keeps what serializing a node again needs (a moved subtree is re-sent whole) and what masking
// and blocking decide on (tag, flags, the input type attribute).
//
// Children are an intrusive doubly linked list of ids, so insert, detach and "is next a child of
// parent" are O(1); nothing here recurses, so a 100,000-deep DOM cannot overflow the stack.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vigil::replay {

// Numbered as rrweb's NodeType, so the value goes straight into the JSON.
enum class NodeKind : std::uint8_t { document = 0, doctype = 1, element = 2, text = 3, cdata = 4,
                                     comment = 5 };

struct Attribute {
  std::string name;
  std::string value;
};

// The value of the attribute called name in a list of them, or nullptr.
const std::string* find_attribute(const std::vector<Attribute>& attributes, std::string_view name);

struct Node {
  std::uint32_t id = 0;
  NodeKind kind = NodeKind::element;
  // The replayer keeps each node as it was last written whole (its "meta", which it compares
  // before reusing a node it has); set once attributes differ from that (see MutationDiff).
  bool meta_stale = false;
  std::uint32_t flags = 0;  // replay::node_flag bits
  std::uint32_t parent = 0;
  std::uint32_t prev = 0;
  std::uint32_t next = 0;
  std::uint32_t first_child = 0;
  std::uint32_t last_child = 0;
  std::uint32_t width = 0;   // for blocked placeholders, when flags has has_size
  std::uint32_t height = 0;
  std::string tag;           // element tag; doctype name
  std::string text;          // text, comment; doctype public id
  std::vector<Attribute> attributes;  // element attributes; doctype: one entry, the system id

  const std::string* attribute(std::string_view name) const;
  void set_attribute(std::string_view name, std::string_view value);
  bool remove_attribute(std::string_view name);
};

class Mirror {
 public:
  Node* find(std::uint32_t id);
  const Node* find(std::uint32_t id) const;
  bool contains(std::uint32_t id) const { return nodes_.count(id) != 0; }
  std::size_t size() const { return nodes_.size(); }

  // A new detached node, or nullptr when the id is 0 or taken.
  Node* create(std::uint32_t id, NodeKind kind);

  // The document node; 0 until a snapshot sets one.
  std::uint32_t root() const { return root_; }
  void set_root(std::uint32_t id) { root_ = id; }

  // Inserts a detached node under parent, before `before` (0 appends). Fails, changing nothing,
  // when a node is missing, id is attached or is the root, before is not a child of parent, or
  // parent lies inside id's subtree (the DOM would become a cycle).
  bool insert(std::uint32_t id, std::uint32_t parent, std::uint32_t before);
  // Unlinks a node from its parent; its subtree stays with it. No-op when detached or unknown.
  void detach(std::uint32_t id);
  // Detaches every child of id; calls on_child(child) for each first.
  template <typename F>
  void detach_children(std::uint32_t id, F on_child) {
    Node* n = find(id);
    if (!n) return;
    while (n->first_child) {
      std::uint32_t c = n->first_child;
      on_child(c);
      detach(c);
      n = find(id);
    }
  }
  // Detaches and deletes a node and everything below it.
  void erase_subtree(std::uint32_t id);
  void clear();

  // True when `ancestor` is a strict ancestor of `id`.
  bool is_ancestor(std::uint32_t ancestor, std::uint32_t id) const;

  // Calls f(child_id) for each child, first to last.
  template <typename F>
  void for_each_child(std::uint32_t id, F f) const {
    const Node* n = find(id);
    for (std::uint32_t c = n ? n->first_child : 0; c != 0;) {
      const Node* cn = find(c);
      if (!cn) break;
      std::uint32_t next = cn->next;
      f(c);
      c = next;
    }
  }

 private:
  std::unordered_map<std::uint32_t, Node> nodes_;
  std::uint32_t root_ = 0;
};

}  // namespace vigil::replay
