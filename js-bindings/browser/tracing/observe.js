// PerformanceObserver, guarded: entry types differ between browsers (Safari has no 'longtask',
// Firefox no 'layout-shift'), and observing an unknown type throws in some engines. Also the
// SDK's own event listeners.
import { originalOf } from '../integrations/instrument-patch.js';

/**
 * Observes `type` (with the entries buffered before the call), passing each batch to callback.
 * @param {string} type e.g. 'paint', 'largest-contentful-paint', 'longtask'
 * @param {(entries: PerformanceEntry[]) => void} callback
 * @param {object} [extra] more observe() options, e.g. { durationThreshold: 40 }
 * @returns {{ takeRecords: () => void, disconnect: () => void } | null} null when unsupported
 */
export function observe(type, callback, extra = {}) {
  const PO = globalThis.PerformanceObserver;
  if (typeof PO !== 'function' || !PO.supportedEntryTypes?.includes(type)) return null;
  const run = (entries) => {
    try {
      if (entries.length) callback(entries);
    } catch {
      // Measuring must never break the page.
    }
  };
  try {
    const observer = new PO((list) => run(list.getEntries()));
    observer.observe({ type, buffered: true, ...extra });
    return {
      // Hands over entries the browser queued but has not delivered yet (before a page hides).
      takeRecords: () => run(observer.takeRecords()),
      disconnect: () => observer.disconnect(),
    };
  } catch {
    return null;
  }
}

/**
 * addEventListener through the unpatched function, so the SDK's own listeners are not wrapped
 * by browserApiErrors or counted as the page's.
 * @returns {() => void} removes the listener
 */
export function listen(target, type, listener, options) {
  if (typeof target?.addEventListener !== 'function') return () => {};
  originalOf(target.addEventListener).call(target, type, listener, options);
  return () => originalOf(target.removeEventListener).call(target, type, listener, options);
}
