// The browser transport: moves the core's prepared requests with fetch and keeps them safe
// until they are answered. Policy (rate limits, retry timing, client reports) is the core's;
// this file only decides *how* bytes travel:
// - keepalive while the page's keepalive budget allows, so a request survives the page;
// - everything that cannot travel with keepalive is written to the offline queue first, so a
//   page that goes away mid-request leaves it for the next page load;
// - failed requests wait in the queue for the retry time the core gives; offline, requests go
//   straight to the queue; the queue drains oldest first, one at a time, when the network
//   returns, on the next page load, and when retries fall due.
import { scheduleClientReports } from './client-reports.js';
import { carriedDiscards, describeEnvelope } from '../../core/envelope-items.js';
import { createHandoverLog } from './handover-log.js';
import { tabId } from './ids.js';
import { createJobStore, LEASE_SECONDS } from './job-store.js';
import { createKeepaliveBudget } from './keepalive-budget.js';
import { openOfflineQueue } from './offline-queue.js';
import { isOnline, watchPageLifecycle } from './page-lifecycle.js';
import { fetchEnvelope, readResponse } from './post-envelope.js';
import { createWakeTimer, orphanRetryDecision } from './retry-scheduler.js';

// A keepalive fetch rejected this soon was refused by the browser's budget, not the network.
const IMMEDIATE_FAILURE_MS = 250;
// How soon to look again at a queued envelope held back by a rate limit.
const RATE_LIMIT_POLL_SECONDS = 1;

/**
 * @typedef {object} FetchTransportOptions
 * @property {object} core the core's CoreClient: onResponse, onNetworkError, takeClientReport,
 *   recordDiscard, isRateLimited.
 * @property {typeof fetch} [fetchImpl] defaults to the global fetch.
 * @property {boolean} [offlineQueue=true] keep waiting envelopes in IndexedDB (else memory).
 * @property {number} [maxQueueSize=30] envelopes the queue holds; the oldest go first, counted
 *   as `queue_overflow`.
 * @property {number} [maxQueueBytes=5242880] body bytes the queue holds, same rule.
 * @property {string} [queueName='vigil-offline-queue'] IndexedDB database name.
 * @property {number} [clientReportIntervalMs=60000] how often pending client reports go out.
 * @property {boolean} [debug=false] log what happens to each request to the console.
 * @property {() => number} [now] Unix seconds.
 */

/**
 * @typedef {object} Transport
 * @property {(request: { id: number, url: string, headers: Record<string, string>,
 *   body: string | Uint8Array, bytes?: number,
 *   categories?: Array<{ category: string, quantity: number }> }) => Promise<void>} send
 *   resolves once the request was answered, or is waiting in the queue; never rejects.
 *   `categories` (and `bytes`, the body's UTF-8 size) stand in for reading the body: the core
 *   says them for its requests, and a content-encoded body cannot be read.
 * @property {(timeoutMs?: number) => Promise<boolean>} flush true once nothing is in flight or
 *   waiting, false if something still is after `timeoutMs`.
 * @property {(timeoutMs?: number) => Promise<boolean>} close flushes, then stops; what is still
 *   queued stays in IndexedDB for the next page load.
 * @property {() => number} pendingCount envelopes in flight or waiting (as far as this page
 *   knows; other tabs share the queue).
 */

/**
 * Creates the fetch transport. Never throws, and logs only with `debug`.
 * @param {FetchTransportOptions} options
 * @returns {Transport}
 */
