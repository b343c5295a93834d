// The Wasm core in Node builds an envelope for a real thrown Error, and Sentry's own parser
// reads back every field as sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEnvelope as parseEnvelope } from './helpers/envelope.js';
import { getCore, describeError } from './helpers/core.js';

const DSN = 'https://public123@o11.ingest.example.com/prefix/4242';

function failDeep() {
  const inner = () => { throw new RangeError('index 7 out of range', { cause: new Error('root cause') }); };
  inner();
}

function capture(client, error, now, opts = {}) {
  const desc = describeError(error, { type: 'onerror', handled: false });
  return client.capture(JSON.stringify({ kind: 'error', error: desc, ...opts.extra }), now, opts.keepEvent ?? false, 0);
}

test('a thrown Error becomes an envelope Sentry parses field for field', async () => {
  const core = await getCore();
  const client = new core.CoreClient(JSON.stringify({
    dsn: DSN, release: 'shop@1.2.3', environment: 'staging', dist: 'b7',
    integrationNames: ['GlobalHandlers'], packages: ['npm:vigil-sdk'],
  }), 7, 11);
  client.setUser(JSON.stringify({ id: 'u1', email: 'a@example.com' }));
  client.setTag('tier', 'gold');
  client.setExtra('cart', JSON.stringify({ items: 3 }));
  client.setContext('app', JSON.stringify({ build: 'x' }));
  client.addBreadcrumb(JSON.stringify({ category: 'ui.click', message: 'button#buy', timestamp: 1700000000.5 }));

  let error;
  try { failDeep(); } catch (e) { error = e; }
  const now = 1795470000.25;
  const result = capture(client, error, now);
  assert.match(result.eventId, /^[0-9a-f]{32}$/);
  const req = result.request;
  assert.ok(req, 'a request was prepared');
  assert.equal(req.url,
    'https://o11.ingest.example.com/prefix/api/4242/envelope/?sentry_version=7&sentry_key=public123&sentry_client=sentry.javascript.vigil%2F0.1.0');
  assert.match(req.headers['Content-Type'], /^text\/plain/);

  const [headers, items] = parseEnvelope(req.body);
  assert.equal(headers.event_id, result.eventId);
  assert.equal(headers.sdk.name, 'sentry.javascript.vigil');
  assert.equal(headers.sent_at, '2026-11-23T21:40:00.250Z');
  assert.equal(items.length, 1);
  const [itemHeader, event] = items[0];
  assert.equal(itemHeader.type, 'event');
  assert.equal(itemHeader.length, Buffer.byteLength(JSON.stringify(event)));

  assert.equal(event.event_id, result.eventId);
  assert.equal(event.timestamp, now);
  assert.equal(event.platform, 'javascript');
  assert.equal(event.level, 'error');
  assert.equal(event.release, 'shop@1.2.3');
  assert.equal(event.environment, 'staging');
  assert.equal(event.dist, 'b7');
  assert.deepEqual(event.user, { id: 'u1', email: 'a@example.com' });
  assert.deepEqual(event.tags, { tier: 'gold' });
  assert.deepEqual(event.extra, { cart: { items: 3 } });
  assert.deepEqual(event.contexts, { app: { build: 'x' } });
  assert.deepEqual(event.breadcrumbs.values, [{ category: 'ui.click', message: 'button#buy', timestamp: 1700000000.5 }]);
  assert.deepEqual(event.sdk, {
    name: 'sentry.javascript.vigil', version: '0.1.0', integrations: ['GlobalHandlers'],
    packages: [{ name: 'npm:vigil-sdk', version: '0.1.0' }],
  });

  // The cause comes first, the thrown error last, linked by exception ids.
  const [cause, thrown] = event.exception.values;
  assert.equal(thrown.type, 'RangeError');
  assert.equal(thrown.value, 'index 7 out of range');
  assert.deepEqual(thrown.mechanism, { type: 'onerror', handled: false, exception_id: 0 });
  assert.equal(cause.type, 'Error');
  assert.equal(cause.value, 'root cause');
  assert.deepEqual(cause.mechanism, { type: 'chained', source: 'cause', exception_id: 1, parent_id: 0 });

  // Frames are the real V8 stack, oldest first, so the throwing function is last.
  const frames = thrown.stacktrace.frames;
  const last = frames.at(-1);
  assert.equal(last.function, 'inner');
  assert.equal(frames.at(-2).function, 'failDeep');
  assert.ok(last.filename.endsWith('/tests/js/core-envelope.test.js'), last.filename);
  const stackLine = error.stack.split('\n')[1];
  assert.ok(stackLine.includes(`:${last.lineno}:${last.colno}`), `${stackLine} vs ${last.lineno}:${last.colno}`);
  assert.equal(last.in_app, true);
  assert.ok(frames.some((f) => f.filename.startsWith('node:') && f.in_app === false),
    'node internals are not in_app');
});

test('beforeSend round trip: the prepared event comes back as JSON and can be sent edited', async () => {
  const core = await getCore();
  const client = new core.CoreClient(JSON.stringify({ dsn: DSN }), 1, 2);
  const result = capture(client, new Error('edited later'), 1795470000, { keepEvent: true });
  assert.equal(result.request, undefined);
  const event = JSON.parse(result.event);
  event.tags = { edited: 'yes' };
  const req = client.sendEvent(JSON.stringify(event), 1795470001, 0);
  const [, [[, sent]]] = parseEnvelope(req.body);
  assert.deepEqual(sent.tags, { edited: 'yes' });
  assert.equal(sent.event_id, result.eventId);
  assert.equal(client.lastEventId(), result.eventId);
});

