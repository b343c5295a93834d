#pragma once
// The data that rides along with every event captured while it is active: user, tags, extras,
// contexts, breadcrumbs. A Scope is a plain value: copying it is how withScope works (the copy
// is independent of the original), and apply_to() is a pure merge into an event.
#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/json.h"
#include "core/normalize.h"

namespace vigil {

class Scope {
 public:
  static constexpr std::size_t kDefaultMaxBreadcrumbs = 100;

  explicit Scope(std::size_t max_breadcrumbs = kDefaultMaxBreadcrumbs)
      : max_breadcrumbs_(max_breadcrumbs) {}

  // Null or an empty object clears the user, as Sentry.setUser(null) does; non-objects are
  // ignored.
  void set_user(Value user);
  void set_tag(std::string key, std::string value);
  // Object of tag values; numbers and booleans are stringified, other members are ignored.
  void set_tags(const Value& tags);
  void set_tags(const std::map<std::string, std::string>& tags);
  void remove_tag(std::string_view key);
  // A null context removes the name.
  void set_context(std::string_view name, Value context);
  void set_extra(std::string_view key, Value value);
  void set_extras(const Value& extras);  // merges the members of an object
  void set_fingerprint(std::vector<std::string> fingerprint);
  void set_level(std::optional<Level> level);
  void set_transaction_name(std::string name);

  // Appends to a ring buffer of max_breadcrumbs: the oldest falls out. 0 keeps none.
  void add_breadcrumb(Breadcrumb breadcrumb);
  void clear_breadcrumbs();
  // Shrinking drops the oldest breadcrumbs at once.
  void set_max_breadcrumbs(std::size_t max);

  // Back to an empty scope; max_breadcrumbs is configuration and survives.
  void clear();

  // Merges this scope into an event. What the event already carries wins: its own tags, extra
  // keys, context names and user fields are kept over the scope's. A scope level replaces the
  // event's, the scope's fingerprint is appended to the event's, and the transaction comes from
  // the scope only when the event has none (Sentry's rules). The scope's breadcrumbs are
  // appended after the event's own (oldest first) and the result is cut to the newest
  // max_breadcrumbs.
  void apply_to(Event& event) const;
  // The same merge, but the scope's breadcrumbs, extras and contexts join the event as JSON
  // (Event::breadcrumb_json, extra_json, contexts_json), normalised with `normalize` as
  // Client::normalize_event would: each is normalised and written once, when first applied,
  // and shared by every later event and by copies of the scope, instead of being copied,
  // normalised and written for every event. Where the merged object would be cut by the
  // breadth limit (or the depth limit replaces it whole), extras and contexts merge as Values.
  void apply_to(Event& event, const NormalizeOptions& normalize) const;

  const Value& user() const { return user_; }
  const std::map<std::string, std::string>& tags() const { return tags_; }
  const Value& contexts() const { return contexts_; }
  const Value& extras() const { return extras_; }
  const std::vector<std::string>& fingerprint() const { return fingerprint_; }
  std::optional<Level> level() const { return level_; }
  const std::string& transaction_name() const { return transaction_name_; }
  const std::deque<Breadcrumb>& breadcrumbs() const { return breadcrumbs_; }
  std::size_t max_breadcrumbs() const { return max_breadcrumbs_; }

 private:
  Value user_;
  std::map<std::string, std::string> tags_;
  Value contexts_;  // object, or null when empty
  Value extras_;    // object, or null when empty
  std::vector<std::string> fingerprint_;
  std::optional<Level> level_;
  std::string transaction_name_;
  // Members of extras_ or contexts_ as JSON, for one set of options; rebuilt on change.
  struct BagJson {
    JsonParts members;
    NormalizeOptions options;
    bool valid = false;
  };
  void apply_data_to(Event& event, bool bags) const;  // everything but the breadcrumbs
  void drop_oldest_breadcrumb();
  void merge_bag(Value& into, JsonParts& into_json, const Value& from, BagJson& cache,
                 const NormalizeOptions& normalize) const;

  std::deque<Breadcrumb> breadcrumbs_;
  std::size_t max_breadcrumbs_;
  // breadcrumbs_ as JSON, normalised with breadcrumb_json_for_; an entry is null until the
  // breadcrumb is first applied. A cache: mutable, and rebuilt when the options change.
  mutable JsonParts breadcrumb_json_;
  mutable NormalizeOptions breadcrumb_json_for_;
  mutable BagJson extras_json_;
  mutable BagJson contexts_json_;
};

}  // namespace vigil
