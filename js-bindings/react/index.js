// vigil-sdk/react: everything vigil-sdk exports for browsers, plus React's error boundary, the
// React 19 root error handler and React Router tracing (@sentry/react's names). React is the
// app's own (a peer dependency); nothing here needs JSX.
export * from '../browser/index.js';
export { ErrorBoundary, withErrorBoundary } from './error-boundary.js';
export { captureReactException, reactErrorHandler } from './capture.js';
export {
  reactRouterV7BrowserTracingIntegration, wrapCreateBrowserRouterV7, withVigilReactRouterV7Routing,
  instrumentDataRouter,
} from './react-router.js';
// React Router 6 shares the API.
export {
  reactRouterV7BrowserTracingIntegration as reactRouterV6BrowserTracingIntegration,
  wrapCreateBrowserRouterV7 as wrapCreateBrowserRouterV6,
  withVigilReactRouterV7Routing as withVigilReactRouterV6Routing,
} from './react-router.js';
