// Which outgoing requests carry the trace (sentry-trace and baggage headers), and how the
// headers are added without disturbing the page's own. By default only same-origin requests
// get them: a third-party API that does not allow these headers in its CORS preflight would
// otherwise start failing the moment tracing is switched on.

/**
 * The absolute URL of a request as the page wrote it (relative URLs resolve against the page).
 * @param {string} url
 * @returns {URL|null}
 */
export function resolveUrl(url) {
  try {
    return new URL(String(url), globalThis.location?.href);
  } catch {
    return null;
  }
}

function matches(pattern, text) {
  if (typeof pattern === 'string') return text.includes(pattern);
  if (pattern instanceof RegExp) {
    pattern.lastIndex = 0;  // a /g or /y pattern keeps state between tests
    return pattern.test(text);
  }
  return false;
}

/**
 * True when a request to `url` should carry trace headers.
 * @param {string} url as given to fetch/open (relative or absolute)
 * @param {Array<string|RegExp>|undefined} targets the tracePropagationTargets option; undefined
 *   means the page's own origin only. Strings match as substrings, RegExps are tested, both
 *   against the absolute URL and, for same-origin requests, against the path as well (so
 *   /^\/api\// works as it does in Sentry).
 */
export function shouldPropagate(url, targets) {
  const resolved = resolveUrl(url);
  if (!resolved) return false;
  const sameOrigin = resolved.origin === globalThis.location?.origin;
  if (targets === undefined || targets === null) return sameOrigin;
  if (!Array.isArray(targets)) return false;
  return targets.some((t) => matches(t, resolved.href) || (sameOrigin && matches(t, resolved.pathname)));
}

/** True when a baggage header already holds Sentry's members (sentry-...). */
export function hasSentryBaggage(value) {
  return typeof value === 'string' && /(^|,)\s*sentry-/.test(value);
}

/**
 * The page's baggage with its sentry- members replaced by `ours` (used when the headers come
 * from a remembered trace rather than from the core, which merges by itself).
 */
export function mergeBaggage(existing, ours) {
  const kept = String(existing ?? '').split(',').map((m) => m.trim()).filter((m) => m && !m.startsWith('sentry-'));
  if (ours) kept.push(ours);
  return kept.join(',');
}

function isHeaders(value) {
  return typeof Headers !== 'undefined' && value instanceof Headers;
}

/** A header's value from any HeadersInit shape (Headers, array of pairs, record). */
function readHeader(headers, name) {
  if (!headers) return undefined;
  if (isHeaders(headers)) return headers.get(name) ?? undefined;
  if (Array.isArray(headers)) {
    const pair = headers.find((p) => Array.isArray(p) && String(p[0]).toLowerCase() === name);
    return pair ? String(pair[1]) : undefined;
  }
  if (typeof headers === 'object') {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    return key === undefined ? undefined : String(headers[key]);
  }
  return undefined;
}

/**
 * fetch arguments with trace headers added. The page's headers stay as they were (a copy is
 * changed, never the page's object); a request that already carries sentry-trace is left
 * alone; the page's baggage is merged, not replaced.
 * @param {unknown[]} args fetch's arguments
 * @param {(existingBaggage: string) => ({ 'sentry-trace': string, baggage: string } | undefined)} makeHeaders
 * @returns {unknown[]} the arguments to call fetch with
 */
export function withTraceHeaders(args, makeHeaders) {
  const [input, init, ...rest] = args;
  const isRequest = typeof Request !== 'undefined' && input instanceof Request;
  const hasInitHeaders = init && typeof init === 'object' && init.headers !== undefined && init.headers !== null;
  const given = hasInitHeaders ? init.headers : isRequest ? input.headers : undefined;
  if (readHeader(given, 'sentry-trace') !== undefined) return args;
  const trace = makeHeaders(readHeader(given, 'baggage') ?? '');
  if (!trace) return args;
  const sentryTrace = trace['sentry-trace'];
  const { baggage } = trace;
  let headers;
  if (isHeaders(given)) {
    headers = new Headers(given);
    headers.set('sentry-trace', sentryTrace);
    if (baggage) headers.set('baggage', baggage);
  } else if (Array.isArray(given)) {
    headers = given.filter((p) => !(Array.isArray(p) && String(p[0]).toLowerCase() === 'baggage'));
    headers.push(['sentry-trace', sentryTrace]);
    if (baggage) headers.push(['baggage', baggage]);
  } else {
    headers = {};
    if (given && typeof given === 'object') {
      for (const key of Object.keys(given)) if (key.toLowerCase() !== 'baggage') headers[key] = given[key];
    }
    headers['sentry-trace'] = sentryTrace;
    if (baggage) headers.baggage = baggage;
  }
  return [input, { ...(init && typeof init === 'object' ? init : {}), headers }, ...rest];
}
