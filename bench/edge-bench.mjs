// Vigil's edge entry against @sentry/cloudflare in real workerd (miniflare 4), same run, same
// tiny worker: cold start, per-request overhead and bundle size. Ratios are reported, nothing is
// asserted. CPU is read from the workerd process (/proc/<pid>/task/*/schedstat, nanoseconds):
// inside a worker the clocks stand still while code runs, so the worker cannot time itself.
// Usage: node bench/edge-bench.mjs [--runs 7] [--requests 2000] [--rounds 3] [--json out.json]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Miniflare } from 'miniflare';
import { startReceiver } from '../npm/receiver/server.js';
import { bundleWorker, ROOT } from './edge-workers.mjs';

const VARIANTS = ['none', 'vigil', 'sentry'];
// @sentry/cloudflare needs AsyncLocalStorage; both SDKs get the same flag.
const FLAGS = ['nodejs_als'];
const WARMUP = 200;

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[i + 1]?.startsWith('--') === false ? argv[++i] : argv[++i] ?? true;
  }
  return out;
}

// --- the workerd process -------------------------------------------------------------------

function childWorkerdPids() {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && comm.startsWith('workerd')) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** CPU nanoseconds used so far by every thread of the process. */
function cpuNs(pid) {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // thread ended
    }
  }
  return total;
}

function rssKb(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]);
}

async function startInstance(bundle, dsn) {
  const before = new Set(childWorkerdPids());
  const wallStart = performance.now();
  const mf = new Miniflare({
    modulesRoot: bundle.dir,
    modules: bundle.modules,
    compatibilityDate: '2025-06-01',
    compatibilityFlags: FLAGS,
    bindings: { DSN: dsn },
    cf: false,
  });
  await mf.ready;
  const readyMs = performance.now() - wallStart;
  const pid = childWorkerdPids().find((p) => !before.has(p));
  if (!pid) throw new Error('could not find the workerd process');
  return { mf, pid, readyMs };
}

async function request(mf, i) {
  const response = await mf.dispatchFetch(`http://bench.test/item/${i % 97}?q=${i}`);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
}

async function loop(mf, n) {
  const response = await mf.dispatchFetch(`http://bench.test/__loop?n=${n}`);
  if ((await response.text()) !== 'done') throw new Error(`loop failed: HTTP ${response.status}`);
}

// --- measurements --------------------------------------------------------------------------

/** Module load + SDK init + first request, in a fresh workerd. */
async function coldSample(bundle, dsn) {
  const { mf, pid, readyMs } = await startInstance(bundle, dsn);
  try {
    const cpuReady = cpuNs(pid);
    const t = performance.now();
    await request(mf, 0);
    const firstMs = performance.now() - t;
    const cpuFirst = cpuNs(pid);
    return { readyMs, firstMs, startupCpuMs: cpuReady / 1e6, firstCpuMs: (cpuFirst - cpuReady) / 1e6 };
  } finally {
    await mf.dispose();
  }
}

/**
 * `runs` cold starts of every variant, taken in turn (none, vigil, sentry, none, ...) so that
 * drift on the machine hits all of them alike: the SDKs' share is a few ms of a ~40 ms process
 * start, and blocks of runs one variant after another let that drift into the differences.
 */
async function coldStarts(bundles, dsn, runs) {
  const samples = Object.fromEntries(Object.keys(bundles).map((v) => [v, []]));
  for (let r = 0; r < runs; r++) {
    for (const [v, bundle] of Object.entries(bundles)) samples[v].push(await coldSample(bundle, dsn));
  }
  return Object.fromEntries(Object.entries(samples).map(([v, list]) => [v, summarizeCold(list)]));
}

function summarizeCold(samples) {
  const pick = (key) => median(samples.map((s) => s[key]));
  return {
    readyMs: pick('readyMs'), firstMs: pick('firstMs'), startupCpuMs: pick('startupCpuMs'),
    firstCpuMs: pick('firstCpuMs'), totalCpuMs: median(samples.map((s) => s.startupCpuMs + s.firstCpuMs)),
  };
}

