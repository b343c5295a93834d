// The JS record writer against the format in replay/record_format.h: a small reader written
// from that specification decodes what the writer produces, byte offsets included; the DOM
// walkers run on plain objects standing in for DOM nodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RecordWriter, Op, NodeFlag, MouseInteraction, MoveSource, serializeSubtree, writeMutations,
  elementFlags, isBlocked,
} from '../../js-bindings/replay/record-writer.js';

// ---- a reader, from the specification ----

const OP_NAMES = Object.fromEntries(Object.entries(Op).map(([k, v]) => [v, k]));

function readBatch(bytes) {
  assert.deepEqual([...bytes.subarray(0, 4)], [0x56, 0x52, 1, 0], 'header');
  let pos = 4;
  const table = [];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  const u8 = () => {
    assert.ok(pos < bytes.length, 'truncated');
    return bytes[pos++];
  };
  const uv = () => {
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = u8();
      v += (b & 0x7f) * scale;
      scale *= 128;
      if (!(b & 0x80)) return v;
    }
    throw new Error('varint too long');
  };
  const sv = () => {
    const v = uv();
    return v % 2 ? -(v + 1) / 2 : v / 2;
  };
  const str = () => {
    const h = uv();
    if (h % 2 === 1) {
      const i = (h - 1) / 2;
      assert.ok(i < table.length, 'string reference past the table');
      return table[i];
    }
    const len = Math.floor(h / 4);
    assert.ok(pos + len <= bytes.length, 'string past the end');
    const s = decoder.decode(bytes.subarray(pos, pos + len));
    pos += len;
    if (h % 4 === 2) table.push(s);
    return s;
  };
  const head = (flags) => {
    const r = { id: uv(), parent: uv(), next: uv() };
    if (flags) r.flags = uv();
    return r;
  };
  const out = [];
  while (pos < bytes.length) {
    const code = u8();
    const op = OP_NAMES[code];
    assert.ok(op, `unknown opcode ${code}`);
    let r;
    switch (code) {
      case Op.TIME: r = { ms: dv.getFloat64(pos, true) }; pos += 8; break;
      case Op.TIME_DELTA: r = { delta: sv() }; break;
      case Op.META: r = { href: str(), width: uv(), height: uv() }; break;
      case Op.SNAPSHOT_BEGIN: r = { left: sv(), top: sv() }; break;
      case Op.SNAPSHOT_END: r = {}; break;
      case Op.CUSTOM: r = { tag: str(), payload: str() }; break;
      case Op.DOCUMENT: r = { id: uv() }; break;
      case Op.DOCTYPE: r = { ...head(false), name: str(), publicId: str(), systemId: str() }; break;
      case Op.ELEMENT: {
        r = head(true);
        r.tag = str();
        if (r.flags & NodeFlag.HAS_SIZE) { r.width = uv(); r.height = uv(); }
        const n = uv();
        r.attrs = {};
        for (let i = 0; i < n; i++) { const k = str(); r.attrs[k] = str(); }
        break;
      }
      case Op.TEXT: case Op.COMMENT: r = { ...head(true), text: str() }; break;
      case Op.CDATA: r = head(true); break;
      case Op.REMOVE: r = { id: uv(), parent: uv() }; break;
      case Op.MOVE: r = { id: uv(), parent: uv(), next: uv() }; break;
      case Op.ATTRIBUTE: { r = { id: uv(), name: str() }; r.value = u8() ? str() : null; break; }
      case Op.TEXT_CHANGE: r = { id: uv(), text: str() }; break;
      case Op.FLAGS: {
        r = { id: uv(), flags: uv() };
        if (r.flags & NodeFlag.HAS_SIZE) { r.width = uv(); r.height = uv(); }
        break;
      }
      case Op.INPUT: { r = { id: uv() }; const b = u8(); r.checked = !!(b & 1); r.userTriggered = !!(b & 2); r.text = str(); break; }
      case Op.SCROLL: r = { id: uv(), x: sv(), y: sv() }; break;
      case Op.MOUSE_MOVE: {
        r = { source: uv(), positions: [] };
        const n = uv();
        for (let i = 0; i < n; i++) r.positions.push({ id: uv(), x: sv(), y: sv(), timeOffset: sv() });
        break;
      }
      case Op.MOUSE_INTERACTION: {
        r = { type: uv(), id: uv() };
        const b = u8();
        if (b & 1) { r.x = sv(); r.y = sv(); }
        if (b & 2) r.pointerType = uv();
        break;
      }
      case Op.VIEWPORT: r = { width: uv(), height: uv() }; break;
      default: throw new Error('unreachable');
    }
    out.push({ op, ...r });
  }
  return out;
}

