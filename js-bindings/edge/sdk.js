// The module-level API of vigil-sdk/edge, named as Sentry's. One client per isolate, made by
// the first invocation withVigil() wraps; every call acts on the scope of the invocation it is
// made in (see EdgeClient). Before that client exists calls do nothing and return what Sentry's
// would, so instrumented code runs the same without the SDK.
import { COMMON_DEFAULTS, NOOP_SCOPE, createApi, normalizeHint } from '../core/api.js';
import { debugLogger } from '../core/debug-logger.js';
import { errorMessage } from '../core/serialize.js';
import { loadAsyncLocalStorage } from './async-context.js';
import { EdgeClient } from './client.js';

const DEFAULTS = {
  ...COMMON_DEFAULTS,
  environment: 'production',
  // Release health counts sessions per user; an isolate is not a user.
  autoSessionTracking: false,
  // How long ctx.waitUntil may spend delivering an invocation's events.
  flushTimeout: 2000,
};

let starting = null;
const api = createApi({ onClose: () => { starting = null; } });

export const {
  getClient, captureException, captureMessage, captureEvent, addBreadcrumb, setUser, setTag,
  setTags, setExtra, setExtras, setContext, setLevel, setFingerprint, withScope, lastEventId,
  flush, close,
} = api;

/**
 * The isolate's client, made from `options` the first time; later calls return the same one.
 * Resolves once the Wasm core and the async context are ready (at once after the first time).
 * @param {() => object} getOptions called once, on the first invocation
 * @returns {EdgeClient|undefined|Promise<EdgeClient|undefined>} a promise only while starting
 */
export function acquireClient(getOptions) {
  const current = api.getClient();
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
  api.setClient(client);
  return client;
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
  const client = api.getClient();
  const inv = client?.invocationFor(ctxOrEvent);
  if (!inv) return NOOP_SCOPE;
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
