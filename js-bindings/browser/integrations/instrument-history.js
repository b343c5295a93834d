// History instrumentation: reports in-page navigations (pushState, replaceState, popstate)
// to the 'history' handlers as { from, to } absolute URLs.
import { addHandler, triggerHandlers } from './instrument-state.js';
import { originalOf, patchMethod } from './instrument-patch.js';

function install() {
  const history = globalThis.history;
  const location = globalThis.location;
  if (!history || !location) return () => {};
  let lastHref = location.href;
  const report = () => {
    const from = lastHref;
    const to = location.href;
    lastHref = to;
    if (from !== to) triggerHandlers('history', { from, to });
  };
  const patchState = (name) => patchMethod(history, name, (original, isActive) =>
    function historyState(...args) {
      const result = original.apply(this, args);
      // Only a call with a URL navigates; one without keeps the URL and says nothing.
      if (isActive() && args.length > 2 && args[2] != null) report();
      return result;
    });
  const undoPush = patchState('pushState');
  const undoReplace = patchState('replaceState');
  const onPopState = () => report();
  originalOf(globalThis.addEventListener).call(globalThis, 'popstate', onPopState);
  return () => {
    undoPush();
    undoReplace();
    originalOf(globalThis.removeEventListener).call(globalThis, 'popstate', onPopState);
  };
}

/**
 * Calls `handler({ from, to })` (absolute URLs) when the page's URL changes in place.
 * @param {string} slot owner name; a later registration in the same slot replaces this one
 * @param {(data: { from: string, to: string }) => void} handler
 * @returns {() => void} unregisters
 */
export function onHistory(slot, handler) {
  return addHandler('history', slot, handler, install);
}
