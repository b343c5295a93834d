// browserTracingIntegration in real Chromium: the pageload and navigation transactions the
// receiver gets (read by Sentry's parser), their spans and web vitals, the requests' trace
// headers as two real servers saw them (the page's own origin and a second, CORS-enabled one),
// idle/final timeouts, sampling, and INP.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserEnv, startStaticServer } from './harness.js';
import { sentryItems, sentryParsedEnvelopes } from './helpers/sentry-check.js';

const PAGE = 'tests/browser/pages/tracing.html';
const PAGE_PATH = `/${PAGE}`;

let env;
let other;
let sameSeen = [];   // requests the page's own origin answered on /api/*
let otherSeen = [];  // requests the second origin answered
let held = [];       // /api/slow responses waiting for release

function record(list) {
  return (req, res) => {
    list.push({ method: req.method, path: req.url, headers: req.headers });
    res.writeHead(req.method === 'OPTIONS' ? 204 : 200, {
      'content-type': 'text/plain',
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'sentry-trace, baggage',
    }).end(req.method === 'OPTIONS' ? '' : 'ok');
  };
}

before(async () => {
  env = await startBrowserEnv({
    static: {
      routes: {
        '/api/same': record(sameSeen),
        // Answers only when the test lets it: a request still open when a transaction ends.
        '/api/slow': (req, res) => { held.push(res); },
      },
      headers: (p) => (p.endsWith('.png') ? { 'content-type': 'image/png' } : {}),
    },
  });
  other = await startStaticServer({ routes: { '/api/cross': (req, res) => record(otherSeen)(req, res) } });
});
after(async () => {
  releaseHeld();
  await other?.close();
  await env?.close();
});
beforeEach(async () => {
  releaseHeld();
  sameSeen.length = 0;
  otherSeen.length = 0;
  await env.receiver.clear();
});

function releaseHeld() {
  for (const res of held) res.writeHead(200, { 'content-type': 'text/plain' }).end('late');
  held = [];
}

async function openPage(query = {}, pagePath = PAGE) {
  const page = await env.page(pagePath, { rate: '1', other: other.url, ...query });
  try {
    await page.waitForFunction(() => window.requestsDone === true || window.loadError !== undefined, null, { timeout: 15000 });
  } catch (error) {
    const state = await page.evaluate(() => ({ core: window.coreReady, pending: [...(window.pending ?? [])] })).catch(() => null);
    throw new Error(`${error.message}; page state ${JSON.stringify(state)}; console ${page.consoleMessages.join(' | ')}`);
  }
  assert.equal(await page.evaluate(() => window.loadError), undefined);
  return page;
}

async function transactions(count) {
  await env.receiver.waitFor({ type: 'transaction', count, timeout: 15000 });
  const envelopes = await sentryParsedEnvelopes(env.receiver);
  return envelopes.flatMap((e) => e.items.filter(([h]) => h.type === 'transaction').map(([, tx]) => ({ tx, headers: e.headers })));
}

const byOp = (tx, op) => tx.spans.filter((s) => s.op === op);
const maxEnd = (tx) => Math.max(...tx.spans.map((s) => s.timestamp));

