// Trace continuation from the `sentry-trace` and `baggage` request headers. Full tracing is not
// here yet: an invocation only needs the ids so its error events join the caller's trace, the way
// Sentry's SDKs link an error to the request that caused it.

const SENTRY_TRACE = /^[ \t]*([0-9a-f]{32})?-?([0-9a-f]{16})?-?([01])?[ \t]*$/i;
const BAGGAGE_MAX_MEMBERS = 64;

/**
 * @typedef {object} IncomingTrace
 * @property {string} traceId 32 lowercase hex characters
 * @property {string} [parentSpanId] 16 lowercase hex characters, the caller's span
 * @property {boolean} [sampled] the caller's sampling decision, when it made one
 */

/**
 * Reads a `sentry-trace` header: `<trace_id>-<span_id>[-<sampled>]`.
 * @param {string|null|undefined} header
 * @returns {IncomingTrace|undefined} undefined when absent or malformed
 */
export function parseSentryTrace(header) {
  if (typeof header !== 'string' || header === '') return undefined;
  const match = SENTRY_TRACE.exec(header);
  if (!match || !match[1]) return undefined;
  const trace = { traceId: match[1].toLowerCase() };
  if (match[2]) trace.parentSpanId = match[2].toLowerCase();
  if (match[3]) trace.sampled = match[3] === '1';
  return trace;
}

/**
 * The `sentry-` members of a W3C `baggage` header (Sentry's dynamic sampling context), keys
 * without the prefix and values percent-decoded. Other vendors' members are ignored.
 * @param {string|null|undefined} header
 * @returns {Record<string, string>}
 */
export function parseBaggage(header) {
  const out = {};
  if (typeof header !== 'string' || header === '') return out;
  let members = 0;
  for (const member of header.split(',')) {
    if (++members > BAGGAGE_MAX_MEMBERS) break;
    // Member properties (after ';') carry nothing Sentry uses.
    const [pair] = member.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = decode(pair.slice(0, eq).trim());
    if (!key.startsWith('sentry-')) continue;
    out[key.slice('sentry-'.length)] = decode(pair.slice(eq + 1).trim());
  }
  return out;
}

/**
 * The `contexts.trace` of events from one invocation: the caller's trace when the headers name
 * one, else a new trace. `span_id` is the invocation's own (new) span, as Sentry's propagation
 * context makes one per incoming request.
 * @param {{ get(name: string): string|null }|undefined} headers
 * @returns {{ trace_id: string, span_id: string, parent_span_id?: string, sampled?: boolean }}
 */
export function traceContextFrom(headers) {
  let incoming;
  let baggage = {};
  try {
    incoming = parseSentryTrace(headers?.get('sentry-trace'));
    baggage = parseBaggage(headers?.get('baggage'));
  } catch {
    incoming = undefined;
  }
  const context = { trace_id: incoming?.traceId ?? randomHex(16), span_id: randomHex(8) };
  if (incoming?.parentSpanId) context.parent_span_id = incoming.parentSpanId;
  let sampled = incoming?.sampled;
  // Baggage belongs to the same trace only when it names it (or names none).
  if (sampled === undefined && incoming && (baggage.trace_id ?? incoming.traceId) === incoming.traceId) {
    if (baggage.sampled === 'true') sampled = true;
    else if (baggage.sampled === 'false') sampled = false;
  }
  if (sampled !== undefined) context.sampled = sampled;
  return context;
}

function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function randomHex(bytes) {
  const buf = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(buf);
  let out = '';
  for (const b of buf) out += b.toString(16).padStart(2, '0');
  return out;
}
