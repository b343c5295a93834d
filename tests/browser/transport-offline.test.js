// The transport's offline queue in real Chromium: IndexedDB across reloads, the network
// coming back, bounds, and the in-memory fallback.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { discards, eventMessages, fetchLog, startTransportEnv, until } from './transport-helpers.js';

let t;
before(async () => { t = await startTransportEnv(); });
after(() => t?.close());
beforeEach(() => t.reset());

const stored = (page) => page.evaluate(() => window.vt.stored());

test('offline: queued in IndexedDB, kept across a reload, delivered exactly once when back online', async () => {
  const page = await t.open({ servedFromDisk: true });
  const context = page.context();
  await context.setOffline(true);
  const first = await page.evaluate(() => ['a', 'b', 'c'].map((m) => window.vt.capture(m).eventId));
  assert.deepEqual(await fetchLog(page), [], 'offline: not even tried');
  await until(async () => (await stored(page)).length === 3, { what: '3 queued entries' });

  await page.reload(); // still offline: the page comes from disk
  await page.waitForFunction(() => window.vtReady === true);
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  const second = await page.evaluate(() => window.vt.capture('d').eventId);
  await until(async () => (await stored(page)).length === 4, { what: '4 queued entries' });
  assert.deepEqual(await fetchLog(page), [], 'the new page does not try while offline either');

  await context.setOffline(false);
  const records = await t.receiver.waitFor({ type: 'event', count: 4 });
  assert.deepEqual(eventMessages(records), ['a', 'b', 'c', 'd'], 'oldest first');
  assert.deepEqual(new Set(records.map((r) => r.event_id)), new Set([...first, second]));
  await until(() => page.evaluate(() => window.vt.flush(100)), { what: 'an idle transport' });
  assert.deepEqual(await stored(page), []);
  assert.equal((await t.receiver.envelopes({ type: 'event' })).length, 4, 'exactly once each');
  // One at a time: no request started before the previous one was answered.
  const log = await fetchLog(page);
  assert.equal(log.length, 4);
  for (let i = 1; i < log.length; i++) assert.ok(log[i].at >= log[i - 1].doneAt, JSON.stringify(log));
  assert.deepEqual(page.pageErrors, []);
});

test('a full queue drops its oldest envelopes and reports them as queue_overflow', async () => {
  const page = await t.open({ transport: { maxQueueSize: 3 } });
  await page.context().setOffline(true);
  await page.evaluate(async () => {
    for (const m of ['m1', 'm2', 'm3', 'm4', 'm5']) {
      window.vt.capture(m);
      await new Promise((resolve) => setTimeout(resolve, 5)); // distinct timestamps
    }
  });
  await until(async () => (await stored(page)).length === 3 && (await stored(page)), { what: 'a full queue' });
  await page.context().setOffline(false);
  const records = await t.receiver.waitFor({ type: 'event', count: 3 });
  assert.deepEqual(eventMessages(records), ['m3', 'm4', 'm5']);
  // Reports ride on envelopes prepared after a loss (m5 carries m1's) or, once the backlog is
  // through, go on their own.
  const lost = await until(async () => {
    const all = discards(await t.receiver.envelopes({ type: 'client_report' }));
    return all.reduce((sum, d) => sum + d.quantity, 0) >= 2 && all;
  }, { what: 'two queue_overflow discards' });
  assert.ok(lost.every((d) => d.reason === 'queue_overflow' && d.category === 'error'), JSON.stringify(lost));
  assert.equal(lost.reduce((sum, d) => sum + d.quantity, 0), 2);
  assert.equal((await t.receiver.envelopes({ type: 'event' })).length, 3);
});

