#pragma once
// Release-health sessions, as the Sentry browser SDK keeps them: one session per page load (and
// per navigation, when the host starts a new one), sent as `session` envelope items.
//
// The server side is append-only and pre-aggregated per hour, so the client owns the whole state
// and every update carries all of it. This class is only that state machine: it reads no clock
// and does no I/O; the host passes times (Unix seconds) and a Random for the id, and asks for an
// update whenever dirty() says one is worth sending.
//
// Status transitions (anything not listed is ignored):
//   (none)  --start-->          ok
//   ok      --unhandled error-> crashed   (terminal for events)
//   ok      --end-->            exited
//   ok      --end_abnormal-->   abnormal
//   crashed --end-->            crashed   (only the end time moves)
// "errored" is not a status the browser SDK sends: Sentry shows an ok/exited session with
// errors > 0 as errored.
//
// Browser semantics, on purpose: an unhandled error (window.onerror, unhandledrejection) marks
// the session "crashed" although the page keeps running, because that is what Sentry's
// crash-free rate means for the web. After a crash or an end, further events change nothing.
#include <cstdint>
#include <string>

#include "core/envelope.h"
#include "core/event.h"
#include "core/json.h"
#include "core/random.h"

namespace vigil {

enum class SessionStatus { ok, exited, crashed, abnormal };

const char* session_status_to_string(SessionStatus status);

// How an event bears on the session, as the browser SDK decides it: an event with exceptions is
// an error; it is unhandled when any exception's mechanism says handled:false. Messages and
// typed events (transactions, feedback, ...) are not errors.
struct SessionImpact {
  bool is_error = false;
  bool handled = true;
};
SessionImpact session_impact(const Event& event);

class Session {
 public:
  // Begins a new session, replacing whatever this object held (take the old one's final update
  // first). Returns false and leaves no session when release is empty (Relay discards sessions
  // without a release, so the browser SDK never sends them) or now is not a finite, non-negative
  // time. did may be empty; set_user can fill it later.
  bool start(Random& random, double now, std::string release, std::string environment,
             std::string user_agent, std::string did);

  // Feeds a captured event. Error events count in `errors`; the first error and a crash make
  // the session dirty, later handled errors only ride along in the next update so a burst of
  // errors does not become a burst of session envelopes. Ignored unless the session is ok.
  void on_event(bool is_error, bool handled, double now);
  void on_event(const Event& event, double now);

  // Closes the session: ok becomes exited, crashed stays crashed with its end time recorded.
  // A second end, or an end with no session, is ignored.
  void end(double now);
  // Closes an ok session as abnormal (the page was killed without a clean exit, as the host
  // learns on the next load). Same rules as end() otherwise.
  void end_abnormal(double now);

  // Takes the distinct id from the user's id, else email, else username (non-empty strings or
  // non-zero numbers), as the browser SDK does, and only when no did is set yet; ip_address
  // fills attrs.ip_address only before the first update is sent, since Sentry forbids changing
  // attributes afterwards. Ignored for a closed or absent session, and for non-objects.
  void set_user(const Value& user);

  bool started() const { return started_; }
  bool ended() const { return ended_; }
  bool dirty() const { return started_ && dirty_; }
  SessionStatus status() const { return status_; }
  std::uint64_t errors() const { return errors_; }
  const std::string& sid() const { return sid_; }
  const std::string& did() const { return did_; }

  // When true, updates omit "duration" (the browser SDK's page sessions do, since a page that is
  // never explicitly ended has no meaningful duration). Default false.
  void set_ignore_duration(bool ignore) { ignore_duration_ = ignore; }

  // The session payload for a `session` item, and clears dirty. "init" is true only in the
  // first update taken. "timestamp" is the end time once ended, else `now` (never before
  // "started"); "duration" is the seconds between them, to the millisecond. A non-finite or
  // backwards `now` (here and in every other call) counts as the latest valid time seen, so
  // times never run backwards. Null when no session was started.
  //   {"sid","init","started","timestamp","status","errors","did","duration",
  //    "attrs":{"release","environment","ip_address","user_agent"}}
  Value take_update(double now);

 private:
  void close(SessionStatus status_if_ok, double now);
  bool accepting() const { return started_ && !ended_ && status_ == SessionStatus::ok; }

  bool started_ = false;
  bool ended_ = false;
  bool dirty_ = false;
  bool init_sent_ = false;
  bool ignore_duration_ = false;
  SessionStatus status_ = SessionStatus::ok;
  std::uint64_t errors_ = 0;
  double started_at_ = 0;
  double last_time_ = 0;  // latest valid time seen; the end time once ended
  std::string sid_;
  std::string did_;
  std::string release_;
  std::string environment_;
  std::string user_agent_;
  std::string ip_address_;
};

// A `session` envelope item holding one take_update() payload.
EnvelopeItem make_session_item(const Value& payload);

}  // namespace vigil
