// End to end through committed fixtures, in headless Chromium with rrweb's own Replayer:
//   1. a real page is recorded with js-bindings/replay/record-writer.js (snapshot, a
//      MutationObserver callback, an input) -> tests/fixtures/replay/page-batches.bin
//   2. the native encoder turns those bytes into rrweb events (tests/unit/test_replay_encoder.cpp,
//      case recorded_page_fixture_matches) -> tests/fixtures/replay/page-events.json
//   3. rrweb's Replayer plays those events (and playback-events.json, a scripted session): the
//      replayed DOM must match the page, masked, with no replayer warnings.
// Set VIGIL_UPDATE_FIXTURES=1 to rewrite the batches here; the native test rewrites the events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser, ROOT } from '../browser/harness.js';
import { readRrwebSource, replayToEnd, inReplay } from '../browser/helpers/replay.js';

const FIXTURES = path.join(ROOT, 'tests/fixtures/replay');
const UPDATE = process.env.VIGIL_UPDATE_FIXTURES === '1';
const skip = !existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') && 'Chromium is not installed';

let browser;
let rrwebSource;
let writerSource;

before(async () => {
  if (skip) return;
  browser = await launchBrowser();
  rrwebSource = await readRrwebSource();
  writerSource = await readFile(path.join(ROOT, 'js-bindings/replay/record-writer.js'), 'utf8');
});

after(async () => {
  await browser?.close();
});

async function newPage(html) {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.setContent(html);
  return page;
}

// The page that gets recorded, and what is done to it.
const RECORDED_PAGE = `<!doctype html><html><head><style>.box{width:50px;height:20px}</style></head>
<body><h1 class="public">Orders</h1><p id="who" title="Jane Roe">Signed in as Jane Roe</p>
<form><input id="email" type="email" value="jane@example.com"><input id="pw" type="password" value="hunter2"></form>
<img id="logo" width="40" height="30" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<ul id="list"><li>alpha</li><li>beta</li></ul><div id="host"></div><div class="secret">card 4111</div>
</body></html>`;

function recordInPage() {
  const { RecordWriter, serializeSubtree, writeMutations } = window.__rw;
  const T0 = 1700000000000;
  const ids = new WeakMap();
  let last = 0;
  const idApi = {
    idOf: (n) => { let id = ids.get(n); if (!id) { id = ++last; ids.set(n, id); } return id; },
    peek: (n) => ids.get(n) || 0,
  };
  const options = { unmaskSelector: '.public', blockSelector: '.secret', flagCache: new WeakMap() };
  const host = document.getElementById('host');
  host.attachShadow({ mode: 'open' }).innerHTML = '<span>shadow text</span>';

  const w = new RecordWriter();
  const batches = [];
  w.time(T0).meta('https://shop.example/orders', 800, 600).snapshotBegin(0, 0);
  serializeSubtree(document, idApi.idOf, w, options);
  w.snapshotEnd();
  batches.push(Array.from(w.take()));

  const observer = new MutationObserver(() => {});
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const list = document.getElementById('list');
  const [alpha, beta] = list.children;
  const gamma = document.createElement('li');
  gamma.textContent = 'gamma';
  list.append(gamma);
  alpha.remove();
  list.append(beta); // a move
  const flash = document.createElement('div');
  flash.textContent = 'flash';
  document.body.append(flash);
  flash.remove();
  document.querySelector('h1').firstChild.data = 'Orders!';
  document.getElementById('who').title = 'J. Roe';
  host.shadowRoot.append(document.createElement('em'));
  document.querySelector('.secret').className = 'open';
  // Shadow roots need their own observer; this one reports the em.
  const records = observer.takeRecords();
  records.push({ type: 'childList', target: host.shadowRoot, addedNodes: [host.shadowRoot.lastChild], removedNodes: [] });
  observer.disconnect();
  w.time(T0 + 100);
  writeMutations(records, idApi, w, options);
  batches.push(Array.from(w.take()));

  w.time(T0 + 200).input(idApi.peek(document.getElementById('email')), 'jane.roe@example.com', false, true);
  batches.push(Array.from(w.take()));
  return batches;
}

// What the body shows, as nested [tag, text-or-children] lists, for comparing page and replay.
function describeBody(doc) {
  const walk = (n) => {
    if (n.nodeType === 3) return n.data;
    if (n.nodeType !== 1) return null;
    const kids = [...n.childNodes].map(walk).filter((x) => x !== null);
    if (n.shadowRoot) kids.push(['#shadow', [...n.shadowRoot.childNodes].map(walk).filter((x) => x !== null)]);
    return [n.localName, kids];
  };
  return walk(doc.body);
}

function pack(batches) {
  const parts = [];
  for (const b of batches) {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(b.length);
    parts.push(len, Buffer.from(b));
  }
  return Buffer.concat(parts);
}

