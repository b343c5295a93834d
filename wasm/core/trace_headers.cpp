#include "core/trace_headers.h"

#include <set>

#include "core/json.h"

namespace vigil {
namespace {

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_hex_id(std::string_view id, std::size_t length) {
  if (id.size() != length) return false;
  bool nonzero = false;
  for (char c : id) {
    int d = hex_digit(c);
    if (d < 0) return false;
    nonzero = nonzero || d != 0;
  }
  return nonzero;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// RFC 7230 tchar: what a baggage key may be made of.
bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_token_char(c)) return false;
  }
  return true;
}

// Properties are copied through verbatim, so they must not smuggle separators or bytes a header
// cannot hold.
bool is_safe_properties(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7f || c == ',') return false;
  }
  return true;
}

bool is_unreserved(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-': case '_': case '.': case '!': case '~': case '*': case '\'': case '(': case ')':
      return true;
    default:
      return false;
  }
}

// Accumulates members under a byte and member budget, never writing a member partially.
class MemberWriter {
 public:
  MemberWriter(std::size_t max_bytes, std::size_t max_members)
      : max_bytes_(max_bytes), max_members_(max_members) {}

  // Adds the member unless its key was already written or it does not fit.
  void add(const BaggageEntry& e) {
    if (!is_token(e.key) || !is_safe_properties(e.properties)) return;
    if (!seen_.insert(e.key).second) return;
    std::string piece = e.key;
    piece += '=';
    piece += baggage_encode(e.value);
    if (!e.properties.empty()) {
      piece += ';';
      piece += e.properties;
    }
    std::size_t added = piece.size() + (out_.empty() ? 0 : 1);
    if (members_ >= max_members_ || out_.size() + added > max_bytes_) {
      seen_.erase(e.key);  // a later duplicate that is smaller must not be blocked by this one
      return;
    }
    if (!out_.empty()) out_ += ',';
    out_ += piece;
    ++members_;
  }

  const std::string& str() const { return out_; }
  std::size_t members() const { return members_; }

 private:
  std::size_t max_bytes_;
  std::size_t max_members_;
  std::size_t members_ = 0;
  std::string out_;
  std::set<std::string> seen_;  // ordered: no hashing code in the Wasm core
};

}  // namespace

bool is_valid_trace_id(std::string_view id) { return is_hex_id(id, 32); }
bool is_valid_span_id(std::string_view id) { return is_hex_id(id, 16); }

std::optional<SentryTrace> parse_sentry_trace(std::string_view header) {
  std::string_view s = trim_ows(header);
  // TRACE(32) '-' SPAN(16) [ '-' FLAG(1) ]: the two lengths leave no room for ambiguity.
  if (s.size() != 49 && s.size() != 51) return std::nullopt;
  if (s[32] != '-') return std::nullopt;
  std::string_view trace = s.substr(0, 32);
  std::string_view span = s.substr(33, 16);
  if (!is_valid_trace_id(trace) || !is_valid_span_id(span)) return std::nullopt;
  SentryTrace out;
  if (s.size() == 51) {
    if (s[49] != '-') return std::nullopt;
    if (s[50] == '1') {
      out.sampled = true;
    } else if (s[50] == '0') {
      out.sampled = false;
    } else {
      return std::nullopt;
    }
  }
  out.trace_id = lowercase(trace);
  out.span_id = lowercase(span);
  return out;
}

std::string format_sentry_trace(std::string_view trace_id, std::string_view span_id,
                                std::optional<bool> sampled) {
  std::string out;
  out.reserve(trace_id.size() + span_id.size() + 3);
  out += trace_id;
  out += '-';
  out += span_id;
  if (sampled) out += *sampled ? "-1" : "-0";
  return out;
}

bool is_sentry_baggage_key(std::string_view key) {
  return key.size() >= kSentryBaggagePrefix.size() &&
         key.substr(0, kSentryBaggagePrefix.size()) == kSentryBaggagePrefix;
}

std::string baggage_encode(std::string_view value) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (unsigned char c : value) {
    if (is_unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::optional<std::string> baggage_decode(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '%') {
      out += value[i];
      continue;
    }
    if (i + 2 >= value.size()) return std::nullopt;
    int hi = hex_digit(value[i + 1]);
    int lo = hex_digit(value[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

BaggageParse parse_baggage(std::string_view header) {
  BaggageParse result;
  std::size_t pos = 0;
  while (pos <= header.size()) {
    std::size_t comma = header.find(',', pos);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view member = trim_ows(header.substr(pos, comma - pos));
    pos = comma + 1;
    if (member.empty()) continue;

    std::string_view kv = member;
    std::string_view props;
    std::size_t semi = member.find(';');
    if (semi != std::string_view::npos) {
      kv = member.substr(0, semi);
      props = trim_ows(member.substr(semi + 1));
    }
    std::size_t eq = kv.find('=');
    if (eq == std::string_view::npos) {
      ++result.skipped;
      continue;
    }
    std::string_view key = trim_ows(kv.substr(0, eq));
    auto value = baggage_decode(trim_ows(kv.substr(eq + 1)));
    if (!is_token(key) || !value) {
      ++result.skipped;
      continue;
    }
    const bool sentry = is_sentry_baggage_key(key);
    // Sentry members get their own allowance on top of the limit, so a peer's long third-party
    // list cannot push the sampling context out, and a hostile header still stays bounded.
    if (result.entries.size() >= (sentry ? 2 * kBaggageMaxMembers : kBaggageMaxMembers)) {
      result.truncated = true;
      continue;
    }
    result.entries.push_back(
        BaggageEntry{std::string(key), sanitize_utf8(*value), std::string(props)});
  }
  return result;
}

std::string format_baggage(const std::vector<BaggageEntry>& entries) {
  MemberWriter writer(kBaggageMaxBytes, kBaggageMaxMembers);
  for (const auto& e : entries) writer.add(e);
  return writer.str();
}

std::string merge_baggage(std::string_view existing,
                          const std::vector<BaggageEntry>& sentry_entries) {
  MemberWriter ours(kBaggageMaxBytes, kBaggageMaxMembers);
  for (const auto& e : sentry_entries) ours.add(e);
  const std::size_t used_bytes = ours.str().size() + (ours.members() ? 1 : 0);
  MemberWriter theirs(kBaggageMaxBytes - used_bytes, kBaggageMaxMembers - ours.members());
  for (const auto& e : parse_baggage(existing).entries) {
    // Every incoming sentry- member is replaced, including ones we do not write ourselves: a
    // stale sampling context from elsewhere must not mix with ours.
    if (!is_sentry_baggage_key(e.key)) theirs.add(e);
  }
  std::string out = theirs.str();
  if (!out.empty() && !ours.str().empty()) out += ',';
  out += ours.str();
  return out;
}

}  // namespace vigil
