#include "core/size_limit.h"

#include <algorithm>
#include <cstdint>
#include <numeric>

namespace vigil {

namespace {

constexpr std::size_t kMarkerReserve = 512;  // the marker is built to stay below this
constexpr std::size_t kStringFloor = 256;
constexpr std::size_t kFramesKeptPerEnd = 25;
constexpr const char* kEllipsis = "...";

// Exact serialized sizes, matching write_json byte for byte. Strings are measured by writing
// them into a reused scratch buffer, which keeps the escaping and UTF-8 repair rules in one
// place (json.cpp) at the cost of a copy.
class Sizer {
 public:
  std::size_t string(std::string_view s) {
    scratch_.clear();
    write_json_string(s, scratch_);
    return scratch_.size();
  }
  std::size_t member(const Member& m) { return string(m.key) + 1 + value(m.value); }
  std::size_t value(const Value& v) {
    switch (v.type()) {
      case Value::Type::string: return string(v.as_string());
      case Value::Type::array: {
        const Array& a = v.as_array();
        std::size_t n = 2 + (a.empty() ? 0 : a.size() - 1);
        for (const auto& x : a) n += value(x);
        return n;
      }
      case Value::Type::object: {
        const Object& o = v.as_object();
        std::size_t n = 2 + (o.empty() ? 0 : o.size() - 1);
        for (const auto& m : o) n += member(m);
        return n;
      }
      default:
        scratch_.clear();
        write_json(v, scratch_);
        return scratch_.size();
    }
  }

 private:
  std::string scratch_;
};

// Bytes saved by removing k of n elements of total size `sum` from one container: their commas
// go too, except that the last remaining element never had one.
std::size_t removal_saving(std::size_t n, std::size_t k, std::size_t sum) {
  if (k == 0) return 0;
  return sum + (k < n ? k : n - 1);
}

// A size and the index of what it measures. Sorted largest first, earlier first among equal
// sizes: a total order, so the result is what a stable sort by size gives, and a heapsort
// costs a fraction of the code std::sort or std::stable_sort instantiate.
using Sized = std::pair<std::size_t, std::size_t>;

bool goes_before(const Sized& a, const Sized& b) {
  return a.first != b.first ? a.first > b.first : a.second < b.second;
}

void sort_largest_first(std::vector<Sized>& v) {
  std::size_t n = v.size();
  auto sift_down = [&](std::size_t i, std::size_t end) {
    for (std::size_t c; (c = 2 * i + 1) < end; i = c) {
      if (c + 1 < end && goes_before(v[c], v[c + 1])) ++c;
      if (!goes_before(v[i], v[c])) return;
      std::swap(v[i], v[c]);
    }
  };
  for (std::size_t i = n / 2; i-- > 0;) sift_down(i, n);
  for (std::size_t end = n; end > 1; --end) {
    std::swap(v[0], v[end - 1]);
    sift_down(0, end - 1);
  }
}

// Top-level fields that identify the error: the last resort before essentials() keeps them.
bool is_essential(const std::string& key) {
  static const char* const kKeep[] = {"event_id",  "timestamp",   "level",    "platform",
                                      "exception", "message",     "logentry", "type",
                                      "release",   "environment", "dist",     "extra"};
  for (const char* k : kKeep)
    if (key == k) return true;
  return false;
}

Array* values_array(Value* v) {
  if (!v) return nullptr;
  if (v->is_array()) return &v->array_ref();
  Value* values = v->find("values");
  if (values && values->is_array()) return &values->array_ref();
  return nullptr;
}

// The longest prefix of s (plus "...") whose JSON form is at most max_json bytes. Repair only
// grows text, so the first max_json+4 raw bytes are all that can matter.
std::string cut_string(const std::string& s, std::size_t max_json) {
  std::string clean =
      sanitize_utf8(std::string_view(s).substr(0, std::min(s.size(), max_json + 4)));
  std::size_t room = max_json > 5 ? max_json - 5 : 0;  // quotes and ellipsis
  std::size_t used = 0;
  std::size_t cut = 0;
  for (; cut < clean.size(); ++cut) {
    unsigned char c = static_cast<unsigned char>(clean[cut]);
    std::size_t cost = 1;
    if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f')
      cost = 2;
    else if (c < 0x20)
      cost = 6;
    if (used + cost > room) break;
    used += cost;
  }
  while (cut > 0 && cut < clean.size() && (static_cast<unsigned char>(clean[cut]) & 0xC0) == 0x80)
    --cut;
  clean.resize(cut);
  clean += kEllipsis;
  return clean;
}

class Trimmer {
 public:
  Trimmer(Value& event, std::size_t budget, std::size_t total, TrimReport& report)
      : ev_(event), budget_(budget), total_(total), rep_(report) {}

