// vigil-sdk for browsers. Named exports only, relative imports only: the package works from a
// bundler, a static server or a CDN alike.
export {
  init, getClient, captureException, captureMessage, captureEvent, addBreadcrumb,
  setUser, setTag, setTags, setExtra, setExtras, setContext, withScope, lastEventId, flush, close,
  startSpan, startInactiveSpan, startSpanManual, getActiveSpan, continueTrace, setMeasurement,
} from './sdk.js';
export { getDefaultIntegrations } from './default-integrations.js';
export {
  breadcrumbsIntegration, browserApiErrorsIntegration, dedupeIntegration, globalHandlersIntegration,
  httpContextIntegration, inboundFiltersIntegration, linkedErrorsIntegration,
} from './integrations/index.js';
export { browserTracingIntegration } from './tracing/browser-tracing.js';
export { startBrowserTracingNavigationSpan } from './tracing/route-spans.js';
export { BrowserClient } from './client.js';
export { replayIntegration, getReplay } from './replay-integration.js';
