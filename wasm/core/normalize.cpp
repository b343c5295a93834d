#include "core/normalize.h"

#include <algorithm>
#include <cmath>

#include "core/timefmt.h"

namespace vigil {

namespace {

std::size_t effective_depth(const NormalizeOptions& o) {
  return std::min(o.depth, kNormalizeHardDepthLimit);
}

// Cuts before repairing so a 5 MB string is not copied whole: repairing only ever grows the
// text, so the first max+4 raw bytes (one UTF-8 sequence of slack) decide the first max
// repaired bytes exactly, and the result equals repairing everything and then cutting.
std::string clean_string(std::string_view s, std::size_t max_bytes) {
  std::size_t window = max_bytes + 4;
  if (window < max_bytes) window = max_bytes;  // overflow with max = SIZE_MAX
  std::string repaired = sanitize_utf8(s.substr(0, std::min(s.size(), window)));
  if (repaired.size() <= max_bytes) return repaired;
  return truncate_utf8(repaired, max_bytes);
}

Value clean_number(double d) {
  if (std::isnan(d)) return Value("[NaN]");
  if (std::isinf(d)) return Value(d > 0 ? "[Infinity]" : "[-Infinity]");
  return Value(d);
}

Value normalize_tree(const Value& v, std::size_t level, std::size_t max_depth,
                     const NormalizeOptions& o) {
  switch (v.type()) {
    case Value::Type::number: return clean_number(v.as_double());
    case Value::Type::string: return Value(clean_string(v.as_string(), o.max_string_bytes));
    case Value::Type::array: {
      if (level >= max_depth) return Value("[Array]");
      const Array& in = v.as_array();
      Array out;
      std::size_t n = std::min(in.size(), o.max_breadth);
      out.reserve(n + 1);
      for (std::size_t i = 0; i < n; ++i)
        out.push_back(normalize_tree(in[i], level + 1, max_depth, o));
      if (in.size() > n) out.emplace_back(kMaxPropertiesMarker);
      return Value(std::move(out));
    }
    case Value::Type::object: {
      if (level >= max_depth) return Value("[Object]");
      const Object& in = v.as_object();
      Object out;
      std::size_t n = std::min(in.size(), o.max_breadth);
      out.reserve(n + 1);
      for (std::size_t i = 0; i < n; ++i)
        out.push_back(Member{clean_string(in[i].key, o.max_string_bytes),
                             normalize_tree(in[i].value, level + 1, max_depth, o)});
      // Like Sentry: the first key that did not fit carries the marker.
      if (in.size() > n)
        out.push_back(
            Member{clean_string(in[n].key, o.max_string_bytes), Value(kMaxPropertiesMarker)});
      return Value(std::move(out));
    }
    default: return v;  // null, bool, integer
  }
}

bool string_needs_cleaning(std::string_view s, std::size_t max_bytes) {
  return s.size() > max_bytes || !is_valid_utf8(s);
}

void normalize_tree_in_place(Value& v, std::size_t level, std::size_t max_depth,
                             const NormalizeOptions& o) {
  switch (v.type()) {
    case Value::Type::number:
      if (!std::isfinite(v.as_double())) v = clean_number(v.as_double());
      return;
    case Value::Type::string:
      if (string_needs_cleaning(v.as_string(), o.max_string_bytes))
        v = Value(clean_string(v.as_string(), o.max_string_bytes));
      return;
    case Value::Type::array: {
      if (level >= max_depth) {
        v = Value("[Array]");
        return;
      }
      Array& a = v.array_ref();
      if (a.size() > o.max_breadth) {
        a.resize(o.max_breadth);
        a.emplace_back(kMaxPropertiesMarker);
      }
      const std::size_t n = std::min(a.size(), o.max_breadth);
      for (std::size_t i = 0; i < n; ++i) normalize_tree_in_place(a[i], level + 1, max_depth, o);
      return;
    }
    case Value::Type::object: {
      if (level >= max_depth) {
        v = Value("[Object]");
        return;
      }
      Object& obj = v.object_ref();
      const bool cut = obj.size() > o.max_breadth;
      if (cut) {
        // Like Sentry: the first key that did not fit carries the marker.
        obj.resize(o.max_breadth + 1);
        obj.back().value = Value(kMaxPropertiesMarker);
      }
      for (std::size_t i = 0; i < obj.size(); ++i) {
        Member& m = obj[i];
        if (string_needs_cleaning(m.key, o.max_string_bytes)) m.key = clean_string(m.key, o.max_string_bytes);
        if (!(cut && i == obj.size() - 1)) normalize_tree_in_place(m.value, level + 1, max_depth, o);
      }
      return;
    }
    default: return;  // null, bool, integer
  }
}

class GraphWalker {
 public:
  GraphWalker(GraphSource& source, const NormalizeOptions& options)
      : src_(source), opt_(options), max_depth_(effective_depth(options)) {}