// ---- a stand-in DOM ----

class FakeNode {
  constructor(nodeType, props = {}) {
    this.nodeType = nodeType;
    this.parentNode = null;
    this.firstChild = this.lastChild = this.nextSibling = this.previousSibling = null;
    Object.assign(this, props);
  }

  append(...kids) {
    for (const k of kids) {
      if (k.parentNode) k.remove();
      k.parentNode = this;
      k.previousSibling = this.lastChild;
      k.nextSibling = null;
      if (this.lastChild) this.lastChild.nextSibling = k;
      else this.firstChild = k;
      this.lastChild = k;
    }
    return this;
  }

  insertBefore(k, ref) {
    if (!ref) return this.append(k);
    if (k.parentNode) k.remove();
    k.parentNode = this;
    k.nextSibling = ref;
    k.previousSibling = ref.previousSibling;
    if (ref.previousSibling) ref.previousSibling.nextSibling = k;
    else this.firstChild = k;
    ref.previousSibling = k;
    return k;
  }

  remove() {
    const p = this.parentNode;
    if (!p) return;
    if (this.previousSibling) this.previousSibling.nextSibling = this.nextSibling;
    else p.firstChild = this.nextSibling;
    if (this.nextSibling) this.nextSibling.previousSibling = this.previousSibling;
    else p.lastChild = this.previousSibling;
    this.parentNode = this.nextSibling = this.previousSibling = null;
  }

  get isConnected() {
    for (let n = this; n; n = n.parentNode || n.host) if (n.nodeType === 9) return true;
    return false;
  }
}

function doc() {
  return new FakeNode(9, { baseURI: 'https://shop.example/a/' });
}

function el(tag, attrs = {}, ...kids) {
  const node = new FakeNode(1, {
    localName: tag,
    namespaceURI: tag === 'svg' || tag === 'path' ? 'http://www.w3.org/2000/svg' : 'http://www.w3.org/1999/xhtml',
    baseURI: 'https://shop.example/a/',
    attributes: Object.entries(attrs).map(([name, value]) => ({ name, value })),
    rect: { width: 0, height: 0 },
  });
  node.getAttribute = (n) => node.attributes.find((a) => a.name === n)?.value ?? null;
  node.getAttributeNames = () => node.attributes.map((a) => a.name);
  node.getBoundingClientRect = () => node.rect;
  node.matches = (selector) => selector.split(',').some((s) => matchOne(node, s.trim()));
  node.append(...kids);
  return node;
}

// Enough of CSS selectors for the tests: tag, .class, #id, [attr]; "!" throws like a bad one.
function matchOne(node, s) {
  if (s.includes('!')) throw new SyntaxError(`bad selector ${s}`);
  if (s.startsWith('.')) return (node.getAttribute('class') || '').split(/\s+/).includes(s.slice(1));
  if (s.startsWith('#')) return node.getAttribute('id') === s.slice(1);
  if (s.startsWith('[')) return node.getAttribute(s.slice(1, -1)) !== null;
  return node.localName === s;
}

const text = (data) => new FakeNode(3, { data });
const comment = (data) => new FakeNode(8, { data });

function idMap() {
  const ids = new Map();
  let last = 0;
  return {
    idOf: (n) => { if (!ids.has(n)) ids.set(n, ++last); return ids.get(n); },
    peek: (n) => ids.get(n) ?? 0,
    adopt: (n, old) => { ids.set(n, ids.get(old)); ids.delete(old); },
  };
}

// ---- the writer ----

