// Replay buffer mode (replaysOnErrorSampleRate) and big pages in Chromium: the last minute is
// kept in the Wasm encoder's ring, an error that was sent sends it as replay_type "buffer", and
// what arrives plays in rrweb's Replayer. Playwright's fake clock runs the minutes in moments.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserEnv } from './harness.js';
import { sentryParsedEnvelopes } from './helpers/sentry-check.js';
import { readRrwebSource, replayToEnd, inReplay, replaySegments } from './helpers/replay.js';

const PAGE = 'tests/browser/pages/replay-buffer.html';

let env;
let rrwebSource;
const contexts = [];

before(async () => {
  env = await startBrowserEnv();
  rrwebSource = await readRrwebSource();
});

after(async () => {
  await Promise.allSettled(contexts.map((c) => c.close()));
  await env?.close();
});

// Opens the page; with `clock`, Playwright's fake clock is installed before anything loads.
async function open(query = {}, { clock = false } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 800, height: 600 } });
  contexts.push(context);
  const page = await context.newPage();
  page.pageErrors = [];
  page.on('pageerror', (e) => page.pageErrors.push(String(e)));
  if (clock) await page.clock.install();
  const params = new URLSearchParams({ dsn: env.dsn, ...query });
  await page.goto(`${env.server.url}/${PAGE}?${params}`);
  await page.waitForFunction(() => window.pageReady && window.Vigil.getReplay()?.getReplayId(), null, { timeout: 30000 });
  return page;
}

const segments = (replayId) => replaySegments(env.receiver, replayId);

async function replayEvents() {
  return (await sentryParsedEnvelopes(env.receiver))
    .flatMap((e) => e.items.filter(([h]) => h.type === 'replay_event').map(([, p]) => p))
    .sort((a, b) => a.segment_id - b.segment_id);
}

// Plays `events` to their end in rrweb's Replayer; returns rrweb's warnings and `probe(doc)`.
async function play(events, probe) {
  const context = await env.browser.newContext({ viewport: { width: 800, height: 600 } });
  contexts.push(context);
  const page = await context.newPage();
  const warnings = await replayToEnd(page, rrwebSource, events);
  const probed = await inReplay(page, probe);
  await context.close();
  return { warnings, probed };
}

test('buffer mode: an error at t≈90 s sends the last minute as replay_type buffer, from a full snapshot, and recording goes on as segments', async () => {
  await env.receiver.clear();
  const page = await open({ errorRate: '1', rate: '0' }, { clock: true });
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  assert.match(replayId, /^[0-9a-f]{32}$/);
  const started = await page.evaluate(() => Date.now());
  // A change every 5 s for 90 s: the checkout at 60 s starts the window the error sends.
  for (let s = 5; s < 90; s += 5) {
    await page.evaluate((t) => document.getElementById('status').setAttribute('data-t', String(t)), s);
    await page.clock.runFor(5000);
  }
  assert.equal((await env.receiver.envelopes({ type: 'replay_recording' })).length, 0, 'nothing sent before the error');

  const { errorId, errorTime } = await page.evaluate(() => {
    document.getElementById('status').setAttribute('data-t', 'failing');
    return { errorTime: Date.now(), errorId: window.Vigil.captureException(new Error('checkout failed at 90 s')) };
  });
  assert.ok(errorTime - started >= 85000 && errorTime - started <= 95000, `error at ${errorTime - started} ms`);
  await page.clock.resume();
  const [errorEnvelope] = await env.receiver.waitFor({ type: 'event', count: 1 });
  const errorEvent = errorEnvelope.items.find((i) => i.type === 'event').payload;
  assert.equal(errorEvent.event_id, errorId);
  assert.equal(errorEvent.contexts.replay.replay_id, replayId);
  await env.receiver.waitFor({ type: 'replay_recording', count: 1 });

  const [first] = await replayEvents();
  assert.equal(first.replay_type, 'buffer');
  assert.equal(first.segment_id, 0);
  assert.deepEqual(first.error_ids, [errorId]);
  const start = first.replay_start_timestamp * 1000;
  assert.ok(start >= errorTime - 60000, `starts ${errorTime - start} ms before the error`);
  assert.ok(start <= errorTime);
  const [seg0] = await segments(replayId);
  const events = seg0.events;
  assert.deepEqual(events.slice(0, 2).map((e) => e.type), [4, 2], 'Meta then a full snapshot first');
  assert.equal(events[0].timestamp, start);
  // Changes are stamped when the observer reports them, so the last one may land just after.
  const outside = events.filter((e) => e.timestamp < errorTime - 60000 || e.timestamp > first.timestamp * 1000);
  assert.deepEqual(outside.map((e) => [e.type, e.timestamp - errorTime, JSON.stringify(e.data).slice(0, 80)]), []);
  assert.ok(events.at(-1).timestamp >= errorTime, 'the replay reaches the error');
  // The change made as the error happened is in it; the ones before the window are not.
  const values = events.filter((e) => e.type === 3 && e.data.source === 0)
    .flatMap((e) => e.data.attributes.map((a) => a.attributes['data-t']));
  assert.equal(values.at(-1), 'failing');
  assert.ok(!values.includes('25') && values.includes('85'), `attribute values sent: ${values}`);

  const { warnings, probed } = await play(events, (doc) => doc.getElementById('status').getAttribute('data-t'));
  assert.deepEqual(warnings, []);
  assert.equal(probed, 'failing');

  // Recording goes on: the next change arrives as segment 1 of the same replay.
  await page.evaluate(() => document.getElementById('status').setAttribute('data-t', 'after'));
  await page.evaluate(() => window.Vigil.getReplay().flush());
  await env.receiver.waitFor({ type: 'replay_recording', count: 2 });
  const all = await replayEvents();
  assert.deepEqual(all.map((e) => [e.segment_id, e.replay_type, e.replay_id]), [[0, 'buffer', replayId], [1, 'buffer', replayId]]);
  const seg1 = (await segments(replayId))[1].events;
  assert.ok(seg1.some((e) => e.type === 3 && e.data.source === 0
    && e.data.attributes.some((a) => a.attributes['data-t'] === 'after')));
  assert.deepEqual(page.pageErrors, []);
});

