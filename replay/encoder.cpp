#include "replay/encoder.h"

#include <cmath>
#include <vector>

#include "core/json.h"

namespace vigil::replay {

EncoderOptions parse_encoder_options(std::string_view json) {
  EncoderOptions o;
  ParseResult parsed = parse_json(json);
  if (!parsed.ok || !parsed.value.is_object()) return o;
  auto read = [&](const char* key, bool& field) {
    const Value* v = parsed.value.find(key);
    if (v && v->is_bool()) field = v->as_bool();
  };
  read("maskAllText", o.privacy.mask_all_text);
  read("maskAllInputs", o.privacy.mask_all_inputs);
  read("blockAllMedia", o.privacy.block_all_media);
  const Value* cap = parsed.value.find("bufferMaxBytes");
  if (cap && cap->is_number() && cap->as_double() >= 4096 && cap->as_double() <= 1e9)
    o.buffer.max_bytes = static_cast<std::size_t>(cap->as_double());
  const Value* window = parsed.value.find("bufferWindowMs");
  if (window && window->is_number() && window->as_double() > 0 && window->as_double() <= 36e5)
    o.buffer.window_ms = window->as_double();
  return o;
}

Encoder::Encoder(EncoderOptions options)
    : options_(options), writer_(mirror_, options_.privacy), diff_(mirror_), ring_(options_.buffer) {}

namespace {
// A chunk is allocated at kChunk bytes and spilled once less than kRoom is left, so it is
// nearly full (a node longer than that doubles its chunk once); small segments never reach
// it and keep the one string that grows as needed.
constexpr std::size_t kChunk = 256 * 1024;
constexpr std::size_t kRoom = 8 * 1024;
}  // namespace

void Encoder::maybe_spill() {
  if (events_.size() + kRoom < kChunk) return;
  spilled_bytes_ += events_.size();
  spilled_.push_back(std::move(events_));
  events_ = std::string();
  events_.reserve(kChunk);
}

std::vector<std::string> Encoder::take_events_parts(Summary* summary) {
  // The chunks themselves become the answer: nothing is copied, and their memory leaves with
  // them instead of staying allocated for the next segment.
  std::vector<std::string> parts;
  parts.reserve(spilled_.size() + 3);
  parts.emplace_back("[");
  for (std::string& chunk : spilled_) parts.push_back(std::move(chunk));
  if (!events_.empty()) parts.push_back(std::move(events_));
  parts.emplace_back("]");
  std::vector<std::string>().swap(spilled_);
  spilled_bytes_ = 0;
  events_ = std::string();
  if (summary) {
    summary->events = pending_events_;
    summary->first_timestamp = pending_events_ ? pending_first_ : 0;
    summary->urls = std::move(pending_urls_);
  }
  pending_events_ = 0;
  pending_urls_.clear();
  return parts;
}

std::string Encoder::take_events_json(Summary* summary) {
  std::size_t total = pending_bytes() + 2;
  std::vector<std::string> parts = take_events_parts(summary);
  std::string out;
  out.reserve(total);
  for (std::string& part : parts) {
    out += part;
    std::string().swap(part);
  }
  return out;
}

ConsumeResult Encoder::consume(const std::uint8_t* data, std::size_t len) {
  ConsumeResult result;
  ++stats_.batches;
  // Validate everything before applying anything: a torn batch must not half-change the
  // mirror, or every later batch would be encoded against a DOM that never existed. In buffer
  // mode the same pass finds what the ring needs to know: the clock, and whether the batch
  // starts with the page's snapshot.
  const double clock_before = clock_;
  bool checkout = false;
  double snapshot_time = clock_;
  {
    BatchReader check(data, len);
    Record r;
    bool leading = true;  // only clock records and a Meta so far
    std::size_t records = 0;
    while (check.next(r)) {
      ++records;
      if (!buffering_) continue;
      if (r.op == Op::time && std::isfinite(r.time)) clock_ = r.time;
      else if (r.op == Op::time_delta) clock_ += static_cast<double>(r.delta);
      else if (leading && r.op == Op::snapshot_begin) {
        checkout = true;
        snapshot_time = clock_;
      }
      if (r.op != Op::time && r.op != Op::time_delta && r.op != Op::meta) leading = false;
    }
    if (check.failed()) {
      clock_ = clock_before;
      result.error = check.error();
      ++stats_.dropped_batches;
      return result;
    }
    if (buffering_) {
      // Kept as written; turned into events only if an error asks for the buffer.
      ring_.append(data, len, checkout, clock_before, snapshot_time, clock_);
      result.ok = true;
      result.records = records;
      return result;
    }
  }
  apply_batch(data, len, result);
  return result;
}

void Encoder::apply_batch(const std::uint8_t* data, std::size_t len, ConsumeResult& result) {
  BatchReader reader(data, len);
  Record r;
  warnings_ = 0;
  while (reader.next(r)) {
    if (apply(r)) ++result.records;
    else ++warnings_;
  }
  flush_mutations();
  result.ok = true;
  result.warnings = warnings_;
  stats_.warnings += warnings_;
}

// The timestamp opens the event: its leading digits repeat from event to event, so deflate
// matches `{"timestamp":17000000` with what follows (-0.5 % of a segment against it last).
void Encoder::begin_event(int type, double timestamp) {
  if (!events_.empty() || spilled_bytes_ != 0) events_ += ',';
  events_ += "{\"timestamp\":";
  append_ms(timestamp, events_);
  events_ += ",\"type\":";
  append_int(type, events_);
  events_ += ",\"data\":";
}

void Encoder::end_event(double timestamp) {
  events_ += '}';
  if (pending_events_ == 0 || timestamp < pending_first_) pending_first_ = timestamp;
  ++pending_events_;
  ++stats_.events;
  maybe_spill();
}

// Buffer mode keeps no mirror: the page is rebuilt from the ring's first checkout when the
// buffer is taken, so the encoder's memory while buffering is the ring and little else.
void Encoder::reset_page() {
  events_.clear();
  std::string().swap(events_);
  std::vector<std::string>().swap(spilled_);
  spilled_bytes_ = 0;
  pending_events_ = 0;
  pending_urls_.clear();
  diff_.discard();
  mirror_.clear();
  in_snapshot_ = false;
}

void Encoder::set_buffer_mode(bool on) {
  if (on == buffering_) return;
  reset_page();
  ring_.release();
  buffering_ = on;
}

void Encoder::replay_buffer(double now) {
  // The stored batches go through this encoder as they would have in session mode, from a
  // checkout on; afterwards it is in session mode with the page's mirror, as if it had never
  // buffered. One chunk is unpacked at a time; nothing writes to the ring meanwhile.
  buffering_ = false;
  reset_page();
  bool first = true;
  ring_.for_each_batch(now, [&](const StoredBatch& b) {
    if (first) clock_ = b.time;
    first = false;
    ConsumeResult ignored;
    apply_batch(reinterpret_cast<const std::uint8_t*>(b.bytes.data()), b.bytes.size(), ignored);
  });
  ring_.release();
}

std::string Encoder::take_buffer_json(double now, Summary* summary) {
  if (!buffering_) return "[]";
  replay_buffer(now);
  return take_events_json(summary);
}

std::vector<std::string> Encoder::take_buffer_parts(double now, Summary* summary) {
  if (!buffering_) return {"[", "]"};
  replay_buffer(now);
  return take_events_parts(summary);
}

void Encoder::flush_mutations() {
  if (in_snapshot_ || diff_.empty()) return;
  std::string data;
  if (!diff_.flush(writer_, data)) return;
  begin_event(3, mutation_time_);
  events_ += data;
  end_event(mutation_time_);
}

bool Encoder::apply(const Record& r) {
  switch (r.op) {
    case Op::time:
      if (!std::isfinite(r.time)) return false;
      clock_ = r.time;
      return true;
    case Op::time_delta:
      clock_ += static_cast<double>(r.delta);
      return true;
    case Op::meta:
      flush_mutations();
      begin_event(4, clock_);
      events_ += "{\"href\":";
      write_json_string(r.s1, events_);
      if (!r.s1.empty()) pending_urls_.emplace_back(r.s1);
      events_ += ",\"width\":";
      append_uint(r.width, events_);
      events_ += ",\"height\":";
      append_uint(r.height, events_);
      events_ += '}';
      end_event(clock_);
      return true;
    case Op::snapshot_begin:
      flush_mutations();
      diff_.discard();
      mirror_.clear();
      in_snapshot_ = true;
      snapshot_time_ = clock_;
      snapshot_left_ = r.x;
      snapshot_top_ = r.y;
      return true;
    case Op::snapshot_end:
      if (!in_snapshot_) return false;
      diff_.discard();
      in_snapshot_ = false;
      if (mirror_.root() == 0) return false;
      emit_full_snapshot();
      return true;
    case Op::custom:
      flush_mutations();
      return emit_custom(r);
    case Op::document:
    case Op::doctype:
    case Op::element:
    case Op::text:
    case Op::comment:
    case Op::cdata:
      if (in_snapshot_) return apply_snapshot_node(r);
      return apply_mutation(r);
    case Op::remove:
    case Op::move:
    case Op::attribute:
    case Op::text_change:
    case Op::flags:
      return apply_mutation(r);
    case Op::input:
      flush_mutations();
      return emit_input(r);
    case Op::scroll:
      flush_mutations();
      return emit_scroll(r);
    case Op::mouse_move:
      flush_mutations();
      return emit_mouse_move(r);
    case Op::mouse_interaction:
      flush_mutations();
      return emit_mouse_interaction(r);
    case Op::viewport:
      flush_mutations();
      begin_event(3, clock_);
      events_ += "{\"source\":4,\"width\":";
      append_uint(r.width, events_);
      events_ += ",\"height\":";
      append_uint(r.height, events_);
      events_ += '}';
      end_event(clock_);
      return true;
  }
  return false;
}

bool Encoder::apply_snapshot_node(const Record& r) {
  if (r.op == Op::document) {
    if (mirror_.root() != 0) return false;
    Node* n = mirror_.create(r.id, NodeKind::document);
    if (!n) return false;
    assign_node_content(*n, r);
    mirror_.set_root(r.id);
    return true;
  }
  if (mirror_.root() == 0 || mirror_.contains(r.id)) return false;
  const Node* p = mirror_.find(r.parent);
  if (!p || (p->kind != NodeKind::element && p->kind != NodeKind::document)) return false;
  std::uint32_t next = r.next;
  if (next != 0) {
    const Node* b = mirror_.find(next);
    if (!b || b->parent != r.parent) {
      ++warnings_;
      next = 0;
    }
  }
  Node* n = mirror_.create(r.id, node_kind_of(r.op));
  if (!n) return false;
  assign_node_content(*n, r);
  if (!mirror_.insert(r.id, r.parent, next)) {
    mirror_.erase_subtree(r.id);
    return false;
  }
  return true;
}

bool Encoder::apply_mutation(const Record& r) {
  bool misplaced = false;
  bool ok = false;
  switch (r.op) {
    case Op::remove:
      ok = diff_.remove(r.id, r.parent);
      break;
    case Op::move:
      ok = diff_.move(r.id, r.parent, r.next, &misplaced);
      break;
    case Op::attribute:
      ok = diff_.set_attribute(r.id, r.s1, r.bits ? &r.s2 : nullptr);
      break;
    case Op::text_change:
      ok = diff_.set_text(r.id, r.s1);
      break;
    case Op::flags:
      ok = diff_.set_flags(r.id, r.flags, r.width, r.height);
      break;
    default:
      ok = diff_.add_node(r, &misplaced);
      break;
  }
  if (misplaced) ++warnings_;
  if (ok) mutation_time_ = clock_;
  return ok;
}

void Encoder::emit_full_snapshot() {
  const Node* root = mirror_.find(mirror_.root());
  if (!root) return;
  begin_event(2, snapshot_time_);
  events_ += "{\"node\":";
  // Iterative, so the depth of the page never becomes the depth of the C++ stack.
  struct Frame {
    std::uint32_t id;
    std::uint32_t next_child;
    PrivacyState state;
    bool first;
  };
  std::vector<Frame> stack;
  PrivacyState root_state = root_privacy_state(options_.privacy);
  writer_.open_node(*root, root_state, events_);
  stack.push_back(Frame{root->id, root->first_child, writer_.content_state(*root, root_state), true});
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next_child == 0) {
      NodeWriter::close_node(f.id, events_);
      stack.pop_back();
      continue;
    }
    const Node* c = mirror_.find(f.next_child);
    if (!c) {
      f.next_child = 0;
      continue;
    }
    f.next_child = c->next;
    if (!f.first) events_ += ',';
    f.first = false;
    PrivacyState state = f.state;  // f dies if the stack grows
    NodeWriter::Opened opened = writer_.open_node(*c, state, events_);
    if (opened == NodeWriter::Opened::container)
      stack.push_back(Frame{c->id, c->first_child, writer_.content_state(*c, state), true});
    else if (opened == NodeWriter::Opened::placeholder)
      NodeWriter::close_node(c->id, events_);
    maybe_spill();
  }
  events_ += ",\"initialOffset\":{\"left\":";
  append_int(snapshot_left_, events_);
  events_ += ",\"top\":";
  append_int(snapshot_top_, events_);
  events_ += "}}";
  end_event(snapshot_time_);
}

