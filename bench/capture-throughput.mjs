// Capture throughput in headless Chromium: captureException of a real thrown Error (15 frames
// deep) with a realistic scope (user, 5 tags, 2 contexts, 20 breadcrumbs, a 2 KB extra), timed
// from the first call until the transport has received every event. Both SDKs run their
// default integrations, no session tracking, and a transport that only counts. Each run opens
// a fresh page, warms up, then measures; the order of the SDKs rotates between runs and the
// median run is reported. A ratio, not a test: nothing here asserts a time.
// Usage: node bench/capture-throughput.mjs [--runs 5] [--n 2000] [--warmup 200]
import path from 'node:path';
import {
  PAGES, bundleAgainstDist, benchFiles, startBenchServer, launchBrowser, median, ratio, table,
  isMain, parseArgs,
} from './common.mjs';

const VARIANTS = [
  { id: 'vigil', label: 'Vigil', query: 'sdk=vigil' },
  { id: 'sentry', label: '@sentry/browser (defaults)', query: 'sdk=sentry' },
  { id: 'sentry-like', label: '@sentry/browser (like for like¹)', query: 'sdk=sentry&variant=like' },
];

/**
 * @param {{ runs?: number, n?: number, warmup?: number, log?: (s: string) => void }} [options]
 * @returns {Promise<{ data: object, markdown: string }>}
 */
export async function runCaptureThroughput({ runs = 5, n = 2000, warmup = 200, log = () => {} } = {}) {
  const { bundles, wasm } = await bundleAgainstDist({
    'capture-sentry': path.join(PAGES, 'capture-sentry.js'),
    'capture-vigil': path.join(PAGES, 'capture-vigil.js'),
  });
  const server = await startBenchServer(benchFiles(bundles, wasm));
  const browser = await launchBrowser();
  const chromium = browser.version();
  const results = Object.fromEntries(VARIANTS.map((v) => [v.id, []]));
  const shapes = {};
  try {
    for (let run = 0; run < runs; run++) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + run) % VARIANTS.length]);
      for (const variant of order) {
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          const errors = [];
          page.on('pageerror', (e) => errors.push(e.message));
          await page.goto(`${server.url}/bench/pages/capture.html?${variant.query}`);
          await page.waitForFunction(() => window.bench, null, { timeout: 15_000 });
          await page.evaluate(() => window.bench.ready);
          const warm = await page.evaluate((count) => window.bench.run(count), warmup);
          // The main thread's CPU time over the measured calls, beside the wall time: on a busy
          // machine the wall time also counts the time the page waited for a core.
          const cdp = await context.newCDPSession(page);
          await cdp.send('Performance.enable');
          const cpuBefore = await threadTime(cdp);
          const result = await page.evaluate((count) => window.bench.run(count), n);
          result.cpuMs = (await threadTime(cdp)) - cpuBefore;
          check(variant, warm, warmup, errors);
          check(variant, result, n, errors);
          results[variant.id].push(result);
          shapes[variant.id] ??= await page.evaluate(() => window.bench.inspect());
          log(`capture ${variant.id} run ${run + 1}: ${Math.round(n / (result.totalMs / 1000))}/s`);
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const summary = {};
  for (const v of VARIANTS) {
    const totals = results[v.id].map((r) => r.totalMs);
    const mid = median(totals);
    summary[v.id] = {
      medianMs: mid,
      perSecond: n / (mid / 1000),
      loopMedianMs: median(results[v.id].map((r) => r.loopMs)),
      cpuMedianMs: median(results[v.id].map((r) => r.cpuMs)),
      runsMs: totals.map((t) => Math.round(t * 10) / 10),
      event: shapes[v.id],
    };
  }
  // Runs are taken in rounds of all variants back to back, so a per-round ratio cancels the
  // machine's slower and faster spells; its median is the steadier figure on a busy machine.
  for (const v of VARIANTS) {
    if (v.id === 'vigil') continue;
    const paired = results[v.id].map((r, i) => r.totalMs / results.vigil[i].totalMs);
    summary[v.id].pairedSpeedup = median(paired);
    summary[v.id].pairedRange = [Math.min(...paired), Math.max(...paired)];
    summary[v.id].cpuSpeedup = summary[v.id].cpuMedianMs / summary.vigil.cpuMedianMs;
  }
  const vigil = summary.vigil.perSecond;
  const rows = VARIANTS.map((v) => {
    const s = summary[v.id];
    const rates = s.runsMs.map((t) => Math.round(n / (t / 1000)));
    return [v.label, `${Math.round(s.perSecond)} (${Math.min(...rates)}–${Math.max(...rates)})`, `${s.medianMs.toFixed(0)} ms (${s.loopMedianMs.toFixed(0)} ms in the calls)`,
      v.id === 'vigil' ? '–' : `${ratio(vigil / s.perSecond)} (per round ${ratio(s.pairedSpeedup)}, ${ratio(s.pairedRange[0])}–${ratio(s.pairedRange[1])})`,
      `${(s.cpuMedianMs / n * 1000).toFixed(0)} µs`, v.id === 'vigil' ? '–' : ratio(s.cpuSpeedup),
      `${s.event.frames} / ${s.event.breadcrumbs} / ${s.event.tags} / ${(s.event.bytes / 1024).toFixed(1)} KB`];
  });
  const markdown = [
    `### Capture throughput (headless Chromium, N=${n} after ${warmup} warm-up, median of ${runs})`,
    '',
    table(['SDK', 'captures/s (runs min–max)', `time for ${n}`, 'Vigil speed-up', 'CPU per capture', 'speed-up by CPU', 'event: frames / crumbs / tags / size'], rows),
    '',
    'Speed-up: Vigil\'s median rate over Sentry\'s; in brackets the median and range of the ratio',
    'within each round (all variants back to back). CPU per capture: the page\'s main-thread CPU',
    'time (CDP ThreadTime) over the measured calls, divided by N; steadier than wall time when',
    'other work shares the machine.',
    '',
    '¹ the transport serialises the envelope (as Sentry\'s fetch transport does; Vigil\'s core always',
    'does), and Sentry\'s own "sentry.event" breadcrumb per sent event is off, so both SDKs send the',
    'same 20 breadcrumbs. The goal is Vigil ≥ 2× @sentry/browser (defaults).',
  ].join('\n');
  return { data: { chromium, n, warmup, runs, summary }, markdown };
}

async function threadTime(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ThreadTime').value * 1000;
}

// The numbers only mean something if every capture reached the transport, once.
function check(variant, result, n, errors) {
  if (errors.length) throw new Error(`${variant.id}: page errors: ${errors.join('; ')}`);
  if (result.timedOut || result.events !== n) {
    throw new Error(`${variant.id}: ${result.events} of ${n} events reached the transport${result.timedOut ? ' (timed out)' : ''}`);
  }
  if (result.other !== 0) throw new Error(`${variant.id}: the transport got ${result.other} non-event envelopes`);
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  const { markdown } = await runCaptureThroughput({
    runs: Number(args.runs ?? 5), n: Number(args.n ?? 2000), warmup: Number(args.warmup ?? 200),
    log: (s) => console.error(s),
  });
  console.log(markdown);
}
