// Runs the benchmarks against @sentry/browser and prints one markdown summary plus each
// benchmark's own table. Every figure is a ratio to @sentry/browser measured in the same run;
// nothing asserts a time. npm/dist is re-read and re-bundled on every run.
// Usage: node bench/run.mjs [--only size|capture|init|replay] [--json results.json] [--quiet]
// (replay, ~7 minutes, runs only when named: --only replay, or --only size,capture,init,replay)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, kb, ratio, table, parseArgs, isMain } from './common.mjs';
import { runBundleSize } from './bundle-size.mjs';
import { runCaptureThroughput } from './capture-throughput.mjs';
import { runInitCost } from './init-cost.mjs';
import { runReplayBench, replaySummaryRows } from './replay-bench.mjs';

const BENCHES = {
  size: (log) => runBundleSize({ log }),
  capture: (log) => runCaptureThroughput({ log }),
  init: (log) => runInitCost({ log }),
  replay: (log) => runReplayBench({ log }),
};
// Run when no --only is given; replay takes minutes, so it is asked for by name.
const DEFAULT_BENCHES = ['size', 'capture', 'init'];

/**
 * Runs the chosen benchmarks (all by default) one after the other.
 * @param {{ only?: string[], log?: (s: string) => void }} [options]
 * @returns {Promise<{ meta: object, results: object, markdown: string }>}
 */
export async function runAll({ only = DEFAULT_BENCHES, log = () => {} } = {}) {
  const started = Date.now();
  const results = {};
  const sections = [];
  for (const name of only) {
    if (!BENCHES[name]) throw new Error(`unknown benchmark "${name}" (${Object.keys(BENCHES).join(', ')})`);
    log(`running ${name}...`);
    const { data, markdown } = await BENCHES[name](log);
    results[name] = data;
    sections.push(markdown);
  }
  const meta = describeRun(started);
  const markdown = [
    `## Vigil vs @sentry/browser ${sentryVersion()} — ${meta.date}, commit ${meta.commit}`,
    '',
    table(['benchmark', 'Vigil', '@sentry/browser', 'Vigil / Sentry', 'goal'], summaryRows(results)),
    '',
    ...sections.flatMap((s) => [s, '']),
    `_${meta.seconds} s; Node ${process.version}; Chromium ${results.capture?.chromium ?? results.init?.chromium ?? results.replay?.chromium ?? '–'}; ${meta.cpus}; load average ${meta.load}._`,
  ].join('\n');
  return { meta, results, markdown };
}

function summaryRows(r) {
  const rows = [];
  if (r.size) {
    const { vigil, sentry, ratios } = r.size;
    rows.push(['bundle, brotli (Vigil JS + Wasm)', kb(vigil.total.brotli), kb(sentry.total.brotli), ratio(ratios.brotli), 'smaller is better']);
    rows.push(['bundle, gzip (Vigil JS + Wasm)', kb(vigil.total.gzip), kb(sentry.total.gzip), ratio(ratios.gzip), 'smaller is better']);
  }
  if (r.capture) {
    const s = r.capture.summary;
    const per = (id) => `${Math.round(s[id].perSecond)}/s`;
    rows.push(['captureException throughput', per('vigil'), per('sentry'), ratio(s.vigil.perSecond / s.sentry.perSecond), '≥ 2×']);
    rows.push(['… Sentry like for like', per('vigil'), per('sentry-like'), ratio(s.vigil.perSecond / s['sentry-like'].perSecond), '']);
    const cpu = (id) => `${((s[id].cpuMedianMs / r.capture.n) * 1000).toFixed(0)} µs`;
    rows.push(['CPU per capture (speed-up by CPU)', cpu('vigil'), cpu('sentry'), ratio(s.sentry.cpuSpeedup), '≥ 2×']);
  }
  if (r.init) {
    const { cost, summary, ratios } = r.init;
    const msf = (n) => `${n.toFixed(1)} ms`;
    rows.push(['init main-thread tasks (over baseline)', msf(cost.vigil.taskMs), msf(cost.sentry.taskMs), ratio(ratios.taskMs), 'smaller is better']);
    rows.push(['init main-thread CPU (over baseline)', msf(cost.vigil.cpuMs), msf(cost.sentry.cpuMs), ratio(ratios.cpuMs), 'smaller is better']);
    rows.push(['init() → ready', msf(summary.vigil.initToReadyMs), msf(summary.sentry.initToReadyMs), ratio(ratios.initToReadyMs), 'smaller is better']);
  }
  if (r.replay) rows.push(...replaySummaryRows(r.replay));
  return rows;
}

function describeRun(started) {
  const git = (...args) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const dirty = git('status', '--porcelain', '--untracked-files=no') ? '+changes' : '';
  const cpus = (() => {
    try {
      const info = readFileSync('/proc/cpuinfo', 'utf8');
      const model = /model name\s*:\s*(.*)/.exec(info)?.[1] ?? 'unknown CPU';
      return `${info.match(/^processor/gm)?.length ?? '?'}× ${model}`;
    } catch {
      return 'unknown CPU';
    }
  })();
  return {
    date: new Date(started).toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    commit: (git('rev-parse', '--short', 'HEAD') || 'unknown') + dirty,
    seconds: Math.round((Date.now() - started) / 1000),
    cpus,
    // Other work on the machine widens the spread between runs; worth knowing when reading them.
    load: os.loadavg().map((l) => l.toFixed(1)).join(' '),
  };
}

function sentryVersion() {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@sentry/browser/package.json'), 'utf8')).version;
  } catch {
    return '';
  }
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  const only = typeof args.only === 'string' ? args.only.split(',') : undefined;
  const log = args.quiet ? () => {} : (s) => console.error(s);
  const { meta, results, markdown } = await runAll({ only, log });
  console.log(markdown);
  if (typeof args.json === 'string') {
    writeFileSync(args.json, `${JSON.stringify({ meta, results }, null, 2)}\n`);
    log(`results written to ${args.json}`);
  }
}
