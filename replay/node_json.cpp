#include "replay/node_json.h"

#include <cmath>
#include <vector>

#include "core/json.h"
#include "replay/record_format.h"

namespace vigil::replay {

void append_uint(std::uint64_t v, std::string& out) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) out += buf[--n];
}

void append_int(std::int64_t v, std::string& out) {
  if (v < 0) {
    out += '-';
    append_uint(~static_cast<std::uint64_t>(v) + 1, out);
  } else {
    append_uint(static_cast<std::uint64_t>(v), out);
  }
}

void append_ms(double ms, std::string& out) {
  if (std::isfinite(ms) && ms == std::floor(ms) && std::fabs(ms) < 9.0e15) {
    append_int(static_cast<std::int64_t>(ms), out);
  } else {
    write_json(Value(ms), out);  // non-finite becomes null
  }
}

bool NodeWriter::is_blocked(const Node& n) const {
  return n.kind == NodeKind::element && is_blocked_element(options_, n.tag, n.flags);
}

PrivacyState NodeWriter::content_state(const Node& n, const PrivacyState& parent_state) const {
  if (n.kind != NodeKind::element) return parent_state;
  return element_privacy_state(parent_state, n.flags);
}

Placement NodeWriter::locate(std::uint32_t id) const {
  Placement p;
  std::vector<const Node*> chain;
  const Node* n = mirror_.find(id);
  for (std::size_t steps = 0; n && steps <= mirror_.size(); ++steps) {
    chain.push_back(n);
    if (n->id == mirror_.root()) {
      p.attached = true;
      break;
    }
    if (n->parent == 0) break;
    n = mirror_.find(n->parent);
  }
  if (!p.attached) return p;
  p.state = root_privacy_state(options_);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const Node& cur = **it;
    if (p.blocked == 0 && is_blocked(cur)) p.blocked = cur.id;
    p.state = content_state(cur, p.state);
  }
  p.state.suppressed = p.blocked != 0 && p.blocked != id;
  return p;
}

void NodeWriter::append_text_value(const Node& n, const PrivacyState& parent_state,
                                   std::string& out) const {
  if (n.kind == NodeKind::cdata) {
    out += "\"\"";
    return;
  }
  bool masked = parent_state.mask_text;
  if (n.kind == NodeKind::text) {
    const Node* parent = mirror_.find(n.parent);
    switch (text_role(parent && parent->kind == NodeKind::element ? std::string_view(parent->tag)
                                                                   : std::string_view())) {
      case TextRole::style: masked = false; break;
      case TextRole::script: out += "\"SCRIPT_PLACEHOLDER\""; return;
      case TextRole::input_value: masked = parent_state.mask_inputs || parent_state.mask_text; break;
      case TextRole::plain: break;
    }
  }
  if (masked) write_json_string(mask_text(n.text), out);
  else write_json_string(n.text, out);
}

void NodeWriter::append_attribute_value(const Node& n, std::string_view name,
                                        std::string_view value, const PrivacyState& state,
                                        std::string& out) const {
  const std::string* type = n.attribute("type");
  AttributeMask m = attribute_mask(n.tag, name, type ? std::string_view(*type) : std::string_view());
  if (attribute_needs_mask(m, state)) write_json_string(mask_text(value), out);
  else write_json_string(value, out);
}

