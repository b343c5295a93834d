#define BOOST_TEST_MODULE dsn
#include <boost/test/unit_test.hpp>

#include <string>

#include "core/dsn.h"

using namespace vigil;

namespace {
Dsn must_parse(std::string_view text) {
  DsnResult r = parse_dsn(text);
  BOOST_REQUIRE_MESSAGE(r.ok, std::string(text) + ": " + r.error);
  BOOST_TEST(r.error.empty());
  return r.dsn;
}
}  // namespace

BOOST_AUTO_TEST_CASE(parses_a_saas_dsn) {
  Dsn d = must_parse("https://abc123@o4501.ingest.sentry.io/4505");
  BOOST_TEST(d.scheme == "https");
  BOOST_TEST(d.public_key == "abc123");
  BOOST_TEST(d.secret_key == "");
  BOOST_TEST(d.host == "o4501.ingest.sentry.io");
  BOOST_TEST(d.port == 0);
  BOOST_TEST(d.path == "");
  BOOST_TEST(d.project_id == "4505");
  BOOST_TEST(d.envelope_url("sentry.javascript.vigil", "0.1.0") ==
             "https://o4501.ingest.sentry.io/api/4505/envelope/?sentry_version=7"
             "&sentry_key=abc123&sentry_client=sentry.javascript.vigil%2F0.1.0");
}

BOOST_AUTO_TEST_CASE(parses_secret_port_and_path_prefix) {
  Dsn d = must_parse("http://pub:sec@localhost:9000/sentry/sub/42");
  BOOST_TEST(d.scheme == "http");
  BOOST_TEST(d.public_key == "pub");
  BOOST_TEST(d.secret_key == "sec");
  BOOST_TEST(d.host == "localhost");
  BOOST_TEST(d.port == 9000);
  BOOST_TEST(d.path == "/sentry/sub");
  BOOST_TEST(d.project_id == "42");
  BOOST_TEST(d.envelope_url("n", "1") ==
             "http://localhost:9000/sentry/sub/api/42/envelope/?sentry_version=7&sentry_key=pub"
             "&sentry_client=n%2F1");
  // The secret stays out of the string that goes into envelope headers.
  BOOST_TEST(d.to_string() == "http://pub@localhost:9000/sentry/sub/42");
  BOOST_TEST(d.to_string(true) == "http://pub:sec@localhost:9000/sentry/sub/42");
}

BOOST_AUTO_TEST_CASE(accepts_ipv6_hosts_in_brackets) {
  Dsn d = must_parse("http://k@[::1]:8080/7");
  BOOST_TEST(d.host == "[::1]");
  BOOST_TEST(d.port == 8080);
  BOOST_TEST(d.envelope_url("a", "b").rfind("http://[::1]:8080/api/7/envelope/?", 0) == 0);
  Dsn e = must_parse("https://k@[2001:db8::8a2e:370:7334]/1");
  BOOST_TEST(e.host == "[2001:db8::8a2e:370:7334]");
  BOOST_TEST(e.port == 0);
  BOOST_TEST(e.to_string() == "https://k@[2001:db8::8a2e:370:7334]/1");
}

BOOST_AUTO_TEST_CASE(normalizes_scheme_whitespace_and_trailing_slash) {
  Dsn d = must_parse("  HTTPS://k@example.com/5/\n");
  BOOST_TEST(d.scheme == "https");
  BOOST_TEST(d.project_id == "5");
  BOOST_TEST(d.path == "");
  Dsn e = must_parse("https://k@example.com//5");
  BOOST_TEST(e.path == "");
  BOOST_TEST(e.project_id == "5");
}

BOOST_AUTO_TEST_CASE(to_string_round_trips) {
  for (const char* text : {"https://k@h.io/1", "http://k@h:1/p/q/22", "https://k@[::1]:443/9"}) {
    Dsn d = must_parse(text);
    BOOST_TEST(d.to_string() == text);
    Dsn again = must_parse(d.to_string());
    BOOST_TEST(again.envelope_url("x", "y") == d.envelope_url("x", "y"));
  }
}

