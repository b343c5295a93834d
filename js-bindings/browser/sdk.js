// The module-level API (init, captureException, setTag, ...), as @sentry/browser exports it.
// Each call goes to the client init() made; before init, or after close, calls do nothing and
// return what Sentry's would, so code instrumented with the SDK runs the same without it.
import { BrowserClient } from './client.js';
import { getDefaultIntegrations } from './default-integrations.js';
import { debugLogger } from '../core/debug-logger.js';
import { errorMessage } from '../core/serialize.js';

let current = null;

// What span calls return before init: every method works and records nothing.
const NOOP_SPAN = new Proxy({}, {
  get: (target, key) => (key === 'spanContext' ? () => ({ traceId: '', spanId: '', traceFlags: 0 })
    : key === 'isRecording' ? () => false : () => NOOP_SPAN),
});

const DEFAULTS = {
  environment: 'production',
  sampleRate: 1,
  maxBreadcrumbs: 100,
  normalizeDepth: 3,
  normalizeMaxBreadth: 1000,
  sendDefaultPii: false,
  sendClientReports: true,
  debug: false,
};

/**
 * Starts the SDK. Safe to call more than once: a second call closes the first client.
 * @param {import('../../npm/index.d.ts').BrowserOptions} [options]
 * @returns {BrowserClient|undefined}
 */
export function init(options = {}) {
  try {
    if (current) void current.close(0);
    const merged = { ...DEFAULTS, ...options };
    // V8 keeps 10 frames by default; Sentry's SDKs raise it so errors keep their callers.
    if (typeof Error.stackTraceLimit === 'number' && Error.stackTraceLimit < 50) Error.stackTraceLimit = 50;
    const fromGlobal = typeof globalThis.SENTRY_RELEASE === 'object' ? globalThis.SENTRY_RELEASE?.id : undefined;
    if (merged.release === undefined && fromGlobal) merged.release = fromGlobal;
    merged.integrations = resolveIntegrations(options);
    const client = new BrowserClient(merged);
    current = client;
    const seen = new Set();
    for (const integration of merged.integrations) {
      if (!integration || seen.has(integration.name)) continue;
      seen.add(integration.name);
      try {
        integration.setup?.(client);
      } catch (error) {
        debugLogger(merged.debug).error(`integration ${integration.name} failed to set up:`, errorMessage(error));
      }
    }
    return client;
  } catch (error) {
    debugLogger(options.debug).error('init failed:', errorMessage(error));
    return undefined;
  }
}

// Sentry's rules: an array adds to (and by name replaces) the defaults; a function receives the
// defaults and returns the list; defaultIntegrations: false starts from none.
function resolveIntegrations(options) {
  const defaults = options.defaultIntegrations === false ? [] : options.defaultIntegrations ?? getDefaultIntegrations(options);
  const given = options.integrations;
  if (typeof given === 'function') return given(defaults) ?? [];
  if (!Array.isArray(given)) return defaults;
  const names = new Set(given.map((i) => i && i.name));
  return [...defaults.filter((i) => !names.has(i.name)), ...given];
}

/** @returns {BrowserClient|undefined} the active client */
export function getClient() {
  return current ?? undefined;
}

export function captureException(exception, hint) {
  return current ? current.captureException(exception, normalizeHint(hint)) : '';
}

export function captureMessage(message, captureContextOrLevel) {
  return current ? current.captureMessage(message, captureContextOrLevel) : '';
}

export function captureEvent(event, hint) {
  return current ? current.captureEvent(event, hint ?? {}) : '';
}

export function addBreadcrumb(breadcrumb, hint) {
  current?.addBreadcrumb(breadcrumb, hint);
}

export function setUser(user) { current?.setUser(user); }
export function setTag(key, value) { current?.setTag(key, value); }
export function setTags(tags) { current?.setTags(tags); }
export function setExtra(key, value) { current?.setExtra(key, value); }
export function setExtras(extras) { current?.setExtras(extras); }
export function setContext(name, context) { current?.setContext(name, context); }

/** Runs callback with a temporary scope; changes made to it end with the callback. */
export function withScope(callback) {
  if (current) return current.withScope(callback);
  const noop = new Proxy({}, { get: () => () => noop });
  return callback(noop);
}

/** Runs callback inside a new active span; the span ends when the callback (or its promise) does. */
export function startSpan(options, callback) {
  return current ? current.startSpan(options, callback) : callback(NOOP_SPAN);
}

/** Starts a span that is not active; end it with span.end(). */
export function startInactiveSpan(options) {
  return current ? current.startInactiveSpan(options) : NOOP_SPAN;
}

/** Like startSpan, but the callback ends the span: callback(span, finish). */
export function startSpanManual(options, callback) {
  return current ? current.startSpanManual(options, callback) : callback(NOOP_SPAN, () => {});
}

/** @returns {object|undefined} the active span */
export function getActiveSpan() {
  return current?.getActiveSpan();
}

/** Continues the trace of incoming sentry-trace/baggage headers for spans started in callback. */
export function continueTrace(headers, callback) {
  return current ? current.continueTrace(headers, callback) : callback();
}

/** Sets a measurement on the active transaction. */
export function setMeasurement(name, value, unit) {
  current?.setMeasurement(name, value, unit);
}

/** @returns {string|undefined} the id of the last error event captured */
export function lastEventId() {
  return current?.lastEventId();
}

/** Waits until everything captured so far has been sent or given up. */
export function flush(timeout) {
  return current ? current.flush(timeout) : Promise.resolve(true);
}

/** Flushes and stops the SDK. */
export async function close(timeout) {
  const client = current;
  if (!client) return true;
  current = null;
  return client.close(timeout);
}

// captureException's second argument may be a hint or, as in Sentry, a capture context.
function normalizeHint(hint) {
  if (!hint || typeof hint !== 'object') return {};
  const contextKeys = ['tags', 'extra', 'contexts', 'user', 'level', 'fingerprint'];
  if (Object.keys(hint).some((k) => contextKeys.includes(k))) return { captureContext: hint };
  return hint;
}
