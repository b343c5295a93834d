#pragma once
// The DSN names where events go and which project key authenticates them:
//   SCHEME://PUBLIC_KEY[:SECRET_KEY]@HOST[:PORT][/PATH]/PROJECT_ID
// Parsing never throws; a bad DSN comes back as an error string the SDK can log once and then
// stay disabled, which is what users expect from a typo in configuration.
#include <cstdint>
#include <string>
#include <string_view>

namespace vigil {

struct Dsn {
  std::string scheme;      // "http" or "https", lowercased
  std::string public_key;  // sent as sentry_key
  std::string secret_key;  // legacy; empty for modern DSNs and never sent by this SDK
  std::string host;        // as it goes in a URL: IPv6 literals keep their brackets ("[::1]")
  std::uint16_t port = 0;  // 0 = the scheme's default port
  std::string path;        // prefix before the project id: "" or "/sentry" (no trailing slash)
  std::string project_id;  // decimal digits

  // The DSN written back. The secret key is left out unless asked for: the string goes into
  // envelope headers, which must not carry it.
  std::string to_string(bool with_secret = false) const;
  // SCHEME://HOST[:PORT]PATH/api/PROJECT/envelope/?sentry_version=7&sentry_key=KEY
  //   &sentry_client=NAME%2FVERSION
  // Authentication rides in the query string rather than an X-Sentry-Auth header so that a
  // browser sends the POST as a "simple" request with no CORS preflight.
  std::string envelope_url(std::string_view sdk_name, std::string_view sdk_version) const;
};

struct DsnResult {
  bool ok = false;
  Dsn dsn;
  std::string error;  // "invalid DSN: <what is wrong>" when !ok
};

// Accepts surrounding whitespace (configuration often has it); rejects everything else that is
// not a well-formed DSN: other schemes, missing key, empty host, bad or zero port, a missing or
// non-numeric project id, and query strings or fragments (Sentry's DSNs never have one, so one
// is almost certainly a pasted URL rather than a DSN).
DsnResult parse_dsn(std::string_view text);

// The URL requests go to. With a tunnel (the SDK's `tunnel` option: a same-origin endpoint that
// forwards to Sentry, used to get past ad blockers) the URL is the tunnel verbatim and the
// envelope header must carry the DSN so the tunnel knows where to forward; the transport adds it.
// Without one it is dsn.envelope_url().
std::string request_url(const Dsn& dsn, std::string_view tunnel, std::string_view sdk_name,
                        std::string_view sdk_version);

// Percent-encodes everything but RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~).
std::string url_encode(std::string_view s);

}  // namespace vigil
