// The compression worker's message table in Node (the same module the worker runs), with the
// built brotli.wasm fetched from a loopback server; Node's zlib checks every output. Also the
// page-side compressor where no Worker exists: zlib on the main thread, brotli declined.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT } from '../browser/harness.js';
import { createMessageTable } from '../../worker/message-table.js';
import { deflateBytes } from '../../worker/deflate.js';
import { createCompressor } from '../../js-bindings/replay/compressor.js';

const WASM = path.join(ROOT, 'npm/dist/worker/brotli.wasm');
const LIBDEFLATE = path.join(ROOT, 'npm/dist/worker/libdeflate.wasm');
const sample = new TextEncoder().encode(JSON.stringify(
  Array.from({ length: 300 }, (_, i) => ({ type: 3, timestamp: 1700000000000 + i * 16, data: { source: 0, id: i, text: `row ${i % 9}` } })),
));

let server;
let wasmRequests = 0;
let failNext = 0;
let wasmUrl;
let libdeflateUrl;

before(async () => {
  const wasm = await readFile(WASM); // built by scripts/build.sh
  const libdeflate = await readFile(LIBDEFLATE);
  server = http.createServer((req, res) => {
    wasmRequests += 1;
    if (failNext > 0) {
      failNext -= 1;
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/wasm' }).end(req.url === '/libdeflate.wasm' ? libdeflate : wasm);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  wasmUrl = `http://127.0.0.1:${server.address().port}/brotli.wasm`;
  libdeflateUrl = `http://127.0.0.1:${server.address().port}/libdeflate.wasm`;
});
after(() => new Promise((resolve) => server.close(resolve)));

test('deflate replies with zlib bytes, transferred, and ping answers at once', async () => {
  const handle = createMessageTable({ brotliSource: wasmUrl });
  assert.deepEqual((await handle({ id: 1, method: 'ping' })).reply, { id: 1, result: 'pong' });
  const { reply, transfer } = await handle({ id: 2, method: 'deflate', arg: sample.slice() });
  assert.equal(reply.id, 2);
  assert.ok(reply.result instanceof Uint8Array);
  assert.deepEqual(transfer, [reply.result.buffer]);
  assert.equal(reply.result[0], 0x78, 'a zlib header (RFC 1950), not raw deflate');
  assert.deepEqual(new Uint8Array(zlib.inflateSync(reply.result)), sample);
  assert.ok(reply.result.length < sample.length / 4);
});

// Mutation-like events as the encoder writes them: repeated structure, varying ids and text.
function replayLikeJson(count) {
  let seed = 7;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const events = [];
  for (let i = 0; i < count; i++) {
    const id = 1000 + i * 6;
    events.push({ type: 3, data: { source: 0, texts: [{ id: rand(900), value: '*'.repeat(3 + rand(20)) }],
      attributes: [{ id: rand(900), attributes: { class: rand(2) ? 'row hot' : 'row' } }],
      removes: [{ parentId: 46, id: rand(1500) }],
      adds: [{ parentId: 46, nextId: rand(1500), node: { type: 2, id, tagName: 'li', attributes: { class: 'row', 'data-n': String(i) }, childNodes: [] } },
        { parentId: id, nextId: null, node: { type: 3, id: id + 1, textContent: '*'.repeat(5 + rand(20)) } }] },
    timestamp: 1700000000000 + i * 50 + rand(9) });
  }
  return new TextEncoder().encode(JSON.stringify(events));
}

test('deflate uses libdeflate.wasm when given: zlib, fewer bytes than CompressionStream, loaded once', async () => {
  wasmRequests = 0;
  const handle = createMessageTable({ brotliSource: wasmUrl, deflateSource: libdeflateUrl });
  const json = replayLikeJson(2000);
  const platform = (await deflateBytes(json.slice())).length;
  const sizes = [];
  for (const bytes of [json, sample, new Uint8Array(0)]) {
    const { reply, transfer } = await handle({ id: 1, method: 'deflate', arg: bytes.slice() });
    assert.ok(reply.result instanceof Uint8Array, reply.error);
    assert.deepEqual(transfer, [reply.result.buffer]);
    assert.equal(reply.result[0], 0x78, 'a zlib header (RFC 1950)');
    assert.deepEqual(new Uint8Array(zlib.inflateSync(reply.result)), bytes);
    sizes.push(reply.result.length);
  }
  assert.equal(wasmRequests, 1, 'libdeflate.wasm fetched once, brotli.wasm never');
  assert.ok(sizes[0] < platform * 0.95, `libdeflate ${sizes[0]} bytes against CompressionStream's ${platform}`);
  // Memory grows past the first pages for a large segment.
  const big = replayLikeJson(40_000);
  const large = await handle({ id: 2, method: 'deflate', arg: big.slice() });
  assert.ok(zlib.inflateSync(large.reply.result).equals(Buffer.from(big)));
});

test('a libdeflate.wasm that fails to load leaves deflate to CompressionStream, without fetching again', async () => {
  wasmRequests = 0;
  failNext = 1;
  const handle = createMessageTable({ deflateSource: libdeflateUrl });
  for (let i = 0; i < 3; i++) {
    const { reply } = await handle({ id: i, method: 'deflate', arg: sample.slice() });
    assert.ok(reply.result instanceof Uint8Array, reply.error);
    assert.deepEqual(new Uint8Array(zlib.inflateSync(reply.result)), sample);
    assert.equal(reply.result.length, (await deflateBytes(sample.slice())).length, 'the platform\'s own zlib');
  }
  assert.equal(wasmRequests, 1);
});

test('brotli.wasm is fetched on the first brotli request only, and compresses at any quality', async () => {
  wasmRequests = 0;
  const handle = createMessageTable({ brotliSource: wasmUrl });
  await handle({ id: 1, method: 'deflate', arg: sample.slice() });
  assert.equal(wasmRequests, 0, 'zlib never loads brotli.wasm');
  const sizes = [];
  for (const quality of [0, 1, 5, 11]) {
    const { reply, transfer } = await handle({ id: 10 + quality, method: 'brotli', arg: { bytes: sample.slice(), quality } });
    assert.equal(reply.id, 10 + quality);
    assert.ok(reply.result instanceof Uint8Array, reply.error);
    assert.deepEqual(transfer, [reply.result.buffer]);
    assert.deepEqual(new Uint8Array(zlib.brotliDecompressSync(reply.result)), sample);
    sizes.push(reply.result.length);
  }
  assert.equal(wasmRequests, 1, 'loaded once');
  assert.ok(sizes[3] < sizes[0], `quality 11 (${sizes[3]}) beats quality 0 (${sizes[0]})`);
  const empty = await handle({ id: 20, method: 'brotli', arg: { bytes: new Uint8Array(0), quality: 5 } });
  assert.equal(zlib.brotliDecompressSync(empty.reply.result).length, 0);
  const big = new TextEncoder().encode('segment '.repeat(700_000)); // memory grows past the first pages
  const large = await handle({ id: 21, method: 'brotli', arg: { bytes: big.slice(), quality: 5 } });
  assert.ok(zlib.brotliDecompressSync(large.reply.result).equals(Buffer.from(big)));
});

test('a failed brotli.wasm load is an error reply, and the next request tries again', async () => {
  wasmRequests = 0;
  failNext = 1;
  const handle = createMessageTable({ brotliSource: wasmUrl });
  const failed = await handle({ id: 1, method: 'brotli', arg: { bytes: sample.slice(), quality: 1 } });
  assert.deepEqual(Object.keys(failed.reply).sort(), ['error', 'id']);
  assert.match(failed.reply.error, /HTTP 503/);
  const ok = await handle({ id: 2, method: 'brotli', arg: { bytes: sample.slice(), quality: 1 } });
  assert.deepEqual(new Uint8Array(zlib.brotliDecompressSync(ok.reply.result)), sample);
  assert.equal(wasmRequests, 2);
});

test('bad requests get error replies with their id, never a throw', async () => {
  const handle = createMessageTable({});
  for (const [message, pattern] of [
    [{ id: 1, method: 'gzip', arg: sample }, /unknown method "gzip"/],
    [{ id: 2, method: 'constructor' }, /unknown method/],
    [{ id: 3, method: 'deflate', arg: 'a string' }, /expected bytes/],
    [{ id: 4, method: 'brotli', arg: { bytes: sample, quality: 5 } }, /no brotli.wasm location/],
    [{ id: 5, method: 'brotli', arg: null }, /./],
  ]) {
    const { reply, transfer } = await handle(message);
    assert.equal(reply.id, message.id);
    assert.match(reply.error, pattern);
    assert.deepEqual(transfer, []);
  }
  assert.match((await handle(null)).reply.error, /unknown method/);
});

test('without a Worker (as in Node) the compressor deflates on the main thread and declines brotli', async () => {
  assert.equal(typeof globalThis.Worker, 'undefined');
  const logged = [];
  const compressor = createCompressor({ log: (m) => logged.push(m) });
  const text = new TextDecoder().decode(sample);
  const zipped = await compressor.deflate(text);
  assert.equal(zlib.inflateSync(zipped).toString('utf8'), text);
  assert.equal(await compressor.brotli(sample.slice(), 5), null);
  assert.deepEqual(compressor.counts, { worker: 0, mainThread: 1 });
  compressor.terminate();
  assert.equal(zlib.inflateSync(await compressor.deflate('after terminate')).toString(), 'after terminate');
});
