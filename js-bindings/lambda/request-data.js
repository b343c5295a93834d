// The HTTP request behind an invocation, for events from functions behind API Gateway (REST
// and HTTP APIs, payload 1.0 and 2.0), Lambda function URLs and ALB. Without sendDefaultPii the
// headers that identify or authenticate a user are left out, and so are cookies and the
// caller's address.

// Lower-case header names kept back unless sendDefaultPii.
const SENSITIVE_HEADERS = new Set([
  'authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key',
  'x-amz-security-token', 'x-forwarded-for', 'x-real-ip', 'forwarded',
]);

/**
 * @param {unknown} event the invocation's event
 * @param {{ sendDefaultPii?: boolean }} [options]
 * @returns {object|undefined} Sentry's `request` interface ({ method, url, query_string,
 *   headers, cookies?, env? }), or undefined for events that are not HTTP requests
 */
export function requestFromEvent(event, { sendDefaultPii = false } = {}) {
  if (!event || typeof event !== 'object') return undefined;
  const rc = event.requestContext && typeof event.requestContext === 'object' ? event.requestContext : {};
  const method = event.httpMethod ?? rc.http?.method;
  if (typeof method !== 'string') return undefined;

  const headers = {};
  const cookies = [];
  for (const [name, value] of Object.entries(plainObject(event.headers))) {
    const lower = name.toLowerCase();
    if (lower === 'cookie' && typeof value === 'string') cookies.push(value);
    if (!sendDefaultPii && SENSITIVE_HEADERS.has(lower)) continue;
    headers[name] = String(value);
  }
  // Payload 2.0 moves cookies out of the headers.
  if (Array.isArray(event.cookies)) cookies.push(...event.cookies.map(String));

  const path = event.rawPath ?? event.path ?? rc.http?.path ?? '/';
  const host = headerValue(event.headers, 'host') ?? rc.domainName;
  const proto = headerValue(event.headers, 'x-forwarded-proto') ?? 'https';
  const request = {
    method: method.toUpperCase(),
    url: host ? `${proto}://${host}${path}` : String(path),
    headers,
  };
  const query = queryString(event);
  if (query) request.query_string = query;
  if (sendDefaultPii) {
    if (cookies.length) request.cookies = parseCookies(cookies.join('; '));
    const ip = rc.http?.sourceIp ?? rc.identity?.sourceIp;
    if (ip) request.env = { REMOTE_ADDR: String(ip) };
  }
  return request;
}

function queryString(event) {
  if (typeof event.rawQueryString === 'string') return event.rawQueryString;
  const multi = plainObject(event.multiValueQueryStringParameters);
  const single = plainObject(event.queryStringParameters);
  const params = new URLSearchParams();
  if (Object.keys(multi).length) {
    for (const [key, values] of Object.entries(multi)) {
      for (const value of Array.isArray(values) ? values : [values]) params.append(key, String(value));
    }
  } else {
    for (const [key, value] of Object.entries(single)) params.append(key, String(value));
  }
  return params.toString();
}

function parseCookies(text) {
  const out = {};
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

function headerValue(headers, wanted) {
  for (const [name, value] of Object.entries(plainObject(headers))) {
    if (name.toLowerCase() === wanted && typeof value === 'string' && value) return value;
  }
  return undefined;
}

function plainObject(value) {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}
