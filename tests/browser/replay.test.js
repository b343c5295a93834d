// Session Replay end to end: a real page recorded in Chromium by replayIntegration, segments
// sent to the local receiver, then played back with rrweb's Replayer in a second page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { startBrowserEnv } from './harness.js';
import { sentryParsedEnvelopes } from './helpers/sentry-check.js';
import { readRrwebSource, replayToEnd, inReplay, replaySegments } from './helpers/replay.js';

const PAGE = 'tests/browser/pages/replay.html';
const SECRETS = ['TOPSECRET-TEXT-4711', 'hunter2-pw', 'typed-name-secret', 'Secret title', 'blocked contents'];

let env;
let rrwebSource;

before(async () => {
  env = await startBrowserEnv();
  rrwebSource = await readRrwebSource();
});

after(async () => {
  await env?.close();
});

async function openRecorded(query = {}, contextOptions = { viewport: { width: 800, height: 600 } }) {
  const page = await env.page(PAGE, query, contextOptions);
  await page.waitForFunction(() => window.pageReady && window.Vigil.getReplay()?.getReplayId());
  return page;
}

const segments = (replayId) => replaySegments(env.receiver, replayId);

// All files the receiver stored, raw, concatenated.
async function storedBytes(dir = env.receiver.dir) {
  const parts = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) parts.push(await readFile(path.join(entry.parentPath ?? entry.path, entry.name)));
  }
  return Buffer.concat(parts);
}

// What the body shows, as nested [tag, children] lists; text as is.
function describeBody(doc) {
  const walk = (n) => {
    if (n.nodeType === 3) return n.data;
    if (n.nodeType !== 1) return null;
    if (n.localName === 'script') return null;
    return [n.localName, [...n.childNodes].map(walk).filter((x) => x !== null)];
  };
  return walk(doc.body);
}

async function play(events) {
  const context = await env.browser.newContext({ viewport: { width: 800, height: 600 } });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  const warnings = await replayToEnd(page, rrwebSource, events);
  return { page, warnings };
}

