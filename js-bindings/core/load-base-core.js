// The core without the replay encoder, for runtimes that never record replays (edge workers,
// Lambda, Node): importing only the base glue keeps the replay glue out of their bundles, where
// the runtime would parse it at every cold start. Shares the instance load-core.js makes.
import createVigilCore from './vigil-core.mjs';
import { loadFlavour } from './instantiate-core.js';

/**
 * Loads the base core, sharing one instance per realm; `source.replay` is ignored.
 * @param {import('./load-core.js').CoreSource} [source]
 * @returns {Promise<object>} the module, with CoreClient
 */
export function loadBaseCore(source = {}) {
  return loadFlavour('base', () => createVigilCore, source);
}
