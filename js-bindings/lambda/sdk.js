// The module-level API of vigil-sdk/lambda (init, captureException, setTag, ...), as
// @sentry/aws-serverless exports it. Each call goes to the client init() made; before init, or
// after close, calls do nothing and return what Sentry's would, so instrumented code runs the
// same without the SDK.
import { NodeClient } from '../node/client.js';
import { COMMON_DEFAULTS, createApi, setupIntegrations } from '../core/api.js';
import { debugLogger } from '../core/debug-logger.js';
import { errorMessage } from '../core/serialize.js';

const api = createApi();

export const {
  getClient, captureException, captureMessage, captureEvent, addBreadcrumb, setUser, setTag,
  setTags, setExtra, setExtras, setContext, setLevel, setFingerprint, withScope, lastEventId,
  flush, close,
} = api;

const DEFAULTS = {
  ...COMMON_DEFAULTS,
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
    void api.getClient()?.close(0);
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
    api.setClient(client);
    client.setContext('runtime', { name: 'node', version: process.version });
    client.setContext('cloud_resource', definedOnly({
      'cloud.provider': 'aws', 'cloud.platform': 'aws_lambda', 'cloud.region': env.AWS_REGION,
    }));
    setupIntegrations(client, merged.integrations, merged.debug);
    return client;
  } catch (error) {
    debugLogger(options.debug).error('init failed:', errorMessage(error));
    return undefined;
  }
}

function definedOnly(object) {
  return Object.fromEntries(Object.entries(object ?? {}).filter(([, v]) => v !== undefined));
}
