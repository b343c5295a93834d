// Workers forbid code generation from strings; the SDK needs none. The Wasm arrives as a
// precompiled module (CompiledWasm), never compiled from bytes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startReceiver } from '../../npm/receiver/server.js';
import { messageOf, sentEvents, startWorker } from './fixtures/harness.js';

let receiver;
before(async () => {
  receiver = await startReceiver();
});
after(() => receiver.close());

const CASES = [
  { name: 'default flags', flags: [], startup: /^allowed$/ },
  { name: 'disallow_eval_during_startup', flags: ['disallow_eval_during_startup'], startup: /^threw: Code generation from strings disallowed/ },
  { name: 'disallow_eval_during_startup + nodejs_compat', flags: ['disallow_eval_during_startup', 'nodejs_compat'], startup: /^threw: / },
];

for (const { name, flags, startup } of CASES) {
  test(`new Function and eval throw, and the SDK reports (${name})`, async () => {
    await receiver.clear();
    const mf = await startWorker('app-worker', { flags, bindings: { VIGIL_DSN: receiver.dsn() } });
    try {
      const probe = await (await mf.dispatchFetch('http://worker.test/eval')).json();
      assert.match(probe.runtime, /^threw: Code generation from strings disallowed/);
      assert.match(probe.eval, /^threw: Code generation from strings disallowed/);
      assert.match(probe.startup, startup);
      await receiver.waitFor({ type: 'event', count: 1 });
      assert.deepEqual((await sentEvents(receiver)).map(messageOf), ['eval probe']);
    } finally {
      await mf.dispose();
    }
  });
}

test("miniflare's own module loader (scriptPath + CompiledWasm rule) runs the bundle", async () => {
  await receiver.clear();
  // Its walker resolves `import('node:async_hooks')` only when a Node.js flag provides it.
  const mf = await startWorker('app-worker', { walker: true, flags: ['nodejs_als', 'disallow_eval_during_startup'], bindings: { VIGIL_DSN: receiver.dsn() } });
  try {
    const response = await mf.dispatchFetch('http://worker.test/throw');
    assert.equal(response.status, 500);
    await response.text();
    await receiver.waitFor({ type: 'event', count: 1 });
    const [event] = await sentEvents(receiver);
    assert.equal(event.exception.values.at(-1).value, 'kaboom');
  } finally {
    await mf.dispose();
  }
});
