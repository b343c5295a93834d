// Ingest never holds up a worker's response: a slow, failing or unreachable receiver changes
// nothing for the client of the worker; events go out through ctx.waitUntil.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { startReceiver } from '../../npm/receiver/server.js';
import { messageOf, sentEvents, since, startWorker } from './fixtures/harness.js';

const LATENCY_MS = 3000;

let receiver;
let mf;
before(async () => {
  receiver = await startReceiver();
  mf = await startWorker('app-worker', { flags: ['nodejs_als'], bindings: { VIGIL_DSN: receiver.dsn() } });
  // The first request also instantiates the Wasm core; time the later ones.
  await (await mf.dispatchFetch('http://worker.test/ok')).text();
});
after(async () => {
  await mf?.dispose();
  await receiver.close();
});
beforeEach(async () => {
  receiver.control({ reset: true });
  await receiver.clear();
});

test(`a ${LATENCY_MS} ms ingest does not delay the response`, async () => {
  receiver.control({ latencyMs: LATENCY_MS });
  const start = performance.now();
  const response = await mf.dispatchFetch('http://worker.test/throw');
  await response.text();
  const responseMs = since(start);
  assert.equal(response.status, 500);
  assert.ok(responseMs < 1000, `response took ${responseMs.toFixed(0)} ms`);
  assert.equal((await receiver.envelopes({ type: 'event' })).length, 0, 'ingest still in progress');
  await receiver.waitFor({ type: 'event', count: 1, timeout: LATENCY_MS + 5000 });
  const deliveredMs = since(start);
  assert.ok(deliveredMs >= LATENCY_MS - 50, `delivered after ${deliveredMs.toFixed(0)} ms`);
});

test('a streaming response is returned before ingest completes', async () => {
  receiver.control({ latencyMs: LATENCY_MS });
  const start = performance.now();
  const response = await mf.dispatchFetch('http://worker.test/stream');
  const headersMs = since(start);
  const body = await response.text();
  const bodyMs = since(start);
  assert.equal(body, 'chunk-0\nchunk-1\nchunk-2\nchunk-3\nchunk-4\n');
  assert.ok(headersMs < 1000, `headers after ${headersMs.toFixed(0)} ms`);
  assert.ok(bodyMs < 1500, `whole stream after ${bodyMs.toFixed(0)} ms`);
  assert.equal((await receiver.envelopes({ type: 'event' })).length, 0, 'ingest still in progress');
  await receiver.waitFor({ type: 'event', count: 1, timeout: LATENCY_MS + 5000 });
  assert.deepEqual((await sentEvents(receiver)).map(messageOf), ['streaming']);
});

test('an unreachable ingest does not break the response; the core retry delivers the event', async () => {
  // The first request's connection is dropped without an answer: a network error, which the
  // core answers with a retry one second later.
  receiver.control({ outage: { mode: 'destroy', requests: 1 } });
  const start = performance.now();
  const response = await mf.dispatchFetch('http://worker.test/message?id=retried');
  assert.equal(await response.text(), 'ok');
  assert.ok(since(start) < 1000, `response took ${since(start).toFixed(0)} ms`);
  await receiver.waitFor({ type: 'event', count: 1, timeout: 8000 });
  assert.ok(since(start) >= 900, 'delivered by the retry, not the first attempt');
  assert.deepEqual((await sentEvents(receiver)).map(messageOf), ['hello retried']);
});

test('an ingest outage (HTTP 503) does not break the response; the loss is reported later', async () => {
  receiver.control({ outage: { status: 503 } });
  const start = performance.now();
  const responses = await Promise.all([1, 2, 3].map((i) => mf.dispatchFetch(`http://worker.test/message?id=lost-${i}`)));
  for (const response of responses) assert.equal(await response.text(), 'ok');
  const thrown = await mf.dispatchFetch('http://worker.test/throw');
  assert.equal(thrown.status, 500, 'the worker error, not an SDK error');
  await thrown.text();
  assert.ok(since(start) < 1500, `responses took ${since(start).toFixed(0)} ms`);

  // Once ingest is back, the next envelope says what the outage cost.
  await new Promise((resolve) => setTimeout(resolve, 300));
  receiver.control({ outage: null });
  await (await mf.dispatchFetch('http://worker.test/message?id=after')).text();
  const [record] = await receiver.waitFor({ type: 'event', count: 1, timeout: 5000 });
  const report = record.items.find((i) => i.type === 'client_report');
  assert.ok(report, 'a client report rides along');
  const lost = report.payload.discarded_events.find((d) => d.reason === 'send_error' && d.category === 'error');
  // The core attaches pending reports to the next envelope; a report that rode on an envelope
  // the outage also lost is gone with it, so only the last losses are certain to be counted.
  assert.ok(lost?.quantity >= 1 && lost.quantity <= 4, JSON.stringify(report.payload));
});
