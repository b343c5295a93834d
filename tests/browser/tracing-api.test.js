// The tracing API in real Chromium: spans become transactions the receiver stores, errors join
// the trace of the span they happen in, and sampling decisions are honoured and reported.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserEnv } from './harness.js';
import { sentryItems, sentryParsedEnvelopes } from './helpers/sentry-check.js';

let env;
before(async () => { env = await startBrowserEnv(); });
after(() => env?.close());

async function sdkPage() {
  const page = await env.page('tests/browser/pages/sdk.html');
  await page.waitForFunction(() => window.pageReady === true);
  return page;
}

test('nested startSpan calls send one transaction with child spans; an error inside joins the trace', async () => {
  await env.receiver.clear();
  const page = await sdkPage();
  await page.evaluate(async () => {
    Vigil.init({ dsn, release: 'trace@1', tracesSampleRate: 1, autoSessionTracking: false });
    await Vigil.startSpan({ name: 'checkout', op: 'ui.action', attributes: { step: 2 } }, async (root) => {
      Vigil.startSpan({ name: 'validate cart', op: 'function' }, () => {
        Vigil.captureException(new Error('invalid coupon'));
      });
      const child = Vigil.startInactiveSpan({ name: 'GET /api/price', op: 'http.client' });
      child.setHttpStatus(404);
      child.end();
      root.setMeasurement('items', 3, 'none');
      await new Promise((r) => setTimeout(r, 20));
    });
    await Vigil.flush(3000);
  });
  await env.receiver.waitFor({ type: 'transaction', count: 1 });
  await env.receiver.waitFor({ type: 'event', count: 1 });
  const envelopes = await sentryParsedEnvelopes(env.receiver);
  const txEnvelope = envelopes.find((e) => e.items.some(([h]) => h.type === 'transaction'));
  const [, tx] = txEnvelope.items.find(([h]) => h.type === 'transaction');
  assert.equal(tx.type, 'transaction');
  assert.equal(tx.transaction, 'checkout');
  assert.equal(tx.release, 'trace@1');
  assert.equal(tx.contexts.trace.op, 'ui.action');
  assert.equal(tx.contexts.trace.data.step, 2);
  assert.deepEqual(tx.measurements.items, { value: 3, unit: 'none' });
  assert.ok(tx.timestamp - tx.start_timestamp >= 0.015, 'ended after the awaited work');
  const ops = tx.spans.map((s) => s.op).sort();
  assert.deepEqual(ops, ['function', 'http.client']);
  const http = tx.spans.find((s) => s.op === 'http.client');
  assert.equal(http.status, 'not_found');
  assert.equal(http.parent_span_id, tx.contexts.trace.span_id);
  assert.equal(txEnvelope.headers.trace.trace_id, tx.contexts.trace.trace_id);
  assert.equal(txEnvelope.headers.trace.sampled, 'true');

  const errorEnvelope = envelopes.find((e) => e.items.some(([h]) => h.type === 'event'));
  const [, error] = errorEnvelope.items.find(([h]) => h.type === 'event');
  const validate = tx.spans.find((s) => s.op === 'function');
  assert.equal(error.contexts.trace.trace_id, tx.contexts.trace.trace_id);
  assert.equal(error.contexts.trace.span_id, validate.span_id);
  assert.equal(errorEnvelope.headers.trace.trace_id, tx.contexts.trace.trace_id);
});

test('tracesSampleRate 0 sends no transaction but a sample_rate client report', async () => {
  await env.receiver.clear();
  const page = await sdkPage();
  await page.evaluate(async () => {
    Vigil.init({ dsn, tracesSampleRate: 0, autoSessionTracking: false });
    Vigil.startSpan({ name: 'never sent' }, () => { Vigil.startInactiveSpan({ name: 'child' }).end(); });
    Vigil.captureMessage('carrier');
    await Vigil.flush(3000);
  });
  await env.receiver.waitFor({ type: 'event', count: 1 });
  assert.equal((await sentryItems(env.receiver, 'transaction')).length, 0);
  const reports = (await sentryItems(env.receiver, 'client_report')).map(([, r]) => r.discarded_events).flat();
  assert.ok(reports.some((d) => d.reason === 'sample_rate' && d.category === 'transaction' && d.quantity === 1), JSON.stringify(reports));
});

test('a tracesSampler with per-route rates decides over tracesSampleRate', async () => {
  await env.receiver.clear();
  const page = await sdkPage();
  const contexts = await page.evaluate(async () => {
    const seen = [];
    Vigil.init({
      dsn, tracesSampleRate: 1, autoSessionTracking: false,
      tracesSampler: (ctx) => { seen.push(ctx.name); return ctx.name.startsWith('/admin') ? 0 : 1; },
    });
    for (const name of ['/shop', '/admin/users', '/shop/cart', '/admin']) Vigil.startSpan({ name, op: 'navigation' }, () => {});
    await Vigil.flush(3000);
    return seen;
  });
  assert.deepEqual(contexts, ['/shop', '/admin/users', '/shop/cart', '/admin']);
  await env.receiver.waitFor({ type: 'transaction', count: 2 });
  await new Promise((r) => setTimeout(r, 300));
  const names = (await sentryItems(env.receiver, 'transaction')).map(([, t]) => t.transaction).sort();
  assert.deepEqual(names, ['/shop', '/shop/cart']);
});

test('continueTrace joins an incoming trace and inherits its sampling decision', async () => {
  await env.receiver.clear();
  const page = await sdkPage();
  const headers = await page.evaluate(async () => {
    Vigil.init({ dsn, tracesSampleRate: 0, autoSessionTracking: false });
    await Vigil.getClient().ready;  // span ids are the core's: known once it is loaded
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    let out;
    Vigil.continueTrace({ sentryTrace: `${traceId}-b7ad6b7169203331-1`, baggage: `sentry-trace_id=${traceId},sentry-sample_rate=1,sentry-sampled=true,other=kept` }, () => {
      Vigil.startSpan({ name: 'continued' }, (span) => { out = span.spanContext(); });
    });
    await Vigil.flush(3000);
    return out;
  });
  await env.receiver.waitFor({ type: 'transaction', count: 1 });
  const [[, tx]] = await sentryItems(env.receiver, 'transaction');
  assert.equal(tx.contexts.trace.trace_id, '0af7651916cd43dd8448eb211c80319c');
  assert.equal(tx.contexts.trace.parent_span_id, 'b7ad6b7169203331');
  assert.equal(headers.traceId, '0af7651916cd43dd8448eb211c80319c');
});