test('buffer mode: an error dropped by beforeSend sends no replay; the next one that is sent does', async () => {
  await env.receiver.clear();
  const page = await open({ errorRate: '1', rate: '0' });
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  await page.evaluate(() => document.getElementById('status').setAttribute('data-t', 'one'));
  const droppedId = await page.evaluate(async () => {
    const id = window.Vigil.captureException(new Error('drop-me please'));
    await new Promise((r) => setTimeout(r, 300));
    await window.Vigil.flush();
    return id;
  });
  assert.match(droppedId, /^[0-9a-f]{32}$/);
  assert.equal((await env.receiver.envelopes({ type: 'event' })).length, 0);
  assert.equal((await env.receiver.envelopes({ type: 'replay_recording' })).length, 0, 'no replay for a dropped error');
  // Still buffering: a kept error sends the buffer, which lists only that error.
  const keptId = await page.evaluate(() => window.Vigil.captureException(new Error('kept')));
  await env.receiver.waitFor({ type: 'replay_recording', count: 1 });
  const [first] = await replayEvents();
  assert.equal(first.replay_id, replayId);
  assert.equal(first.replay_type, 'buffer');
  assert.deepEqual(first.error_ids, [keptId]);
});

test('a page of 100,000 nodes records: the first snapshot holds them all and plays; storms get replay.mutations breadcrumbs', async (t) => {
  await env.receiver.clear();
  const page = await open({ rate: '1', errorRate: '0', nodes: '100000' });
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  const pageNodes = await page.evaluate(() => {
    const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
    let n = 1;
    while (walker.nextNode()) n++;
    return n;
  });
  assert.ok(pageNodes >= 100000, `${pageNodes} nodes`);
  // A storm under the limit gets a warning breadcrumb; one over it a new snapshot and a breadcrumb.
  await page.evaluate(() => new Promise((resolve) => {
    const rows = document.querySelectorAll('#big b');
    for (let i = 0; i < 1000; i++) rows[i].setAttribute('data-x', '1');
    setTimeout(() => {
      for (let i = 0; i < 12000; i++) rows[i].setAttribute('data-y', '1');
      setTimeout(resolve, 200);
    }, 200);
  }));
  await page.evaluate(() => window.Vigil.getReplay().flush());
  await env.receiver.waitFor({ type: 'replay_recording', count: 1, timeout: 30000 });
  const events = (await segments(replayId)).flatMap((s) => s.events);
  const snapshots = events.filter((e) => e.type === 2);
  assert.equal(snapshots.length, 2, 'the first snapshot, and one for the storm over mutationLimit');
  let count = 0;
  const walk = (n) => { count++; for (const c of n.childNodes ?? []) walk(c); };
  walk(snapshots[0].data.node);
  assert.ok(count >= pageNodes, `the snapshot holds ${count} nodes`);
  const storms = events.filter((e) => e.type === 5 && e.data.payload.category === 'replay.mutations')
    .map((e) => e.data.payload.data);
  assert.deepEqual(storms, [{ count: 1000, limit: false }, { count: 12000, limit: true }]);
  const { warnings, probed } = await play(events, (doc) => [doc.querySelectorAll('#big li').length, doc.querySelectorAll('[data-y]').length]);
  assert.deepEqual(warnings, []);
  assert.deepEqual(probed, [Math.ceil(100000 / 6), 12000]);
  const longest = await page.evaluate(() => Math.max(0, ...window.longTasks.filter((e) => e.start >= window.sdkStart).map((e) => e.duration)));
  t.diagnostic(`longest main-thread task while recording ${pageNodes} nodes: ${Math.round(longest)} ms`);
});
