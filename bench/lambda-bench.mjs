// Vigil's Lambda entry against @sentry/aws-serverless (a pinned dev dependency), measured in
// the same run; ratios, not assertions. Each figure comes from fresh Node processes
// (bench/lambda-child.mjs), the order of the SDKs rotating, with a local receiver as the
// ingest endpoint for both:
// - cold start: `import` + `init()` in a fresh process, and the first invocation after it
//   (median of 7 processes per SDK);
// - per-invocation overhead: N=2,000 successful invocations of a trivial async handler,
//   after 1,000 warm-up ones, wrapped vs. unwrapped, µs per invocation (median of 3
//   processes); and 200 failing invocations, which capture, send and flush before answering
//   (the round trip to the receiver included).
//
//   node bench/lambda-bench.mjs [--runs 7] [--invoke-runs 3] [--n 2000] [--errors 200]
//                               [--warmup 1000] [--json out.json]
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReceiver } from '../npm/receiver/server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHILD = path.join(ROOT, 'bench/lambda-child.mjs');
const SDKS = ['none', 'vigil', 'sentry'];

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean)
  .map((part) => part.trim().split(/\s+/)).map(([k, v]) => [k, v ?? true]));
const runs = Number(args.runs ?? 7);
const invokeRuns = Number(args['invoke-runs'] ?? 3);
const n = Number(args.n ?? 2000);
const nErrors = Number(args.errors ?? 200);
const warmup = Number(args.warmup ?? 1000);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}×` : '-');

// Asynchronous on purpose: the receiver lives in this process and must keep answering.
function child(mode, sdk, dsn) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CHILD, mode, sdk, dsn, String(n), String(nErrors), String(warmup)], {
      cwd: ROOT, encoding: 'utf8', timeout: 600_000, maxBuffer: 16 * 2 ** 20,
    }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${mode} ${sdk} failed: ${error.message}\n${stderr}`));
        return;
      }
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
    });
  });
}

function version(name) {
  try {
    return JSON.parse(execFileSync(process.execPath, ['-p',
      `JSON.stringify(require('${name}/package.json').version)`], { cwd: ROOT, encoding: 'utf8' }));
  } catch {
    return '?';
  }
}

const receiver = await startReceiver();
const dsn = receiver.dsn();
const results = { node: process.version, sentry: version('@sentry/aws-serverless'), cold: {}, invoke: {} };
try {
  for (const sdk of SDKS) results.cold[sdk] = [];
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < SDKS.length; i++) {
      const sdk = SDKS[(i + r) % SDKS.length];
      results.cold[sdk].push(await child('cold', sdk, dsn));
    }
  }
  for (const sdk of SDKS) results.invoke[sdk] = [];
  for (let r = 0; r < invokeRuns; r++) {
    for (let i = 0; i < SDKS.length; i++) {
      const sdk = SDKS[(i + r) % SDKS.length];
      results.invoke[sdk].push(await child('invoke', sdk, dsn));
    }
  }
} finally {
  await receiver.close();
}

const cold = (sdk, key) => median(results.cold[sdk].map((x) => x[key]));
const inv = (sdk, key) => median(results.invoke[sdk].map((x) => x[key]));
const base = { ok: inv('none', 'okMicros'), err: inv('none', 'errMicros') };
const overhead = (sdk, key, b) => inv(sdk, key) - b;

console.log(`Lambda benchmark — Node ${results.node}, @sentry/aws-serverless ${results.sentry}, ${runs} cold starts and ${invokeRuns}×${n} invocations per SDK\n`);
console.log('cold start (fresh process, medians)      none     vigil    sentry   sentry/vigil');
for (const [label, key] of [['import + init (ms)', 'importInitMs'], ['first invocation (ms)', 'firstInvocationMs'],
  ['process start → first answer (ms)', 'sinceProcessStartMs'], ['RSS after first invocation (MiB)', 'rssMiB']]) {
  const [a, b, c] = SDKS.map((s) => cold(s, key));
  console.log(`${label.padEnd(40)} ${fmt(a).padStart(7)} ${fmt(b).padStart(9)} ${fmt(c).padStart(9)}   ${ratio(c, b)}`);
}
const costOver = (sdk, key) => cold(sdk, key) - cold('none', key);
console.log(`${'cost over no SDK: start → answer (ms)'.padEnd(40)} ${''.padStart(7)} ${fmt(costOver('vigil', 'sinceProcessStartMs')).padStart(9)} ${fmt(costOver('sentry', 'sinceProcessStartMs')).padStart(9)}   ${ratio(costOver('sentry', 'sinceProcessStartMs'), costOver('vigil', 'sinceProcessStartMs'))}`);

console.log(`\nper invocation (µs, medians)             none     vigil    sentry   sentry/vigil`);
const rows = [
  ['successful invocation', 'okMicros'],
  [`failing invocation (capture+send+flush)`, 'errMicros'],
];
for (const [label, key] of rows) {
  const [a, b, c] = SDKS.map((s) => inv(s, key));
  console.log(`${label.padEnd(40)} ${fmt(a).padStart(7)} ${fmt(b).padStart(9)} ${fmt(c).padStart(9)}   ${ratio(c, b)}`);
}
const oOk = ['vigil', 'sentry'].map((s) => overhead(s, 'okMicros', base.ok));
const oErr = ['vigil', 'sentry'].map((s) => overhead(s, 'errMicros', base.err));
console.log(`${'wrapper overhead, success (µs)'.padEnd(40)} ${''.padStart(7)} ${fmt(oOk[0]).padStart(9)} ${fmt(oOk[1]).padStart(9)}   ${ratio(oOk[1], oOk[0])}`);
console.log(`${'wrapper overhead, failure (µs)'.padEnd(40)} ${''.padStart(7)} ${fmt(oErr[0]).padStart(9)} ${fmt(oErr[1]).padStart(9)}   ${ratio(oErr[1], oErr[0])}`);
const [gV, gS] = ['vigil', 'sentry'].map((s) => inv(s, 'rssGrowthMiB'));
console.log(`${'RSS growth over the N successes (MiB)'.padEnd(40)} ${fmt(inv('none', 'rssGrowthMiB')).padStart(7)} ${fmt(gV).padStart(9)} ${fmt(gS).padStart(9)}`);
for (const sdk of ['vigil', 'sentry']) {
  const f = results.invoke[sdk].map((x) => x.failures);
  if (f.some((x) => x !== nErrors + 20)) console.log(`warning: ${sdk} ran ${f} failing handlers, expected ${nErrors + 20}`);
}

if (args.json) writeFileSync(String(args.json), `${JSON.stringify(results, null, 2)}\n`);
