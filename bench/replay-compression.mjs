// Replay compression, zlib against brotli, to choose the default by numbers:
// 1. a realistic recording: Vigil records the replay benchmark's scripted page
//    (bench/pages/replay-workload.js, ~200 DOM changes/s) in headless Chromium for --seconds,
//    with compression off, so the receiver gets every segment's envelope as plain bytes;
// 2. each segment is then encoded both ways Vigil can send it, in Node (V8 and zlib, as in the
//    browser's worker): zlib = the recording item deflated by the worker's libdeflate.wasm at
//    level 9 (the default) or by CompressionStream('deflate') (its fallback, level 6), the
//    envelope around it plain (what segmentRequest sends); brotli qN = the whole
//    plain envelope through the worker's brotli.wasm (Content-Encoding: br). Bytes, and the
//    time per segment (median of --repeat runs), as the worker would spend it;
// 3. what brotli costs to fetch: brotli.wasm gzip -9 (and brotli q11), once per page load
//    without a warm HTTP cache; and the break-even: minutes of replay whose savings pay for it.
// Not a test: nothing here asserts a size or a time.
// Usage: node bench/replay-compression.mjs [--seconds 30] [--repeat 5] [--json FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync, brotliDecompressSync } from 'node:zlib';
import { launchBrowser, startStaticServer } from '../tests/browser/harness.js';
import { DIST, isMain, parseArgs, sizes, median, kb, ms, ratio, table } from './common.mjs';

const QUALITIES = [0, 1, 2, 3, 4, 5, 6, 7, 9, 11];

// The page: the SDK unbundled from npm/dist, the replay benchmark's app and workload.
const PAGE_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>replay compression bench</title>
<link rel="icon" href="data:,"></head><body><script type="module">
import * as Vigil from '/npm/dist/browser/index.js';
import { installReplayBench, until } from '/bench/pages/replay-page.js';
installReplayBench({
  name: 'vigil',
  async start({ dsn }) {
    Vigil.init({ dsn, replaysSessionSampleRate: 1, integrations: [Vigil.replayIntegration({ compression: 'none' })] });
    await Vigil.getClient().ready;
    await until(() => Vigil.getReplay()?.getReplayId());
  },
  async flush() {
    await Vigil.getReplay()?.flush();
    await Vigil.flush(5000);
  },
});
window.benchReady = true;
</script></body></html>`;

/** Records the scripted page; resolves with every replay envelope body as sent (plain). */
async function recordSession(seconds) {
  const bodies = [];
  const server = await startStaticServer({
    routes: {
      '/bench-replay-compression.html': (req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE_HTML);
      },
      '/api/1/envelope/': (req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          if (body.includes('"type":"replay_recording"')) bodies.push(body);
          res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end('{}');
        });
      },
    },
  });
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/bench-replay-compression.html`);
    await page.waitForFunction(() => window.benchReady === true);
    await page.evaluate(() => window.bench.start('session'));
    await page.evaluate((s) => window.bench.run(s), seconds);
    await page.evaluate(() => window.bench.flush());
    return bodies;
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The parts of a plain segment envelope: header, replay_event, segment id, events JSON. */
function splitSegment(body) {
  const lineEnd = (from) => body.indexOf(10, from);
  const header = JSON.parse(body.subarray(0, lineEnd(0)).toString());
  let at = lineEnd(0) + 1;
  const items = [];
  while (at < body.length) {
    const end = lineEnd(at);
    if (end < 0) break;
    const itemHeader = JSON.parse(body.subarray(at, end).toString());
    items.push([itemHeader, body.subarray(end + 1, end + 1 + itemHeader.length)]);
    at = end + 1 + itemHeader.length + 1;
  }
  const [[, replayEvent], [, recording]] = items;
  const split = recording.indexOf(10);
  return {
    header,
    replayEvent: JSON.parse(replayEvent.toString()),
    segmentId: JSON.parse(recording.subarray(0, split).toString()).segment_id,
    json: new Uint8Array(recording.subarray(split + 1)),
  };
}

