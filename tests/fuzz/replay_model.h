#pragma once
// Test-only: a model of what rrweb's Replayer does with our events, checked against the
// encoder's mirror. Shared by tests/unit/test_replay_model.cpp (seeded random sessions) and
// tests/fuzz/fuzz_replay_batch.cpp. The property: after every batch, the DOM the replayer has
// built from the events equals the visible part of the mirror (ids, order, light/shadow
// children, masked text and attributes), and every event only names nodes the replayer has.
//
// The model is strict where the real replayer is forgiving: it rejects a remove of a node that is
// not a child of parentId, an add whose parent is missing or whose nextId is not already a
// sibling in the same (light or shadow) child list, and an add whose id already exists unless
// the added node is the one the replayer kept for that id (element, same tag, attributes as
// last built, in the same order, same isSVG): rrweb's buildNodeWithSN then returns the node it
// has, and inserting it moves it with its subtree.
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/json.h"
#include "replay/batch_writer.h"
#include "replay/encoder.h"
#include "replay/node_json.h"

namespace vigil::replay::model {

class ReplayerModel {
 public:
  // Applies a parsed JSON array of events; returns "" or what went wrong.
  std::string apply(const Value& events) {
    for (const Value& ev : events.as_array()) {
      std::int64_t type = ev.get("type").as_int(-1);
      const Value& data = ev.get("data");
      if (!ev.get("timestamp").is_number()) return "event without a timestamp";
      std::string err;
      if (type == 2) err = apply_snapshot(data);
      else if (type == 3) err = apply_incremental(data);
      else if (type != 4 && type != 5) err = "unexpected event type";
      if (!err.empty()) return err + " in " + to_json(ev).substr(0, 300);
    }
    return "";
  }

  // Compares the model with the visible part of the encoder's mirror.
  std::string compare(const Encoder& e) const {
    const Mirror& m = e.mirror();
    NodeWriter writer(m, e.options().privacy);
    // Mid-snapshot, or after one that never ended: the replayer keeps the old page, but the
    // encoder sends nothing about nodes until the next full snapshot, so there is no contract.
    if (e.in_snapshot() || m.root() == 0) return "";
    struct Item {
      std::uint32_t id;
      PrivacyState parent_state;
    };
    std::vector<Item> stack{{m.root(), root_privacy_state(e.options().privacy)}};
    std::size_t visited = 0;
    while (!stack.empty()) {
      Item it = stack.back();
      stack.pop_back();
      ++visited;
      const Node* n = m.find(it.id);
      auto mn = nodes_.find(it.id);
      if (!n) return "mirror lost node " + std::to_string(it.id);
      if (mn == nodes_.end()) return "replayer lacks node " + std::to_string(it.id);
      const ModelNode& got = mn->second;
      if (got.kind != static_cast<int>(n->kind)) return "kind differs for " + std::to_string(it.id);
      // What the node should look like, written by the same code the snapshot uses.
      std::string json;
      NodeWriter::Opened opened = writer.open_node(*n, it.parent_state, json);
      if (opened != NodeWriter::Opened::leaf) json += "]}";
      ParseResult want = parse_json(json);
      if (!want.ok) return "open_node wrote bad JSON";
      if (n->kind == NodeKind::element) {
        std::map<std::string, std::string> attrs;
        for (const Member& a : want.value.get("attributes").as_object())
          attrs[a.key] = a.value.as_string();
        if (attrs != got.attributes) {
          std::string msg = "attributes differ for " + std::to_string(it.id) + ": replayer {";
          for (const auto& a : got.attributes) msg += a.first + "=" + a.second + " ";
          msg += "} mirror {";
          for (const auto& a : attrs) msg += a.first + "=" + a.second + " ";
          return msg + "}";
        }
      } else if (n->kind == NodeKind::text || n->kind == NodeKind::comment) {
        if (want.value.get("textContent").as_string() != got.text)
          return "text differs for " + std::to_string(it.id) + ": '" + got.text + "' vs '" +
                 want.value.get("textContent").as_string() + "'";
      }
      std::vector<std::uint32_t> light, shadow;
      if (opened == NodeWriter::Opened::container) {
        PrivacyState cs = writer.content_state(*n, it.parent_state);
        m.for_each_child(it.id, [&](std::uint32_t c) {
          const Node* cn = m.find(c);
          (cn && (cn->flags & node_flag::shadow) ? shadow : light).push_back(c);
          stack.push_back(Item{c, cs});
        });
      }
      if (light != got.light || shadow != got.shadow)
        return "children differ for " + std::to_string(it.id);
    }
    if (visited != nodes_.size())
      return "replayer has " + std::to_string(nodes_.size()) + " nodes, mirror shows " +
             std::to_string(visited);
    return "";
  }