test('pageload: navigation-timing, resource and http.client spans, web vitals; trace headers only to the own origin', async () => {
  const page = await openPage();
  const [{ tx, headers }] = await transactions(1);
  const timeOrigin = await page.evaluate(() => performance.timeOrigin / 1000);
  const server = env.server.url;

  assert.equal(tx.type, 'transaction');
  assert.equal(tx.transaction, PAGE_PATH);
  assert.equal(tx.transaction_info.source, 'url');
  assert.equal(tx.contexts.trace.op, 'pageload');
  assert.equal(tx.contexts.trace.origin, 'auto.pageload.browser');
  assert.equal(tx.contexts.trace.status, 'ok');
  assert.equal(tx.contexts.trace.data['sentry.idle_span_finish_reason'], 'idleTimeout');
  assert.ok(Math.abs(tx.start_timestamp - timeOrigin) < 0.002, 'starts at navigation start');
  assert.equal(headers.trace.trace_id, tx.contexts.trace.trace_id);
  // Idle transactions end with their last child, not idleTimeout later.
  assert.ok(Math.abs(tx.timestamp - maxEnd(tx)) < 0.002, `ends at its last child (${tx.timestamp} vs ${maxEnd(tx)})`);

  const ops = new Set(tx.spans.map((s) => s.op));
  for (const op of ['browser.dom_content_loaded_event', 'browser.load_event', 'browser.request', 'browser.response',
    'browser.paint', 'resource.script', 'resource.link', 'resource.img', 'http.client']) {
    assert.ok(ops.has(op), `span op ${op} in ${[...ops].join(', ')}`);
  }
  for (const span of tx.spans) {
    assert.equal(span.parent_span_id, tx.contexts.trace.span_id);
    assert.equal(span.trace_id, tx.contexts.trace.trace_id);
    assert.ok(span.timestamp >= span.start_timestamp);
  }
  const resource = (op, name) => tx.spans.find((s) => s.op === op && s.description === name);
  const css = resource('resource.link', '/tests/browser/pages/tracing-assets/style.css');
  const script = resource('resource.script', '/tests/browser/pages/tracing-assets/script.js');
  const img = resource('resource.img', '/tests/browser/pages/tracing-assets/banner.png');
  assert.ok(css && script && img, 'one span per loaded resource');
  assert.equal(img.data['url.full'], `${server}/tests/browser/pages/tracing-assets/banner.png`);
  assert.equal(img.data['http.response_content_length'], 254);
  assert.equal(img.data['http.decoded_response_content_length'], 254);
  assert.ok(img.data['http.response_transfer_size'] > 254);
  assert.equal(css.origin, 'auto.resource.browser.metrics');
  assert.equal(css.data['resource.render_blocking_status'], 'blocking');
  const dcl = byOp(tx, 'browser.dom_content_loaded_event')[0];
  assert.ok(dcl.description.startsWith(`${server}${PAGE_PATH}`));

  // The SDK's own requests to the receiver are never spans; fetch and XHR are.
  const http = byOp(tx, 'http.client');
  assert.equal(http.length, 3, JSON.stringify(http.map((s) => s.description)));
  assert.ok(!http.some((s) => s.description.includes(env.receiver.url)));
  const fetchSame = http.find((s) => s.data.type === 'fetch' && s.description === `GET ${server}/api/same`);
  const xhrSame = http.find((s) => s.data.type === 'xhr' && s.description === `GET ${server}/api/same`);
  const fetchCross = http.find((s) => s.description === `GET ${other.url}/api/cross`);
  assert.ok(fetchSame && xhrSame && fetchCross);
  assert.equal(fetchSame.data.url, `${server}/api/same?via=fetch`);
  assert.equal(fetchSame.data['http.method'], 'GET');
  assert.equal(fetchSame.data['http.response.status_code'], 200);
  assert.equal(fetchSame.status, 'ok');
  assert.equal(fetchSame.origin, 'auto.http.browser');
  assert.equal(xhrSame.data['http.response.status_code'], 200);

  const m = tx.measurements;
  for (const name of ['fp', 'fcp', 'lcp', 'ttfb']) {
    assert.ok(m[name] && m[name].unit === 'millisecond' && m[name].value > 0, `measurement ${name}: ${JSON.stringify(m)}`);
  }
  assert.ok(m.fcp.value <= m.lcp.value);
  assert.ok(m.ttfb.value < m.fcp.value);
  assert.equal(tx.contexts.trace.data['lcp.element'], 'body > img#banner[alt="banner"]');

  // Headers: the own origin got them (fetch merged with the page's baggage), the other none.
  const traceId = tx.contexts.trace.trace_id;
  const sameFetch = sameSeen.find((r) => r.path === '/api/same?via=fetch');
  const sameXhr = sameSeen.find((r) => r.path === '/api/same?via=xhr');
  assert.equal(sameFetch.headers['sentry-trace'], `${traceId}-${fetchSame.span_id}-1`);
  assert.equal(sameXhr.headers['sentry-trace'], `${traceId}-${xhrSame.span_id}-1`);
  const baggage = sameFetch.headers.baggage.split(',');
  assert.ok(baggage.includes('vendor=acme'), sameFetch.headers.baggage);
  assert.ok(baggage.includes(`sentry-trace_id=${traceId}`), sameFetch.headers.baggage);
  assert.ok(baggage.includes('sentry-sampled=true'), sameFetch.headers.baggage);
  assert.deepEqual(otherSeen.map((r) => r.method), ['GET'], 'no preflight: nothing non-simple was added');
  assert.equal(otherSeen[0].headers['sentry-trace'], undefined);
  assert.equal(otherSeen[0].headers.baggage, undefined);
  assert.deepEqual(page.pageErrors, []);
});

