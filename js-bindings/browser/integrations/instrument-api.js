// Patches for browserApiErrors: timers, requestAnimationFrame, addEventListener and XHR
// handler properties hand the browser wrapped callbacks (see wrap.js) instead of the page's.
import { instrumentState } from './instrument-state.js';
import { isWrapper, markWrapper, patchMethod } from './instrument-patch.js';
import { handlerName, wrapCallback, wrapListenerObject } from './wrap.js';

const MECHANISM = 'auto.browser.browserapierrors';

/** Objects whose prototypes may own their own addEventListener (older engines had several). */
export const EVENT_TARGETS = [
  'EventTarget', 'Window', 'Node', 'XMLHttpRequestEventTarget', 'XMLHttpRequest', 'WebSocket',
  'Worker', 'SharedWorker', 'MessagePort', 'BroadcastChannel', 'EventSource', 'FileReader',
  'IDBDatabase', 'IDBRequest', 'IDBTransaction', 'Notification', 'Screen', 'TextTrack',
  'TextTrackCue', 'TextTrackList',
];

const XHR_PROPS = ['onload', 'onerror', 'onprogress', 'onreadystatechange'];

/**
 * The prototypes to patch by default: EventTarget alone where it owns addEventListener (every
 * engine that follows WebIDL, where the others inherit it), else EVENT_TARGETS. Reading a
 * prototype makes the browser build that interface's object and templates (~50 KB of heap for
 * the list in Chromium), only to find it owns nothing.
 * @returns {string[]}
 */
export function defaultEventTargets() {
  const base = globalThis.EventTarget?.prototype;
  return base && Object.prototype.hasOwnProperty.call(base, 'addEventListener') ? ['EventTarget'] : EVENT_TARGETS;
}

/**
 * Patches `name` (setTimeout, setInterval, requestAnimationFrame) so a function in its first
 * argument is wrapped; string handlers and the returned id are left alone.
 * @returns {() => void} undo
 */
export function patchTimer(name) {
  return patchMethod(globalThis, name, (original, isActive) =>
    function timer(callback) {
      if (isActive() && typeof callback === 'function') {
        const args = Array.prototype.slice.call(arguments);
        args[0] = wrapCallback(callback, `${MECHANISM}.${name}`, { function: name, handler: handlerName(callback) });
        return original.apply(this, args);
      }
      return original.apply(this, arguments);
    });
}

function captureFlag(options) {
  return typeof options === 'boolean' ? options : Boolean(options && options.capture);
}

/**
 * Patches addEventListener on each named prototype that owns one so listeners are wrapped,
 * and removeEventListener so removing the page's own listener removes its wrapper. The
 * removeEventListener patch stays after undo: listeners added while wrapping was on must still
 * be removable.
 * @param {string[]} names global constructor names, e.g. EVENT_TARGETS
 * @returns {() => void} undo
 */
export function patchEventTargets(names) {
  const wrappers = instrumentState().listenerWrappers;
  const undos = [];
  for (const name of names) {
    const proto = globalThis[name]?.prototype;
    if (!proto || !Object.prototype.hasOwnProperty.call(proto, 'addEventListener')) continue;
    undos.push(patchMethod(proto, 'addEventListener', (original, isActive) =>
      function addEventListener(type, listener, options) {
        if (!isActive() || !listener || (typeof listener !== 'function' && typeof listener !== 'object')) {
          return original.apply(this, arguments);
        }
        let wrapped = listener;
        try {
          const key = `${type}|${captureFlag(options)}`;
          let byKey = wrappers.get(listener);
          if (!byKey) wrappers.set(listener, (byKey = new Map()));
          wrapped = byKey.get(key);
          if (!wrapped) {
            const data = { function: 'addEventListener', handler: handlerName(listener) };
            const mechanismType = `${MECHANISM}.addEventListener`;
            wrapped = typeof listener === 'function'
              ? wrapCallback(listener, mechanismType, data, true)
              : wrapListenerObject(listener, mechanismType, data);
            byKey.set(key, wrapped);
          }
        } catch {
          wrapped = listener;
        }
        const args = Array.prototype.slice.call(arguments);
        args[1] = wrapped;
        return original.apply(this, args);
      }));
    if (Object.prototype.hasOwnProperty.call(proto, 'removeEventListener') && !isWrapper(proto.removeEventListener)) {
      const original = proto.removeEventListener;
      proto.removeEventListener = markWrapper(function removeEventListener(type, listener, options) {
        try {
          const wrapped = listener && wrappers.get(listener)?.get(`${type}|${captureFlag(options)}`);
          if (wrapped) original.call(this, type, wrapped, options);
        } catch {
          // Fall through to removing the listener as given.
        }
        // Also remove it as given: it may have been added before wrapping started.
        return original.apply(this, arguments);
      }, original);
    }
  }
  return () => undos.forEach((undo) => undo());
}

/**
 * Patches XMLHttpRequest.prototype.send so the request's on* handler properties set before
 * send() are wrapped.
 * @returns {() => void} undo
 */
export function patchXhrHandlers() {
  const proto = globalThis.XMLHttpRequest?.prototype;
  if (!proto) return () => {};
  return patchMethod(proto, 'send', (original, isActive) =>
    function send() {
      if (isActive()) {
        for (const prop of XHR_PROPS) {
          try {
            const handler = this[prop];
            if (typeof handler === 'function' && !isWrapper(handler)) {
              this[prop] = wrapCallback(handler, `${MECHANISM}.xhr.${prop}`, {
                function: prop,
                handler: handlerName(handler),
              });
            }
          } catch {
            // A handler property that cannot be replaced keeps working unwrapped.
          }
        }
      }
      return original.apply(this, arguments);
    });
}
