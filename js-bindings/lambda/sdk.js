// The module-level API of vigil-sdk/lambda (init, captureException, setTag, ...), as
// @sentry/aws-serverless exports it. Each call goes to the client init() made; before init, or
// after close, calls do nothing and return what Sentry's would, so instrumented code runs the
// same without the SDK.
import { NodeClient } from '../node/client.js';
import { debugLogger } from '../core/debug-logger.js';
import { errorMessage } from '../core/serialize.js';

let current = null;

const DEFAULTS = {
  sampleRate: 1,
  maxBreadcrumbs: 100,
  normalizeDepth: 3,
  normalizeMaxBreadth: 1000,
  sendDefaultPii: false,
  sendClientReports: true,
  debug: false,
  // A function is not an app session: Sentry's server SDKs track no release-health sessions
  // for Lambda either, and a session update per invocation would double the requests.
  autoSessionTracking: false,
};

// The Lambda runtime's own frames (the code that called the handler) are not the user's.
const RUNTIME_FRAMES = ['/var/runtime/'];

/**
 * Starts the SDK. Call it once, at the top of the handler module (the init phase), so the Wasm
 * core loads before the first invocation. A second call closes the first client.
 * Reads SENTRY_DSN, SENTRY_RELEASE and SENTRY_ENVIRONMENT when the options leave them out.
 * @param {import('../../npm/lambda.d.ts').LambdaOptions} [options]
 * @returns {NodeClient|undefined}
 */
export function init(options = {}) {
  try {
    if (current) void current.close(0);
    const env = process.env;
    const merged = {
      ...DEFAULTS,
      dsn: env.SENTRY_DSN,
      release: env.SENTRY_RELEASE,
      environment: env.SENTRY_ENVIRONMENT ?? 'production',
      ...definedOnly(options),
    };
    merged.inAppExclude = [...RUNTIME_FRAMES, ...(options.inAppExclude ?? [])];
    const client = new NodeClient(merged);
    current = client;
    client.setContext('runtime', { name: 'node', version: process.version });
    client.setContext('cloud_resource', definedOnly({
      'cloud.provider': 'aws', 'cloud.platform': 'aws_lambda', 'cloud.region': env.AWS_REGION,
    }));
    for (const integration of merged.integrations ?? []) {
      try {
        integration?.setup?.(client);
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

/** @returns {NodeClient|undefined} the active client */
export function getClient() {
  return current ?? undefined;
}

/** Captures an error; returns its event id ('' without a client). */
export function captureException(exception, hint) {
  return current ? current.captureException(exception, normalizeHint(hint)) : '';
}

/** Captures a message at a level (default info) or with a capture context. */
export function captureMessage(message, captureContextOrLevel) {
  return current ? current.captureMessage(message, captureContextOrLevel) : '';
}

/** Sends a complete event as given (scope data still applies). */
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

/**
 * Runs callback with a scope of its own (a copy of the current one); changes made to it end
 * with the callback, or with the promise it returns.
 */
export function withScope(callback) {
  if (current) return current.withScope(callback);
  const noop = new Proxy({}, { get: () => () => noop });
  return callback(noop);
}

/** @returns {string|undefined} the id of the last error event captured */
export function lastEventId() {
  return current?.lastEventId();
}

/** Waits until everything captured so far has been sent or given up; false on timeout. */
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

function definedOnly(object) {
  return Object.fromEntries(Object.entries(object ?? {}).filter(([, v]) => v !== undefined));
}