std::uint32_t Encoder::interaction_target(std::uint32_t id) const {
  Placement p = writer_.locate(id);
  if (!p.attached) return 0;
  return p.blocked != 0 ? p.blocked : id;
}

bool Encoder::emit_input(const Record& r) {
  const Node* n = mirror_.find(r.id);
  if (!n || n->kind != NodeKind::element) return false;
  Placement p = writer_.locate(r.id);
  // Input inside a placeholder or an ignored element is not recorded at all.
  if (!p.attached || p.blocked != 0 || p.state.ignore) return false;
  const std::string* type = n->attribute("type");
  AttributeMask m = attribute_mask(n->tag, "value", type ? std::string_view(*type) : "");
  if (m == AttributeMask::none) m = AttributeMask::input;  // whatever fired it is user input
  begin_event(3, clock_);
  // The id before the text: the text varies most and the flags after it repeat (-0.3 %).
  events_ += "{\"source\":5,\"id\":";
  append_uint(r.id, events_);
  events_ += ",\"text\":";
  if (attribute_needs_mask(m, p.state)) write_json_string(mask_text(r.s1), events_);
  else write_json_string(r.s1, events_);
  events_ += ",\"isChecked\":";
  events_ += (r.bits & input_bit::checked) ? "true" : "false";
  if (r.bits & input_bit::user_triggered) events_ += ",\"userTriggered\":true";
  events_ += '}';
  end_event(clock_);
  return true;
}

