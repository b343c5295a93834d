// Concurrent invocations in one isolate never share scope data: real workerd, real receiver.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startReceiver } from '../../npm/receiver/server.js';
import { messageOf, sentEvents, startWorker } from './fixtures/harness.js';

const COUNT = 20;

let receiver;
before(async () => {
  receiver = await startReceiver();
});
after(() => receiver.close());

// Fires COUNT requests at once; request n waits (COUNT - n) * 3 ms twice, so their awaits
// interleave and they finish in the reverse order they started.
async function fireInterleaved(mf, route) {
  const responses = await Promise.all(Array.from({ length: COUNT }, (_, n) =>
    mf.dispatchFetch(`http://worker.test/${route}?n=${n}&delay=${(COUNT - n) * 3}`)));
  for (const response of responses) await response.text();
  return responses.map((r) => r.status);
}

function byNumber(events, prefix) {
  const out = new Map();
  for (const event of events) {
    const value = event.exception.values.at(-1).value;
    assert.ok(value.startsWith(prefix), value);
    out.set(value.slice(prefix.length), event);
  }
  return out;
}

for (const flag of ['nodejs_als', 'nodejs_compat']) {
  describe(`with AsyncLocalStorage (${flag})`, () => {
    let mf;
    before(async () => {
      await receiver.clear();
      mf = await startWorker('app-worker', { flags: [flag], bindings: { VIGIL_DSN: receiver.dsn() } });
    });
    after(() => mf?.dispose());

    test('the worker sees AsyncLocalStorage', async () => {
      const info = await (await mf.dispatchFetch('http://worker.test/info')).json();
      assert.equal(info.asyncContext, true);
    });

    test(`${COUNT} interleaved requests keep their own user, tags and breadcrumbs`, async () => {
      await receiver.clear();
      const statuses = await fireInterleaved(mf, 'concurrent');
      assert.deepEqual(statuses, Array(COUNT).fill(500));
      await receiver.waitFor({ type: 'event', count: COUNT, timeout: 10_000 });
      const events = byNumber(await sentEvents(receiver), 'boom-');
      assert.equal(events.size, COUNT);
      for (const [n, event] of events) {
        assert.deepEqual(event.user, { id: `user-${n}` }, `user of request ${n}`);
        assert.equal(event.tags.request, n);
        assert.equal(event.tags.early, n);
        assert.deepEqual(event.breadcrumbs.values.map((b) => b.message), [`crumb-${n}`]);
        assert.equal(event.request.query_string, `n=${n}&delay=${(COUNT - n) * 3}`);
        assert.deepEqual(event.exception.values.at(-1).mechanism, { type: 'cloudflare', handled: false });
      }
      // Every invocation had a trace of its own.
      assert.equal(new Set([...events.values()].map((e) => e.contexts.trace.trace_id)).size, COUNT);
    });

    test('nothing leaks into the next request', async () => {
      await receiver.clear();
      await (await mf.dispatchFetch('http://worker.test/message?id=clean')).text();
      const [record] = await receiver.waitFor({ type: 'event', count: 1 });
      const event = record.items[0].payload;
      assert.equal(messageOf(event), 'hello clean');
      assert.equal(event.user, undefined);
      assert.equal(event.tags, undefined);
      assert.equal(event.breadcrumbs, undefined);
    });

    test('withScope forks the invocation scope for its (async) callback only', async () => {
      await receiver.clear();
      await (await mf.dispatchFetch('http://worker.test/scoped')).text();
      await receiver.waitFor({ type: 'event', count: 2 });
      const events = await sentEvents(receiver);
      const inside = events.find((e) => messageOf(e) === 'inside withScope');
      const outside = events.find((e) => messageOf(e) === 'after withScope');
      assert.deepEqual(inside.tags, { outer: 'yes', inner: 'yes' });
      assert.deepEqual(outside.tags, { outer: 'yes' });
    });

    test('work left to ctx.waitUntil still sees its invocation after the response', async () => {
      await receiver.clear();
      const response = await mf.dispatchFetch('http://worker.test/later');
      assert.equal(await response.text(), 'accepted');
      const [record] = await receiver.waitFor({ type: 'event', count: 1 });
      const event = record.items[0].payload;
      assert.equal(event.exception.values[0].value, 'after the response');
      assert.deepEqual(event.user, { id: 'later-user' });
      assert.equal(event.request.url, 'http://worker.test/later');
    });
  });
}

describe('without AsyncLocalStorage (no compatibility flag)', () => {
  let mf;
  before(async () => {
    mf = await startWorker('app-worker', { bindings: { VIGIL_DSN: receiver.dsn() } });
  });
  after(() => mf?.dispose());

  test('the worker loads and reports no AsyncLocalStorage', async () => {
    const info = await (await mf.dispatchFetch('http://worker.test/info')).json();
    assert.equal(info.asyncContext, false);
  });

  test('module-level calls after an await never land in another request', async () => {
    await receiver.clear();
    await fireInterleaved(mf, 'concurrent');
    await receiver.waitFor({ type: 'event', count: COUNT, timeout: 10_000 });
    const events = byNumber(await sentEvents(receiver), 'boom-');
    assert.equal(events.size, COUNT);
    for (const [n, event] of events) {
      // Set before the first await: the wrapper knows whose it is.
      assert.equal(event.tags.early, n);
      // Set after it, with 20 requests running: ignored rather than risk a wrong owner.
      if (event.user !== undefined) assert.deepEqual(event.user, { id: `user-${n}` });
      if (event.tags.request !== undefined) assert.equal(event.tags.request, n);
      for (const crumb of event.breadcrumbs?.values ?? []) assert.equal(crumb.message, `crumb-${n}`);
      assert.equal(event.request.query_string, `n=${n}&delay=${(COUNT - n) * 3}`);
    }
  });

  test('getInvocationScope(ctx) keeps interleaved requests apart', async () => {
    await receiver.clear();
    const statuses = await fireInterleaved(mf, 'explicit');
    assert.deepEqual(statuses, Array(COUNT).fill(200));
    await receiver.waitFor({ type: 'event', count: COUNT, timeout: 10_000 });
    const events = byNumber(await sentEvents(receiver), 'explicit-');
    assert.equal(events.size, COUNT);
    for (const [n, event] of events) {
      assert.deepEqual(event.user, { id: `user-${n}` });
      assert.equal(event.tags.request, n);
      assert.equal(event.exception.values[0].mechanism.handled, true);
    }
  });

  test('a lone request still gets its scope after awaits', async () => {
    await receiver.clear();
    const response = await mf.dispatchFetch('http://worker.test/concurrent?n=solo&delay=5');
    assert.equal(response.status, 500);
    await response.text();
    const [record] = await receiver.waitFor({ type: 'event', count: 1 });
    const event = record.items[0].payload;
    assert.deepEqual(event.user, { id: 'user-solo' });
    assert.equal(event.tags.request, 'solo');
  });
});
