// browserTracingIntegration: the automatic transactions of a browser page, as @sentry/browser
// makes them.
// - pageload: starts at init, dated from navigation start, named by the path; continues the
//   trace a server rendered into <meta name="sentry-trace"> / <meta name="baggage">; gets the
//   navigation-timing, paint, resource and user-timing spans and the web vitals when it ends.
// - navigation: on pushState / replaceState / popstate, named by the new path, after ending the
//   transaction that ran.
// Both are idle transactions (see idle-span.js). While one runs, fetch and XHR calls become
// http.client spans under it, and long tasks become ui.long_task spans. Trace headers go on
// requests matching tracePropagationTargets (default: the page's own origin) whether or not a
// transaction runs: after one ended, requests carry the last one's trace, as in Sentry.
import { onHistory } from '../integrations/instrument-history.js';
import { startIdleSpan } from './idle-span.js';
import { ensureSpanHooks } from './span-hooks.js';
import { nowSeconds, perfToSeconds, timeOriginMs } from './clock.js';
import { entryBuffer } from './entry-buffer.js';
import { addEntrySpan, addNavigationTimingSpans, childAdder } from './performance-spans.js';
import { navigationEntry, trackWebVitals } from './web-vitals.js';
import { trackLongTasks } from './long-tasks.js';
import { trackInp } from './inp.js';
import { instrumentRequests } from './request-spans.js';
import { mergeBaggage, resolveUrl } from './propagation.js';
import { setOrigin } from './child-span.js';
import { listen } from './observe.js';
import { registerRouteTracing } from './route-spans.js';

const NAME = 'BrowserTracing';

/**
 * @typedef {object} BrowserTracingOptions
 * @property {number} [idleTimeout=1000] ms without open child spans before a transaction ends
 * @property {number} [finalTimeout=30000] ms after which a transaction ends regardless
 * @property {number} [childSpanTimeout=15000] ms a child may stay open before the transaction ends
 * @property {boolean} [instrumentPageLoad=true]
 * @property {boolean} [instrumentNavigation=true]
 * @property {boolean} [traceFetch=true]
 * @property {boolean} [traceXHR=true]
 * @property {boolean} [enableLongTask=true]
 * @property {boolean} [enableInp=true]
 * @property {(url: string) => boolean} [shouldCreateSpanForRequest]
 */

/**
 * @param {BrowserTracingOptions} [options]
 * @returns {{ name: string, setup: (client: import('../../core/client.js').Client) => void }}
 */
export function browserTracingIntegration(options = {}) {
  const opts = {
    idleTimeout: 1000, finalTimeout: 30000, childSpanTimeout: 15000,
    instrumentPageLoad: true, instrumentNavigation: true, traceFetch: true, traceXHR: true,
    enableLongTask: true, enableInp: true, ...options,
  };
  return {
    name: NAME,
    setup(client) {
      if (typeof globalThis.window === 'undefined' || !globalThis.location) return;
      setupTracing(client, opts);
    },
  };
}

