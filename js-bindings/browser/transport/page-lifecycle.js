// The page events the transport reacts to: the page being hidden or left (the last moment to
// hand data to keepalive requests, which outlive the page) and the network coming back.

/**
 * @param {object} handlers
 * @param {() => void} handlers.onHide `visibilitychange` to hidden, and `pagehide`: on mobile a
 *   hidden page is often killed without any further event, so hidden already counts.
 * @param {() => void} handlers.onLeave `pagehide` only: the document is being unloaded or
 *   frozen into the back/forward cache.
 * @param {() => void} handlers.onReturn `pageshow` from the back/forward cache: the page lives on.
 * @param {() => void} handlers.onOnline the `online` event.
 * @returns {() => void} removes the listeners.
 */
export function watchPageLifecycle({ onHide, onLeave, onReturn, onOnline }) {
  const target = globalThis;
  const doc = globalThis.document;
  const onVisibility = () => {
    if (doc.visibilityState === 'hidden') onHide();
  };
  const onPageHide = () => {
    onHide();
    onLeave();
  };
  const onPageShow = (event) => {
    if (event.persisted) onReturn();
  };
  const listeners = [];
  const listen = (on, type, fn) => {
    if (typeof on?.addEventListener !== 'function') return;
    on.addEventListener(type, fn);
    listeners.push(() => on.removeEventListener(type, fn));
  };
  if (doc) listen(doc, 'visibilitychange', onVisibility);
  listen(target, 'pagehide', onPageHide);
  listen(target, 'pageshow', onPageShow);
  listen(target, 'online', onOnline);
  return () => {
    for (const remove of listeners) remove();
  };
}

/** @returns {boolean} false only when the browser is sure it has no network. */
export function isOnline() {
  return globalThis.navigator?.onLine !== false;
}
