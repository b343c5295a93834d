#include "core/dsn.h"

#include "core/number.h"

namespace vigil {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
// Whitespace, controls and DEL cannot appear in a URL unencoded; a DSN holding one was mangled.
bool is_bad_url_char(char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Quotes user input in errors without letting control bytes into logs.
std::string quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s.substr(0, 64)) out += is_bad_url_char(c) && c != ' ' ? '?' : c;
  if (s.size() > 64) out += "...";
  return out + "'";
}

// The message is built here, out of line, rather than at each return: parse_dsn runs at every
// cold start, and a Wasm function is compiled whole (error paths included) when it first runs.
[[gnu::noinline]] DsnResult fail(const char* message) {
  DsnResult r;
  r.error = std::string("invalid DSN: ") + message;
  return r;
}

// The same with the offending part of the input, quoted.
[[gnu::noinline]] DsnResult fail(const char* head, std::string_view input, const char* tail = "") {
  DsnResult r = fail(head);
  r.error += quoted(input);
  r.error += tail;
  return r;
}

bool valid_ipv6_body(std::string_view s) {
  if (s.empty() || s.find(':') == std::string_view::npos) return false;
  for (char c : s) {
    if (!(is_hex(c) || c == ':' || c == '.')) return false;
  }
  return true;
}

}  // namespace

std::string url_encode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (is_alnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Dsn::to_string(bool with_secret) const {
  std::string out = scheme + "://" + public_key;
  if (with_secret && !secret_key.empty()) out += ":" + secret_key;
  out += "@" + host;
  if (port != 0) out += ":" + format_int(port);
  return out + path + "/" + project_id;
}

std::string Dsn::envelope_url(std::string_view sdk_name, std::string_view sdk_version) const {
  std::string out = scheme + "://" + host;
  if (port != 0) out += ":" + format_int(port);
  std::string client(sdk_name);
  client += '/';
  client += sdk_version;
  out += path + "/api/" + project_id + "/envelope/?sentry_version=7&sentry_key=" +
         url_encode(public_key) + "&sentry_client=" + url_encode(client);
  return out;
}

std::string request_url(const Dsn& dsn, std::string_view tunnel, std::string_view sdk_name,
                        std::string_view sdk_version) {
  if (!tunnel.empty()) return std::string(tunnel);
  return dsn.envelope_url(sdk_name, sdk_version);
}

DsnResult parse_dsn(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.empty()) return fail("empty string");

  std::size_t sep = text.find("://");
  if (sep == std::string_view::npos) {
    return fail("missing scheme (expected https://KEY@HOST/PROJECT_ID)");
  }
  Dsn dsn;
  dsn.scheme = lower(text.substr(0, sep));
  if (dsn.scheme != "http" && dsn.scheme != "https") {
    return fail("unsupported scheme ", text.substr(0, sep), " (only http and https)");
  }
  std::string_view rest = text.substr(sep + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return fail("unexpected query string or fragment");
  }
  for (char c : rest) {
    if (is_bad_url_char(c)) return fail("whitespace or control character inside");
  }

  std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);

  std::size_t at = authority.find('@');
  if (at == std::string_view::npos) return fail("missing public key (expected KEY@ before the host)");
  std::string_view userinfo = authority.substr(0, at);
  std::string_view hostport = authority.substr(at + 1);
  std::size_t colon = userinfo.find(':');
  std::string_view public_key = userinfo.substr(0, colon);
  if (public_key.empty()) return fail("missing public key (expected KEY@ before the host)");
  dsn.public_key = std::string(public_key);
  if (colon != std::string_view::npos) dsn.secret_key = std::string(userinfo.substr(colon + 1));

  std::string_view host;
  std::string_view port;
  bool has_port = false;
  if (!hostport.empty() && hostport.front() == '[') {
    std::size_t close = hostport.find(']');
    if (close == std::string_view::npos) return fail("unterminated IPv6 address in host");
    if (!valid_ipv6_body(hostport.substr(1, close - 1))) {
      return fail("invalid IPv6 address ", hostport.substr(0, close + 1));
    }
    host = hostport.substr(0, close + 1);
    std::string_view after = hostport.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail("unexpected text after IPv6 address");
      port = after.substr(1);
      has_port = true;
    }
  } else {
    std::size_t pc = hostport.rfind(':');
    host = hostport.substr(0, pc);
    if (pc != std::string_view::npos) {
      port = hostport.substr(pc + 1);
      has_port = true;
    }
    for (char c : host) {
      if (!(is_alnum(c) || c == '-' || c == '.' || c == '_')) {
        return fail("invalid character ", std::string_view(&c, 1), " in host");
      }
    }
  }
  if (host.empty()) return fail("empty host");
  dsn.host = std::string(host);

  if (has_port) {
    if (port.empty() || port.size() > 5) return fail("invalid port ", port);
    unsigned value = 0;
    for (char c : port) {
      if (!is_digit(c)) return fail("invalid port ", port);
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) return fail("port out of range ", port);
    dsn.port = static_cast<std::uint16_t>(value);
  }

  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  std::size_t last = path.rfind('/');
  std::string_view project = last == std::string_view::npos ? path : path.substr(last + 1);
  if (project.empty()) return fail("missing project id (expected /PROJECT_ID after the host)");
  for (char c : project) {
    if (!is_digit(c)) return fail("invalid project id ", project, " (expected digits)");
  }
  dsn.project_id = std::string(project);
  std::string_view prefix = path.substr(0, last);
  while (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);
  dsn.path = std::string(prefix);

  DsnResult r;
  r.ok = true;
  r.dsn = std::move(dsn);
  return r;
}

}  // namespace vigil
