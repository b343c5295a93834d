// The pageload's web vitals, as measurements Sentry shows on the transaction: fp, fcp, lcp,
// cls, ttfb and ttfb.requestTime (milliseconds from navigation start, cls unitless). Values
// follow web.dev's definitions: paints and LCP count only while the page has never been hidden,
// times are relative to activationStart for prerendered pages, CLS is the largest session
// window of layout shifts not caused by recent input.
import { listen, observe } from './observe.js';
import { elementSelector } from '../integrations/html-selector.js';

/** The document's PerformanceNavigationTiming entry, if the browser has one. */
export function navigationEntry() {
  try {
    return globalThis.performance?.getEntriesByType?.('navigation')?.[0];
  } catch {
    return undefined;
  }
}

function activationStart() {
  return navigationEntry()?.activationStart ?? 0;
}

/**
 * Starts observing; read the result with measurements() when the pageload ends.
 * @returns {{ measurements: () => Record<string, {value: number, unit: string}>,
 *   lcpData: () => Record<string, unknown>, disconnect: () => void }}
 */
export function trackWebVitals() {
  const doc = globalThis.document;
  // A page hidden before it painted (a background tab) has no meaningful paint timings.
  let firstHidden = doc?.visibilityState === 'hidden' ? 0 : Infinity;
  const onVisibility = () => {
    if (doc.visibilityState === 'hidden' && firstHidden === Infinity) firstHidden = globalThis.performance?.now?.() ?? 0;
  };
  const unlisten = listen(doc, 'visibilitychange', onVisibility, true);

  let fp;
  let fcp;
  let lcp;
  let cls = 0;
  let clsSeen = false;
  let windowValue = 0;
  let windowFirst = 0;
  let windowLast = 0;

  const observers = [
    observe('paint', (entries) => {
      for (const e of entries) {
        if (e.startTime >= firstHidden) continue;
        if (e.name === 'first-paint') fp = e.startTime;
        if (e.name === 'first-contentful-paint') fcp = e.startTime;
      }
    }),
    observe('largest-contentful-paint', (entries) => {
      for (const e of entries) if (e.startTime < firstHidden) lcp = e;
    }),
    observe('layout-shift', (entries) => {
      for (const e of entries) {
        if (e.hadRecentInput) continue;
        clsSeen = true;
        // A session window closes after a 1 s gap or at 5 s; CLS is the worst window.
        if (windowValue > 0 && e.startTime - windowLast < 1000 && e.startTime - windowFirst < 5000) {
          windowValue += e.value;
        } else {
          windowValue = e.value;
          windowFirst = e.startTime;
        }
        windowLast = e.startTime;
        if (windowValue > cls) cls = windowValue;
      }
    }),
  ].filter(Boolean);

  return {
    measurements() {
      for (const o of observers) o.takeRecords();
      const ms = (value) => ({ value: Math.max(0, value - activationStart()), unit: 'millisecond' });
      const out = {};
      if (fp !== undefined) out.fp = ms(fp);
      if (fcp !== undefined) out.fcp = ms(fcp);
      if (lcp) out.lcp = ms(lcp.startTime);
      if (clsSeen) out.cls = { value: cls, unit: '' };
      const nav = navigationEntry();
      if (nav && nav.responseStart > 0) {
        out.ttfb = ms(nav.responseStart);
        if (nav.requestStart > 0 && nav.requestStart <= nav.responseStart) {
          out['ttfb.requestTime'] = { value: nav.responseStart - nav.requestStart, unit: 'millisecond' };
        }
      }
      return out;
    },
    lcpData() {
      if (!lcp) return {};
      return {
        'lcp.element': lcp.element ? elementSelector(lcp.element) : undefined,
        'lcp.id': lcp.id || undefined,
        'lcp.url': lcp.url ? String(lcp.url).slice(0, 200) : undefined,
        'lcp.loadTime': lcp.loadTime,
        'lcp.renderTime': lcp.renderTime,
        'lcp.size': lcp.size,
      };
    },
    disconnect() {
      for (const o of observers) o.disconnect();
      unlisten();
    },
  };
}