test('tracePropagationTargets naming the second origin sends it the headers, and only it', async () => {
  await openPage({ targets: JSON.stringify([other.url]) });
  const [{ tx }] = await transactions(1);
  const cross = byOp(tx, 'http.client').find((s) => s.description === `GET ${other.url}/api/cross`);
  const preflight = otherSeen.find((r) => r.method === 'OPTIONS');
  assert.ok(preflight, 'the browser asked the other origin first');
  assert.equal(preflight.headers['access-control-request-headers'], 'baggage,sentry-trace');
  const get = otherSeen.find((r) => r.method === 'GET');
  assert.equal(get.headers['sentry-trace'], `${tx.contexts.trace.trace_id}-${cross.span_id}-1`);
  assert.match(get.headers.baggage, new RegExp(`sentry-trace_id=${tx.contexts.trace.trace_id}`));
  // The own origin is not in the list any more.
  assert.equal(sameSeen.length, 2);
  for (const r of sameSeen) assert.equal(r.headers['sentry-trace'], undefined);
});

test('an error captured during the pageload shares its trace', async () => {
  await openPage({ error: '1' });
  await env.receiver.waitFor({ type: 'event', count: 1 });
  const [{ tx }] = await transactions(1);
  const [[, error]] = await sentryItems(env.receiver, 'event');
  assert.equal(error.exception.values[0].value, 'failed during pageload');
  assert.equal(error.contexts.trace.trace_id, tx.contexts.trace.trace_id);
  assert.equal(error.contexts.trace.span_id, tx.contexts.trace.span_id);
});

test('a pageload continues the trace a server rendered into <meta> tags', async () => {
  await openPage({}, 'tests/browser/pages/tracing-meta.html');
  const [{ tx, headers }] = await transactions(1);
  assert.equal(tx.contexts.trace.trace_id, '12c6d5d6e8f34d4aa0ef93ab5fd7bd83');
  assert.equal(tx.contexts.trace.parent_span_id, '9f1a2b3c4d5e6f70');
  // The head's dynamic sampling context travels on, unchanged.
  assert.equal(headers.trace.release, 'server@1');
  assert.equal(Number(headers.trace.sample_rand), 0.25);
  const fetch = sameSeen.find((r) => r.path === '/api/same?via=fetch');
  assert.match(fetch.headers['sentry-trace'], /^12c6d5d6e8f34d4aa0ef93ab5fd7bd83-[0-9a-f]{16}-1$/);
  assert.match(fetch.headers.baggage, /sentry-release=server%401/);
});

