// Capturing what React reports: an error plus the component stack React gives with it
// ("at Profile (…)\n at ErrorBoundary (…)"), which says where in the tree it was thrown. The
// stack goes into the event's `react` context, and, as a linked error named
// "React ErrorBoundary <name>", becomes frames a server can resolve with source maps.
import { getClient } from '../browser/sdk.js';

const MAX_CAUSES = 10;

/**
 * Appends `cause` at the end of `error`'s cause chain (unless it is already in it).
 * @param {unknown} error
 * @param {Error} cause
 */
function appendCause(error, cause) {
  const seen = new Set();
  let current = error;
  for (let i = 0; i < MAX_CAUSES && current && typeof current === 'object' && !seen.has(current); i++) {
    seen.add(current);
    let next;
    try { next = current.cause; } catch { return; }
    if (next === undefined || next === null) {
      try { current.cause = cause; } catch { /* frozen error: only the context carries the stack */ }
      return;
    }
    current = next;
  }
}

/**
 * Captures an error React reported, with its component stack.
 * @param {unknown} error
 * @param {{ componentStack?: string | null }} [errorInfo] what React passes with the error
 * @param {{ mechanism?: { type: string, handled: boolean } }} [hint]
 * @returns {string} the event id ('' when the SDK is not initialised)
 */
export function captureReactException(error, errorInfo = {}, hint = {}) {
  try {
    const client = getClient();
    if (!client) return '';
    const componentStack = typeof errorInfo?.componentStack === 'string' ? errorInfo.componentStack : undefined;
    if (componentStack && error instanceof Error) {
      const stackError = new Error(error.message);
      stackError.name = `React ErrorBoundary ${error.name}`;
      stackError.stack = componentStack;
      appendCause(error, stackError);
    }
    return client.captureException(error, {
      mechanism: hint.mechanism ?? { type: 'generic', handled: true },
      captureContext: componentStack ? { contexts: { react: { componentStack } } } : undefined,
    });
  } catch {
    return '';
  }
}

/**
 * A handler for React 19's root error callbacks, as @sentry/react's:
 * `createRoot(el, { onUncaughtError: reactErrorHandler(), onCaughtError: reactErrorHandler(),
 * onRecoverableError: reactErrorHandler() })`. Errors a Vigil ErrorBoundary caught are left to
 * it (it reports them with its own options), so nothing is sent twice.
 * @param {(error: unknown, errorInfo: object, eventId: string | undefined) => void} [callback]
 *   runs after the capture, e.g. to keep logging to the console
 * @returns {(error: unknown, errorInfo: object) => void}
 */
export function reactErrorHandler(callback) {
  return (error, errorInfo) => {
    let eventId;
    const boundary = errorInfo?.errorBoundary;
    if (!boundary || !boundary.__vigilErrorBoundary) {
      // errorBoundary is set only for caught errors (onCaughtError).
      eventId = captureReactException(error, errorInfo, {
        mechanism: { type: 'auto.function.react.error_handler', handled: Boolean(boundary) },
      });
    }
    if (typeof callback === 'function') callback(error, errorInfo, eventId);
  };
}
