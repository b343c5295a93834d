// Reports a Vue app's errors through app.config.errorHandler, and its warnings (Vue gives them
// in development builds only) as breadcrumbs through warnHandler. Handlers the app had already
// set keep running; without one, errors and warnings still reach the console as Vue would print
// them, since setting a handler stops Vue from logging.
import { getClient } from '../browser/sdk.js';
import { componentName, vueContext } from './components.js';

/**
 * @typedef {object} VueErrorOptions
 * @property {boolean} [attachProps=false] add the component's props to events
 * @property {boolean} [logErrors=true] without an errorHandler of the app's, log errors as Vue does
 * @property {boolean} [captureWarnings=false] also send each Vue warning as a `warning` event
 */

/**
 * Hooks one Vue 3 app's errorHandler and warnHandler. Safe to call twice.
 * @param {{ config: object }} app the object createApp returned
 * @param {VueErrorOptions} [options]
 */
export function attachErrorHandler(app, options = {}) {
  const config = app?.config;
  if (!config || config.errorHandler?.__vigil) return;
  const previous = config.errorHandler;
  const previousWarn = config.warnHandler;

  function vigilErrorHandler(error, instance, info) {
    try {
      getClient()?.captureException(error, {
        mechanism: { type: 'auto.function.vue.error_handler', handled: typeof previous === 'function' },
        captureContext: { contexts: { vue: vueContext(instance, info, options.attachProps === true) } },
      });
    } catch {
      // The app's own handling goes on.
    }
    if (typeof previous === 'function') previous.call(this, error, instance, info);
    else if (options.logErrors !== false) console.error(error);
  }
  vigilErrorHandler.__vigil = true;
  config.errorHandler = vigilErrorHandler;

  function vigilWarnHandler(message, instance, trace) {
    try {
      const client = getClient();
      // Warnings raised while a component is set up (its props checked) come before Vue made
      // its instance; the trace's first line ("at <PlanBadge seats=...>") names it then.
      const traced = /at <([\w$-]+)/.exec(String(trace ?? ''))?.[1];
      const name = instance ? componentName(instance) : traced ?? 'Anonymous';
      client?.addBreadcrumb({ category: 'vue.warn', level: 'warning', message: String(message), data: { componentName: name } });
      if (options.captureWarnings) {
        client?.captureMessage(`[Vue warn]: ${message}`, {
          level: 'warning', contexts: { vue: vueContext(instance, 'warning', options.attachProps === true) },
        });
      }
    } catch {
      // As above.
    }
    if (typeof previousWarn === 'function') previousWarn.call(this, message, instance, trace);
    else console.warn(`[Vue warn]: ${message}${trace ? `\n${trace}` : ''}`);
  }
  config.warnHandler = vigilWarnHandler;
}
