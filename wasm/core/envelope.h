#pragma once
// Sentry envelopes: the one body format every item type travels in.
//   {envelope header JSON}\n
//   {item header JSON, with "type" and "length"}\n
//   payload bytes\n
//   ...next item...
// The writer always gives each item an exact byte length, so payloads may hold newlines and
// binary (replay recordings, attachments); the reader also accepts items without one, whose
// payload then runs to the next newline.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/data_category.h"
#include "core/json.h"

namespace vigil {

struct EnvelopeItem {
  Value headers;        // item header object; "length" is managed by serialize/parse
  std::string payload;  // raw bytes, written as-is
  // Spans in a transaction payload counting the transaction itself; 0 = not counted. Set by
  // make_json_item so client reports for a lost transaction need not re-parse its payload. It is
  // bookkeeping only and never serialized.
  std::uint64_t span_count = 0;

  // The header's "type", or empty when missing. Valid while headers is unchanged.
  std::string_view type() const;
};

struct Envelope {
  Value headers;  // envelope header object
  std::vector<EnvelopeItem> items;

  std::string serialize() const;
};

Envelope make_envelope(Value headers = Value::object());
// A JSON payload item: event, transaction, session, sessions, client_report, replay_event, ...
EnvelopeItem make_json_item(std::string_view type, const Value& payload);
// A payload taken as raw bytes: attachment, replay_recording. content_type and filename go in
// the item header when given.
EnvelopeItem make_raw_item(std::string_view type, std::string payload,
                           std::string_view content_type = {}, std::string_view filename = {});

// Envelope header fields. Each replaces any previous value.
void set_event_id(Value& headers, std::string_view event_id);        // 32 hex chars
void set_sent_at(Value& headers, double unix_seconds);               // RFC 3339 with ms
void set_dsn(Value& headers, std::string_view dsn);                  // needed with a tunnel
void set_sdk(Value& headers, std::string_view name, std::string_view version);
void set_trace(Value& headers, Value dynamic_sampling_context);      // {trace_id, public_key, ...}

struct EnvelopeParseResult {
  bool ok = false;
  Envelope envelope;
  std::string error;  // names the item (1-based) and byte offset when !ok
};

// Parses an envelope. Item headers lose their "length" (serialize writes it afresh), so
// parse(serialize(e)) equals e. Errors: bad or non-object header JSON, an item without a string
// "type", a "length" that is not a non-negative integer or runs past the end, and missing
// newlines after a sized payload. A missing final newline is fine, and so are newlines only at
// the end.
EnvelopeParseResult parse_envelope(std::string_view text);

// What losing this item would cost, for client reports: one of its category, except
// attachments (counted in bytes) and transactions (one transaction plus span_count spans,
// counting the payload's spans when span_count is 0).
std::vector<CategoryCount> item_counts(const EnvelopeItem& item);

}  // namespace vigil