test('pushState ends the running pageload (open requests cancelled) and starts a navigation transaction', async () => {
  // A long idle timeout keeps the pageload running until the navigation; /api/slow stays open.
  const page = await openPage({ idle: '5000', slow: '1' });
  await page.evaluate(async () => {
    history.pushState({}, '', '/shop/cart?step=2');
    await fetch('/api/same?via=navigation');
  });
  const [pageload] = await transactions(1);
  assert.equal(pageload.tx.contexts.trace.op, 'pageload');
  assert.equal(pageload.tx.contexts.trace.data['sentry.idle_span_finish_reason'], 'cancelled');
  const slow = byOp(pageload.tx, 'http.client').find((s) => s.description.endsWith('/api/slow'));
  assert.equal(slow.status, 'cancelled');
  assert.ok(Math.abs(slow.timestamp - pageload.tx.timestamp) < 0.002, 'cut at the transaction end');

  const all = await transactions(2);
  const { tx: nav } = all.find((t) => t.tx.contexts.trace.op === 'navigation');
  assert.equal(nav.transaction, '/shop/cart');
  assert.equal(nav.transaction_info.source, 'url');
  assert.equal(nav.contexts.trace.origin, 'auto.navigation.browser');
  assert.notEqual(nav.contexts.trace.trace_id, pageload.tx.contexts.trace.trace_id, 'a navigation starts a new trace');
  assert.ok(nav.start_timestamp >= pageload.tx.timestamp - 0.002);
  const http = byOp(nav, 'http.client');
  assert.equal(http.length, 1);
  assert.equal(http[0].data.url, `${env.server.url}/api/same?via=navigation`);
  const seen = sameSeen.find((r) => r.path === '/api/same?via=navigation');
  assert.equal(seen.headers['sentry-trace'], `${nav.contexts.trace.trace_id}-${http[0].span_id}-1`);
  // No resource of the pageload is repeated in the navigation.
  assert.equal(nav.spans.filter((s) => s.op.startsWith('resource.')).length, 0);
});

test("XHR: the page's own sentry-trace wins; its baggage is kept beside Sentry's", async () => {
  const page = await openPage({ idle: '3000' });
  await page.evaluate(() => Promise.all([['xhr-baggage', 'baggage', 'vendor=x'], ['xhr-own', 'sentry-trace', 'own-trace']].map(
    ([via, name, value]) => new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', `/api/same?via=${via}`);
      xhr.setRequestHeader(name, value);
      xhr.onloadend = resolve;
      xhr.send();
    }))));
  const withBaggage = sameSeen.find((r) => r.path === '/api/same?via=xhr-baggage');
  assert.match(withBaggage.headers['sentry-trace'], /^[0-9a-f]{32}-[0-9a-f]{16}-1$/);
  assert.match(withBaggage.headers.baggage, /^vendor=x, sentry-trace_id=[0-9a-f]{32},/);
  const own = sameSeen.find((r) => r.path === '/api/same?via=xhr-own');
  assert.equal(own.headers['sentry-trace'], 'own-trace');
  assert.equal(own.headers.baggage, undefined);
  // Both are still spans of the pageload.
  const [{ tx }] = await transactions(1);
  const urls = byOp(tx, 'http.client').map((sp) => sp.data.url);
  assert.ok(urls.some((u) => u.endsWith('via=xhr-baggage')) && urls.some((u) => u.endsWith('via=xhr-own')), JSON.stringify(urls));
  assert.ok(withBaggage.headers['sentry-trace'].startsWith(tx.contexts.trace.trace_id));
});

test('finalTimeout ends a transaction whose child never finishes: deadline_exceeded', async () => {
  await openPage({ slow: '1', final: '1500' });
  const [{ tx }] = await transactions(1);
  assert.equal(tx.contexts.trace.status, 'deadline_exceeded');
  assert.equal(tx.contexts.trace.data['sentry.idle_span_finish_reason'], 'finalTimeout');
  assert.ok(tx.timestamp - tx.start_timestamp <= 1.5 + 0.002, `capped at finalTimeout (${tx.timestamp - tx.start_timestamp})`);
  const slow = byOp(tx, 'http.client').find((s) => s.description.endsWith('/api/slow'));
  assert.equal(slow.status, 'cancelled');
});

test('a span the page starts under the pageload keeps it open until it ends', async () => {
  // The span outlasts the idle timeout: only an open child keeps the pageload from ending.
  const page = await openPage({ idle: '1000' });
  await page.evaluate(() => Vigil.startSpan({ name: 'render list', op: 'ui.render' }, () => new Promise((r) => setTimeout(r, 1500))));
  const [{ tx }] = await transactions(1);
  const render = byOp(tx, 'ui.render')[0];
  assert.ok(render, 'the page span is a child of the pageload');
  assert.ok(render.timestamp - render.start_timestamp >= 1.49);
  assert.ok(Math.abs(tx.timestamp - render.timestamp) < 0.002, 'the pageload ends with it');
});

