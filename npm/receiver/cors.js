// CORS as Relay does it: any origin, a fixed header list, preflights cached for an hour.
// A fixed list (rather than echoing Access-Control-Request-Headers) is deliberate: an SDK
// that starts sending a header Relay would refuse should fail here too, not only in production.

const ALLOW_HEADERS = [
  'x-sentry-auth', 'x-requested-with', 'x-forwarded-for', 'origin', 'referer', 'accept',
  'content-type', 'authentication', 'authorization', 'content-encoding', 'transfer-encoding',
  'sentry-trace', 'baggage',
].join(', ');

const EXPOSE_HEADERS = 'x-sentry-error, x-sentry-rate-limits, retry-after';

/**
 * Adds the headers every response carries, so browsers can read errors and rate limits.
 * @param {import('node:http').ServerResponse} res
 */
export function applyCors(res) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
}

/**
 * Answers an OPTIONS preflight.
 * @param {import('node:http').ServerResponse} res
 */
export function answerPreflight(res) {
  applyCors(res);
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
  res.setHeader('Access-Control-Max-Age', '3600');
  res.setHeader('Content-Length', '0');
  res.writeHead(200);
  res.end();
}
