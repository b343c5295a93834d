#pragma once
// The binary batch format in which the page's observers hand DOM snapshots, mutations and
// interactions to the encoder: one Wasm call per batch instead of one per node. JS writes it
// (js-bindings/replay/record-writer.js), BatchReader below reads it; the two must agree byte for
// byte, so this comment is the specification.
//
// ## Primitives (all little-endian)
//   u8       one byte.
//   f64      IEEE-754 double, 8 bytes little-endian.
//   uvarint  unsigned LEB128: 7 bits per byte, low groups first, high bit set on every byte but
//            the last. At most 10 bytes; non-minimal encodings (0x80 0x00 for 0) are accepted so a
//            writer may reserve a header before it knows a string's byte length. Fields named
//            id/parent/next/count/width/height must fit in 32 bits.
//   svarint  a signed value v, zigzag-mapped to (v << 1) ^ (v >> 63), then written as uvarint.
//   str      uvarint h, then by its low bits:
//              h & 1 == 1   reference: the string is entry h >> 1 of the batch's string table.
//              h & 3 == 0   literal: (h >> 2) bytes of UTF-8 follow.
//              h & 3 == 2   remembered literal: (h >> 2) bytes follow and are appended to the
//                           string table (entries numbered from 0 in order of appearance).
//            The table lives for one batch. Writers remember tag names, attribute names and short
//            attribute values, which repeat on every node; long text stays a plain literal so the
//            table does not grow with the page. Invalid UTF-8 is repaired when written to JSON.
//   id       uvarint; node ids are assigned by JS (a WeakMap<Node, id>) and start at 1. In
//            parent/next fields 0 means "none".
//
// ## Batch
//   'V' 'R'  magic, then u8 version (1), then u8 reserved (0): 4 bytes.
//   record*  until the end of the buffer. Each record is a u8 opcode and its fields, below.
//
// A batch is validated completely before any of it is applied: a truncated or malformed batch
// changes nothing. Records that are well-formed but do not fit the mirror (an unknown id, say)
// are skipped one by one and counted as warnings, as rrweb's replayer skips them.
//
// ## Clock
//   0x01 TIME        f64 ms since the Unix epoch. Sets the clock that stamps later events.
//   0x02 TIME_DELTA  svarint ms added to the clock (integral steps; use TIME for fractions).
//
// ## Page
//   0x03 META        str href, uvarint width, uvarint height            -> Meta event (4)
//   0x04 SNAPSHOT_BEGIN  svarint scroll_left, svarint scroll_top        clears the mirror
//   0x05 SNAPSHOT_END                                                   -> FullSnapshot (2)
//   0x06 CUSTOM      str tag, str payload (JSON text)                   -> Custom event (5)
//
// ## Nodes
//   0x10 DOCUMENT    id
//   0x11 DOCTYPE     id, parent, next; str name, str public_id, str system_id
//   0x12 ELEMENT     id, parent, next, uvarint flags; str tag;
//                    [uvarint width, uvarint height when flags & HAS_SIZE];
//                    uvarint count; count x (str name, str value)
//   0x13 TEXT        id, parent, next, uvarint flags; str text
//   0x14 COMMENT     id, parent, next, uvarint flags; str text
//   0x15 CDATA       id, parent, next, uvarint flags
// A node is inserted into parent before the child next, or appended when next is 0. A subtree
// is written in document order (pre-order, every child after its parent, next = 0), so only its
// root names a sibling.
//   Between SNAPSHOT_BEGIN and SNAPSHOT_END node records build the mirror from scratch (the
//   DOCUMENT record first). Anywhere else a node record is a mutation "add": a new id is created;
//   a known id is moved there, its content replaced and its children dropped (the records that
//   follow re-add them), so one subtree written by JS is always authoritative.
//
// ## Mutations
//   0x20 REMOVE      id, parent          the node left parent (its subtree goes with it)
//   0x21 MOVE        id, parent, next    a known node moves with its subtree intact
//   0x22 ATTRIBUTE   id; str name; u8 has_value; [str value when has_value == 1]
//   0x23 TEXT_CHANGE id; str text
//   0x24 FLAGS       id, uvarint flags; [uvarint width, uvarint height when flags & HAS_SIZE]
//                    (a selector now matches differently: the node is serialized again)
// Mutation records are applied in order; a run of them with no other event in between becomes
// one rrweb mutation event holding only the net change (see mutation_diff.h).
//
// ## Interactions (each flushes pending mutations first, so events stay in order)
//   0x30 INPUT       id; u8 bits (1 checked, 2 user_triggered); str text   -> source 5
//   0x31 SCROLL      id; svarint x, svarint y                              -> source 3
//   0x32 MOUSE_MOVE  uvarint source (1 mouse, 6 touch, 12 drag); uvarint count;
//                    count x (id, svarint x, svarint y, svarint time_offset_ms)  -> source 1/6/12
//   0x33 MOUSE_INTERACTION  uvarint type (rrweb MouseInteractions 0..10); id;
//                    u8 bits (1 has position, 2 has pointer type);
//                    [svarint x, svarint y]; [uvarint pointer_type (0 mouse, 1 pen, 2 touch)]
//                                                                          -> source 2
//   0x34 VIEWPORT    uvarint width, uvarint height                          -> source 4
// Coordinates are CSS pixels rounded to integers; time offsets are relative to the clock
// (rrweb's timeOffset, normally <= 0).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vigil::replay {