namespace {

void open_object(int type, std::uint32_t id, bool id_first, std::string& out) {
  if (id_first) {
    out += "{\"id\":";
    append_uint(id, out);
    out += ",\"type\":";
  } else {
    out += "{\"type\":";
  }
  append_int(type, out);
}

void close_leaf(std::uint32_t id, bool id_first, std::string& out) {
  if (!id_first) {
    out += ",\"id\":";
    append_uint(id, out);
  }
  out += '}';
}

void append_shadow_flags(const Node& n, bool host, std::string& out) {
  if (host && (n.flags & node_flag::shadow_host)) out += ",\"isShadowHost\":true";
  if (n.flags & node_flag::shadow) out += ",\"isShadow\":true";
}

bool has_class_token(std::string_view classes, std::string_view token) {
  std::size_t i = 0;
  while (i < classes.size()) {
    while (i < classes.size() && (classes[i] == ' ' || classes[i] == '\t' || classes[i] == '\n'))
      ++i;
    std::size_t start = i;
    while (i < classes.size() && classes[i] != ' ' && classes[i] != '\t' && classes[i] != '\n')
      ++i;
    if (classes.substr(start, i - start) == token) return true;
  }
  return false;
}

}  // namespace

void NodeWriter::close_node(std::uint32_t id, std::string& out, bool id_first) {
  if (id_first) {
    out += "]}";
    return;
  }
  out += "],\"id\":";
  append_uint(id, out);
  out += '}';
}

std::string NodeWriter::placeholder_class(const Node& n) const {
  const std::string* cls = n.attribute("class");
  std::string classes = cls ? *cls : std::string();
  if (!has_class_token(classes, "rr-block")) {
    if (!classes.empty()) classes += ' ';
    classes += "rr-block";
  }
  return classes;
}

NodeWriter::Opened NodeWriter::open_node(const Node& n, const PrivacyState& parent_state,
                                         std::string& out,
                                         const std::vector<Attribute>* attributes,
                                         bool id_first) const {
  open_object(static_cast<int>(n.kind), n.id, id_first, out);
  switch (n.kind) {
    case NodeKind::document:
      out += ",\"childNodes\":[";
      return Opened::container;
    case NodeKind::doctype: {
      const std::string* system_id = n.attribute("systemId");
      out += ",\"name\":";
      write_json_string(n.tag, out);
      out += ",\"publicId\":";
      write_json_string(n.text, out);
      out += ",\"systemId\":";
      write_json_string(system_id ? std::string_view(*system_id) : std::string_view(), out);
      close_leaf(n.id, id_first, out);
      return Opened::leaf;
    }
    case NodeKind::text:
    case NodeKind::comment:
    case NodeKind::cdata: {
      out += ",\"textContent\":";
      append_text_value(n, parent_state, out);
      if (n.kind == NodeKind::text) {
        const Node* parent = mirror_.find(n.parent);
        if (parent && parent->kind == NodeKind::element &&
            text_role(parent->tag) == TextRole::style)
          out += ",\"isStyle\":true";
      }
      append_shadow_flags(n, false, out);
      close_leaf(n.id, id_first, out);
      return Opened::leaf;
    }
    case NodeKind::element:
      break;
  }
  out += ",\"tagName\":";
  write_json_string(n.tag, out);
  out += ",\"attributes\":{";
  bool blocked = is_blocked(n);
  if (blocked) {
    // rrweb's placeholder: the class survives (layout), rr_width/rr_height size the box and
    // rr-block lets the player style it; nothing else of the element is sent.
    out += "\"class\":";
    write_json_string(placeholder_class(n), out);
    if (n.flags & node_flag::has_size) {
      out += ",\"rr_width\":\"";
      append_uint(n.width, out);
      out += "px\",\"rr_height\":\"";
      append_uint(n.height, out);
      out += "px\"";
    }
  } else {
    PrivacyState state = content_state(n, parent_state);
    bool first = true;
    for (const Attribute& a : attributes ? *attributes : n.attributes) {
      if (!first) out += ',';
      first = false;
      write_json_string(a.name, out);
      out += ':';
      append_attribute_value(n, a.name, a.value, state, out);
    }
  }
  out += '}';
  if (n.flags & node_flag::svg) out += ",\"isSVG\":true";
  append_shadow_flags(n, !blocked, out);
  out += ",\"childNodes\":[";
  return blocked ? Opened::placeholder : Opened::container;
}

}  // namespace vigil::replay