test('a session is recorded, sent as replay_event + replay_recording pairs, masked, and replays in rrweb', async () => {
  await env.receiver.clear();
  const page = await openRecorded();
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  assert.match(replayId, /^[0-9a-f]{32}$/);

  await page.evaluate(() => window.mutate());
  await page.fill('#name', 'typed-name-secret');
  await page.fill('#pw', 'hunter2-pw');
  await page.check('#agree');
  await page.selectOption('#color', 'blue');
  await page.evaluate(() => { document.getElementById('scroller').scrollTop = 60; window.scrollTo(0, 400); });
  await page.mouse.move(100, 100);
  await page.mouse.move(200, 150);
  await page.click('h1');
  await page.setViewportSize({ width: 700, height: 500 });
  // An error while recording carries the replay id and is listed in the next segment.
  const errorId = await page.evaluate(() => window.Vigil.captureException(new Error('during replay')));
  await page.waitForTimeout(300); // let the throttled scroll/resize records land (timers, no event to await)
  await page.evaluate(() => window.Vigil.getReplay().flush());

  const [errorEnvelope] = await env.receiver.waitFor({ type: 'event', count: 1 });
  const errorEvent = errorEnvelope.items.find((i) => i.type === 'event').payload;
  assert.equal(errorEvent.contexts.replay.replay_id, replayId);
  assert.equal(errorEvent.tags.replayId, replayId);

  const recorded = await env.receiver.waitFor({ type: 'replay_recording', count: 1 });
  const recordingItems = recorded.flatMap((e) => e.items.filter((i) => i.type === 'replay_recording'));
  assert.ok(recordingItems.every((i) => i.compressed === true), 'zlib via CompressionStream');
  const parsed = await sentryParsedEnvelopes(env.receiver);
  const replayEnvelopes = parsed.filter((e) => e.items.some(([h]) => h.type === 'replay_recording'));
  assert.ok(replayEnvelopes.length >= 1);
  const errorIds = [];
  for (const envelope of replayEnvelopes) {
    assert.equal(envelope.headers.event_id, replayId);
    const types = envelope.items.map(([h]) => h.type);
    assert.deepEqual(types, ['replay_event', 'replay_recording'], 'the pair travels in one envelope');
    const [, replayEvent] = envelope.items[0];
    assert.equal(replayEvent.type, 'replay_event');
    assert.equal(replayEvent.replay_id, replayId);
    assert.equal(replayEvent.replay_type, 'session');
    assert.ok(Array.isArray(replayEvent.urls) && Array.isArray(replayEvent.trace_ids));
    assert.ok(replayEvent.replay_start_timestamp <= replayEvent.timestamp);
    errorIds.push(...replayEvent.error_ids);
  }
  assert.deepEqual(errorIds, [errorId]);
  const inputs = (await segments(replayId)).flatMap((s) => s.events).filter((e) => e.type === 3 && e.data.source === 5);
  const perNode = new Map();
  for (const e of inputs) perNode.set(e.data.id, [...(perNode.get(e.data.id) ?? []), `${e.data.isChecked}${e.data.text}`]);
  for (const [id, states] of perNode) assert.equal(new Set(states).size, states.length, `node ${id}: no repeated input state`);
  assert.ok(perNode.size >= 4, 'name, password, checkbox and select each sent input');

  const segs = await segments(replayId);
  assert.deepEqual(segs.map((s) => s.segment_id), segs.map((_, i) => i), 'segments 0..n');
  const events = segs.flatMap((s) => s.events);
  assert.equal(events[0].type, 4, 'Meta first');
  assert.equal(events[1].type, 2, 'then the full snapshot');
  const incremental = new Set(events.filter((e) => e.type === 3).map((e) => e.data.source));
  for (const [source, what] of [[0, 'mutation'], [1, 'mouse move'], [2, 'click'], [3, 'scroll'], [4, 'resize'], [5, 'input']]) {
    assert.ok(incremental.has(source), `a ${what} event was recorded`);
  }

  const raw = await storedBytes();
  for (const secret of SECRETS) assert.ok(!raw.includes(secret), `${secret} never reaches the receiver`);

  // The live page, masked the way the encoder masks (all text; the blocked div is a placeholder).
  const live = await page.evaluate(`(${describeBody.toString()})(document)`);
  const mask = (node) => {
    if (typeof node === 'string') return node.replace(/\S/g, '*');
    const [tag, kids] = node;
    return [tag, tag === 'div' && kids.includes('blocked contents') ? [] : kids.map(mask)];
  };
  const { page: player, warnings } = await play(events);
  assert.deepEqual(warnings, []);
  assert.deepEqual(player.errors, []);
  const replayed = await inReplay(player, (doc, source) => new Function(`return (${source})`)()(doc), describeBody.toString());
  assert.deepEqual(replayed, mask(live));
  const form = await inReplay(player, (doc) => ({
    name: doc.getElementById('name').value,
    pw: doc.getElementById('pw').value,
    agree: doc.getElementById('agree').checked,
    blocked: doc.querySelector('.blocked').className,
  }));
  assert.deepEqual(form, {
    name: '*'.repeat('typed-name-secret'.length), pw: '*'.repeat('hunter2-pw'.length), agree: true,
    blocked: 'blocked rr-block',
  });
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
  await player.context().close();
});

