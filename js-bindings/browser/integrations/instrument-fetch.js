// fetch instrumentation: reports each finished request (never its body) to the 'fetch'
// handlers, and each request about to start to the 'fetchStart' handlers, which may change the
// arguments (tracing adds its headers there). The page gets the response or the rejection
// exactly as fetch gave it.
import { addHandler, hasHandlers, triggerHandlers } from './instrument-state.js';
import { patchMethod } from './instrument-patch.js';

/**
 * Method and URL of a fetch call, read the way fetch reads its arguments.
 * @param {unknown[]} args
 * @returns {{ method: string, url: string }}
 */
export function fetchRequestInfo(args) {
  const [input, init] = args;
  let url = '';
  let method = 'GET';
  if (typeof input === 'string') {
    url = input;
  } else if (typeof URL !== 'undefined' && input instanceof URL) {
    url = input.href;
  } else if (input && typeof input === 'object') {
    // A Request (or a Request-like object from another realm).
    if (typeof input.url === 'string') url = input.url;
    else url = String(input);
    if (typeof input.method === 'string') method = input.method.toUpperCase();
  } else if (input != null) {
    url = String(input);
  }
  if (init && typeof init === 'object' && init.method != null) method = String(init.method).toUpperCase();
  return { method, url };
}

function install() {
  return patchMethod(globalThis, 'fetch', (original, isActive) =>
    function fetch(...args) {
      if (!isActive()) return original.apply(this, args);
      let info = null;
      try {
        info = fetchRequestInfo(args);
      } catch {
        // Arguments fetch itself will reject; nothing to report about them.
      }
      const startTimestamp = Date.now() / 1000;
      // Handed to the start handlers and back to the end handlers, so they can pair the two.
      let start;
      if (info && hasHandlers('fetchStart')) {
        start = { ...info, args, startTimestamp };
        triggerHandlers('fetchStart', start);
        if (Array.isArray(start.args)) args = start.args;
      }
      let result;
      try {
        result = original.apply(this, args);
      } catch (error) {
        // Only a replaced fetch throws instead of rejecting; a started request must still end.
        if (start) triggerHandlers('fetch', { ...info, error, startTimestamp, start });
        throw error;
      }
      if (!info || !result || typeof result.then !== 'function') {
        if (start) triggerHandlers('fetch', { ...info, startTimestamp, start });
        return result;
      }
      return result.then(
        (response) => {
          triggerHandlers('fetch', { ...info, status: response?.status, startTimestamp, response, start });
          return response;
        },
        (error) => {
          triggerHandlers('fetch', { ...info, error, startTimestamp, start });
          throw error;
        });
    });
}

/**
 * Calls `handler({ method, url, status?, error?, startTimestamp, start? })` when a fetch settles;
 * `start` is the object the 'fetchStart' handlers saw, when there were any.
 * @param {string} slot owner name; a later registration in the same slot replaces this one
 * @param {(data: object) => void} handler
 * @returns {() => void} unregisters
 */
export function onFetch(slot, handler) {
  return addHandler('fetch', slot, handler, install);
}

/**
 * Calls `handler({ method, url, args, startTimestamp })` just before a fetch starts; a handler
 * may replace `args` (a new array: the page's own objects must not change) to change the call.
 * @param {string} slot owner name; a later registration in the same slot replaces this one
 * @param {(data: object) => void} handler
 * @returns {() => void} unregisters
 */
export function onFetchStart(slot, handler) {
  // The patch is the 'fetch' type's; a no-op end handler in a slot of its own keeps it in place
  // for as long as someone listens to starts.
  const removeHolder = addHandler('fetch', `${slot}:start`, () => {}, install);
  const removeStart = addHandler('fetchStart', slot, handler, () => () => {});
  return () => {
    removeStart();
    removeHolder();
  };
}
