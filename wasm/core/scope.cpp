#include "core/scope.h"

#include <algorithm>
#include <utility>

#include "core/event_json.h"

namespace vigil {

namespace {
// Sets or, for null, removes one member, keeping `target` null rather than {} when it empties.
void set_member(Value& target, std::string_view key, Value value) {
  if (value.is_null()) {
    target.erase(key);
    if (target.is_object() && target.empty()) target = Value();
    return;
  }
  target[key] = std::move(value);
}

// Adds the members of `from` that `into` lacks; `into` keeps its own.
void merge_missing(Value& into, const Value& from) {
  if (!from.is_object() || from.empty()) return;
  if (into.is_null()) {
    into = from;
    return;
  }
  if (!into.is_object()) return;  // the event's junk is its own business
  for (const auto& m : from.as_object())
    if (!into.find(m.key)) into.object_ref().push_back(m);
}
}  // namespace

void Scope::set_user(Value user) {
  if (user.is_null() || (user.is_object() && user.empty())) {
    user_ = Value();
    return;
  }
  if (user.is_object()) user_ = std::move(user);
}

void Scope::set_tag(std::string key, std::string value) {
  tags_[std::move(key)] = std::move(value);
}

void Scope::set_tags(const Value& tags) {
  for (const auto& m : tags.as_object())
    if (auto s = tag_value_string(m.value)) tags_[m.key] = std::move(*s);
}

void Scope::set_tags(const std::map<std::string, std::string>& tags) {
  for (const auto& kv : tags) tags_[kv.first] = kv.second;
}

void Scope::remove_tag(std::string_view key) {
  auto it = tags_.find(std::string(key));
  if (it != tags_.end()) tags_.erase(it);
}

void Scope::set_context(std::string_view name, Value context) {
  set_member(contexts_, name, std::move(context));
  contexts_json_ = BagJson{};
}

void Scope::set_extra(std::string_view key, Value value) {
  set_member(extras_, key, std::move(value));
  extras_json_ = BagJson{};
}

void Scope::set_extras(const Value& extras) {
  for (const auto& m : extras.as_object()) set_member(extras_, m.key, m.value);
  extras_json_ = BagJson{};
}

void Scope::set_fingerprint(std::vector<std::string> fingerprint) {
  fingerprint_ = std::move(fingerprint);
}

void Scope::set_level(std::optional<Level> level) { level_ = level; }

void Scope::set_transaction_name(std::string name) { transaction_name_ = std::move(name); }

void Scope::drop_oldest_breadcrumb() {
  breadcrumbs_.pop_front();
  breadcrumb_json_.erase(breadcrumb_json_.begin());  // at most 100: a vector is fine
}

void Scope::add_breadcrumb(Breadcrumb breadcrumb) {
  if (max_breadcrumbs_ == 0) return;
  while (breadcrumbs_.size() >= max_breadcrumbs_) drop_oldest_breadcrumb();
  breadcrumbs_.push_back(std::move(breadcrumb));
  breadcrumb_json_.emplace_back();
}

void Scope::clear_breadcrumbs() {
  breadcrumbs_.clear();
  breadcrumb_json_.clear();
}

void Scope::set_max_breadcrumbs(std::size_t max) {
  max_breadcrumbs_ = max;
  while (breadcrumbs_.size() > max_breadcrumbs_) drop_oldest_breadcrumb();
}

void Scope::clear() {
  Scope fresh(max_breadcrumbs_);
  *this = std::move(fresh);
}

void Scope::apply_data_to(Event& event, bool bags) const {
  for (const auto& kv : tags_) event.tags.insert(kv);  // insert never overwrites
  if (bags) {
    merge_missing(event.extra, extras_);
    merge_missing(event.contexts, contexts_);
  }
  merge_missing(event.user, user_);
  // As Sentry's scopes do: a level set on the scope wins over the event's own (withScope +
  // setLevel('fatal') must make a captured message fatal), and fingerprints add up.
  if (level_) event.level = level_;
  event.fingerprint.insert(event.fingerprint.end(), fingerprint_.begin(), fingerprint_.end());
  if (event.transaction.empty()) event.transaction = transaction_name_;
}

void Scope::apply_to(Event& event) const {
  apply_data_to(event, true);
  auto& crumbs = event.breadcrumbs;
  crumbs.insert(crumbs.end(), breadcrumbs_.begin(), breadcrumbs_.end());
  if (crumbs.size() > max_breadcrumbs_)
    crumbs.erase(crumbs.begin(), crumbs.end() - static_cast<std::ptrdiff_t>(max_breadcrumbs_));
}

namespace {
bool same_options(const NormalizeOptions& a, const NormalizeOptions& b) {
  return a.depth == b.depth && a.max_breadth == b.max_breadth &&
         a.max_string_bytes == b.max_string_bytes;
}
}  // namespace

void Scope::merge_bag(Value& into, JsonParts& into_json, const Value& from, BagJson& cache,
                      const NormalizeOptions& normalize) const {
  if (!from.is_object() || from.empty()) return;
  if (!into.is_null() && !into.is_object()) return;  // the event's junk is its own business
  // Normalising the members one by one equals normalising the merged object unless the
  // merged object is cut (breadth) or replaced (depth 0): those go the Value way.
  if (normalize.depth == 0 || into.size() + into_json.size() + from.size() > normalize.max_breadth) {
    merge_json_parts(into, into_json);
    merge_missing(into, from);
    return;
  }
  if (!cache.valid || !same_options(cache.options, normalize)) {
    cache.members.clear();
    cache.members.reserve(from.size());
    for (const Member& m : from.as_object()) {
      // A one-member object normalises the member exactly as the merged object would: value
      // one level down, key cleaned.
      Value one(Object{m});
      normalize_in_place(one, normalize);
      const Member& clean = one.as_object().front();
      std::string json;
      write_json_string(clean.key, json);
      json += ':';
      write_json(clean.value, json);
      cache.members.emplace_back(m.key, std::move(json));
    }
    cache.options = normalize;
    cache.valid = true;
  }
  into_json.reserve(into_json.size() + cache.members.size());
  for (const auto& m : cache.members) {
    bool taken = into.find(m->key) != nullptr;
    for (std::size_t i = 0; !taken && i < into_json.size(); ++i) taken = into_json[i]->key == m->key;
    if (!taken) into_json.push_back(m);
  }
}

void Scope::apply_to(Event& event, const NormalizeOptions& normalize) const {
  apply_data_to(event, false);
  merge_bag(event.extra, event.extra_json, extras_, extras_json_, normalize);
  merge_bag(event.contexts, event.contexts_json, contexts_, contexts_json_,
            contexts_normalize_options(normalize));
  if (!same_options(breadcrumb_json_for_, normalize)) {
    for (auto& json : breadcrumb_json_) json = JsonPartRef();
    breadcrumb_json_for_ = normalize;
  }
  for (std::size_t i = 0; i < breadcrumbs_.size(); ++i) {
    if (breadcrumb_json_[i]) continue;
    Breadcrumb normalized = breadcrumbs_[i];
    if (!normalized.data.is_null()) normalize_in_place(normalized.data, normalize);
    std::string json;
    write_breadcrumb_json(normalized, json);
    breadcrumb_json_[i] = JsonPartRef(std::string(), std::move(json));
  }
  // The newest max_breadcrumbs of the event's own, then those it already had as JSON, then
  // the scope's: the oldest go first, as apply_to(Event&) cuts them.
  auto& own = event.breadcrumbs;
  auto& json = event.breadcrumb_json;
  const std::size_t total = own.size() + json.size() + breadcrumbs_.size();
  std::size_t drop = total > max_breadcrumbs_ ? total - max_breadcrumbs_ : 0;
  const std::size_t own_dropped = std::min(drop, own.size());
  own.erase(own.begin(), own.begin() + static_cast<std::ptrdiff_t>(own_dropped));
  drop -= own_dropped;
  const std::size_t json_dropped = std::min(drop, json.size());
  json.erase(json.begin(), json.begin() + static_cast<std::ptrdiff_t>(json_dropped));
  drop -= json_dropped;
  json.reserve(json.size() + breadcrumbs_.size() - drop);
  for (std::size_t i = drop; i < breadcrumb_json_.size(); ++i) json.push_back(breadcrumb_json_[i]);
}

}  // namespace vigil