test('bytes are exactly as record_format.h documents (same bytes as the native test)', () => {
  const w = new RecordWriter();
  w.element(3, 1, 0, NodeFlag.MASK, 'div', ['class', 'a']);
  assert.deepEqual([...w.view()], [0x56, 0x52, 1, 0, 0x12, 3, 1, 0, 1, 14, ...Buffer.from('div'), 1, 22,
    ...Buffer.from('class'), 6, ...Buffer.from('a')]);
  w.element(4, 1, 3, 0, 'div', ['class', 'a']);
  assert.deepEqual([...w.view().subarray(-9)], [0x12, 4, 1, 3, 0, 1, 1, 3, 5]);
});

test('every record round-trips through the reader', () => {
  const w = new RecordWriter();
  w.time(1700000000000).time(1700000000005).time(1700000000004.5);
  w.meta('https://example.com/?q=1', 1280.4, 720).snapshotBegin(-3, 40.6).document(1);
  w.doctype(2, 1, 0, 'html', 'pub', 'sys');
  w.element(3, 1, 0, NodeFlag.BLOCK, 'div', ['lang', 'en', 'data-long', 'x'.repeat(100)], 640.7, 480);
  w.text(4, 3, 0, NodeFlag.SHADOW, 'café').comment(5, 3, 4, 0, 'c').cdata(6, 3, 0).snapshotEnd();
  w.custom('breadcrumb', '{"a":1}');
  w.remove(4, 3).move(5, 1, 3).attribute(3, 'lang', 'fr').attribute(3, 'lang', null).textChange(4, 'x');
  w.flags(3, NodeFlag.MASK, 1, 2).flags(3, 0);
  w.input(7, 'v', true, true).scroll(1, -5, 99.5);
  w.mouseMove(MoveSource.TouchMove, [{ id: 3, x: 10, y: -20, timeOffset: -50 }, { id: 4, x: 11, y: 21, timeOffset: 0 }]);
  w.mouseInteraction(MouseInteraction.Click, 3, 7, 8, 2).mouseInteraction(MouseInteraction.Focus, 3);
  w.viewport(800, 600);
  const records = readBatch(w.take());
  assert.deepEqual(records, [
    { op: 'TIME', ms: 1700000000000 },
    { op: 'TIME_DELTA', delta: 5 },
    { op: 'TIME', ms: 1700000000004.5 },
    { op: 'META', href: 'https://example.com/?q=1', width: 1280, height: 720 },
    { op: 'SNAPSHOT_BEGIN', left: -3, top: 41 },
    { op: 'DOCUMENT', id: 1 },
    { op: 'DOCTYPE', id: 2, parent: 1, next: 0, name: 'html', publicId: 'pub', systemId: 'sys' },
    { op: 'ELEMENT', id: 3, parent: 1, next: 0, flags: NodeFlag.BLOCK | NodeFlag.HAS_SIZE, tag: 'div',
      width: 641, height: 480, attrs: { lang: 'en', 'data-long': 'x'.repeat(100) } },
    { op: 'TEXT', id: 4, parent: 3, next: 0, flags: NodeFlag.SHADOW, text: 'café' },
    { op: 'COMMENT', id: 5, parent: 3, next: 4, flags: 0, text: 'c' },
    { op: 'CDATA', id: 6, parent: 3, next: 0, flags: 0 },
    { op: 'SNAPSHOT_END' },
    { op: 'CUSTOM', tag: 'breadcrumb', payload: '{"a":1}' },
    { op: 'REMOVE', id: 4, parent: 3 },
    { op: 'MOVE', id: 5, parent: 1, next: 3 },
    { op: 'ATTRIBUTE', id: 3, name: 'lang', value: 'fr' },
    { op: 'ATTRIBUTE', id: 3, name: 'lang', value: null },
    { op: 'TEXT_CHANGE', id: 4, text: 'x' },
    { op: 'FLAGS', id: 3, flags: NodeFlag.MASK | NodeFlag.HAS_SIZE, width: 1, height: 2 },
    { op: 'FLAGS', id: 3, flags: 0 },
    { op: 'INPUT', id: 7, checked: true, userTriggered: true, text: 'v' },
    { op: 'SCROLL', id: 1, x: -5, y: 100 },
    { op: 'MOUSE_MOVE', source: 6, positions: [{ id: 3, x: 10, y: -20, timeOffset: -50 }, { id: 4, x: 11, y: 21, timeOffset: 0 }] },
    { op: 'MOUSE_INTERACTION', type: 2, id: 3, x: 7, y: 8, pointerType: 2 },
    { op: 'MOUSE_INTERACTION', type: 5, id: 3 },
    { op: 'VIEWPORT', width: 800, height: 600 },
  ]);
});