  std::size_t size() const { return nodes_.size(); }

 private:
  struct ModelNode {
    int kind = 0;
    std::uint32_t parent = 0;
    bool is_shadow = false;
    std::string text;
    std::map<std::string, std::string> attributes;
    std::string meta;  // elements: tag, attributes (in order) and isSVG as last built
    std::vector<std::uint32_t> light, shadow;
  };

  std::string build(const Value& v, std::uint32_t parent) {
    std::int64_t id = v.get("id").as_int(0);
    if (id <= 0) return "node without id";
    auto [it, inserted] = nodes_.try_emplace(static_cast<std::uint32_t>(id));
    if (!inserted) return "duplicate id " + std::to_string(id);
    ModelNode& n = it->second;
    n.kind = static_cast<int>(v.get("type").as_int(-1));
    n.parent = parent;
    n.is_shadow = v.get("isShadow").as_bool(false);
    n.text = v.get("textContent").as_string();
    for (const Member& a : v.get("attributes").as_object()) n.attributes[a.key] = a.value.as_string();
    n.meta = meta_of(v);
    return "";
  }

  static std::string meta_of(const Value& v) {
    if (v.get("type").as_int(-1) != 2) return "";
    return v.get("tagName").as_string() + " " + to_json(v.get("attributes")) +
           (v.get("isSVG").as_bool(false) ? " svg" : "");
  }

  // An add naming a node the replayer has: moves it when it is the node kept, else an error.
  std::string reuse(const Value& a, std::uint32_t id, std::uint32_t parent) {
    ModelNode& n = nodes_[id];
    if (n.kind != 2 || n.meta != meta_of(a.get("node")))
      return "duplicate id " + std::to_string(id) + " (not the node the replayer kept)";
    if (a.get("node").get("isShadow").as_bool(false) != n.is_shadow) return "reused node changes isShadow";
    for (std::uint32_t p = parent; p != 0; p = nodes_[p].parent)
      if (p == id) return "reused node added inside itself";
    ModelNode& old = nodes_[n.parent];
    auto& from = n.is_shadow ? old.shadow : old.light;
    from.erase(std::find(from.begin(), from.end(), id));
    n.parent = parent;
    return "";
  }

  std::string apply_snapshot(const Value& data) {
    nodes_.clear();
    // Iterative, children in order.
    struct Item {
      const Value* v;
      std::uint32_t parent;
    };
    std::vector<Item> stack{{&data.get("node"), 0}};
    while (!stack.empty()) {
      Item it = stack.back();
      stack.pop_back();
      std::string err = build(*it.v, it.parent);
      if (!err.empty()) return err;
      auto id = static_cast<std::uint32_t>(it.v->get("id").as_int());
      if (it.parent) {
        ModelNode& p = nodes_[it.parent];
        (nodes_[id].is_shadow ? p.shadow : p.light).push_back(id);
      }
      const Array& kids = it.v->get("childNodes").as_array();
      for (auto k = kids.rbegin(); k != kids.rend(); ++k) stack.push_back(Item{&*k, id});
    }
    return "";
  }

  void erase(std::uint32_t id) {
    std::vector<std::uint32_t> stack{id};
    while (!stack.empty()) {
      std::uint32_t cur = stack.back();
      stack.pop_back();
      auto it = nodes_.find(cur);
      if (it == nodes_.end()) continue;
      for (std::uint32_t c : it->second.light) stack.push_back(c);
      for (std::uint32_t c : it->second.shadow) stack.push_back(c);
      nodes_.erase(it);
    }
  }

  bool has(std::int64_t id) const { return id > 0 && nodes_.count(static_cast<std::uint32_t>(id)); }