BOOST_AUTO_TEST_CASE(url_encodes_query_components) {
  BOOST_TEST(url_encode("AZaz09-._~") == "AZaz09-._~");
  BOOST_TEST(url_encode("a b+/&=%\xC3\xA9") == "a%20b%2B%2F%26%3D%25%C3%A9");
  Dsn d = must_parse("https://k%2B1@h/1");  // a key is taken as written, then encoded
  BOOST_TEST(d.envelope_url("my sdk", "1.0&x").find("sentry_key=k%252B1&sentry_client=my%20sdk%2F1.0%26x") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(request_url_prefers_the_tunnel) {
  Dsn d = must_parse("https://k@h/1");
  BOOST_TEST(request_url(d, "", "n", "v") == d.envelope_url("n", "v"));
  BOOST_TEST(request_url(d, "/tunnel?x=1", "n", "v") == "/tunnel?x=1");
}

BOOST_AUTO_TEST_CASE(rejects_bad_dsns_with_clear_errors) {
  struct Case {
    const char* dsn;
    const char* error;
  };
  const Case cases[] = {
      {"", "empty string"},
      {"   ", "empty string"},
      {"abc", "missing scheme"},
      {"k@h/1", "missing scheme"},
      {"ftp://k@h/1", "unsupported scheme 'ftp'"},
      {"://k@h/1", "unsupported scheme"},
      {"https://h/1", "missing public key"},
      {"https://@h/1", "missing public key"},
      {"https://:secret@h/1", "missing public key"},
      {"https://k@/1", "empty host"},
      {"https://k@:80/1", "empty host"},
      {"https://k@h", "missing project id"},
      {"https://k@h/", "missing project id"},
      {"https://k@h/sentry/", "invalid project id 'sentry'"},
      {"https://k@h/abc", "invalid project id 'abc'"},
      {"https://k@h/1a", "invalid project id"},
      {"https://k@h/-1", "invalid project id"},
      {"https://k@h:abc/1", "invalid port 'abc'"},
      {"https://k@h:/1", "invalid port"},
      {"https://k@h:-1/1", "invalid port"},
      {"https://k@h:0/1", "port out of range"},
      {"https://k@h:70000/1", "port out of range"},
      {"https://k@h:123456/1", "invalid port"},
      {"https://k@[::1/1", "unterminated IPv6"},
      {"https://k@[]/1", "invalid IPv6"},
      {"https://k@[zz]/1", "invalid IPv6"},
      {"https://k@[::1]x/1", "unexpected text after IPv6"},
      {"https://k@h/1?x=1", "query string"},
      {"https://k@h/1#frag", "query string or fragment"},
      {"https://k@h o/1", "whitespace"},
      {"https://k@h/1\x01", "control character"},
      {"https://k@h!/1", "invalid character '!' in host"},
      {"https://k@a@b/1", "invalid character '@' in host"},
      {"https://k@::1/1", "invalid character ':' in host"},
  };
  for (const auto& c : cases) {
    DsnResult r = parse_dsn(c.dsn);
    BOOST_TEST(!r.ok, "accepted: " << c.dsn);
    BOOST_TEST(r.error.rfind("invalid DSN: ", 0) == 0, c.dsn << " -> " << r.error);
    BOOST_TEST(r.error.find(c.error) != std::string::npos,
               c.dsn << " -> '" << r.error << "' lacks '" << c.error << "'");
  }
}

BOOST_AUTO_TEST_CASE(errors_never_echo_control_bytes) {
  DsnResult r = parse_dsn("f\x07tp://k@h/1");
  BOOST_REQUIRE(!r.ok);
  BOOST_TEST(r.error.find('\x07') == std::string::npos);
  DsnResult longer = parse_dsn(std::string(500, 'x') + "://k@h/1");
  BOOST_REQUIRE(!longer.ok);
  BOOST_TEST(longer.error.size() < 200u);
}