test('tracesSampleRate 0: no transaction, a sample_rate client report, and unsampled trace headers', async () => {
  const page = await openPage({ rate: '0' });
  await page.waitForFunction(() => Vigil.getActiveSpan() === undefined);  // the pageload ended
  await page.evaluate(async () => {
    Vigil.captureMessage('carrier');
    await Vigil.flush(3000);
  });
  await env.receiver.waitFor({ type: 'event', count: 1 });
  assert.equal((await sentryItems(env.receiver, 'transaction')).length, 0);
  const discarded = (await sentryItems(env.receiver, 'client_report')).flatMap(([, r]) => r.discarded_events ?? []);
  assert.ok(discarded.some((d) => d.reason === 'sample_rate' && d.category === 'transaction' && d.quantity === 1), JSON.stringify(discarded));
  const fetch = sameSeen.find((r) => r.path === '/api/same?via=fetch');
  assert.match(fetch.headers['sentry-trace'], /^[0-9a-f]{32}-[0-9a-f]{16}-0$/);
});

test('a tracesSampler with per-route rates decides each transaction', async () => {
  const page = await openPage({ sampler: 'routes', idle: '200' });
  await page.waitForFunction(() => Vigil.getActiveSpan() === undefined);
  await page.evaluate(async () => {
    history.pushState({}, '', '/shop');
    await fetch('/api/same?via=shop');
  });
  await env.receiver.waitFor({ type: 'transaction', count: 1 });
  await page.evaluate(async () => {
    history.pushState({}, '', '/admin/users');
    await fetch('/api/same?via=admin');
    await new Promise((r) => setTimeout(r, 400));  // past the idle timeout: the admin one ends
    await Vigil.flush(3000);
  });
  assert.deepEqual(await page.evaluate(() => window.samplerNames), [PAGE_PATH, '/shop', '/admin/users']);
  const names = (await sentryItems(env.receiver, 'transaction')).map(([, t]) => t.transaction);
  assert.deepEqual(names, ['/shop']);
  const admin = sameSeen.find((r) => r.path === '/api/same?via=admin');
  assert.match(admin.headers['sentry-trace'], /-0$/, 'the dropped route still propagates its decision');
});

test('INP: a slow click becomes a ui.interaction.click transaction in the trace it happened in', async () => {
  const page = await openPage({ idle: '5000' });
  await page.click('#slow');
  // Event Timing entries arrive after the next paint; wait until the browser has one.
  await page.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list, observer) => {
      if (list.getEntries().some((e) => e.interactionId)) { observer.disconnect(); resolve(); }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  }));
  await page.evaluate(() => history.pushState({}, '', '/next'));
  const all = await transactions(2);
  const pageload = all.find((t) => t.tx.contexts.trace.op === 'pageload').tx;
  const inp = all.find((t) => t.tx.contexts.trace.op === 'ui.interaction.click')?.tx;
  assert.ok(inp, `ops: ${all.map((t) => t.tx.contexts.trace.op)}`);
  assert.equal(inp.transaction, 'body > button#slow.busy');
  assert.ok(inp.measurements.inp.value >= 150, JSON.stringify(inp.measurements));
  assert.equal(inp.measurements.inp.unit, 'millisecond');
  assert.equal(inp.contexts.trace.trace_id, pageload.contexts.trace.trace_id);
  assert.equal(inp.contexts.trace.parent_span_id, pageload.contexts.trace.span_id);
  // The 150 ms handler is a long task of the pageload.
  const longTasks = byOp(pageload, 'ui.long_task');
  assert.ok(longTasks.some((t) => t.timestamp - t.start_timestamp >= 0.14), JSON.stringify(longTasks));
});

