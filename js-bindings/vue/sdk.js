// init for Vue apps: the browser init, plus vueIntegration for `app` (@sentry/vue's options:
// app, attachProps, logErrors, trackComponents, hooks).
import { init as browserInit } from '../browser/sdk.js';
import { vueIntegration } from './integration.js';

/**
 * @param {object} [options] vigil-sdk's init options plus `app`, `attachProps`, `logErrors`,
 *   `captureWarnings`, `trackComponents`, `hooks`, `tracingOptions`
 * @returns {import('../browser/client.js').BrowserClient | undefined}
 */
export function init(options = {}) {
  const { app, attachProps, attachErrorHandler, logErrors, captureWarnings, trackComponents, hooks, tracingOptions, ...rest } = options;
  if (!app) return browserInit(rest);
  const vue = vueIntegration({
    app, attachProps, attachErrorHandler, logErrors, captureWarnings,
    tracingOptions: { trackComponents, hooks, ...tracingOptions },
  });
  const given = rest.integrations;
  const integrations = typeof given === 'function'
    ? (defaults) => [...(given(defaults) ?? []), vue]
    : [...(Array.isArray(given) ? given : []), vue];
  return browserInit({ ...rest, integrations });
}
