// withVigil(options, handler): instruments an ES-module worker as Sentry's withSentry does.
// fetch, scheduled and queue each run as an invocation with its own scope; an error thrown or
// rejected by the handler is captured as unhandled (mechanism "cloudflare") and rethrown; events
// go out through ctx.waitUntil, so neither a response nor a stream waits for ingest. The rest of
// the handler object is passed through unchanged.
import { debugLogger } from '../core/debug-logger.js';
import { errorMessage } from '../core/serialize.js';
import { acquireClient } from './sdk.js';

const UNHANDLED = { type: 'cloudflare', handled: false };

/**
 * @template {object} H
 * @param {(env: any) => object} optionsCallback gets the worker's env on the first invocation;
 *   returns the options (dsn, release, environment, sampleRate, beforeSend, sendDefaultPii,
 *   wasmModule, ...)
 * @param {H} handler the worker's default export
 * @returns {H} a copy of the handler with fetch, scheduled and queue instrumented
 */
export function withVigil(optionsCallback, handler) {
  if (typeof handler !== 'object' || handler === null) return handler;
  const wrapped = Object.create(Object.getPrototypeOf(handler), Object.getOwnPropertyDescriptors(handler));
  const getOptions = (env) => () => (typeof optionsCallback === 'function' ? optionsCallback(env) : optionsCallback);
  if (typeof handler.fetch === 'function') {
    const original = handler.fetch;
    wrapped.fetch = function fetch(request, env, ctx) {
      return invoke(getOptions(env), ctx, { kind: 'fetch', request },
        () => original.call(handler, request, env, ctx));
    };
  }
  if (typeof handler.scheduled === 'function') {
    const original = handler.scheduled;
    wrapped.scheduled = function scheduled(controller, env, ctx) {
      const trigger = { trigger: 'scheduled', cron: controller?.cron, scheduled_time: controller?.scheduledTime };
      return invoke(getOptions(env), ctx, { kind: 'scheduled', key: controller, trigger },
        () => original.call(handler, controller, env, ctx));
    };
  }
  if (typeof handler.queue === 'function') {
    const original = handler.queue;
    wrapped.queue = function queue(batch, env, ctx) {
      const trigger = { trigger: 'queue', queue: batch?.queue, messages: batch?.messages?.length };
      return invoke(getOptions(env), ctx, { kind: 'queue', key: batch, trigger },
        () => original.call(handler, batch, env, ctx));
    };
  }
  return wrapped;
}

async function invoke(getOptions, ctx, what, call) {
  let client = acquireClient(getOptions);
  // Only the isolate's first invocations wait, for the Wasm core to instantiate.
  if (client && typeof client.then === 'function') client = await client;
  let inv;
  try {
    if (client) inv = client.startInvocation({ ...what, ctx });
  } catch (error) {
    debugLogger(client.getOptions().debug).error('could not start the invocation:', errorMessage(error));
  }
  if (!inv) return call();
  try {
    return await client.runIn(inv.frame, call);
  } catch (error) {
    if (!client.wasCaptured(error)) {
      client.runIn(inv.frame, () => client.captureException(error, { mechanism: UNHANDLED }));
    }
    throw error;
  } finally {
    try {
      inv.end();
    } catch (error) {
      debugLogger(client.getOptions().debug).error('could not end the invocation:', errorMessage(error));
    }
  }
}
