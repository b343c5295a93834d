// DOM instrumentation: clicks and key presses anywhere in the document, seen in the capture
// phase so a page that stops propagation still leaves a trail. Listeners are passive.
import { addHandler, triggerHandlers } from './instrument-state.js';
import { originalOf } from './instrument-patch.js';

const DOM_EVENTS = ['click', 'keypress'];

function install() {
  const document = globalThis.document;
  if (!document) return () => {};
  const listener = (event) => triggerHandlers('dom', { name: event.type, event });
  const options = { capture: true, passive: true };
  const add = originalOf(document.addEventListener);
  for (const type of DOM_EVENTS) add.call(document, type, listener, options);
  return () => {
    const remove = originalOf(document.removeEventListener);
    for (const type of DOM_EVENTS) remove.call(document, type, listener, options);
  };
}

/**
 * Calls `handler({ name: 'click' | 'keypress', event })` for clicks and key presses.
 * @param {string} slot owner name; a later registration in the same slot replaces this one
 * @param {(data: { name: string, event: Event }) => void} handler
 * @returns {() => void} unregisters
 */
export function onDom(slot, handler) {
  return addHandler('dom', slot, handler, install);
}
