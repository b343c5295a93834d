// Tracing against @sentry/browser with its browserTracingIntegration, in the same run:
// 1. span cost: 100 root spans with 100 nested startSpan calls each (10,000 child spans, one
//    level deep) in headless Chromium, timed from the first call until the transport has all
//    100 transactions; the page's main-thread CPU (CDP ThreadTime) over the same calls.
// 2. a pageload with 200 resources (100 images, 100 scripts): the main-thread time from the
//    idle timer firing to the pageload transaction reaching the transport (turning the
//    performance entries into spans, plus the envelope), and the page's main-thread CPU until
//    then over a page without any SDK.
// 3. bundle size of an app with tracing (esbuild, as bench/bundle-size.mjs), and what tracing
//    adds to the errors-only app of that benchmark.
// Both SDKs run their default integrations plus browserTracingIntegration, no sessions, and a
// transport that only counts (Sentry's serialises the envelope first, as its fetch transport
// does; Vigil's core always has). A ratio, not a test: nothing here asserts a time.
// Usage: node bench/tracing-bench.mjs [--runs 5] [--only spans,pageload,size]
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ROOT, DIST, PAGES, bundleAgainstDist, benchFiles, startBenchServer, launchBrowser, sizes, addSizes,
  median, kb, ratio, table, isMain, parseArgs,
} from './common.mjs';

const ROOTS = 100;
const CHILDREN = 100;
const RESOURCES = 200;
const SDKS = ['vigil', 'sentry'];
const SPAN_VARIANTS = [
  { id: 'vigil', query: 'sdk=vigil' },
  { id: 'sentry', query: 'sdk=sentry' },
  { id: 'sentry-stream', query: 'sdk=sentry&lifecycle=stream' },
];

// ---- generated page sources ----------------------------------------------------------------
// The entries are written to a temporary directory (with node_modules linked to the repo's) so
// esbuild resolves them as it would an app's files.
const VIGIL_IMPORT = `import * as SDK from ${JSON.stringify(path.join(DIST, 'browser/index.js'))};`;
const SENTRY_IMPORT = "import * as SDK from '@sentry/browser';\nimport { serializeEnvelope } from '@sentry/core';";

// Per SDK: init options with a counting transport that calls onTransaction(info).
const INIT = {
  vigil: `
function start(onTransaction, tracing) {
  SDK.init({
    dsn: 'https://public@o0.ingest.example.com/1', release: 'shop@1.4.2', tracesSampleRate: 1,
    autoSessionTracking: false,
    integrations: [SDK.browserTracingIntegration(tracing)],
    transport: () => ({
      send: async (request) => {
        const body = String(request.body);
        if (/\\n\\{[^\\n]*"type":"transaction"/.test(body)) onTransaction(() => transactionOf(body));
      },
      flush: async () => true,
      close: async () => true,
    }),
  });
  return SDK.getClient().ready;
}
function transactionOf(body) {
  const lines = body.split('\\n');
  for (let i = 1; i + 1 < lines.length; i += 2) if (JSON.parse(lines[i]).type === 'transaction') return JSON.parse(lines[i + 1]);
  return undefined;
}`,
  sentry: `
// ?lifecycle=stream: Sentry's default since v11, spans streamed in batches ('span' items);
// otherwise 'static', transactions as Vigil sends them.
const stream = new URLSearchParams(location.search).get('lifecycle') === 'stream';
function start(onTransaction, tracing, onSpans = () => {}) {
  SDK.init({
    dsn: 'https://public@o0.ingest.example.com/1', release: 'shop@1.4.2', tracesSampleRate: 1,
    traceLifecycle: stream ? 'stream' : 'static',
    integrations: (defaults) => [...defaults.filter((i) => i.name !== 'BrowserSession'), SDK.browserTracingIntegration(tracing)],
    transport: () => ({
      send: async (envelope) => {
        serializeEnvelope(envelope);
        for (const [header, payload] of envelope[1]) {
          if (header.type === 'transaction') onTransaction(() => payload);
          if (header.type === 'span') onSpans(header.item_count ?? payload.items?.length ?? 0);
        }
        return {};
      },
      flush: async () => true,
    }),
  });
  return Promise.resolve();
}`,
};