bool Encoder::emit_scroll(const Record& r) {
  Placement p = writer_.locate(r.id);
  if (!p.visible()) return false;
  begin_event(3, clock_);
  events_ += "{\"source\":3,\"id\":";
  append_uint(r.id, events_);
  events_ += ",\"x\":";
  append_int(r.x, events_);
  events_ += ",\"y\":";
  append_int(r.y, events_);
  events_ += '}';
  end_event(clock_);
  return true;
}

bool Encoder::emit_mouse_move(const Record& r) {
  if (r.positions.empty()) return false;
  begin_event(3, clock_);
  events_ += "{\"source\":";
  append_uint(r.kind, events_);
  events_ += ",\"positions\":[";
  bool first = true;
  for (const MousePosition& pos : r.positions) {
    if (!first) events_ += ',';
    first = false;
    // The cursor still moves over unknown nodes; over hidden ones it points at the placeholder.
    std::uint32_t target = mirror_.contains(pos.id) ? interaction_target(pos.id) : 0;
    // The time offset first: it steps evenly from position to position (-0.2 %).
    events_ += "{\"timeOffset\":";
    append_int(pos.time_offset, events_);
    events_ += ",\"x\":";
    append_int(pos.x, events_);
    events_ += ",\"y\":";
    append_int(pos.y, events_);
    events_ += ",\"id\":";
    append_uint(target != 0 ? target : pos.id, events_);
    events_ += '}';
  }
  events_ += "]}";
  end_event(clock_);
  return true;
}

bool Encoder::emit_mouse_interaction(const Record& r) {
  std::uint32_t target = interaction_target(r.id);
  if (target == 0) return false;
  begin_event(3, clock_);
  events_ += "{\"source\":2,\"type\":";
  append_uint(r.kind, events_);
  events_ += ",\"id\":";
  append_uint(target, events_);
  if (r.bits & interaction_bit::has_position) {
    events_ += ",\"x\":";
    append_int(r.x, events_);
    events_ += ",\"y\":";
    append_int(r.y, events_);
  }
  if (r.bits & interaction_bit::has_pointer_type) {
    events_ += ",\"pointerType\":";
    append_uint(r.pointer_type, events_);
  }
  events_ += '}';
  end_event(clock_);
  return true;
}

bool Encoder::emit_custom(const Record& r) {
  ParseOptions po;
  po.max_depth = 64;
  ParseResult payload = parse_json(r.s2, po);
  if (!payload.ok) return false;
  begin_event(5, clock_);
  events_ += "{\"tag\":";
  write_json_string(r.s1, events_);
  events_ += ",\"payload\":";
  write_json(payload.value, events_);
  events_ += '}';
  end_event(clock_);
  return true;
}

}  // namespace vigil::replay