async function timed(repeat, fn) {
  const times = [];
  let out;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    out = await fn();
    times.push(performance.now() - t0);
  }
  return { out, ms: median(times) };
}

export async function runCompressionBench({ seconds = 30, repeat = 5 } = {}) {
  // The modules the package ships: the worker's own encoders, the page's envelope framing.
  const { deflateBytes } = await import(path.join(DIST, 'worker/deflate.js'));
  const { loadBrotli } = await import(path.join(DIST, 'worker/brotli-wasm.js'));
  const { loadLibdeflate } = await import(path.join(DIST, 'worker/libdeflate-wasm.js'));
  const libdeflateBytes = readFileSync(path.join(DIST, 'worker/libdeflate.wasm'));
  const libdeflate = await loadLibdeflate(libdeflateBytes);
  const { segmentFramer } = await import(path.join(DIST, 'replay/replay-envelope.js'));
  const wasmBytes = readFileSync(path.join(DIST, 'worker/brotli.wasm'));
  const workerJs = ['compression-worker.js', 'message-table.js', 'deflate.js', 'brotli-wasm.js', 'libdeflate-wasm.js']
    .map((f) => readFileSync(path.join(DIST, 'worker', f)));
  const brotli = await loadBrotli(wasmBytes);
  // The worker's brotli.wasm memory after one segment of each size at a quality (a fresh
  // instance per quality: linear memory only grows).
  const memoryAt = async (q, list) => {
    const fresh = await loadBrotli(wasmBytes);
    for (const body of list) fresh.compress(body, q);
    return fresh.memoryBytes();
  };

  const bodies = await recordSession(seconds);
  const segments = [];
  for (const body of bodies) {
    const { header, replayEvent, segmentId, json } = splitSegment(body);
    if (json[0] === 0x78) throw new Error('expected a plain recording (compression: none)');
    const frame = segmentFramer({ replayEvent, segmentId, sdk: header.sdk, dsn: header.dsn });
    const zlib = await timed(repeat, async () => frame(await deflateBytes(json)));
    const check = splitSegment(Buffer.from(zlib.out.buffer, zlib.out.byteOffset, zlib.out.byteLength));
    if (check.json[0] !== 0x78 || !inflateSync(check.json).equals(Buffer.from(json))) throw new Error('zlib round trip failed');
    const ld = await timed(repeat, async () => frame(libdeflate.compress(json)));
    const ldCheck = splitSegment(Buffer.from(ld.out.buffer, ld.out.byteOffset, ld.out.byteLength));
    if (!inflateSync(ldCheck.json).equals(Buffer.from(json))) throw new Error('libdeflate round trip failed');
    const row = { segmentId, plain: body.length, eventsJson: json.length, zlib: { bytes: zlib.out.length, ms: zlib.ms },
      libdeflate: { bytes: ld.out.length, ms: ld.ms }, brotli: {} };
    for (const q of QUALITIES) {
      const br = await timed(repeat, () => brotli.compress(body, q));
      if (!brotliDecompressSync(br.out).equals(body)) throw new Error(`brotli q${q} round trip failed`);
      row.brotli[q] = { bytes: br.out.length, ms: br.ms };
    }
    segments.push(row);
  }
  const memory = {};
  for (const q of QUALITIES) memory[q] = await memoryAt(q, bodies);
  const sum = (pick) => segments.reduce((s, x) => s + pick(x), 0);
  const perMinute = (bytes) => (bytes * 60) / seconds;
  const zlibTotal = sum((x) => x.zlib.bytes);
  const wasm = sizes(wasmBytes);
  const worker = sizes(Buffer.concat(workerJs));
  return {
    seconds,
    repeat,
    segments,
    totals: {
      plain: sum((x) => x.plain),
      zlib: zlibTotal,
      zlibMsPerSegment: median(segments.map((x) => x.zlib.ms)),
      zlibMsMax: Math.max(...segments.map((x) => x.zlib.ms)),
      libdeflate: sum((x) => x.libdeflate.bytes),
      libdeflateMsPerSegment: median(segments.map((x) => x.libdeflate.ms)),
      libdeflateMsMax: Math.max(...segments.map((x) => x.libdeflate.ms)),
      libdeflateMemory: libdeflate.memoryBytes(),
      brotli: Object.fromEntries(QUALITIES.map((q) => [q, {
        bytes: sum((x) => x.brotli[q].bytes),
        msPerSegment: median(segments.map((x) => x.brotli[q].ms)),
        msMax: Math.max(...segments.map((x) => x.brotli[q].ms)),
        memory: memory[q],
      }])),
    },
    perMinute: {
      plain: perMinute(sum((x) => x.plain)),
      zlib: perMinute(zlibTotal),
      libdeflate: perMinute(sum((x) => x.libdeflate.bytes)),
      brotli: Object.fromEntries(QUALITIES.map((q) => [q, perMinute(sum((x) => x.brotli[q].bytes))])),
    },
    download: { brotliWasm: wasm, libdeflateWasm: sizes(libdeflateBytes), workerJs: worker },
    load: (await import('node:os')).loadavg()[0],
  };
}

