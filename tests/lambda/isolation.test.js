// Concurrent invocations in one process (as in tests, local emulators or a Node server) each
// get their own scope, followed across awaits and timers, and never see each other's data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startReceiver } from '../../npm/receiver/server.js';
import * as Vigil from '../../npm/dist/lambda/index.js';
import { invoke } from './fixtures/lambda-harness.js';
import { headline, storedEvents, waitForEvent } from './fixtures/events.js';

let receiver;
before(async () => {
  receiver = await startReceiver();
  Vigil.init({ dsn: receiver.dsn() });
  Vigil.setTag('deployment', 'blue'); // global: every invocation inherits it
});
after(async () => {
  await Vigil.close(500);
  await receiver.close();
});

test('20 concurrent invocations with different users never mix', async () => {
  const handler = Vigil.wrapHandler(async (event) => {
    const n = event.n;
    Vigil.setUser({ id: `user-${n}` });
    await sleep((n * 7) % 23);
    Vigil.setTag('order', String(n));
    Vigil.addBreadcrumb({ message: `step 1 of ${n}` });
    await new Promise((resolve) => setTimeout(resolve, (n * 13) % 17));
    Vigil.setExtra('n', n);
    Vigil.addBreadcrumb({ message: `step 2 of ${n}` });
    await sleep((n * 5) % 11);
    throw new Error(`failed ${n}`);
  });
  const outcomes = await Promise.all(Array.from({ length: 20 }, (_, n) => invoke(handler, { n })));
  outcomes.forEach((o, n) => assert.equal(o.error.message, `failed ${n}`));

  // Each invocation flushed before answering; on a starved machine a flush may time out, so
  // wait for the arrivals rather than assume them (handler.test.js checks the flush itself).
  const before = (await storedEvents(receiver)).filter((e) => !/^failed \d+$/.test(headline(e))).length;
  await receiver.waitFor({ type: 'event', count: before + 20, timeout: 10000 });
  const events = await storedEvents(receiver);
  for (let n = 0; n < 20; n++) {
    const mine = events.filter((e) => headline(e) === `failed ${n}`);
    assert.equal(mine.length, 1, `one event for invocation ${n}`);
    const [event] = mine;
    assert.deepEqual(event.user, { id: `user-${n}` });
    assert.equal(event.tags.order, String(n));
    assert.equal(event.tags.deployment, 'blue');
    assert.equal(event.extra.n, n);
    assert.deepEqual(event.breadcrumbs.values.map((b) => b.message), [`step 1 of ${n}`, `step 2 of ${n}`]);
    assert.equal(event.contexts['aws.lambda'].aws_request_id, outcomes[n].context.awsRequestId);
  }
});

test('nothing an invocation set leaks into the global scope or the next invocation', async () => {
  await invoke(Vigil.wrapHandler(async () => {
    Vigil.setUser({ id: 'leaky' });
    Vigil.setTag('leaky', 'yes');
    return 'ok';
  }), {});
  await invoke(Vigil.wrapHandler(async () => { throw new Error('next invocation'); }), {});
  Vigil.captureMessage('outside any invocation');
  for (const text of ['next invocation', 'outside any invocation']) {
    const event = await waitForEvent(receiver, (e) => headline(e) === text);
    assert.equal(event.user, undefined);
    assert.equal(event.tags.leaky, undefined);
    assert.equal(event.tags.deployment, 'blue');
  }
  assert.equal((await waitForEvent(receiver, (e) => headline(e) === 'outside any invocation')).contexts['aws.lambda'], undefined);
});

test('withScope inside an invocation, also async, keeps its changes to itself', async () => {
  await invoke(Vigil.wrapHandler(async () => {
    Vigil.setTag('outer', '1');
    await Vigil.withScope(async (scope) => {
      scope.setTag('inner', '1');
      await sleep(5);
      Vigil.captureMessage('inside withScope');
    });
    Vigil.captureMessage('after withScope');
    return 'ok';
  }), {});
  const inside = await waitForEvent(receiver, (e) => headline(e) === 'inside withScope');
  const afterIt = await waitForEvent(receiver, (e) => headline(e) === 'after withScope');
  assert.equal(inside.tags.inner, '1');
  assert.equal(inside.tags.outer, '1');
  assert.ok(inside.contexts['aws.lambda'], 'the inner scope is a copy of the invocation scope');
  assert.equal(afterIt.tags.inner, undefined);
  assert.equal(afterIt.tags.outer, '1');
});
