// Children made from performance entries when a pageload or navigation transaction ends: the
// document's own navigation timing, paints, resources (scripts, stylesheets, images, ...) and
// the page's marks and measures. Names and ops follow @sentry/browser's, so Sentry's
// performance views read them as they read its own.
import { addEndedChild } from './child-span.js';
import { perfToSeconds } from './clock.js';

const METRICS_ORIGIN = 'auto.ui.browser.metrics';
const RESOURCE_ORIGIN = 'auto.resource.browser.metrics';

// Navigation-timing phases: [name, start field, end field, op].
const NAVIGATION_PHASES = [
  ['unloadEvent', 'unloadEventStart', 'unloadEventEnd', 'browser.unload_event'],
  ['redirect', 'redirectStart', 'redirectEnd', 'browser.redirect'],
  ['domContentLoadedEvent', 'domContentLoadedEventStart', 'domContentLoadedEventEnd', 'browser.dom_content_loaded_event'],
  ['loadEvent', 'loadEventStart', 'loadEventEnd', 'browser.load_event'],
  ['connect', 'connectStart', 'connectEnd', 'browser.connect'],
  ['secureConnection', 'secureConnectionStart', 'connectEnd', 'browser.tls_ssl'],
  ['fetch', 'fetchStart', 'domainLookupStart', 'browser.cache'],
  ['domainLookup', 'domainLookupStart', 'domainLookupEnd', 'browser.dns'],
];

// Requests the fetch and XHR instrumentation already describe as http.client spans.
const SKIPPED_INITIATORS = new Set(['fetch', 'xmlhttprequest', 'beacon']);

/**
 * Spans for the phases of the document's own load (PerformanceNavigationTiming). Phases that
 * did not happen (no redirect) or have not finished yet (a load event still running) are left
 * out.
 * @param {(child: object) => number} add adds an ended child (see addEndedChild)
 * @param {PerformanceNavigationTiming} entry
 */
export function addNavigationTimingSpans(add, entry) {
  const url = entry.name;
  for (const [, startField, endField, op] of NAVIGATION_PHASES) {
    const start = entry[startField];
    const end = entry[endField];
    if (!start || !end) continue;
    add({ op, name: url, start: perfToSeconds(start), end: perfToSeconds(end), origin: METRICS_ORIGIN, data: { 'url.full': url } });
  }
  if (entry.responseEnd) {
    const data = { 'url.full': url };
    if (entry.requestStart) {
      add({ op: 'browser.request', name: url, start: perfToSeconds(entry.requestStart), end: perfToSeconds(entry.responseEnd), origin: METRICS_ORIGIN, data });
    }
    if (entry.responseStart) {
      add({ op: 'browser.response', name: url, start: perfToSeconds(entry.responseStart), end: perfToSeconds(entry.responseEnd), origin: METRICS_ORIGIN, data });
    }
  }
}

/**
 * The span for one paint, resource, mark or measure entry; nothing for other types.
 * @param {(child: object) => number} add
 * @param {PerformanceEntry} entry
 */
export function addEntrySpan(add, entry) {
  const start = perfToSeconds(entry.startTime);
  const end = perfToSeconds(entry.startTime + Math.max(0, entry.duration));
  switch (entry.entryType) {
    case 'paint':
      add({ op: 'browser.paint', name: entry.name, start, end, origin: RESOURCE_ORIGIN, data: { 'browser.paint.type': entry.name } });
      break;
    case 'resource':
      if (!SKIPPED_INITIATORS.has(entry.initiatorType)) add(resourceChild(entry, start, end));
      break;
    case 'mark':
    case 'measure':
      add({ op: entry.entryType, name: entry.name, start, end, origin: `auto.browser.user_timing.${entry.entryType}`, data: userTimingDetail(entry) });
      break;
    default:
      break;
  }
}

function resourceChild(entry, start, end) {
  const url = entry.name;
  const pageOrigin = globalThis.location?.origin ?? '';
  const sameOrigin = Boolean(pageOrigin) && url.startsWith(`${pageOrigin}/`);
  // The attributes Sentry's asset views read; each one costs a call into the core per resource,
  // so the rest of what Sentry adds (scheme, protocol, timing breakdown) is left out.
  const data = {
    'url.full': url,
    'server.address': sameOrigin ? globalThis.location.host : hostOf(url),
    'url.same_origin': sameOrigin,
    // Sizes are 0 for cross-origin resources without Timing-Allow-Origin; 0 is still the truth.
    'http.response_transfer_size': entry.transferSize,
    'http.response_content_length': entry.encodedBodySize,
    'http.decoded_response_content_length': entry.decodedBodySize,
    'resource.render_blocking_status': entry.renderBlockingStatus,
    'http.response.status_code': entry.responseStatus || undefined,
  };
  return {
    op: entry.initiatorType ? `resource.${entry.initiatorType}` : 'resource.other',
    // Same-origin resources are named by path, as Sentry names them.
    name: sameOrigin ? url.slice(pageOrigin.length) : url,
    start,
    end,
    origin: RESOURCE_ORIGIN,
    data,
  };
}

function hostOf(url) {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url);
  return match ? match[1].replace(/^.*@/, '') : undefined;
}

function userTimingDetail(entry) {
  const { detail } = entry;
  if (detail === null || detail === undefined) return undefined;
  if (typeof detail !== 'object') return { 'sentry.browser.measure.detail': detail };
  const data = {};
  for (const key of Object.keys(detail)) data[`sentry.browser.measure.detail.${key}`] = detail[key];
  return data;
}

/**
 * An `add` function for one transaction: children of `root`, counted toward its end time.
 * @param {import('../../core/client.js').Client} client
 * @param {import('./idle-span.js').IdleSpan} idle
 */
export function childAdder(client, idle) {
  return (child) => {
    const end = addEndedChild(client, idle.span, child);
    idle.noteChild(end);
    return end;
  };
}
