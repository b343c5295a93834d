// Main-thread cost of starting each SDK: page load → init() → SDK ready (Vigil: the Wasm core
// fetched, compiled and started, `await getClient().ready`; Sentry: init() has returned). Each
// run is a fresh browser context; Chromium's own counters (CDP Performance.getMetrics:
// TaskDuration, ThreadTime, ScriptDuration) are read before the navigation and once the page
// says it is ready, and a PerformanceObserver in the page records long tasks. A baseline page
// (same shell, no SDK) is subtracted, round by round. Default options on both, each sending its start-up session to
// the bench server, which accepts envelopes and drops them. A ratio, not a test.
// Usage: node bench/init-cost.mjs [--runs 7]
import path from 'node:path';
import {
  PAGES, bundleAgainstDist, benchFiles, startBenchServer, launchBrowser, median, ratio, table,
  isMain, parseArgs,
} from './common.mjs';

const VARIANTS = [
  { id: 'baseline', label: 'baseline (no SDK)' },
  { id: 'sentry', label: '@sentry/browser' },
  { id: 'vigil', label: 'Vigil' },
];

/**
 * @param {{ runs?: number, log?: (s: string) => void }} [options]
 * @returns {Promise<{ data: object, markdown: string }>}
 */
export async function runInitCost({ runs = 7, log = () => {} } = {}) {
  const { bundles, wasm } = await bundleAgainstDist(Object.fromEntries(
    VARIANTS.map((v) => [`init-${v.id}`, path.join(PAGES, `init-${v.id}.js`)])));
  let envelopes = 0;
  const server = await startBenchServer(benchFiles(bundles, wasm), {
    '/api/1/envelope/': (req, res) => {
      req.resume();
      req.on('end', () => { envelopes++; res.writeHead(200, { 'content-type': 'application/json' }).end('{}'); });
    },
  });
  const browser = await launchBrowser();
  const chromium = browser.version();
  const samples = Object.fromEntries(VARIANTS.map((v) => [v.id, []]));
  try {
    for (let run = 0; run < runs; run++) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + run) % VARIANTS.length]);
      for (const variant of order) {
        const context = await browser.newContext();
        try {
          samples[variant.id].push(await measureOnce(context, server.url, variant));
        } finally {
          await context.close();
        }
      }
      log(`init run ${run + 1}/${runs} done`);
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const summary = {};
  for (const v of VARIANTS) {
    const list = samples[v.id];
    const pick = (f) => median(list.map(f));
    summary[v.id] = {
      taskMs: pick((s) => s.taskMs),
      scriptMs: pick((s) => s.scriptMs),
      cpuMs: pick((s) => s.cpuMs),
      longTaskMs: pick((s) => s.longTaskMs),
      longTasks: pick((s) => s.longTasks),
      initCallMs: pick((s) => s.tInit - s.t0),
      initToReadyMs: pick((s) => s.tReady - s.t0),
      readySinceNavigationMs: pick((s) => s.tReady),
    };
  }
  // What an SDK adds: per round, its page minus that round's baseline page, then the median.
  // Pairing by round cancels the machine's slower spells better than a difference of medians.
  const METRICS = ['taskMs', 'scriptMs', 'cpuMs'];
  const cost = Object.fromEntries(['sentry', 'vigil'].map((id) => [id, Object.fromEntries(METRICS.map((key) =>
    [key, median(samples[id].map((s, i) => s[key] - samples.baseline[i][key]))]))]));
  // CPU time is compared over the baseline; wall times as measured, since the baseline's
  // navigation time is noise of the same size as the difference.
  const over = (a, b) => (b > 0 && a >= 0 ? a / b : NaN);
  const ratios = {
    ...Object.fromEntries(METRICS.map((key) => [key, over(cost.vigil[key], cost.sentry[key])])),
    initToReadyMs: summary.vigil.initToReadyMs / summary.sentry.initToReadyMs,
    readySinceNavigationMs: summary.vigil.readySinceNavigationMs / summary.sentry.readySinceNavigationMs,
  };

  const f = (n) => n.toFixed(1);
  const withCost = (id, key) => `${f(summary[id][key])}${id === 'baseline' ? '' : ` (${cost[id][key] >= 0 ? '+' : ''}${f(cost[id][key])})`}`;
  const rows = VARIANTS.map((v) => {
    const s = summary[v.id];
    return [v.label, withCost(v.id, 'taskMs'), withCost(v.id, 'cpuMs'), withCost(v.id, 'scriptMs'),
      `${s.longTasks} / ${f(s.longTaskMs)}`, f(s.initCallMs), f(s.initToReadyMs), f(s.readySinceNavigationMs)];
  });
  rows.push(['**Vigil / Sentry**', ratio(ratios.taskMs), ratio(ratios.cpuMs), ratio(ratios.scriptMs), '',
    '', ratio(ratios.initToReadyMs), ratio(ratios.readySinceNavigationMs)]);
  const markdown = [
    `### Init main-thread cost (headless Chromium, fresh context per run, median of ${runs}; ms)`,
    '',
    table(['', 'main-thread tasks', 'main-thread CPU', 'script', 'long tasks (n / ms)', 'init() call', 'init() → ready',
      'ready since navigation'], rows),
    '',
    'From navigation until ready, CDP Performance.getMetrics: TaskDuration (main-thread tasks, wall',
    'time, so it grows when the machine is busy), ThreadTime (the main thread\'s CPU time, steadier)',
    'and ScriptDuration. "(+x)": the median over rounds of the page minus that round\'s baseline;',
    'the ratios of these three columns compare those costs, the wall-time ratios compare the times',
    'as measured. Vigil\'s ready includes fetching and instantiating vigil.wasm and starting the',
    'core; V8 compiles Wasm functions lazily on first call, on the main thread, from promise',
    'callbacks, which count in tasks but not in Chromium\'s script counter. Sentry is ready when',
    'init() returns.',
  ].join('\n');
  return { data: { chromium, runs, summary, cost, ratios, envelopesReceived: envelopes }, markdown };
}

async function measureOnce(context, origin, variant) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  // A same-origin blank page first, so both readings come from the renderer the SDK runs in.
  await page.goto(`${origin}/bench/pages/blank.html`);
  const before = metrics(await cdp.send('Performance.getMetrics'));
  await page.goto(`${origin}/bench/pages/init.html?sdk=${variant.id}`);
  const marks = await page.evaluate(() => window.__benchDone);
  const after = metrics(await cdp.send('Performance.getMetrics'));
  if (errors.length) throw new Error(`init ${variant.id}: page errors: ${errors.join('; ')}`);
  if (!marks.ok) throw new Error(`init ${variant.id}: the SDK did not start`);
  const longTasks = marks.longTasks ?? [];
  return {
    ...marks,
    taskMs: (after.TaskDuration - before.TaskDuration) * 1000,
    scriptMs: (after.ScriptDuration - before.ScriptDuration) * 1000,
    cpuMs: (after.ThreadTime - before.ThreadTime) * 1000,
    longTasks: longTasks.length,
    longTaskMs: longTasks.reduce((a, b) => a + b, 0),
  };
}

function metrics({ metrics: list }) {
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  const { markdown } = await runInitCost({ runs: Number(args.runs ?? 7), log: (s) => console.error(s) });
  console.log(markdown);
}