test('strings: UTF-8 of every length, lone surrogates, and the string table', () => {
  const samples = ['', 'a', 'é', 'x'.repeat(24), 'é'.repeat(24), 'é'.repeat(31), 'é'.repeat(32),
    '😀'.repeat(20), 'a\uD800b', 'ü'.repeat(5000), 'x'.repeat(70000)];
  const w = new RecordWriter({ initialSize: 16 });
  for (const s of samples) w.textChange(1, s);
  const got = readBatch(w.take()).map((r) => r.text);
  assert.deepEqual(got, samples.map((s) => s.replace('\uD800', '\uFFFD')));

  // Tag and attribute names repeat as one-byte references; long values stay literals.
  const t = new RecordWriter();
  for (let i = 0; i < 100; i++) t.element(i + 1, 0, 0, 0, 'span', ['class', 'row', 'title', 'y'.repeat(40)]);
  const bytes = t.take();
  assert.ok(bytes.length < 100 * (9 + 42 + 6), `${bytes.length} bytes`);
  assert.ok(readBatch(bytes).every((r) => r.tag === 'span' && r.attrs.class === 'row' && r.attrs.title.length === 40));
});

test('the buffer grows and take() starts a fresh batch', () => {
  const w = new RecordWriter({ initialSize: 8 });
  for (let i = 0; i < 20000; i++) w.text(i + 1, 1, 0, 0, `node number ${i}`);
  assert.ok(w.byteLength > 300000);
  const first = w.take();
  assert.equal(readBatch(first).length, 20000);
  assert.equal(w.byteLength, 4);
  assert.ok(w.isEmpty);
  // The string table and the clock restart with the batch.
  w.time(5).element(1, 0, 0, 0, 'div');
  assert.deepEqual(readBatch(w.take()), [{ op: 'TIME', ms: 5 },
    { op: 'ELEMENT', id: 1, parent: 0, next: 0, flags: 0, tag: 'div', attrs: {} }]);
});

test('numbers are coerced the way the format needs them', () => {
  const w = new RecordWriter();
  w.viewport(-5, NaN).scroll(2 ** 32 + 3, 1e300, -1e300).time(10).time(10);
  const [vp, sc, t, ...rest] = readBatch(w.take());
  assert.deepEqual(vp, { op: 'VIEWPORT', width: 0, height: 0 });
  assert.equal(sc.id, 3);  // ids are u32
  assert.equal(sc.x, 2 ** 52);
  assert.equal(sc.y, -(2 ** 52));
  assert.equal(t.op, 'TIME');
  assert.equal(rest.length, 0);  // an unchanged clock writes nothing
});

// ---- serializeSubtree ----

function page() {
  const d = doc();
  const shadowHost = el('div', { id: 'host' });
  shadowHost.shadowRoot = new FakeNode(11, { host: shadowHost });
  shadowHost.shadowRoot.append(el('span', {}, text('in shadow')));
  const img = el('img', { src: 'cat.png', srcset: 'a.png 1x, /b.png 2x' });
  img.rect = { width: 120.4, height: 80 };
  const input = el('input', { type: 'text', value: 'initial' });
  input.type = 'text';
  input.value = 'typed';
  const box = el('input', { type: 'checkbox' });
  box.type = 'checkbox';
  box.checked = true;
  const area = el('textarea', {}, text('draft'));
  area.type = 'textarea';
  area.value = 'draft!';
  const secret = el('div', { class: 'secret' }, el('p', {}, text('hidden')));
  secret.rect = { width: 10, height: 20 };
  const html = el('html', {},
    el('head', {}, el('script', {}, text('var token = 1;'))),
    el('body', {},
      el('h1', { class: 'public' }, text('Hello')),
      comment('note'),
      input, box, area, img, secret, shadowHost,
      el('svg', {}, el('path', { d: 'M0' })),
      el('a', { href: '../x?y=1' }, text('link'))));
  d.append(new FakeNode(10, { name: 'html', publicId: '', systemId: '' }), html);
  return { d, img, secret, input, shadowHost };
}

