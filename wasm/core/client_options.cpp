#include "core/client_options.h"

#include <cmath>

#include "core/sampler.h"

namespace vigil {

namespace {

void read_string(const Value& o, std::string_view key, std::string& out) {
  if (const Value* v = o.find(key); v && v->is_string()) out = v->as_string();
}

void read_size(const Value& o, std::string_view key, std::size_t& out) {
  if (const Value* v = o.find(key); v && v->is_number()) {
    double d = v->as_double();
    if (std::isfinite(d) && d >= 0) out = d > 1e9 ? static_cast<std::size_t>(1e9) : static_cast<std::size_t>(d);
  }
}

void read_bool(const Value& o, std::string_view key, bool& out) {
  if (const Value* v = o.find(key); v && v->is_bool()) out = v->as_bool();
}

void read_strings(const Value& o, std::string_view key, std::vector<std::string>& out) {
  const Value* v = o.find(key);
  if (!v || !v->is_array()) return;
  out.clear();
  for (const Value& item : v->as_array())
    if (item.is_string()) out.push_back(item.as_string());
}

}  // namespace

ClientOptionsResult parse_client_options(const Value& o) {
  ClientOptionsResult result;
  ClientOptions& opt = result.options;

  read_string(o, "dsn", opt.dsn_text);
  if (!opt.dsn_text.empty()) {
    DsnResult dsn = parse_dsn(opt.dsn_text);
    opt.dsn_ok = dsn.ok;
    if (dsn.ok) opt.dsn = dsn.dsn;
    else result.warnings.push_back(dsn.error + "; events will not be sent");
  }
  read_string(o, "release", opt.release);
  read_string(o, "environment", opt.environment);
  read_string(o, "dist", opt.dist);
  read_string(o, "serverName", opt.server_name);

  if (const Value* v = o.find("sampleRate"); v && v->is_number()) {
    opt.sample_rate = v->as_double();
    if (!is_valid_sample_rate(opt.sample_rate))
      result.warnings.push_back("sampleRate must be a number between 0 and 1; no error will be sent");
  }
  if (const Value* v = o.find("tracesSampleRate"); v && v->is_number()) {
    opt.traces_sample_rate = v->as_double();
    if (!is_valid_sample_rate(*opt.traces_sample_rate))
      result.warnings.push_back("tracesSampleRate must be a number between 0 and 1; no transaction will be sent");
  }
  read_size(o, "maxBreadcrumbs", opt.max_breadcrumbs);
  if (opt.max_breadcrumbs > 100) opt.max_breadcrumbs = 100;  // Sentry's hard cap
  read_size(o, "normalizeDepth", opt.normalize.depth);
  read_size(o, "normalizeMaxBreadth", opt.normalize.max_breadth);
  read_size(o, "maxValueLength", opt.max_value_length);
  read_size(o, "maxEventBytes", opt.max_event_bytes);
  read_bool(o, "sendDefaultPii", opt.send_default_pii);
  read_bool(o, "attachStacktrace", opt.attach_stacktrace);
  read_bool(o, "dedupe", opt.dedupe);
  read_strings(o, "ignoreErrors", opt.ignore_errors);
  read_strings(o, "denyUrls", opt.deny_urls);
  read_strings(o, "allowUrls", opt.allow_urls);
  read_strings(o, "inAppInclude", opt.stack.in_app_include);
  read_strings(o, "inAppExclude", opt.stack.in_app_exclude);
  read_string(o, "tunnel", opt.transport.tunnel);
  read_bool(o, "sendClientReports", opt.transport.send_client_reports);
  read_string(o, "sdkName", opt.sdk_name);
  read_string(o, "sdkVersion", opt.sdk_version);
  read_strings(o, "integrationNames", opt.integrations);
  read_strings(o, "packages", opt.packages);
  return result;
}

}  // namespace vigil