test('a reload in the same tab continues the replay: same id, segment ids go on, page hide sends', async () => {
  await env.receiver.clear();
  const page = await openRecorded();
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  await page.evaluate(() => { document.getElementById('status').textContent = 'before reload'; });
  await page.evaluate(() => window.Vigil.getReplay().flush());
  await env.receiver.waitFor({ type: 'replay_recording', count: 1 });

  // Not flushed: page hide has to send it, uncompressed, before the page goes.
  await page.evaluate(() => {
    const el = document.createElement('p');
    el.id = 'left-behind';
    document.body.append(el);
  });
  await page.waitForTimeout(100); // the observer's batch timer (50 ms) runs; nothing to await
  await page.reload();
  await page.waitForFunction(() => window.pageReady && window.Vigil.getReplay()?.getReplayId());
  assert.equal(await page.evaluate(() => window.Vigil.getReplay().getReplayId()), replayId);
  await page.evaluate(() => {
    const el = document.createElement('p');
    el.className = 'public';
    el.textContent = 'after reload';
    document.body.append(el);
  });
  await page.evaluate(() => window.Vigil.getReplay().flush());

  const stored = await env.receiver.waitFor({ type: 'replay_recording', count: 3 });
  const segs = await segments(replayId);
  assert.deepEqual(segs.map((s) => s.segment_id), [0, 1, 2]);
  const adds = segs[1].events.filter((e) => e.type === 3 && e.data.source === 0).flatMap((e) => e.data.adds);
  assert.ok(adds.some((a) => a.node.attributes?.id === 'left-behind'), 'the page-hide segment holds the last mutation');
  // The new page starts its segment with a fresh Meta + full snapshot; .public is unmasked.
  assert.deepEqual(segs[2].events.slice(0, 2).map((e) => e.type), [4, 2]);
  assert.ok(JSON.stringify(segs[2].events).includes('after reload'));
  const recordingItems = stored.flatMap((e) => e.items.filter((i) => i.type === 'replay_recording'))
    .sort((a, b) => a.segment_id - b.segment_id);
  assert.deepEqual(recordingItems.map((i) => i.compressed), [true, false, true]);
  await page.context().close();
});

test('getReplay().stop() ends recording and start() records an unsampled session', async () => {
  await env.receiver.clear();
  const page = await env.page(PAGE, { rate: '0' });
  await page.waitForFunction(() => window.pageReady && window.Vigil.getReplay());
  await page.evaluate(() => window.Vigil.getClient().ready);
  assert.equal(await page.evaluate(() => window.Vigil.getReplay().getReplayId()), undefined);
  await page.evaluate(() => window.Vigil.getReplay().flush());
  assert.equal((await env.receiver.envelopes({ type: 'replay_recording' })).length, 0);

  await page.evaluate(() => window.Vigil.getReplay().start());
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  assert.match(replayId, /^[0-9a-f]{32}$/);
  await page.evaluate(() => window.Vigil.getReplay().stop());
  assert.equal(await page.evaluate(() => window.Vigil.getReplay().getReplayId()), undefined);
  await env.receiver.waitFor({ type: 'replay_recording', count: 1 });
  // Stopped: changes and flushes send nothing more.
  await page.evaluate(async () => {
    document.body.append(document.createElement('div'));
    await window.Vigil.getReplay().flush();
    await window.Vigil.flush();
  });
  assert.deepEqual((await segments(replayId)).map((s) => s.segment_id), [0]);
  await page.context().close();
});

test('maskAllText: false sends text as is (inputs stay masked)', async () => {
  await env.receiver.clear();
  const page = await openRecorded({ maskAllText: '0' });
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  await page.fill('#pw', 'hunter2-pw');
  await page.evaluate(() => window.Vigil.getReplay().flush());
  await env.receiver.waitFor({ type: 'replay_recording', count: 1 });
  const text = JSON.stringify(await segments(replayId));
  assert.ok(text.includes('TOPSECRET-TEXT-4711'));
  assert.ok(!text.includes('hunter2-pw'));
  await page.context().close();
});