test('hiding the page ends the running pageload as cancelled and reports INP', async () => {
  const page = await openPage({ idle: '5000' });
  await page.click('#slow');
  await page.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list, observer) => {
      if (list.getEntries().some((e) => e.interactionId)) { observer.disconnect(); resolve(); }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  }));
  // What a switch to another tab looks like to the page.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const all = await transactions(2);
  const pageload = all.find((t) => t.tx.contexts.trace.op === 'pageload').tx;
  assert.equal(pageload.contexts.trace.status, 'cancelled');
  assert.equal(pageload.contexts.trace.data['sentry.idle_span_finish_reason'], 'documentHidden');
  assert.equal(pageload.contexts.trace.data['sentry.cancellation_reason'], 'document.hidden');
  const inp = all.find((t) => t.tx.contexts.trace.op === 'ui.interaction.click').tx;
  assert.equal(inp.contexts.trace.trace_id, pageload.contexts.trace.trace_id);
  assert.ok(inp.measurements.inp.value >= 150);
});

test('propagation rules and header merging, in the page', async () => {
  const page = await env.page('tests/browser/pages/sdk.html');
  const result = await page.evaluate(async () => {
    const { shouldPropagate, withTraceHeaders } = await import('/npm/dist/browser/tracing/propagation.js');
    const here = location.origin;
    const make = (existing) => ({ 'sentry-trace': 'T', baggage: `x=1${existing ? `,${existing}` : ''}` });
    const pageHeaders = new Headers({ baggage: 'vendor=1', accept: 'text/plain' });
    const record = { Baggage: 'a=1', 'X-Id': '7' };
    const request = new Request('/r', { headers: { 'x-from-request': 'yes' } });
    const own = ['/rel', { headers: { 'sentry-trace': 'mine' } }];
    return {
      defaults: [shouldPropagate('/api', undefined), shouldPropagate(`${here}/api`, undefined), shouldPropagate('https://api.example.com/x', undefined), shouldPropagate('//cdn.example.com/x', undefined)],
      strings: [shouldPropagate('https://api.example.com/x', ['api.example.com']), shouldPropagate('https://other.example.com/', ['api.example.com'])],
      regexps: [shouldPropagate('/api/users', [/^\/api\//]), shouldPropagate('https://x.example.com/api/users', [/^\/api\//]), shouldPropagate('https://x.example.com/api', [/x\.example\.com/g]), shouldPropagate('https://x.example.com/api', [/x\.example\.com/g])],
      empty: shouldPropagate('/api', []),
      headersObj: [...withTraceHeaders(['/a', { headers: pageHeaders }], make)[1].headers.entries()],
      pageHeadersUntouched: [...pageHeaders.entries()],
      record: withTraceHeaders(['/a', { method: 'POST', headers: record }], make)[1],
      recordUntouched: record,
      array: withTraceHeaders(['/a', { headers: [['baggage', 'b=2'], ['x', 'y']] }], make)[1].headers,
      fromRequest: [...withTraceHeaders([request], make)[1].headers.entries()],
      ownKept: withTraceHeaders(own, make) === own,
      noInit: withTraceHeaders(['/a'], make)[1],
    };
  });
  assert.deepEqual(result.defaults, [true, true, false, false]);
  assert.deepEqual(result.strings, [true, false]);
  assert.deepEqual(result.regexps, [true, false, true, true]);
  assert.equal(result.empty, false);
  assert.deepEqual(result.headersObj, [['accept', 'text/plain'], ['baggage', 'x=1,vendor=1'], ['sentry-trace', 'T']]);
  assert.deepEqual(result.pageHeadersUntouched, [['accept', 'text/plain'], ['baggage', 'vendor=1']]);
  assert.deepEqual(result.record, { method: 'POST', headers: { 'X-Id': '7', 'sentry-trace': 'T', baggage: 'x=1,a=1' } });
  assert.deepEqual(result.recordUntouched, { Baggage: 'a=1', 'X-Id': '7' });
  assert.deepEqual(result.array, [['x', 'y'], ['sentry-trace', 'T'], ['baggage', 'x=1,b=2']]);
  assert.deepEqual(result.fromRequest, [['baggage', 'x=1'], ['sentry-trace', 'T'], ['x-from-request', 'yes']]);
  assert.equal(result.ownKept, true);
  assert.deepEqual(result.noInit, { headers: { 'sentry-trace': 'T', baggage: 'x=1' } });
});
