#pragma once
// A host object graph for tests of normalize_graph(): nodes live in a vector and handles are
// their indices, so tests can build cycles, shared references, throwing getters and throwing
// key enumeration the way a JavaScript heap would present them. It counts host calls so tests
// can check the walker does not ask for more than it needs.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/normalize.h"

namespace vigil::test {

class FakeGraph : public GraphSource {
 public:
  struct Prop {
    std::string key;
    Handle value = 0;
    bool throws = false;
    std::string error;
  };
  struct Node {
    NodeInfo info;
    std::vector<Prop> props;
    bool keys_throw = false;
    std::string keys_error;
  };

  Handle add(NodeInfo info) {
    nodes_.push_back(Node{std::move(info), {}, false, {}});
    return static_cast<Handle>(nodes_.size() - 1);
  }
  Handle scalar(NodeKind kind, std::string text = {}, double number = 0) {
    NodeInfo i;
    i.kind = kind;
    i.text = std::move(text);
    i.number = number;
    return add(i);
  }
  Handle str(std::string s) { return scalar(NodeKind::string, std::move(s)); }
  Handle num(double d) { return scalar(NodeKind::number, {}, d); }
  Handle undefined() { return scalar(NodeKind::undefined); }
  // Containers get an identity of their own (handle + 1, so never 0).
  Handle container(NodeKind kind, std::string class_name = {}) {
    NodeInfo i;
    i.kind = kind;
    i.class_name = std::move(class_name);
    i.identity = static_cast<std::uint32_t>(nodes_.size() + 1);
    return add(i);
  }
  Handle object(std::string class_name = {}) {
    return container(NodeKind::object, std::move(class_name));
  }
  Handle array() { return container(NodeKind::array); }
  Handle error(std::string class_name = "Error") {
    return container(NodeKind::error, std::move(class_name));
  }

  void set(Handle obj, std::string key, Handle value) {
    nodes_[obj].props.push_back(Prop{std::move(key), value, false, {}});
  }
  void set_throwing(Handle obj, std::string key, std::string message) {
    nodes_[obj].props.push_back(Prop{std::move(key), 0, true, std::move(message)});
  }
  void push(Handle arr, Handle value) { set(arr, std::to_string(nodes_[arr].props.size()), value); }
  void make_keys_throw(Handle obj, std::string message) {
    nodes_[obj].keys_throw = true;
    nodes_[obj].keys_error = std::move(message);
  }
  // An alias: a second handle for the same host object, as a host that hands out a new handle
  // per property read would produce. Same identity, same properties.
  Handle alias(Handle of) {
    Node copy = nodes_[of];
    nodes_.push_back(std::move(copy));
    return static_cast<Handle>(nodes_.size() - 1);
  }

  NodeInfo describe(Handle node) override {
    ++describe_calls;
    if (node >= nodes_.size()) return NodeInfo{};  // unknown handle reads as undefined
    return nodes_[node].info;
  }
  KeyList keys(Handle node, std::size_t limit) override {
    ++keys_calls;
    last_keys_limit = limit;
    KeyList out;
    if (node >= nodes_.size()) return out;
    const Node& n = nodes_[node];
    if (n.keys_throw) {
      out.threw = true;
      out.error = n.keys_error;
      return out;
    }
    for (const auto& p : n.props) {
      if (out.keys.size() == limit) {
        out.more = true;
        break;
      }
      out.keys.push_back(p.key);
    }
    return out;
  }
  GraphEntry get(Handle node, std::string_view key) override {
    ++get_calls;
    GraphEntry e;
    e.key = std::string(key);
    e.value = static_cast<Handle>(-1);  // absent property: an unknown handle, i.e. undefined
    if (node >= nodes_.size()) return e;
    for (const auto& p : nodes_[node].props) {
      if (p.key != key) continue;
      e.value = p.value;
      e.threw = p.throws;
      e.error = p.error;
      break;
    }
    return e;
  }

  std::size_t describe_calls = 0;
  std::size_t keys_calls = 0;
  std::size_t get_calls = 0;
  std::size_t last_keys_limit = 0;

 private:
  std::vector<Node> nodes_;
};

}  // namespace vigil::test
