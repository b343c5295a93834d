// The Cloudflare Worker example runs as its README says, and reports what it should.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startReceiver } from '../../npm/receiver/server.js';
import { runExample } from '../../examples/cloudflare-worker/run-local.mjs';
import { messageOf, sentEvents } from './fixtures/harness.js';

test('examples/cloudflare-worker reports per-user errors, a message and a cron failure', async () => {
  const receiver = await startReceiver();
  try {
    const answers = await runExample({ dsn: receiver.dsn() });
    assert.equal(answers['/orders/7'].status, 200);
    assert.equal(answers['/orders/13'].status, 500);
    assert.equal(answers['/report'].status, 202);
    assert.equal(answers.cron, 'exception');
    await receiver.waitFor({ type: 'event', count: 4, timeout: 10_000 });
    const events = await sentEvents(receiver);
    const by = (pred) => events.filter(pred);
    const corrupt = by((e) => e.exception?.values.at(-1).value === 'order 13 is corrupt');
    assert.deepEqual(corrupt.map((e) => e.user?.id ?? null).sort(), ['bob', 'dave', null]);
    const bob = corrupt.find((e) => e.user?.id === 'bob');
    assert.equal(bob.request.headers.cookie, undefined);
    assert.deepEqual(bob.breadcrumbs.values.map((b) => b.message), ['load 13']);
    const report = by((e) => messageOf(e) === 'report requested while the exporter is disabled');
    assert.equal(report.length, 1);
    assert.equal(report[0].user.id, 'carol');
    assert.equal(report[0].level, 'warning');
  } finally {
    await receiver.close();
  }
});
