// Window error instrumentation: uncaught exceptions ('error') and unhandled promise rejections
// ('unhandledrejection'). The listeners only watch: they never call preventDefault, so the
// browser still prints the error to the console.
import { addHandler, triggerHandlers } from './instrument-state.js';
import { originalOf } from './instrument-patch.js';

function installFor(type) {
  return () => {
    const listener = (event) => triggerHandlers(type, event);
    originalOf(globalThis.addEventListener).call(globalThis, type, listener);
    return () => originalOf(globalThis.removeEventListener).call(globalThis, type, listener);
  };
}

/**
 * Calls `handler(event)` for each uncaught error reaching window (ErrorEvent). Resource-load
 * errors do not bubble to window, so they never arrive here.
 * @param {string} slot owner name; a later registration in the same slot replaces this one
 * @param {(event: ErrorEvent) => void} handler
 * @returns {() => void} unregisters
 */
export function onWindowError(slot, handler) {
  return addHandler('error', slot, handler, installFor('error'));
}

/**
 * Calls `handler(event)` for each unhandled promise rejection.
 * @param {string} slot owner name; a later registration in the same slot replaces this one
 * @param {(event: PromiseRejectionEvent) => void} handler
 * @returns {() => void} unregisters
 */
export function onUnhandledRejection(slot, handler) {
  return addHandler('unhandledrejection', slot, handler, installFor('unhandledrejection'));
}