const SPANS_PAGE = (sdk) => `${sdk === 'vigil' ? VIGIL_IMPORT : SENTRY_IMPORT}
${INIT[sdk]}
// Counts what reached the transport: transactions, or (Sentry streaming) spans.
let transactions = 0;
let spans = 0;
let last;
let waiter = null;
const check = () => {
  if (waiter && waiter.done()) { waiter.resolve(); waiter = null; }
};
const ready = start((read) => { transactions++; last = read; check(); },
  { instrumentPageLoad: false, instrumentNavigation: false },
  (n) => { spans += n; check(); });
const until = (done) => (done() ? Promise.resolve() : new Promise((resolve) => { waiter = { done, resolve }; }));
window.bench = {
  ready,
  async run(roots, children) {
    const streaming = typeof stream !== 'undefined' && stream;
    const wantTx = transactions + roots;
    const wantSpans = spans + roots * (children + 1);
    const t0 = performance.now();
    for (let r = 0; r < roots; r++) {
      SDK.startSpan({ name: 'checkout ' + r, op: 'task' }, () => {
        for (let c = 0; c < children; c++) SDK.startSpan({ name: 'step ' + c, op: 'function' }, () => c);
      });
    }
    const loopMs = performance.now() - t0;
    // A streaming SDK batches spans on a timer; flush() sends what it holds now.
    if (streaming) void SDK.flush(5000);
    await until(streaming ? () => spans >= wantSpans : () => transactions >= wantTx);
    const totalMs = performance.now() - t0;
    return { loopMs, totalMs, spansPerRoot: streaming ? children : last().spans.length };
  },
};
`;

const PAGELOAD_PAGE = (sdk) => `${sdk === 'vigil' ? VIGIL_IMPORT : SENTRY_IMPORT}
${INIT[sdk]}
start((read) => {
  const sentAt = performance.now();
  const tx = read();
  window.pageloadSent = {
    sentAt,
    spans: tx.spans.length,
    resources: tx.spans.filter((s) => /^resource\\./.test(s.op)).length,
    op: tx.contexts.trace.op,
  };
}, {});
`;

// A timer wrapper installed before any SDK code: the pageload ends in an idle-timer callback,
// so the callback that was running (or last started) when the transaction reached the
// transport marks where that work began.
const TIMER_PROBE = `<script>
window.timerStarts = [];
(() => {
  const original = window.setTimeout;
  window.setTimeout = function setTimeout(callback, ...rest) {
    if (typeof callback !== 'function') return original.call(this, callback, ...rest);
    return original.call(this, function timed(...args) {
      window.timerStarts.push(performance.now());
      return callback.apply(this, args);
    }, ...rest);
  };
})();
</script>`;

function pageloadHtml(sdk) {
  const images = Array.from({ length: RESOURCES / 2 }, (_, i) => `<img src="/bench/gen/res/img-${i}.png" width="4" height="4" alt="">`).join('\n');
  const scripts = Array.from({ length: RESOURCES / 2 }, (_, i) => `<script async src="/bench/gen/res/s-${i}.js"></script>`).join('\n');
  const sdkTag = sdk === 'none' ? '' : `<script type="module" src="/bench/gen/js/pageload-${sdk}.js"></script>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>200 resources</title>
<link rel="icon" href="data:,">${TIMER_PROBE}${sdkTag}</head><body><h1>Two hundred resources</h1>
${images}
${scripts}
</body></html>`;
}

const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const APP_TRACING = (sdk) => `${sdk === 'vigil' ? VIGIL_IMPORT.replace('* as SDK', '{ init, setTag, captureException, browserTracingIntegration, startSpan }')
  : "import { init, setTag, captureException, browserTracingIntegration, startSpan } from '@sentry/browser';"}
// The errors-only app of bench/bundle-size.mjs, with tracing on and one span of its own.
init({
  dsn: 'https://public@o0.ingest.example.com/1', release: 'shop@1.4.2',
  tracesSampleRate: 0.2, integrations: [browserTracingIntegration()],
});
setTag('page', 'checkout');
function pay(cart) {
  if (!cart.items.length) throw new Error('empty cart');
  return cart.items.reduce((sum, item) => sum + item.price, 0);
}
document.querySelector('#pay')?.addEventListener('click', () => {
  startSpan({ name: 'pay', op: 'ui.action' }, () => {
    try {
      document.querySelector('#total').textContent = String(pay({ items: [] }));
    } catch (error) {
      captureException(error);
    }
  });
});
`;