test('serializeSubtree writes the page in document order with flags', () => {
  const { d } = page();
  const ids = idMap();
  const w = new RecordWriter();
  const flagCache = new WeakMap();
  const count = serializeSubtree(d, ids.idOf, w, {
    unmaskSelector: '.public', blockSelector: ['.secret'], maskSelector: 'a', ignoreSelector: 'input', flagCache,
  });
  const r = readBatch(w.take());
  assert.equal(count, r.length);
  const byTag = (tag) => r.find((x) => x.tag === tag);
  assert.deepEqual(r.slice(0, 3).map((x) => x.op), ['DOCUMENT', 'DOCTYPE', 'ELEMENT']);
  // Pre-order: every node after its parent, appended (next = 0).
  const seen = new Set([r[0].id]);
  for (const x of r.slice(1)) {
    assert.ok(seen.has(x.parent), `${x.op} ${x.id} before its parent`);
    assert.equal(x.next, 0);
    seen.add(x.id);
  }
  assert.equal(r.find((x) => x.op === 'TEXT' && x.parent === byTag('script').id).text, '');
  assert.equal(byTag('h1').flags, NodeFlag.UNMASK);
  assert.equal(byTag('a').flags, NodeFlag.MASK);
  assert.equal(byTag('a').attrs.href, 'https://shop.example/x?y=1');
  assert.equal(byTag('img').attrs.src, 'https://shop.example/a/cat.png');
  assert.equal(byTag('img').attrs.srcset, 'https://shop.example/a/a.png 1x, https://shop.example/b.png 2x');
  assert.equal(byTag('img').flags, NodeFlag.HAS_SIZE);  // media: measured for its placeholder
  assert.equal(byTag('img').width, 120);
  const inputs = r.filter((x) => x.tag === 'input');
  assert.deepEqual(inputs[0].attrs, { type: 'text', value: 'typed' });
  assert.deepEqual(inputs[1].attrs, { type: 'checkbox', checked: '' });
  assert.equal(inputs[0].flags, NodeFlag.IGNORE);
  // A textarea's text travels as its value; blocked elements have no children.
  assert.equal(byTag('textarea').attrs.value, 'draft!');
  assert.ok(!r.some((x) => x.parent === byTag('textarea').id));
  const secret = r.find((x) => x.attrs && x.attrs.class === 'secret');
  assert.equal(secret.flags, NodeFlag.BLOCK | NodeFlag.HAS_SIZE);
  assert.ok(!r.some((x) => x.parent === secret.id));
  assert.ok(!r.some((x) => x.text === 'hidden'));
  // The shadow root's children hang from the host, flagged.
  const host = r.find((x) => x.attrs && x.attrs.id === 'host');
  assert.equal(host.flags, NodeFlag.SHADOW_HOST);
  const span = r.find((x) => x.tag === 'span');
  assert.equal(span.parent, host.id);
  assert.equal(span.flags, NodeFlag.SHADOW);
  assert.equal(r.find((x) => x.text === 'in shadow').flags, 0);
  // SVG is media (blocked, no children) unless unblocked.
  assert.equal(byTag('svg').flags, NodeFlag.SVG | NodeFlag.HAS_SIZE);
  assert.ok(!byTag('path'));
  const again = new RecordWriter();
  serializeSubtree(d, ids.idOf, again, { blockAllMedia: false });
  assert.equal(readBatch(again.take()).find((x) => x.tag === 'path').flags, NodeFlag.SVG);
  assert.equal(flagCache.get(page().d.firstChild), undefined);
});

test('a bad selector never throws, it just never matches', () => {
  const { d } = page();
  const w = new RecordWriter();
  assert.doesNotThrow(() => serializeSubtree(d, idMap().idOf, w, { maskSelector: 'a!b', blockSelector: '!' }));
  assert.ok(readBatch(w.take()).every((x) => !(x.flags & (NodeFlag.MASK))));
});

