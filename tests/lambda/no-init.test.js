// Without init() (or with an init that cannot send), wrapped handlers behave exactly as the
// unwrapped ones and the Sentry-named API does nothing, returning what Sentry's would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Vigil from '../../npm/dist/lambda/index.js';
import { invoke } from './fixtures/lambda-harness.js';

test('wrapHandler before init: results and errors pass through unchanged', async () => {
  const error = new Error('no sdk');
  assert.equal((await invoke(Vigil.wrapHandler(async () => { throw error; }), {})).error, error);
  assert.equal((await invoke(Vigil.wrapHandler((e, c, cb) => cb(null, 'cb')), {})).result, 'cb');
  assert.equal((await invoke(Vigil.wrapHandler(async (e) => e.n * 2), { n: 21 })).result, 42);
});

test('the module API before init', async () => {
  assert.equal(Vigil.getClient(), undefined);
  assert.equal(Vigil.captureException(new Error('x')), '');
  assert.equal(Vigil.captureMessage('x'), '');
  Vigil.setUser({ id: '1' });
  Vigil.setTag('a', 'b');
  Vigil.addBreadcrumb({ message: 'm' });
  assert.equal(Vigil.withScope((scope) => scope.setTag('a', 'b').setUser(null) && 'ran'), 'ran');
  assert.equal(await Vigil.flush(10), true);
  assert.equal(await Vigil.close(10), true);
});

test('init without a DSN: nothing is sent, handlers are unaffected, invocations do not wait', async () => {
  const client = Vigil.init({});
  assert.ok(client);
  const error = new Error('no dsn');
  const outcome = await invoke(Vigil.wrapHandler(async () => { throw error; }), {});
  assert.equal(outcome.error, error);
  assert.ok(outcome.durationMs < 1000);
  assert.match(Vigil.captureMessage('dropped'), /^[0-9a-f]{32}$/);
  assert.equal(await Vigil.flush(100), true);
  await Vigil.close(100);
});

test('init with a malformed DSN never throws into the host', async () => {
  assert.doesNotThrow(() => Vigil.init({ dsn: 'not a dsn', sampleRate: 'lots' }));
  const outcome = await invoke(Vigil.wrapHandler(async () => 'still fine'), {});
  assert.equal(outcome.result, 'still fine');
  await Vigil.close(100);
});