export function renderCompressionBench(d) {
  const zl = d.perMinute.zlib;
  const dl = d.download.brotliWasm.gzip;
  const rows = [
    ['plain (none)', kb(d.perMinute.plain), ratio(d.perMinute.plain / zl), '–', '–', '–', '–'],
    ['zlib (CompressionStream, level 6)', kb(zl), ratio(1), ms(d.totals.zlibMsPerSegment), ms(d.totals.zlibMsMax), '–', '–'],
    ['zlib (libdeflate.wasm, level 9)', kb(d.perMinute.libdeflate), ratio(d.perMinute.libdeflate / zl), ms(d.totals.libdeflateMsPerSegment),
      ms(d.totals.libdeflateMsMax), `${(d.totals.libdeflateMemory / 1048576).toFixed(1)} MB`,
      `${(d.download.libdeflateWasm.gzip / (zl - d.perMinute.libdeflate)).toFixed(1)} min`],
  ];
  for (const q of Object.keys(d.perMinute.brotli)) {
    const per = d.perMinute.brotli[q];
    const saved = zl - per;
    rows.push([`brotli q${q} (whole envelope)`, kb(per), ratio(per / zl), ms(d.totals.brotli[q].msPerSegment),
      ms(d.totals.brotli[q].msMax), `${(d.totals.brotli[q].memory / 1048576).toFixed(1)} MB`,
      saved > 0 ? `${(dl / saved).toFixed(1)} min` : 'never']);
  }
  return [
    `**Replay compression: ${d.segments.length} segments of ${d.seconds} s of the scripted page ` +
      `(~200 DOM changes/s), bytes per replay minute as sent** (time: median of ${d.repeat} runs per segment, Node ${process.version})`,
    '',
    table(['encoding', 'bytes / replay min', 'vs zlib', 'time / segment (median)', 'slowest segment', 'Wasm memory', 'break-even vs its download'], rows),
    '',
    `libdeflate.wasm: ${kb(d.download.libdeflateWasm.raw)} raw, ${kb(d.download.libdeflateWasm.gzip)} gzip -9 (its break-even is against CompressionStream). ` +
      `brotli.wasm: ${kb(d.download.brotliWasm.raw)} raw, ${kb(d.download.brotliWasm.gzip)} gzip -9, ${kb(d.download.brotliWasm.brotli)} brotli q11 ` +
      `(fetched by the worker only when compression is 'brotli'); the worker's JS: ${kb(d.download.workerJs.gzip)} gzip. ` +
      `Break-even: replay minutes in one page load whose bytes saved over zlib equal the gzip download. Load average ${d.load.toFixed(1)}.`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  const d = await runCompressionBench({ seconds: Number(args.seconds ?? 30), repeat: Number(args.repeat ?? 5) });
  if (args.json) writeFileSync(args.json, JSON.stringify(d, null, 2));
  console.log(renderCompressionBench(d));
}
