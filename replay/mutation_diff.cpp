#include "replay/mutation_diff.h"

#include <unordered_set>
#include <utility>

#include "core/json.h"

namespace vigil::replay {

NodeKind node_kind_of(Op op) {
  switch (op) {
    case Op::document: return NodeKind::document;
    case Op::doctype: return NodeKind::doctype;
    case Op::text: return NodeKind::text;
    case Op::comment: return NodeKind::comment;
    case Op::cdata: return NodeKind::cdata;
    default: return NodeKind::element;
  }
}

void assign_node_content(Node& n, const Record& r) {
  n.kind = node_kind_of(r.op);
  n.flags = r.flags;
  bool sized = (r.flags & node_flag::has_size) != 0;
  n.width = sized ? r.width : 0;
  n.height = sized ? r.height : 0;
  n.tag.clear();
  n.text.clear();
  n.attributes.clear();
  switch (n.kind) {
    case NodeKind::element:
      n.tag.assign(r.s1.data(), r.s1.size());
      n.attributes.reserve(r.attributes.size());
      for (const auto& a : r.attributes) n.set_attribute(a.first, a.second);
      break;
    case NodeKind::text:
    case NodeKind::comment:
      n.text.assign(r.s1.data(), r.s1.size());
      break;
    case NodeKind::doctype:
      n.tag.assign(r.s1.data(), r.s1.size());
      n.text.assign(r.s2.data(), r.s2.size());
      n.set_attribute("systemId", r.s3);
      break;
    case NodeKind::document:
    case NodeKind::cdata:
      break;
  }
}

namespace {

bool can_have_children(const Node& n) {
  return n.kind == NodeKind::element || n.kind == NodeKind::document;
}

}  // namespace

MutationDiff::Touch& MutationDiff::touch(std::uint32_t id) {
  auto [it, inserted] = touched_.try_emplace(id);
  if (inserted) order_.push_back(id);
  return it->second;
}

const MutationDiff::Touch* MutationDiff::touched(std::uint32_t id) const {
  auto it = touched_.find(id);
  return it == touched_.end() ? nullptr : &it->second;
}

void MutationDiff::note_position(std::uint32_t id) {
  const Node* n = mirror_.find(id);
  if (!n) return;
  Touch& t = touch(id);
  if (!t.created && !t.has_start_parent) {
    t.has_start_parent = true;
    t.start_parent = n->parent;
  }
}

bool MutationDiff::place(std::uint32_t id, std::uint32_t parent, std::uint32_t next,
                         bool* misplaced) {
  if (next != 0) {
    const Node* b = mirror_.find(next);
    if (!b || b->parent != parent) {
      if (misplaced) *misplaced = true;
      next = 0;
    }
  }
  return mirror_.insert(id, parent, next);
}

bool MutationDiff::add_node(const Record& r, bool* misplaced) {
  if (mirror_.root() == 0 || r.op == Op::document) return false;
  const Node* p = mirror_.find(r.parent);
  if (!p || !can_have_children(*p) || r.id == r.parent || r.id == mirror_.root()) return false;
  Node* n = mirror_.find(r.id);
  if (n) {
    // A known node written again: it moved here and the records after it rebuild its subtree.
    note_position(r.id);
    Touch& t = touch(r.id);
    if (!t.created) {
      t.reinserted = true;
      if (!t.has_start_flags) {
        t.has_start_flags = true;
        t.start_flags = n->flags;
      }
      note_rewrite(*n, t, r);
    }
    // Its children are written again next; what they were tells whether anything moved.
    if (!t.has_start_children) {
      t.has_start_children = true;
      mirror_.for_each_child(r.id, [&t](std::uint32_t c) { t.start_children.push_back(c); });
    }
    if (n->parent != 0) children_changed_.insert(n->parent);
    const Touch* into = touched(r.parent);
    if (!into || !into->has_start_children) children_changed_.insert(r.parent);
    mirror_.detach_children(r.id, [this](std::uint32_t c) { note_position(c); });
    mirror_.detach(r.id);
  } else {
    n = mirror_.create(r.id, node_kind_of(r.op));
    if (!n) return false;
    touch(r.id).created = true;
    drop_player_attributes(r.id);
    children_changed_.insert(r.parent);
  }
  assign_node_content(*n, r);
  return place(r.id, r.parent, r.next, misplaced);
}

bool MutationDiff::remove(std::uint32_t id, std::uint32_t parent) {
  const Node* n = mirror_.find(id);
  if (!n || id == mirror_.root() || parent == 0 || n->parent != parent) return false;
  children_changed_.insert(parent);
  note_position(id);
  mirror_.detach(id);
  return true;
}

bool MutationDiff::move(std::uint32_t id, std::uint32_t parent, std::uint32_t next,
                        bool* misplaced) {
  const Node* n = mirror_.find(id);
  const Node* p = mirror_.find(parent);
  if (!n || !p || !can_have_children(*p) || id == mirror_.root() || id == parent) return false;
  if (mirror_.is_ancestor(id, parent)) return false;
  children_changed_.insert(n->parent);
  children_changed_.insert(parent);
  note_position(id);
  Touch& t = touch(id);
  if (!t.created) t.reinserted = true;
  mirror_.detach(id);
  return place(id, parent, next, misplaced);
}

bool MutationDiff::set_attribute(std::uint32_t id, std::string_view name,
                                 const std::string_view* value) {
  Node* n = mirror_.find(id);
  if (!n || n->kind != NodeKind::element) return false;
  Touch& t = touch(id);
  if (!t.created) note_meta(*n);
  if (value) n->set_attribute(name, *value);
  else n->remove_attribute(name);
  if (t.created) return true;
  note_attribute(t, name);
  // How a value is masked depends on the input type (a shown password, say): send it again.
  if (ascii_iequals(name, "type") && n->attribute("value")) note_attribute(t, "value");
  return true;
}

void MutationDiff::note_attribute(Touch& t, std::string_view name) {
  for (const std::string& a : t.attributes)
    if (a == name) return;
  t.attributes.emplace_back(name);
}

namespace {

std::size_t attributes_bytes(const std::vector<Attribute>& attributes) {
  std::size_t bytes = 0;
  for (const Attribute& a : attributes) bytes += sizeof(Attribute) + a.name.size() + a.value.size();
  return bytes;
}

}  // namespace

void MutationDiff::drop_player_attributes(std::uint32_t id) {
  auto it = player_attributes_.find(id);
  if (it == player_attributes_.end()) return;
  player_attribute_bytes_ -= attributes_bytes(it->second);
  player_attributes_.erase(it);
}

void MutationDiff::note_meta(Node& n) {
  if (n.kind != NodeKind::element || n.meta_stale) return;
  n.meta_stale = true;
  drop_player_attributes(n.id);
  std::size_t bytes = attributes_bytes(n.attributes);
  auto full = [&] {
    return player_attributes_.size() >= kMaxPlayerAttributes ||
           player_attribute_bytes_ + bytes > kMaxPlayerAttributeBytes;
  };
  if (full()) {
    // Drop what no longer counts: nodes gone, or written whole since.
    for (auto it = player_attributes_.begin(); it != player_attributes_.end();) {
      const Node* m = mirror_.find(it->first);
      if (!m || !m->meta_stale) {
        player_attribute_bytes_ -= attributes_bytes(it->second);
        it = player_attributes_.erase(it);
      } else {
        ++it;
      }
    }
    if (full()) return;
  }
  player_attributes_.emplace(n.id, n.attributes);
  player_attribute_bytes_ += bytes;
}

const std::vector<Attribute>* MutationDiff::player_attributes(const Node& n) const {
  if (!n.meta_stale) return &n.attributes;
  auto it = player_attributes_.find(n.id);
  return it == player_attributes_.end() ? nullptr : &it->second;
}

void MutationDiff::forget_meta(Node& n) {
  if (!n.meta_stale) return;
  n.meta_stale = false;
  drop_player_attributes(n.id);
}

void MutationDiff::note_rewrite(Node& n, Touch& t, const Record& r) {
  NodeKind kind = node_kind_of(r.op);
  bool sized = (r.flags & node_flag::has_size) != 0;
  std::uint32_t width = sized ? r.width : 0;
  std::uint32_t height = sized ? r.height : 0;
  if (kind != n.kind || r.flags != n.flags || width != n.width || height != n.height) {
    t.reshaped = true;
    return;
  }
  switch (kind) {
    case NodeKind::element: {
      if (n.tag != r.s1) {
        t.reshaped = true;
        return;
      }
      bool changed = false;
      auto note = [&](std::string_view name) {
        if (!changed) note_meta(n);
        changed = true;
        note_attribute(t, name);
      };
      for (const Attribute& a : n.attributes) {
        const std::string_view* now = nullptr;
        for (const auto& b : r.attributes)
          if (b.first == a.name) now = &b.second;
        if (!now || *now != a.value) note(a.name);
      }
      for (const auto& b : r.attributes)
        if (!n.attribute(b.first)) note(b.first);
      break;
    }
    case NodeKind::text:
    case NodeKind::comment:
      if (n.text != r.s1) note_text(n, t);
      break;
    default:
      t.reshaped = true;
  }
}

bool MutationDiff::set_text(std::uint32_t id, std::string_view text) {
  Node* n = mirror_.find(id);
  if (!n || (n->kind != NodeKind::text && n->kind != NodeKind::comment &&
             n->kind != NodeKind::cdata))
    return false;
  Touch& t = touch(id);
  if (!t.created) note_text(*n, t);
  n->text.assign(text.data(), text.size());
  return true;
}

void MutationDiff::note_text(const Node& n, Touch& t) {
  if (!t.text_changed) t.start_text = n.text;
  t.text_changed = true;
}

bool MutationDiff::set_flags(std::uint32_t id, std::uint32_t flags, std::uint32_t width,
                             std::uint32_t height) {
  Node* n = mirror_.find(id);
  if (!n || id == mirror_.root()) return false;
  if (!(flags & node_flag::has_size)) width = height = 0;
  if (n->flags == flags && n->width == width && n->height == height) return true;
  note_position(id);
  Touch& t = touch(id);
  if (!t.created) {
    // Masking or blocking may change anywhere below, so the subtree is sent again.
    t.reinserted = true;
    t.reshaped = true;
    if (!t.has_start_flags) {
      t.has_start_flags = true;
      t.start_flags = n->flags;
    }
  }
  n->flags = flags;
  n->width = width;
  n->height = height;
  return true;
}

std::uint32_t MutationDiff::start_parent_of(std::uint32_t id) const {
  const Touch* t = touched(id);
  if (t && t->has_start_parent) return t->start_parent;
  if (t && t->created) return 0;
  const Node* n = mirror_.find(id);
  return n ? n->parent : 0;
}

std::uint32_t MutationDiff::start_flags_of(const Node& n) const {
  const Touch* t = touched(n.id);
  return t && t->has_start_flags ? t->start_flags : n.flags;
}

bool MutationDiff::known_at_start(std::uint32_t id, const NodeWriter& writer) {
  // Walk the tree as it was before the run, up to something already decided.
  std::vector<std::uint32_t> path;
  std::uint32_t cur = id;
  bool known = false;
  for (std::size_t steps = 0;; ++steps) {
    auto memo = known_memo_.find(cur);
    if (memo != known_memo_.end()) {
      known = memo->second;
      break;
    }
    const Touch* t = touched(cur);
    if (!mirror_.find(cur) || (t && t->created) || steps > mirror_.size()) {
      known = false;
      known_memo_[cur] = false;
      break;
    }
    if (cur == mirror_.root()) {
      known = true;
      known_memo_[cur] = true;
      break;
    }
    std::uint32_t p = start_parent_of(cur);
    if (p == 0) {
      known = false;
      known_memo_[cur] = false;
      break;
    }
    path.push_back(cur);
    cur = p;
  }
  while (!path.empty()) {
    std::uint32_t child = path.back();
    path.pop_back();
    const Node* parent = mirror_.find(cur);
    bool parent_blocked = parent && parent->kind == NodeKind::element &&
                          is_blocked_element(writer.options(), parent->tag, start_flags_of(*parent));
    known = known && !parent_blocked;
    known_memo_[child] = known;
    cur = child;
  }
  return known;
}

MutationDiff::EndState MutationDiff::end_state(std::uint32_t id, const NodeWriter& writer) {
  std::vector<std::uint32_t> path;
  std::uint32_t cur = id;
  EndState s;
  for (std::size_t steps = 0;; ++steps) {
    auto memo = end_memo_.find(cur);
    if (memo != end_memo_.end()) {
      s = memo->second;
      break;
    }
    const Node* n = mirror_.find(cur);
    if (!n || steps > mirror_.size()) {
      s = EndState{};
      break;
    }
    if (cur == mirror_.root()) {
      s = EndState{true, false};
      end_memo_[cur] = s;
      break;
    }
    if (n->parent == 0) {
      s = EndState{};
      end_memo_[cur] = s;
      break;
    }
    path.push_back(cur);
    cur = n->parent;
  }
  while (!path.empty()) {
    std::uint32_t child = path.back();
    path.pop_back();
    const Node* parent = mirror_.find(cur);
    EndState cs;
    cs.attached = s.attached;
    cs.suppressed = s.suppressed || (s.attached && parent && writer.is_blocked(*parent));
    end_memo_[child] = cs;
    s = cs;
    cur = child;
  }
  return s;
}

std::uint32_t MutationDiff::next_sibling_for(const Node& n) const {
  // Light and shadow children share the mirror's child list but not the replayer's parent.
  std::uint32_t shadow = n.flags & node_flag::shadow;
  for (std::uint32_t s = n.next; s != 0;) {
    const Node* sn = mirror_.find(s);
    if (!sn) return 0;
    if ((sn->flags & node_flag::shadow) == shadow) return s;
    s = sn->next;
  }
  return 0;
}

bool MutationDiff::keepable_top(std::uint32_t id, const NodeWriter& writer) {
  const Node* n = mirror_.find(id);
  const Touch* t = touched(id);
  if (!n || !t || n->kind != NodeKind::element) return false;
  const Node* parent = mirror_.find(n->parent);
  if (!parent || parent->kind != NodeKind::element) return false;
  if (n->flags & (node_flag::shadow | node_flag::shadow_host)) return false;
  // Among the same siblings only: under another parent its masking could differ.
  if (start_parent_of(id) != n->parent || t->reshaped) return false;
  if (t->has_start_flags && t->start_flags != n->flags) return false;
  if (writer.is_blocked(*n) || !known_at_start(id, writer)) return false;
  EndState e = end_state(id, writer);
  if (!e.attached || e.suppressed) return false;
  const std::vector<Attribute>* kept = player_attributes(*n);
  if (!kept) return false;
  // Values are masked by the input type: the kept copy must have the type it has now.
  const std::string* type = n->attribute("type");
  const std::string* kept_type = find_attribute(*kept, "type");
  if ((type == nullptr) != (kept_type == nullptr) || (type && *type != *kept_type)) return false;
  return true;
}

void MutationDiff::find_kept(const NodeWriter& writer) {
  kept_.clear();
  std::vector<std::uint32_t> stack;
  std::vector<std::uint32_t> members;
  for (std::uint32_t id : order_) {
    const Touch& t = touched_[id];
    if (t.created || !t.reinserted || kept_.count(id)) continue;
    if (!keepable_top(id, writer)) continue;
    // Not inside something written whole or kept already.
    bool covered = false;
    const Node* n = mirror_.find(id);
    for (std::size_t steps = 0; n && n->parent != 0 && steps <= mirror_.size(); ++steps) {
      const Touch* pt = touched(n->parent);
      if ((pt && (pt->created || pt->reinserted)) || kept_.count(n->parent)) {
        covered = true;
        break;
      }
      n = mirror_.find(n->parent);
    }
    if (covered) continue;
    // The subtree must be as the replayer has it: same nodes, parents, order and shape.
    bool same = true;
    members.clear();
    stack.assign(1, id);
    while (!stack.empty() && same) {
      std::uint32_t d = stack.back();
      stack.pop_back();
      const Node* dn = mirror_.find(d);
      if (!dn) continue;
      members.push_back(d);
      const Touch* dt = touched(d);
      if (children_changed_.count(d)) same = false;
      if (dt && dt->has_start_children) {
        std::size_t i = 0;
        mirror_.for_each_child(d, [&](std::uint32_t c) {
          if (i >= dt->start_children.size() || dt->start_children[i] != c) same = false;
          ++i;
        });
        if (i != dt->start_children.size()) same = false;
      }
      if (dt && (dt->created || dt->reshaped ||
                 (d != id && dt->has_start_parent && dt->start_parent != dn->parent) ||
                 (dt->has_start_flags && dt->start_flags != dn->flags)))
        same = false;
      mirror_.for_each_child(d, [&](std::uint32_t c) { stack.push_back(c); });
    }
    if (!same) continue;
    for (std::uint32_t m : members) kept_[m] = id;
  }
  if (kept_.empty()) return;
  // A node that was inside a kept subtree at the start and is not now: that one goes whole.
  for (std::uint32_t id : order_) {
    const Touch& t = touched_[id];
    if (!t.has_start_parent) continue;
    auto k = kept_.find(t.start_parent);
    if (k == kept_.end()) continue;
    const Node* n = mirror_.find(id);
    if (n && n->parent == t.start_parent && !t.created) continue;
    std::uint32_t top = k->second;
    for (auto it = kept_.begin(); it != kept_.end();) {
      if (it->second == top) it = kept_.erase(it);
      else ++it;
    }
  }
}

void MutationDiff::write_removes(const NodeWriter& writer, std::string& out, bool& any) {
  std::vector<std::uint32_t> removed;
  std::unordered_set<std::uint32_t> removed_set;
  for (std::uint32_t id : order_) {
    const Touch& t = touched_[id];
    if (t.created || (!t.has_start_parent && !t.reinserted)) continue;
    if (kept_.count(id)) continue;
    if (!known_at_start(id, writer)) continue;
    EndState e = end_state(id, writer);
    if (e.attached && !e.suppressed && !t.reinserted) continue;
    removed.push_back(id);
    removed_set.insert(id);
  }
  bool first = true;
  for (std::uint32_t id : removed) {
    bool covered = false;
    std::uint32_t p = start_parent_of(id);
    for (std::size_t steps = 0; p != 0 && steps <= mirror_.size(); ++steps) {
      if (removed_set.count(p)) {
        covered = true;
        break;
      }
      if (p == mirror_.root()) break;
      p = start_parent_of(p);
    }
    if (covered) continue;
    const Node* n = mirror_.find(id);
    if (!first) out += ',';
    first = false;
    any = true;
    out += "{\"parentId\":";
    append_uint(start_parent_of(id), out);
    out += ",\"id\":";
    append_uint(id, out);
    if (n && (start_flags_of(*n) & node_flag::shadow)) out += ",\"isShadow\":true";
    out += '}';
  }
}

void MutationDiff::write_adds(const NodeWriter& writer, std::string& out, bool& any) {
  std::unordered_set<std::uint32_t> candidates;
  std::vector<std::uint32_t> candidate_order;
  for (std::uint32_t id : order_) {
    const Touch& t = touched_[id];
    if (!(t.created || t.reinserted) || !mirror_.contains(id)) continue;
    EndState e = end_state(id, writer);
    if (!e.attached || e.suppressed) continue;
    candidates.insert(id);
    candidate_order.push_back(id);
  }
  if (candidates.empty()) return;

  // A candidate below another candidate goes out with that one's subtree.
  std::unordered_map<std::uint32_t, bool> covered;
  std::unordered_set<std::uint32_t> tops;
  std::vector<std::uint32_t> top_order;
  std::vector<std::uint32_t> path;
  for (std::uint32_t id : candidate_order) {
    // covered(x) = candidate(parent) || covered(parent), memoized along the way up.
    path.clear();
    std::uint32_t cur = id;
    bool base = false;
    for (std::size_t steps = 0;; ++steps) {
      auto memo = covered.find(cur);
      if (memo != covered.end()) {
        base = memo->second;
        break;
      }
      const Node* n = mirror_.find(cur);
      if (!n || cur == mirror_.root() || n->parent == 0 || steps > mirror_.size()) {
        base = false;
        covered[cur] = false;
        break;
      }
      path.push_back(cur);
      cur = n->parent;
    }
    while (!path.empty()) {
      std::uint32_t c = path.back();
      path.pop_back();
      base = candidates.count(cur) != 0 || base;
      covered[c] = base;
      cur = c;
    }
    if (base) continue;
    tops.insert(id);
    top_order.push_back(id);
  }

  bool first = true;
  std::unordered_map<std::uint32_t, PrivacyState> parent_states;
  std::vector<std::uint32_t> run;
  // A node whose parent goes out in this event is appended (nextId null): the replayer built
  // that parent empty, and its children follow in document order. Only a run's top nodes name
  // a sibling, so each new subtree carries one sibling id instead of one per node.
  struct Pending {
    std::uint32_t id;
    PrivacyState state;
    bool append;
  };
  std::vector<Pending> stack;
  std::vector<std::uint32_t> children;
  for (std::uint32_t top : top_order) {
    if (emitted_.count(top)) continue;
    // Added siblings that follow one another go out last first, so each nextId already exists
    // in the replayer's DOM; any other next sibling is a node it has had all along.
    run.clear();
    for (std::uint32_t s = top; s != 0 && tops.count(s) && !emitted_.count(s);) {
      run.push_back(s);
      emitted_[s] = true;  // claimed; the stack below writes it
      const Node* sn = mirror_.find(s);
      s = sn ? next_sibling_for(*sn) : 0;
    }
    for (auto it = run.rbegin(); it != run.rend(); ++it) {
      std::uint32_t parent = mirror_.find(*it)->parent;
      auto ps = parent_states.find(parent);
      if (ps == parent_states.end())
        ps = parent_states.emplace(parent, writer.locate(parent).state).first;
      stack.push_back(Pending{*it, ps->second, false});
      while (!stack.empty()) {
        auto [id, state, append] = stack.back();
        stack.pop_back();
        Node* n = mirror_.find(id);
        if (!n) continue;
        if (!first) out += ',';
        first = false;
        any = true;
        out += "{\"parentId\":";
        append_uint(n->parent, out);
        out += ",\"nextId\":";
        std::uint32_t next = append ? 0 : next_sibling_for(*n);
        if (next) append_uint(next, out);
        else out += "null";
        out += ",\"node\":";
        emitted_[id] = true;
        if (kept_.count(id)) {
          // Moved as is: the node as the replayer kept it, which it reuses with its subtree.
          writer.open_node(*n, state, out, player_attributes(*n), true);
          NodeWriter::close_node(n->id, out, true);
          out += '}';
          continue;
        }
        NodeWriter::Opened opened = writer.open_node(*n, state, out, nullptr, true);
        if (opened != NodeWriter::Opened::leaf) NodeWriter::close_node(n->id, out, true);
        out += '}';
        forget_meta(*n);
        if (opened == NodeWriter::Opened::container) {
          PrivacyState cs = writer.content_state(*n, state);
          // Pushed last to first, so they are written (and appended) first to last.
          children.clear();
          mirror_.for_each_child(id, [&](std::uint32_t child) { children.push_back(child); });
          for (auto c = children.rbegin(); c != children.rend(); ++c) stack.push_back(Pending{*c, cs, true});
        }
      }
    }
  }
}

void MutationDiff::write_texts(const NodeWriter& writer, std::string& out, bool& any) {
  bool first = true;
  std::string value, start;
  for (std::uint32_t id : order_) {
    const Touch& t = touched_[id];
    if (!t.text_changed || t.created || (emitted_.count(id) && !kept_.count(id))) continue;
    const Node* n = mirror_.find(id);
    if (!n) continue;
    Placement p = writer.locate(id);
    if (!p.visible()) continue;
    // A change the replayer would not show (masked, it is the same stars) is not sent: the
    // masked text of a price or a counter keeps its length most of the time.
    value.clear();
    writer.append_text_value(*n, p.state, value);
    Node before = *n;
    before.text = t.start_text;
    start.clear();
    writer.append_text_value(before, p.state, start);
    if (value == start) continue;
    if (!first) out += ',';
    first = false;
    any = true;
    out += "{\"id\":";
    append_uint(id, out);
    out += ",\"value\":";
    out += value;
    out += '}';
  }
}

void MutationDiff::write_attributes(const NodeWriter& writer, std::string& out, bool& any) {
  bool first = true;
  for (std::uint32_t id : order_) {
    const Touch& t = touched_[id];
    if (t.attributes.empty() || t.created || (emitted_.count(id) && !kept_.count(id))) continue;
    const Node* n = mirror_.find(id);
    if (!n || n->kind != NodeKind::element) continue;
    Placement p = writer.locate(id);
    if (!p.attached || (p.blocked != 0 && p.blocked != id)) continue;
    // A placeholder only follows its element's class (it may size or place the box).
    bool placeholder = p.blocked == id;
    std::string entries;
    for (const std::string& name : t.attributes) {
      if (placeholder && name != "class") continue;
      if (!entries.empty()) entries += ',';
      write_json_string(name, entries);
      entries += ':';
      const std::string* value = n->attribute(name);
      if (placeholder) write_json_string(writer.placeholder_class(*n), entries);
      else if (value) writer.append_attribute_value(*n, name, *value, p.state, entries);
      else entries += "null";
    }
    if (entries.empty()) continue;
    if (!first) out += ',';
    first = false;
    any = true;
    out += "{\"id\":";
    append_uint(id, out);
    out += ",\"attributes\":{";
    out += entries;
    out += "}}";
  }
}

void MutationDiff::purge_detached() {
  for (std::uint32_t id : order_) {
    const Node* n = mirror_.find(id);
    if (!n) continue;
    // Climb to the top of whatever piece this node hangs in.
    std::uint32_t top = id;
    for (std::size_t steps = 0; n && n->parent != 0 && steps <= mirror_.size(); ++steps) {
      top = n->parent;
      n = mirror_.find(top);
    }
    if (top != mirror_.root()) mirror_.erase_subtree(top);
  }
}

void MutationDiff::reset() {
  kept_.clear();
  children_changed_.clear();
  touched_.clear();
  order_.clear();
  known_memo_.clear();
  end_memo_.clear();
  emitted_.clear();
}

void MutationDiff::discard() {
  purge_detached();
  reset();
  player_attributes_.clear();
  player_attribute_bytes_ = 0;
}

bool MutationDiff::flush(const NodeWriter& writer, std::string& out) {
  if (order_.empty()) return false;
  std::string removes, adds, texts, attributes;
  bool any = false;
  find_kept(writer);
  write_removes(writer, removes, any);
  write_adds(writer, adds, any);
  write_texts(writer, texts, any);
  write_attributes(writer, attributes, any);
  purge_detached();
  reset();
  if (!any) return false;
  out += "{\"source\":0,\"texts\":[";
  out += texts;
  out += "],\"attributes\":[";
  out += attributes;
  out += "],\"removes\":[";
  out += removes;
  out += "],\"adds\":[";
  out += adds;
  out += "]}";
  return true;
}

}  // namespace vigil::replay