test('replaysOnErrorSampleRate: the buffer is sent only when an error happens, then segments follow', async () => {
  await env.receiver.clear();
  const page = await openRecorded({ rate: '0', errorRate: '1' });
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  assert.match(replayId, /^[0-9a-f]{32}$/);
  await page.evaluate(() => window.mutate());
  await page.fill('#name', 'typed-name-secret');
  // Buffered: nothing is sent while there is no error.
  await page.evaluate(() => window.Vigil.flush());
  assert.equal((await env.receiver.envelopes({ type: 'replay_recording' })).length, 0);

  const errorId = await page.evaluate(() => window.Vigil.captureException(new Error('buffer trigger')));
  const [errorEnvelope] = await env.receiver.waitFor({ type: 'event', count: 1 });
  assert.equal(errorEnvelope.items.find((i) => i.type === 'event').payload.contexts.replay.replay_id, replayId);
  await env.receiver.waitFor({ type: 'replay_recording', count: 1 });
  await page.evaluate(() => { document.getElementById('status').textContent = 'after the error'; });
  await page.evaluate(() => window.Vigil.getReplay().flush());
  await env.receiver.waitFor({ type: 'replay_recording', count: 2 });

  const replayEvents = (await sentryParsedEnvelopes(env.receiver))
    .flatMap((e) => e.items.filter(([h]) => h.type === 'replay_event').map(([, p]) => p))
    .sort((a, b) => a.segment_id - b.segment_id);
  assert.deepEqual(replayEvents.map((e) => [e.segment_id, e.replay_type]), [[0, 'buffer'], [1, 'buffer']]);
  assert.deepEqual(replayEvents[0].error_ids, [errorId]);
  const segs = await segments(replayId);
  // The buffer holds what happened before the error: snapshot, mutations and the typing.
  const sources = new Set(segs[0].events.filter((e) => e.type === 3).map((e) => e.data.source));
  assert.deepEqual(segs[0].events.slice(0, 2).map((e) => e.type), [4, 2]);
  assert.ok(sources.has(0) && sources.has(5));
  assert.ok(segs[1].events.some((e) => e.type === 3 && e.data.source === 0));
  await page.context().close();
});

test('an idle-expired session is not continued after a reload', async () => {
  await env.receiver.clear();
  const page = await openRecorded();
  const first = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  await page.evaluate(() => {
    const key = 'vigil.replay.session';
    const session = JSON.parse(sessionStorage.getItem(key));
    session.lastActivity -= 16 * 60 * 1000;
    sessionStorage.setItem(key, JSON.stringify(session));
    // Keep the page from writing its fresh activity back on the way out.
    Object.defineProperty(window, 'sessionStorage', { value: { getItem: () => null, setItem() {}, removeItem() {} } });
  });
  await page.reload();
  await page.waitForFunction(() => window.pageReady && window.Vigil.getReplay()?.getReplayId());
  const second = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  assert.match(second, /^[0-9a-f]{32}$/);
  assert.notEqual(second, first);
  await page.context().close();
});

test('trace ids of transactions sent while recording go into the next segment', async () => {
  await env.receiver.clear();
  const page = await openRecorded({ traces: '1' });
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  const traceId = await page.evaluate(() => window.Vigil.startSpan({ name: 'checkout' }, (span) => {
    document.getElementById('status').textContent = 'in a span';
    return span.spanContext().traceId;
  }));
  assert.match(traceId, /^[0-9a-f]{32}$/);
  await env.receiver.waitFor({ type: 'transaction', count: 1 });
  await page.evaluate(() => window.Vigil.getReplay().flush());
  await env.receiver.waitFor({ type: 'replay_recording', count: 1 });
  const replayEvents = (await sentryParsedEnvelopes(env.receiver))
    .flatMap((e) => e.items.filter(([h]) => h.type === 'replay_event').map(([, p]) => p));
  // On a slow machine the 5 s flush timer may have sent a segment before the transaction went;
  // the trace id then rides in the segment after it. Either way it is sent once, for this replay.
  // A page of an earlier test may still deliver its last segment (sent as it closed) after the
  // receiver was cleared: its events are another replay's, and must not carry this trace.
  const mine = replayEvents.filter((e) => e.replay_id === replayId);
  assert.ok(mine.length >= 1);
  assert.deepEqual(mine.flatMap((e) => e.trace_ids), [traceId]);
  assert.deepEqual(mine.at(-1).trace_ids, [traceId], 'the segment flushed after the transaction carries it');
  for (const other of replayEvents.filter((e) => e.replay_id !== replayId)) {
    assert.ok(!other.trace_ids.includes(traceId), 'another replay carries this trace');
  }
  await page.context().close();
});