test('sampleRate 0 drops the event and the client report says why', async () => {
  const core = await getCore();
  const client = new core.CoreClient(JSON.stringify({ dsn: DSN, sampleRate: 0 }), 1, 2);
  const result = capture(client, new Error('never sent'), 1795470000);
  assert.equal(result.dropped, 'sample_rate');
  client.recordDiscard('before_send', 'error', 2);
  const report = client.takeClientReport(1795470002);
  const [, items] = parseEnvelope(report.body);
  assert.equal(items[0][0].type, 'client_report');
  assert.deepEqual(items[0][1].discarded_events, [
    { reason: 'sample_rate', category: 'error', quantity: 1 },
    { reason: 'before_send', category: 'error', quantity: 2 },
  ]);
});

test('a 429 with X-Sentry-Rate-Limits stops sending that category', async () => {
  const core = await getCore();
  const client = new core.CoreClient(JSON.stringify({ dsn: DSN }), 3, 4);
  const first = capture(client, new Error('one'), 1000).request;
  client.onResponse(first.id, 429, '60:error:organization', '', 1000);
  assert.equal(client.isRateLimited('error', 1001), true);
  assert.equal(client.isRateLimited('transaction', 1001), false);
  const second = capture(client, new Error('two'), 1001);
  assert.equal(second.request, undefined);
  assert.equal(client.isRateLimited('error', 1061), false);
  const third = capture(client, new Error('three'), 1061).request;
  const [, items] = parseEnvelope(third.body);
  assert.deepEqual(items.map(([h]) => h.type), ['event', 'client_report']);
  assert.deepEqual(items[1][1].discarded_events, [{ reason: 'ratelimit_backoff', category: 'error', quantity: 1 }]);
});

test('a bad DSN is a warning, not a throw, and nothing is sent', async () => {
  const core = await getCore();
  const client = new core.CoreClient(JSON.stringify({ dsn: 'ftp://nope' }), 1, 1);
  assert.equal(client.canSend(), false);
  assert.match(client.warnings()[0], /invalid DSN/);
  const result = capture(client, new Error('x'), 1);
  assert.match(result.eventId, /^[0-9a-f]{32}$/);
  assert.equal(result.request, undefined);
});

test('bad JSON and hostile strings never throw into the caller', async () => {
  const core = await getCore();
  const client = new core.CoreClient('{not json', 1, 1);
  client.setUser('{oops');
  client.setExtra('k', '"\\ud800 lone surrogate"');
  const withDsn = new core.CoreClient(JSON.stringify({ dsn: DSN }), 1, 1);
  withDsn.setExtra('k', JSON.stringify('\ud800 lone'));
  const r = withDsn.capture(JSON.stringify({ kind: 'message', message: 'hello \udc00 world', level: 'warning' }), 5, false, 0);
  const [, [[, event]]] = parseEnvelope(r.request.body);
  assert.equal(event.level, 'warning');
  assert.equal(event.message.formatted, 'hello \ufffd world');
  assert.equal(event.extra.k, '\ufffd lone');
});

test('the host chooses the event id and merges request and tags over the built event', async () => {
  const core = await getCore();
  const client = new core.CoreClient(JSON.stringify({ dsn: DSN }), 5, 6);
  client.setTag('from', 'scope');
  const id = 'abcdef0123456789abcdef0123456789';
  const r = capture(client, new Error('with overlay'), 10, {
    extra: { event_id: id, level: 'fatal', event: { request: { url: 'https://shop.example/cart' }, tags: { page: 'cart' } } },
  });
  assert.equal(r.eventId, id);
  const [headers, [[, event]]] = parseEnvelope(r.request.body);
  assert.equal(headers.event_id, id);
  assert.equal(event.level, 'fatal');
  assert.deepEqual(event.request, { url: 'https://shop.example/cart' });
  assert.deepEqual(event.tags, { from: 'scope', page: 'cart' });
});

test('forked scopes keep concurrent requests apart', async () => {
  const core = await getCore();
  const client = new core.CoreClient(JSON.stringify({ dsn: DSN }), 8, 9);
  client.setTag('global', 'yes');
  const a = client.forkScope();
  const b = client.forkScope();
  client.useScope(a);
  client.setUser(JSON.stringify({ id: 'alice' }));
  client.useScope(b);
  client.setUser(JSON.stringify({ id: 'bob' }));
  client.addBreadcrumb(JSON.stringify({ message: 'bob only', timestamp: 1 }));
  client.useScope(a);
  const ra = capture(client, new Error('for alice'), 20);
  client.useScope(b);
  const rb = capture(client, new Error('for bob'), 20);
  client.dropScope(a);
  client.dropScope(b);
  const rg = capture(client, new Error('global'), 20);
  const [, [[, ea]]] = parseEnvelope(ra.request.body);
  const [, [[, eb]]] = parseEnvelope(rb.request.body);
  const [, [[, eg]]] = parseEnvelope(rg.request.body);
  assert.deepEqual(ea.user, { id: 'alice' });
  assert.equal(ea.breadcrumbs, undefined);
  assert.deepEqual(eb.user, { id: 'bob' });
  assert.equal(eb.breadcrumbs.values[0].message, 'bob only');
  assert.equal(eg.user, undefined);
  for (const e of [ea, eb, eg]) assert.equal(e.tags.global, 'yes');
});
