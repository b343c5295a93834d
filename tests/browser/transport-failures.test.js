// The fetch transport when ingest pushes back or goes away, in real Chromium against the
// receiver's simulations (npm/receiver/simulate.js): rate limits, outages, HTTP errors, and
// what a page leaving mid-retry does with its waiting envelopes.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { discards, eventMessages, fetchLog, startTransportEnv, until } from './transport-helpers.js';

let t;
before(async () => { t = await startTransportEnv(); });
after(() => t?.close());
beforeEach(() => t.reset());

const stored = (page) => page.evaluate(() => window.vt.stored());
const received = (record) => Date.parse(record.received_at);

test('429 with X-Sentry-Rate-Limits: nothing more is sent until it ends, then a ratelimit_backoff report', async () => {
  // Empty category list: every category, client reports included, for 2 s.
  t.receiver.control({ rateLimit: { requests: 1, header: '2::organization:quota_exceeded' } });
  const page = await t.open();
  const early = await page.evaluate(() => window.vt.prepare('prepared before the limit'));
  await page.evaluate(() => { window.vt.capture('answered 429'); });
  const [answer] = await fetchLog(page);
  assert.equal(answer.status, 429);
  const limitedAt = answer.doneAt;

  const during = await page.evaluate((index) => {
    const now = Date.now() / 1000;
    const state = ['error', 'transaction', 'internal'].map((c) => window.vt.core.isRateLimited(c, now));
    const dropped = [window.vt.capture('dropped 1'), window.vt.capture('dropped 2')];
    window.vt.sendPrepared(index); // already prepared: it waits in the queue instead
    return { state, dropped };
  }, early.index);
  assert.deepEqual(during.state, [true, true, true]);
  assert.deepEqual(during.dropped.map((d) => d.sent), [false, false]);

  const [report] = await t.receiver.waitFor({ type: 'client_report', count: 1, timeout: 8000 });
  assert.ok(received(report) - limitedAt >= 1900, `report ${received(report) - limitedAt} ms after the 429`);
  assert.deepEqual(discards([report]), [{ reason: 'ratelimit_backoff', category: 'error', quantity: 2 }]);

  const [waited] = await t.receiver.waitFor({ type: 'event', count: 1, timeout: 8000 });
  assert.equal(waited.event_id, early.eventId);
  assert.ok(received(waited) - limitedAt >= 1900, 'the queued envelope waited for the limit');

  await page.evaluate(() => { window.vt.capture('after the limit'); });
  const events = await t.receiver.waitFor({ type: 'event', count: 2 });
  assert.deepEqual(eventMessages(events), ['prepared before the limit', 'after the limit']);
  const log = await fetchLog(page);
  assert.equal(log.filter((f) => f.status === 429).length, 1, 'nothing was sent into the limit');
});

test('connections destroyed: retried with the core\'s backoff, delivered once after recovery', async () => {
  // Four requests die: the first attempt (keepalive, then at once without) and the second.
  t.receiver.control({ outage: { mode: 'destroy', requests: 4 } });
  const page = await t.open();
  const id = await page.evaluate(() => window.vt.capture('survives the outage').eventId);
  // While it waits for its retry it is in IndexedDB, so a reload would not lose it.
  const [waiting] = await until(async () => {
    const entries = await stored(page);
    return entries.length === 1 && entries[0].attempts >= 1 && entries;
  }, { what: 'a queued retry' });
  assert.ok(waiting.notBefore > Date.now() / 1000 - 1);

  const [record] = await t.receiver.waitFor({ type: 'event', count: 1, timeout: 10_000 });
  assert.equal(record.event_id, id);
  const log = await fetchLog(page);
  assert.deepEqual(log.map((f) => [f.keepalive, f.status ?? f.error]), [
    [true, 'TypeError: Failed to fetch'], [false, 'TypeError: Failed to fetch'],
    [true, 'TypeError: Failed to fetch'], [false, 'TypeError: Failed to fetch'],
    [true, 200],
  ]);
  // Backoff: 1 s before the second attempt, 2 s before the third.
  assert.ok(log[2].at - log[1].doneAt >= 900, `first wait ${log[2].at - log[1].doneAt} ms`);
  assert.ok(log[4].at - log[3].doneAt >= 1900, `second wait ${log[4].at - log[3].doneAt} ms`);
  assert.equal(await page.evaluate(() => window.vt.flush(2000)), true);
  assert.deepEqual(await stored(page), []);
  assert.equal((await t.receiver.envelopes({ type: 'event' })).length, 1);
});

