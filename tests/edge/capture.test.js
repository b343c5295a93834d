// What an invocation's events carry: request data without secrets, the unhandled mechanism,
// the incoming trace, the trigger of cron runs. Real workerd, envelopes read by Sentry's parser.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startReceiver } from '../../npm/receiver/server.js';
import { messageOf, sentEvents, startWorker } from './fixtures/harness.js';

const SECRET_HEADERS = {
  cookie: 'session=s3cret; theme=dark',
  authorization: 'Bearer top-secret',
  'x-api-key': 'key-123',
  'cf-connecting-ip': '198.51.100.7',
  'x-trace-note': 'visible',
};

let receiver;
before(async () => {
  receiver = await startReceiver();
});
after(() => receiver.close());

describe('default options', () => {
  let mf;
  before(async () => {
    mf = await startWorker('app-worker', { flags: ['nodejs_als'], bindings: { VIGIL_DSN: receiver.dsn() } });
  });
  after(() => mf?.dispose());

  test('a thrown error is reported as unhandled with request data, secrets removed, and rethrown', async () => {
    await receiver.clear();
    const response = await mf.dispatchFetch('http://worker.test/throw?page=2', { method: 'POST', headers: SECRET_HEADERS, body: 'x' });
    assert.equal(response.status, 500, 'the error still reaches the runtime');
    await response.text();
    const [record] = await receiver.waitFor({ type: 'event', count: 1 });
    assert.equal(record.headers.event_id.length, 32);
    const [event] = await sentEvents(receiver);
    const exception = event.exception.values.at(-1);
    assert.equal(exception.type, 'TypeError');
    assert.equal(exception.value, 'kaboom');
    assert.deepEqual(exception.mechanism, { type: 'cloudflare', handled: false });
    assert.ok(exception.stacktrace.frames.some((f) => f.function === 'throw'), 'the throwing function is in the stack');
    assert.equal(event.level, 'error');
    assert.equal(event.release, 'edge-test@1.0.0');
    assert.equal(event.environment, 'test');
    assert.equal(event.transaction, 'POST /throw');
    assert.equal(event.request.method, 'POST');
    assert.equal(event.request.url, 'http://worker.test/throw');
    assert.equal(event.request.query_string, 'page=2');
    assert.equal(event.request.headers['x-trace-note'], 'visible');
    for (const name of ['cookie', 'authorization', 'x-api-key', 'cf-connecting-ip']) {
      assert.equal(event.request.headers[name], undefined, `${name} removed`);
    }
    assert.equal(event.request.cookies, undefined);
    assert.equal(event.user, undefined, 'no address inferred without sendDefaultPii');
    assert.doesNotMatch(JSON.stringify(event), /s3cret|top-secret|key-123|198\.51\.100\.7/);
    assert.deepEqual(event.contexts.runtime, { name: 'cloudflare' });
    assert.match(event.contexts.trace.trace_id, /^[0-9a-f]{32}$/);
  });

  test('a rejected promise is reported the same way', async () => {
    await receiver.clear();
    const response = await mf.dispatchFetch('http://worker.test/reject');
    assert.equal(response.status, 500);
    await response.text();
    await receiver.waitFor({ type: 'event', count: 1 });
    const [event] = await sentEvents(receiver);
    assert.equal(event.exception.values.at(-1).type, 'RangeError');
    assert.deepEqual(event.exception.values.at(-1).mechanism, { type: 'cloudflare', handled: false });
  });

  test('events join the trace named by sentry-trace and baggage', async () => {
    await receiver.clear();
    const traceId = '5f0e4f5a2c3b4d6e8f9a0b1c2d3e4f5a';
    const response = await mf.dispatchFetch('http://worker.test/throw', {
      headers: { 'sentry-trace': `${traceId}-1a2b3c4d5e6f7a8b-1`, baggage: `sentry-trace_id=${traceId},sentry-public_key=public` },
    });
    await response.text();
    await receiver.waitFor({ type: 'event', count: 1 });
    const [event] = await sentEvents(receiver);
    assert.equal(event.contexts.trace.trace_id, traceId);
    assert.equal(event.contexts.trace.parent_span_id, '1a2b3c4d5e6f7a8b');
    assert.equal(event.contexts.trace.sampled, true);
    assert.match(event.contexts.trace.span_id, /^[0-9a-f]{16}$/);
    assert.notEqual(event.contexts.trace.span_id, '1a2b3c4d5e6f7a8b');
  });

  test('beforeSend can drop an event; the drop is reported in the next envelope', async () => {
    await receiver.clear();
    await (await mf.dispatchFetch('http://worker.test/drop')).text();
    const [record] = await receiver.waitFor({ type: 'event', count: 1 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const events = await sentEvents(receiver);
    assert.deepEqual(events.map(messageOf), ['kept']);
    const report = record.items.find((i) => i.type === 'client_report');
    assert.ok(report, 'the client report rides along');
    assert.deepEqual(report.payload.discarded_events, [{ reason: 'before_send', category: 'error', quantity: 1 }]);
  });

  test('a failing cron run is captured with its trigger and rethrown', async () => {
    await receiver.clear();
    const worker = await mf.getWorker();
    const result = await worker.scheduled({ cron: '*/5 * * * *', scheduledTime: new Date(1_700_000_000_000) });
    assert.equal(result.outcome, 'exception');
    await receiver.waitFor({ type: 'event', count: 1 });
    const [event] = await sentEvents(receiver);
    assert.equal(event.exception.values.at(-1).value, 'cron failed');
    assert.deepEqual(event.exception.values.at(-1).mechanism, { type: 'cloudflare', handled: false });
    assert.equal(event.tags.cron, '*/5 * * * *');
    assert.equal(event.contexts.cloudflare.trigger, 'scheduled');
    assert.equal(event.contexts.cloudflare.cron, '*/5 * * * *');
    assert.equal(event.request, undefined);
  });
});

describe('sendDefaultPii', () => {
  let mf;
  before(async () => {
    mf = await startWorker('app-worker', { flags: ['nodejs_als'], bindings: { VIGIL_DSN: receiver.dsn(), PII: '1' } });
  });
  after(() => mf?.dispose());

  test('keeps cookies, credentials and the client address', async () => {
    await receiver.clear();
    await (await mf.dispatchFetch('http://worker.test/throw', { headers: SECRET_HEADERS })).text();
    await receiver.waitFor({ type: 'event', count: 1 });
    const [event] = await sentEvents(receiver);
    assert.equal(event.request.headers.cookie, SECRET_HEADERS.cookie);
    assert.equal(event.request.headers.authorization, SECRET_HEADERS.authorization);
    assert.deepEqual(event.request.cookies, { session: 's3cret', theme: 'dark' });
    assert.equal(event.user.ip_address, '198.51.100.7');
  });
});
