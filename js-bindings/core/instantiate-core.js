// Instantiates one flavour of the Wasm core through its Emscripten glue, once per realm. The
// glue is handed in by the caller (load-core.js, load-base-core.js), so a bundle only carries
// the glue of the flavours its entry can load: edge workers and Lambda never ship the replay one.
import { coreClientClass, replayEncoderClass } from './core-abi.js';

// One instance per realm and flavour: the base core, or the one with the replay encoder.
const pending = new Map();

/**
 * Loads a flavour of the core, sharing one instance per realm; later calls get the first one.
 * @param {'base'|'replay'} flavour
 * @param {() => (Function|Promise<Function>)} getGlue the flavour's Emscripten factory
 * @param {import('./load-core.js').CoreSource} source
 * @returns {Promise<object>} the module: CoreClient (and ReplayEncoder in the replay flavour)
 */
export function loadFlavour(flavour, getGlue, source) {
  if (!pending.has(flavour)) {
    const loading = instantiateCore(getGlue, source, flavour === 'replay');
    pending.set(flavour, loading);
    // A failed load may be retried, e.g. with another URL.
    loading.catch(() => { pending.delete(flavour); });
  }
  return pending.get(flavour);
}

async function instantiateCore(getGlue, source, replay) {
  const create = await getGlue();
  return new Promise((resolve, reject) => {
    create({
      // The glue otherwise resolves "vigil.wasm" against import.meta.url while it loads, which
      // throws where that is no URL (workerd names modules by path); instantiateWasm below
      // loads the Wasm in every case, so the glue never uses the name.
      locateFile: (file) => file,
      instantiateWasm(imports, receiveInstance) {
        instantiate(source, imports, replay).then(
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

async function instantiate(source, imports, replay) {
  if (source.module) return WebAssembly.instantiate(source.module, imports);
  if (source.binary) return (await WebAssembly.instantiate(source.binary, imports)).instance;
  // Two literal `new URL('…', import.meta.url)` forms, which bundlers (Vite, Rollup, webpack 5)
  // recognise: they emit the .wasm beside the bundle and rewrite the URL, so a bundled app needs
  // no wasmUrl.
  const url = source.url ?? (replay
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
