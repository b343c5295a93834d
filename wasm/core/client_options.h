#pragma once
// The SDK's init() options, as the core reads them. Each runtime passes the user's options
// object as JSON (callbacks such as beforeSend stay in JavaScript); names are Sentry's, so a
// configuration written for @sentry/browser means the same here.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dsn.h"
#include "core/json.h"
#include "core/normalize.h"
#include "core/size_limit.h"
#include "core/stack_parser.h"
#include "core/transport_state.h"

namespace vigil {

struct ClientOptions {
  std::string dsn_text;  // as given; empty disables sending (events are still built)
  Dsn dsn;
  bool dsn_ok = false;
  std::string release;
  std::string environment = "production";
  std::string dist;
  std::string server_name;
  double sample_rate = 1.0;                 // sampleRate: errors only
  // tracesSampleRate; nullopt leaves tracing off unless the host's tracesSampler decides.
  std::optional<double> traces_sample_rate;
  std::size_t max_breadcrumbs = 100;        // maxBreadcrumbs
  NormalizeOptions normalize;               // normalizeDepth, normalizeMaxBreadth
  std::size_t max_value_length = 8192;      // maxValueLength: exception values and messages
  std::size_t max_event_bytes = kMaxEventBytes;
  bool send_default_pii = false;            // sendDefaultPii
  bool attach_stacktrace = false;           // attachStacktrace
  bool dedupe = true;                       // the Dedupe integration: drop an error repeated at once
  // Inbound filters (ignoreErrors, denyUrls, allowUrls) given as plain strings match as
  // substrings, as Sentry's do; RegExp entries are tested by the host before capture.
  std::vector<std::string> ignore_errors;
  std::vector<std::string> deny_urls;
  std::vector<std::string> allow_urls;
  StackParseOptions stack;                  // inAppInclude, inAppExclude
  TransportOptions transport;               // tunnel, sendClientReports, ...
  std::string sdk_name = VIGIL_SDK_NAME;
  std::string sdk_version = VIGIL_VERSION;
  std::vector<std::string> integrations;    // names, reported in sdk.integrations
  std::vector<std::string> packages;        // "npm:vigil-sdk" style, reported in sdk.packages
};

struct ClientOptionsResult {
  ClientOptions options;
  // Problems worth one log line each (a bad DSN, an invalid sample rate); none stop the SDK
  // from working as far as it can.
  std::vector<std::string> warnings;
};

// Reads an options object; unknown keys are ignored and wrong types fall back to defaults.
ClientOptionsResult parse_client_options(const Value& options);

// The same from the options' JSON text (what runtimes pass); invalid JSON gives the defaults.
// The flat object JSON.stringify makes of the options is read without the JSON parser.
ClientOptionsResult client_options_from_json(std::string_view json);

}  // namespace vigil
