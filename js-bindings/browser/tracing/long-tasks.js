// Long tasks (main-thread work over 50 ms) as ui.long_task children of the running pageload or
// navigation transaction, where the browser reports them (Chromium: PerformanceObserver
// 'longtask').
import { observe } from './observe.js';
import { perfToSeconds } from './clock.js';

/**
 * @param {() => ((child: object) => number) | undefined} adderNow how to add a child to the
 *   transaction running now, with its start time in seconds; undefined when none runs
 * @param {() => number} routeStart start of that transaction, Unix seconds
 * @returns {{ disconnect: () => void } | null}
 */
export function trackLongTasks(adderNow, routeStart) {
  return observe('longtask', (entries) => {
    const add = adderNow();
    if (!add) return;
    const from = routeStart();
    for (const e of entries) {
      const start = perfToSeconds(e.startTime);
      // A navigation owns only what happened after it began.
      if (start < from) continue;
      add({
        op: 'ui.long_task',
        name: 'Main UI thread blocked',
        start,
        end: perfToSeconds(e.startTime + e.duration),
        origin: 'auto.ui.browser.metrics',
      });
    }
  });
}
