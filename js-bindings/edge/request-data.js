// What an event says about the request an invocation serves: Sentry's `request` interface
// (method, url, query_string, headers) plus, with sendDefaultPii, cookies and the client's
// address. Built only when an event is captured, so requests that raise nothing pay nothing.

// Headers that carry credentials or session state; removed unless sendDefaultPii.
const SECRET_HEADERS = new Set([
  'cookie', 'set-cookie', 'authorization', 'proxy-authorization', 'x-api-key', 'api-key',
  'x-auth-token', 'x-access-token', 'x-csrf-token', 'x-xsrf-token', 'cf-access-jwt-assertion',
  'cf-access-client-secret',
]);
// Parts of a header name that mark it as a secret whatever the vendor prefix (x-my-api-key,
// x-session-token...). Matched against the lowercase name.
const SECRET_PARTS = ['auth', 'token', 'secret', 'password', 'passwd', 'api-key', 'apikey',
  'session', 'cookie', 'csrf', 'xsrf', 'jwt', 'signature', 'credential', 'private-key'];
// Headers that give the client's address away; personal data, so also removed without
// sendDefaultPii.
const ADDRESS_HEADERS = new Set([
  'cf-connecting-ip', 'cf-connecting-ipv6', 'x-forwarded-for', 'x-real-ip', 'true-client-ip',
  'forwarded', 'x-client-ip', 'cf-pseudo-ipv4',
]);

/**
 * @param {string} name a header name, lowercase
 * @returns {boolean} true when the header must not leave the worker without sendDefaultPii
 */
export function isSensitiveHeader(name) {
  if (SECRET_HEADERS.has(name) || ADDRESS_HEADERS.has(name)) return true;
  return SECRET_PARTS.some((part) => name.includes(part));
}

/**
 * Describes a Fetch API Request as Sentry's `request` event interface.
 * @param {Request} request
 * @param {boolean} sendDefaultPii keep secret headers and cookies
 * @returns {{ method: string, url: string, query_string?: string, headers: Record<string, string>,
 *   cookies?: Record<string, string> }}
 */
export function requestData(request, sendDefaultPii) {
  const data = { method: String(request.method ?? 'GET'), url: '', headers: {} };
  try {
    const url = new URL(request.url);
    data.url = `${url.origin}${url.pathname}`;
    if (url.search.length > 1) data.query_string = url.search.slice(1);
  } catch {
    data.url = String(request.url ?? '');
  }
  try {
    for (const [name, value] of request.headers) {
      if (!sendDefaultPii && isSensitiveHeader(name)) continue;
      data.headers[name] = value;
    }
    if (sendDefaultPii) {
      const cookies = parseCookies(request.headers.get('cookie'));
      if (cookies) data.cookies = cookies;
    }
  } catch {
    // A request whose headers cannot be read still yields method and URL.
  }
  return data;
}

/**
 * The client's address as Cloudflare reports it, for `user.ip_address` with sendDefaultPii.
 * @param {Request} request
 * @returns {string|undefined}
 */
export function clientAddress(request) {
  try {
    return request.headers.get('cf-connecting-ip') ?? request.headers.get('x-real-ip') ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * `METHOD /path`, the name Sentry gives events of an HTTP request.
 * @param {Request} request
 * @returns {string}
 */
export function transactionName(request) {
  try {
    return `${request.method} ${new URL(request.url).pathname}`;
  } catch {
    return String(request.method ?? '');
  }
}

function parseCookies(header) {
  if (!header) return undefined;
  const out = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
