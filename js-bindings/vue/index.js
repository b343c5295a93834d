// vigil-sdk/vue: everything vigil-sdk exports for browsers, with init({ app }) reporting Vue's
// errors, browserTracingIntegration({ router }) naming transactions by Vue Router's routes,
// and component spans (@sentry/vue's names). Vue itself is never imported here.
export * from '../browser/index.js';
export { init } from './sdk.js';
export { vueIntegration } from './integration.js';
export { attachErrorHandler } from './error-handler.js';
export { createTracingMixins } from './tracing-mixins.js';
export { browserTracingIntegration, instrumentVueRouter } from './router.js';