function writeEntries() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-tracing-bench-'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const entries = {};
  for (const sdk of SDKS) {
    for (const [name, source] of [[`spans-${sdk}`, SPANS_PAGE(sdk)], [`pageload-${sdk}`, PAGELOAD_PAGE(sdk)], [`app-tracing-${sdk}`, APP_TRACING(sdk)]]) {
      const file = path.join(dir, `${name}.js`);
      writeFileSync(file, source);
      entries[name] = file;
    }
  }
  entries['app-sentry'] = path.join(PAGES, 'app-sentry.js');
  entries['app-vigil'] = path.join(PAGES, 'app-vigil.js');
  return { dir, entries };
}

// ---- measurements ----------------------------------------------------------------------------

async function threadTime(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ThreadTime').value * 1000;
}

async function measureSpans(browser, url, variant) {
  const sdk = variant.id;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('crash', () => errors.push('the page crashed'));
    await page.goto(`${url}/bench/gen/spans.html?${variant.query}`);
    await page.waitForFunction(() => window.bench, null, { timeout: 15_000 });
    await page.evaluate(() => window.bench.ready);
    await page.evaluate(() => window.bench.run(10, 100));  // warm-up
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const before = await threadTime(cdp);
    const result = await page.evaluate(([r, c]) => window.bench.run(r, c), [ROOTS, CHILDREN]);
    result.cpuMs = (await threadTime(cdp)) - before;
    if (errors.length) throw new Error(`${sdk}: page errors: ${errors.join('; ')}`);
    if (result.spansPerRoot !== CHILDREN) throw new Error(`${sdk}: a transaction had ${result.spansPerRoot} spans, not ${CHILDREN}`);
    return result;
  } finally {
    await context.close();
  }
}

async function measurePageload(browser, url, sdk) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('crash', () => errors.push('the page crashed'));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const before = await threadTime(cdp);
    await page.goto(`${url}/bench/gen/pageload-${sdk}.html`);  // Sentry: static lifecycle (a transaction)
    let result;
    if (sdk === 'none') {
      // As long after the load as an SDK's pageload would end (its idle timeout).
      await page.waitForFunction(() => performance.getEntriesByType('navigation')[0]?.loadEventEnd > 0);
      await page.waitForTimeout(1200);
      result = {};
    } else {
      await page.waitForFunction(() => window.pageloadSent, null, { timeout: 20_000 });
      result = await page.evaluate(() => {
        const { sentAt, ...rest } = window.pageloadSent;
        const fired = window.timerStarts.filter((t) => t <= sentAt);
        return { ...rest, endTaskMs: sentAt - Math.max(...fired) };
      });
      if (result.op !== 'pageload') throw new Error(`${sdk}: sent a ${result.op} transaction`);
      if (result.resources < RESOURCES) throw new Error(`${sdk}: ${result.resources} resource spans, expected ${RESOURCES}+`);
    }
    result.cpuMs = (await threadTime(cdp)) - before;
    if (errors.length) throw new Error(`${sdk}: page errors: ${errors.join('; ')}`);
    return result;
  } finally {
    await context.close();
  }
}

/**
 * @param {{ runs?: number, only?: string[], log?: (s: string) => void }} [options]
 * @returns {Promise<{ data: object, markdown: string }>}
 */
