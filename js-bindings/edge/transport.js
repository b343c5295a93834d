// The edge transport: moves the core's prepared requests with fetch while the invocation that
// produced them is alive. Workers have no storage worth queueing into and no page to outlive,
// so there is no offline queue: a request is retried when the core says so, as long as the wait
// fits in `maxRetryWaitMs` (the time a worker keeps running after its response, through
// ctx.waitUntil, is limited), and is otherwise given up and counted in a client report.
// The caller never waits for any of this: send() hands back a promise for ctx.waitUntil.

/**
 * @typedef {object} EdgeTransportOptions
 * @property {object} core the core's CoreClient (onResponse, onNetworkError)
 * @property {typeof fetch} [fetchImpl] defaults to the global fetch
 * @property {number} [maxRetryWaitMs=10000] the longest a request may wait for its retries in
 *   all; past it, it is given up
 * @property {(sending: Promise<void>) => void} [onSend] told of every request started, so the
 *   worker can keep the invocation alive for it (ctx.waitUntil)
 * @property {boolean} [debug=false] log each request's fate with console.log
 * @property {() => number} [now] Unix seconds
 */

/**
 * @typedef {object} EdgeTransport
 * @property {(request: { id: number, url: string, headers: Record<string, string>,
 *   body: string | Uint8Array }) => Promise<void>} send resolves once the request is answered or given up;
 *   never rejects
 * @property {(timeoutMs?: number) => Promise<boolean>} flush true once nothing is in flight
 * @property {(timeoutMs?: number) => Promise<boolean>} close flushes, then refuses new requests
 * @property {() => number} pendingCount requests in flight or waiting for a retry
 */

/**
 * Creates the edge transport. Never throws.
 * @param {EdgeTransportOptions} options
 * @returns {EdgeTransport}
 */
export function makeEdgeTransport({
  core,
  fetchImpl = (...args) => globalThis.fetch(...args),
  maxRetryWaitMs = 10_000,
  onSend,
  debug = false,
  now = () => Date.now() / 1000,
} = {}) {
  // eslint-disable-next-line no-console
  const log = debug ? (...args) => console.log('[vigil edge transport]', ...args) : () => {};
  const inFlight = new Set();
  let closed = false;

  async function deliver(request) {
    const started = Date.now();
    for (;;) {
      let response;
      try {
        response = await fetchImpl(request.url, { method: 'POST', headers: request.headers, body: request.body });
      } catch (error) {
        if (!(await retryLater(request, error, started))) return;
        continue;
      }
      const status = Number(response.status) || 0;
      const header = (name) => {
        try {
          return response.headers.get(name) ?? '';
        } catch {
          return '';
        }
      };
      log(`request ${request.id}: HTTP ${status}`);
      safe(() => core.onResponse(request.id, status, header('x-sentry-rate-limits'), header('retry-after'), now()));
      // An unread body holds the connection until the runtime collects it.
      try {
        await response.body?.cancel();
      } catch {
        // already consumed or closed
      }
      return;
    }
  }

  // Asks the core whether to resend; waits for the retry time when it fits the budget.
  // Returns false when the request is given up.
  function retryLater(request, error, started) {
    const decision = safe(() => core.onNetworkError(request.id, now()), { retry: false });
    if (!decision.retry) {
      log(`request ${request.id}: network error (${error?.message ?? error}), giving up`);
      return false;
    }
    const waitMs = Math.max(0, decision.retryAt * 1000 - Date.now());
    if (closed || Date.now() + waitMs - started > maxRetryWaitMs) {
      // The core counts the loss once a request's attempts are used up, so reporting the
      // remaining attempts as failed records it as a network_error in the next client report.
      for (let i = 0; i < 16 && safe(() => core.onNetworkError(request.id, now()).retry, false); i++);
      log(`request ${request.id}: network error, retry does not fit the invocation; given up`);
      return false;
    }
    log(`request ${request.id}: network error (${error?.message ?? error}), retry in ${waitMs} ms`);
    return new Promise((resolve) => setTimeout(() => resolve(true), waitMs));
  }

  function send(request) {
    if (closed || !request || typeof request.url !== 'string') return Promise.resolve();
    const sending = deliver(request).catch((error) => log('send failed:', error));
    inFlight.add(sending);
    sending.finally(() => inFlight.delete(sending));
    if (onSend) safe(() => onSend(sending));
    return sending;
  }

  function flush(timeoutMs = 2000) {
    if (inFlight.size === 0) return Promise.resolve(true);
    const deadline = Date.now() + Math.max(0, Number(timeoutMs) || 0);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(inFlight.size === 0), deadline - Date.now());
      const settle = () => {
        // Requests started meanwhile are waited for too.
        if (inFlight.size > 0) {
          Promise.allSettled([...inFlight]).then(settle);
          return;
        }
        clearTimeout(timer);
        resolve(true);
      };
      settle();
    });
  }

  async function close(timeoutMs = 2000) {
    const flushed = await flush(timeoutMs);
    closed = true;
    return flushed;
  }

  return { send, flush, close, pendingCount: () => inFlight.size };

  function safe(fn, fallback) {
    try {
      return fn();
    } catch (error) {
      log('internal error:', error);
      return fallback;
    }
  }
}