test('record-writer bytes from a real page match the committed batches', { skip }, async () => {
  const page = await newPage(RECORDED_PAGE);
  await page.addScriptTag({
    type: 'module',
    content: `${writerSource}\nwindow.__rw = { RecordWriter, serializeSubtree, writeMutations };`,
  });
  await page.waitForFunction(() => window.__rw);
  const batches = await page.evaluate(recordInPage);
  assert.deepEqual(page.errors, []);
  const bytes = pack(batches);
  const file = path.join(FIXTURES, 'page-batches.bin');
  if (UPDATE) await writeFile(file, bytes);
  assert.ok(bytes.equals(await readFile(file)),
    'page-batches.bin is stale: rerun with VIGIL_UPDATE_FIXTURES=1, then the native test likewise');
  await page.context().close();
});

async function play(events) {
  const page = await newPage('<!doctype html><html><body></body></html>');
  const warnings = await replayToEnd(page, rrwebSource, events)
    .catch((e) => { throw new Error(`replay failed: ${e.message}`); });
  return { page, warnings };
}

test('the recorded page replays in rrweb, masked and blocked as configured', { skip }, async () => {
  const events = JSON.parse(await readFile(path.join(FIXTURES, 'page-events.json'), 'utf8'));
  const { page, warnings } = await play(events);
  assert.deepEqual(warnings, []);
  assert.deepEqual(page.errors, []);
  const shown = await inReplay(page, (doc) => ({
    h1: doc.querySelector('h1').textContent,
    who: doc.getElementById('who').textContent,
    whoTitle: doc.getElementById('who').title,
    email: doc.getElementById('email').value,
    pw: doc.getElementById('pw').getAttribute('value'),
    logo: { cls: doc.getElementById('logo')?.className ?? doc.querySelector('img').className, width: doc.querySelector('img').style.width, src: doc.querySelector('img').getAttribute('src') },
    items: [...doc.querySelectorAll('#list li')].map((li) => li.textContent),
    shadow: [...doc.getElementById('host').shadowRoot.childNodes].map((n) => n.localName),
    shadowText: doc.getElementById('host').shadowRoot.textContent,
    opened: doc.querySelector('.open')?.textContent,
    flash: doc.body.textContent.includes('flash'),
  }));
  assert.deepEqual(shown, {
    h1: 'Orders!',
    who: '****** ** ** **** ***',
    whoTitle: '** ***',
    email: '********************',
    pw: '*******',
    logo: { cls: 'rr-block', width: '40px', src: null },
    items: ['*****', '****'],
    shadow: ['span', 'em'],
    shadowText: '****** ****',
    opened: '**** ****',
    flash: false,
  });
  await page.context().close();
});

test('the replayed body has the recorded page structure', { skip }, async () => {
  // The live page after the same script, masked the way the encoder masks.
  const live = await newPage(RECORDED_PAGE);
  await live.addScriptTag({
    type: 'module',
    content: `${writerSource}\nwindow.__rw = { RecordWriter, serializeSubtree, writeMutations };`,
  });
  await live.waitForFunction(() => window.__rw);
  await live.evaluate(recordInPage);
  const mask = (s) => s.replace(/\S/g, '*');
  const expected = await live.evaluate(`(${describeBody.toString()})(document)`);
  const maskTexts = (node, unmasked) => {
    if (typeof node === 'string') return unmasked ? node : mask(node);
    const [tag, kids] = node;
    if (tag === 'img') return [tag, []];
    return [tag, kids.map((k) => maskTexts(k, unmasked || tag === 'h1'))];
  };
  const events = JSON.parse(await readFile(path.join(FIXTURES, 'page-events.json'), 'utf8'));
  const { page } = await play(events);
  const replayed = await inReplay(page, (doc, source) => new Function(`return (${source})`)()(doc),
    describeBody.toString());
  assert.deepEqual(replayed, maskTexts(expected, false));
  await live.context().close();
  await page.context().close();
});

test('the scripted native session replays without warnings', { skip }, async () => {
  const events = JSON.parse(await readFile(path.join(FIXTURES, 'playback-events.json'), 'utf8'));
  const { page, warnings } = await play(events);
  assert.deepEqual(warnings, []);
  const shown = await inReplay(page, (doc) => ({
    title: doc.getElementById('title').textContent,
    holder: doc.getElementById('holder').textContent,
    name: doc.getElementById('name').value,
    // The click landed on the placeholder: the replayer hovers it.
    logo: doc.querySelector('img').className.split(' ').sort(),
    items: [...doc.querySelectorAll('#list li')].map((li) => li.textContent),
  }));
  assert.deepEqual(shown, {
    title: 'Checkout (2)',
    holder: '**** ******* ****',
    name: '**** *',
    logo: [':hover', 'rr-block'],
    items: ['three', 'two'],
  });
  await page.context().close();
});
