// Replay fidelity end to end: a scripted page exercising every record kind (adds, removes,
// moves, attributes, text, inputs incl. password, checkbox, radio and select, scroll of an
// element and of the page, resize, shadow DOM, mouse moves and clicks) is recorded in Chromium
// by replayIntegration with its defaults, sent to the local receiver, read back from it
// (stored, decompressed) and played with rrweb's Replayer in a second page. At each checkpoint
// the replayed DOM must equal the live DOM as it was then, masked the way the encoder masks:
// every non-space character of text, of text-like attributes and of input values becomes '*'.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { startBrowserEnv } from './harness.js';
import { readRrwebSource } from './helpers/replay.js';

const PAGE = 'tests/browser/pages/replay-fidelity.html';
const VIEWPORT = { width: 800, height: 600 };
// Text of the page and typed values: none may reach the receiver in any form.
const SECRETS = ['Jane Roe', 'card 4111', 'Account of', 'typed-secret-name', 'pw-hunter2', 'Full name',
  'Pending', 'Finished', 'alpha item', 'inside shadow', 'changed in shadow', 'Green', 'Plan B'];

let env;
let rrwebSource;

before(async () => {
  env = await startBrowserEnv();
  rrwebSource = await readRrwebSource();
});

after(async () => {
  await env?.close();
});

/**
 * A normal form of what a document shows, for comparing the live page with the replay: the
 * body as nested elements (tag, attributes sorted, children, open shadow root), text, form
 * state (value of text fields, checked, selected index) and scroll offsets, plus the page's
 * scroll. With `mask`, text, text-like attributes and field values are masked as the encoder
 * masks them. Form attributes (value, checked, selected) are left out: recorders write the live
 * state into them, a page does not; the state itself is compared instead. What rrweb's rebuild
 * adds is dropped too: autocomplete (it turns it off on fields; the page sets none) and classes
 * starting with ':' (its stand-ins for :hover).
 * Runs inside the browser (live page or the Replayer's iframe), so it is self-contained.
 */
function normalDocument(doc, mask) {
  const TEXT_ATTRIBUTES = ['title', 'placeholder', 'alt', 'label', 'aria-label', 'aria-description',
    'aria-placeholder', 'aria-valuetext'];
  const LEFT_OUT = ['value', 'checked', 'selected', 'autocomplete'];
  const hide = (s) => (mask ? s.replace(/\S/g, '*') : s);
  const walk = (n) => {
    if (n.nodeType === 3) return hide(n.data);
    if (n.nodeType !== 1 || n.localName === 'script') return null;
    const attributes = [];
    for (const a of n.attributes) {
      if (LEFT_OUT.includes(a.name)) continue;
      let value = a.value;
      if (a.name === 'class') {
        value = value.split(/\s+/).filter((c) => c && !c.startsWith(':')).join(' ');
        if (!value) continue;
      }
      attributes.push(`${a.name}=${TEXT_ATTRIBUTES.includes(a.name) ? hide(value) : value}`);
    }
    attributes.sort();
    const out = { tag: n.localName, attributes, children: [...n.childNodes].map(walk).filter((x) => x !== null) };
    if (n.localName === 'input' && (n.type === 'checkbox' || n.type === 'radio')) out.checked = n.checked;
    else if (n.localName === 'input') out.value = hide(n.value);
    if (n.localName === 'select') out.selectedIndex = n.selectedIndex;
    if (n.scrollTop || n.scrollLeft) out.scroll = [n.scrollLeft, n.scrollTop];
    if (n.shadowRoot) out.shadow = [...n.shadowRoot.childNodes].map(walk).filter((x) => x !== null);
    return out;
  };
  const scroller = doc.scrollingElement;
  return { body: walk(doc.body), pageScroll: [scroller.scrollLeft, scroller.scrollTop] };
}

// After a step: the recorder's throttled writes (scroll 100 ms, resize 200 ms) land, then the
// live state is taken with its time, and the next step starts strictly later.
async function checkpoint(page, name) {
  await page.waitForTimeout(600); // the recorder's timers (with room for a slow machine); nothing to await
  const state = await page.evaluate(`({ at: Date.now(), viewport: [innerWidth, innerHeight], dom: (${normalDocument})(document, true) })`);
  await page.waitForTimeout(30); // so later changes get later timestamps
  return { name, ...state };
}

async function storedBytes(dir) {
  const parts = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) parts.push(await readFile(path.join(entry.parentPath ?? entry.path, entry.name)));
  }
  return Buffer.concat(parts);
}