test('the root of a subtree carries its place; only it names a sibling', () => {
  const ids = idMap();
  const li = el('li', {}, text('x'));
  const w = new RecordWriter();
  serializeSubtree(li, ids.idOf, w, { parentId: 7, nextId: 9, shadow: true });
  assert.deepEqual(readBatch(w.take()), [
    { op: 'ELEMENT', id: 1, parent: 7, next: 9, flags: NodeFlag.SHADOW, tag: 'li', attrs: {} },
    { op: 'TEXT', id: 2, parent: 1, next: 0, flags: 0, text: 'x' },
  ]);
});

test('100,000-node pages, wide or deep, are walked without recursion', () => {
  const wide = doc();
  const body = el('body');
  wide.append(body);
  for (let i = 0; i < 50000; i++) body.append(el('li', { class: 'row' }, text(`row ${i}`)));
  const deep = doc();
  let cur = el('html');
  deep.append(cur);
  for (let i = 0; i < 100000; i++) { const next = el('div'); cur.append(next); cur = next; }
  for (const d of [wide, deep]) {
    const w = new RecordWriter();
    const start = performance.now();
    const n = serializeSubtree(d, idMap().idOf, w);
    const ms = performance.now() - start;
    assert.ok(n > 100000);
    assert.ok(ms < 2000, `${ms} ms`);
    assert.equal(readBatch(w.take()).length, n);
  }
});

// ---- writeMutations ----

test('writeMutations: removals, then added subtrees with known next siblings, then changes', () => {
  const { d, input } = page();
  const ids = idMap();
  const w = new RecordWriter();
  const flagCache = new WeakMap();
  const options = { blockSelector: '.secret', flagCache };
  serializeSubtree(d, ids.idOf, w, options);
  w.take();
  const body = input.parentNode;
  const h1 = body.firstChild;
  const a = el('p', {}, text('A'));
  const b = el('p', {}, text('B'));
  const gone = el('p');
  body.insertBefore(b, input);
  body.insertBefore(a, b);  // body: h1, note, a, b, input, ...
  body.append(gone);
  gone.remove();
  const note = h1.nextSibling;
  note.remove();
  h1.firstChild.data = 'Hello!';
  h1.attributes[0].value = 'secret';  // now blocked
  input.attributes[0].value = 'email';
  const records = [
    { type: 'childList', target: body, addedNodes: [b], removedNodes: [] },
    { type: 'childList', target: body, addedNodes: [a], removedNodes: [] },
    { type: 'childList', target: body, addedNodes: [gone], removedNodes: [] },
    { type: 'childList', target: body, addedNodes: [], removedNodes: [gone] },
    { type: 'childList', target: body, addedNodes: [], removedNodes: [note] },
    { type: 'characterData', target: h1.firstChild },
    { type: 'attributes', target: h1, attributeName: 'class' },
    { type: 'attributes', target: input, attributeName: 'type' },
  ];
  writeMutations(records, ids, w, options);
  const r = readBatch(w.take());
  assert.deepEqual(r.map((x) => x.op), ['REMOVE', 'ELEMENT', 'TEXT', 'ELEMENT', 'TEXT',
    'ATTRIBUTE', 'FLAGS', 'ATTRIBUTE', 'TEXT_CHANGE']);
  assert.deepEqual(r[0], { op: 'REMOVE', id: ids.peek(note), parent: ids.peek(body) });
  // b first (before input), then a before b.
  assert.equal(r[1].id, ids.peek(b));
  assert.equal(r[1].next, ids.peek(input));
  assert.equal(r[3].id, ids.peek(a));
  assert.equal(r[3].next, ids.peek(b));
  assert.equal(ids.peek(gone), 0);  // added and removed: never even got an id
  assert.deepEqual(r[5], { op: 'ATTRIBUTE', id: ids.peek(h1), name: 'class', value: 'secret' });
  assert.equal(r[6].flags, NodeFlag.BLOCK | NodeFlag.HAS_SIZE);
  assert.deepEqual(r[7], { op: 'ATTRIBUTE', id: ids.peek(input), name: 'type', value: 'email' });
  assert.deepEqual(r[8], { op: 'TEXT_CHANGE', id: ids.peek(h1.firstChild), text: 'Hello!' });
});

