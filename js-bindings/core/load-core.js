// Instantiates the Wasm core once per realm. Each runtime hands over the Wasm its own way:
// browsers stream it from a URL next to this file, workers pass a precompiled
// WebAssembly.Module (they may not compile bytes), Node passes the bytes it read from disk.
import createVigilCore from './vigil-core.mjs';
import { coreClientClass, replayEncoderClass } from './core-abi.js';

// One instance per realm and flavour: the base core, or the one with the replay encoder.
const pending = new Map();

/**
 * @typedef {object} CoreSource
 * @property {WebAssembly.Module} [module] precompiled module (edge workers)
 * @property {ArrayBuffer|Uint8Array} [binary] raw bytes (Node, tests)
 * @property {string|URL} [url] where to fetch vigil.wasm from (browsers; defaults to the
 *   copy shipped beside this package)
 * @property {boolean} [replay] load vigil-replay.wasm, the core plus the replay encoder; its
 *   glue is imported only then, so pages without replay never download it
 */

/**
 * Loads the core, sharing one instance per realm; later calls get the first instance.
 * @param {CoreSource} [source]
 * @returns {Promise<object>} the module: CoreClient (and ReplayEncoder in the replay flavour)
 */
export function loadCore(source = {}) {
  const flavour = source.replay ? 'replay' : 'base';
  if (!pending.has(flavour)) {
    const loading = instantiateCore(source);
    pending.set(flavour, loading);
    // A failed load may be retried, e.g. with another URL.
    loading.catch(() => { pending.delete(flavour); });
  }
  return pending.get(flavour);
}

async function instantiateCore(source) {
  const create = source.replay ? (await import('./vigil-replay-core.mjs')).default : createVigilCore;
  return new Promise((resolve, reject) => {
    create({
      // The glue otherwise resolves "vigil.wasm" against import.meta.url while it loads, which
      // throws where that is no URL (workerd names modules by path); instantiateWasm below
      // loads the Wasm in every case, so the glue never uses the name.
      locateFile: (file) => file,
      instantiateWasm(imports, receiveInstance) {
        instantiate(source, imports).then(
          (instance) => receiveInstance(instance),
          (error) => reject(error));
        return {};
      },
    }).then((module) => {
      module.CoreClient = coreClientClass(module);
      const ReplayEncoder = replayEncoderClass(module);
      if (ReplayEncoder) module.ReplayEncoder = ReplayEncoder;
      resolve(module);
    }, reject);
  });
}

async function instantiate(source, imports) {
  if (source.module) return WebAssembly.instantiate(source.module, imports);
  if (source.binary) return (await WebAssembly.instantiate(source.binary, imports)).instance;
  // Two literal `new URL('…', import.meta.url)` forms, which bundlers (Vite, Rollup, webpack 5)
  // recognise: they emit the .wasm beside the bundle and rewrite the URL, so a bundled app needs
  // no wasmUrl.
  const url = source.url ?? (source.replay
    ? new URL('../vigil-replay.wasm', import.meta.url)
    : new URL('../vigil.wasm', import.meta.url));
  if (typeof WebAssembly.instantiateStreaming === 'function') {
    try {
      return (await WebAssembly.instantiateStreaming(fetch(url), imports)).instance;
    } catch (error) {
      // Servers that send the wrong MIME type break streaming; compiling the bytes still works.
      if (!(error instanceof TypeError)) throw error;
    }
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`vigil: could not load ${url}: HTTP ${response.status}`);
  return (await WebAssembly.instantiate(await response.arrayBuffer(), imports)).instance;
}