constexpr std::uint8_t kBatchMagic0 = 'V';
constexpr std::uint8_t kBatchMagic1 = 'R';
constexpr std::uint8_t kBatchVersion = 1;
constexpr std::size_t kBatchHeaderSize = 4;

enum class Op : std::uint8_t {
  time = 0x01,
  time_delta = 0x02,
  meta = 0x03,
  snapshot_begin = 0x04,
  snapshot_end = 0x05,
  custom = 0x06,
  document = 0x10,
  doctype = 0x11,
  element = 0x12,
  text = 0x13,
  comment = 0x14,
  cdata = 0x15,
  remove = 0x20,
  move = 0x21,
  attribute = 0x22,
  text_change = 0x23,
  flags = 0x24,
  input = 0x30,
  scroll = 0x31,
  mouse_move = 0x32,
  mouse_interaction = 0x33,
  viewport = 0x34,
};

// Per-node flags. JS sets the selector ones from element.matches(); the encoder works out
// inheritance (a node inside a masked or blocked subtree is masked or blocked).
namespace node_flag {
constexpr std::uint32_t mask = 1u << 0;         // mask selector: hide text and input values
constexpr std::uint32_t unmask = 1u << 1;       // unmask selector: show them (never passwords)
constexpr std::uint32_t block = 1u << 2;        // block selector: placeholder, no children
constexpr std::uint32_t unblock = 1u << 3;      // unblock selector: exempt from (media) blocking
constexpr std::uint32_t ignore = 1u << 4;       // ignore selector: drop input events
constexpr std::uint32_t svg = 1u << 5;          // element in the SVG namespace (rrweb isSVG)
constexpr std::uint32_t shadow_host = 1u << 6;  // has an open shadow root (rrweb isShadowHost)
constexpr std::uint32_t shadow = 1u << 7;       // child of a shadow root (rrweb isShadow)
constexpr std::uint32_t has_size = 1u << 8;     // width and height follow (for placeholders)
constexpr std::uint32_t all = (1u << 9) - 1;
}  // namespace node_flag

namespace input_bit {
constexpr std::uint8_t checked = 1;
constexpr std::uint8_t user_triggered = 2;
}  // namespace input_bit

namespace interaction_bit {
constexpr std::uint8_t has_position = 1;
constexpr std::uint8_t has_pointer_type = 2;
}  // namespace interaction_bit

struct MousePosition {
  std::uint32_t id = 0;
  std::int64_t x = 0;
  std::int64_t y = 0;
  std::int64_t time_offset = 0;
};

// One decoded record. Which fields are set depends on op (see the table above); string views
// point into the batch buffer and live as long as it does.
struct Record {
  Op op = Op::time;
  std::size_t offset = 0;  // of the opcode, for error messages
  double time = 0;         // TIME
  std::int64_t delta = 0;  // TIME_DELTA
  std::uint32_t id = 0;
  std::uint32_t parent = 0;
  std::uint32_t next = 0;
  std::uint32_t flags = 0;
  std::uint32_t width = 0;   // META, VIEWPORT, HAS_SIZE
  std::uint32_t height = 0;
  std::int64_t x = 0;        // SCROLL, MOUSE_INTERACTION, SNAPSHOT_BEGIN (left)
  std::int64_t y = 0;        // (top)
  std::uint32_t kind = 0;    // MOUSE_MOVE source, MOUSE_INTERACTION type
  std::uint32_t pointer_type = 0;
  std::uint8_t bits = 0;     // INPUT, MOUSE_INTERACTION, ATTRIBUTE has_value
  std::string_view s1;       // tag, name, text, href, custom tag, doctype name
  std::string_view s2;       // attribute value, custom payload, doctype public id
  std::string_view s3;       // doctype system id
  std::vector<std::pair<std::string_view, std::string_view>> attributes;  // ELEMENT
  std::vector<MousePosition> positions;                                   // MOUSE_MOVE
};

// Reads one batch record by record. next() returns false at the end or on the first error;
// error() is then non-empty for a malformed batch. Never reads outside [data, data + size).
class BatchReader {
 public:
  BatchReader(const std::uint8_t* data, std::size_t size);
  bool next(Record& out);
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  std::size_t offset() const { return pos_; }

 private:
  bool fail(const char* what);
  bool read_u8(std::uint8_t& out);
  bool read_f64(double& out);
  bool read_uvarint(std::uint64_t& out);
  bool read_u32(std::uint32_t& out);
  bool read_svarint(std::int64_t& out);
  bool read_str(std::string_view& out);
  bool read_node_head(Record& r, bool with_flags);
  bool read_size(Record& r);
  bool read_body(Record& r);

  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  std::string error_;
  std::vector<std::string_view> table_;
};

// Readable name of an opcode ("element"), or "unknown".
const char* op_name(Op op);

}  // namespace vigil::replay
