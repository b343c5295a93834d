// wrapHandler: what @sentry/aws-serverless's wrapHandler does, for vigil. Each invocation runs
// in its own isolated scope carrying the invocation's context; an error the handler throws,
// rejects with or passes to its callback is captured and handed back to the runtime
// unchanged; and the SDK flushes, bounded by flushTimeout, before the wrapper settles, because
// the runtime may freeze the process the moment it has the answer.
import { lambdaContexts } from './aws-context.js';
import { requestFromEvent } from './request-data.js';
import { armTimeoutWarning } from './deadline-warning.js';
import { getClient } from './sdk.js';
import { debugLogger } from '../core/debug-logger.js';
import { errorMessage } from '../core/serialize.js';

const MECHANISM = { type: 'auto.function.aws_serverless.handler', handled: false };

// True until this process served its first invocation: the `cold_start` tag.
let coldStart = true;

/**
 * @typedef {object} WrapperOptions
 * @property {number} [flushTimeout=2000] longest the wrapper waits for delivery (ms)
 * @property {boolean} [captureTimeoutWarning=true] send a warning when the invocation nears
 *   its deadline
 * @property {number} [timeoutWarningLimit=500] how long before the deadline (ms)
 */

/**
 * Wraps a Lambda handler, async `(event, context) => Promise` or callback-style
 * `(event, context, callback) => void`. The wrapper is always async, `(event, context)`,
 * which every Node.js Lambda runtime accepts; a callback handler's answer becomes the
 * promise's. Without init() (or with a failed one) the handler runs unchanged.
 * @template E, R
 * @param {Function} handler
 * @param {WrapperOptions} [wrapOptions]
 * @returns {(event: E, context: object) => Promise<R>}
 */
export function wrapHandler(handler, wrapOptions = {}) {
  const options = {
    flushTimeout: 2000, captureTimeoutWarning: true, timeoutWarningLimit: 500,
    ...definedOnly(wrapOptions),
  };
  const run = promiseHandler(handler);
  return async function vigilWrappedHandler(event, context) {
    const client = getClient();
    if (!client) return run(event, context);
    // Only the first invocation can find the core still loading: it started at init(), in the
    // init phase, and takes a few milliseconds.
    if (!client.isReady()) await client.ready;
    const isCold = coldStart;
    coldStart = false;
    let request;
    try {
      request = requestFromEvent(event, { sendDefaultPii: client.getOptions().sendDefaultPii });
    } catch {
      request = undefined;
    }
    return client.runIsolated(() => invoke(client, run, event, context, options, isCold), { request });
  };
}

async function invoke(client, run, event, context, options, isCold) {
  let disarm = () => {};
  try {
    client.setTag('cold_start', String(isCold));
    for (const [name, value] of Object.entries(lambdaContexts(context))) client.setContext(name, value);
    if (options.captureTimeoutWarning) disarm = armTimeoutWarning(client, context, options.timeoutWarningLimit);
  } catch (error) {
    debugLogger(client.getOptions().debug).error('could not set up the invocation scope:', errorMessage(error));
  }
  try {
    return await run(event, context);
  } catch (error) {
    client.captureException(error, { mechanism: { ...MECHANISM } });
    throw error;
  } finally {
    disarm();
    try {
      await client.flush(options.flushTimeout);
    } catch {
      // Delivery is best effort; the invocation's answer must not depend on it.
    }
  }
}

// A callback-style handler (three parameters) as a promise: settled by the callback, or by a
// promise the handler returns, whichever comes first, as the runtime treats them.
function promiseHandler(handler) {
  if (typeof handler !== 'function' || handler.length < 3) return handler;
  return (event, context) => new Promise((resolve, reject) => {
    let settled = false;
    const once = (fn) => (value) => {
      if (settled) return;
      settled = true;
      fn(value);
    };
    const callback = (error, result) => {
      if (error !== undefined && error !== null) once(reject)(error);
      else once(resolve)(result);
    };
    const returned = handler(event, context, callback);
    if (returned && typeof returned.then === 'function') returned.then(once(resolve), once(reject));
  });
}

function definedOnly(object) {
  return Object.fromEntries(Object.entries(object ?? {}).filter(([, v]) => v !== undefined));
}