  std::string apply_incremental(const Value& data) {
    std::int64_t source = data.get("source").as_int(-1);
    if (source == 5 || source == 3) return has(data.get("id").as_int()) ? "" : "event on unknown node";
    if (source == 2) return has(data.get("id").as_int()) ? "" : "interaction on unknown node";
    if (source != 0) return "";
    for (const Value& r : data.get("removes").as_array()) {
      std::int64_t id = r.get("id").as_int(), parent = r.get("parentId").as_int();
      if (!has(id) || !has(parent)) return "remove of unknown node";
      ModelNode& p = nodes_[static_cast<std::uint32_t>(parent)];
      auto& list = r.get("isShadow").as_bool(false) ? p.shadow : p.light;
      auto pos = std::find(list.begin(), list.end(), static_cast<std::uint32_t>(id));
      if (pos == list.end()) return "removed node is not a child of parentId";
      list.erase(pos);
      erase(static_cast<std::uint32_t>(id));
    }
    for (const Value& a : data.get("adds").as_array()) {
      std::int64_t parent = a.get("parentId").as_int();
      const Value& node = a.get("node");
      if (!has(parent)) return "add under unknown parent";
      if (!node.get("childNodes").as_array().empty()) return "add with children";
      auto id = static_cast<std::uint32_t>(node.get("id").as_int());
      std::string err = has(id) ? reuse(a, id, static_cast<std::uint32_t>(parent))
                                : build(node, static_cast<std::uint32_t>(parent));
      if (!err.empty()) return err;
      ModelNode& p = nodes_[static_cast<std::uint32_t>(parent)];
      auto& list = nodes_[id].is_shadow ? p.shadow : p.light;
      if (a.get("nextId").is_null()) {
        list.push_back(id);
      } else {
        auto pos = std::find(list.begin(), list.end(),
                             static_cast<std::uint32_t>(a.get("nextId").as_int()));
        if (pos == list.end()) return "nextId is not a sibling yet";
        list.insert(pos, id);
      }
    }
    for (const Value& t : data.get("texts").as_array()) {
      if (!has(t.get("id").as_int())) return "text change on unknown node";
      nodes_[static_cast<std::uint32_t>(t.get("id").as_int())].text = t.get("value").as_string();
    }
    for (const Value& t : data.get("attributes").as_array()) {
      if (!has(t.get("id").as_int())) return "attribute change on unknown node";
      ModelNode& n = nodes_[static_cast<std::uint32_t>(t.get("id").as_int())];
      for (const Member& m : t.get("attributes").as_object()) {
        if (m.value.is_null()) n.attributes.erase(m.key);
        else n.attributes[m.key] = m.value.as_string();
      }
    }
    return "";
  }

  std::unordered_map<std::uint32_t, ModelNode> nodes_;
};

// Checks the mirror's links: parents, prev/next and first/last agree, and (outside a snapshot)
// every node hangs from the document, so nothing detached leaks from batch to batch.
inline std::string check_mirror(const Encoder& e) {
  const Mirror& m = e.mirror();
  if (m.root() == 0) return m.size() == 0 || e.in_snapshot() ? "" : "nodes without a document";
  std::size_t reachable = 0;
  std::vector<std::uint32_t> stack{m.root()};
  while (!stack.empty()) {
    std::uint32_t id = stack.back();
    stack.pop_back();
    if (++reachable > m.size()) return "cycle in the mirror";
    const Node* n = m.find(id);
    if (!n) return "dangling child id";
    std::uint32_t prev = 0;
    for (std::uint32_t c = n->first_child; c != 0;) {
      const Node* cn = m.find(c);
      if (!cn || cn->parent != id || cn->prev != prev) return "broken child links";
      stack.push_back(c);
      prev = c;
      c = cn->next;
    }
    if (n->last_child != prev) return "broken last_child";
  }
  if (!e.in_snapshot() && reachable != m.size()) return "detached nodes left in the mirror";
  return "";
}

// Writes well-formed but arbitrary records driven by `bytes`, choosing ids mostly among the
// ones the mirror holds so that moves, removes and changes hit real nodes.
class RandomSession {
 public:
  explicit RandomSession(std::uint32_t max_id = 40) : max_id_(max_id) {}

  void write(BatchWriter& w, const Mirror& m, const std::uint8_t* bytes, std::size_t n) {
    p_ = bytes;
    end_ = bytes + n;
    while (p_ < end_) {
      std::uint8_t op = take() % 17;
      std::uint32_t id = pick_id();
      std::uint32_t parent = pick_id();
      const Node* pn = m.find(parent);
      std::uint32_t next = pn && pn->first_child && (take() & 1) ? pn->first_child : 0;
      if (next == 0 && pn && pn->last_child && (take() & 3) == 0) next = pn->last_child;
      const Node* node = m.find(id);
      switch (op) {
        case 0: case 1: case 2:
          w.element(id, parent, next, tag(), attrs(), flags(), 10, 20);
          break;
        case 3:
          w.text(id, parent, next, text(), take() & 1 ? node_flag::shadow : 0);
          break;
        case 4:
          w.comment(id, parent, next, text());
          break;
        case 5: case 6:
          w.remove(id, node ? node->parent : parent);
          break;
        case 7:
          w.move(id, parent, next);
          break;
        case 8: {
          static const char* const names[] = {"title", "class", "value", "type", "alt", "data-x"};
          const char* name = names[take() % 6];
          if (take() & 1) w.attribute(id, name, text());
          else w.attribute_removed(id, name);
          break;
        }
        case 9:
          w.text_change(id, text());
          break;
        case 10:
          w.flags(id, flags(), 3, 4);
          break;
        case 11:
          w.input(id, text(), take() & 1, true);
          break;
        case 12:
          w.time_delta(take());
          w.mouse_interaction(take() % 11, id, true, 1, 2);
          break;
        case 13:
          w.scroll(id, 0, take());
          break;
        case 14:
          if (take() % 8 == 0) {  // now and then, a fresh snapshot of a small page
            w.snapshot_begin().document(1).element(2, 1, 0, "html").element(3, 2, 0, "body");
            w.snapshot_end();
          } else {
            w.custom("breadcrumb", "{\"n\":1}");
          }
          break;
        case 15:
          // A known node moved among its siblings as JS reports it: removed, then its subtree
          // written again (now and then with a change inside).
          if (node && node->parent != 0 && m.find(node->parent)) {
            std::uint32_t from = node->parent;
            const Node* pp = m.find(from);
            std::uint32_t to = pp->first_child != id && (take() & 1) ? pp->first_child : 0;
            w.remove(id, from);
            rewrite(w, m, id, from, to);
          }
          break;
        default:
          w.viewport(take(), take());
          break;
      }
    }
  }

