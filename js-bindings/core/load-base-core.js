// The core without the replay encoder, for runtimes that never record replays (edge workers,
// Lambda, Node): their bundles carry nothing of the replay flavour. Shares the instance
// load-core.js makes.
import baseNames from './vigil-core-names.js';
import { loadFlavour } from './instantiate-core.js';

/**
 * Loads the base core, sharing one instance per realm; `source.replay` is ignored.
 * @param {import('./load-core.js').CoreSource} [source]
 * @returns {Promise<object>} the module, with CoreClient
 */
export function loadBaseCore(source = {}) {
  return loadFlavour('base', () => baseNames, source);
}
