// Ingest trouble never becomes the function's trouble: outages, connection resets, 429s and a
// full queue leave the handler's answer unchanged and the invocation bounded by flushTimeout,
// and what was lost is counted in a client report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startReceiver } from '../../npm/receiver/server.js';
import * as Vigil from '../../npm/dist/lambda/index.js';
import { makeNodeTransport } from '../../npm/dist/node/transport.js';
import { invoke } from './fixtures/lambda-harness.js';
import { headline, storedEvents, storedItems } from './fixtures/events.js';

let receiver;
before(async () => {
  receiver = await startReceiver();
});
after(async () => {
  await Vigil.close(200);
  await receiver.close();
});

const FLUSH_TIMEOUT = 300;
// What the wrapper may add after the handler settled: the flush bound plus capturing (the
// first capture in a process also loads Node's fetch, ~50 ms) and slack for a busy machine;
// well under the default flushTimeout (2 s) and the core's first retry (1 s).
const BOUND = FLUSH_TIMEOUT + 400;
let handlerDone = 0;
const failing = (message) => Vigil.wrapHandler(async () => {
  handlerDone = performance.now();
  throw new Error(message);
}, { flushTimeout: FLUSH_TIMEOUT });
const waited = (outcome) => outcome.endedAt - handlerDone;

test('an outage (connections dropped): the handler fails as it would, bounded by flushTimeout; the event comes later', async () => {
  Vigil.init({ dsn: receiver.dsn() });
  receiver.control({ reset: true, outage: { mode: 'destroy' } });
  let outcome;
  try {
    outcome = await invoke(failing('during outage'), {});
    outcome.waited = waited(outcome);
    const ok = await invoke(Vigil.wrapHandler(async () => {
      Vigil.captureMessage('success during outage');
      handlerDone = performance.now();
      return 'fine';
    }, { flushTimeout: FLUSH_TIMEOUT }), {});
    assert.equal(ok.result, 'fine');
    assert.ok(waited(ok) < BOUND, `bounded (${waited(ok)} ms)`);
  } finally {
    receiver.control({ reset: true });
  }
  assert.equal(outcome.error.message, 'during outage');
  assert.ok(outcome.waited < BOUND, `bounded (${outcome.waited} ms)`);
  assert.equal((await storedEvents(receiver)).length, 0);
  // The core's retry (backoff 1 s, 2 s) delivers both once the receiver is back.
  await receiver.waitFor({ type: 'event', count: 2, timeout: 8000 });
  const texts = (await storedEvents(receiver)).map(headline).sort();
  assert.deepEqual(texts, ['during outage', 'success during outage']);
});

test('an ingest host that refuses connections: bounded, never thrown', async () => {
  const closed = http.createServer();
  await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address();
  await new Promise((resolve) => closed.close(resolve));
  Vigil.init({ dsn: `http://public@127.0.0.1:${port}/1` });
  const outcome = await invoke(failing('nobody listening'), {});
  assert.equal(outcome.error.message, 'nobody listening');
  assert.ok(waited(outcome) < BOUND, `bounded (${waited(outcome)} ms)`);
});

test('429: the handler is unaffected, and while the limit lasts nothing more is sent', async () => {
  await receiver.clear();
  Vigil.init({ dsn: receiver.dsn() });
  receiver.control({ reset: true, rateLimit: { requests: 1, retryAfter: 60 } });
  const first = await invoke(failing('rate limited 1'), {});
  first.waited = waited(first);
  const requestsAfterFirst = (await receiver.envelopes()).length;
  const second = await invoke(failing('rate limited 2'), {});
  assert.equal(first.error.message, 'rate limited 1');
  assert.equal(second.error.message, 'rate limited 2');
  assert.ok(first.waited < BOUND && waited(second) < BOUND, `bounded (${first.waited}, ${waited(second)} ms)`);
  // Over as soon as the handler is: the core dropped the event, there was nothing to wait for.
  assert.ok(waited(second) < FLUSH_TIMEOUT - 100, `no flush wait while rate limited (${waited(second)} ms)`);
  // The rule answered one request with 429 (nothing stored); the second event never left.
  assert.equal(requestsAfterFirst, 0);
  assert.equal((await receiver.envelopes()).length, 0);
  receiver.control({ reset: true });
});