test('writeMutations: a text node replaced in place is a text change under the old id', () => {
  const { d, input } = page();
  const ids = idMap();
  const w = new RecordWriter();
  serializeSubtree(d, ids.idOf, w, {});
  w.take();
  const body = input.parentNode;
  const h1 = body.firstChild;
  const old = h1.firstChild;
  const oldId = ids.peek(old);
  // h1.textContent = 'Bye': one record, the old text node out, a new one in its place.
  const now = text('Bye');
  old.remove();
  h1.append(now);
  writeMutations([{ type: 'childList', target: h1, addedNodes: [now], removedNodes: [old], previousSibling: null, nextSibling: null }], ids, w, {});
  assert.deepEqual(readBatch(w.take()), [{ op: 'TEXT_CHANGE', id: oldId, text: 'Bye' }]);
  assert.equal(ids.peek(now), oldId);
  assert.equal(ids.peek(old), 0);  // if it comes back, it is a new node to the player

  // Not in place (a sibling moved in since), or the old node is back somewhere: remove + add.
  const again = text('Again');
  now.remove();
  h1.append(again);
  const extra = el('i');
  h1.append(extra);
  writeMutations([
    { type: 'childList', target: h1, addedNodes: [again], removedNodes: [now], previousSibling: null, nextSibling: null },
    { type: 'childList', target: h1, addedNodes: [extra], removedNodes: [], previousSibling: again, nextSibling: null },
  ], ids, w, {});
  assert.deepEqual(readBatch(w.take()).map((x) => x.op), ['REMOVE', 'ELEMENT', 'TEXT']);  // later sibling first
  const back = text('Back');
  again.remove();
  h1.insertBefore(back, extra);
  body.append(again);
  writeMutations([
    { type: 'childList', target: h1, addedNodes: [back], removedNodes: [again], previousSibling: null, nextSibling: extra },
    { type: 'childList', target: body, addedNodes: [again], removedNodes: [], previousSibling: null, nextSibling: null },
  ], ids, w, {});
  assert.deepEqual(readBatch(w.take()).map((x) => x.op), ['REMOVE', 'TEXT', 'TEXT']);

  // Without adopt (an older caller), the same replacement stays a remove and an add.
  const plain = { idOf: ids.idOf, peek: ids.peek };
  const last = text('Last');
  back.remove();
  h1.insertBefore(last, extra);
  writeMutations([{ type: 'childList', target: h1, addedNodes: [last], removedNodes: [back], previousSibling: null, nextSibling: extra }], plain, w, {});
  assert.deepEqual(readBatch(w.take()).map((x) => x.op), ['REMOVE', 'TEXT']);
});

test('writeMutations: an element that stops being blocked is written again, whole', () => {
  const { d, secret } = page();
  const ids = idMap();
  const w = new RecordWriter();
  const options = { blockSelector: '.secret', flagCache: new WeakMap() };
  serializeSubtree(d, ids.idOf, w, options);
  w.take();
  secret.attributes[0].value = 'open';
  writeMutations([{ type: 'attributes', target: secret, attributeName: 'class' }], ids, w, options);
  const r = readBatch(w.take());
  assert.deepEqual(r.map((x) => x.op), ['ATTRIBUTE', 'ELEMENT', 'ELEMENT', 'TEXT']);
  assert.equal(r[1].id, ids.peek(secret));
  assert.equal(r[1].next, ids.peek(secret.nextSibling));
  assert.equal(r[3].text, 'hidden');
});

test('flagCache keeps only flagged elements; a class change either way writes FLAGS once', () => {
  const { d, secret, input } = page();
  const ids = idMap();
  const w = new RecordWriter();
  const flagCache = new WeakMap();
  const options = { blockSelector: '.secret', maskSelector: '.hot', flagCache };
  serializeSubtree(d, ids.idOf, w, options);
  w.take();
  assert.equal(flagCache.get(secret), NodeFlag.BLOCK);
  assert.equal(flagCache.has(input), false, 'no entry for an element without flags');
  input.attributes.push({ name: 'class', value: 'hot' });
  writeMutations([{ type: 'attributes', target: input, attributeName: 'class' }], ids, w, options);
  assert.deepEqual(readBatch(w.take()).filter((x) => x.op === 'FLAGS').map((x) => [x.id, x.flags]), [[ids.peek(input), NodeFlag.MASK]]);
  assert.equal(flagCache.get(input), NodeFlag.MASK);
  // Unchanged flags: the attribute only.
  writeMutations([{ type: 'attributes', target: input, attributeName: 'class' }], ids, w, options);
  assert.deepEqual(readBatch(w.take()).map((x) => x.op), ['ATTRIBUTE']);
  input.attributes.pop();
  writeMutations([{ type: 'attributes', target: input, attributeName: 'class' }], ids, w, options);
  assert.deepEqual(readBatch(w.take()).filter((x) => x.op === 'FLAGS').map((x) => [x.id, x.flags]), [[ids.peek(input), 0]]);
  assert.equal(flagCache.has(input), false);
});

