// Loads the built Wasm core (npm/dist) once for every test file in a process.
import { loadCoreNode } from '../../../npm/dist/node/load-core-node.js';

let core;

/** @returns {Promise<object>} the core module (see loadCore) */
export async function getCore() {
  core ??= await loadCoreNode();
  return core;
}

/** Describes an Error as the bindings take it: type, value, stack and its cause chain. */
export function describeError(error, mechanism) {
  const out = { type: error.name, value: error.message, stack: error.stack };
  if (mechanism) out.mechanism = mechanism;
  if (error.cause instanceof Error) out.cause = describeError(error.cause);
  return out;
}
