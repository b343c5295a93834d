// Session Replay against @sentry/browser's replayIntegration, in one run, on the same scripted
// page (bench/pages/replay-workload.js: ~200 DOM changes/s of text, attributes, adds, removes,
// moves, inputs and scrolls, plus mouse moves; deterministic), in headless Chromium:
// 1. main-thread time while recording (session mode, sample rate 1): CDP Performance.getMetrics
//    ThreadTime (the main thread's CPU), TaskDuration (wall time of its tasks, which on a busy
//    machine also counts time spent waiting for a core) and ScriptDuration over the scripted
//    changes and the final flush, minus the same page without any SDK in the same round; and,
//    steadier than those differences (the page's own rendering varies more from run to run than
//    the SDKs cost), the time a CDP sampling profile of the same window attributes to SDK code:
//    samples with a frame from a file the SDK's page loads and the no-SDK page does not; and
//    from a trace, main-thread tasks other than rendering frames over the no-SDK page (a busier
//    main thread gets fewer frames, which flatters the busier SDK in whole task time).
// 2. the longest main-thread task on a 100,000-element page, from init() until the first
//    segment (the full snapshot) reached the receiver: long tasks from a PerformanceObserver
//    started before any SDK code; also the task time, heap and bytes of that first segment.
// 3. bytes uploaded per replay minute: the request bodies of every replay envelope as sent
//    (compressed), from init() to the last flush, over the time from init() to the end of the
//    changes.
// 4. memory held in buffer mode (replaysOnErrorSampleRate 1, session rate 0) after the scripted
//    changes ran for --buffer-seconds (55 s: both SDKs still hold everything since their start;
//    Sentry clears its buffer at each 60 s checkout, Vigil's ring drops windows older than a
//    minute): the JS heap after a forced GC, less the heap before init, less what the no-SDK
//    page grew by, plus the heap of Sentry's compression worker (CDP, per worker), plus the
//    SDK's whole Wasm linear memory (a pessimistic upper bound: pages only grow, and Vigil's
//    module is loaded by init). A lower figure counts, instead of the Wasm memory, the events
//    waiting in the encoder and the allocation of its buffer-mode ring (not the node mirror).
//    The three pages run side by side for this one (memory does not depend on speed).
// 5. bundle size: the errors-only app of bench/bundle-size.mjs plus replayIntegration, every
//    chunk (the replay flavour's names are loaded at start) plus for Vigil vigil-replay.wasm, which the
//    client loads instead of vigil.wasm; gzip -9 and brotli q11. The files each page really
//    fetched are listed beside it.
// Every replay recording that arrives is decompressed and read, so the numbers only count a
// replay that really holds the session. A ratio, not a test: nothing here asserts a time.
// Usage: node bench/replay-bench.mjs [--runs 3] [--seconds 20] [--buffer-seconds 55]
//        [--nodes 100000] [--only main,big,buffer,size] [--profile] [--json out.json]
//        [--heap-snapshots DIR]  (buffer mode: each page's heap before init and at the end)
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import {
  ROOT, DIST, PAGES, bundleAgainstDist, benchFiles, startBenchServer, launchBrowser, sizes, addSizes,
  median, kb, ratio, table, isMain, parseArgs,
} from './common.mjs';

const SDKS = ['vigil', 'sentry'];
const VARIANTS = ['none', ...SDKS];
const REPLAY_WASM = 'vigil-replay.wasm';
// Vigil's compression worker (npm/dist/worker/), where the package has one: bundled as an app's
// bundler would emit it, served where the page looks for it (beside /bench/gen/js/).
const WORKER_ENTRY = 'worker/compression-worker.js';
const BROTLI_WASM = 'worker/brotli.wasm';
// The worker's zlib (libdeflate), fetched with the first segment it compresses: counted.
const LIBDEFLATE_WASM = 'worker/libdeflate.wasm';
export const GOALS = { mainThread: 0.5, bytes: 0.6, bufferMemory: 0.3, bundle: 0.8 };

// ---- page sources (written to a temporary directory so esbuild resolves them as an app's) ----

const VIGIL_ENTRY = `
import * as SDK from ${JSON.stringify(path.join(DIST, 'browser/index.js'))};
import { loadCore } from ${JSON.stringify(path.join(DIST, 'core/load-core.js'))};
import { installReplayBench, until } from ${JSON.stringify(path.join(PAGES, 'replay-page.js'))};
let encoder;
installReplayBench({
  name: 'vigil',
  async start({ dsn, mode }) {
    SDK.init({
      dsn, release: 'shop@1.4.2',
      replaysSessionSampleRate: mode === 'session' ? 1 : 0,
      replaysOnErrorSampleRate: mode === 'buffer' ? 1 : 0,
      integrations: [SDK.replayIntegration()],
    });
    if (mode !== 'session' || new URLSearchParams(location.search).has('nodes')) {
      // The same core instance the client loads: note the encoder so the page can ask it
      // what it holds (one more call per batch; not while main-thread time is measured).
      loadCore({ replay: true }).then((core) => {
        const proto = core.ReplayEncoder.prototype;
        const consume = proto.consumeBytes;
        proto.consumeBytes = function consumeBytes(bytes) { encoder = this; return consume.call(this, bytes); };
      });
    }
    await SDK.getClient().ready;
    await until(() => SDK.getReplay()?.getReplayId());
  },
  async flush() {
    await SDK.getReplay()?.flush();
    await SDK.flush(5000);
  },
  inspect() {
    if (!encoder) return {};
    // Every size-like accessor the encoder has (names differ as it changes), none that takes.
    const out = {};
    for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(encoder))) {
      if (/^(take|consume)/.test(name) || !/(Bytes|Size|Count|Events)$/.test(name)) continue;
      if (typeof encoder[name] === 'function' && encoder[name].length === 0) {
        try { out[name] = Number(encoder[name]()); } catch { /* not a plain getter */ }
      }
    }
    // The buffer-mode ring's own account (used and allocated bytes), where the encoder has one.
    let ring;
    if (typeof encoder.bufferInfo === 'function') {
      try { ring = { ...encoder.bufferInfo() }; } catch { /* none */ }
    }
    return { encoder: out, ring };
  },
});
`;

