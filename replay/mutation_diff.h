#pragma once
// Applies mutation records to the mirror and, at flush, turns the run into one rrweb mutation
// event holding only the net change between the mirror before the run and after it:
//   - a node added then removed emits nothing;
//   - a node added then moved is one add in its final place;
//   - text and attribute changes on nodes added in the run are folded into the add;
//   - a removed node whose parent (as the replayer knows it) is also removed is left out;
//   - a moved node, or one whose flags changed (a selector now matches differently), is
//     removed and added again whole, since the replayer drops a removed node's subtree;
//   - nothing inside a blocked element is ever mentioned.
// Adds are emitted flat (rrweb's replayer builds an added node without its children) and in an
// order where every nextId already exists: parents first; added siblings under a parent the
// replayer has, later ones before earlier ones; the children of a node added in the same event
// in document order, appended (nextId null), so a subtree names one sibling, not one per node.
// A node moved among its siblings (same parent, nothing inside it changed shape) is one add that
// names the node as the replayer has it, without a remove: rrweb's replayer reuses a node it
// has when the added node matches the one it kept (tag, attributes as last written whole) and
// moves it with its subtree, so the subtree is not sent again. To know what it kept, the
// attributes a node had when last written whole are remembered once they change.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "replay/mirror.h"
#include "replay/node_json.h"
#include "replay/record_format.h"

namespace vigil::replay {

// Node kind of a node record's opcode.
NodeKind node_kind_of(Op op);
// Copies a node record's content (kind, flags, tag, text, attributes, size) into n.
void assign_node_content(Node& n, const Record& r);

class MutationDiff {
 public:
  explicit MutationDiff(Mirror& mirror) : mirror_(mirror) {}

  // Each returns false, leaving the mirror as it was, when the record does not fit the mirror
  // (unknown ids, a cycle, a parent that cannot have children). add_node may place the node
  // at the end of parent when `next` is not one of parent's children; that counts as a warning
  // through *misplaced.
  bool add_node(const Record& r, bool* misplaced);
  bool remove(std::uint32_t id, std::uint32_t parent);
  bool move(std::uint32_t id, std::uint32_t parent, std::uint32_t next, bool* misplaced);
  bool set_attribute(std::uint32_t id, std::string_view name, const std::string_view* value);
  bool set_text(std::uint32_t id, std::string_view text);
  bool set_flags(std::uint32_t id, std::uint32_t flags, std::uint32_t width, std::uint32_t height);

  bool empty() const { return order_.empty(); }

  // Appends the mutation event's data object ({"source":0,"texts":...}) to out and returns true,
  // or returns false and appends nothing when the net change is empty. Either way nodes left
  // detached are deleted from the mirror and the run starts over.
  bool flush(const NodeWriter& writer, std::string& out);
  // Forgets the run without emitting (the mirror is being rebuilt), deleting detached nodes.
  void discard();

 private:
  struct Touch {
    bool created = false;     // did not exist before the run
    bool reinserted = false;  // existed, and was moved or re-serialized
    bool has_start_parent = false;
    std::uint32_t start_parent = 0;
    bool has_start_flags = false;
    std::uint32_t start_flags = 0;
    bool text_changed = false;
    bool reshaped = false;    // kind, tag, flags or size changed: only a rewrite shows it
    std::string start_text;   // with text_changed: the text before the run's first change
    bool has_start_children = false;  // written again: its children as they were before
    std::vector<std::uint32_t> start_children;
    std::vector<std::string> attributes;  // names changed, in first-change order
  };
  struct EndState {
    bool attached = false;
    bool suppressed = false;  // strictly inside a blocked element
  };

  Touch& touch(std::uint32_t id);
  const Touch* touched(std::uint32_t id) const;
  void note_position(std::uint32_t id);  // before an existing node changes parent
  static void note_attribute(Touch& t, std::string_view name);
  // Before an element's attributes change: remembers what the replayer kept of it.
  void note_meta(Node& n);
  // The attributes the replayer kept for n, or nullptr when not known.
  const std::vector<Attribute>* player_attributes(const Node& n) const;
  // Before a node's text changes: marks it changed, keeping the text the replayer has.
  static void note_text(const Node& n, Touch& t);
  // A known node written again: notes what differs from the record as changes.
  void note_rewrite(Node& n, Touch& t, const Record& r);
  // Finds moved nodes that can go as one add naming the node the replayer has (kept_).
  void find_kept(const NodeWriter& writer);
  bool keepable_top(std::uint32_t id, const NodeWriter& writer);
  void forget_meta(Node& n);
  void drop_player_attributes(std::uint32_t id);
  bool place(std::uint32_t id, std::uint32_t parent, std::uint32_t next, bool* misplaced);

  std::uint32_t start_parent_of(std::uint32_t id) const;
  std::uint32_t start_flags_of(const Node& n) const;
  bool known_at_start(std::uint32_t id, const NodeWriter& writer);
  EndState end_state(std::uint32_t id, const NodeWriter& writer);
  std::uint32_t next_sibling_for(const Node& n) const;

  void write_removes(const NodeWriter& writer, std::string& out, bool& any);
  void write_adds(const NodeWriter& writer, std::string& out, bool& any);
  void write_texts(const NodeWriter& writer, std::string& out, bool& any);
  void write_attributes(const NodeWriter& writer, std::string& out, bool& any);
  void purge_detached();
  void reset();

  Mirror& mirror_;
  std::unordered_map<std::uint32_t, Touch> touched_;
  std::vector<std::uint32_t> order_;  // first-touch order, so output never depends on hashing
  // Per-flush memos.
  std::unordered_map<std::uint32_t, bool> known_memo_;
  std::unordered_map<std::uint32_t, EndState> end_memo_;
  std::unordered_map<std::uint32_t, bool> emitted_;
  // Nodes inside a subtree moved as is -> the moved node (its top).
  std::unordered_map<std::uint32_t, std::uint32_t> kept_;
  // Parents whose child list changed in the run other than by a subtree written again.
  std::unordered_set<std::uint32_t> children_changed_;
  // Attributes as the replayer last got them whole, for elements changed since (meta_stale).
  // Bounded in entries and bytes: a stale element without an entry is rewritten whole when it
  // moves.
  std::unordered_map<std::uint32_t, std::vector<Attribute>> player_attributes_;
  std::size_t player_attribute_bytes_ = 0;
  static constexpr std::size_t kMaxPlayerAttributes = 2048;
  static constexpr std::size_t kMaxPlayerAttributeBytes = 256 * 1024;
};

}  // namespace vigil::replay
