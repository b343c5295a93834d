// What every replay-benchmark page exposes to bench/replay-bench.mjs as window.bench, around one
// SDK's start and flush (or none): the page is built first (the app, or ?nodes=N elements), the
// SDK starts when the driver says so, then the scripted changes run. The page's head holds a
// probe started before any of this (long tasks, Wasm memories); see replay-bench.mjs.
import { buildApp, buildBigPage, runWorkload } from './replay-workload.js';

/**
 * @param {object} sdk
 * @param {string} sdk.name
 * @param {(options: { dsn: string, mode: 'session'|'buffer' }) => Promise<void>} sdk.start
 *   resolves once the SDK records (its first full snapshot taken)
 * @param {() => Promise<void>} sdk.flush sends what the replay holds and waits for the transport
 * @param {() => object} [sdk.inspect] what the SDK holds, where the page can see it
 */
export function installReplayBench(sdk) {
  const params = new URLSearchParams(location.search);
  const nodes = Number(params.get('nodes') ?? 0);
  const project = params.get('project') ?? '1';
  const elements = nodes > 0 ? buildBigPage(nodes) : (buildApp(), document.getElementsByTagName('*').length);
  window.bench = {
    name: sdk.name,
    elements,
    // Each call runs in a task of its own, as the page's own code would: work done inside the
    // driver's evaluate call is not a task Chromium reports (no long task, no script time).
    start: (mode) => inTask(async () => {
      const dsn = `${location.protocol}//public@${location.host}/${project}`;
      const initAt = performance.now();
      await sdk.start({ dsn, mode });
      return { initAt, recordingAt: performance.now() };
    }),
    run: (seconds) => inTask(() => runWorkload(seconds)),
    // Until the page's own first layout and paint are done: two frames, then no long task for
    // half a second (a 100k-element page lays out for a while after it is built).
    async settle(timeoutMs = 15000) {
      const deadline = performance.now() + timeoutMs;
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      for (;;) {
        const last = window.__probe.longTasks.reduce((end, t) => Math.max(end, t.start + t.duration), 0);
        if (performance.now() - last >= 500 || performance.now() > deadline) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    flush: () => inTask(() => sdk.flush()),
    inspect: () => ({ ...(sdk.inspect?.() ?? {}), ...window.__probe.wasm() }),
    longTasks: (since) => window.__probe.longTasks.filter((t) => t.start + t.duration >= since),
  };
}

function inTask(fn) {
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      try {
        resolve(fn());
      } catch (error) {
        reject(error);
      }
    }, 0);
  });
}

/** Polls until `check()` is truthy (an SDK that starts recording asynchronously). */
export async function until(check, timeoutMs = 15000) {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error('timed out waiting for the replay to start');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
