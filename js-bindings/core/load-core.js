// Instantiates the Wasm core once per realm. Each runtime hands over the Wasm its own way:
// browsers stream it from a URL next to this file, workers pass a precompiled
// WebAssembly.Module (they may not compile bytes), Node passes the bytes it read from disk.
// This loader knows both flavours; runtimes without Session Replay use load-base-core.js, so
// their bundles leave the replay flavour's names out.
import { loadFlavour } from './instantiate-core.js';
import { loadBaseCore } from './load-base-core.js';

/**
 * @typedef {object} CoreSource
 * @property {WebAssembly.Module} [module] precompiled module (edge workers)
 * @property {ArrayBuffer|Uint8Array} [binary] raw bytes (Node, tests)
 * @property {string|URL} [url] where to fetch vigil.wasm from (browsers; defaults to the
 *   copy shipped beside this package)
 * @property {boolean} [replay] load vigil-replay.wasm, the core plus the replay encoder
 */

/**
 * Loads the core, sharing one instance per realm; later calls get the first instance.
 * @param {CoreSource} [source]
 * @returns {Promise<object>} the module: CoreClient (and ReplayEncoder in the replay flavour)
 */
export function loadCore(source = {}) {
  if (source.replay) {
    return loadFlavour('replay', async () => (await import('./vigil-replay-core-names.js')).default, source);
  }
  return loadBaseCore(source);
}
