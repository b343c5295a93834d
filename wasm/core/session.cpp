#include "core/session.h"

#include <cmath>
#include <utility>

#include "core/number.h"
#include "core/timefmt.h"

namespace vigil {

namespace {

bool valid_time(double t) { return std::isfinite(t) && t >= 0; }

// The browser SDK's `user.id || user.email || user.username`: JavaScript-falsy values (empty
// strings, 0, NaN) fall through to the next field, and only strings and numbers make an id.
std::string distinct_id_from(const Value& user) {
  for (const char* key : {"id", "email", "username"}) {
    const Value& v = user.get(key);
    if (v.is_string() && !v.as_string().empty()) return v.as_string();
    if (v.is_int() && v.as_int() != 0) return format_int(v.as_int());
    if (v.is_number() && !v.is_int()) {
      double d = v.as_double();
      if (d != 0 && !std::isnan(d)) {
        if (auto s = tag_value_string(v)) return *s;
      }
    }
  }
  return {};
}

}  // namespace

const char* session_status_to_string(SessionStatus status) {
  switch (status) {
    case SessionStatus::ok: return "ok";
    case SessionStatus::exited: return "exited";
    case SessionStatus::crashed: return "crashed";
    case SessionStatus::abnormal: return "abnormal";
  }
  return "ok";
}

SessionImpact session_impact(const Event& event) {
  SessionImpact impact;
  if (!event.type.empty() || event.exceptions.empty()) return impact;
  impact.is_error = true;
  for (const ExceptionValue& ex : event.exceptions) {
    if (ex.mechanism.handled.has_value() && !*ex.mechanism.handled) {
      impact.handled = false;
      break;
    }
  }
  return impact;
}

bool Session::start(Random& random, double now, std::string release, std::string environment,
                    std::string user_agent, std::string did) {
  bool ignore_duration = ignore_duration_;  // a setting, not session state
  *this = Session();
  ignore_duration_ = ignore_duration;
  if (release.empty() || !valid_time(now)) return false;
  started_ = true;
  dirty_ = true;
  sid_ = uuid4_hex(random);
  started_at_ = now;
  last_time_ = now;
  release_ = std::move(release);
  environment_ = std::move(environment);
  user_agent_ = std::move(user_agent);
  did_ = std::move(did);
  return true;
}

void Session::on_event(bool is_error, bool handled, double now) {
  if (!accepting() || !is_error) return;
  if (valid_time(now) && now > last_time_) last_time_ = now;
  ++errors_;
  if (!handled) {
    status_ = SessionStatus::crashed;
    dirty_ = true;
  } else if (errors_ == 1) {
    // Sentry only needs errors > 0 to count the session as errored; later counts can wait.
    dirty_ = true;
  }
}

void Session::on_event(const Event& event, double now) {
  SessionImpact impact = session_impact(event);
  on_event(impact.is_error, impact.handled, now);
}

void Session::close(SessionStatus status_if_ok, double now) {
  if (!started_ || ended_) return;
  if (valid_time(now) && now > last_time_) last_time_ = now;
  if (status_ == SessionStatus::ok) status_ = status_if_ok;
  ended_ = true;
  dirty_ = true;
}

void Session::end(double now) { close(SessionStatus::exited, now); }
void Session::end_abnormal(double now) { close(SessionStatus::abnormal, now); }

void Session::set_user(const Value& user) {
  if (!started_ || ended_ || !user.is_object()) return;
  if (did_.empty()) {
    std::string did = distinct_id_from(user);
    if (!did.empty()) {
      did_ = std::move(did);
      dirty_ = true;
    }
  }
  const Value& ip = user.get("ip_address");
  if (!init_sent_ && ip_address_.empty() && ip.is_string() && !ip.as_string().empty()) {
    ip_address_ = ip.as_string();
    dirty_ = true;
  }
}

Value Session::take_update(double now) {
  if (!started_) return Value();
  if (!ended_ && valid_time(now) && now > last_time_) last_time_ = now;
  double timestamp = last_time_;

  Value payload = Value::object();
  payload["sid"] = sid_;
  payload["init"] = !init_sent_;
  payload["started"] = format_rfc3339(started_at_);
  payload["timestamp"] = format_rfc3339(timestamp);
  payload["status"] = session_status_to_string(status_);
  payload["errors"] = errors_;
  if (!did_.empty()) payload["did"] = did_;
  if (!ignore_duration_) payload["duration"] = std::round((timestamp - started_at_) * 1000) / 1000;
  Value attrs = Value::object();
  attrs["release"] = release_;
  if (!environment_.empty()) attrs["environment"] = environment_;
  if (!ip_address_.empty()) attrs["ip_address"] = ip_address_;
  if (!user_agent_.empty()) attrs["user_agent"] = user_agent_;
  payload["attrs"] = std::move(attrs);

  init_sent_ = true;
  dirty_ = false;
  return payload;
}

EnvelopeItem make_session_item(const Value& payload) { return make_json_item("session", payload); }

}  // namespace vigil
