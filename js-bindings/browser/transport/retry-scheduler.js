// When to look at the queue again, and the retry rule for envelopes the core does not know.
//
// Retry policy is the core's (TransportState::on_network_error): it knows each request's
// attempts. After a reload, though, queued bodies belong to a core that no longer exists and
// the new one answers "unknown id, do not retry". For those orphans the transport applies the
// same rule itself, with the attempt count stored beside the body.

/** Sends per envelope before a network failure is final; the core's default. */
export const ORPHAN_MAX_ATTEMPTS = 3;
const ORPHAN_INITIAL_DELAY = 1;
const ORPHAN_MAX_DELAY = 30;

/**
 * The retry decision for an envelope whose request id the core does not know.
 * @param {number} failures network failures so far, this one included.
 * @param {number} now Unix seconds.
 * @returns {{ retry: boolean, retryAt: number, attempt: number }} same shape as the core's.
 */
export function orphanRetryDecision(failures, now) {
  if (failures >= ORPHAN_MAX_ATTEMPTS) return { retry: false, retryAt: 0, attempt: failures };
  const delay = Math.min(ORPHAN_INITIAL_DELAY * 2 ** (failures - 1), ORPHAN_MAX_DELAY);
  return { retry: true, retryAt: now + delay, attempt: failures + 1 };
}

/**
 * One timer that fires `wake` at the earliest time anyone asked for. Many envelopes waiting
 * for different retry times need only one timer: each wake drains whatever is due and asks
 * again for the next.
 * @param {() => void} wake
 * @param {() => number} now Unix seconds.
 * @returns {{ at: (when: number) => void, cancel: () => void }} `at(when)` with Unix seconds;
 *   a later time than the one already set is ignored, Infinity is ignored.
 */
export function createWakeTimer(wake, now) {
  let timer = null;
  let due = Infinity;
  return {
    at(when) {
      if (!(when < due)) return;
      if (timer !== null) clearTimeout(timer);
      due = when;
      const delayMs = Math.max(0, Math.ceil((when - now()) * 1000));
      timer = setTimeout(() => {
        timer = null;
        due = Infinity;
        wake();
      }, delayMs);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      due = Infinity;
    },
  };
}
