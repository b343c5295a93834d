// The one fetch call that moves an envelope, and what the transport reads from the answer.

/**
 * @typedef {{ url: string, headers: Record<string, string>,
 *   body: string | ArrayBuffer | ArrayBufferView }} Sendable
 */

/**
 * POSTs an envelope. No cookies go with it and the referrer is cut to the origin: ingest
 * needs neither, and neither should leak to a third-party host. The body keeps the core's
 * `text/plain` content type, so browsers send it without a CORS preflight.
 * @param {typeof fetch} fetchImpl
 * @param {Sendable} request
 * @param {boolean} keepalive
 * @returns {Promise<Response>} rejects on a network failure (a TypeError in browsers).
 */
export function fetchEnvelope(fetchImpl, request, keepalive) {
  return fetchImpl(request.url, {
    method: 'POST',
    body: request.body,
    headers: request.headers,
    keepalive,
    referrerPolicy: 'strict-origin',
    credentials: 'omit',
  });
}

/**
 * The parts of a response the core's policy needs. Relay exposes both headers through CORS;
 * an opaque response reads as status 0, which the core counts as delivered.
 * @param {Response} response
 * @returns {{ status: number, rateLimits: string, retryAfter: string }}
 */
export function readResponse(response) {
  const header = (name) => {
    try {
      return response.headers?.get(name) ?? '';
    } catch {
      return '';
    }
  };
  return {
    status: Number(response.status) || 0,
    rateLimits: header('x-sentry-rate-limits'),
    retryAfter: header('retry-after'),
  };
}
