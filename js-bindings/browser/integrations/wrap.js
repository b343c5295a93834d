// Wrapping page callbacks so an exception thrown inside is reported before it continues
// exactly as it would have (the browser still sees it, prints it and fires window 'error').
import { triggerHandlers } from './instrument-state.js';
import { isWrapper, markWrapper } from './instrument-patch.js';

/**
 * Returns a function that calls `fn` with the same `this`, arguments and return value; if `fn`
 * throws, the 'wrapped-error' handlers get `{ error, mechanism }` and the error is rethrown.
 * Functions that are already wrappers come back unchanged.
 * @template {Function} F
 * @param {F} fn
 * @param {string} mechanismType e.g. 'auto.browser.browserapierrors.setTimeout'
 * @param {Record<string, string>} data mechanism data: function, handler, ...
 * @param {boolean} [withTarget=false] add data.target, the kind of object `this` is (listeners)
 * @returns {F}
 */
export function wrapCallback(fn, mechanismType, data, withTarget = false) {
  if (typeof fn !== 'function' || isWrapper(fn)) return fn;
  const wrapped = function vigilWrapped() {
    try {
      return fn.apply(this, arguments);
    } catch (error) {
      report(error, mechanismType, data, withTarget ? this : undefined);
      throw error;
    }
  };
  return markWrapper(wrapped, fn);
}

/**
 * Like wrapCallback for an EventListener object: its handleEvent is looked up on each call,
 * as the browser does, and called with the object as `this`.
 */
export function wrapListenerObject(listener, mechanismType, data) {
  const wrapped = function vigilWrappedListener() {
    try {
      const handleEvent = listener.handleEvent;
      if (typeof handleEvent !== 'function') throw new TypeError("The listener's handleEvent is not a function");
      return handleEvent.apply(listener, arguments);
    } catch (error) {
      report(error, mechanismType, data, this);
      throw error;
    }
  };
  return markWrapper(wrapped, listener);
}

function report(error, type, data, target) {
  let mechanismData = data;
  if (target !== undefined && target !== null) {
    try {
      // The kind of object the listener ran on: 'HTMLButtonElement', 'Window', ...
      const tag = Object.prototype.toString.call(target).slice(8, -1);
      if (tag && tag !== 'Object') mechanismData = { ...data, target: tag };
    } catch {
      // keep the data without a target
    }
  }
  triggerHandlers('wrapped-error', { error, mechanism: { type, handled: false, data: mechanismData } });
}

/** The name a callback reports itself by. */
export function handlerName(fn) {
  try {
    if (typeof fn === 'function') return fn.name || '<anonymous>';
    if (fn && typeof fn === 'object') return `${fn.constructor?.name || 'Object'}.handleEvent`;
  } catch {
    // fall through
  }
  return '<anonymous>';
}
