#include "replay/batch_writer.h"

#include <cstring>

namespace vigil::replay {

void BatchWriter::reset() {
  bytes_.clear();
  bytes_.push_back(kBatchMagic0);
  bytes_.push_back(kBatchMagic1);
  bytes_.push_back(kBatchVersion);
  bytes_.push_back(0);
  table_.clear();
  table_size_ = 0;
}

std::vector<std::uint8_t> BatchWriter::take() {
  std::vector<std::uint8_t> out;
  out.swap(bytes_);
  reset();
  return out;
}

void BatchWriter::f64(double d) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &d, sizeof bits);
  for (int i = 0; i < 8; ++i) u8(static_cast<std::uint8_t>(bits >> (8 * i)));
}

void BatchWriter::uvarint(std::uint64_t v) {
  while (v >= 0x80) {
    u8(static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  u8(static_cast<std::uint8_t>(v));
}

void BatchWriter::svarint(std::int64_t v) {
  std::uint64_t u = static_cast<std::uint64_t>(v);
  uvarint((u << 1) ^ (v < 0 ? ~std::uint64_t{0} : 0));
}

void BatchWriter::str(std::string_view s, bool remember) {
  if (remember && interning_) {
    auto it = table_.find(std::string(s));
    if (it != table_.end()) {
      uvarint((it->second << 1) | 1);
      return;
    }
    table_.emplace(std::string(s), table_size_++);
    uvarint((static_cast<std::uint64_t>(s.size()) << 2) | 2);
  } else {
    uvarint(static_cast<std::uint64_t>(s.size()) << 2);
  }
  bytes_.insert(bytes_.end(), s.begin(), s.end());
}

BatchWriter& BatchWriter::time(double ms) {
  op(Op::time);
  f64(ms);
  return *this;
}

BatchWriter& BatchWriter::time_delta(std::int64_t ms) {
  op(Op::time_delta);
  svarint(ms);
  return *this;
}

BatchWriter& BatchWriter::meta(std::string_view href, std::uint32_t width, std::uint32_t height) {
  op(Op::meta);
  str(href);
  uvarint(width);
  uvarint(height);
  return *this;
}

BatchWriter& BatchWriter::snapshot_begin(std::int64_t left, std::int64_t top) {
  op(Op::snapshot_begin);
  svarint(left);
  svarint(top);
  return *this;
}

BatchWriter& BatchWriter::snapshot_end() {
  op(Op::snapshot_end);
  return *this;
}

BatchWriter& BatchWriter::custom(std::string_view tag, std::string_view payload_json) {
  op(Op::custom);
  str(tag, true);
  str(payload_json);
  return *this;
}

void BatchWriter::node_head(Op o, std::uint32_t id, std::uint32_t parent, std::uint32_t next) {
  op(o);
  uvarint(id);
  uvarint(parent);
  uvarint(next);
}

BatchWriter& BatchWriter::document(std::uint32_t id) {
  op(Op::document);
  uvarint(id);
  return *this;
}

BatchWriter& BatchWriter::doctype(std::uint32_t id, std::uint32_t parent, std::uint32_t next,
                                  std::string_view name, std::string_view public_id,
                                  std::string_view system_id) {
  node_head(Op::doctype, id, parent, next);
  str(name);
  str(public_id);
  str(system_id);
  return *this;
}

BatchWriter& BatchWriter::element(std::uint32_t id, std::uint32_t parent, std::uint32_t next,
                                  std::string_view tag, const Attrs& attrs, std::uint32_t flags,
                                  std::uint32_t width, std::uint32_t height) {
  node_head(Op::element, id, parent, next);
  uvarint(flags);
  str(tag, true);
  if (flags & node_flag::has_size) {
    uvarint(width);
    uvarint(height);
  }
  uvarint(attrs.size());
  for (const auto& a : attrs) {
    str(a.first, true);
    str(a.second, a.second.size() <= 32);
  }
  return *this;
}

BatchWriter& BatchWriter::text(std::uint32_t id, std::uint32_t parent, std::uint32_t next,
                               std::string_view text, std::uint32_t flags) {
  node_head(Op::text, id, parent, next);
  uvarint(flags);
  str(text);
  return *this;
}

BatchWriter& BatchWriter::comment(std::uint32_t id, std::uint32_t parent, std::uint32_t next,
                                  std::string_view text, std::uint32_t flags) {
  node_head(Op::comment, id, parent, next);
  uvarint(flags);
  str(text);
  return *this;
}

BatchWriter& BatchWriter::cdata(std::uint32_t id, std::uint32_t parent, std::uint32_t next,
                                std::uint32_t flags) {
  node_head(Op::cdata, id, parent, next);
  uvarint(flags);
  return *this;
}

BatchWriter& BatchWriter::remove(std::uint32_t id, std::uint32_t parent) {
  op(Op::remove);
  uvarint(id);
  uvarint(parent);
  return *this;
}

BatchWriter& BatchWriter::move(std::uint32_t id, std::uint32_t parent, std::uint32_t next) {
  op(Op::move);
  uvarint(id);
  uvarint(parent);
  uvarint(next);
  return *this;
}

BatchWriter& BatchWriter::attribute(std::uint32_t id, std::string_view name,
                                    std::string_view value) {
  op(Op::attribute);
  uvarint(id);
  str(name, true);
  u8(1);
  str(value);
  return *this;
}

BatchWriter& BatchWriter::attribute_removed(std::uint32_t id, std::string_view name) {
  op(Op::attribute);
  uvarint(id);
  str(name, true);
  u8(0);
  return *this;
}

BatchWriter& BatchWriter::text_change(std::uint32_t id, std::string_view text) {
  op(Op::text_change);
  uvarint(id);
  str(text);
  return *this;
}

BatchWriter& BatchWriter::flags(std::uint32_t id, std::uint32_t flags, std::uint32_t width,
                                std::uint32_t height) {
  op(Op::flags);
  uvarint(id);
  uvarint(flags);
  if (flags & node_flag::has_size) {
    uvarint(width);
    uvarint(height);
  }
  return *this;
}

BatchWriter& BatchWriter::input(std::uint32_t id, std::string_view text, bool checked,
                                bool user_triggered) {
  op(Op::input);
  uvarint(id);
  u8(static_cast<std::uint8_t>((checked ? input_bit::checked : 0) |
                               (user_triggered ? input_bit::user_triggered : 0)));
  str(text);
  return *this;
}

BatchWriter& BatchWriter::scroll(std::uint32_t id, std::int64_t x, std::int64_t y) {
  op(Op::scroll);
  uvarint(id);
  svarint(x);
  svarint(y);
  return *this;
}

BatchWriter& BatchWriter::mouse_move(std::uint32_t source,
                                     const std::vector<MousePosition>& positions) {
  op(Op::mouse_move);
  uvarint(source);
  uvarint(positions.size());
  for (const MousePosition& p : positions) {
    uvarint(p.id);
    svarint(p.x);
    svarint(p.y);
    svarint(p.time_offset);
  }
  return *this;
}

BatchWriter& BatchWriter::mouse_interaction(std::uint32_t type, std::uint32_t id,
                                            bool has_position, std::int64_t x, std::int64_t y,
                                            int pointer_type) {
  op(Op::mouse_interaction);
  uvarint(type);
  uvarint(id);
  std::uint8_t bits = 0;
  if (has_position) bits |= interaction_bit::has_position;
  if (pointer_type >= 0) bits |= interaction_bit::has_pointer_type;
  u8(bits);
  if (has_position) {
    svarint(x);
    svarint(y);
  }
  if (pointer_type >= 0) uvarint(static_cast<std::uint64_t>(pointer_type));
  return *this;
}

BatchWriter& BatchWriter::viewport(std::uint32_t width, std::uint32_t height) {
  op(Op::viewport);
  uvarint(width);
  uvarint(height);
  return *this;
}

}  // namespace vigil::replay
