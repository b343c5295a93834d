// Instantiates one flavour of the Wasm core, once per realm, without Emscripten's glue: the core
// needs only two imports (abort, and growing the memory) and its C interface (wasm/abi.h), so
// this file provides those itself from the flavour's export names (generated at build time by
// scripts/wasm-names.mjs). An edge worker pays for every line of JavaScript at each cold start,
// where the glue cost more to parse and run than the instantiation itself. The names are handed
// in by the caller (load-core.js, load-base-core.js), so a bundle only carries the flavours its
// entry can load.
import { coreClientClass, replayEncoderClass } from './core-abi.js';

// One instance per realm and flavour: the base core, or the one with the replay encoder.
const pending = new Map();

// Emscripten's limit for a memory that may grow, its page size, and the growth step the build
// sets (MEMORY_GROWTH_GEOMETRIC_STEP in CMakeLists.txt: what is asked and 5 %).
const MAX_HEAP = 2147483648;
const PAGE = 65536;
const GROWTH_STEP = 0.05;

/**
 * @typedef {object} CoreNames the minified names of a flavour's imports and exports
 * @property {{ module: string, abort: string, resizeHeap: string }} imports
 * @property {string} memory
 * @property {string} ctors the static constructors, run once after instantiation
 * @property {Record<string, string>} functions vigil_* C functions by name
 * @property {Record<string, string>} [methods] each class's method list, as its
 *   vigil_<class>_methods() writes it
 */

/**
 * Loads a flavour of the core, sharing one instance per realm; later calls get the first one.
 * @param {'base'|'replay'} flavour
 * @param {() => (CoreNames|Promise<CoreNames>)} getNames the flavour's names
 * @param {import('./load-core.js').CoreSource} source
 * @returns {Promise<object>} the module: CoreClient (and ReplayEncoder in the replay flavour)
 */
export function loadFlavour(flavour, getNames, source) {
  if (!pending.has(flavour)) {
    const loading = instantiateCore(getNames, source, flavour === 'replay');
    pending.set(flavour, loading);
    // A failed load may be retried, e.g. with another URL.
    loading.catch(() => { pending.delete(flavour); });
  }
  return pending.get(flavour);
}

async function instantiateCore(getNames, source, replay) {
  // The page's fetch as it is now, before anything awaits: init() sets up its integrations
  // right after starting this, and their wrapped fetch would report the SDK's own download as
  // the app's (a breadcrumb, an http.client span).
  const fetchNow = typeof fetch === 'function' ? fetch.bind(globalThis) : null;
  const names = await getNames();
  // What core-abi.js reads: the vigil_* functions and views of the memory, renewed when it grows.
  const module = {};
  let memory = null;
  const views = () => {
    const buffer = memory.buffer;
    module.HEAPU8 = new Uint8Array(buffer);
    module.HEAPU32 = new Uint32Array(buffer);
    module.HEAPF64 = new Float64Array(buffer);
  };
  const imports = {
    [names.imports.module]: {
      [names.imports.abort]: () => {
        throw new WebAssembly.RuntimeError('vigil: the Wasm core aborted');
      },
      // emscripten_resize_heap(bytes), as Emscripten's glue does it: at least a step larger
      // than now, so a growing heap is not grown page by page, with smaller steps if refused.
      [names.imports.resizeHeap]: (requested) => {
        const size = requested >>> 0;
        const current = memory.buffer.byteLength;
        if (size > MAX_HEAP) return 0;
        for (let cut = 1; cut <= 4; cut *= 2) {
          const wanted = Math.min(current * (1 + GROWTH_STEP / cut), size + 100663296);
          const target = Math.min(MAX_HEAP, Math.ceil(Math.max(size, wanted) / PAGE) * PAGE);
          try {
            memory.grow((target - current) / PAGE);
            views();
            return 1;
          } catch {
            // refused; try a smaller step
          }
        }
        return 0;
      },
    },
  };
  const instance = await instantiate(source, imports, replay, fetchNow);
  const exports = instance.exports;
  memory = exports[names.memory];
  views();
  exports[names.ctors]();
  for (const [name, key] of Object.entries(names.functions)) module[`_${name}`] = exports[key];
  module.CoreClient = coreClientClass(module, names.methods);
  const ReplayEncoder = replayEncoderClass(module, names.methods);
  if (ReplayEncoder) module.ReplayEncoder = ReplayEncoder;
  return module;
}

async function instantiate(source, imports, replay, fetchNow) {
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
      return (await WebAssembly.instantiateStreaming(fetchNow(url), imports)).instance;
    } catch (error) {
      // Servers that send the wrong MIME type break streaming; compiling the bytes still works.
      if (!(error instanceof TypeError)) throw error;
    }
  }
  const response = await fetchNow(url);
  if (!response.ok) throw new Error(`vigil: could not load ${url}: HTTP ${response.status}`);
  return (await WebAssembly.instantiate(await response.arrayBuffer(), imports)).instance;
}