test('attributes are read by name, and by position when getAttribute cannot find a name', () => {
  const node = el('svg', { viewBox: '0 0 1 1', 'data-x': 'y' });
  // An HTML element's getAttribute lowercases the name it is given.
  node.getAttribute = (n) => node.attributes.find((a) => a.name === n.toLowerCase())?.value ?? null;
  const w = new RecordWriter();
  serializeSubtree(node, idMap().idOf, w, { blockAllMedia: false });
  assert.deepEqual(readBatch(w.take())[0].attrs, { viewBox: '0 0 1 1', 'data-x': 'y' });
});

test('one selector that does not parse leaves the others matching', () => {
  const options = { maskSelector: '.k', blockSelector: 'p!', unmaskSelector: ['#u'] };
  assert.equal(elementFlags(el('div', { class: 'k' }), options), NodeFlag.MASK);
  assert.equal(elementFlags(el('div', { id: 'u' }), options), NodeFlag.UNMASK);
  assert.equal(elementFlags(el('div', {}), options), 0);
  // Without selectors, matches() is never asked.
  const quiet = el('div', { class: 'k' });
  quiet.matches = () => { throw new Error('asked'); };
  assert.equal(elementFlags(quiet, {}), 0);
});

test('helpers agree with the encoder on blocking', () => {
  assert.ok(isBlocked('video', 0));
  assert.ok(!isBlocked('video', 0, { blockAllMedia: false }));
  assert.ok(!isBlocked('img', NodeFlag.UNBLOCK));
  assert.ok(isBlocked('div', NodeFlag.BLOCK));
  assert.equal(elementFlags(el('div', { class: 'k' }), { maskSelector: '.k' }), NodeFlag.MASK);
});

test('while sliceAt is set, whole batches of about that many bytes go to onSlice', () => {
  const cut = [];
  const w = new RecordWriter({ onSlice: (batch) => cut.push(batch) });
  w.sliceAt = 64;
  for (let i = 0; i < 40; i++) w.text(i + 1, 0, 0, 0, `row ${i}`);
  w.sliceAt = 0;
  for (let i = 40; i < 50; i++) w.text(i + 1, 0, 0, 0, `row ${i}`);
  cut.push(w.take());
  assert.ok(cut.length > 4, `${cut.length} batches`);
  for (const batch of cut.slice(0, -1)) assert.ok(batch.length >= 64 && batch.length < 64 + 16, `${batch.length} bytes`);
  const ids = cut.flatMap((batch) => readBatch(batch).map((r) => r.id));
  assert.deepEqual(ids, Array.from({ length: 50 }, (_, i) => i + 1), 'every record once, in order');
  assert.ok(cut.at(-1).length > 64, 'no cut once sliceAt is 0');
});

test('trim gives back a buffer a big batch grew, only once the batch is taken', () => {
  const w = new RecordWriter({ initialSize: 1024 });
  w.time(1).textChange(5, 'y'.repeat(100000));
  w.trim(64 * 1024);
  assert.ok(w.buf.length > 64 * 1024, 'not while it holds records');
  const batch = w.take();
  assert.ok(batch.length > 100000);
  w.trim(64 * 1024);
  assert.equal(w.buf.length, 1024);
  w.time(2).textChange(5, 'after');
  assert.deepEqual([...w.take().subarray(0, 2)], [0x56, 0x52]);
  w.trim(64 * 1024);
  assert.equal(w.buf.length, 1024, 'a small buffer stays');
});