export async function runTracingBench({ runs = 5, only = ['spans', 'pageload', 'size'], log = () => {} } = {}) {
  const { dir, entries } = writeEntries();
  let built;
  try {
    built = await bundleAgainstDist(entries);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const { bundles, wasm } = built;
  const files = benchFiles(bundles, wasm);
  const html = (body) => ({ body, type: 'text/html; charset=utf-8' });
  files['/bench/gen/spans.html'] = html(`<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><script type="module">
const sdk = new URLSearchParams(location.search).get('sdk');
await import('/bench/gen/js/spans-' + (sdk === 'vigil' ? 'vigil' : 'sentry') + '.js');
</script></body></html>`);
  for (const sdk of [...SDKS, 'none']) files[`/bench/gen/pageload-${sdk}.html`] = html(pageloadHtml(sdk));
  for (let i = 0; i < RESOURCES / 2; i++) {
    files[`/bench/gen/res/img-${i}.png`] = { body: PIXEL, type: 'image/png' };
    files[`/bench/gen/res/s-${i}.js`] = { body: `window.r${i} = ${i};\n`, type: 'text/javascript' };
  }

  const data = {};
  const sections = [];
  const needsBrowser = only.includes('spans') || only.includes('pageload');
  if (needsBrowser) {
    const server = await startBenchServer(files);
    const browser = await launchBrowser();
    data.chromium = browser.version();
    try {
      if (only.includes('spans')) {
        const samples = Object.fromEntries(SPAN_VARIANTS.map((v) => [v.id, []]));
        for (let run = 0; run < runs; run++) {
          for (let i = 0; i < SPAN_VARIANTS.length; i++) {
            const variant = SPAN_VARIANTS[(i + run) % SPAN_VARIANTS.length];
            samples[variant.id].push(await measureSpans(browser, server.url, variant));
          }
          log(`spans run ${run + 1}/${runs}: ${SPAN_VARIANTS.map((v) => `${v.id} ${samples[v.id].at(-1).totalMs.toFixed(0)} ms`).join(', ')}`);
        }
        data.spans = summarise(samples, ['loopMs', 'totalMs', 'cpuMs']);
        sections.push(spansSection(data.spans));
      }
      if (only.includes('pageload')) {
        const samples = { vigil: [], sentry: [], none: [] };
        for (let run = 0; run < runs; run++) {
          const order = ['none', ...SDKS];
          for (let i = 0; i < order.length; i++) {
            const sdk = order[(i + run) % order.length];
            samples[sdk].push(await measurePageload(browser, server.url, sdk));
          }
          log(`pageload run ${run + 1}/${runs}: vigil ${samples.vigil.at(-1).endTaskMs.toFixed(1)} ms, sentry ${samples.sentry.at(-1).endTaskMs.toFixed(1)} ms`);
        }
        const cpuOver = (sdk) => median(samples[sdk].map((s, i) => s.cpuMs - samples.none[i].cpuMs));
        data.pageload = {
          ...summarise({ vigil: samples.vigil, sentry: samples.sentry }, ['endTaskMs']),
          cpuOverBaseline: { vigil: cpuOver('vigil'), sentry: cpuOver('sentry') },
          spans: { vigil: samples.vigil[0].spans, sentry: samples.sentry[0].spans },
          resources: { vigil: samples.vigil[0].resources, sentry: samples.sentry[0].resources },
        };
        sections.push(pageloadSection(data.pageload));
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }
  if (only.includes('size')) {
    data.size = sizeData(bundles, wasm);
    sections.push(sizeSection(data.size));
  }
  const markdown = [`## Tracing: Vigil vs @sentry/browser + browserTracingIntegration (N=${runs} runs, medians)`, '',
    table(['benchmark', 'Vigil', '@sentry/browser', 'Vigil / Sentry', 'goal'], summaryRows(data)), '',
    ...sections.flatMap((s) => [s, '']), `_Chromium ${data.chromium ?? '–'}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}._`].join('\n');
  return { data, markdown };
}

function summarise(samples, keys) {
  const out = {};
  for (const [sdk, list] of Object.entries(samples)) {
    out[sdk] = Object.fromEntries(keys.map((k) => [k, median(list.map((s) => s[k]))]));
    out[sdk].runs = list.map((s) => Object.fromEntries(keys.map((k) => [k, Math.round(s[k] * 10) / 10])));
  }
  return out;
}

const msf = (n) => `${n.toFixed(1)} ms`;

function summaryRows(d) {
  const rows = [];
  if (d.spans) {
    const { vigil, sentry } = d.spans;
    rows.push([`${ROOTS * CHILDREN} nested startSpan → sent`, msf(vigil.totalMs), msf(sentry.totalMs), ratio(vigil.totalMs / sentry.totalMs), '≤ 0.5×']);
    rows.push(['… main-thread CPU', msf(vigil.cpuMs), msf(sentry.cpuMs), ratio(vigil.cpuMs / sentry.cpuMs), '≤ 0.5×']);
  }
  if (d.pageload) {
    const { vigil, sentry, cpuOverBaseline } = d.pageload;
    rows.push([`pageload end, ${RESOURCES} resources`, msf(vigil.endTaskMs), msf(sentry.endTaskMs), ratio(vigil.endTaskMs / sentry.endTaskMs), 'smaller is better']);
    rows.push(['pageload page CPU over no SDK', msf(cpuOverBaseline.vigil), msf(cpuOverBaseline.sentry), ratio(cpuOverBaseline.vigil / cpuOverBaseline.sentry), 'smaller is better']);
  }
  if (d.size) {
    const { vigil, sentry } = d.size;
    rows.push(['bundle with tracing, gzip (Vigil JS + Wasm)', kb(vigil.total.gzip), kb(sentry.total.gzip), ratio(vigil.total.gzip / sentry.total.gzip), '≤ 1.0×']);
    rows.push(['… what tracing adds, gzip', kb(vigil.added.gzip), kb(sentry.added.gzip), ratio(vigil.added.gzip / sentry.added.gzip), '']);
  }
  return rows;
}

function spansSection(s) {
  const row = (label, r) => [label, msf(r.loopMs), msf(r.totalMs), msf(r.cpuMs), `${(r.cpuMs / (ROOTS * (CHILDREN + 1)) * 1000).toFixed(1)} µs`,
    r.runs.map((x) => x.totalMs.toFixed(0)).join(' / ')];
  return [`### Span cost: ${ROOTS} × startSpan(root, () => ${CHILDREN} × startSpan(child)) until everything reached the transport`, '',
    table(['SDK', 'in the calls', 'until sent', 'main-thread CPU', 'CPU per span', 'runs (until sent)'], [
      row('Vigil', s.vigil), row('@sentry/browser (traceLifecycle static: transactions)', s.sentry),
      row('@sentry/browser (default since 11: streamed spans)', s['sentry-stream'])]),
    '', 'After a warm-up of 10 × 100. "in the calls": the synchronous loop; "until sent": until the 100th',
    'transaction (streaming: the 10,100th span, after a flush()) reached the counting transport; CPU: CDP',
    'ThreadTime over the same window. The ratios compare with the static lifecycle, which sends what',
    'Vigil sends (transactions).'].join('\n');
}

function pageloadSection(p) {
  const row = (label, sdk) => [label, msf(p[sdk].endTaskMs), msf(p.cpuOverBaseline[sdk]), `${p.spans[sdk]} (${p.resources[sdk]} resource)`,
    p[sdk].runs.map((x) => x.endTaskMs.toFixed(1)).join(' / ')];
  return [`### Pageload with ${RESOURCES} resources (${RESOURCES / 2} images, ${RESOURCES / 2} async scripts)`, '',
    table(['SDK', 'pageload end (timer → transport)', 'page CPU over no SDK', 'spans sent', 'runs (end)'], [row('Vigil', 'vigil'), row('@sentry/browser', 'sentry')]),
    '', 'Pageload end: from the idle-timer callback in which the transaction ends to the moment its',
    'envelope reaches the transport (performance entries → spans, web vitals, the envelope). Page CPU:',
    'CDP ThreadTime from navigation until then, minus the same page without an SDK (per round).'].join('\n');
}

function sizeData(bundles, wasm) {
  const js = (name) => addSizes(sizes(bundles[name].entry), ...bundles[name].chunks.map((c) => sizes(c.bytes)));
  const w = sizes(wasm);
  const vigilTotal = addSizes(js('app-tracing-vigil'), w);
  const vigilErrors = addSizes(js('app-vigil'), w);
  const sentryTotal = js('app-tracing-sentry');
  const sentryErrors = js('app-sentry');
  const minus = (a, b) => ({ raw: a.raw - b.raw, gzip: a.gzip - b.gzip, brotli: a.brotli - b.brotli });
  return {
    vigil: { js: js('app-tracing-vigil'), wasm: w, total: vigilTotal, errorsOnly: vigilErrors, added: minus(vigilTotal, vigilErrors) },
    sentry: { total: sentryTotal, errorsOnly: sentryErrors, added: minus(sentryTotal, sentryErrors) },
  };
}

function sizeSection(s) {
  const row = (label, x) => [label, kb(x.raw), kb(x.gzip), kb(x.brotli)];
  return ['### Bundle size: the errors-only app with tracing (esbuild, minified ESM)', '',
    table(['', 'raw', 'gzip -9', 'brotli q11'], [
      row('@sentry/browser + tracing', s.sentry.total),
      row('Vigil JS + tracing', s.vigil.js),
      row('Vigil vigil.wasm', s.vigil.wasm),
      row('**Vigil total (JS + Wasm)**', s.vigil.total),
      ['**Vigil / Sentry**', ratio(s.vigil.total.raw / s.sentry.total.raw), ratio(s.vigil.total.gzip / s.sentry.total.gzip), ratio(s.vigil.total.brotli / s.sentry.total.brotli)],
      row('tracing adds to @sentry/browser', s.sentry.added),
      row('tracing adds to Vigil', s.vigil.added),
    ])].join('\n');
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  const { markdown } = await runTracingBench({
    runs: Number(args.runs ?? 5),
    only: typeof args.only === 'string' ? args.only.split(',') : undefined,
    log: (s) => console.error(s),
  });
  console.log(markdown);
}
