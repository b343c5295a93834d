#pragma once
// Writes mirror nodes as rrweb serialized nodes (serializedNodeWithId), applying masking and
// blocking, and answers where a node stands privacy-wise. The JSON is written straight into a
// string: a 100,000-node snapshot never becomes a Value tree.
#include <cstdint>
#include <string>
#include <string_view>

#include "replay/mirror.h"
#include "replay/privacy.h"

namespace vigil::replay {

// Where a node sits in the mirror, as masking and blocking see it.
struct Placement {
  bool attached = false;       // reachable from the document root
  std::uint32_t blocked = 0;   // the outermost blocked ancestor-or-self, 0 when none
  PrivacyState state;          // the state its content is emitted under (its own for elements)
  // Known to the replayer and emitted in full: attached and not inside or being a placeholder.
  bool visible() const { return attached && blocked == 0; }
};

class NodeWriter {
 public:
  NodeWriter(const Mirror& mirror, const PrivacyOptions& options)
      : mirror_(mirror), options_(options) {}

  const PrivacyOptions& options() const { return options_; }

  // Walks up from id to the root: O(depth).
  Placement locate(std::uint32_t id) const;
  // The state an element's content gets from its own flags; other nodes pass the parent's on.
  PrivacyState content_state(const Node& n, const PrivacyState& parent_state) const;
  bool is_blocked(const Node& n) const;

  enum class Opened { leaf, container, placeholder };
  // Writes the node's JSON object, its id last (as rrweb orders it): deflate then finds the
  // same bytes before every id, which a run of new nodes does not share. Leaves are written
  // whole. Documents and elements stop after `"childNodes":[`: the caller writes the children
  // and closes with close_node(); placeholders (blocked elements) must be closed at once.
  // `attributes`, when given, is written instead of the element's own (the attributes the
  // replayer last got for it, to name a node it already has). With `id_first` the id opens the
  // object instead: in a mutation's adds, where each node follows its parent's id, that deflates
  // better (-1.3 % of a segment); in a snapshot, last does.
  Opened open_node(const Node& n, const PrivacyState& parent_state, std::string& out,
                   const std::vector<Attribute>* attributes = nullptr,
                   bool id_first = false) const;
  // Ends a container or placeholder open_node() left open: `],"id":N}` (`]}` with id_first).
  static void close_node(std::uint32_t id, std::string& out, bool id_first = false);

  // The class a blocked element's placeholder carries: its own classes plus rr-block.
  std::string placeholder_class(const Node& n) const;

  // The text a text/comment node shows under the given (parent) state.
  void append_text_value(const Node& n, const PrivacyState& parent_state, std::string& out) const;
  // An attribute's value as emitted for element n whose own state is `state`.
  void append_attribute_value(const Node& n, std::string_view name, std::string_view value,
                              const PrivacyState& state, std::string& out) const;

 private:
  const Mirror& mirror_;
  PrivacyOptions options_;
};

// JSON number helpers that need neither printf nor the core's number module.
void append_uint(std::uint64_t v, std::string& out);
void append_int(std::int64_t v, std::string& out);
// Integral milliseconds as an integer (rrweb's timestamps), anything else as a JSON number.
void append_ms(double ms, std::string& out);

}  // namespace vigil::replay
