// Small helpers for the spans this integration makes: an origin (Sentry's "who made this span",
// e.g. auto.http.browser) and children that are already over when they are made (performance
// entries describe the past).

/**
 * Sets the span's origin. The Span class has no setter for it; the core does.
 * @param {import('../../core/client.js').Client} client
 * @param {import('../../core/span.js').Span} span
 * @param {string} origin
 */
export function setOrigin(client, span, origin) {
  client._run((core) => {
    if (span._handle) core.setSpanOrigin(span._handle, origin);
  });
}

/**
 * Starts and ends a child of `parent` in one go. Performance entries make hundreds of these when
 * a pageload ends, so this talks to the core directly, in one queued call per child, instead of
 * through a Span object (one call, closure and JSON walk per attribute, and the span hooks,
 * which a child that is already over has no use for).
 * @param {import('../../core/client.js').Client} client
 * @param {import('../../core/span.js').Span} parent
 * @param {{ op: string, name: string, start: number, end: number, origin?: string,
 *   data?: Record<string, unknown> }} child times in Unix seconds; data entries that are
 *   null or undefined are left out
 * @returns {number} the child's end time
 */
export function addEndedChild(client, parent, { op, name, start, end, origin, data }) {
  const stop = Math.max(start, end);
  const pairs = [];
  if (data) {
    for (const key of Object.keys(data)) {
      const value = data[key];
      if (value !== undefined && value !== null) pairs.push(key, valueJson(client, value));
    }
  }
  const description = String(name);
  client._run((core) => {
    if (!parent._handle) return;
    const handle = core.startChild(parent._handle, op, description, start);
    if (!handle) return;
    if (origin) core.setSpanOrigin(handle, origin);
    for (let i = 0; i < pairs.length; i += 2) core.setSpanData(handle, pairs[i], pairs[i + 1]);
    core.endSpan(handle, stop);
  });
  return stop;
}

// Numbers, booleans and strings are most of what entries hold; they need no walk.
function valueJson(client, value) {
  switch (typeof value) {
    case 'number': return Number.isFinite(value) ? String(value) : client._json(value, 0);
    case 'boolean': return value ? 'true' : 'false';
    case 'string': return JSON.stringify(value);
    default: return client._json(value, 0);
  }
}
