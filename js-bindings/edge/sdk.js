// The module-level API of vigil-sdk/edge, named as Sentry's. One client per isolate, made by
// the first invocation withVigil() wraps; every call acts on the scope of the invocation it is
// made in (see EdgeClient). Before that client exists calls do nothing and return what Sentry's
// would, so instrumented code runs the same without the SDK.
import { debugLogger } from '../core/debug-logger.js';
import { errorMessage } from '../core/serialize.js';
import { loadAsyncLocalStorage } from './async-context.js';
import { EdgeClient } from './client.js';

const DEFAULTS = {
  environment: 'production',
  sampleRate: 1,
  maxBreadcrumbs: 100,
  normalizeDepth: 3,
  normalizeMaxBreadth: 1000,
  sendDefaultPii: false,
  sendClientReports: true,
  // Release health counts sessions per user; an isolate is not a user.
  autoSessionTracking: false,
  // How long ctx.waitUntil may spend delivering an invocation's events.
  flushTimeout: 2000,
  debug: false,
};

let current = null;
let starting = null;

/**
 * The isolate's client, made from `options` the first time; later calls return the same one.
 * Resolves once the Wasm core and the async context are ready (at once after the first time).
 * @param {() => object} getOptions called once, on the first invocation
 * @returns {EdgeClient|undefined|Promise<EdgeClient|undefined>} a promise only while starting
 */
export function acquireClient(getOptions) {
  if (current) return current;
  if (!starting) starting = start(getOptions);
  return starting;
}

async function start(getOptions) {
  let options;
  try {
    options = { ...DEFAULTS, ...(getOptions() ?? {}) };
  } catch (error) {
    debugLogger(true).error('the options callback threw; the SDK is off:', errorMessage(error));
    return undefined;
  }
  if (options.enabled === false) return undefined;
  let client;
  try {
    client = new EdgeClient(options);
  } catch (error) {
    debugLogger(options.debug).error('could not start the client:', errorMessage(error));
    return undefined;
  }
  // Both are promises that never reject.
  const [AsyncLocalStorage] = await Promise.all([loadAsyncLocalStorage(), client.ready]);
  client.useAsyncLocalStorage(AsyncLocalStorage);
  current = client;
  return client;
}

/** @returns {EdgeClient|undefined} the isolate's client, once the first invocation made it */
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

export function addBreadcrumb(breadcrumb, hint) { current?.addBreadcrumb(breadcrumb, hint); }
export function setUser(user) { current?.setUser(user); }
export function setTag(key, value) { current?.setTag(key, value); }
export function setTags(tags) { current?.setTags(tags); }
export function setExtra(key, value) { current?.setExtra(key, value); }
export function setExtras(extras) { current?.setExtras(extras); }
export function setContext(name, context) { current?.setContext(name, context); }
export function setLevel(level) { current?.setLevel(level); }
export function setFingerprint(fingerprint) { current?.setFingerprint(fingerprint); }

/** Runs callback with a scope forked from the current invocation's; changes end with it. */
export function withScope(callback) {
  if (current) return current.withScope(callback);
  return callback(noopScope);
}

/** @returns {string|undefined} the id of the last error event this isolate captured */
export function lastEventId() {
  return current?.lastEventId();
}

/** Waits until everything captured so far has been sent or given up. */
export function flush(timeout) {
  return current ? current.flush(timeout) : Promise.resolve(true);
}

/** Flushes and stops the isolate's client. */
export async function close(timeout) {
  const client = current;
  if (!client) return true;
  current = null;
  starting = null;
  return client.close(timeout);
}

const SCOPE_METHODS = ['setUser', 'setTag', 'setTags', 'setExtra', 'setExtras', 'setContext',
  'setLevel', 'setFingerprint', 'addBreadcrumb', 'clearBreadcrumbs'];

/**
 * The scope of one invocation, named by its `ctx` (or the request, cron controller or queue
 * batch the handler got). Its calls act on that invocation wherever they are made: the way to
 * keep concurrent requests apart in workers without AsyncLocalStorage (no `nodejs_als` or
 * `nodejs_compat` flag), where module-level calls after an `await` cannot tell whose they are.
 * @param {object} ctxOrEvent
 * @returns {object} setUser, setTag, ..., captureException, captureMessage, withScope; calls on
 *   an unknown invocation do nothing
 */
export function getInvocationScope(ctxOrEvent) {
  const client = current;
  const inv = client?.invocationFor(ctxOrEvent);
  if (!inv) return noopScope;
  const inScope = (fn) => client.runIn(inv.frame, fn);
  const scope = {
    captureException: (exception, hint) => inScope(() => client.captureException(exception, normalizeHint(hint))),
    captureMessage: (message, level) => inScope(() => client.captureMessage(message, level)),
    captureEvent: (event, hint) => inScope(() => client.captureEvent(event, hint ?? {})),
    withScope: (callback) => inScope(() => client.withScope(callback)),
  };
  for (const name of SCOPE_METHODS) {
    scope[name] = (...args) => {
      inScope(() => client[name](...args));
      return scope;
    };
  }
  return scope;
}

// Sentry's noop scope: every method returns it; captures return ''.
const noopScope = new Proxy({}, {
  get: (_, name) => (name === 'then' ? undefined : (...args) => {
    if (name === 'withScope' && typeof args[0] === 'function') return args[0](noopScope);
    return String(name).startsWith('capture') ? '' : noopScope;
  }),
});

// captureException's second argument may be a hint or, as in Sentry, a capture context.
function normalizeHint(hint) {
  if (!hint || typeof hint !== 'object') return {};
  const contextKeys = ['tags', 'extra', 'contexts', 'user', 'level', 'fingerprint'];
  if (Object.keys(hint).some((k) => contextKeys.includes(k))) return { captureContext: hint };
  return hint;
}
