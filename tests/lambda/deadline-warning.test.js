// The "Possible function timeout" warning, driven by the harness's deadline.
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
});
after(async () => {
  await Vigil.close(500);
  await receiver.close();
});

const warnings = async (name) => (await storedEvents(receiver))
  .filter((e) => headline(e) === `Possible function timeout: ${name}`);

test('a handler that runs past deadline - 500 ms gets a warning event with the invocation scope', async () => {
  const handler = Vigil.wrapHandler(async () => {
    Vigil.setUser({ id: 'slow-user' });
    await sleep(1100);
    return 'finished in time';
  });
  // Warning due at 1000 ms; the handler ends at 1100 ms, 400 ms before its deadline.
  const outcome = await invoke(handler, {}, { functionName: 'slow-fn', timeoutMs: 1500 });
  assert.equal(outcome.result, 'finished in time');
  const warning = await waitForEvent(receiver, (e) => headline(e) === 'Possible function timeout: slow-fn');
  assert.equal((await warnings('slow-fn')).length, 1);
  assert.equal(warning.level, 'warning');
  assert.equal(warning.tags.timeout, '2s');
  assert.equal(warning.tags.cold_start, 'true');
  assert.deepEqual(warning.user, { id: 'slow-user' });
  assert.equal(warning.contexts['aws.lambda'].aws_request_id, outcome.context.awsRequestId);
});

test('a handler killed at its deadline still got its warning out first', async () => {
  const handler = Vigil.wrapHandler(() => new Promise(() => {}));
  const outcome = await invoke(handler, {}, { functionName: 'stuck-fn', timeoutMs: 800 });
  assert.equal(outcome.timedOut, true);
  // Sent at deadline - 500 ms, while the handler still ran: the send does not wait for the
  // handler (which never finishes) or for a flush.
  await waitForEvent(receiver, (e) => headline(e) === 'Possible function timeout: stuck-fn');
});

test('a quick handler gets no warning, and its timer does not fire later', async () => {
  const outcome = await invoke(Vigil.wrapHandler(async () => 'quick'), {}, { functionName: 'quick-fn', timeoutMs: 700 });
  assert.equal(outcome.result, 'quick');
  // The warning would have been due 200 ms after the start: wait well past it.
  await sleep(500);
  await Vigil.flush(500);
  assert.equal((await warnings('quick-fn')).length, 0);
});

test('captureTimeoutWarning: false and a custom timeoutWarningLimit', async () => {
  const slow = async () => { await sleep(400); return 'ok'; };
  await invoke(Vigil.wrapHandler(slow, { captureTimeoutWarning: false }), {}, { functionName: 'off-fn', timeoutMs: 600 });
  assert.equal((await warnings('off-fn')).length, 0);
  // With a 100 ms limit the same handler (400 ms of 1000) is not near its deadline...
  await invoke(Vigil.wrapHandler(slow, { timeoutWarningLimit: 100 }), {}, { functionName: 'limit-fn', timeoutMs: 1000 });
  assert.equal((await warnings('limit-fn')).length, 0);
  // ...but with 800 ms it is (due 200 ms in).
  await invoke(Vigil.wrapHandler(slow, { timeoutWarningLimit: 800 }), {}, { functionName: 'limit-fn-2', timeoutMs: 1000 });
  await waitForEvent(receiver, (e) => headline(e) === 'Possible function timeout: limit-fn-2');
});
