// globalHandlers: uncaught exceptions and unhandled promise rejections, captured with
// handled: false. Errors that browserApiErrors already reported are skipped, and the
// browser's own console reporting is left alone (no preventDefault).
import { onUnhandledRejection, onWindowError } from './instrument-errors.js';
import { wasCaptured } from './instrument-state.js';

const NAME = 'GlobalHandlers';
const ERROR_TYPE = /^(?:[Uu]ncaught (?:exception: )?)?(?:((?:Eval|Internal|Range|Reference|Syntax|Type|URI|)Error): )?([\s\S]*)$/;

/**
 * An Error for an 'error' event that carries no thrown value (cross-origin "Script error.",
 * errors dispatched by hand, `throw undefined`): type and message come from the event's message,
 * the one stack frame from its filename, line and column.
 * @param {ErrorEvent} event
 * @returns {Error}
 */
export function errorFromEvent(event) {
  const text = typeof event.message === 'string' ? event.message : String(event.message ?? '');
  const [, type, message] = ERROR_TYPE.exec(text) ?? [];
  const error = new Error(message ?? text);
  error.name = type || 'Error';
  // The stack is written in V8's format, which the core's parser reads on every engine; without
  // it the stack would point into this file instead of at the page's script.
  let stack = `${error.name}: ${error.message}`;
  if (event.filename) stack += `\n    at ${event.filename}:${event.lineno || 0}:${event.colno || 0}`;
  try {
    Object.defineProperty(error, 'stack', { value: stack, writable: true, configurable: true });
  } catch {
    // Engines that refuse keep their own stack.
  }
  return error;
}

/**
 * @typedef {object} GlobalHandlersOptions
 * @property {boolean} [onerror=true] capture uncaught exceptions
 * @property {boolean} [onunhandledrejection=true] capture unhandled promise rejections
 */

/**
 * Captures uncaught exceptions and unhandled promise rejections.
 * @param {GlobalHandlersOptions} [options]
 * @returns {{ name: string, setup(client: object): void }}
 */
export function globalHandlersIntegration(options = {}) {
  const { onerror = true, onunhandledrejection = true } = options;
  return {
    name: NAME,
    setup(client) {
      const removers = [];
      if (onerror) {
        removers.push(onWindowError(NAME, (event) => {
          if (!event || (typeof ErrorEvent !== 'undefined' && !(event instanceof ErrorEvent))) return;
          const thrown = event.error;
          if (wasCaptured(thrown)) return;
          // A thrown value is reported as it is; only an event without one gets an error made up.
          const error = thrown !== undefined && thrown !== null ? thrown : errorFromEvent(event);
          client.captureException(error, {
            mechanism: { type: 'onerror', handled: false },
            originalException: thrown ?? event.message,
          });
        }));
      }
      if (onunhandledrejection) {
        removers.push(onUnhandledRejection(NAME, (event) => {
          // Some polyfills and frameworks put the reason in event.detail.
          const reason = event && 'reason' in event ? event.reason : event?.detail?.reason;
          if (wasCapturedObject(reason)) return;
          client.captureException(isObject(reason) ? reason : rejectionError(reason), {
            mechanism: { type: 'onunhandledrejection', handled: false },
            originalException: reason,
          });
        }));
      }
      client.on?.('close', () => removers.forEach((remove) => remove()));
    },
  };
}

/**
 * An error standing for a promise rejected with a primitive (`reject('x')`, `reject()`),
 * worded as Sentry words it so existing filters and issue titles keep matching.
 */
export function rejectionError(reason) {
  let text;
  try {
    text = typeof reason === 'symbol' ? reason.toString() : String(reason);
  } catch {
    text = '[unprintable]';
  }
  const error = new Error(`Non-Error promise rejection captured with value: ${text}`);
  error.name = 'UnhandledRejection';
  try {
    // No frames: the stack would only point into this file.
    Object.defineProperty(error, 'stack', { value: `${error.name}: ${error.message}`, writable: true, configurable: true });
  } catch {
    // keep the engine's stack
  }
  return error;
}

function isObject(value) {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

// A rejection never passes through a wrapped callback's rethrow, so only an object that was
// already captured (and then rejected with) is skipped; primitives must not consume the
// skip tokens meant for window 'error'.
function wasCapturedObject(value) {
  return isObject(value) && wasCaptured(value);
}
