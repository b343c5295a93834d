#include "replay/mirror.h"

namespace vigil::replay {

const std::string* find_attribute(const std::vector<Attribute>& attributes, std::string_view name) {
  for (const Attribute& a : attributes)
    if (a.name == name) return &a.value;
  return nullptr;
}

const std::string* Node::attribute(std::string_view name) const {
  return find_attribute(attributes, name);
}

void Node::set_attribute(std::string_view name, std::string_view value) {
  for (Attribute& a : attributes) {
    if (a.name == name) {
      a.value.assign(value.data(), value.size());
      return;
    }
  }
  attributes.push_back(Attribute{std::string(name), std::string(value)});
}

bool Node::remove_attribute(std::string_view name) {
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    if (attributes[i].name == name) {
      attributes.erase(attributes.begin() + static_cast<std::ptrdiff_t>(i));
      return true;
    }
  }
  return false;
}

Node* Mirror::find(std::uint32_t id) {
  auto it = nodes_.find(id);
  return it == nodes_.end() ? nullptr : &it->second;
}

const Node* Mirror::find(std::uint32_t id) const {
  auto it = nodes_.find(id);
  return it == nodes_.end() ? nullptr : &it->second;
}

Node* Mirror::create(std::uint32_t id, NodeKind kind) {
  if (id == 0) return nullptr;
  auto [it, inserted] = nodes_.try_emplace(id);
  if (!inserted) return nullptr;
  it->second.id = id;
  it->second.kind = kind;
  return &it->second;
}

bool Mirror::is_ancestor(std::uint32_t ancestor, std::uint32_t id) const {
  if (ancestor == 0) return false;
  const Node* n = find(id);
  // Bounded by the node count, in case a bug ever left a cycle behind.
  for (std::size_t steps = 0; n && n->parent != 0 && steps <= nodes_.size(); ++steps) {
    if (n->parent == ancestor) return true;
    n = find(n->parent);
  }
  return false;
}

bool Mirror::insert(std::uint32_t id, std::uint32_t parent, std::uint32_t before) {
  if (id == parent || id == root_) return false;
  Node* n = find(id);
  Node* p = find(parent);
  if (!n || !p || n->parent != 0) return false;
  if (p->kind != NodeKind::document && p->kind != NodeKind::element) return false;
  Node* b = nullptr;
  if (before != 0) {
    b = find(before);
    if (!b || b->parent != parent) return false;
  }
  // Only a node with children can contain parent.
  if (n->first_child != 0 && is_ancestor(id, parent)) return false;
  n->parent = parent;
  if (b) {
    n->next = before;
    n->prev = b->prev;
    if (b->prev) find(b->prev)->next = id;
    else p->first_child = id;
    b->prev = id;
  } else {
    n->next = 0;
    n->prev = p->last_child;
    if (p->last_child) find(p->last_child)->next = id;
    else p->first_child = id;
    p->last_child = id;
  }
  return true;
}

void Mirror::detach(std::uint32_t id) {
  Node* n = find(id);
  if (!n || n->parent == 0) return;
  Node* p = find(n->parent);
  if (n->prev) find(n->prev)->next = n->next;
  else if (p) p->first_child = n->next;
  if (n->next) find(n->next)->prev = n->prev;
  else if (p) p->last_child = n->prev;
  n->parent = n->prev = n->next = 0;
}

void Mirror::erase_subtree(std::uint32_t id) {
  if (!find(id)) return;
  detach(id);
  if (id == root_) root_ = 0;
  std::vector<std::uint32_t> stack{id};
  while (!stack.empty()) {
    std::uint32_t cur = stack.back();
    stack.pop_back();
    auto it = nodes_.find(cur);
    if (it == nodes_.end()) continue;
    for (std::uint32_t c = it->second.first_child; c != 0;) {
      Node* cn = find(c);
      if (!cn) break;
      stack.push_back(c);
      c = cn->next;
    }
    nodes_.erase(it);
  }
}

void Mirror::clear() {
  nodes_.clear();
  root_ = 0;
}

}  // namespace vigil::replay