const SENTRY_ENTRY = `
import * as Sentry from '@sentry/browser';
import { installReplayBench, until } from ${JSON.stringify(path.join(PAGES, 'replay-page.js'))};
installReplayBench({
  name: 'sentry',
  async start({ dsn, mode }) {
    Sentry.init({
      dsn, release: 'shop@1.4.2',
      replaysSessionSampleRate: mode === 'session' ? 1 : 0,
      replaysOnErrorSampleRate: mode === 'buffer' ? 1 : 0,
      integrations: [Sentry.replayIntegration()],
    });
    await until(() => Sentry.getReplay()?.getRecordingMode() === mode);
  },
  async flush() {
    await Sentry.getReplay()?.flush();
    await Sentry.flush(5000);
  },
});
`;

const NONE_ENTRY = `
import { installReplayBench } from ${JSON.stringify(path.join(PAGES, 'replay-page.js'))};
installReplayBench({ name: 'none', async start() {}, async flush() {} });
`;

// The errors-only app of bench/bundle-size.mjs with Session Replay added.
const APP_REPLAY = (sdk) => `${sdk === 'vigil'
  ? `import { init, setTag, captureException, replayIntegration } from ${JSON.stringify(path.join(DIST, 'browser/index.js'))};`
  : "import { init, setTag, captureException, replayIntegration } from '@sentry/browser';"}
init({
  dsn: 'https://public@o0.ingest.example.com/1', release: 'shop@1.4.2',
  replaysSessionSampleRate: 0.1, replaysOnErrorSampleRate: 1, integrations: [replayIntegration()],
});
setTag('page', 'checkout');
function pay(cart) {
  if (!cart.items.length) throw new Error('empty cart');
  return cart.items.reduce((sum, item) => sum + item.price, 0);
}
document.querySelector('#pay')?.addEventListener('click', () => {
  try {
    document.querySelector('#total').textContent = String(pay({ items: [] }));
  } catch (error) {
    captureException(error);
  }
});
`;

// Started before any SDK code: long tasks, and every Wasm memory an instance imports or exports.
const PROBE = `<script>
window.__probe = { longTasks: [], memories: [] };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__probe.longTasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });
(() => {
  const memories = window.__probe.memories;
  const note = (m) => { if (m instanceof WebAssembly.Memory && !memories.includes(m)) memories.push(m); };
  const scan = (obj) => {
    for (const v of Object.values(obj ?? {})) {
      note(v);
      if (v && typeof v === 'object' && !(v instanceof WebAssembly.Memory)) Object.values(v).forEach(note);
    }
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = function (source, imports, ...rest) {
      scan(imports);
      return original.call(this, source, imports, ...rest).then((r) => { scan((r.instance ?? r).exports); return r; });
    };
  }
  window.__probe.wasm = () => ({ wasmMemoryBytes: memories.reduce((sum, m) => sum + m.buffer.byteLength, 0) });
})();
</script>`;