test('shadow roots are observed, a callback over mutationLimit becomes a new snapshot, ignored inputs are not recorded', async () => {
  await env.receiver.clear();
  const page = await openRecorded({ mutationLimit: '5', maskAllText: '0' });
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  const tick = () => page.evaluate(() => new Promise((r) => setTimeout(r, 30)));
  await page.evaluate(() => {
    const list = document.getElementById('list');
    for (let i = 0; i < 8; i++) list.append(Object.assign(document.createElement('li'), { textContent: `bulk ${i}` }));
  });
  await tick();
  await page.evaluate(() => {
    const host = document.createElement('div');
    host.id = 'host';
    host.attachShadow({ mode: 'open' }).innerHTML = '<span>in shadow</span>';
    document.body.append(host);
  });
  await tick();
  await page.evaluate(() => {
    const em = document.createElement('em');
    em.textContent = 'added inside';
    document.getElementById('host').shadowRoot.append(em);
  });
  await tick();
  await page.fill('#ignored', 'ignored-typing');
  await tick();
  await page.evaluate(() => window.Vigil.getReplay().flush());
  await env.receiver.waitFor({ type: 'replay_recording', count: 1 });
  const events = (await segments(replayId)).flatMap((s) => s.events);
  assert.equal(events.filter((e) => e.type === 2).length, 2, 'the bulk change was sent as a second full snapshot');
  assert.equal(events.filter((e) => e.type === 3 && e.data.source === 5).length, 0, 'no input event for the ignored input');
  assert.ok(!JSON.stringify(events).includes('ignored-typing'));

  const { page: player, warnings } = await play(events);
  assert.deepEqual(warnings, []);
  const shown = await inReplay(player, (doc) => ({
    shadow: [...doc.getElementById('host').shadowRoot.childNodes].map((n) => [n.localName, n.textContent]),
    items: [...doc.querySelectorAll('#list li')].map((li) => li.textContent),
  }));
  assert.deepEqual(shown, {
    shadow: [['span', 'in shadow'], ['em', 'added inside']],
    items: ['alpha item', 'beta item', 'third item', ...Array.from({ length: 8 }, (_, i) => `bulk ${i}`)],
  });
  await page.context().close();
  await player.context().close();
});

test('breadcrumbs and clicks show as custom breadcrumb events', async () => {
  await env.receiver.clear();
  const page = await openRecorded();
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  await page.click('#status');
  await page.evaluate(() => window.Vigil.addBreadcrumb({ category: 'checkout', message: 'step 2', data: { step: 2 } }));
  await page.evaluate(() => window.Vigil.getReplay().flush());
  await env.receiver.waitFor({ type: 'replay_recording', count: 1 });
  const custom = (await segments(replayId)).flatMap((s) => s.events).filter((e) => e.type === 5);
  const crumbs = custom.map((e) => [e.data.tag, e.data.payload.category, e.data.payload.message]);
  assert.deepEqual(crumbs, [['breadcrumb', 'ui.click', 'p#status'], ['breadcrumb', 'checkout', 'step 2']]);
  assert.deepEqual(custom[1].data.payload.data, { step: 2 });
  assert.ok(!JSON.stringify(custom).includes('Status pending'), 'no element text in click breadcrumbs');
  await page.context().close();
});

test('replaced text goes as a text change, mouse moves as one event per 500 ms; both replay', async () => {
  await env.receiver.clear();
  const page = await openRecorded({ maskAllText: '0' });
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  // Moves every 60 ms, each with DOM changes that make the recorder hand a batch to the
  // encoder in between; the status text replaced each time (textContent, not .data).
  await page.evaluate(async () => {
    const status = document.getElementById('status');
    for (let i = 0; i < 6; i++) {
      status.textContent = `Status ${i}`;
      document.getElementById('list').firstElementChild.title = `t${i}`;
      document.querySelector('h1').dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: 10 * i, clientY: 5 }));
      await new Promise((r) => setTimeout(r, 60));
    }
  });
  await page.evaluate(() => window.Vigil.getReplay().flush());
  await env.receiver.waitFor({ type: 'replay_recording', count: 1 });
  const events = (await segments(replayId)).flatMap((s) => s.events);
  const statusTextId = (function find(n) {
    if (n.attributes?.id === 'status') return n.childNodes[0].id;
    for (const c of n.childNodes ?? []) { const id = find(c); if (id) return id; }
    return 0;
  })(events.find((e) => e.type === 2).data.node);
  const mutations = events.filter((e) => e.type === 3 && e.data.source === 0).map((e) => e.data);
  const texts = mutations.flatMap((d) => d.texts).filter((t) => t.id === statusTextId).map((t) => t.value);
  assert.deepEqual(texts, [0, 1, 2, 3, 4, 5].map((i) => `Status ${i}`), 'each replacement is a text change of the snapshot\'s text node');
  assert.ok(mutations.every((d) => d.adds.every((a) => a.node.type !== 3) && d.removes.every((r) => r.id !== statusTextId)),
    'no text node removed or added for them');
  const moves = events.filter((e) => e.type === 3 && e.data.source === 1);
  assert.deepEqual(moves.flatMap((e) => e.data.positions.map((p) => p.x)), [0, 10, 20, 30, 40, 50]);
  assert.ok(moves.length <= 2, `${moves.length} mouse-move events for 6 moves in ~360 ms`);
  for (const e of moves) {
    assert.ok(e.data.positions.every((p) => p.timeOffset <= 0 && p.timeOffset > -600), 'offsets back from the event');
  }
  const { page: player, warnings } = await play(events);
  assert.deepEqual(warnings, []);
  assert.equal(await inReplay(player, (doc) => doc.getElementById('status').textContent), 'Status 5');
  assert.equal(await inReplay(player, (doc) => doc.getElementById('status').childNodes.length), 1);
  await page.context().close();
  await player.context().close();
});

