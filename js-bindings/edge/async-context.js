// Finds AsyncLocalStorage, which keeps each invocation's scope attached to its own async work.
// workerd has it only with the `nodejs_als` or `nodejs_compat` compatibility flag; without
// either, `node:async_hooks` does not exist and the SDK falls back to explicit per-invocation
// scopes (see getInvocationScope). The import is dynamic so a worker without the flags still
// loads: the missing module only rejects this promise.

let pending = null;

/**
 * @returns {Promise<(new () => { run: Function, getStore: Function }) | undefined>} the
 *   AsyncLocalStorage class, or undefined where the runtime has none
 */
export function loadAsyncLocalStorage() {
  if (!pending) pending = find();
  return pending;
}

async function find() {
  try {
    // nodejs_compat also exposes process.getBuiltinModule, which needs no module resolution.
    const builtin = globalThis.process?.getBuiltinModule?.('node:async_hooks');
    if (typeof builtin?.AsyncLocalStorage === 'function') return builtin.AsyncLocalStorage;
  } catch {
    // not there; try the import
  }
  try {
    const hooks = await import('node:async_hooks');
    return typeof hooks.AsyncLocalStorage === 'function' ? hooks.AsyncLocalStorage : undefined;
  } catch {
    return undefined;
  }
}