const PAGE_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>replay bench</title>
<link rel="icon" href="data:,">${PROBE}</head><body><script type="module">
const sdk = new URLSearchParams(location.search).get('sdk');
// Relative: the same page is served beside the profiling build (/bench/gen/named/).
await import('./js/replay-' + (['vigil', 'sentry'].includes(sdk) ? sdk : 'none') + '.js');
</script></body></html>`;

function writeEntries() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-replay-bench-'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const sources = {
    'replay-vigil': VIGIL_ENTRY, 'replay-sentry': SENTRY_ENTRY, 'replay-none': NONE_ENTRY,
    'app-replay-vigil': APP_REPLAY('vigil'), 'app-replay-sentry': APP_REPLAY('sentry'),
  };
  const entries = {};
  for (const [name, source] of Object.entries(sources)) {
    entries[name] = path.join(dir, `${name}.js`);
    writeFileSync(entries[name], source);
  }
  if (existsSync(path.join(DIST, WORKER_ENTRY))) entries['compression-worker'] = path.join(DIST, WORKER_ENTRY);
  return { dir, entries };
}

// ---- the receiver: every envelope request, by project (one project per page) --------------

function createIntake() {
  const byProject = new Map();
  const routes = {};
  for (let project = 1; project <= 200; project++) {
    routes[`/api/${project}/envelope/`] = (req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        // Counted as sent; read after undoing any content-encoding of the whole body.
        const body = Buffer.concat(chunks);
        const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
        const decode = { br: brotliDecompressSync, gzip: gunzipSync, deflate: inflateSync }[encoding];
        const list = byProject.get(project) ?? [];
        list.push({ at: Date.now(), ...readEnvelope(decode ? decode(body) : body), bytes: body.length, encoding });
        byProject.set(project, list);
        res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
        res.end('{}');
      });
    };
  }
  let next = 0;
  return {
    routes,
    project: () => (next++ % 200) + 1,
    replays: (project) => (byProject.get(project) ?? []).filter((e) => e.recording),
    reset: (project) => byProject.delete(project),
  };
}

// Splits an envelope into items (by their length, else by newline) and reads a replay recording:
// `{"segment_id":N}\n` then rrweb events as JSON, zlib-compressed or not.
function readEnvelope(body) {
  const out = { bytes: body.length, types: [] };
  let at = body.indexOf(10) + 1;
  while (at > 0 && at < body.length) {
    const end = body.indexOf(10, at);
    if (end < 0) break;
    const header = JSON.parse(body.subarray(at, end).toString('utf8'));
    at = end + 1;
    const length = Number.isInteger(header.length) ? header.length : ((body.indexOf(10, at) + 1) || body.length + 1) - 1 - at;
    const payload = body.subarray(at, at + length);
    at += length + 1;
    out.types.push(header.type);
    if (header.type !== 'replay_recording') continue;
    const split = payload.indexOf(10);
    const data = payload.subarray(split + 1);
    const compressed = data[0] === 0x78;
    const json = compressed ? inflateSync(data) : data;
    const events = JSON.parse(json.toString('utf8'));
    out.recording = {
      segmentId: JSON.parse(payload.subarray(0, split).toString('utf8')).segment_id,
      compressed, jsonBytes: json.length, events: events.length,
      fullSnapshots: events.filter((e) => e.type === 2).length,
      incremental: events.filter((e) => e.type === 3).length,
      sources: [...new Set(events.filter((e) => e.type === 3).map((e) => e.data.source))].sort((a, b) => a - b),
    };
  }
  return out;
}

function replayTotals(envelopes) {
  const t = { envelopes: envelopes.length, bytes: 0, jsonBytes: 0, events: 0, fullSnapshots: 0, incremental: 0, sources: new Set() };
  t.encodings = [...new Set(envelopes.map((e) => [e.encoding || 'identity', e.recording.compressed ? 'zlib recording' : 'plain recording'].join(' + ')))];
  for (const e of envelopes) {
    t.bytes += e.bytes;
    t.jsonBytes += e.recording.jsonBytes;
    t.events += e.recording.events;
    t.fullSnapshots += e.recording.fullSnapshots;
    t.incremental += e.recording.incremental;
    e.recording.sources.forEach((s) => t.sources.add(s));
  }
  t.sources = [...t.sources].sort((a, b) => a - b);
  return t;
}

// ---- browser helpers -----------------------------------------------------------------------

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const get = (name) => list.find((m) => m.name === name)?.value ?? 0;
  return { taskMs: get('TaskDuration') * 1000, scriptMs: get('ScriptDuration') * 1000, cpuMs: get('ThreadTime') * 1000 };
}

const diff = (a, b) => Object.fromEntries(Object.keys(a).map((k) => [k, b[k] - a[k]]));

async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/**
 * Dedicated workers of a page, reached through CDP target auto-attach (not flattened, so this
 * session's messages go through Target.sendMessageToTarget); heapUsed() forces a GC in each and
 * sums their heaps.
 */
async function watchWorkers(cdp) {
  const sessions = new Set();
  const waiting = new Map();
  let id = 0;
  cdp.on('Target.attachedToTarget', (e) => { if (e.targetInfo.type === 'worker') sessions.add(e.sessionId); });
  cdp.on('Target.detachedFromTarget', (e) => sessions.delete(e.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const message = JSON.parse(e.message);
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const call = (sessionId, method, params = {}) => new Promise((resolve, reject) => {
    const mid = ++id;
    const timer = setTimeout(() => { waiting.delete(mid); reject(new Error(`${method}: no answer from a worker`)); }, 10_000);
    waiting.set(mid, (m) => { clearTimeout(timer); if (m.error) reject(new Error(m.error.message)); else resolve(m.result); });
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: mid, method, params }) }).catch(reject);
  });
  return {
    count: () => sessions.size,
    async heapUsed() {
      let total = 0;
      for (const sessionId of sessions) {
        await call(sessionId, 'HeapProfiler.collectGarbage');
        total += (await call(sessionId, 'Runtime.getHeapUsage')).usedSize;
      }
      return total;
    },
  };
}

async function openPage(browser, url, sdk, query, { workers = false, dir = '/bench/gen/' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const errors = [];
  const fetched = new Set();
  page.on('pageerror', (e) => errors.push(e.message));
  // A file the page asked for and did not get (a worker or Wasm the bench does not serve)
  // would quietly change what is measured.
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.url()} answered ${r.status()}`); });
  page.on('crash', () => errors.push('the page crashed'));
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    if (p.startsWith(dir) && !p.endsWith('/replay.html')) fetched.add(p.slice(dir.length));
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const watcher = workers ? await watchWorkers(cdp) : null;
  const params = new URLSearchParams({ sdk, ...query });
  await page.goto(`${url}${dir}replay.html?${params}`);
  await page.waitForFunction(() => window.bench, null, { timeout: 60_000 });
  const check = () => { if (errors.length) throw new Error(`${sdk}: page errors: ${errors.join('; ')}`); };
  return { context, page, cdp, watcher, fetched, check, close: () => context.close() };
}

// Waits until the project's replay envelopes stop coming (the last flush's request landed).
async function settled(intake, project, { min = 1, quietMs = 400, timeoutMs = 15_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = intake.replays(project);
    const last = list.at(-1)?.at ?? 0;
    if (list.length >= min && Date.now() - last >= quietMs) return list;
    if (Date.now() > deadline) throw new Error(`project ${project}: ${list.length} replay envelopes, expected ${min}+`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// ---- measurements --------------------------------------------------------------------------

// Sampled main-thread time spent in SDK code: each sample whose stack holds a frame from a file
// the SDK's page loads and the no-SDK page does not (its bundle chunks, its Wasm), including
// what that code calls (DOM reads, natives); GC and idle samples belong to no one.
function sdkSampledMs(profile, isSdkUrl) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const memo = new Map();
  const inSdk = (id) => {
    if (memo.has(id)) return memo.get(id);
    const chain = [];
    let answer = false;
    for (let at = id; at !== undefined; at = parent.get(at)) {
      if (memo.has(at)) { answer = memo.get(at); break; }
      chain.push(at);
      const url = byId.get(at).callFrame.url;
      if (url && isSdkUrl(url)) { answer = true; break; }
    }
    for (const c of chain) memo.set(c, answer);
    return answer;
  };
  let us = 0;
  profile.samples.forEach((id, i) => { if (inSdk(id)) us += profile.timeDeltas[i + 1] ?? 0; });
  return us / 1000;
}

// Main-thread task time from a trace, split into rendering frames (BeginMainFrame: style,
// layout, paint) and every other task (timers, observers, events, worker messages). A busier
// main thread gets fewer frames, so whole task time over the no-SDK page flatters the SDK that
// does more; the tasks other than frames compare what the SDKs add.
function traceTasks(trace) {
  const names = new Map();
  for (const e of trace.traceEvents) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name);
  let framesMs = 0;
  let otherMs = 0;
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask') continue;
    if (names.get(`${e.pid}:${e.tid}`) !== 'CrRendererMain') continue;
    if (e.args?.src_func === 'ScheduledActionSendBeginMainFrame') framesMs += e.dur / 1000;
    else otherMs += e.dur / 1000;
  }
  return { framesMs, otherTaskMs: otherMs };
}