  bool fits() const { return total_ <= budget_; }
  std::size_t need() const { return total_ > budget_ ? total_ - budget_ : 0; }

  // Cuts the longest strings to a common length, no shorter than `floor`, until the event fits.
  void cut_strings(std::size_t floor) {
    if (fits()) return;
    std::vector<Value*> strings;
    std::vector<Sized> found;
    collect_strings(ev_, floor, strings, found);
    if (found.empty()) return;
    sort_largest_first(found);
    // Water-filling: the smallest number k of longest strings, cut to a common level, that
    // saves enough. Level = (sum of the k - need) / k, never below the next string or floor.
    std::size_t level = floor;
    std::size_t prefix = 0;
    for (std::size_t k = 1; k <= found.size(); ++k) {
      prefix += found[k - 1].first;
      std::size_t next = k < found.size() ? std::max(found[k].first, floor) : floor;
      if (prefix >= k * next + need()) {
        level = std::max((prefix - need()) / k, next);
        break;
      }
    }
    for (auto& [size, index] : found) {
      if (size <= level) break;
      Value* ptr = strings[index];
      std::string shorter = cut_string(ptr->as_string(), level);
      std::size_t new_size = sizer_.string(shorter);
      if (new_size >= size) continue;
      *ptr = Value(std::move(shorter));
      total_ -= size - new_size;
      ++rep_.strings_truncated;
    }
  }

  void remove_extras() {
    if (fits()) return;
    Value* extra = ev_.find("extra");
    if (!extra || !extra->is_object()) return;
    rep_.extra_removed +=
        remove_largest(extra->object_ref(), false).size();
  }

  void remove_breadcrumbs() {
    if (fits()) return;
    Array* crumbs = values_array(ev_.find("breadcrumbs"));
    if (!crumbs || crumbs->empty()) return;
    std::size_t n = crumbs->size();
    std::size_t sum = 0;
    std::size_t k = 0;
    while (k < n && total_ - removal_saving(n, k, sum) > budget_)
      sum += sizer_.value((*crumbs)[k++]);
    total_ -= removal_saving(n, k, sum);
    rep_.breadcrumbs_removed += k;
    crumbs->erase(crumbs->begin(), crumbs->begin() + static_cast<std::ptrdiff_t>(k));
  }

  // Keeps `keep` frames at each end of every stack, the largest keep (>= min_keep) that fits.
  void trim_frames(std::size_t min_keep) {
    if (fits()) return;
    struct Stack {
      Array* frames;
      std::vector<std::size_t> prefix;  // prefix[i] = size of frames [0, i)
    };
    std::vector<Stack> stacks;
    auto add_stacks = [&](Value* container) {
      Array* items = values_array(container);
      if (!items) return;
      for (auto& item : *items) {
        Value* st = item.find("stacktrace");
        Value* frames = st ? st->find("frames") : nullptr;
        if (!frames || !frames->is_array() || frames->size() <= 2 * min_keep) continue;
        Stack s{&frames->array_ref(), {0}};
        s.prefix.reserve(s.frames->size() + 1);
        for (const auto& f : *s.frames) s.prefix.push_back(s.prefix.back() + sizer_.value(f));
        stacks.push_back(std::move(s));
      }
    };
    add_stacks(ev_.find("exception"));
    add_stacks(ev_.find("threads"));
    if (stacks.empty()) return;
    auto saving = [&](std::size_t keep) {
      std::size_t total = 0;
      for (const auto& s : stacks) {
        std::size_t n = s.frames->size();
        if (n <= 2 * keep) continue;
        total += s.prefix[n - keep] - s.prefix[keep] + (n - 2 * keep);  // frames and commas
      }
      return total;
    };
    std::size_t keep = min_keep;
    if (saving(min_keep) >= need()) {
      // saving() shrinks as keep grows; find the largest keep that still saves enough.
      std::size_t lo = min_keep, hi = 0;
      for (const auto& s : stacks) hi = std::max(hi, s.frames->size() / 2);
      while (lo < hi) {
        std::size_t mid = lo + (hi - lo + 1) / 2;
        if (saving(mid) >= need())
          lo = mid;
        else
          hi = mid - 1;
      }
      keep = lo;
    }
    total_ -= saving(keep);
    for (auto& s : stacks) {
      std::size_t n = s.frames->size();
      if (n <= 2 * keep) continue;
      auto first = s.frames->begin() + static_cast<std::ptrdiff_t>(keep);
      s.frames->erase(first, first + static_cast<std::ptrdiff_t>(n - 2 * keep));
      rep_.frames_removed += n - 2 * keep;
    }
  }

  void drop_field(Value& parent, std::string_view key, const std::string& label) {
    if (fits() || !parent.is_object()) return;
    Object& members = parent.object_ref();
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (members[i].key != key) continue;
      total_ -= removal_saving(members.size(), 1, sizer_.member(members[i]));
      members.erase(members.begin() + static_cast<std::ptrdiff_t>(i));
      rep_.dropped.push_back(label);
      return;
    }
  }

