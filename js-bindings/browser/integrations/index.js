// The default browser integrations, one factory each, named as in @sentry/browser.
export { breadcrumbsIntegration } from './breadcrumbs.js';
export { browserApiErrorsIntegration } from './browser-api-errors.js';
export { dedupeIntegration } from './dedupe.js';
export { globalHandlersIntegration } from './global-handlers.js';
export { httpContextIntegration } from './http-context.js';
export { inboundFiltersIntegration, matchesInboundFilters } from './inbound-filters.js';
export { linkedErrorsIntegration } from './linked-errors.js';