test('a full queue drops the oldest waiting envelope and reports it as queue_overflow', async () => {
  await receiver.clear();
  Vigil.init({ dsn: receiver.dsn(), transportOptions: { maxQueueSize: 2, maxConcurrency: 1 } });
  receiver.control({ reset: true, latencyMs: 150 });
  try {
    const outcome = await invoke(Vigil.wrapHandler(async () => {
      for (let i = 1; i <= 6; i++) Vigil.captureMessage(`burst ${i}`);
      return 'done';
    }, { flushTimeout: 3000 }), {});
    assert.equal(outcome.result, 'done');
  } finally {
    receiver.control({ reset: true });
  }
  // One in flight, one waiting: 2..5 were pushed out by newer ones; the newest survives.
  const texts = (await storedEvents(receiver)).map(headline);
  assert.deepEqual(texts, ['burst 1', 'burst 6']);
  // Reports ride along with later envelopes (the core attaches them); counts carried by an
  // envelope that was itself dropped are counted again, so in total all four are reported.
  const discards = (await storedItems(receiver, 'client_report')).flatMap(([, r]) => r.discarded_events);
  assert.ok(discards.every((d) => d.reason === 'queue_overflow' && d.category === 'error'), JSON.stringify(discards));
  assert.equal(discards.reduce((sum, d) => sum + d.quantity, 0), 4);
});

// ---- the transport on its own, with a stub core ------------------------------------------------

function stubCore({ retryInSeconds = 10, throws = false } = {}) {
  const calls = [];
  const record = (name, result) => (...args) => {
    calls.push([name, ...args]);
    if (throws) throw new Error(`core.${name} broke`);
    return typeof result === 'function' ? result(...args) : result;
  };
  return {
    calls,
    onResponse: record('onResponse'),
    onNetworkError: record('onNetworkError', (id, now) => ({ retry: true, retryAt: now + retryInSeconds, attempt: 2 })),
    takeClientReport: record('takeClientReport', null),
    recordDiscard: record('recordDiscard'),
    isRateLimited: record('isRateLimited', false),
  };
}

const request = (id) => ({ id, url: 'http://127.0.0.1:9/api/1/envelope/', headers: {}, body: '{}\n{"type":"event"}\n{}' });

test('a connection reset on a pooled connection is retried at once, not after the backoff', async () => {
  const core = stubCore({ retryInSeconds: 10 });
  let calls = 0;
  const fetchImpl = async () => {
    calls += 1;
    if (calls === 1) throw new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    return new Response('{}', { status: 200 });
  };
  const transport = makeNodeTransport({ core, fetchImpl });
  await transport.send(request(1));
  assert.equal(await transport.flush(500), true);
  assert.equal(calls, 2);
  assert.deepEqual(core.calls.filter(([n]) => n === 'onResponse').map(([, id, status]) => [id, status]), [[1, 200]]);
});

test('an ordinary network error waits for the core\'s retry time; flush gives up at its timeout', async () => {
  const core = stubCore({ retryInSeconds: 10 });
  let calls = 0;
  const fetchImpl = async () => {
    calls += 1;
    throw new TypeError('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });
  };
  const transport = makeNodeTransport({ core, fetchImpl });
  await transport.send(request(1));
  const started = performance.now();
  assert.equal(await transport.flush(150), false);
  assert.ok(performance.now() - started < 400);
  assert.equal(calls, 1);
  assert.equal(transport.pendingCount(), 1);
  await transport.close(0);
  assert.equal(transport.pendingCount(), 0);
});

test('the transport never throws: a fetch that throws synchronously, a core that throws', async () => {
  const core = stubCore({ throws: true });
  const transport = makeNodeTransport({ core, fetchImpl: () => { throw new Error('no fetch here'); } });
  await transport.send(request(1));
  await transport.send({ id: 2, url: 42, headers: null, body: null });
  assert.equal(typeof (await transport.flush(100)), 'boolean');
  await transport.close(100);
  await transport.send(request(3)); // after close: ignored
});

test('a request the server never answers counts as a network error after requestTimeoutMs', async () => {
  const core = stubCore({ retryInSeconds: 10 });
  const fetchImpl = (url, init) => new Promise((resolve, reject) => {
    init.signal.addEventListener('abort', () => reject(init.signal.reason));
  });
  const transport = makeNodeTransport({ core, fetchImpl, requestTimeoutMs: 50 });
  await transport.send(request(7));
  assert.deepEqual(core.calls.find(([n]) => n === 'onNetworkError').slice(0, 2), ['onNetworkError', 7]);
  await transport.close(0);
});