test('an envelope dropped with a client report on it hands that report\'s counts on', async () => {
  const page = await t.open({ transport: { maxQueueSize: 1 } });
  await page.context().setOffline(true);
  // Each capture pushes the one before out; from m3 on each envelope also carries the report
  // of the loss before it, so m3's drop loses m1's count unless it is recorded again.
  await page.evaluate(async () => {
    for (const m of ['m1', 'm2', 'm3', 'm4']) {
      window.vt.capture(m);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  await until(async () => (await stored(page)).length === 1, { what: 'one queued entry' });
  await page.context().setOffline(false);
  const records = await t.receiver.waitFor({ type: 'event', count: 1 });
  assert.deepEqual(eventMessages(records), ['m4']);
  const lost = await until(async () => {
    const all = discards(await t.receiver.envelopes({ type: 'client_report' }));
    return all.reduce((sum, d) => sum + d.quantity, 0) >= 3 && all;
  }, { what: 'three queue_overflow discards' });
  assert.ok(lost.every((d) => d.reason === 'queue_overflow' && d.category === 'error'), JSON.stringify(lost));
  assert.equal(lost.reduce((sum, d) => sum + d.quantity, 0), 3, 'm1, m2 and m3, each once');
  assert.deepEqual(page.pageErrors, []);
});

test('the queue is bounded by bytes too', async () => {
  const page = await t.open({ transport: { maxQueueBytes: 50_000 } });
  await page.context().setOffline(true);
  await page.evaluate(async () => {
    for (const m of ['big1', 'big2', 'big3']) {
      window.vt.capture(m, { padKb: 20 });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });
  await until(async () => {
    const entries = await stored(page);
    return entries.length === 2 && entries.reduce((sum, e) => sum + e.bytes, 0) <= 50_000;
  }, { what: 'two entries within 50 KB' });
  await page.context().setOffline(false);
  const records = await t.receiver.waitFor({ type: 'event', count: 2 });
  assert.deepEqual(eventMessages(records), ['big2', 'big3']);
  // big3 was prepared after big1 was dropped, so it carries the report.
  const reports = await t.receiver.waitFor({ type: 'client_report', count: 1 });
  assert.deepEqual(discards(reports), [{ reason: 'queue_overflow', category: 'error', quantity: 1 }]);
});

test('without IndexedDB the queue lives in memory and still delivers after an outage', async () => {
  const page = await t.open({ query: { noIdb: '1' } });
  assert.equal(await page.evaluate(() => window.indexedDB), undefined);
  await page.context().setOffline(true);
  await page.evaluate(() => { window.vt.capture('kept in memory'); });
  assert.equal(await page.evaluate(() => window.vt.pending()), 1);
  assert.equal(await page.evaluate(() => window.vt.flush(200)), false, 'offline: cannot flush');
  await page.context().setOffline(false);
  const records = await t.receiver.waitFor({ type: 'event', count: 1 });
  assert.deepEqual(eventMessages(records), ['kept in memory']);
  assert.equal(await page.evaluate(() => window.vt.flush(2000)), true);
  assert.deepEqual(page.pageErrors, []);
});

test('two tabs sharing the queue send each queued envelope once', async () => {
  const first = await t.open();
  const context = first.context();
  const second = await context.newPage();
  await second.goto(first.url());
  await second.waitForFunction(() => window.vtReady === true);
  await context.setOffline(true);
  const ids = [
    ...await first.evaluate(() => ['t1', 't2', 't3'].map((m) => window.vt.capture(m).eventId)),
    ...await second.evaluate(() => ['t4', 't5', 't6'].map((m) => window.vt.capture(m).eventId)),
  ];
  await until(async () => (await stored(first)).length === 6, { what: 'six queued entries' });
  // Both tabs see 'online' and drain the same IndexedDB queue at once.
  await context.setOffline(false);
  await t.receiver.waitFor({ type: 'event', count: 6 });
  await until(async () => await first.evaluate(() => window.vt.flush(100))
    && await second.evaluate(() => window.vt.flush(100)), { what: 'both tabs idle', timeout: 10_000 });
  const records = await t.receiver.envelopes({ type: 'event' });
  assert.deepEqual(records.map((r) => r.event_id).sort(), [...ids].sort(), 'each exactly once');
  const sentBy = [(await fetchLog(first)).length, (await fetchLog(second)).length];
  assert.equal(sentBy[0] + sentBy[1], 6, `requests per tab: ${sentBy}`);
});