/** CPU and wall time of `n` sequential requests after a warm-up, plus memory afterwards. */
async function steadyState(bundle, dsn, n) {
  const { mf, pid } = await startInstance(bundle, dsn);
  try {
    for (let i = 0; i < WARMUP; i++) await request(mf, i);
    const rssBefore = rssKb(pid);
    const cpu0 = cpuNs(pid);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await request(mf, i);
    const wallMs = performance.now() - t0;
    const cpuMs = (cpuNs(pid) - cpu0) / 1e6;
    const rss = rssKb(pid);
    // The same number of invocations inside one request: no dispatch in between.
    await loop(mf, WARMUP);
    const cpu1 = cpuNs(pid);
    await loop(mf, n);
    const loopCpuMs = (cpuNs(pid) - cpu1) / 1e6;
    return { cpuMs, wallMs, loopCpuMs, rssKb: rss, rssGrowthKb: rss - rssBefore };
  } finally {
    await mf.dispose();
  }
}

function spread(values) {
  return [Math.min(...values), Math.max(...values)];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs every measurement.
 * @param {{ runs?: number, requests?: number, rounds?: number, log?: (s: string) => void }} [options]
 */
export async function runEdgeBench({ runs = 7, requests = 2000, rounds = 3, log = () => {} } = {}) {
  const receiver = await startReceiver();
  const dsn = receiver.dsn();
  try {
    const bundles = {};
    for (const v of VARIANTS) bundles[v] = await bundleWorker(v);

    log('cold start...');
    const cold = await coldStarts(bundles, dsn, runs);

    log(`per-request overhead (${rounds} rounds × ${requests} requests)...`);
    const steadyRuns = Object.fromEntries(VARIANTS.map((v) => [v, []]));
    // Rounds alternate the variants so drift on the machine hits all of them alike.
    for (let r = 0; r < rounds; r++) {
      for (const v of VARIANTS) steadyRuns[v].push(await steadyState(bundles[v], dsn, requests));
    }
    const steady = {};
    for (const v of VARIANTS) {
      const list = steadyRuns[v];
      steady[v] = {
        cpuUsPerRequest: median(list.map((s) => (s.cpuMs * 1000) / requests)),
        cpuUsPerRequestSpread: spread(list.map((s) => (s.cpuMs * 1000) / requests)),
        loopCpuUs: median(list.map((s) => (s.loopCpuMs * 1000) / requests)),
        wallUsPerRequest: median(list.map((s) => (s.wallMs * 1000) / requests)),
        rssMb: median(list.map((s) => s.rssKb)) / 1024,
        rssGrowthMb: median(list.map((s) => s.rssGrowthKb)) / 1024,
      };
    }
    const overhead = (v, key) => steady[v][key] - steady.none[key];
    const coldOver = (v, key) => cold[v][key] - cold.none[key];
    const data = {
      flags: FLAGS, runs, requests, rounds,
      size: Object.fromEntries(VARIANTS.map((v) => [v, { js: bundles[v].js, wasm: bundles[v].wasm }])),
      cold, steady,
      overhead: {
        vigil: { loopCpuUs: overhead('vigil', 'loopCpuUs'), cpuUs: overhead('vigil', 'cpuUsPerRequest'), wallUs: overhead('vigil', 'wallUsPerRequest'),
          coldCpuMs: coldOver('vigil', 'totalCpuMs'), coldFirstMs: coldOver('vigil', 'firstMs') },
        sentry: { loopCpuUs: overhead('sentry', 'loopCpuUs'), cpuUs: overhead('sentry', 'cpuUsPerRequest'), wallUs: overhead('sentry', 'wallUsPerRequest'),
          coldCpuMs: coldOver('sentry', 'totalCpuMs'), coldFirstMs: coldOver('sentry', 'firstMs') },
      },
    };
    return { data, markdown: report(data) };
  } finally {
    await receiver.close();
  }
}

function report(d) {
  const { size, cold, steady, overhead: o } = d;
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  const ms = (x) => `${x.toFixed(2)} ms`;
  const us = (x) => `${x.toFixed(0)} µs`;
  const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}×` : '–');
  const vw = size.vigil.wasm ?? { raw: 0, gzip: 0 };
  const rows = [
    ['bundle JS, raw', kb(size.vigil.js.raw), kb(size.sentry.js.raw), ratio(size.vigil.js.raw, size.sentry.js.raw)],
    ['bundle JS, gzip', kb(size.vigil.js.gzip), kb(size.sentry.js.gzip), ratio(size.vigil.js.gzip, size.sentry.js.gzip)],
    ['+ vigil.wasm raw / gzip', `${kb(vw.raw)} / ${kb(vw.gzip)}`, '–', ''],
    ['bundle JS + Wasm, gzip', kb(size.vigil.js.gzip + vw.gzip), kb(size.sentry.js.gzip), ratio(size.vigil.js.gzip + vw.gzip, size.sentry.js.gzip)],
    ['cold start: CPU to ready + first request, over no SDK', ms(o.vigil.coldCpuMs), ms(o.sentry.coldCpuMs), ratio(o.vigil.coldCpuMs, o.sentry.coldCpuMs)],
    ['cold start: first request wall, over no SDK', ms(o.vigil.coldFirstMs), ms(o.sentry.coldFirstMs), ratio(o.vigil.coldFirstMs, o.sentry.coldFirstMs)],
    ['per invocation: CPU over no SDK (in-isolate loop)', us(o.vigil.loopCpuUs), us(o.sentry.loopCpuUs), `${ratio(o.vigil.loopCpuUs, o.sentry.loopCpuUs)} (goal ≤ 0.5×)`],
    ['per request: workerd CPU over no SDK (dispatched, noisy)', us(o.vigil.cpuUs), us(o.sentry.cpuUs), ratio(o.vigil.cpuUs, o.sentry.cpuUs)],
    ['per request: wall over no SDK (dispatched, noisy)', us(o.vigil.wallUs), us(o.sentry.wallUs), ratio(o.vigil.wallUs, o.sentry.wallUs)],
    [`workerd RSS after ${d.requests} requests`, `${steady.vigil.rssMb.toFixed(1)} MB`, `${steady.sentry.rssMb.toFixed(1)} MB`, `no SDK ${steady.none.rssMb.toFixed(1)} MB`],
  ];
  const names = { none: 'no SDK', vigil: 'Vigil', sentry: '@sentry/cloudflare' };
  const raw = Object.entries(names).map(([v, name]) => [
    name, ms(cold[v].startupCpuMs), ms(cold[v].firstCpuMs), ms(cold[v].firstMs), us(steady[v].loopCpuUs),
    `${us(steady[v].cpuUsPerRequest)} (${steady[v].cpuUsPerRequestSpread.map((x) => x.toFixed(0)).join('–')})`,
    us(steady[v].wallUsPerRequest),
  ]);
  return [
    `## Edge: vigil-sdk/edge vs @sentry/cloudflare ${sentryVersion()} (workerd via miniflare, flags ${d.flags.join(', ')})`,
    '',
    table(['measure', 'Vigil', '@sentry/cloudflare', 'Vigil / Sentry'], rows),
    '',
    `Absolute figures (medians; cold start of ${d.runs} fresh workerd each, steady state of ${d.rounds} × ${d.requests} requests after ${WARMUP} warm-up):`,
    '',
    table(['worker', 'startup CPU', 'first request CPU', 'first request wall', 'CPU / invocation (loop)', 'CPU / dispatched request (range)', 'wall / request'], raw),
    '',
    'CPU is the whole workerd process (all threads), so dispatched requests include miniflare\'s own routing; the in-isolate loop calls the wrapped handler directly and is the figure to compare SDKs by.',
  ].join('\n');
}

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function sentryVersion() {
  try {
    return JSON.parse(readFileSync(`${ROOT}/node_modules/@sentry/cloudflare/package.json`, 'utf8')).version;
  } catch {
    return '?';
  }
}

if (import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const args = parseArgs(process.argv.slice(2));
  const { data, markdown } = await runEdgeBench({
    runs: Number(args.runs ?? 7), requests: Number(args.requests ?? 2000), rounds: Number(args.rounds ?? 3),
    log: (s) => process.stderr.write(`${s}\n`),
  });
  if (args.json) writeFileSync(args.json, `${JSON.stringify(data, null, 2)}\n`);
  process.stdout.write(`${markdown}\n`);
}
