#pragma once
// Writes the batch format of record_format.h from C++. The page's writer is the JS one; this
// one exists so native tests and the fuzzer can build batches record by record.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "replay/record_format.h"

namespace vigil::replay {

class BatchWriter {
 public:
  BatchWriter() { reset(); }

  // Tag and attribute names (and short values) are remembered in the batch's string table;
  // set false to write every string as a plain literal.
  void set_interning(bool on) { interning_ = on; }

  BatchWriter& time(double ms);
  BatchWriter& time_delta(std::int64_t ms);
  BatchWriter& meta(std::string_view href, std::uint32_t width, std::uint32_t height);
  BatchWriter& snapshot_begin(std::int64_t left = 0, std::int64_t top = 0);
  BatchWriter& snapshot_end();
  BatchWriter& custom(std::string_view tag, std::string_view payload_json);

  using Attrs = std::vector<std::pair<std::string, std::string>>;
  BatchWriter& document(std::uint32_t id);
  BatchWriter& doctype(std::uint32_t id, std::uint32_t parent, std::uint32_t next,
                       std::string_view name, std::string_view public_id = "",
                       std::string_view system_id = "");
  BatchWriter& element(std::uint32_t id, std::uint32_t parent, std::uint32_t next,
                       std::string_view tag, const Attrs& attrs = {}, std::uint32_t flags = 0,
                       std::uint32_t width = 0, std::uint32_t height = 0);
  BatchWriter& text(std::uint32_t id, std::uint32_t parent, std::uint32_t next,
                    std::string_view text, std::uint32_t flags = 0);
  BatchWriter& comment(std::uint32_t id, std::uint32_t parent, std::uint32_t next,
                       std::string_view text, std::uint32_t flags = 0);
  BatchWriter& cdata(std::uint32_t id, std::uint32_t parent, std::uint32_t next,
                     std::uint32_t flags = 0);

  BatchWriter& remove(std::uint32_t id, std::uint32_t parent);
  BatchWriter& move(std::uint32_t id, std::uint32_t parent, std::uint32_t next);
  BatchWriter& attribute(std::uint32_t id, std::string_view name, std::string_view value);
  BatchWriter& attribute_removed(std::uint32_t id, std::string_view name);
  BatchWriter& text_change(std::uint32_t id, std::string_view text);
  BatchWriter& flags(std::uint32_t id, std::uint32_t flags, std::uint32_t width = 0,
                     std::uint32_t height = 0);

  BatchWriter& input(std::uint32_t id, std::string_view text, bool checked = false,
                     bool user_triggered = false);
  BatchWriter& scroll(std::uint32_t id, std::int64_t x, std::int64_t y);
  BatchWriter& mouse_move(std::uint32_t source, const std::vector<MousePosition>& positions);
  BatchWriter& mouse_interaction(std::uint32_t type, std::uint32_t id, bool has_position = false,
                                 std::int64_t x = 0, std::int64_t y = 0, int pointer_type = -1);
  BatchWriter& viewport(std::uint32_t width, std::uint32_t height);

  // Low-level pieces, public so tests can write malformed batches on purpose.
  void op(Op o) { u8(static_cast<std::uint8_t>(o)); }
  void u8(std::uint8_t b) { bytes_.push_back(b); }
  void f64(double d);
  void uvarint(std::uint64_t v);
  void svarint(std::int64_t v);
  void str(std::string_view s, bool remember = false);

  const std::vector<std::uint8_t>& bytes() const { return bytes_; }
  // Returns the batch and starts a new one (new header, empty string table).
  std::vector<std::uint8_t> take();
  void reset();

 private:
  // The opcode and tree position every node record starts with.
  void node_head(Op o, std::uint32_t id, std::uint32_t parent, std::uint32_t next);

  std::vector<std::uint8_t> bytes_;
  std::unordered_map<std::string, std::uint64_t> table_;
  std::uint64_t table_size_ = 0;
  bool interning_ = true;
};

}  // namespace vigil::replay
