#include "core/envelope.h"

#include <utility>

#include "core/number.h"
#include "core/timefmt.h"

namespace vigil {
namespace {

void write_item_header(const EnvelopeItem& item, std::string& out) {
  // A copy keeps serialize() const and costs little: item headers hold a handful of keys.
  Value h = item.headers.is_object() ? item.headers : Value::object();
  h["length"] = Value(static_cast<std::uint64_t>(item.payload.size()));
  write_json(h, out);
}

EnvelopeParseResult parse_error(std::string message, std::size_t offset) {
  EnvelopeParseResult r;
  r.error = std::move(message) + " (at byte " + format_int(offset) + ")";
  return r;
}

bool only_newlines(std::string_view s) {
  for (char c : s) {
    if (c != '\n' && c != '\r') return false;
  }
  return true;
}

std::uint64_t count_spans(const EnvelopeItem& item) {
  if (item.span_count != 0) return item.span_count;
  ParseResult r = parse_json(item.payload);
  return 1 + (r.ok ? r.value.get("spans").as_array().size() : 0);
}

}  // namespace

std::string_view EnvelopeItem::type() const {
  const Value* t = headers.find("type");
  return t ? std::string_view(t->as_string()) : std::string_view();
}

std::string Envelope::serialize() const {
  std::size_t total = 128;
  for (const auto& item : items) total += item.payload.size() + 64;
  std::string out;
  out.reserve(total);
  write_json(headers.is_object() ? headers : Value::object(), out);
  for (const auto& item : items) {
    out += '\n';
    write_item_header(item, out);
    out += '\n';
    out += item.payload;
  }
  return out;
}

Envelope make_envelope(Value headers) {
  Envelope e;
  e.headers = headers.is_object() ? std::move(headers) : Value::object();
  return e;
}

EnvelopeItem make_json_item(std::string_view type, const Value& payload) {
  EnvelopeItem item;
  item.headers["type"] = type;
  item.payload = to_json(payload);
  if (type == "transaction") item.span_count = 1 + payload.get("spans").as_array().size();
  return item;
}

EnvelopeItem make_raw_item(std::string_view type, std::string payload,
                           std::string_view content_type, std::string_view filename) {
  EnvelopeItem item;
  item.headers["type"] = type;
  if (!content_type.empty()) item.headers["content_type"] = content_type;
  if (!filename.empty()) item.headers["filename"] = filename;
  item.payload = std::move(payload);
  return item;
}

void set_event_id(Value& headers, std::string_view event_id) { headers["event_id"] = event_id; }
void set_sent_at(Value& headers, double unix_seconds) {
  headers["sent_at"] = format_rfc3339(unix_seconds);
}
void set_dsn(Value& headers, std::string_view dsn) { headers["dsn"] = dsn; }
void set_sdk(Value& headers, std::string_view name, std::string_view version) {
  Value sdk = Value::object();
  sdk["name"] = name;
  sdk["version"] = version;
  headers["sdk"] = std::move(sdk);
}
void set_trace(Value& headers, Value dynamic_sampling_context) {
  headers["trace"] = std::move(dynamic_sampling_context);
}

EnvelopeParseResult parse_envelope(std::string_view text) {
  if (text.empty()) return parse_error("empty envelope", 0);
  std::size_t nl = text.find('\n');
  std::string_view header_line = text.substr(0, nl);
  ParseResult header = parse_json(header_line);
  if (!header.ok) return parse_error("envelope header is not valid JSON: " + header.error, 0);
  if (!header.value.is_object()) return parse_error("envelope header is not a JSON object", 0);

  EnvelopeParseResult result;
  result.envelope.headers = std::move(header.value);
  std::size_t pos = nl == std::string_view::npos ? text.size() : nl + 1;
  std::size_t index = 0;
  while (pos < text.size() && !only_newlines(text.substr(pos))) {
    ++index;
    std::string item_name = "item " + format_int(index);
    std::size_t line_end = text.find('\n', pos);
    std::string_view line = text.substr(pos, line_end == std::string_view::npos ? line_end : line_end - pos);
    if (line.empty()) return parse_error(item_name + ": empty item header", pos);
    ParseResult ih = parse_json(line);
    if (!ih.ok) return parse_error(item_name + ": header is not valid JSON: " + ih.error, pos);
    if (!ih.value.is_object()) return parse_error(item_name + ": header is not a JSON object", pos);
    const Value* type = ih.value.find("type");
    if (!type || !type->is_string() || type->as_string().empty()) {
      return parse_error(item_name + ": header has no \"type\"", pos);
    }
    std::size_t payload_start = line_end == std::string_view::npos ? text.size() : line_end + 1;
    EnvelopeItem item;
    if (const Value* len = ih.value.find("length")) {
      if (!len->is_int() || len->as_int() < 0) {
        return parse_error(item_name + ": \"length\" is not a non-negative integer", pos);
      }
      auto length = static_cast<std::uint64_t>(len->as_int());
      std::size_t left = text.size() - payload_start;
      if (length > left) {
        return parse_error(item_name + ": length " + format_int(length) +
                               " runs past the end of the envelope (" + format_int(left) +
                               " bytes left)",
                           payload_start);
      }
      if (length > 0 && line_end == std::string_view::npos) {
        return parse_error(item_name + ": header line has no newline before its payload", pos);
      }
      item.payload = std::string(text.substr(payload_start, static_cast<std::size_t>(length)));
      pos = payload_start + static_cast<std::size_t>(length);
      if (pos < text.size()) {
        if (text[pos] != '\n') {
          return parse_error(item_name + ": expected a newline after its " +
                                 format_int(length) + "-byte payload",
                             pos);
        }
        ++pos;
      }
      ih.value.erase("length");
    } else {
      std::size_t payload_end = text.find('\n', payload_start);
      if (payload_end == std::string_view::npos) payload_end = text.size();
      item.payload = std::string(text.substr(payload_start, payload_end - payload_start));
      pos = payload_end == text.size() ? payload_end : payload_end + 1;
    }
    item.headers = std::move(ih.value);
    result.envelope.items.push_back(std::move(item));
  }
  result.ok = true;
  return result;
}

std::vector<CategoryCount> item_counts(const EnvelopeItem& item) {
  std::string_view type = item.type();
  DataCategory category = category_for_item_type(type);
  if (category == DataCategory::attachment) return {{category, item.payload.size()}};
  if (type == "transaction") {
    return {{DataCategory::transaction, 1}, {DataCategory::span, count_spans(item)}};
  }
  return {{category, 1}};
}

}  // namespace vigil