test('a 503 is an answer: the core drops the envelope and reports send_error', async () => {
  t.receiver.control({ outage: { status: 503, requests: 1 } });
  const page = await t.open({ transport: { clientReportIntervalMs: 300 } });
  await page.evaluate(() => { window.vt.capture('refused'); });
  const [report] = await t.receiver.waitFor({ type: 'client_report', count: 1 });
  assert.deepEqual(discards([report]), [{ reason: 'send_error', category: 'error', quantity: 1 }]);
  const log = await fetchLog(page);
  assert.deepEqual(log.map((f) => f.status), [503, 200], 'not retried; then the periodic report');
  assert.deepEqual(await stored(page), []);
  assert.deepEqual(await t.receiver.envelopes({ type: 'event' }), []);
});

test('an envelope waiting for its retry survives a reload and is sent once by the next page', async () => {
  t.receiver.control({ outage: { mode: 'destroy' } });
  const page = await t.open();
  const id = await page.evaluate(() => window.vt.capture('outlives the page').eventId);
  await until(async () => (await stored(page)).some((e) => e.attempts === 1), { what: 'a queued retry' });
  // Still down while the page goes: the keepalive attempt made on page hide dies too, and
  // nobody is left to retry it. The queue still has it.
  await page.reload();
  await page.waitForFunction(() => window.vtReady === true);
  t.receiver.control({ outage: null });
  const [record] = await t.receiver.waitFor({ type: 'event', count: 1, timeout: 8000 });
  assert.equal(record.event_id, id);
  await until(() => page.evaluate(() => window.vt.flush(100)), { what: 'an idle transport' });
  assert.deepEqual(await stored(page), []);
  assert.equal((await t.receiver.envelopes({ type: 'event' })).length, 1);
});

test('on page hide, waiting envelopes and pending client reports go at once with keepalive', async () => {
  t.receiver.control({ outage: { mode: 'destroy' } });
  const page = await t.open();
  const id = await page.evaluate(() => {
    window.vt.core.recordDiscard('sample_rate', 'error', 3);
    return window.vt.capture('waiting when the page goes').eventId;
  });
  const [waiting] = await until(async () => {
    const entries = (await stored(page)).filter((e) => e.attempts === 1);
    return entries.length > 0 && entries;
  }, { what: 'a queued retry' });
  t.receiver.control({ outage: null });
  await page.evaluate(() => { location.href = '/tests/browser/pages/transport-blank.html'; });
  const [record] = await t.receiver.waitFor({ type: 'event', count: 1 });
  assert.equal(record.event_id, id);
  assert.ok(received(record) < waiting.notBefore * 1000, 'sent on hide, before its retry was due');
  const reports = await t.receiver.waitFor({ type: 'client_report', count: 1 });
  assert.deepEqual(discards(reports), [{ reason: 'sample_rate', category: 'error', quantity: 3 }]);

  // Having failed once, it stayed queued in case the hide-time attempt failed as well; the
  // next page load sends it once more (Sentry drops the repeated event id) and is done.
  await page.waitForURL(/transport-blank\.html/);
  await page.goto(`${t.env.server.url}/tests/browser/pages/transport.html?${new URLSearchParams({ dsn: t.env.dsn })}`);
  await until(() => page.evaluate(() => window.vt?.flush(100)), { what: 'an idle transport' });
  assert.deepEqual(await stored(page), []);
  assert.ok((await t.receiver.envelopes({ type: 'event' })).length <= 2);
});

test('on page hide, a queued envelope that never failed leaves the queue with its keepalive request', async () => {
  // Two envelopes queued offline. Back online, the queue drains one at a time, and the
  // receiver holds the first, so the second is still queued when the page goes: page hide
  // sends it, and the handover log (localStorage) keeps the next page from sending it again,
  // although the IndexedDB delete made during unload never commits.
  const page = await t.open({ transport: { clientReportIntervalMs: 3_600_000 } });
  await page.context().setOffline(true);
  const ids = await page.evaluate(() => ['q1', 'q2'].map((m) => window.vt.capture(m).eventId));
  await until(async () => (await stored(page)).length === 2, { what: 'two queued entries' });
  t.receiver.control({ latencyMs: 800 });
  await page.context().setOffline(false);
  await page.waitForFunction(() => window.vt.fetches.length === 1);
  await page.evaluate(() => { location.href = '/tests/browser/pages/transport-blank.html'; });
  const records = await t.receiver.waitFor({ type: 'event', count: 2 });
  assert.deepEqual(new Set(records.map((r) => r.event_id)), new Set(ids));

  t.receiver.control({ latencyMs: 0 });
  await page.waitForURL(/transport-blank\.html/);
  await page.goto(`${t.env.server.url}/tests/browser/pages/transport.html?${new URLSearchParams({ dsn: t.env.dsn })}`);
  await until(() => page.evaluate(() => window.vt?.flush(100)), { what: 'an idle transport' });
  assert.deepEqual(await stored(page), []);
  assert.equal((await t.receiver.envelopes({ type: 'event' })).length, 2, 'exactly once each');
  assert.equal(await page.evaluate(() => localStorage.getItem('vigil.transport.handedOver')), null);
});
