// The start of the URLs the SDK posts envelopes to, derived from the DSN so instrumentation can
// recognise the SDK's own requests before the core is even loaded.

/**
 * @param {string|undefined} dsn
 * @returns {string} e.g. "https://o1.ingest.sentry.io/api/42/envelope/", or "" for no/bad DSN
 */
export function ingestPrefix(dsn) {
  if (typeof dsn !== 'string' || dsn === '') return '';
  try {
    const url = new URL(dsn.trim());
    const segments = url.pathname.split('/');
    const project = segments.pop();
    const path = segments.join('/').replace(/\/$/, '');
    return `${url.protocol}//${url.host}${path}/api/${project}/envelope/`;
  } catch {
    return '';
  }
}