 private:
  std::uint8_t take() { return p_ < end_ ? *p_++ : 0; }
  // Writes id's subtree as the mirror holds it, id under parent before next, children appended.
  void rewrite(BatchWriter& w, const Mirror& m, std::uint32_t id, std::uint32_t parent,
               std::uint32_t next) {
    struct Item {
      std::uint32_t id, parent, next;
    };
    std::vector<Item> stack{{id, parent, next}};
    std::size_t steps = 0;
    while (!stack.empty() && ++steps <= m.size()) {
      Item it = stack.back();
      stack.pop_back();
      const Node* n = m.find(it.id);
      if (!n) continue;
      bool change = (take() & 7) == 0;
      switch (n->kind) {
        case NodeKind::element: {
          BatchWriter::Attrs a;
          for (const Attribute& at : n->attributes) a.emplace_back(at.name, at.value);
          if (change) a.emplace_back("title", text());
          w.element(it.id, it.parent, it.next, n->tag, a, n->flags, n->width, n->height);
          break;
        }
        case NodeKind::text:
          w.text(it.id, it.parent, it.next, change ? text() : n->text, n->flags);
          break;
        case NodeKind::comment:
          w.comment(it.id, it.parent, it.next, n->text);
          break;
        default:
          continue;
      }
      std::vector<std::uint32_t> kids;
      m.for_each_child(it.id, [&](std::uint32_t c) { kids.push_back(c); });
      for (auto k = kids.rbegin(); k != kids.rend(); ++k) stack.push_back(Item{*k, it.id, 0});
    }
  }
  std::uint32_t pick_id() { return 1 + take() % max_id_; }
  const char* tag() {
    static const char* const tags[] = {"div", "span", "p", "img", "textarea", "style", "script",
                                       "input", "ul", "li"};
    return tags[take() % 10];
  }
  std::uint32_t flags() {
    std::uint8_t b = take();
    std::uint32_t f = 0;
    if (b & 1) f |= node_flag::mask;
    if (b & 2) f |= node_flag::unmask;
    if (b & 4) f |= node_flag::block;
    if (b & 8) f |= node_flag::unblock;
    if (b & 16) f |= node_flag::shadow;
    if (b & 32) f |= node_flag::shadow_host;
    if (b & 64) f |= node_flag::has_size;
    if (b & 128) f |= node_flag::ignore;
    return f;
  }
  BatchWriter::Attrs attrs() {
    BatchWriter::Attrs a;
    std::uint8_t b = take();
    if (b & 1) a.emplace_back("class", "c");
    if (b & 2) a.emplace_back("title", "Hello there");
    if (b & 4) a.emplace_back("type", b & 8 ? "password" : "text");
    if (b & 16) a.emplace_back("value", "v4lue");
    return a;
  }
  std::string text() {
    static const char* const texts[] = {"a", "hello world", "", " ", "caf\xC3\xA9", "x y z"};
    return texts[take() % 6];
  }

  std::uint32_t max_id_;
  const std::uint8_t* p_ = nullptr;
  const std::uint8_t* end_ = nullptr;
};

// The page every session starts from: document 1 > html 2 > body 3 > a few children.
inline void write_base_page(BatchWriter& w) {
  w.time(1000).snapshot_begin().document(1).element(2, 1, 0, "html").element(3, 2, 0, "body");
  w.element(4, 3, 0, "div", {{"class", "a"}}).text(5, 4, 0, "one");
  w.element(6, 3, 0, "ul", {}, node_flag::unmask).element(7, 6, 0, "li").text(8, 7, 0, "two");
  w.element(9, 3, 0, "div", {}, node_flag::shadow_host).element(10, 9, 0, "b", {}, node_flag::shadow);
  w.element(11, 3, 0, "img", {}, node_flag::has_size, 5, 5);
  w.snapshot_end();
}

}  // namespace vigil::replay::model
