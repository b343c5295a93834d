#include "replay/record_format.h"

#include <cstring>
#include <limits>

namespace vigil::replay {

namespace {

bool known_op(std::uint8_t b) {
  switch (static_cast<Op>(b)) {
    case Op::time: case Op::time_delta: case Op::meta: case Op::snapshot_begin:
    case Op::snapshot_end: case Op::custom: case Op::document: case Op::doctype:
    case Op::element: case Op::text: case Op::comment: case Op::cdata: case Op::remove:
    case Op::move: case Op::attribute: case Op::text_change: case Op::flags: case Op::input:
    case Op::scroll: case Op::mouse_move: case Op::mouse_interaction: case Op::viewport:
      return true;
  }
  return false;
}

}  // namespace

const char* op_name(Op op) {
  switch (op) {
    case Op::time: return "time";
    case Op::time_delta: return "time_delta";
    case Op::meta: return "meta";
    case Op::snapshot_begin: return "snapshot_begin";
    case Op::snapshot_end: return "snapshot_end";
    case Op::custom: return "custom";
    case Op::document: return "document";
    case Op::doctype: return "doctype";
    case Op::element: return "element";
    case Op::text: return "text";
    case Op::comment: return "comment";
    case Op::cdata: return "cdata";
    case Op::remove: return "remove";
    case Op::move: return "move";
    case Op::attribute: return "attribute";
    case Op::text_change: return "text_change";
    case Op::flags: return "flags";
    case Op::input: return "input";
    case Op::scroll: return "scroll";
    case Op::mouse_move: return "mouse_move";
    case Op::mouse_interaction: return "mouse_interaction";
    case Op::viewport: return "viewport";
  }
  return "unknown";
}

BatchReader::BatchReader(const std::uint8_t* data, std::size_t size)
    : data_(data), size_(data ? size : 0) {
  if (size_ < kBatchHeaderSize) {
    fail("batch shorter than its 4-byte header");
    return;
  }
  if (data_[0] != kBatchMagic0 || data_[1] != kBatchMagic1) {
    fail("batch does not start with 'VR'");
    return;
  }
  if (data_[2] != kBatchVersion) {
    fail("unsupported batch version");
    return;
  }
  pos_ = kBatchHeaderSize;
}

bool BatchReader::fail(const char* what) {
  if (error_.empty()) {
    error_ = what;
    error_ += " at byte ";
    error_ += std::to_string(pos_);
  }
  return false;
}

bool BatchReader::read_u8(std::uint8_t& out) {
  if (pos_ >= size_) return fail("truncated record");
  out = data_[pos_++];
  return true;
}

bool BatchReader::read_f64(double& out) {
  if (size_ - pos_ < 8) return fail("truncated f64");
  std::uint64_t bits = 0;
  for (int i = 7; i >= 0; --i) bits = (bits << 8) | data_[pos_ + static_cast<std::size_t>(i)];
  std::memcpy(&out, &bits, sizeof out);
  pos_ += 8;
  return true;
}

bool BatchReader::read_uvarint(std::uint64_t& out) {
  std::uint64_t v = 0;
  for (int i = 0; i < 10; ++i) {
    if (pos_ >= size_) return fail("truncated varint");
    std::uint8_t b = data_[pos_++];
    // The tenth byte holds bit 63 only.
    if (i == 9 && (b & 0x7E) != 0) return fail("varint overflows 64 bits");
    v |= static_cast<std::uint64_t>(b & 0x7F) << (7 * i);
    if ((b & 0x80) == 0) {
      out = v;
      return true;
    }
  }
  return fail("varint longer than 10 bytes");
}

bool BatchReader::read_u32(std::uint32_t& out) {
  std::uint64_t v = 0;
  if (!read_uvarint(v)) return false;
  if (v > std::numeric_limits<std::uint32_t>::max()) return fail("value exceeds 32 bits");
  out = static_cast<std::uint32_t>(v);
  return true;
}

bool BatchReader::read_svarint(std::int64_t& out) {
  std::uint64_t v = 0;
  if (!read_uvarint(v)) return false;
  // Zigzag decode without signed shifts of negative values.
  std::uint64_t mag = v >> 1;
  out = (v & 1) ? -static_cast<std::int64_t>(mag) - 1 : static_cast<std::int64_t>(mag);
  return true;
}

bool BatchReader::read_str(std::string_view& out) {
  std::uint64_t h = 0;
  if (!read_uvarint(h)) return false;
  if (h & 1) {
    std::uint64_t index = h >> 1;
    if (index >= table_.size()) return fail("string reference past the string table");
    out = table_[static_cast<std::size_t>(index)];
    return true;
  }
  std::uint64_t len = h >> 2;
  if (len > size_ - pos_) return fail("string runs past the end of the batch");
  out = std::string_view(reinterpret_cast<const char*>(data_ + pos_), static_cast<std::size_t>(len));
  pos_ += static_cast<std::size_t>(len);
  if (h & 2) table_.push_back(out);
  return true;
}

bool BatchReader::read_node_head(Record& r, bool with_flags) {
  if (!read_u32(r.id) || !read_u32(r.parent) || !read_u32(r.next)) return false;
  if (r.id == 0) return fail("node id 0");
  if (!with_flags) return true;
  std::uint64_t flags = 0;
  if (!read_uvarint(flags)) return false;
  if (flags & ~static_cast<std::uint64_t>(node_flag::all)) return fail("unknown node flags");
  r.flags = static_cast<std::uint32_t>(flags);
  return true;
}

bool BatchReader::read_size(Record& r) {
  if (!(r.flags & node_flag::has_size)) return true;
  return read_u32(r.width) && read_u32(r.height);
}

bool BatchReader::next(Record& r) {
  if (failed() || pos_ >= size_) return false;
  r.offset = pos_;
  std::uint8_t op = data_[pos_++];
  if (!known_op(op)) {
    --pos_;
    return fail("unknown opcode");
  }
  r.op = static_cast<Op>(op);
  r.id = r.parent = r.next = r.flags = r.width = r.height = r.kind = r.pointer_type = 0;
  r.x = r.y = 0;
  r.bits = 0;
  r.s1 = r.s2 = r.s3 = {};
  r.attributes.clear();
  r.positions.clear();
  return read_body(r);
}

bool BatchReader::read_body(Record& r) {
  switch (r.op) {
    case Op::time:
      return read_f64(r.time);
    case Op::time_delta:
      return read_svarint(r.delta);
    case Op::meta:
      return read_str(r.s1) && read_u32(r.width) && read_u32(r.height);
    case Op::snapshot_begin:
      return read_svarint(r.x) && read_svarint(r.y);
    case Op::snapshot_end:
      return true;
    case Op::custom:
      return read_str(r.s1) && read_str(r.s2);
    case Op::document:
      if (!read_u32(r.id)) return false;
      return r.id != 0 || fail("node id 0");
    case Op::doctype:
      return read_node_head(r, false) && read_str(r.s1) && read_str(r.s2) && read_str(r.s3);
    case Op::element: {
      if (!read_node_head(r, true) || !read_str(r.s1) || !read_size(r)) return false;
      std::uint32_t count = 0;
      if (!read_u32(count)) return false;
      // Each attribute takes at least two bytes: a count beyond that is a lie, not a reserve.
      if (count > (size_ - pos_) / 2) return fail("attribute count exceeds the batch");
      r.attributes.reserve(count);
      for (std::uint32_t i = 0; i < count; ++i) {
        std::string_view name, value;
        if (!read_str(name) || !read_str(value)) return false;
        r.attributes.emplace_back(name, value);
      }
      return true;
    }
    case Op::text:
    case Op::comment:
      return read_node_head(r, true) && read_str(r.s1);
    case Op::cdata:
      return read_node_head(r, true);
    case Op::remove:
      if (!read_u32(r.id) || !read_u32(r.parent)) return false;
      return r.id != 0 || fail("node id 0");
    case Op::move:
      if (!read_u32(r.id) || !read_u32(r.parent) || !read_u32(r.next)) return false;
      return r.id != 0 || fail("node id 0");
    case Op::attribute:
      if (!read_u32(r.id) || !read_str(r.s1) || !read_u8(r.bits)) return false;
      if (r.bits > 1) return fail("attribute has_value must be 0 or 1");
      return r.bits == 0 || read_str(r.s2);
    case Op::text_change:
      return read_u32(r.id) && read_str(r.s1);
    case Op::flags: {
      std::uint64_t flags = 0;
      if (!read_u32(r.id) || !read_uvarint(flags)) return false;
      if (flags & ~static_cast<std::uint64_t>(node_flag::all)) return fail("unknown node flags");
      r.flags = static_cast<std::uint32_t>(flags);
      return read_size(r);
    }
    case Op::input:
      if (!read_u32(r.id) || !read_u8(r.bits)) return false;
      if (r.bits > 3) return fail("unknown input bits");
      return read_str(r.s1);
    case Op::scroll:
      return read_u32(r.id) && read_svarint(r.x) && read_svarint(r.y);
    case Op::mouse_move: {
      std::uint32_t count = 0;
      if (!read_u32(r.kind) || !read_u32(count)) return false;
      if (r.kind != 1 && r.kind != 6 && r.kind != 12) return fail("mouse move source not 1, 6 or 12");
      if (count > (size_ - pos_) / 4) return fail("position count exceeds the batch");
      r.positions.reserve(count);
      for (std::uint32_t i = 0; i < count; ++i) {
        MousePosition p;
        if (!read_u32(p.id) || !read_svarint(p.x) || !read_svarint(p.y) ||
            !read_svarint(p.time_offset))
          return false;
        r.positions.push_back(p);
      }
      return true;
    }
    case Op::mouse_interaction:
      if (!read_u32(r.kind) || !read_u32(r.id) || !read_u8(r.bits)) return false;
      if (r.kind > 10) return fail("unknown mouse interaction type");
      if (r.bits > 3) return fail("unknown mouse interaction bits");
      if ((r.bits & interaction_bit::has_position) && (!read_svarint(r.x) || !read_svarint(r.y)))
        return false;
      if (r.bits & interaction_bit::has_pointer_type) {
        if (!read_u32(r.pointer_type)) return false;
        if (r.pointer_type > 2) return fail("unknown pointer type");
      }
      return true;
    case Op::viewport:
      return read_u32(r.width) && read_u32(r.height);
  }
  return fail("unknown opcode");
}

}  // namespace vigil::replay
