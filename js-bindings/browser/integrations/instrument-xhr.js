// XMLHttpRequest instrumentation: open() remembers method and URL, setRequestHeader() the
// headers the page sets, send() reports the start to the 'xhrStart' handlers (which may add
// headers) and listens for the end of the request, which it reports (never its body) to the
// 'xhr' handlers.
import { addHandler, hasHandlers, triggerHandlers } from './instrument-state.js';
import { originalOf, patchMethod } from './instrument-patch.js';

const requests = new WeakMap(); // xhr -> { method, url, requestHeaders }
const ENDINGS = ['load', 'error', 'abort', 'timeout'];
const TRACE_HEADERS = new Set(['sentry-trace', 'baggage']);

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
            requestHeaders: {},
          });
        } catch {
          // open() itself will throw for arguments this cannot read.
        }
      }
      return original.apply(this, args);
    });
  // The trace headers the page sets itself, so a start handler can leave them be (XHR headers
  // cannot be read back, and setting one twice joins the values). No other header is kept:
  // they may hold credentials.
  const undoHeader = patchMethod(proto, 'setRequestHeader', (original, isActive) =>
    function setRequestHeader(...args) {
      const info = isActive() ? requests.get(this) : undefined;
      if (info && args.length >= 2) {
        try {
          const name = String(args[0]).toLowerCase();
          if (TRACE_HEADERS.has(name)) {
            const value = String(args[1]);
            info.requestHeaders[name] = name in info.requestHeaders ? `${info.requestHeaders[name]}, ${value}` : value;
          }
        } catch {
          // setRequestHeader itself will throw for arguments this cannot read.
        }
      }
      return original.apply(this, args);
    });
  const undoSend = patchMethod(proto, 'send', (original, isActive) =>
    function send(...args) {
      const info = isActive() ? requests.get(this) : undefined;
      let ended;
      if (info) {
        try {
          const xhr = this;
          const startTimestamp = Date.now() / 1000;
          let start;
          if (hasHandlers('xhrStart')) {
            start = { method: info.method, url: info.url, requestHeaders: { ...info.requestHeaders }, xhr, startTimestamp };
            triggerHandlers('xhrStart', start);
          }
          let reported = false;
          ended = (outcome) => {
            if (reported) return;
            reported = true;
            triggerHandlers('xhr', {
              method: info.method,
              url: info.url,
              outcome,
              status: outcome === 'load' ? xhr.status : undefined,
              startTimestamp,
              start,
            });
          };
          const onEnd = (event) => ended(event.type);
          // The unpatched addEventListener: these listeners must not be wrapped or counted as
          // page listeners.
          const listen = originalOf(xhr.addEventListener);
          for (const type of ENDINGS) listen.call(xhr, type, onEnd, { once: true });
        } catch {
          // Reporting is optional; sending is not.
        }
      }
      try {
        return original.apply(this, args);
      } catch (error) {
        // send() threw (sent twice, say): this request never starts, so it ends here.
        ended?.('error');
        throw error;
      }
    });
  return () => {
    undoOpen();
    undoHeader();
    undoSend();
  };
}

/**
 * Calls `handler({ method, url, outcome, status?, startTimestamp, start? })` when an XHR ends;
 * outcome is 'load', 'error', 'abort' or 'timeout'; `start` is the object the 'xhrStart'
 * handlers saw, when there were any.
 * @param {string} slot owner name; a later registration in the same slot replaces this one
 * @param {(data: object) => void} handler
 * @returns {() => void} unregisters
 */
export function onXhr(slot, handler) {
  return addHandler('xhr', slot, handler, install);
}

/**
 * Calls `handler({ method, url, requestHeaders, xhr, startTimestamp })` in send(), before the
 * request goes out: the handler may still call xhr.setRequestHeader(). requestHeaders holds the
 * sentry-trace and baggage headers the page set itself, if any.
 * @param {string} slot owner name; a later registration in the same slot replaces this one
 * @param {(data: object) => void} handler
 * @returns {() => void} unregisters
 */
export function onXhrStart(slot, handler) {
  // The patch is the 'xhr' type's; a no-op end handler in a slot of its own keeps it in place.
  const removeHolder = addHandler('xhr', `${slot}:start`, () => {}, install);
  const removeStart = addHandler('xhrStart', slot, handler, () => () => {});
  return () => {
    removeStart();
    removeHolder();
  };
}
