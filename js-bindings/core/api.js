// The Sentry-named module-level API every entry (browser, edge, lambda) exports. Each entry
// makes its own with createApi() and sets the client its init made; before that, or after
// close, calls do nothing and return what Sentry's would, so instrumented code runs the same
// without the SDK.
import { debugLogger } from './debug-logger.js';
import { errorMessage } from './serialize.js';

/** Options every runtime starts from; each entry adds its own. */
export const COMMON_DEFAULTS = {
  sampleRate: 1,
  maxBreadcrumbs: 100,
  normalizeDepth: 3,
  normalizeMaxBreadth: 1000,
  sendDefaultPii: false,
  sendClientReports: true,
  debug: false,
};

// Sentry's no-op scope and span: every method returns them; captures return ''.
export const NOOP_SCOPE = new Proxy({}, {
  get: (_, name) => (name === 'then' ? undefined : (...args) => {
    if (name === 'withScope' && typeof args[0] === 'function') return args[0](NOOP_SCOPE);
    return String(name).startsWith('capture') ? '' : NOOP_SCOPE;
  }),
});
const NOOP_SPAN = new Proxy({}, {
  get: (_, key) => (key === 'then' ? undefined
    : key === 'spanContext' ? () => ({ traceId: '', spanId: '', traceFlags: 0 })
      : key === 'isRecording' ? () => false : () => NOOP_SPAN),
});

/**
 * @param {{ onClose?: () => void }} [hooks] onClose runs when close() lets go of the client
 * @returns {object} the API functions, plus setClient(client) for the entry's init
 */
export function createApi({ onClose } = {}) {
  let current = null;
  return {
    setClient(client) { current = client ?? null; },
    getClient: () => current ?? undefined,
    captureException: (exception, hint) => (current ? current.captureException(exception, normalizeHint(hint)) : ''),
    captureMessage: (message, captureContextOrLevel) => (current ? current.captureMessage(message, captureContextOrLevel) : ''),
    captureEvent: (event, hint) => (current ? current.captureEvent(event, hint ?? {}) : ''),
    addBreadcrumb: (breadcrumb, hint) => { current?.addBreadcrumb(breadcrumb, hint); },
    setUser: (user) => { current?.setUser(user); },
    setTag: (key, value) => { current?.setTag(key, value); },
    setTags: (tags) => { current?.setTags(tags); },
    setExtra: (key, value) => { current?.setExtra(key, value); },
    setExtras: (extras) => { current?.setExtras(extras); },
    setContext: (name, context) => { current?.setContext(name, context); },
    setLevel: (level) => { current?.setLevel(level); },
    setFingerprint: (fingerprint) => { current?.setFingerprint(fingerprint); },
    /** Runs callback with a scope of its own; its changes end with the callback. */
    withScope: (callback) => (current ? current.withScope(callback) : callback(NOOP_SCOPE)),
    lastEventId: () => current?.lastEventId(),
    /** Waits until everything captured so far has been sent or given up. */
    flush: (timeout) => (current ? current.flush(timeout) : Promise.resolve(true)),
    /** Flushes and stops the SDK. */
    async close(timeout) {
      const client = current;
      if (!client) return true;
      current = null;
      onClose?.();
      return client.close(timeout);
    },
    startSpan: (options, callback) => (current ? current.startSpan(options, callback) : callback(NOOP_SPAN)),
    startInactiveSpan: (options) => (current ? current.startInactiveSpan(options) : NOOP_SPAN),
    startSpanManual: (options, callback) => (current ? current.startSpanManual(options, callback) : callback(NOOP_SPAN, () => {})),
    getActiveSpan: () => current?.getActiveSpan(),
    continueTrace: (headers, callback) => (current ? current.continueTrace(headers, callback) : callback()),
    setMeasurement: (name, value, unit) => { current?.setMeasurement(name, value, unit); },
  };
}

/** Calls each integration's setup once per name; one that throws is logged and skipped. */
export function setupIntegrations(client, integrations, debug) {
  const seen = new Set();
  for (const integration of integrations ?? []) {
    if (!integration || seen.has(integration.name)) continue;
    seen.add(integration.name);
    try {
      integration.setup?.(client);
    } catch (error) {
      debugLogger(debug).error(`integration ${integration.name} failed to set up:`, errorMessage(error));
    }
  }
}

/** captureException's second argument may be a hint or, as in Sentry, a capture context. */
export function normalizeHint(hint) {
  if (!hint || typeof hint !== 'object') return {};
  const contextKeys = ['tags', 'extra', 'contexts', 'user', 'level', 'fingerprint'];
  if (Object.keys(hint).some((k) => contextKeys.includes(k))) return { captureContext: hint };
  return hint;
}
