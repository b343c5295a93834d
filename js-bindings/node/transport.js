// The Node transport: moves the core's prepared requests with the global fetch (Node 18+).
// Policy (rate limits, retry timing, client reports) is the core's; this file only keeps
// bodies until they are answered, in a bounded in-memory queue, and never throws:
// - every request starts at once (up to `maxConcurrency` in flight), so a flush at the end of
//   a Lambda invocation waits one round trip, not one per envelope;
// - a network failure asks the core whether and when to retry; the body waits in the queue;
// - the queue holds at most `maxQueueSize` envelopes: past that the oldest waiting one is
//   dropped and counted as `queue_overflow` in the next client report;
// - background timers are unref'd, so the SDK never keeps a process (or the Lambda runtime's
//   "empty event loop" wait) alive; only a flush someone awaits holds a referenced timer.
import { debugLogger } from '../core/debug-logger.js';
import { describeEnvelope } from '../core/envelope-items.js';

// Failures of a pooled connection the server (or a Lambda freeze) closed meanwhile: they say
// nothing about the server, so the first one is retried at once on a fresh connection.
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * @typedef {object} NodeTransportOptions
 * @property {object} core the core's CoreClient: onResponse, onNetworkError, takeClientReport,
 *   recordDiscard, isRateLimited.
 * @property {typeof fetch} [fetchImpl] defaults to the global fetch.
 * @property {number} [maxQueueSize=64] envelopes held (in flight or waiting); Sentry's
 *   `bufferSize` default.
 * @property {number} [maxConcurrency=8] requests in flight at once.
 * @property {number} [requestTimeoutMs=30000] a request unanswered this long counts as a
 *   network failure (and may be retried).
 * @property {boolean} [debug=false] log what happens to each request.
 * @property {() => number} [now] Unix seconds.
 */

/**
 * @typedef {object} NodeTransport
 * @property {(request: { id: number, url: string, headers: Record<string, string>,
 *   body: string | Uint8Array }) => Promise<void>} send resolves once the request was
 *   answered, dropped, or is waiting for a retry; never rejects.
 * @property {(timeoutMs?: number) => Promise<boolean>} flush true once nothing is in flight or
 *   waiting (pending client reports included, sent once the queue is empty), false if
 *   something still is after `timeoutMs`.
 * @property {(timeoutMs?: number) => Promise<boolean>} close flushes, then stops; what is still
 *   queued is abandoned.
 * @property {() => number} pendingCount envelopes in flight or waiting.
 */

/**
 * Creates the Node transport. Never throws.
 * @param {NodeTransportOptions} options
 * @returns {NodeTransport}
 */
