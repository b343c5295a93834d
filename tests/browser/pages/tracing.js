// The tracing test page: init from the query string, then the requests a page makes while it
// loads: fetch to its own origin, fetch to a second origin (?other=), and an XHR. Each test
// picks its options through the query; functions (tracesSampler) are chosen by name.
//   ?dsn=  ?other=<origin>  ?rate=<tracesSampleRate>  ?targets=<JSON array of strings>
//   ?sampler=routes  ?idle=<idleTimeout ms>  ?final=<finalTimeout ms>  ?error=1  ?slow=1
import * as Vigil from '/npm/dist/browser/index.js';

const params = new URLSearchParams(location.search);
const other = params.get('other');
const samplers = {
  // Per-route rates: the pageload of this page is dropped, /shop kept, /admin dropped.
  routes: (ctx) => (ctx.name.startsWith('/shop') ? 1 : 0),
};
const tracing = {};
if (params.has('idle')) tracing.idleTimeout = Number(params.get('idle'));
if (params.has('final')) tracing.finalTimeout = Number(params.get('final'));
const options = {
  dsn: params.get('dsn'),
  release: 'tracing@1',
  autoSessionTracking: false,
  integrations: [Vigil.browserTracingIntegration(tracing)],
};
if (params.has('rate')) options.tracesSampleRate = Number(params.get('rate'));
if (params.has('targets')) options.tracePropagationTargets = JSON.parse(params.get('targets'));
if (params.has('sampler')) options.tracesSampler = samplers[params.get('sampler')];
window.Vigil = Vigil;
window.samplerNames = [];
if (options.tracesSampler) {
  const sampler = options.tracesSampler;
  options.tracesSampler = (ctx) => { window.samplerNames.push(ctx.name); return sampler(ctx); };
}
Vigil.init(options);

document.getElementById('slow').addEventListener('click', () => {
  // A slow handler: the interaction's INP and a long task.
  const until = performance.now() + 150;
  while (performance.now() < until) { /* busy */ }
});

async function load() {
  // The trace ids come from the Wasm core, so the requests wait until it is there, as a page's
  // first requests after its scripts ran would.
  await Vigil.getClient().ready;
  window.coreReady = true;
  if (params.get('error') === '1') Vigil.captureException(new Error('failed during pageload'));
  const same = fetch('/api/same?via=fetch', { headers: { baggage: 'vendor=acme' } }).then((r) => r.text());
  const cross = other ? fetch(`${other}/api/cross`).then((r) => r.text()) : Promise.resolve('');
  const xhr = new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('GET', '/api/same?via=xhr');
    request.onloadend = () => resolve(request.status);
    request.send();
  });
  const slow = params.get('slow') === '1' ? fetch('/api/slow').then((r) => r.text()) : null;
  window.slowRequest = slow;
  // Which requests are still out, for a test that times out waiting.
  window.pending = new Set(['same', 'cross', 'xhr']);
  const track = (name, p) => p.finally(() => window.pending.delete(name));
  await Promise.all([track('same', same), track('cross', cross), track('xhr', xhr)]);
  window.requestsDone = true;
}
window.pageLoaded = load().catch((error) => { window.loadError = String(error); });
