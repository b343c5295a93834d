// Page-wide instrumentation state, shared by every copy of this package loaded in the page (two
// bundles, or init() called twice): patches go in once per page, and each integration owns one
// named handler slot per instrument, so a later setup() replaces an earlier one instead of
// adding a second breadcrumb or a second capture for the same thing.

const STATE_KEY = Symbol.for('vigil.instrument.state');

/**
 * @typedef {object} InstrumentState
 * @property {Map<string, Map<string, Function>>} handlers type -> slot -> handler
 * @property {Map<string, () => void>} uninstall type -> undoes that type's patch
 * @property {WeakSet<object>} captured thrown objects an instrument already reported
 * @property {object[]} pendingSkips one token per coming window 'error' event that was already
 *   reported (for thrown primitives, which a WeakSet cannot hold)
 * @property {WeakMap<object, Map<string, Function>>} listenerWrappers page listener ->
 *   (type|capture) -> the wrapper actually registered, so removeEventListener finds it
 */

/** @returns {InstrumentState} */
export function instrumentState() {
  const g = /** @type {any} */ (globalThis);
  if (!g[STATE_KEY]) {
    Object.defineProperty(g, STATE_KEY, {
      value: { handlers: new Map(), uninstall: new Map(), captured: new WeakSet(), pendingSkips: [],
        listenerWrappers: new WeakMap() },
      configurable: true,
    });
  }
  return g[STATE_KEY];
}

/**
 * Registers `handler` for `type` under `slot` (an integration name), installing the type's
 * patch when it is the first handler. The patch is undone when the last handler goes.
 * @param {string} type e.g. 'console', 'fetch'
 * @param {string} slot who owns the handler; a second registration in a slot replaces the first
 * @param {(data: any) => void} handler
 * @param {() => (() => void)} install patches the page, returns the undo function
 * @returns {() => void} removes this handler (a no-op once it was replaced)
 */
export function addHandler(type, slot, handler, install) {
  const state = instrumentState();
  let slots = state.handlers.get(type);
  if (!slots) state.handlers.set(type, (slots = new Map()));
  slots.set(slot, handler);
  if (!state.uninstall.has(type)) {
    let undo = () => {};
    try {
      undo = install();
    } catch {
      // A page that froze or redefined the target keeps working, just without this instrument.
    }
    state.uninstall.set(type, undo);
  }
  return () => {
    const current = state.handlers.get(type);
    if (!current || current.get(slot) !== handler) return;
    current.delete(slot);
    if (current.size > 0) return;
    const undo = state.uninstall.get(type);
    state.uninstall.delete(type);
    try {
      undo?.();
    } catch {
      // Undoing is best effort; a patch left behind passes calls through untouched.
    }
  };
}

/** True while some handler is registered for `type`. */
export function hasHandlers(type) {
  return (instrumentState().handlers.get(type)?.size ?? 0) > 0;
}

/**
 * Calls every handler of `type` with `data`. Handlers never throw into the page: a failing one
 * is skipped so the page's own call still completes.
 */
export function triggerHandlers(type, data) {
  const slots = instrumentState().handlers.get(type);
  if (!slots) return;
  for (const handler of [...slots.values()]) {
    try {
      handler(data);
    } catch {
      // An SDK bug must not become a page bug.
    }
  }
}

/**
 * Remembers that `error` was already reported by a wrapped callback, so the window 'error'
 * event the rethrow causes is not reported again.
 */
export function markCaptured(error) {
  const state = instrumentState();
  if ((typeof error === 'object' && error !== null) || typeof error === 'function') {
    state.captured.add(error);
    return;
  }
  // Primitives cannot be remembered by identity: skip the next window 'error' event instead.
  // The rethrow reaches window synchronously, so the count is cleared on the next task.
  const token = {};
  state.pendingSkips.push(token);
  setTimeout(() => {
    const i = state.pendingSkips.indexOf(token);
    if (i >= 0) state.pendingSkips.splice(i, 1);
  }, 0);
}

/**
 * True when a window 'error' event carrying `error` was already reported; consumes the skip
 * for primitives.
 */
export function wasCaptured(error) {
  const state = instrumentState();
  if ((typeof error === 'object' && error !== null) || typeof error === 'function') {
    return state.captured.has(error);
  }
  return state.pendingSkips.shift() !== undefined;
}
