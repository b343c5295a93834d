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
import { createCompressor } from '../../js-bindings/replay/compressor.js';

const WASM = path.join(ROOT, 'npm/dist/worker/brotli.wasm');
const sample = new TextEncoder().encode(JSON.stringify(
  Array.from({ length: 300 }, (_, i) => ({ type: 3, timestamp: 1700000000000 + i * 16, data: { source: 0, id: i, text: `row ${i % 9}` } })),
));

let server;
let wasmRequests = 0;
let failNext = 0;
let wasmUrl;

before(async () => {
  const wasm = await readFile(WASM); // built by scripts/build.sh
  server = http.createServer((req, res) => {
    wasmRequests += 1;
    if (failNext > 0) {
      failNext -= 1;
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/wasm' }).end(wasm);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  wasmUrl = `http://127.0.0.1:${server.address().port}/brotli.wasm`;
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