  // kind_out lets a caller drop undefined members without a second describe() crossing.
  Value visit(Handle h, std::size_t level, NodeKind* kind_out = nullptr) {
    NodeInfo info = src_.describe(h);
    if (kind_out) *kind_out = info.kind;
    switch (info.kind) {
      case NodeKind::undefined: return Value("[undefined]");
      case NodeKind::null: return Value();
      case NodeKind::boolean: return Value(info.boolean);
      case NodeKind::number: return clean_number(info.number);
      case NodeKind::bigint: return bracket("BigInt: ", info.text);
      case NodeKind::string: return Value(clean(info.text));
      case NodeKind::symbol: return Value(clean("[Symbol(" + info.text + ")]"));
      case NodeKind::function:
        return bracket("Function: ", info.text.empty() ? std::string("<anonymous>") : info.text);
      case NodeKind::date:
        if (!std::isfinite(info.number)) return Value("[Invalid Date]");
        return Value(format_rfc3339(info.number / 1000.0));
      case NodeKind::dom_node: return bracket("HTMLElement: ", info.text);
      case NodeKind::opaque: return bracket("", info.text);
      case NodeKind::array:
      case NodeKind::object:
      case NodeKind::error: return visit_container(h, info, level);
    }
    return Value("[undefined]");
  }

 private:
  std::string clean(std::string_view s) const { return clean_string(s, opt_.max_string_bytes); }
  Value bracket(std::string_view label, std::string_view text) const {
    std::string s = "[";
    s += label;
    s += text;
    s += "]";
    return Value(clean(s));
  }
  Value throws(std::string_view message) const { return bracket("Throws: ", message); }

  bool on_path(std::uint32_t identity) const {
    // The path is at most kNormalizeHardDepthLimit long, so a scan beats a hash set.
    return identity != 0 && std::find(path_.begin(), path_.end(), identity) != path_.end();
  }

  Value child(const GraphEntry& e, std::size_t level) {
    return e.threw ? throws(e.error) : visit(e.value, level);
  }

  Value visit_container(Handle h, const NodeInfo& info, std::size_t level) {
    if (on_path(info.identity)) return Value(kCircularMarker);
    if (level >= max_depth_) {
      if (info.kind == NodeKind::array) return Value("[Array]");
      if (!info.class_name.empty()) return bracket("", info.class_name);
      return Value(info.kind == NodeKind::error ? "[Error]" : "[Object]");
    }
    path_.push_back(info.identity);
    Value out = info.kind == NodeKind::array ? visit_array(h, level) : visit_object(h, info, level);
    path_.pop_back();
    return out;
  }

  Value visit_array(Handle h, std::size_t level) {
    EntryList list = src_.entries(h, opt_.max_breadth);
    if (list.threw) return throws(list.error);
    Array out;
    std::size_t n = std::min(list.entries.size(), opt_.max_breadth);
    out.reserve(n + 1);
    for (std::size_t i = 0; i < n; ++i) out.push_back(child(list.entries[i], level + 1));
    if (list.more || list.entries.size() > n) out.emplace_back(kMaxPropertiesMarker);
    return Value(std::move(out));
  }

  Value visit_object(Handle h, const NodeInfo& info, std::size_t level) {
    Object out;
    bool is_error = info.kind == NodeKind::error;
    if (is_error) {
      // name/message/stack are usually inherited or non-enumerable, so ask for them by name.
      for (const char* key : {"name", "message", "stack"}) {
        GraphEntry e = src_.get(h, key);
        if (e.threw) {
          out.push_back(Member{key, throws(e.error)});
          continue;
        }
        NodeKind kind = NodeKind::undefined;
        Value v = visit(e.value, level + 1, &kind);
        if (kind != NodeKind::undefined) out.push_back(Member{key, std::move(v)});
      }
    }
    EntryList list = src_.entries(h, opt_.max_breadth);
    if (list.threw) {
      if (!is_error) return throws(list.error);
      out.push_back(Member{"[keys]", throws(list.error)});
      return Value(std::move(out));
    }
    std::size_t n = std::min(list.entries.size(), opt_.max_breadth);
    out.reserve(out.size() + n + 1);
    for (std::size_t i = 0; i < n; ++i) {
      const GraphEntry& e = list.entries[i];
      if (is_error && (e.key == "name" || e.key == "message" || e.key == "stack")) continue;
      out.push_back(Member{clean(e.key), child(e, level + 1)});
    }
    if (list.more || list.entries.size() > n) {
      // The host need not say which key came next; name it when it did, as normalize() does.
      std::string key = list.entries.size() > n ? clean(list.entries[n].key) : std::string("...");
      out.push_back(Member{std::move(key), Value(kMaxPropertiesMarker)});
    }
    return Value(std::move(out));
  }

  GraphSource& src_;
  const NormalizeOptions& opt_;
  std::size_t max_depth_;
  std::vector<std::uint32_t> path_;
};

}  // namespace

Value normalize(const Value& value, const NormalizeOptions& options) {
  return normalize_tree(value, 0, effective_depth(options), options);
}

void normalize_in_place(Value& value, const NormalizeOptions& options) {
  normalize_tree_in_place(value, 0, effective_depth(options), options);
}

EntryList GraphSource::entries(Handle node, std::size_t limit) {
  EntryList list;
  KeyList keys = this->keys(node, limit);
  if (keys.threw) {
    list.threw = true;
    list.error = std::move(keys.error);
    return list;
  }
  list.more = keys.more;
  std::size_t n = std::min(keys.keys.size(), limit);
  if (keys.keys.size() > n) list.more = true;
  list.entries.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    GraphEntry e = get(node, keys.keys[i]);
    e.key = std::move(keys.keys[i]);
    list.entries.push_back(std::move(e));
  }
  return list;
}

Value normalize_graph(GraphSource& source, Handle root, const NormalizeOptions& options) {
  return GraphWalker(source, options).visit(root, 0);
}

}  // namespace vigil