function setupTracing(client, opts) {
  ensureSpanHooks(client);
  const entries = entryBuffer();
  const vitals = trackWebVitals();
  const teardown = [() => entries.disconnect(), () => vitals.disconnect()];
  /** The running or last transaction: { op, idle, headers } (headers set once it ended). */
  let route = null;

  const running = () => (route && !route.idle.isFinished() ? route : null);

  function startRoute(op, name, startSeconds, incoming, source = 'url') {
    running()?.idle.finish('cancelled');
    const record = { op, idle: null, headers: undefined, href: globalThis.location?.href };
    entries.start();
    const begin = () => startIdleSpan(client, {
      name, op, startTime: startSeconds, attributes: { 'sentry.source': source },
    }, {
      idleTimeout: opts.idleTimeout,
      finalTimeout: opts.finalTimeout,
      childSpanTimeout: opts.childSpanTimeout,
      // A pageload waits for the document to be parsed before it may go idle.
      autoFinish: op !== 'pageload',
      beforeEnd: (root, idle) => addPageData(record, root, idle),
      onEnd: (root) => {
        // Remembered for requests and INP reports after the transaction is gone.
        record.headers = client.traceHeaders(root, '');
        entries.stop();
      },
    });
    record.idle = incoming ? client.continueTrace(incoming, begin) : begin();
    setOrigin(client, record.idle.span, `auto.${op}.browser`);
    route = record;
    return record;
  }

  function addPageData(record, root, idle) {
    const drained = entries.drain();
    // Unsampled: the core would drop every child; skip the work. (Before the core is ready
    // nothing is known yet, so the spans are made.)
    if (client._core && !root.isRecording()) return;
    const add = childAdder(client, idle);
    const isPageload = record.op === 'pageload';
    if (isPageload) {
      const nav = navigationEntry();
      if (nav) addNavigationTimingSpans(add, nav);
    }
    for (const entry of drained) {
      if (!isPageload && (entry.entryType === 'paint' || perfToSeconds(entry.startTime) < idle.startSeconds)) continue;
      addEntrySpan(add, entry);
    }
    if (isPageload) addVitals(root);
  }

  function addVitals(root) {
    for (const [name, m] of Object.entries(vitals.measurements())) root.setMeasurement(name, m.value, m.unit);
    const nav = navigationEntry();
    const data = {
      ...vitals.lcpData(),
      'performance.timeOrigin': timeOriginMs / 1000,
      'performance.activationStart': nav?.activationStart,
      effectiveConnectionType: globalThis.navigator?.connection?.effectiveType,
      hardwareConcurrency: globalThis.navigator?.hardwareConcurrency ? String(globalThis.navigator.hardwareConcurrency) : undefined,
    };
    for (const [key, value] of Object.entries(data)) if (value !== undefined && value !== null) root.setAttribute(key, value);
    const rtt = globalThis.navigator?.connection?.rtt;
    if (typeof rtt === 'number' && rtt >= 0) root.setMeasurement('connection.rtt', rtt, 'millisecond');
  }

  // Trace headers for a request: from the span it runs under, else the last transaction's.
  function headersFor(span, existingBaggage) {
    if (span) {
      const headers = client.traceHeaders(span, existingBaggage);
      if (headers) return headers;
    }
    const saved = route?.headers;
    if (!saved) return undefined;
    return { 'sentry-trace': saved['sentry-trace'], baggage: mergeBaggage(existingBaggage, saved.baggage) };
  }

  teardown.push(instrumentRequests(client, {
    traceFetch: opts.traceFetch,
    traceXHR: opts.traceXHR,
    shouldCreateSpanForRequest: opts.shouldCreateSpanForRequest,
    tracePropagationTargets: client.getOptions().tracePropagationTargets,
    headersFor,
  }));

  if (opts.enableLongTask) {
    const longTasks = trackLongTasks(
      () => { const r = running(); return r ? childAdder(client, r.idle) : undefined; },
      () => running()?.idle.startSeconds ?? Infinity);
    if (longTasks) teardown.push(() => longTasks.disconnect());
  }

  const inp = opts.enableInp ? trackInp(() => route) : null;
  if (inp) teardown.push(() => inp.disconnect());
  const reportInp = () => {
    const candidate = inp?.take();
    if (candidate) sendInp(client, candidate);
  };

  // Router integrations (vigil-sdk/react, vigil-sdk/vue) name and start these transactions.
  registerRouteTracing(client, {
    current: () => { const r = running(); return r ? { op: r.op, span: r.idle.span, href: r.href } : null; },
    startNavigation: (name, source) => {
      reportInp();  // the interactions of the page being left
      return startRoute('navigation', name, nowSeconds(), undefined, source).idle.span;
    },
  });

  if (opts.instrumentPageLoad) {
    startRoute('pageload', globalThis.location.pathname, timeOriginMs / 1000, metaTrace());
    const doc = globalThis.document;
    const pageload = route;
    const ready = () => {
      if (!doc || doc.readyState === 'interactive' || doc.readyState === 'complete') {
        pageload.idle.enableAutoFinish();
        return true;
      }
      return false;
    };
    if (!ready()) {
      const off = listen(doc, 'readystatechange', () => { if (ready()) off(); });
      teardown.push(off);
    }
  }

  if (opts.instrumentNavigation) {
    teardown.push(onHistory(NAME, ({ to }) => {
      try {
        reportInp();  // the interactions of the page being left
        startRoute('navigation', resolveUrl(to)?.pathname ?? globalThis.location.pathname, nowSeconds());
      } catch {
        // Never into the page's pushState.
      }
    }));
  }

  // A hidden page may never come back (mobile browsers kill background tabs): what runs ends
  // now, marked cancelled as Sentry marks it, while the transport can still send.
  const onHidden = () => {
    try {
      const r = running();
      if (r) {
        r.idle.span.setStatus('cancelled');
        r.idle.span.setAttribute('sentry.cancellation_reason', 'document.hidden');
        r.idle.finish('documentHidden');
      }
      reportInp();
    } catch {
      // Nothing here may break the page's unload.
    }
  };
  teardown.push(listen(globalThis.document, 'visibilitychange', () => {
    if (globalThis.document.visibilityState === 'hidden') onHidden();
  }));
  teardown.push(listen(globalThis, 'pagehide', onHidden));

  // Ended while the transport still takes it; the patches and observers go once it is closed.
  client.on('beforeClose', () => running()?.idle.finish('cancelled'));
  client.on('close', () => {
    for (const undo of teardown) {
      try {
        undo();
      } catch {
        // Best effort.
      }
    }
  });
}

// The trace a server rendered into the page, if any.
function metaTrace() {
  const read = (name) => globalThis.document?.querySelector?.(`meta[name="${name}"]`)?.getAttribute('content') || '';
  const sentryTrace = read('sentry-trace');
  return sentryTrace ? { sentryTrace, baggage: read('baggage') } : undefined;
}

// INP as its own small transaction in the trace of the page the interaction happened in.
function sendInp(client, candidate) {
  const record = candidate.context;
  const live = record && !record.idle.isFinished() ? client.traceHeaders(record.idle.span, '') : undefined;
  const headers = live ?? record?.headers;
  const start = perfToSeconds(candidate.startTime);
  const send = () => {
    const span = client.startInactiveSpan({
      name: candidate.selector,
      op: `ui.interaction.${candidate.kind}`,
      startTime: start,
      parentSpan: null,
      forceTransaction: true,
      attributes: { 'sentry.source': 'component' },
    });
    setOrigin(client, span, 'auto.http.browser.inp');
    span.setMeasurement('inp', candidate.value, 'millisecond');
    span.end(start + candidate.value / 1000);
  };
  if (headers) client.continueTrace({ sentryTrace: headers['sentry-trace'], baggage: headers.baggage }, send);
  else send();
}
