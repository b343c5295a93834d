// When the core's pending client reports leave: periodically, on page hide (the caller's
// job), and as soon as every rate limit is over, so the report of what a limit dropped is
// not held back until the next minute.
import { ALL_CATEGORIES } from '../../core/envelope-items.js';

// How often to ask the core whether its rate limits are over; it does not expose deadlines.
const RATE_LIMIT_POLL_MS = 1000;

/**
 * @param {object} options
 * @param {object} options.core the CoreClient (takeClientReport, isRateLimited).
 * @param {(request: object) => void} options.send hands a prepared request to the transport.
 * @param {() => number} options.now Unix seconds.
 * @param {number} options.intervalMs period of the regular report.
 * @param {() => boolean} options.isOnline reports are left in the core while offline.
 * @param {() => void} options.onLimitsOver also called when the rate limits end.
 * @param {(...args: unknown[]) => void} options.log
 * @returns {{ sendNow: () => void, watchRateLimits: () => void, stop: () => void }}
 *   `watchRateLimits` after a response that set a limit; never throw.
 */
export function scheduleClientReports({ core, send, now, intervalMs, isOnline, onLimitsOver, log }) {
  let watch = null;

  function sendNow() {
    try {
      const request = core.takeClientReport(now());
      if (request) send(request);
    } catch (error) {
      log('client report failed:', error);
    }
  }

  function anyLimited() {
    const t = now();
    try {
      return ALL_CATEGORIES.some((c) => core.isRateLimited(c, t));
    } catch {
      return false;
    }
  }

  const timer = setInterval(() => {
    if (isOnline()) sendNow();
  }, intervalMs);

  return {
    sendNow,
    watchRateLimits() {
      if (watch !== null) return;
      watch = setInterval(() => {
        if (anyLimited()) return;
        clearInterval(watch);
        watch = null;
        sendNow();
        onLimitsOver();
      }, RATE_LIMIT_POLL_MS);
    },
    stop() {
      clearInterval(timer);
      if (watch !== null) clearInterval(watch);
      watch = null;
    },
  };
}