export function makeNodeTransport({
  core,
  fetchImpl = (...args) => globalThis.fetch(...args),
  maxQueueSize = 64,
  maxConcurrency = 8,
  requestTimeoutMs = 30_000,
  debug = false,
  now = () => Date.now() / 1000,
} = {}) {
  const log = debugLogger(debug).log;
  /** Oldest first. */
  const entries = [];
  const waiters = new Set();
  let inFlight = 0;
  let closed = false;
  let wakeTimer = null;
  let wakeAt = Infinity;

  const safe = (fn, fallback) => {
    try {
      return fn();
    } catch (error) {
      log('transport internal error:', error);
      return fallback;
    }
  };
  const changed = () => {
    for (const check of [...waiters]) safe(check);
  };

  function recordLoss(reason, entry) {
    const { categories, carriedDiscards } = describeEnvelope(entry.body);
    for (const { category, quantity } of categories) {
      // A lost client report is not itself reported (that could loop)...
      if (category !== 'internal') safe(() => core.recordDiscard(reason, category, quantity));
    }
    // ...but what it reported is counted again, for the next one.
    for (const d of carriedDiscards) safe(() => core.recordDiscard(d.reason, d.category, d.quantity));
  }

  function remove(entry) {
    const i = entries.indexOf(entry);
    if (i >= 0) entries.splice(i, 1);
    entry.settle();
  }

  // Makes room for one more; false when everything held is in flight and the newcomer must go.
  function makeRoom() {
    while (entries.length >= maxQueueSize) {
      const oldest = entries.find((e) => !e.inFlight);
      if (!oldest) return false;
      log(`queue full: dropped request ${oldest.id}`);
      recordLoss('queue_overflow', oldest);
      remove(oldest);
    }
    return true;
  }

  function send(request) {
    try {
      if (closed) return Promise.resolve();
      const entry = {
        id: Number(request.id) || 0, url: String(request.url), headers: { ...request.headers },
        body: request.body, attempts: 0, notBefore: 0, inFlight: false, categories: null,
        settle: () => {},
      };
      const settled = new Promise((resolve) => {
        entry.settle = resolve;
      });
      if (!makeRoom()) {
        log(`queue full of requests in flight: dropped request ${entry.id}`);
        recordLoss('queue_overflow', entry);
        return Promise.resolve();
      }
      entries.push(entry);
      pump();
      return settled;
    } catch (error) {
      log('send failed:', error);
      return Promise.resolve();
    }
  }

  // Starts every request that may go now; sets the timer for the earliest that may go later.
  function pump() {
    if (closed) return;
    const t = now();
    let next = Infinity;
    for (const entry of [...entries]) {
      if (inFlight >= maxConcurrency) break;
      if (entry.inFlight) continue;
      if (entry.notBefore > t) {
        next = Math.min(next, entry.notBefore);
        continue;
      }
      attempt(entry, t);
    }
    if (next < Infinity) wakeAtTime(next);
  }

  function wakeAtTime(when) {
    if (!(when < wakeAt)) return;
    if (wakeTimer !== null) clearTimeout(wakeTimer);
    wakeAt = when;
    wakeTimer = setTimeout(() => {
      wakeTimer = null;
      wakeAt = Infinity;
      safe(pump);
    }, Math.max(0, Math.ceil((when - now()) * 1000)));
    wakeTimer.unref?.();
  }

  function attempt(entry, t) {
    // A retry that falls due while its category is rate limited must not go: Sentry's rule.
    if (entry.attempts > 0) {
      entry.categories ??= describeEnvelope(entry.body).categories;
      const limited = entry.categories.some(({ category }) => safe(() => core.isRateLimited(category, t), false));
      if (limited) {
        log(`request ${entry.id}: rate limited while waiting, dropped`);
        recordLoss('ratelimit_backoff', entry);
        remove(entry);
        return;
      }
    }
    entry.inFlight = true;
    entry.attempts += 1;
    inFlight += 1;
    transmit(entry)
      .then((outcome) => safe(() => (outcome.response ? onAnswer(entry, outcome.response) : onFailure(entry, outcome.error))))
      .finally(() => {
        inFlight -= 1;
        entry.inFlight = false;
        safe(pump);
        changed();
      });
  }

  async function transmit(entry) {
    try {
      const response = await fetchImpl(entry.url, {
        method: 'POST',
        headers: entry.headers,
        body: entry.body,
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      const header = (name) => {
        try {
          return response.headers?.get(name) ?? '';
        } catch {
          return '';
        }
      };
      const answer = {
        status: Number(response.status) || 0,
        rateLimits: header('x-sentry-rate-limits'),
        retryAfter: header('retry-after'),
      };
      // Reading the (small) body to the end lets the connection go back to the pool.
      try {
        await response.arrayBuffer();
      } catch {
        // The answer is what counts; a body cut short changes nothing.
      }
      return { response: answer };
    } catch (error) {
      return { error };
    }
  }

  function onAnswer(entry, { status, rateLimits, retryAfter }) {
    log(`request ${entry.id}: HTTP ${status}${rateLimits ? ` rate limits "${rateLimits}"` : ''}`);
    safe(() => core.onResponse(entry.id, status, rateLimits, retryAfter, now()));
    remove(entry);
  }

  function onFailure(entry, error) {
    const t = now();
    const decision = safe(() => core.onNetworkError(entry.id, t), { retry: false });
    const code = error?.cause?.code ?? error?.code;
    log(`request ${entry.id}: network error (${code ?? error?.message ?? error}),`,
      decision.retry ? `retry at ${decision.retryAt}` : 'giving up');
    if (!decision.retry || closed) {
      remove(entry);
      return;
    }
    entry.notBefore = entry.attempts === 1 && STALE_SOCKET_CODES.has(code) ? 0 : decision.retryAt;
    entry.settle();
  }

  // Pending client reports go when the queue is empty, at the end of a flush: they then count
  // everything this flush dropped, and never push an event out of a full queue.
  function sendClientReport() {
    if (closed) return;
    const request = safe(() => core.takeClientReport(now()), null);
    if (request) send(request);
  }

  function flush(timeoutMs = 2000) {
    return new Promise((resolve) => {
      let reported = false;
      let timer = null;
      const check = () => {
        if (entries.length !== 0) return false;
        if (!reported) {
          reported = true;
          sendClientReport();
          if (entries.length !== 0) return false;
        }
        if (timer !== null) clearTimeout(timer);
        waiters.delete(check);
        resolve(true);
        return true;
      };
      try {
        if (check()) return;
        waiters.add(check);
        // Referenced on purpose: whoever awaits a flush wants the process to live that long.
        timer = setTimeout(() => {
          waiters.delete(check);
          resolve(entries.length === 0);
        }, Math.max(0, Number(timeoutMs) || 0));
      } catch (error) {
        log('flush failed:', error);
        waiters.delete(check);
        resolve(false);
      }
    });
  }

  async function close(timeoutMs = 2000) {
    const flushed = await flush(timeoutMs);
    closed = true;
    if (wakeTimer !== null) clearTimeout(wakeTimer);
    wakeTimer = null;
    for (const entry of entries.splice(0)) entry.settle();
    changed();
    return flushed;
  }

  return { send, flush, close, pendingCount: () => entries.length };
}
