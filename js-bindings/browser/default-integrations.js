// The integrations init() installs unless told otherwise, as @sentry/browser's defaults.
import {
  breadcrumbsIntegration, browserApiErrorsIntegration, dedupeIntegration, globalHandlersIntegration,
  httpContextIntegration, inboundFiltersIntegration, linkedErrorsIntegration,
} from './integrations/index.js';

/**
 * @param {object} [options] init() options (unused today; kept for Sentry's signature)
 * @returns {Array<{name: string, setup?: Function}>}
 */
export function getDefaultIntegrations(options) { // eslint-disable-line no-unused-vars
  return [
    inboundFiltersIntegration(),
    globalHandlersIntegration(),
    browserApiErrorsIntegration(),
    breadcrumbsIntegration(),
    linkedErrorsIntegration(),
    dedupeIntegration(),
    httpContextIntegration(),
  ];
}
