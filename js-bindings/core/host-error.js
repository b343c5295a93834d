// Describes whatever was thrown (an Error, a DOMException, an ErrorEvent, a string, a plain
// object, undefined) as the core reads it: { type, value, stack, cause }. Stack text is parsed
// into frames by the core, not here.
import { toSafeJson } from './serialize.js';

const MAX_CAUSE_DEPTH = 5;

/**
 * @param {unknown} thrown
 * @param {{ causeLimit?: number, causeKey?: string, syntheticStack?: string }} [options]
 * @returns {{ description: object, extra?: object }} the error description, plus extra data
 *   worth attaching (the keys of a plain object thrown as an error).
 */
export function describeThrown(thrown, options = {}) {
  const limit = options.causeLimit ?? MAX_CAUSE_DEPTH;
  const key = options.causeKey ?? 'cause';
  if (isErrorLike(thrown)) return { description: describeError(thrown, limit, key, new Set()) };

  if (typeof ErrorEvent !== 'undefined' && thrown instanceof ErrorEvent && thrown.error) {
    return describeThrown(thrown.error, options);
  }
  if (typeof thrown === 'object' && thrown !== null) {
    // A plain object thrown or rejected: Sentry names it by its keys and keeps it as extra data.
    const keys = safeKeys(thrown);
    const name = constructorName(thrown);
    const value = typeof Event !== 'undefined' && thrown instanceof Event
      ? `Event \`${thrown.type}\` (type=${thrown.type}) captured as exception`
      : `${name === 'Object' ? 'Object' : name} captured as exception with keys: ${keys.slice(0, 10).join(', ') || '[none]'}`;
    return {
      description: { type: 'Error', value, stack: options.syntheticStack ?? '' },
      extra: { __serialized__: JSON.parse(toSafeJson(thrown)) },
    };
  }
  return {
    description: {
      type: 'Error',
      value: thrown === undefined ? 'undefined' : String(thrown),
      stack: options.syntheticStack ?? '',
    },
  };
}

function describeError(error, limit, key, seen) {
  seen.add(error);
  const out = {
    type: safeString(() => error.name) || constructorName(error) || 'Error',
    value: safeString(() => error.message),
    stack: safeString(() => error.stack),
  };
  if (limit > 0) {
    let cause;
    try { cause = error[key]; } catch { cause = undefined; }
    if (isErrorLike(cause) && !seen.has(cause)) out.cause = describeError(cause, limit - 1, key, seen);
  }
  return out;
}

function isErrorLike(value) {
  if (value instanceof Error) return true;
  if (typeof DOMException !== 'undefined' && value instanceof DOMException) return true;
  // Errors from another realm (an iframe) fail instanceof but keep their tag.
  return Object.prototype.toString.call(value) === '[object Error]';
}

function safeString(read) {
  try {
    const v = read();
    return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
  } catch {
    return '';
  }
}

function safeKeys(obj) {
  try { return Object.keys(obj).sort(); } catch { return []; }
}

function constructorName(obj) {
  try { return Object.getPrototypeOf(obj)?.constructor?.name ?? ''; } catch { return ''; }
}