async function measureSession(browser, url, intake, sdk, seconds, workloadFiles) {
  const project = intake.project();
  const p = await openPage(browser, url, sdk, { project });
  try {
    await p.page.evaluate(() => window.bench.settle());
    const started = await p.page.evaluate(() => window.bench.start('session'));
    await p.cdp.send('Profiler.enable');
    await p.cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await p.cdp.send('Profiler.start');
    await browser.startTracing(p.page, { categories: ['toplevel'] });
    const before = await metrics(p.cdp);
    const work = await p.page.evaluate((s) => window.bench.run(s), seconds);
    // The replay's length: from init() to the end of the changes (the flush that follows may
    // wait for an SDK's minimum replay duration).
    const endedAt = await p.page.evaluate(() => performance.now());
    await p.page.evaluate(() => window.bench.flush());
    const envelopes = sdk === 'none' ? [] : await settled(intake, project);
    const cost = diff(before, await metrics(p.cdp));
    Object.assign(cost, traceTasks(JSON.parse((await browser.stopTracing()).toString('utf8'))));
    const { profile } = await p.cdp.send('Profiler.stop');
    const isSdkUrl = (u) => u.includes('/bench/gen/') && !workloadFiles.has(u.slice(u.lastIndexOf('/') + 1).split('?')[0]);
    cost.sdkMs = sdkSampledMs(profile, isSdkUrl);
    const longTasks = await p.page.evaluate((since) => window.bench.longTasks(since), started.recordingAt);
    const workers = p.page.workers().length;
    const { wasmMemoryBytes } = await p.page.evaluate(() => window.bench.inspect());
    p.check();
    const replay = replayTotals(envelopes);
    if (sdk !== 'none' && (replay.fullSnapshots < 1 || replay.incremental < work.ticks)) {
      throw new Error(`${sdk}: the replay holds ${replay.fullSnapshots} full snapshots and ${replay.incremental} incremental events for ${work.ticks} ticks`);
    }
    return {
      ...cost, work, replay, workers, wasmMemoryBytes, recordedMs: endedAt - started.initAt,
      longestTaskMs: Math.max(0, ...longTasks.map((t) => t.duration)), fetched: [...p.fetched].sort(),
    };
  } finally {
    await p.close();
  }
}

