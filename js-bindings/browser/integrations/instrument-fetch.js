// fetch instrumentation: reports each finished request (never its body) to the 'fetch'
// handlers. The page gets the response or the rejection exactly as fetch gave it.
import { addHandler, triggerHandlers } from './instrument-state.js';
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
      const result = original.apply(this, args);
      if (!info || !result || typeof result.then !== 'function') return result;
      return result.then(
        (response) => {
          triggerHandlers('fetch', { ...info, status: response?.status, startTimestamp, response });
          return response;
        },
        (error) => {
          triggerHandlers('fetch', { ...info, error, startTimestamp });
          throw error;
        });
    });
}

/**
 * Calls `handler({ method, url, status?, error?, startTimestamp })` when a fetch settles.
 * @param {string} slot owner name; a later registration in the same slot replaces this one
 * @param {(data: object) => void} handler
 * @returns {() => void} unregisters
 */
export function onFetch(slot, handler) {
  return addHandler('fetch', slot, handler, install);
}