export function makeFetchTransport({
  core,
  fetchImpl = (...args) => globalThis.fetch(...args),
  offlineQueue = true,
  maxQueueSize = 30,
  maxQueueBytes = 5 * 1024 * 1024,
  queueName = 'vigil-offline-queue',
  clientReportIntervalMs = 60_000,
  debug = false,
  now = () => Date.now() / 1000,
} = {}) {
  // eslint-disable-next-line no-console
  const log = debug ? (...args) => console.log('[vigil transport]', ...args) : () => {};
  const safe = (fn, fallback) => {
    try {
      return fn();
    } catch (error) {
      log('internal error:', error);
      return fallback;
    }
  };
  const budget = createKeepaliveBudget();
  const queue = openOfflineQueue({
    persistent: offlineQueue,
    name: queueName,
    log,
    onFallback: () => safe(() => jobs.rewriteAll()), // IndexedDB broke: memory from now on
  });
  const tab = tabId(); // leases: every document of this tab
  const jobs = createJobStore({
    queue,
    handedOver: createHandoverLog(offlineQueue ? undefined : null),
    tab,
    now,
    bounds: { maxCount: maxQueueSize, maxBytes: maxQueueBytes },
    onDropped: (meta) => {
      log(`queue full: dropped ${meta.key} (${meta.bytes} bytes)`);
      recordLoss('queue_overflow', meta);
      changed();
    },
  });
  const { held, busy } = jobs;
  const waiters = new Set();
  const wake = createWakeTimer(() => drain(), now);
  let backlog = 0; // queued entries not (yet) held here, e.g. earlier pages', at the last claim
  let draining = false;
  let drainAgain = false;
  let closed = false;
  // Set from pagehide until the page returns from the back/forward cache: the document is
  // going, and the failures its teardown causes say nothing about the network. (Chromium
  // rejects the page's fetches, keepalive ones too, just before it fires pagehide.)
  let leaving = false;

  const changed = () => {
    for (const check of [...waiters]) safe(check);
  };
  const idle = () => !draining && held.size === 0 && backlog === 0;
  const rateLimited = (entry, t) => safe(
    () => entry.categories.some(({ category }) => core.isRateLimited(category, t)), false);

  function recordLoss(reason, entry) {
    for (const { category, quantity } of entry.categories) {
      // A lost client report is not itself reported: that could loop...
      if (category !== 'internal') safe(() => core.recordDiscard(reason, category, quantity));
    }
    // ...but what it reported is counted again, for the next one.
    for (const d of entry.carried ?? []) safe(() => core.recordDiscard(d.reason, d.category, d.quantity));
  }

  // --- sending -----------------------------------------------------------------------------

  // Starts sending synchronously (page-hide handlers get no second chance), then settles.
  function attempt(job) {
    const { entry } = job;
    busy.add(entry.key);
    const keepalive = budget.reserve(entry.bytes);
    // A plain request dies with the page, so it is queued first. A keepalive request outlives
    // the page and the browser owns it: a queued copy would be sent again by the next page.
    // Except after a failure: a server that just failed may fail again once the page is gone,
    // with nobody left to retry, so such an entry stays queued until answered (at worst a
    // second copy, which Sentry drops by event id, rather than a loss).
    if (!keepalive || entry.attempts > 0) jobs.lease(job);
    else jobs.handOver(job);
    return transmit(job, keepalive)
      .then((outcome) => safe(() => {
        if (outcome.response) onAnswer(job, outcome.response);
        // Teardown cancelled it: a plain request waits in the queue for the next page load
        // (its lease names this tab); a keepalive one is on its way regardless.
        else if (!outcome.teardown) onFailure(job, outcome.error);
      }))
      .finally(() => {
        busy.delete(entry.key);
        changed();
      });
  }

  async function transmit(job, keepalive) {
    const { entry } = job;
    const started = Date.now();
    try {
      const response = await fetchEnvelope(fetchImpl, entry, keepalive);
      if (keepalive) budget.answered(entry.bytes);
      return { response };
    } catch (error) {
      if (keepalive) budget.failed(entry.bytes);
      // Decided a task later: if the failure came from the document being torn down, pagehide
      // has fired by then (or the document is gone and this never runs). Resending a keepalive
      // request the browser is still delivering would deliver it twice.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (leaving) return { error, teardown: true };
      if (!keepalive || Date.now() - started > IMMEDIATE_FAILURE_MS) return { error };
      // Refused at once: the page's keepalive budget was spent by someone else (or not yet
      // freed after a response). The same request without keepalive goes through.
      log(`keepalive request refused (${error?.message ?? error}); resending without keepalive`);
      jobs.lease(job);
      try {
        return { response: await fetchEnvelope(fetchImpl, entry, false) };
      } catch (error2) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        return { error: error2, teardown: leaving };
      }
    }
  }

  function onAnswer(job, response) {
    const { entry } = job;
    const { status, rateLimits, retryAfter } = readResponse(response);
    log(`${entry.key}: HTTP ${status}${rateLimits ? ` rate limits "${rateLimits}"` : ''}`);
    safe(() => core.onResponse(jobs.own(entry) ? entry.coreId : 0, status, rateLimits, retryAfter, now()));
    // The core counts send errors only for requests it knows.
    if (!jobs.own(entry) && status >= 300 && status !== 429) recordLoss('send_error', entry);
    jobs.finish(job);
    if (status === 429 || rateLimits) reports.watchRateLimits();
    if (status >= 200 && status < 300 && (backlog > 0 || jobs.anyWaiting())) drain();
  }

  function onFailure(job, error) {
    const { entry } = job;
    entry.owner = null;
    entry.leaseUntil = 0;
    if (!isOnline()) {
      // The network went away, not the envelope's fault: no attempt counted; 'online' drains.
      log(`${entry.key}: offline, queued`);
      jobs.save(job);
      return;
    }
    const t = now();
    entry.attempts += 1;
    const decision = jobs.own(entry)
      ? safe(() => core.onNetworkError(entry.coreId, t), { retry: false })
      : orphanRetryDecision(entry.attempts, t);
    log(`${entry.key}: network error (${error?.message ?? error}),`,
      decision.retry ? `retry at ${decision.retryAt}` : 'giving up');
    if (!decision.retry) {
      if (!jobs.own(entry)) recordLoss('network_error', entry); // the core counts its own
      jobs.finish(job);
      return;
    }
    entry.notBefore = decision.retryAt;
    jobs.save(job);
    wake.at(decision.retryAt);
  }

  // Sends queued envelopes oldest first, one at a time, until none may go now; then sets the
  // timer for the earliest one that may go later.
  async function drain() {
    if (closed) return;
    if (draining) {
      drainAgain = true;
      return;
    }
    draining = true;
    let sent = 0;
    try {
      jobs.purgeHandedOver();
      do {
        drainAgain = false;
        while (!closed && !leaving && isOnline()) {
          const t = now();
          const settled = jobs.settledKeys();
          const { entry, wakeAt, metas } = await queue.claim({
            now: t,
            owner: tab,
            leaseUntil: t + LEASE_SECONDS,
            ready: (meta) => safe(() => readiness(meta, t), Infinity),
          });
          if (wakeAt < Infinity) wake.at(wakeAt);
          jobs.forgetMissing(settled, metas);
          const job = entry && jobs.adopt(entry);
          backlog = metas.filter((m) => !held.has(m.key)).length;
          if (!entry) break;
          if (!job) continue;
          sent += 1;
          await attempt(job);
        }
      } while (drainAgain && !closed);
    } catch (error) {
      log('drain failed:', error);
    } finally {
      draining = false;
      changed();
    }
    // Discards counted while offline (queue overflow, say) go once the backlog is through.
    if (sent > 0 && isOnline()) sendClientReport();
  }

  function readiness(meta, t) {
    if (busy.has(meta.key)) return Infinity; // its answer drains again
    if (meta.notBefore > t) return meta.notBefore;
    if (rateLimited(meta, t)) return t + RATE_LIMIT_POLL_SECONDS;
    return true;
  }

  // --- client reports -----------------------------------------------------------------------

  const reports = scheduleClientReports({
    core,
    send: (request) => send(request),
    now,
    intervalMs: clientReportIntervalMs,
    isOnline,
    onLimitsOver: () => drain(),
    log,
  });
  const sendClientReport = () => {
    if (!closed) reports.sendNow();
  };

  // --- page lifecycle ------------------------------------------------------------------------

  // The page may be about to go: whatever waits goes now, with keepalive, as far as the budget
  // allows. The rest is already in the queue for the next page load.
  function onHide() {
    if (closed) return;
    sendClientReport();
    if (!isOnline()) return;
    const t = now();
    for (const job of [...held.values()]) {
      const { entry } = job;
      if (busy.has(entry.key) || rateLimited(entry, t) || !budget.fits(entry.bytes)) continue;
      attempt(job);
    }
  }

  // Back from the back/forward cache: what teardown failed is queued again.
  function onReturn() {
    leaving = false;
    for (const [key, job] of held) if (!busy.has(key) && !job.stored) jobs.persist(job);
    drain();
  }

  const stopWatching = safe(() => watchPageLifecycle({
    onHide: () => safe(onHide),
    onLeave: () => { leaving = true; },
    onReturn: () => safe(onReturn),
    onOnline: () => safe(drain),
  }), () => {});
  // What earlier pages left in the queue.
  safe(drain);

  // --- the public surface ------------------------------------------------------------------

  function send(request) {
    try {
      if (closed || !request || typeof request.url !== 'string') return Promise.resolve();
      // The core's requests say what they hold; a content-encoded body (a brotli replay
      // segment) cannot be read, so its sender says too. Anything else is read here.
      const told = Array.isArray(request.categories);
      const read = told && Number.isSafeInteger(request.bytes) ? null : describeEnvelope(request.body);
      const bytes = read ? read.bytes : request.bytes;
      const categories = told ? request.categories : read.categories;
      const job = jobs.track(request, bytes, categories);
      // Kept with the entry (and its queued copy), since a dropped entry may have no body. Only
      // an envelope that counts an `internal` item carries a client report.
      const carried = categories.some((c) => c.category === 'internal') ? carriedDiscards(request.body) : [];
      if (carried.length) job.entry.carried = carried;
      if (!isOnline() || rateLimited(job.entry, now())) {
        log(`${job.entry.key}: ${isOnline() ? 'rate limited' : 'offline'}, queued`);
        jobs.persist(job);
        drain();
        return Promise.resolve();
      }
      return attempt(job).catch(() => {});
    } catch (error) {
      log('send failed:', error);
      return Promise.resolve();
    }
  }

  function flush(timeoutMs = 2000) {
    return new Promise((resolve) => {
      try {
        if (idle()) {
          resolve(true);
          return;
        }
        drain();
        const check = () => {
          if (!idle()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          resolve(idle());
        }, Math.max(0, Number(timeoutMs) || 0));
        waiters.add(check);
      } catch (error) {
        log('flush failed:', error);
        resolve(false);
      }
    });
  }

  async function close(timeoutMs = 2000) {
    const flushed = await flush(timeoutMs);
    closed = true;
    safe(stopWatching);
    reports.stop();
    wake.cancel();
    return flushed;
  }

  return { send, flush, close, pendingCount: () => held.size + backlog };
}