  void drop_request_and_contexts() {
    if (Value* request = ev_.find("request")) drop_field(*request, "data", "request.data");
    drop_field(ev_, "contexts", "contexts");
    drop_field(ev_, "request", "request");
  }

  void drop_top_level() {
    if (fits()) return;
    for (auto& key : remove_largest(ev_.object_ref(), true)) rep_.dropped.push_back(std::move(key));
  }

 private:
  // Removes members, largest first, until the event fits; members for which keep(key) holds
  // stay. One measuring pass and one rebuild, however many go. Returns the removed keys.
  std::vector<std::string> remove_largest(Object& members, bool keep_essentials) {
    std::vector<Sized> order;
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (keep_essentials && is_essential(members[i].key)) continue;
      order.emplace_back(sizer_.member(members[i]), i);
    }
    sort_largest_first(order);
    std::vector<char> gone(members.size(), 0);
    std::size_t sum = 0;
    std::size_t k = 0;
    while (k < order.size() && total_ - removal_saving(members.size(), k, sum) > budget_) {
      sum += order[k].first;
      gone[order[k].second] = 1;
      ++k;
    }
    std::vector<std::string> removed;
    if (k == 0) return removed;
    total_ -= removal_saving(members.size(), k, sum);
    Object kept;
    kept.reserve(members.size() - k);
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (gone[i])
        removed.push_back(std::move(members[i].key));
      else
        kept.push_back(std::move(members[i]));
    }
    members = std::move(kept);
    return removed;
  }

  void collect_strings(Value& v, std::size_t floor, std::vector<Value*>& strings,
                       std::vector<Sized>& out) {
    switch (v.type()) {
      case Value::Type::string: {
        // Escaping at most sextuples a byte; skip measuring strings that cannot be long.
        if (v.as_string().size() * 6 + 2 <= floor) return;
        std::size_t size = sizer_.string(v.as_string());
        if (size > floor) {
          out.emplace_back(size, strings.size());
          strings.push_back(&v);
        }
        return;
      }
      case Value::Type::array:
        for (auto& x : v.array_ref()) collect_strings(x, floor, strings, out);
        return;
      case Value::Type::object:
        for (auto& m : v.object_ref()) collect_strings(m.value, floor, strings, out);
        return;
      default: return;
    }
  }

  Value& ev_;
  std::size_t budget_;
  std::size_t total_;
  TrimReport& rep_;
  Sizer sizer_;
};

Value make_marker(const TrimReport& r, std::size_t max_json) {
  Value m = Value::object();
  Object& o = m.object_ref();
  auto count = [&](const char* key, std::size_t n) {
    if (n) o.push_back(Member{key, Value(static_cast<unsigned long long>(n))});
  };
  count("original_bytes", r.original_bytes);
  count("strings_truncated", r.strings_truncated);
  count("extra_removed", r.extra_removed);
  count("breadcrumbs_removed", r.breadcrumbs_removed);
  count("frames_removed", r.frames_removed);
  if (r.essentials_only) o.push_back(Member{"essentials_only", Value(true)});
  if (!r.dropped.empty()) {
    Array names;
    std::size_t n = std::min<std::size_t>(r.dropped.size(), 10);
    for (std::size_t i = 0; i < n; ++i)
      names.emplace_back(truncate_utf8(sanitize_utf8(r.dropped[i]), 40));
    o.push_back(Member{"dropped", Value(std::move(names))});
    // Field names come from the event, so the list is what may need shortening.
    while (to_json(m).size() > max_json && !m["dropped"].empty())
      m["dropped"].array_ref().pop_back();
    if (m["dropped"].empty()) m.erase("dropped");
  }
  return m;
}

void attach_marker(Value& event, Value marker) {
  Value* extra = event.find("extra");
  if (!extra || !extra->is_object()) {
    event["extra"] = Value::object();
    extra = event.find("extra");
  }
  (*extra)[kTrimmedExtraKey] = std::move(marker);
}

std::string message_of(const Value& event) {
  const Value& m = event.get("message");
  if (m.is_string()) return m.as_string();
  if (m.get("formatted").is_string()) return m.get("formatted").as_string();
  const Value& l = event.get("logentry");
  if (l.get("formatted").is_string()) return l.get("formatted").as_string();
  return l.get("message").as_string();
}

// At most cap bytes of valid UTF-8, repairing only the part that can survive.
Value short_string(const std::string& s, std::size_t cap) {
  return Value(truncate_utf8(sanitize_utf8(std::string_view(s).substr(0, cap + 4)), cap));
}

