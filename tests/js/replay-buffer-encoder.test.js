// The replay encoder's buffer mode through the built vigil-replay.wasm, fed by the JS record
// writer: what JS hands over is kept as batches in the ring, and the buffer comes back as rrweb
// events from the newest checkout at most a minute old, masked, with later batches carrying on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCore } from '../../npm/dist/core/load-core.js';
import { RecordWriter } from '../../npm/dist/replay/record-writer.js';
import { ROOT } from '../browser/harness.js';

const T0 = 1_700_000_000_000;

async function encoder(options = {}) {
  const binary = await readFile(path.join(ROOT, 'npm/dist/vigil-replay.wasm'));
  const module = await loadCore({ binary, replay: true });
  return new module.ReplayEncoder(JSON.stringify(options));
}

// A segment's JSON as the recorder reads it: the head's first part, then the rest by parts.
function segmentJson(enc, segment) {
  let json = segment.json;
  for (let part = enc.takeSegmentPart(); part !== ''; part = enc.takeSegmentPart()) json += part;
  return json;
}
const takeEventsJson = (enc) => segmentJson(enc, enc.takeSegment());
const takeBufferJson = (enc, now) => segmentJson(enc, enc.takeBufferSegment(now));

// document 1 > html 2 > body 3 > p 4 > text 5; `cut` ends the batch inside the snapshot, as the
// recorder does on big pages.
function checkout(w, t, text, batches, cut = false) {
  w.time(t).meta('https://shop.example/', 800, 600).snapshotBegin(0, 0);
  w.document(1).element(2, 1, 0, 0, 'html').element(3, 2, 0, 0, 'body');
  if (cut) batches.push(w.take());
  w.element(4, 3, 0, 0, 'p').text(5, 4, 0, 0, text);
  w.snapshotEnd();
  batches.push(w.take());
}

test('buffer mode keeps batches, not events, and gives back the last minute from a checkout', async () => {
  const enc = await encoder();
  enc.setBufferMode(true);
  const w = new RecordWriter();
  const feed = (batch) => assert.equal(enc.consumeBytes(batch).ok, true);

  // A change before any snapshot has no window to go into.
  feed(w.time(T0 - 1000).textChange(5, 'orphan').take());
  assert.equal(enc.bufferInfo().droppedChunks, 1);
  assert.equal(enc.bufferNeedsCheckout(), true);

  const batches = [];
  checkout(w, T0, 'first secret words', batches);
  for (let s = 10; s <= 90; s += 10) {
    if (s === 60) checkout(w, T0 + 60000, 'second secret words', batches, true);
    // Each text masks to more stars: a change that masks to the same stars is not sent.
    else batches.push(w.time(T0 + s * 1000).textChange(5, `changed at ${'9'.repeat(s / 10)}`).take());
  }
  for (const b of batches) feed(b);
  assert.equal(enc.bufferNeedsCheckout(), false);
  const info = enc.bufferInfo();
  assert.equal(info.windows, 1, 'the 0 s window went once it was a minute old and a newer one existed');
  assert.equal(info.batches, 5, 'the 60 s checkout in two batches, then 70, 80 and 90 s');
  assert.equal(info.startTime, T0 + 60000);
  assert.equal(enc.mirrorSize(), 0, 'no mirror is kept while buffering');
  assert.equal(takeEventsJson(enc), '[]');

  const json = takeBufferJson(enc, T0 + 90000);
  assert.ok(info.usedBytes < json.length, `ring ${info.usedBytes} B for ${json.length} B of events`);
  const events = JSON.parse(json);
  assert.deepEqual(events.map((e) => [e.type, e.timestamp - T0]),
    [[4, 60000], [2, 60000], [3, 70000], [3, 80000], [3, 90000]]);
  assert.equal(events[0].data.href, 'https://shop.example/');
  const text = JSON.stringify(events);
  assert.ok(!text.includes('secret') && !text.includes('changed at'), 'text masked by default');

  // Session mode now, on the page the buffer rebuilt: a change to its nodes is an event.
  assert.equal(enc.mirrorSize(), 5);
  assert.equal(enc.bufferInfo().usedBytes, 0);
  feed(w.time(T0 + 91000).textChange(5, 'after').take());
  const after = JSON.parse(takeEventsJson(enc));
  assert.deepEqual(after.map((e) => [e.type, e.data.source, e.data.texts[0].id]), [[3, 0, 5]]);
  enc.delete();
});

test('buffer options: a byte cap closes the window and asks for a checkout', async () => {
  const enc = await encoder({ bufferMaxBytes: 8192 });
  enc.setBufferMode(true);
  const w = new RecordWriter();
  const batches = [];
  checkout(w, T0, 'page', batches);
  for (const b of batches) enc.consumeBytes(b);
  let refused = 0;
  // Text that does not pack (the ring packs what repeats), so the cap is reached.
  let seed = 1;
  const noise = () => Array.from({ length: 1000 }, () => String.fromCharCode(33 + ((seed = (seed * 48271) % 2147483647) % 90))).join('');
  for (let i = 0; i < 40 && !enc.bufferNeedsCheckout(); i++) {
    enc.consumeBytes(w.time(T0 + i).textChange(5, noise()).take());
    refused = enc.bufferInfo().droppedChunks;
  }
  assert.equal(refused, 1);
  assert.equal(enc.bufferNeedsCheckout(), true);
  assert.ok(enc.bufferInfo().capacityBytes <= 8192);
  // What was kept still starts at the snapshot and plays as far as it goes.
  const events = JSON.parse(takeBufferJson(enc, T0 + 100));
  assert.deepEqual(events.slice(0, 2).map((e) => e.type), [4, 2]);
  enc.delete();
});

test('the ring packs what repeats and says so: used, raw and allocated bytes', async () => {
  const enc = await encoder();
  enc.setBufferMode(true);
  const w = new RecordWriter();
  const batches = [];
  checkout(w, T0, 'page', batches);
  for (let i = 1; i <= 1000; i++) {
    w.time(T0 + i * 50).element(100 + i, 3, 0, 0, 'li', ['class', 'row', 'data-n', String(i)]).text(5000 + i, 100 + i, 0, 0, `order invoice stock #${i}`);
    batches.push(w.take());
  }
  for (const b of batches) assert.equal(enc.consumeBytes(b).ok, true);
  const info = enc.bufferInfo();
  const raw = batches.reduce((sum, b) => sum + b.length, 0);
  assert.equal(info.rawBytes, raw);
  assert.equal(info.batches, batches.length);
  assert.ok(info.chunks >= 1, 'some batches packed into chunks');
  assert.ok(info.usedBytes * 3 < raw * 2, `used ${info.usedBytes} B for ${raw} B of batches`);
  assert.ok(info.capacityBytes >= info.usedBytes);
  const events = JSON.parse(takeBufferJson(enc, T0 + 51000));
  assert.equal(events.filter((e) => e.type === 3).length, 1000, 'every batch came back unpacked');
  assert.equal(enc.mirrorSize(), 5 + 2000);
  enc.delete();
});
