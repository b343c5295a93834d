// Replacing a method on a page object in a way that can be undone. The wrapper keeps a link to
// the function it replaced, so callers can reach the unpatched function and so a wrapper that
// somebody else has patched over can still be switched off.

const ORIGINAL = Symbol.for('vigil.original');

/**
 * The function `fn` wraps, or `fn` itself when it is not one of ours. Installing our own
 * listeners through the original keeps them out of the SDK's own wrapping.
 * @template {Function} F
 * @param {F} fn
 * @returns {F}
 */
export function originalOf(fn) {
  let current = fn;
  while (typeof current === 'function' && current[ORIGINAL]) current = current[ORIGINAL];
  return current;
}

/** Links `wrapper` to the function it stands for (non-enumerable, so page code never sees it). */
export function markWrapper(wrapper, original) {
  try {
    Object.defineProperty(wrapper, ORIGINAL, { value: original, configurable: true });
  } catch {
    // A frozen function simply cannot be unwrapped later.
  }
  return wrapper;
}

/** True when `fn` is a wrapper made by this package. */
export function isWrapper(fn) {
  return typeof fn === 'function' && Boolean(fn[ORIGINAL]);
}

/**
 * Replaces `target[name]` with `makeWrapper(original, isActive)`. The wrapper must behave
 * exactly like `original` whenever `isActive()` is false.
 * @param {object} target
 * @param {string} name
 * @param {(original: Function, isActive: () => boolean) => Function} makeWrapper
 * @returns {() => void} undo: restores the original when the wrapper is still in place, and
 *   in any case switches the wrapper to pass-through
 */
export function patchMethod(target, name, makeWrapper) {
  const original = target?.[name];
  if (typeof original !== 'function') return () => {};
  let active = true;
  const wrapper = markWrapper(makeWrapper(original, () => active), original);
  const wasOwn = Object.prototype.hasOwnProperty.call(target, name);
  try {
    target[name] = wrapper;
  } catch {
    return () => {};
  }
  return () => {
    active = false;
    if (target[name] !== wrapper) return;
    try {
      if (wasOwn) target[name] = original;
      else delete target[name];
      // Deleting an own copy must reveal the original again; if not, put it back explicitly.
      if (target[name] !== original) target[name] = original;
    } catch {
      // The pass-through wrapper stays; it no longer does anything.
    }
  };
}
