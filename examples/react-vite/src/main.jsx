import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import * as Vigil from 'vigil-sdk/react';
import { routes } from './routes.jsx';

// The DSN: `?dsn=` on the page URL (handy with the local receiver), else VITE_VIGIL_DSN from the
// environment at build time (`VITE_VIGIL_DSN=https://...@o0.ingest.sentry.io/1 npm run build`).
const dsn = new URLSearchParams(location.search).get('dsn') ?? import.meta.env.VITE_VIGIL_DSN;

Vigil.init({
  dsn,
  release: 'react-vite-example@1.0.0',
  environment: 'demo',
  tracesSampleRate: 1,
  // Session Replay in buffer mode: the last minute is sent with the first error. Text and inputs
  // are masked by default. Vite bundles the compression worker from the package by itself.
  replaysSessionSampleRate: 0,
  replaysOnErrorSampleRate: 1,
  integrations: [Vigil.reactRouterV7BrowserTracingIntegration(), Vigil.replayIntegration()],
});

// After init: the router's routes name the pageload and navigation transactions.
const router = Vigil.wrapCreateBrowserRouterV7(createBrowserRouter)(routes);

createRoot(document.getElementById('root'), {
  // React 19 reports errors no boundary caught here instead of to window.onerror.
  onUncaughtError: Vigil.reactErrorHandler((error, info) => console.warn('uncaught', error, info.componentStack)),
  onCaughtError: Vigil.reactErrorHandler(),
  onRecoverableError: Vigil.reactErrorHandler(),
}).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);

window.vigilReady = Vigil.getClient()?.ready.then(() => true);