// Self time per function from a CDP sampling profile: where a long stretch of work goes.
function topFunctions(profile, count = 12) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const total = profile.timeDeltas.reduce((a, b) => a + b, 0);
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const file = f.url ? f.url.slice(f.url.lastIndexOf('/') + 1) : '';
    const key = `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
}

async function measureBigPage(browser, url, intake, sdk, nodes, { profile = false } = {}) {
  const project = intake.project();
  const p = await openPage(browser, url, sdk, { project, nodes }, { dir: profile ? '/bench/gen/named/' : '/bench/gen/' });
  try {
    await p.page.evaluate(() => window.bench.settle());  // the page's own layout and paint
    const elements = await p.page.evaluate(() => window.bench.elements);
    const heapBefore = await heapAfterGc(p.cdp);
    if (profile) {
      await p.cdp.send('Profiler.enable');
      await p.cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await p.cdp.send('Profiler.start');
    }
    const before = await metrics(p.cdp);
    const started = await p.page.evaluate(() => window.bench.start('session'));
    const [first] = await settled(intake, project, { quietMs: 0, timeoutMs: 30_000 });
    const top = profile ? topFunctions((await p.cdp.send('Profiler.stop')).profile) : undefined;
    const firstAt = await p.page.evaluate(() => performance.now());
    const cost = diff(before, await metrics(p.cdp));
    const heapMb = (await heapAfterGc(p.cdp) - heapBefore) / 1024 / 1024;
    const inspect = await p.page.evaluate(() => window.bench.inspect());
    const wasmMb = (inspect.wasmMemoryBytes ?? 0) / 1024 / 1024;
    const longTasks = await p.page.evaluate((since) => window.bench.longTasks(since), started.initAt);
    p.check();
    if (first.recording.fullSnapshots < 1) throw new Error(`${sdk}: the first segment has no full snapshot`);
    return {
      elements, ...cost, heapMb, wasmMb, untilSentMs: firstAt - started.initAt,
      longestTaskMs: Math.max(0, ...longTasks.map((t) => t.duration)), longTasks: longTasks.length,
      firstSegmentBytes: first.bytes, firstSegmentJsonBytes: first.recording.jsonBytes,
      mirrorNodes: inspect.encoder?.mirrorSize ?? NaN,
      ...(top ? { top } : {}),
    };
  } finally {
    await p.close();
  }
}

async function measureBuffer(browser, url, intake, sdk, seconds, snapshotDir) {
  const project = intake.project();
  const p = await openPage(browser, url, sdk, { project }, { workers: true });
  try {
    const heapBefore = await heapAfterGc(p.cdp);
    if (snapshotDir) await writeHeapSnapshot(p.cdp, path.join(snapshotDir, `${sdk}-before.heapsnapshot`));
    await p.page.evaluate(() => window.bench.start('buffer'));
    const work = await p.page.evaluate((s) => window.bench.run(s), seconds);
    await p.page.waitForTimeout(1000);  // batches and worker messages still in flight land
    const heapAfter = await heapAfterGc(p.cdp);
    const workerHeap = await p.watcher.heapUsed();
    const inspect = await p.page.evaluate(() => window.bench.inspect());
    if (snapshotDir) await writeHeapSnapshot(p.cdp, path.join(snapshotDir, `${sdk}-after.heapsnapshot`));
    p.check();
    const sent = intake.replays(project).length;
    if (sent) throw new Error(`${sdk}: sent ${sent} replay envelopes in buffer mode without an error`);
    return { work, heapDelta: heapAfter - heapBefore, heapAfter, workerHeap, workers: p.watcher.count(), ...inspect };
  } finally {
    await p.close();
  }
}

// A V8 heap snapshot of the page (for --heap-snapshots: what the heap growth is made of, read
// with DevTools' comparison view or bench/heap-diff.mjs).
async function writeHeapSnapshot(cdp, file) {
  const parts = [];
  const onChunk = (e) => parts.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  writeFileSync(file, parts.join(''));
}

// The page, its bundles and Wasm under `dir`, and Vigil's worker where its chunk looks for it.
function pageFiles(bundles, wasm, wasms, dir) {
  const files = {};
  for (const [urlPath, file] of Object.entries(benchFiles(bundles, wasm, wasms))) {
    files[dir + urlPath.slice('/bench/gen/'.length)] = file;
  }
  files[`${dir}replay.html`] = { body: PAGE_HTML, type: 'text/html; charset=utf-8' };
  const worker = bundles['compression-worker'];
  if (worker) {
    const js = 'text/javascript; charset=utf-8';
    files[`${dir}${WORKER_ENTRY}`] = { body: worker.entry, type: js };
    for (const b of Object.values(bundles)) {
      for (const chunk of b.chunks) files[`${dir}worker/${path.basename(chunk.path)}`] = { body: chunk.bytes, type: js };
    }
  }
  return files;
}

function measureBundles(bundles, replayWasm, brotliWasm, brotliFetched, libdeflateWasm) {
  const measure = (b) => {
    const eager = addSizes(sizes(b.entry), ...b.chunks.filter((c) => !c.lazy).map((c) => sizes(c.bytes)));
    const lazy = addSizes(...b.chunks.filter((c) => c.lazy).map((c) => sizes(c.bytes)));
    return { eager, lazy, js: addSizes(eager, lazy), chunks: b.chunks.length };
  };
  const sentry = measure(bundles['app-replay-sentry']);
  const vigil = measure(bundles['app-replay-vigil']);
  vigil.wasm = sizes(replayWasm);
  // The worker starts with the first segment a sampled session sends: counted. Its brotli.wasm
  // is fetched only when brotli is used; counted only if the recording run fetched it.
  if (bundles['compression-worker']) vigil.worker = measure(bundles['compression-worker']).js;
  if (brotliWasm) vigil.brotliWasm = sizes(brotliWasm);
  if (libdeflateWasm) vigil.libdeflateWasm = sizes(libdeflateWasm);
  vigil.brotliCounted = Boolean(brotliWasm && brotliFetched);
  sentry.total = sentry.js;
  vigil.total = addSizes(vigil.js, vigil.wasm, ...(vigil.worker ? [vigil.worker] : []),
    ...(vigil.libdeflateWasm ? [vigil.libdeflateWasm] : []),
    ...(vigil.brotliCounted ? [vigil.brotliWasm] : []));
  return {
    sentry, vigil,
    ratios: { raw: vigil.total.raw / sentry.total.raw, gzip: vigil.total.gzip / sentry.total.gzip, brotli: vigil.total.brotli / sentry.total.brotli },
  };
}

/**
 * @param {{ runs?: number, seconds?: number, bufferSeconds?: number, nodes?: number,
 *   only?: string[], log?: (s: string) => void }} [options]
 * @returns {Promise<{ data: object, markdown: string }>}
 */
export async function runReplayBench({
  runs = 3, seconds = 20, bufferSeconds = 55, nodes = 100_000, only = ['main', 'big', 'buffer', 'size'], profile = false,
  heapSnapshots = null, log = () => {},
} = {}) {
  const { dir, entries } = writeEntries();
  const wasmFiles = [REPLAY_WASM, ...[BROTLI_WASM, LIBDEFLATE_WASM].filter((f) => existsSync(path.join(DIST, f)))];
  let built;
  let named = null;
  try {
    built = await bundleAgainstDist(entries, { splitting: true, wasmFiles });
    // Profiles read better with names: the pages once more, identifiers kept (served apart).
    if (profile) named = (await bundleAgainstDist(entries, { splitting: true, wasmFiles, keepNames: true })).bundles;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const { bundles, wasm, wasms } = built;
  const data = { runs, seconds, bufferSeconds, nodes };

  const needsBrowser = only.some((o) => o !== 'size');
  if (needsBrowser) {
    const intake = createIntake();
    const files = pageFiles(bundles, wasm, wasms, '/bench/gen/');
    if (named) Object.assign(files, pageFiles(named, wasm, wasms, '/bench/gen/named/'));
    const server = await startBenchServer(files, intake.routes);
    const browser = await launchBrowser();
    data.chromium = browser.version();
    try {
      if (only.includes('main')) {
        // The scripted page's own files: what the no-SDK page loads.
        const none = bundles['replay-none'];
        const workloadFiles = new Set(['replay-none.js', ...none.chunks.map((c) => path.basename(c.path))]);
        const samples = Object.fromEntries(VARIANTS.map((v) => [v, []]));
        for (let run = 0; run < runs; run++) {
          for (let i = 0; i < VARIANTS.length; i++) {
            const sdk = VARIANTS[(i + run) % VARIANTS.length];
            samples[sdk].push(await measureSession(browser, server.url, intake, sdk, seconds, workloadFiles));
          }
          log(`replay main run ${run + 1}/${runs}: task ms ${VARIANTS.map((v) => `${v} ${samples[v].at(-1).taskMs.toFixed(0)}`).join(', ')}`);
        }
        data.main = summariseMain(samples);
      }
      if (only.includes('big')) {
        const samples = { vigil: [], sentry: [] };
        for (let run = 0; run < runs; run++) {
          for (let i = 0; i < SDKS.length; i++) {
            const sdk = SDKS[(i + run) % SDKS.length];
            samples[sdk].push(await measureBigPage(browser, server.url, intake, sdk, nodes, { profile }));
          }
          log(`replay big page run ${run + 1}/${runs}: longest task ${SDKS.map((s) => `${s} ${samples[s].at(-1).longestTaskMs.toFixed(0)} ms`).join(', ')}`);
        }
        data.big = Object.fromEntries(SDKS.map((s) => [s, medianOf(samples[s])]));
        // A profile slows what it watches: its run's times are not comparable, so it is a third
        // run after the measured ones, shown apart.
        if (profile) {
          data.profile = {};
          for (const sdk of SDKS) data.profile[sdk] = (await measureBigPage(browser, server.url, intake, sdk, nodes, { profile: true })).top;
        }
        data.big.ratio = data.big.vigil.longestTaskMs / data.big.sentry.longestTaskMs;
      }
      if (only.includes('buffer')) {
        log(`replay buffer mode: ${bufferSeconds} s, the three pages side by side...`);
        const results = await Promise.all(VARIANTS.map((sdk) => measureBuffer(browser, server.url, intake, sdk, bufferSeconds, heapSnapshots)));
        const by = Object.fromEntries(VARIANTS.map((v, i) => [v, results[i]]));
        // JS heaps (page and workers) over the no-SDK page; the headline adds the SDK's whole Wasm
        // linear memory (Vigil's module is only loaded by init, so all of it is the SDK's; an
        // upper bound, as pages only grow); the lower figure counts what the encoder says it holds.
        const js = (sdk) => by[sdk].heapDelta - by.none.heapDelta + by[sdk].workerHeap - by.none.workerHeap;
        // Events waiting in the encoder plus the ring's allocation (what it holds, used or not).
        const encoderBytes = (sdk) => (by[sdk].encoder?.pendingBytes ?? 0) + (by[sdk].ring?.capacityBytes ?? 0);
        const held = {}, heldJs = {}, heldLow = {};
        for (const sdk of SDKS) {
          heldJs[sdk] = js(sdk);
          held[sdk] = js(sdk) + (by[sdk].wasmMemoryBytes ?? 0);
          heldLow[sdk] = js(sdk) + encoderBytes(sdk);
        }
        data.buffer = { ...by, held, heldJs, heldLow };
        data.buffer.ratio = held.vigil / held.sentry;
        data.buffer.ratioLow = heldLow.vigil / heldLow.sentry;
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }
  data.size = measureBundles(bundles, wasms[REPLAY_WASM], wasms[BROTLI_WASM],
    data.main?.vigil.fetched.includes(BROTLI_WASM), wasms[LIBDEFLATE_WASM]);
  return { data, markdown: render(data, only) };
}

function medianOf(list) {
  const out = {};
  for (const key of Object.keys(list[0])) {
    if (typeof list[0][key] === 'number') out[key] = median(list.map((x) => x[key]));
  }
  return out;
}

function summariseMain(samples) {
  const over = (sdk, key) => median(samples[sdk].map((s, i) => s[key] - samples.none[i][key]));
  const out = {};
  for (const sdk of SDKS) {
    const s = samples[sdk];
    out[sdk] = {
      taskMs: over(sdk, 'taskMs'), scriptMs: over(sdk, 'scriptMs'), cpuMs: over(sdk, 'cpuMs'),
      sdkMs: median(s.map((x) => x.sdkMs)),
      otherTaskMs: over(sdk, 'otherTaskMs'), framesMs: median(s.map((x) => x.framesMs)),
      longestTaskMs: median(s.map((x) => x.longestTaskMs)),
      bytes: median(s.map((x) => x.replay.bytes)),
      jsonBytes: median(s.map((x) => x.replay.jsonBytes)),
      bytesPerMinute: median(s.map((x) => (x.replay.bytes / x.recordedMs) * 60_000)),
      recordedMs: median(s.map((x) => x.recordedMs)),
      envelopes: median(s.map((x) => x.replay.envelopes)),
      events: median(s.map((x) => x.replay.events)),
      sources: s[0].replay.sources,
      fetched: s[0].fetched,
      workers: Math.max(...s.map((x) => x.workers)),
      wasmMemoryBytes: median(s.map((x) => x.wasmMemoryBytes ?? 0)),
      encodings: [...new Set(s.flatMap((x) => x.replay.encodings))],
    };
  }
  out.none = {
    taskMs: median(samples.none.map((x) => x.taskMs)), scriptMs: median(samples.none.map((x) => x.scriptMs)),
    sdkMs: median(samples.none.map((x) => x.sdkMs)), work: samples.none[0].work,
    otherTaskMs: median(samples.none.map((x) => x.otherTaskMs)), framesMs: median(samples.none.map((x) => x.framesMs)),
  };
  // Within a round the three pages run back to back, so a per-round ratio cancels some of a busy
  // machine's slow spells; its median and range are shown beside the ratio of medians.
  const perRound = (key) => samples.vigil.map((v, i) => (v[key] - samples.none[i][key]) / (samples.sentry[i][key] - samples.none[i][key]));
  out.perRound = { taskMs: perRound('taskMs'), cpuMs: perRound('cpuMs'), otherTaskMs: perRound('otherTaskMs') };
  out.ratios = {
    sdkMs: out.vigil.sdkMs / out.sentry.sdkMs,
    otherTaskMs: out.vigil.otherTaskMs / out.sentry.otherTaskMs,
    taskMs: out.vigil.taskMs / out.sentry.taskMs,
    scriptMs: out.vigil.scriptMs / out.sentry.scriptMs,
    cpuMs: out.vigil.cpuMs / out.sentry.cpuMs,
    bytesPerMinute: out.vigil.bytesPerMinute / out.sentry.bytesPerMinute,
  };
  return out;
}

const msf = (n) => `${n.toFixed(0)} ms`;
const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;
const met = (value, goal) => (Number.isFinite(value) ? (value <= goal ? `≤ ${goal}× ✓` : `≤ ${goal}× ✗`) : `≤ ${goal}×`);

/** Summary rows (benchmark, Vigil, Sentry, ratio, goal) for bench/run.mjs. */
export function replaySummaryRows(d) {
  const rows = [];
  if (d.main) {
    rows.push(['replay: main-thread time in SDK code while recording (sampled)', msf(d.main.vigil.sdkMs), msf(d.main.sentry.sdkMs), ratio(d.main.ratios.sdkMs), met(d.main.ratios.sdkMs, GOALS.mainThread)]);
    rows.push(['replay: main-thread tasks other than frames while recording (trace, over no SDK)', msf(d.main.vigil.otherTaskMs), msf(d.main.sentry.otherTaskMs), ratio(d.main.ratios.otherTaskMs), met(d.main.ratios.otherTaskMs, GOALS.mainThread)]);
    rows.push(['replay: main-thread CPU while recording (over no SDK)', msf(d.main.vigil.cpuMs), msf(d.main.sentry.cpuMs), ratio(d.main.ratios.cpuMs), met(d.main.ratios.cpuMs, GOALS.mainThread)]);
    rows.push(['replay: main-thread task time while recording (over no SDK)', msf(d.main.vigil.taskMs), msf(d.main.sentry.taskMs), ratio(d.main.ratios.taskMs), met(d.main.ratios.taskMs, GOALS.mainThread)]);
  }
  if (d.big) rows.push([`replay: longest task, ${Math.round(d.nodes / 1000)}k-element page to first segment`, msf(d.big.vigil.longestTaskMs), msf(d.big.sentry.longestTaskMs), ratio(d.big.ratio), 'smaller is better']);
  if (d.main) rows.push(['replay: bytes uploaded per replay minute', kb(d.main.vigil.bytesPerMinute), kb(d.main.sentry.bytesPerMinute), ratio(d.main.ratios.bytesPerMinute), met(d.main.ratios.bytesPerMinute, GOALS.bytes)]);
  if (d.buffer) rows.push([`replay: memory held in buffer mode (${d.bufferSeconds} s)`, mb(d.buffer.held.vigil), mb(d.buffer.held.sentry), ratio(d.buffer.ratio), met(d.buffer.ratio, GOALS.bufferMemory)]);
  if (d.size) {
    rows.push(['replay: app bundle, gzip (Vigil JS + Wasm)', kb(d.size.vigil.total.gzip), kb(d.size.sentry.total.gzip), ratio(d.size.ratios.gzip), met(d.size.ratios.gzip, GOALS.bundle)]);
    rows.push(['replay: app bundle, brotli (Vigil JS + Wasm)', kb(d.size.vigil.total.brotli), kb(d.size.sentry.total.brotli), ratio(d.size.ratios.brotli), met(d.size.ratios.brotli, GOALS.bundle)]);
  }
  return rows;
}

function render(d, only) {
  const out = ['### Session Replay vs @sentry/browser replayIntegration', ''];
  out.push(table(['', 'Vigil', '@sentry/browser', 'Vigil / Sentry', 'goal'], replaySummaryRows(d)), '');
  if (d.main) {
    const m = d.main;
    const w = m.none.work;
    out.push(`**Recording (session mode), ${d.seconds} s of scripted changes** (${w.changes} DOM changes and ${w.moves} mouse moves in ${w.ticks} ticks; median of ${d.runs} rounds, each SDK minus the no-SDK page of its round; no-SDK page: ${msf(m.none.taskMs)} tasks (${msf(m.none.framesMs)} of them rendering frames), ${msf(m.none.scriptMs)} script, ${msf(m.none.sdkMs)} attributed to SDK files, which it has none of)`, '');
    const row = (label, key, f) => [label, f(m.vigil[key]), f(m.sentry[key]), m.ratios[key] !== undefined ? ratio(m.ratios[key]) : ratio(m.vigil[key] / m.sentry[key])];
    out.push(table(['', 'Vigil', '@sentry/browser', 'Vigil / Sentry'], [
      row('main-thread time in SDK code (sampled profile, attributed)', 'sdkMs', msf),
      row('main-thread tasks other than rendering frames (trace)', 'otherTaskMs', msf),
      row('… rendering frames (trace; not over no SDK, which had it too)', 'framesMs', msf),
      row('main-thread task time (CDP TaskDuration)', 'taskMs', msf),
      row('script time (CDP ScriptDuration)', 'scriptMs', msf),
      row('main-thread CPU (CDP ThreadTime)', 'cpuMs', msf),
      ...['otherTaskMs', 'taskMs', 'cpuMs'].map((key) => [`… per-round ratio of ${{ otherTaskMs: 'tasks other than frames', taskMs: 'task time', cpuMs: 'CPU' }[key]}: median (range)`, '', '',
        `${ratio(median(m.perRound[key]))} (${ratio(Math.min(...m.perRound[key]))}–${ratio(Math.max(...m.perRound[key]))})`]),
      row('longest task while recording', 'longestTaskMs', msf),
      row('replay bytes sent (compressed, whole run)', 'bytes', kb),
      row('… as JSON before compression', 'jsonBytes', kb),
      row('bytes per replay minute', 'bytesPerMinute', kb),
      ['segments / rrweb events', `${m.vigil.envelopes} / ${m.vigil.events}`, `${m.sentry.envelopes} / ${m.sentry.events}`, ''],
      ['incremental sources seen', m.vigil.sources.join(','), m.sentry.sources.join(','), ''],
      ['body encoding + recording', m.vigil.encodings.join('; '), m.sentry.encodings.join('; '), ''],
      ['workers running', String(m.vigil.workers), String(m.sentry.workers), ''],
      ['Wasm linear memory at the end', mb(m.vigil.wasmMemoryBytes), mb(m.sentry.wasmMemoryBytes), ''],
    ]), '');
    out.push(`Files fetched — Vigil: ${m.vigil.fetched.join(', ')}; Sentry: ${m.sentry.fetched.join(', ')}.`, '');
  }
  if (d.big) {
    const b = d.big;
    out.push(`**${b.vigil.elements} elements: init() until the first segment reached the receiver** (median of ${d.runs})`, '');
    const row = (label, key, f) => [label, f(b.vigil[key]), f(b.sentry[key]), ratio(b.vigil[key] / b.sentry[key])];
    out.push(table(['', 'Vigil', '@sentry/browser', 'Vigil / Sentry'], [
      row('longest task (PerformanceObserver longtask)', 'longestTaskMs', msf),
      row('long tasks (≥ 50 ms)', 'longTasks', (n) => String(n)),
      row('main-thread task time (CDP TaskDuration)', 'taskMs', msf),
      row('script time', 'scriptMs', msf),
      row('JS heap after, over before init (after GC)', 'heapMb', (n) => `${n.toFixed(1)} MB`),
      row('Wasm linear memory', 'wasmMb', (n) => `${n.toFixed(1)} MB`),
      row('nodes in the encoder\'s mirror', 'mirrorNodes', (n) => (Number.isFinite(n) ? String(n) : '–')),
      row('first segment sent (compressed)', 'firstSegmentBytes', kb),
      row('… as JSON', 'firstSegmentJsonBytes', kb),
      row('init() → first segment at the receiver', 'untilSentMs', msf),
    ]), '');
  }
  if (d.profile) {
    out.push(`**Where the big page's work goes** (an extra profiled run per SDK, self time per function from init() to the first segment; --profile)`, '');
    for (const sdk of SDKS) {
      out.push(table([`${sdk}: function`, 'self time', 'share'], d.profile[sdk].map((f) => [`\`${f.name}\``, msf(f.ms), `${(f.share * 100).toFixed(0)} %`])), '');
    }
  }
  if (d.buffer) {
    const b = d.buffer;
    const enc = b.vigil.encoder ?? {};
    out.push(`**Buffer mode after ${d.bufferSeconds} s of changes** (nothing sent; JS heap after a forced GC; the three pages side by side)`, '');
    out.push(table(['', 'Vigil', '@sentry/browser', 'no SDK'], [
      ['page JS heap, after − before init', mb(b.vigil.heapDelta), mb(b.sentry.heapDelta), mb(b.none.heapDelta)],
      ['worker JS heap (workers)', `${mb(b.vigil.workerHeap)} (${b.vigil.workers})`, `${mb(b.sentry.workerHeap)} (${b.sentry.workers})`, `${mb(b.none.workerHeap)} (${b.none.workers})`],
      ['JS heaps (page + workers) over the no-SDK page', mb(b.heldJs.vigil), mb(b.heldJs.sentry), ''],
      ['Wasm linear memory (whole, an upper bound)', mb(b.vigil.wasmMemoryBytes ?? 0), mb(b.sentry.wasmMemoryBytes ?? 0), ''],
      ['encoder accounts (Vigil)', Object.entries(enc).map(([k, v]) => `${k} ${k.endsWith('Bytes') ? kb(v) : v}`).join(', ') || '–', '', ''],
      // A packing ring says what its batches would take unpacked (rawBytes) beside what it stores.
      ['ring (Vigil): stored (packed) / batches unpacked / allocated; windows, batches, chunks', b.vigil.ring
        ? `${kb(b.vigil.ring.usedBytes)} / ${b.vigil.ring.rawBytes !== undefined ? kb(b.vigil.ring.rawBytes) : '–'} / ${kb(b.vigil.ring.capacityBytes)}; ${b.vigil.ring.windows}, ${b.vigil.ring.batches ?? b.vigil.ring.events}, ${b.vigil.ring.chunks ?? '–'}`
        : 'no ring', '', ''],
      [`**held: JS heaps + Wasm memory** (${ratio(b.ratio)})`, mb(b.held.vigil), mb(b.held.sentry), ''],
      [`held, lower figure: JS heaps + encoder's pending bytes + ring allocation (${ratio(b.ratioLow)})`, mb(b.heldLow.vigil), mb(b.heldLow.sentry), ''],
    ]), '');
  }
  if (only.includes('size') && d.size) {
    const s = d.size;
    const row = (label, x) => [label, kb(x.raw), kb(x.gzip), kb(x.brotli)];
    out.push('**Bundle: the errors-only app plus replayIntegration** (esbuild, minified ESM, every chunk)', '');
    out.push(table(['', 'raw', 'gzip -9', 'brotli q11'], [
      row('@sentry/browser JS (= total)', s.sentry.total),
      row(`Vigil JS (${s.vigil.chunks + 1} files)`, s.vigil.js),
      row(`Vigil ${REPLAY_WASM}`, s.vigil.wasm),
      ...(s.vigil.worker ? [row(`Vigil ${WORKER_ENTRY} (bundled)`, s.vigil.worker)] : []),
      ...(s.vigil.libdeflateWasm ? [row(`Vigil ${LIBDEFLATE_WASM} (the worker's zlib)`, s.vigil.libdeflateWasm)] : []),
      ...(s.vigil.brotliWasm ? [row(`Vigil ${BROTLI_WASM} (${s.vigil.brotliCounted ? 'fetched in the recording run, in total' : 'fetched only when brotli is used, not in total'})`, s.vigil.brotliWasm)] : []),
      row('**Vigil total**', s.vigil.total),
      ['**Vigil / Sentry**', ratio(s.ratios.raw), ratio(s.ratios.gzip), ratio(s.ratios.brotli)],
    ]), '');
  }
  return out.join('\n');
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  const { markdown, data } = await runReplayBench({
    runs: Number(args.runs ?? 3), seconds: Number(args.seconds ?? 20), bufferSeconds: Number(args['buffer-seconds'] ?? 55),
    nodes: Number(args.nodes ?? 100_000), profile: Boolean(args.profile),
    heapSnapshots: typeof args['heap-snapshots'] === 'string' ? args['heap-snapshots'] : null,
    only: typeof args.only === 'string' ? args.only.split(',') : undefined,
    log: (s) => console.error(s),
  });
  console.log(markdown);
  if (typeof args.json === 'string') writeFileSync(args.json, `${JSON.stringify(data, null, 2)}\n`);
}
