// vueIntegration: error and warning handlers on the app(s), and component spans when asked.
import { attachErrorHandler } from './error-handler.js';
import { createTracingMixins } from './tracing-mixins.js';

const NAME = 'Vue';

/**
 * @typedef {object} VueIntegrationOptions
 * @property {object | object[]} [app] the app(s) createApp returned
 * @property {boolean} [attachErrorHandler=true]
 * @property {boolean} [attachProps=false] props in events (off: they may hold personal data)
 * @property {boolean} [logErrors=true]
 * @property {boolean} [captureWarnings=false]
 * @property {import('./tracing-mixins.js').TracingOptions} [tracingOptions]
 */

/**
 * @param {VueIntegrationOptions} [options]
 * @returns {{ name: string, setup(client: object): void }}
 */
export function vueIntegration(options = {}) {
  return {
    name: NAME,
    setup() {
      const apps = Array.isArray(options.app) ? options.app : options.app ? [options.app] : [];
      const mixins = createTracingMixins(options.tracingOptions ?? {});
      for (const app of apps) {
        if (options.attachErrorHandler !== false) attachErrorHandler(app, options);
        if (Object.keys(mixins).length > 0 && typeof app?.mixin === 'function') app.mixin(mixins);
      }
    },
  };
}