// The last resort: a new event holding only what identifies the error. Returns the smallest
// form that fits, trying progressively shorter strings and fewer parts.
std::string essentials(const Value& event, std::size_t max_bytes, TrimReport& rep) {
  rep.essentials_only = true;
  const Value& ex = event.get("exception");
  const Array* exceptions = ex.is_array() ? &ex.as_array() : &ex.get("values").as_array();
  std::string message = message_of(event);

  struct Attempt {
    std::size_t cap;
    std::size_t max_exceptions;
    bool message;
    bool marker;
  };
  static const Attempt kAttempts[] = {
      {4096, 8, true, true}, {1024, 8, true, true}, {256, 4, true, true},  {64, 1, true, true},
      {64, 1, false, true},  {64, 1, false, false}, {16, 1, false, false}, {0, 0, false, false}};
  std::string out;
  for (const Attempt& a : kAttempts) {
    auto cut = [&](const std::string& s) { return short_string(s, a.cap); };
    Value e = Value::object();
    Object& o = e.object_ref();
    auto copy_string = [&](const char* key) {
      const Value& v = event.get(key);
      if (v.is_string() && !v.as_string().empty()) o.push_back(Member{key, cut(v.as_string())});
    };
    // Ids and timestamps are short unless junk; they survive even the smallest attempt.
    const Value& id = event.get("event_id");
    if (id.is_string()) o.push_back(Member{"event_id", short_string(id.as_string(), 64)});
    const Value& ts = event.get("timestamp");
    if (ts.is_number()) o.push_back(Member{"timestamp", ts});
    if (ts.is_string()) o.push_back(Member{"timestamp", short_string(ts.as_string(), 64)});
    if (a.cap > 0) {
      copy_string("level");
      copy_string("platform");
      copy_string("type");
      copy_string("release");
      copy_string("environment");
    }
    if (a.max_exceptions > 0 && !exceptions->empty()) {
      Array values;
      // The last exception is the one Sentry titles the issue with.
      std::size_t n = std::min(exceptions->size(), a.max_exceptions);
      for (std::size_t i = exceptions->size() - n; i < exceptions->size(); ++i) {
        const Value& src = (*exceptions)[i];
        Value x = Value::object();
        for (const char* key : {"type", "value"})
          if (src.get(key).is_string())
            x.object_ref().push_back(Member{key, cut(src.get(key).as_string())});
        const Value& mech = src.get("mechanism");
        if (mech.is_object()) {
          Value m = Value::object();
          if (mech.get("type").is_string()) m["type"] = cut(mech.get("type").as_string());
          if (mech.get("handled").is_bool()) m["handled"] = mech.get("handled");
          x["mechanism"] = std::move(m);
        }
        values.push_back(std::move(x));
      }
      Value wrapper = Value::object();
      wrapper["values"] = Value(std::move(values));
      o.push_back(Member{"exception", std::move(wrapper)});
    }
    if (a.message && !message.empty()) {
      Value msg = Value::object();
      msg["formatted"] = cut(message);
      o.push_back(Member{"message", std::move(msg)});
    }
    if (a.marker) attach_marker(e, make_marker(rep, kMarkerReserve / 2));
    out = to_json(e);
    if (out.size() <= max_bytes) return out;
  }
  return out;
}

}  // namespace

std::string serialize_capped(Value event, std::size_t max_bytes, TrimReport* report) {
  TrimReport local;
  TrimReport& rep = report ? *report : local;
  rep = TrimReport{};
  if (!event.is_object()) event = Value::object();

  // Nearly every event fits: writing it once is the whole cost then. Only an event that does
  // not fit pays for measuring and trimming (and for this first write).
  {
    std::string out = to_json(event);
    if (out.size() <= max_bytes) {
      rep.original_bytes = rep.final_bytes = out.size();
      return out;
    }
  }
  Sizer sizer;
  std::size_t total = sizer.value(event);
  rep.original_bytes = total;

  std::size_t reserve = std::min(kMarkerReserve, max_bytes / 4);
  Trimmer t(event, max_bytes - reserve, total, rep);
  t.cut_strings(std::max(max_bytes / 8, kStringFloor));
  t.remove_extras();
  t.remove_breadcrumbs();
  t.trim_frames(kFramesKeptPerEnd);
  t.cut_strings(kStringFloor);
  t.drop_request_and_contexts();
  t.trim_frames(1);
  t.drop_top_level();

  std::string out;
  if (t.fits()) {
    Value marked = event;
    attach_marker(marked, make_marker(rep, reserve > 64 ? reserve - 64 : 0));
    out = to_json(marked);
    // The reserve covers the marker; a tiny limit may not, and then the event goes without it.
    if (out.size() > max_bytes) out = to_json(event);
  }
  if (out.empty() || out.size() > max_bytes) out = essentials(event, max_bytes, rep);
  rep.final_bytes = out.size();
  rep.fits = out.size() <= max_bytes;
  return out;
}

}  // namespace vigil
