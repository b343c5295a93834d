// The page's side of the compression worker (worker/compression-worker.js): it starts the
// worker from its URL the first time something is compressed, posts `{ id, method, arg }` with
// the bytes transferred, and matches replies by id. Where no worker can run (no Worker, a CSP
// without `worker-src 'self'`, a failed load, a worker that errors or stops answering), zlib
// runs on the main thread instead, and brotli answers null so the caller sends zlib. Nothing
// here throws into the page.
import { deflate } from './replay-envelope.js';

const encoder = new TextEncoder();
// How long a reply may take before the worker is given up for this page. Brotli's first call
// also downloads and compiles brotli.wasm, so it gets longer.
const TIMEOUT_MS = { deflate: 10_000, brotli: 30_000 };

/**
 * @typedef {object} Compressor
 * @property {(text: string) => Promise<Uint8Array|null>} deflate zlib of the text's UTF-8,
 *   in the worker or else on the main thread; null where neither can compress.
 * @property {(bytes: Uint8Array, quality: number) => Promise<Uint8Array|null>} brotli in the
 *   worker only; `bytes` is transferred (unusable afterwards); null when the worker cannot.
 * @property {{ worker: number, mainThread: number }} counts compressions done in each place
 * @property {() => void} terminate stops the worker; later calls run on the main thread
 */

/**
 * @param {object} [options]
 * @param {boolean} [options.useWorker=true] false compresses on the main thread (zlib only)
 * @param {string|URL} [options.workerUrl] the worker script, e.g. a copy served by the app
 * @param {(message: string) => void} [options.log] where failures are reported
 * @returns {Compressor}
 */
export function createCompressor({ useWorker = true, workerUrl, log = () => {} } = {}) {
  let worker = null;
  let broken = !useWorker || typeof Worker !== 'function';
  let nextId = 1;
  const pending = new Map();
  const counts = { worker: 0, mainThread: 0 };

  function giveUp(reason, quiet = false) {
    if (!broken && !quiet) log(`compression worker unavailable (${reason}); compressing on the main thread`);
    broken = true;
    try { worker?.terminate(); } catch { /* already gone */ }
    worker = null;
    for (const call of pending.values()) call.settle(null);
    pending.clear();
  }

  function start() {
    try {
      // The packaged worker sits in dist/worker/, beside dist/replay/. Written as one literal
      // `new Worker(new URL(…, import.meta.url), { type: 'module' })`, which Vite and webpack 5
      // recognise: they bundle the worker with the app, so a bundled app needs no workerUrl.
      worker = workerUrl
        ? new Worker(workerUrl, { type: 'module', name: 'vigil-compression' })
        : new Worker(new URL('../worker/compression-worker.js', import.meta.url), { type: 'module', name: 'vigil-compression' });
      worker.addEventListener('message', (event) => {
        const reply = event.data;
        const call = pending.get(reply?.id);
        if (!call) return;
        pending.delete(reply.id);
        if (reply.error !== undefined) log(`compression worker: ${reply.error}`);
        call.settle(reply.error === undefined && reply.result instanceof Uint8Array ? reply.result : null);
      });
      // Cancelled, so an error in the worker is not reported to the page as its own.
      worker.addEventListener('error', (event) => {
        event.preventDefault?.();
        giveUp(event.message || 'the worker did not load');
      });
      worker.addEventListener('messageerror', () => giveUp('a reply could not be read'));
    } catch (error) {
      giveUp(String(error?.message ?? error)); // e.g. a SecurityError from the page's CSP
    }
  }

  // Resolves with the worker's bytes, or null when the worker failed or is not to be used.
  function call(method, arg, transfer) {
    if (broken) return Promise.resolve(null);
    if (!worker) start();
    if (!worker) return Promise.resolve(null);
    return new Promise((resolve) => {
      const id = nextId++;
      const timer = setTimeout(() => giveUp(`no reply to ${method} in ${TIMEOUT_MS[method]} ms`), TIMEOUT_MS[method]);
      pending.set(id, { settle: (value) => { clearTimeout(timer); resolve(value); } });
      try {
        worker.postMessage({ id, method, arg }, transfer);
      } catch (error) {
        giveUp(String(error?.message ?? error));
      }
    });
  }

  return {
    counts,
    async deflate(text) {
      try {
        const bytes = encoder.encode(text);
        const zipped = await call('deflate', bytes, [bytes.buffer]);
        if (zipped) {
          counts.worker += 1;
          return zipped;
        }
        // The worker had the first copy (transferred); the main thread encodes its own.
        const local = await deflate(encoder.encode(text));
        if (local) counts.mainThread += 1;
        return local;
      } catch (error) {
        log(`compression failed: ${error?.message ?? error}`);
        return null;
      }
    },
    async brotli(bytes, quality) {
      try {
        const out = await call('brotli', { bytes, quality }, [bytes.buffer]);
        if (out) counts.worker += 1;
        return out;
      } catch (error) {
        log(`compression failed: ${error?.message ?? error}`);
        return null;
      }
    },
    terminate() {
      giveUp('terminated', true);
    },
  };
}
