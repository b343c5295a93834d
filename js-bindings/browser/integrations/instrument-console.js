// Console instrumentation: every console method call is reported to the 'console' handlers,
// then forwarded untouched so the page's DevTools output stays the same.
import { addHandler, triggerHandlers } from './instrument-state.js';
import { patchMethod } from './instrument-patch.js';

/** The console methods that become breadcrumbs. */
export const CONSOLE_METHODS = ['debug', 'info', 'warn', 'error', 'log', 'assert', 'trace'];

let reporting = false;

function install() {
  const undos = CONSOLE_METHODS.map((method) =>
    patchMethod(globalThis.console, method, (original, isActive) =>
      function consoleMethod(...args) {
        // `reporting` stops the SDK's own logging (while a handler runs) from feeding itself.
        if (isActive() && !reporting) {
          reporting = true;
          try {
            triggerHandlers('console', { method, args });
          } finally {
            reporting = false;
          }
        }
        return original.apply(this, args);
      }));
  return () => undos.forEach((undo) => undo());
}

/**
 * Calls `handler({ method, args })` for each console call while registered.
 * @param {string} slot owner name; a later registration in the same slot replaces this one
 * @param {(data: { method: string, args: unknown[] }) => void} handler
 * @returns {() => void} unregisters
 */
export function onConsole(slot, handler) {
  return addHandler('console', slot, handler, install);
}
