// Node reads the Wasm from disk: its fetch cannot load the file:// URL the loader would use.
import { readFile } from 'node:fs/promises';
import { loadBaseCore } from '../core/load-base-core.js';

/**
 * Loads the core in Node from the vigil.wasm shipped in the package.
 * @returns {Promise<object>} the core module (see loadBaseCore)
 */
export async function loadCoreNode() {
  const binary = await readFile(new URL('../vigil.wasm', import.meta.url));
  return loadBaseCore({ binary });
}
