// The module-level API (init, captureException, setTag, ...), as @sentry/browser exports it.
// Each call goes to the client init() made (see core/api.js for the calls every entry shares).
import { BrowserClient } from './client.js';
import { getDefaultIntegrations } from './default-integrations.js';
import { COMMON_DEFAULTS, createApi, setupIntegrations } from '../core/api.js';
import { debugLogger } from '../core/debug-logger.js';
import { errorMessage } from '../core/serialize.js';

const api = createApi();

export const {
  getClient, captureException, captureMessage, captureEvent, addBreadcrumb, setUser, setTag,
  setTags, setExtra, setExtras, setContext, setLevel, setFingerprint, withScope, lastEventId,
  flush, close, startSpan, startInactiveSpan, startSpanManual, getActiveSpan, continueTrace,
  setMeasurement,
} = api;

const DEFAULTS = { ...COMMON_DEFAULTS, environment: 'production' };

/**
 * Starts the SDK. Safe to call more than once: a second call closes the first client.
 * @param {import('../../npm/index.d.ts').BrowserOptions} [options]
 * @returns {BrowserClient|undefined}
 */
export function init(options = {}) {
  try {
    void api.getClient()?.close(0);
    const merged = { ...DEFAULTS, ...options };
    // V8 keeps 10 frames by default; Sentry's SDKs raise it so errors keep their callers.
    if (typeof Error.stackTraceLimit === 'number' && Error.stackTraceLimit < 50) Error.stackTraceLimit = 50;
    const fromGlobal = typeof globalThis.SENTRY_RELEASE === 'object' ? globalThis.SENTRY_RELEASE?.id : undefined;
    if (merged.release === undefined && fromGlobal) merged.release = fromGlobal;
    merged.integrations = resolveIntegrations(options);
    const client = new BrowserClient(merged);
    api.setClient(client);
    setupIntegrations(client, merged.integrations, merged.debug);
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
