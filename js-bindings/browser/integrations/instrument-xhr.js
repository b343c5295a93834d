// XMLHttpRequest instrumentation: open() remembers method and URL, send() listens for the end
// of the request and reports it (never its body) to the 'xhr' handlers.
import { addHandler, triggerHandlers } from './instrument-state.js';
import { originalOf, patchMethod } from './instrument-patch.js';

const requests = new WeakMap(); // xhr -> { method, url }
const ENDINGS = ['load', 'error', 'abort', 'timeout'];

function install() {
  const proto = globalThis.XMLHttpRequest?.prototype;
  if (!proto) return () => {};
  const undoOpen = patchMethod(proto, 'open', (original, isActive) =>
    function open(...args) {
      if (isActive()) {
        try {
          requests.set(this, {
            method: typeof args[0] === 'string' ? args[0].toUpperCase() : String(args[0]),
            url: String(args[1]),
          });
        } catch {
          // open() itself will throw for arguments this cannot read.
        }
      }
      return original.apply(this, args);
    });
  const undoSend = patchMethod(proto, 'send', (original, isActive) =>
    function send(...args) {
      const info = isActive() ? requests.get(this) : undefined;
      if (info) {
        try {
          const xhr = this;
          const startTimestamp = Date.now() / 1000;
          let reported = false;
          const onEnd = (event) => {
            if (reported) return;
            reported = true;
            triggerHandlers('xhr', {
              ...info,
              outcome: event.type,
              status: event.type === 'load' ? xhr.status : undefined,
              startTimestamp,
            });
          };
          // The unpatched addEventListener: these listeners must not be wrapped or counted as
          // page listeners.
          const listen = originalOf(xhr.addEventListener);
          for (const type of ENDINGS) listen.call(xhr, type, onEnd, { once: true });
        } catch {
          // Reporting is optional; sending is not.
        }
      }
      return original.apply(this, args);
    });
  return () => {
    undoOpen();
    undoSend();
  };
}

/**
 * Calls `handler({ method, url, outcome, status?, startTimestamp })` when an XHR ends;
 * outcome is 'load', 'error', 'abort' or 'timeout'.
 * @param {string} slot owner name; a later registration in the same slot replaces this one
 * @param {(data: object) => void} handler
 * @returns {() => void} unregisters
 */
export function onXhr(slot, handler) {
  return addHandler('xhr', slot, handler, install);
}
