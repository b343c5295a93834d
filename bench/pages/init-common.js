// Reports an init-cost page's timings to the runner (see init.html).

/** The DSN of the bench server itself, which accepts envelopes and drops them. */
export const DSN = `http://public@${location.host}/1`;

/**
 * Hands `marks` (performance.now() values) and the long tasks seen so far to the runner.
 * A long-task entry is queued once its task has ended, so the report waits one more task and
 * takes what the observer still holds.
 */
export function report(marks) {
  setTimeout(() => {
    const observer = window.__longTaskObserver;
    if (observer && window.__longTasks) {
      for (const entry of observer.takeRecords()) window.__longTasks.push(entry.duration);
    }
    window.__benchReport({ ...marks, longTasks: window.__longTasks });
  }, 0);
}
