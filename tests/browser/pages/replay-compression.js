// Session Replay with the compression options from the query string. `mainDeflate=off` takes
// CompressionStream away from the page (not from workers), so a zlib recording that still
// arrives can only have been compressed in the worker.
const params = new URLSearchParams(location.search);
if (params.get('mainDeflate') === 'off') window.CompressionStream = undefined;
window.pageErrors = [];
window.addEventListener('error', (event) => window.pageErrors.push(String(event.message ?? event)));

const Vigil = await import('/npm/dist/browser/index.js');
window.Vigil = Vigil;
const options = { minReplayDuration: 0 };
if (params.has('compression')) options.compression = params.get('compression');
if (params.has('useWorker')) options.useWorker = params.get('useWorker') !== 'false';
if (params.has('workerUrl')) options.workerUrl = params.get('workerUrl');
Vigil.init({
  dsn: params.get('dsn'),
  defaultIntegrations: false,
  replaysSessionSampleRate: 1,
  debug: params.has('debug'),
  integrations: [Vigil.replayIntegration(options)],
});

// Some DOM churn worth compressing: rows added and changed over a few ticks.
window.mutate = async (rounds = 20) => {
  const list = document.getElementById('list');
  for (let i = 0; i < rounds; i += 1) {
    const li = document.createElement('li');
    li.className = `row row-${i % 3}`;
    li.textContent = `order ${i} shipped to warehouse ${i % 7}`;
    list.append(li);
    document.getElementById('status').textContent = `updated ${i}`;
    await new Promise((r) => setTimeout(r, 5));
  }
};
window.pageReady = true;