test('scrolls of one element are written at most once per 100 ms, the last position always', async () => {
  await env.receiver.clear();
  const page = await openRecorded();
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  // A scroll every ~15 ms for ~450 ms, then one more after a pause.
  const spanMs = await page.evaluate(async () => {
    const scroller = document.getElementById('scroller');
    const started = performance.now();
    for (let i = 1; i <= 30; i++) {
      scroller.scrollTop = i;
      await new Promise((r) => setTimeout(r, 15));
    }
    const span = performance.now() - started;
    await new Promise((r) => setTimeout(r, 250));
    scroller.scrollTop = 35;
    await new Promise((r) => setTimeout(r, 50));
    return span;
  });
  await page.evaluate(() => window.Vigil.getReplay().flush());
  await env.receiver.waitFor({ type: 'replay_recording', count: 1 });
  const scrolls = (await segments(replayId)).flatMap((s) => s.events)
    .filter((e) => e.type === 3 && e.data.source === 3 && e.data.y > 0);
  const times = scrolls.map((e) => e.timestamp);
  for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 95, `writes ${times[i] - times[i - 1]} ms apart`);
  assert.ok(scrolls.length >= 3 && scrolls.length <= Math.ceil(spanMs / 100) + 2, `${scrolls.length} writes for ${Math.round(spanMs)} ms of scrolling`);
  assert.deepEqual(scrolls.slice(-2).map((e) => e.data.y), [30, 35], 'the last position of the burst, then the late one');
  await page.context().close();
});

test('close() sends the last segment before the client stops', async () => {
  await env.receiver.clear();
  const page = await openRecorded();
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  await page.evaluate(async () => {
    document.getElementById('status').textContent = 'closing';
    await window.Vigil.close();
  });
  await env.receiver.waitFor({ type: 'replay_recording', count: 1 });
  assert.deepEqual((await segments(replayId)).map((s) => s.segment_id), [0]);
  assert.equal(await page.evaluate(() => window.Vigil.getReplay()), undefined);
  await page.context().close();
});

test('a segment over the size cap is sent at once, without waiting for the flush timer', async () => {
  await env.receiver.clear();
  const page = await openRecorded();
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  const started = Date.now();
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.hidden = true; // laying out 5 MB of text would stall the page's timers for a while
    p.textContent = 'x'.repeat(5 * 1024 * 1024);
    document.body.append(p);
  });
  // The next activity, after the batch reached the encoder, finds the cap exceeded.
  await page.waitForTimeout(200); // the recorder's 50 ms batch timer; nothing to await
  await page.evaluate(() => { document.getElementById('status').textContent = 'next'; });
  await env.receiver.waitFor({ type: 'replay_recording', count: 1, timeout: 10000 });
  assert.ok(Date.now() - started < 4000, 'sent before the 5 s flush timer');
  assert.deepEqual((await segments(replayId)).map((s) => s.segment_id), [0]);
  await page.context().close();
});