// Plays `events` up to `at` in a fresh Replayer; returns what its iframe shows, and warnings.
async function replayAt(player, events, at) {
  return player.evaluate(([evs, until, normal]) => {
    document.body.innerHTML = '<div id="root"></div>';
    const warnings = [];
    const replayer = new window.rrweb.Replayer(evs, {
      root: document.getElementById('root'),
      showWarning: true,
      logger: { warn: (...a) => warnings.push(a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ')), log() {} },
    });
    replayer.pause(until - replayer.getMetaData().startTime + 1);
    const iframe = document.querySelector('#root iframe');
    // eslint-disable-next-line no-new-func
    const dom = new Function(`return (${normal})`)()(iframe.contentDocument, false);
    const result = { dom, viewport: [Number(iframe.width), Number(iframe.height)], warnings };
    replayer.destroy();
    return result;
  }, [events, at, normalDocument.toString()]);
}

test('the replayed DOM equals the masked live DOM at every checkpoint, and no masked text reaches the receiver', async () => {
  await env.receiver.clear();
  const page = await env.page(PAGE, {}, { viewport: VIEWPORT });
  await page.waitForFunction(() => window.pageReady && window.Vigil.getReplay()?.getReplayId());
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  const checkpoints = [await checkpoint(page, 'start')];

  await page.evaluate(() => window.steps.structure());
  checkpoints.push(await checkpoint(page, 'adds, removes, moves, attributes, text'));

  await page.evaluate(() => window.steps.reorder());
  checkpoints.push(await checkpoint(page, 'moves among siblings, changed before and while moving'));

  await page.fill('#name', 'typed-secret-name');
  await page.fill('#pw', 'pw-hunter2');
  await page.check('#agree');
  await page.check('#plan-b');
  await page.selectOption('#color', 'green');
  await page.mouse.move(40, 40);
  await page.mouse.move(300, 120);
  checkpoints.push(await checkpoint(page, 'inputs'));

  await page.check('#plan-a'); // the group's other radio is unchecked without an event of its own
  await page.uncheck('#agree');
  await page.selectOption('#color', 'blue');
  await page.fill('#name', 'typed-secret-name again');
  await page.evaluate(() => { document.getElementById('scroller').scrollTop = 150; window.scrollTo(0, 700); });
  await page.setViewportSize({ width: 700, height: 500 });
  checkpoints.push(await checkpoint(page, 'inputs changed, scroll, resize'));

  await page.evaluate(() => window.steps.shadow());
  await page.click('h1');
  checkpoints.push(await checkpoint(page, 'shadow DOM, click'));

  await page.evaluate(() => window.steps.late());
  await page.evaluate(() => { window.scrollTo(0, 100); });
  await page.setViewportSize({ width: 820, height: 640 });
  checkpoints.push(await checkpoint(page, 'late changes, scroll and resize back'));

  await page.evaluate(() => window.Vigil.getReplay().flush());
  await env.receiver.waitFor({ type: 'replay_recording', count: 1 });
  assert.deepEqual(page.pageErrors, []);

  // What the receiver stored, decompressed.
  const res = await fetch(`${env.receiver.url}/__vigil/replays/${replayId}`);
  assert.equal(res.status, 200);
  const segments = (await res.json()).segments;
  const events = segments.flatMap((s) => s.events);
  assert.ok(events.length > 10);

  // Every record kind is in the recording, not only in the page.
  const incremental = events.filter((e) => e.type === 3);
  const sources = new Set(incremental.map((e) => e.data.source));
  for (const [source, what] of [[0, 'mutation'], [1, 'mouse move'], [2, 'mouse interaction'], [3, 'scroll'], [4, 'viewport resize'], [5, 'input']]) {
    assert.ok(sources.has(source), `a ${what} event was recorded`);
  }
  const mutations = incremental.filter((e) => e.data.source === 0).map((e) => e.data);
  for (const kind of ['adds', 'removes', 'attributes', 'texts']) {
    assert.ok(mutations.some((m) => m[kind]?.length), `a mutation with ${kind}`);
  }
  // A move adds a node the replayer already has: after its remove when it changes parent, or
  // alone, naming the node as the replayer kept it, when it moves among its siblings.
  const seen = new Set();
  const walk = (n) => { seen.add(n.id); (n.childNodes ?? []).forEach(walk); };
  let moved = false;
  let movedAlone = false;
  for (const e of events) {
    if (e.type === 2) walk(e.data.node);
    if (e.type !== 3 || e.data.source !== 0) continue;
    for (const a of e.data.adds ?? []) {
      if (seen.has(a.node.id)) {
        moved = true;
        if (!(e.data.removes ?? []).some((r) => r.id === a.node.id)) movedAlone = true;
      }
      seen.add(a.node.id);
    }
  }
  assert.ok(moved, 'a move: a node the replayer has is added again');
  assert.ok(movedAlone, 'a move among siblings: one add naming a node the replayer has, no remove');
  assert.ok(mutations.some((m) => (m.adds ?? []).some((a) => a.node.isShadow)), 'a node added inside a shadow root');

  // Masked text never reaches the receiver: not in the decoded events, nor in any stored file.
  const decoded = JSON.stringify(segments);
  const stored = await storedBytes(env.receiver.dir);
  for (const secret of SECRETS) {
    assert.ok(!decoded.includes(secret), `"${secret}" is not in the decoded replay`);
    assert.ok(!stored.includes(secret), `"${secret}" is not in what the receiver stored`);
  }

  const context = await env.browser.newContext({ viewport: { width: 1000, height: 800 } });
  const player = await context.newPage();
  const playerErrors = [];
  player.on('pageerror', (e) => playerErrors.push(String(e)));
  await player.setContent('<!doctype html><html><body></body></html>');
  await player.addScriptTag({ content: rrwebSource });
  for (const cp of checkpoints) {
    const shown = await replayAt(player, events, cp.at);
    assert.deepEqual(shown.warnings, [], `${cp.name}: no replayer warnings`);
    assert.deepEqual(shown.dom, cp.dom, `${cp.name}: the replayed DOM equals the masked live DOM`);
    assert.deepEqual(shown.viewport, cp.viewport, `${cp.name}: the replay's viewport is the page's`);
  }
  // The checkpoints differ from each other, so matching each one says something.
  const distinct = new Set(checkpoints.map((cp) => JSON.stringify([cp.dom, cp.viewport])));
  assert.equal(distinct.size, checkpoints.length);
  assert.deepEqual(playerErrors, []);
  await context.close();
  await page.context().close();
});
