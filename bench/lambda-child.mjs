// One measurement in a fresh Node process, for lambda-bench.mjs: `node bench/lambda-child.mjs
// <cold|invoke> <none|vigil|sentry> <dsn> [n] [errors] [warmup]`. Prints one JSON line. Both SDKs are
// set up alike: dsn, release, errors only (no tracing), default options otherwise, and the
// handler wrapped with the SDK's wrapHandler; handlers run through the test harness that
// invokes them as the Lambda runtime does.
import { invoke } from '../tests/lambda/fixtures/lambda-harness.js';

const [mode, sdk, dsn, nText = '2000', errorsText = '200', warmupText = '1000'] = process.argv.slice(2);
const t0 = performance.now();

async function setUp() {
  if (sdk === 'vigil') {
    const Vigil = await import('../npm/dist/lambda/index.js');
    Vigil.init({ dsn, release: 'bench@1' });
    return (handler) => Vigil.wrapHandler(handler);
  }
  if (sdk === 'sentry') {
    const Sentry = await import('@sentry/aws-serverless');
    Sentry.init({ dsn, release: 'bench@1' });
    return (handler) => Sentry.wrapHandler(handler);
  }
  return (handler) => handler;
}

const ok = async (event) => ({ statusCode: 200, body: event.id });
let failures = 0;
const failing = async (event) => {
  failures += 1;
  throw new Error(`bench failure ${event.id}`);
};

const wrap = await setUp();
const tReady = performance.now();
const handler = wrap(ok);

if (mode === 'cold') {
  // The first invocation includes whatever the SDK still does lazily (Vigil: the Wasm core
  // finishing its load; both: first-call compilation).
  await invoke(handler, { id: 'first' });
  const tFirst = performance.now();
  console.log(JSON.stringify({
    importInitMs: tReady - t0,
    firstInvocationMs: tFirst - tReady,
    sinceProcessStartMs: tFirst,
    rssMiB: process.memoryUsage().rss / 2 ** 20,
  }));
  process.exit(0);
}

const n = Number(nText);
const nErrors = Number(errorsText);
const time = async (h, count, prefix) => {
  const start = performance.now();
  for (let i = 0; i < count; i++) await invoke(h, { id: `${prefix}${i}` });
  return ((performance.now() - start) * 1000) / count;
};
// Warm-up first: V8 optimises both SDKs' JS (and tiers up Vigil's Wasm) over the first
// ~1,000 calls; the steady state is what a warm Lambda instance runs in.
await time(handler, Number(warmupText), 'warm');
const rssBefore = process.memoryUsage().rss;
const okMicros = await time(handler, n, 'ok');
const rssAfter = process.memoryUsage().rss;
// Each failing invocation captures, sends and flushes: the round trip to the local receiver is
// part of what the wrapper makes the invocation wait for.
const failingHandler = wrap(failing);
await time(failingHandler, 20, 'warm-err');
const errMicros = nErrors > 0 ? await time(failingHandler, nErrors, 'err') : 0;
console.log(JSON.stringify({
  okMicros, errMicros, failures, rssGrowthMiB: (rssAfter - rssBefore) / 2 ** 20,
  rssMiB: process.memoryUsage().rss / 2 ** 20,
}));
process.exit(0);
