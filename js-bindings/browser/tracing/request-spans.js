// http.client spans for fetch and XMLHttpRequest, and trace headers on the requests that may
// carry them. A span is made only under an active span (the pageload or navigation
// transaction, or one the page started): a request on its own is not a transaction. The SDK's
// own requests to Sentry are never touched.
import { onFetch, onFetchStart } from '../integrations/instrument-fetch.js';
import { onXhr, onXhrStart } from '../integrations/instrument-xhr.js';
import { originalOf } from '../integrations/instrument-patch.js';
import { hasSentryBaggage, resolveUrl, shouldPropagate, withTraceHeaders } from './propagation.js';
import { setOrigin } from './child-span.js';
import { nowSeconds } from './clock.js';

const SLOT = 'BrowserTracing';
const ORIGIN = 'auto.http.browser';

/**
 * @typedef {object} RequestOptions
 * @property {boolean} traceFetch
 * @property {boolean} traceXHR
 * @property {(url: string) => boolean} [shouldCreateSpanForRequest] false: no span (headers
 *   are still added where tracePropagationTargets allow)
 * @property {Array<string|RegExp>} [tracePropagationTargets]
 * @property {(span: object|undefined, existingBaggage: string) => object|undefined} headersFor
 *   the trace headers for a request made under `span` (undefined: no active span)
 */

/**
 * Installs the fetch and XHR handlers.
 * @param {import('../../core/client.js').Client} client
 * @param {RequestOptions} options
 * @returns {() => void} removes them
 */
export function instrumentRequests(client, options) {
  const spans = new WeakMap();  // start data -> span
  const removers = [];

  const begin = (type, method, rawUrl) => {
    const resolved = resolveUrl(rawUrl);
    const url = resolved ? resolved.href : String(rawUrl);
    if (client.isOwnRequest(url) || client.isOwnRequest(rawUrl)) return null;
    const parent = client.getActiveSpan();
    let span;
    if (parent && wantsSpan(options.shouldCreateSpanForRequest, url)) {
      span = client.startInactiveSpan({
        name: `${method} ${resolved ? `${resolved.origin}${resolved.pathname}` : url}`,
        op: 'http.client',
        parentSpan: parent,
        startTime: nowSeconds(),
      });
      setOrigin(client, span, ORIGIN);
      span.setAttributes(requestData(type, method, url, resolved));
    }
    const propagate = shouldPropagate(url, options.tracePropagationTargets);
    return { span, headerSpan: span ?? parent ?? undefined, propagate };
  };

  if (options.traceFetch) {
    removers.push(onFetchStart(SLOT, (start) => {
      const request = begin('fetch', start.method, start.url);
      if (!request) return;
      if (request.span) spans.set(start, request.span);
      if (request.propagate) {
        start.args = withTraceHeaders(start.args, (baggage) => options.headersFor(request.headerSpan, baggage));
      }
    }));
    removers.push(onFetch(SLOT, (data) => {
      const span = data.start && spans.get(data.start);
      if (!span) return;
      spans.delete(data.start);
      if (data.error !== undefined) span.setStatus('internal_error');
      else if (data.status > 0) span.setHttpStatus(data.status);
      const length = Number(data.response?.headers?.get?.('content-length'));
      if (length > 0) span.setAttribute('http.response_content_length', length);
      span.end(nowSeconds());
    }));
  }

  if (options.traceXHR) {
    removers.push(onXhrStart(SLOT, (start) => {
      const request = begin('xhr', start.method, start.url);
      if (!request) return;
      if (request.span) spans.set(start, request.span);
      if (request.propagate) addXhrHeaders(start, (baggage) => options.headersFor(request.headerSpan, baggage));
    }));
    removers.push(onXhr(SLOT, (data) => {
      const span = data.start && spans.get(data.start);
      if (!span) return;
      spans.delete(data.start);
      if (data.outcome === 'load') span.setHttpStatus(data.status);
      else span.setStatus(data.outcome === 'abort' ? 'cancelled' : data.outcome === 'timeout' ? 'deadline_exceeded' : 'internal_error');
      span.end(nowSeconds());
    }));
  }

  return () => removers.forEach((remove) => remove());
}

function wantsSpan(predicate, url) {
  if (typeof predicate !== 'function') return true;
  try {
    return predicate(url) !== false;
  } catch {
    return true;
  }
}

function requestData(type, method, url, resolved) {
  const data = { type, url, 'url.full': url, 'http.method': method, 'http.request.method': method };
  if (resolved) {
    data['server.address'] = resolved.host;
    if (resolved.search) data['http.query'] = resolved.search.slice(1);
    if (resolved.hash) data['http.fragment'] = resolved.hash.slice(1);
  }
  return data;
}

// XHR headers cannot be replaced, only added (a second value is joined to the first), so the
// page's choice wins: no sentry-trace over its own, and no baggage beside one that already
// holds Sentry's members.
function addXhrHeaders(start, makeHeaders) {
  const given = start.requestHeaders ?? {};
  if ('sentry-trace' in given) return;
  const trace = makeHeaders('');
  if (!trace) return;
  const set = originalOf(start.xhr.setRequestHeader);
  set.call(start.xhr, 'sentry-trace', trace['sentry-trace']);
  if (trace.baggage && !hasSentryBaggage(given.baggage)) set.call(start.xhr, 'baggage', trace.baggage);
}
