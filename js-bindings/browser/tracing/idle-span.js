// An idle transaction: a root span that ends by itself once nothing has happened under it for
// `idleTimeout` ms, and at the latest `finalTimeout` ms after it started. "Something
// happening" is a child span (or a descendant) being open: a fetch, a span the page starts
// while the transaction is active. Its end time is trimmed back to the end of its last child,
// so the idle wait itself does not count as page time.
//
// The root is made the bottom of the client's active-span stack while it runs: the page's own
// spans and the SDK's request spans become its children, and errors captured meanwhile join its
// trace (the client gives an error the trace of its active span).
import { ensureSpanHooks } from './span-hooks.js';
import { nowSeconds } from './clock.js';
import { toSeconds } from '../../core/span.js';

const FINISH_REASON = 'sentry.idle_span_finish_reason';

/**
 * @typedef {object} IdleOptions
 * @property {number} idleTimeout ms without open children before the transaction ends
 * @property {number} finalTimeout ms after its start at which it ends regardless
 * @property {number} childSpanTimeout ms a child may stay open before the transaction gives up
 * @property {boolean} [autoFinish=true] false waits for enableAutoFinish() before the idle timer
 * @property {(root: import('../../core/span.js').Span, idle: IdleSpan) => void} [beforeEnd]
 *   runs when the transaction is about to end, before its end time is settled: the place to add
 *   children made from performance entries
 * @property {(root: import('../../core/span.js').Span, endSeconds: number) => void} [onEnd] runs
 *   with the settled end time just before the root ends (its trace is still readable then)
 */

/**
 * @typedef {object} IdleSpan
 * @property {import('../../core/span.js').Span} span the root
 * @property {number} startSeconds
 * @property {(reason?: string, endSeconds?: number) => void} finish ends it now (trimmed as usual)
 * @property {() => void} enableAutoFinish lets the idle timer run (see IdleOptions.autoFinish)
 * @property {() => boolean} isFinished
 * @property {(endSeconds: number) => void} noteChild counts a child made (already ended) outside
 *   the span hooks
 */

/**
 * Starts an idle transaction and makes it the active root.
 * @param {import('../../core/client.js').Client} client
 * @param {object} spanOptions name, op, attributes, startTime (seconds)
 * @param {IdleOptions} options
 * @returns {IdleSpan}
 */
export function startIdleSpan(client, spanOptions, options) {
  ensureSpanHooks(client);
  const { idleTimeout, finalTimeout, childSpanTimeout, beforeEnd, onEnd } = options;
  const startSeconds = toSeconds(spanOptions.startTime) ?? nowSeconds();
  const root = client.startInactiveSpan({ ...spanOptions, startTime: startSeconds, parentSpan: null, forceTransaction: true });
  // Bottom of the stack: a span the page has active right now stays innermost.
  client._activeSpans?.unshift(root);

  const members = new Set([root]);  // the root and every span started under it
  const open = new Set();           // members that have not ended
  let latestChildEnd = 0;
  let finished = false;
  let autoFinish = options.autoFinish !== false;
  let statusSet = false;
  let idleTimer;
  let childTimer;

  const clearIdle = () => { clearTimeout(idleTimer); idleTimer = undefined; };
  const clearChild = () => { clearTimeout(childTimer); childTimer = undefined; };
  const restartIdle = () => {
    clearIdle();
    // The end the idle timer proposes; trimmed to the last child's end when it fires.
    const proposedEnd = nowSeconds() + idleTimeout / 1000;
    idleTimer = setTimeout(() => {
      if (!finished && open.size === 0 && autoFinish) finish('idleTimeout', proposedEnd);
    }, idleTimeout);
  };
  const restartChild = () => {
    clearChild();
    childTimer = setTimeout(() => {
      if (!finished && autoFinish) finish('heartbeatFailed', nowSeconds());
    }, childSpanTimeout);
  };

  const offStart = client.on('spanStart', (span, parent) => {
    if (finished || !parent || !members.has(parent)) return;
    members.add(span);
    if (span._ended) return;
    open.add(span);
    clearIdle();
    restartChild();
  });
  const offEnd = client.on('spanEnd', (span, when) => {
    if (span === root || !members.has(span)) return;
    if (Number.isFinite(when) && when > latestChildEnd) latestChildEnd = when;
    if (finished || !open.delete(span) || open.size > 0) return;
    clearChild();
    restartIdle();
  });
  const finalTimer = setTimeout(() => {
    if (finished) return;
    root.setStatus('deadline_exceeded');
    finish('finalTimeout', nowSeconds());
  }, finalTimeout);

  // Whoever ends the root (the page, a navigation, page hide) goes through finish().
  const rootEnd = root.end;
  root.end = (timestamp) => finish('externalFinish', toSeconds(timestamp));
  const rootSetStatus = root.setStatus;
  root.setStatus = (status) => {
    statusSet = true;
    return rootSetStatus.call(root, status);
  };

  function finish(reason = 'externalFinish', requestedEnd = nowSeconds()) {
    if (finished) return;
    finished = true;
    clearIdle();
    clearChild();
    clearTimeout(finalTimer);
    try {
      beforeEnd?.(root, idle);
    } catch {
      // A failed extra must not keep the transaction open.
    }
    // Trimmed to the last child's end, unless children are still running (their work belongs
    // to the transaction up to now); never before the start nor past the final timeout.
    let end = Number.isFinite(requestedEnd) ? requestedEnd : nowSeconds();
    if (open.size === 0 && latestChildEnd > 0) end = Math.min(end, latestChildEnd);
    end = Math.min(Math.max(end, startSeconds), startSeconds + finalTimeout / 1000);
    for (const child of open) {
      child.setStatus('cancelled');
      child.end(end);
    }
    open.clear();
    if (!statusSet) rootSetStatus.call(root, 'ok');
    root.setAttribute(FINISH_REASON, reason);
    offStart();
    offEnd();
    members.clear();
    try {
      onEnd?.(root, end);
    } catch {
      // As above.
    }
    rootEnd.call(root, end);
  }

  /** @type {IdleSpan} */
  const idle = {
    span: root,
    startSeconds,
    finish,
    enableAutoFinish() {
      if (finished || autoFinish) return;
      autoFinish = true;
      if (open.size > 0) restartChild();
      else restartIdle();
    },
    isFinished: () => finished,
    noteChild(endSeconds) {
      if (endSeconds > latestChildEnd) latestChildEnd = endSeconds;
      // Activity, like a child that started and ended: the idle wait starts again.
      if (!finished && autoFinish && open.size === 0) restartIdle();
    },
  };
  if (autoFinish) restartIdle();
  return idle;
}
