// The SDK's own logging, silent unless `debug` is set. It keeps the console methods as they
// were when the SDK loaded, so its lines never become console breadcrumbs.
const original = {};
for (const level of ['log', 'warn', 'error']) {
  original[level] = typeof console !== 'undefined' && console[level] ? console[level].bind(console) : () => {};
}

/**
 * @param {boolean} enabled
 * @returns {{log: Function, warn: Function, error: Function}}
 */
export function debugLogger(enabled) {
  const make = (level) => (enabled ? (...args) => original[level]('[vigil]', ...args) : () => {});
  return { log: make('log'), warn: make('warn'), error: make('error') };
}
