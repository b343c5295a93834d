// React Router (v6 and v7) tracing: pageload and navigation transactions named by the route
// pattern. Two ways in, as in @sentry/react:
// - data routers: `wrapCreateBrowserRouterV7(createBrowserRouter)(routes)` follows
//   router.subscribe();
// - <Routes>: `withVigilReactRouterV7Routing(Routes)`, using the hooks handed to
//   reactRouterV7BrowserTracingIntegration (React Router is the app's, never imported here).
// Either way the integration turns off URL-based navigations, so each route change makes one
// transaction, named by the router.
import * as React from 'react';
import { getClient } from '../browser/sdk.js';
import { browserTracingIntegration } from '../browser/tracing/browser-tracing.js';
import { reportRoute } from '../browser/tracing/route-spans.js';
import { routeNameOf } from './route-name.js';

// Set by the integration: what the router instrumentation may do, and the app's router hooks.
const config = { navigation: true, pageload: true, hooks: null };

/**
 * browserTracingIntegration for apps routed by React Router 6/7.
 * @param {object} [options] browserTracingIntegration's options, plus the router's hooks
 *   `useEffect`, `useLocation`, `useNavigationType`, `createRoutesFromChildren`, `matchRoutes`
 *   (needed only for withVigilReactRouterV7Routing)
 * @returns {{ name: string, setup(client: object): void }}
 */
export function reactRouterV7BrowserTracingIntegration(options = {}) {
  const { useEffect, useLocation, useNavigationType, createRoutesFromChildren, matchRoutes, ...tracing } = options;
  const base = browserTracingIntegration({ ...tracing, instrumentNavigation: false });
  return {
    ...base,
    setup(client) {
      config.navigation = tracing.instrumentNavigation !== false;
      config.pageload = tracing.instrumentPageLoad !== false;
      config.hooks = useEffect && useLocation && createRoutesFromChildren && matchRoutes
        ? { useEffect, useLocation, useNavigationType, createRoutesFromChildren, matchRoutes } : null;
      base.setup(client);
    },
  };
}

function report(name, fallbackPath, initial) {
  if (initial ? !config.pageload : !config.navigation) return;
  if (name) reportRoute(getClient(), name, { initial });
  else if (fallbackPath) reportRoute(getClient(), fallbackPath, { initial, source: 'url' });
}

/**
 * Instruments a data router (createBrowserRouter, createHashRouter, createMemoryRouter).
 * @template R
 * @param {R} router
 * @returns {R} the same router
 */
export function instrumentDataRouter(router) {
  try {
    const state = router?.state;
    if (!state || typeof router.subscribe !== 'function') return router;
    report(routeNameOf(state.matches), state.location?.pathname, true);
    let lastKey = locationKey(state.location);
    router.subscribe((next) => {
      try {
        // Reported once the navigation settled (loaders done, URL committed).
        if (next.navigation && next.navigation.state !== 'idle') return;
        const key = locationKey(next.location);
        if (key === lastKey) return;
        lastKey = key;
        report(routeNameOf(next.matches), next.location?.pathname, false);
      } catch {
        // Never into the app's routing.
      }
    });
  } catch {
    // The router works uninstrumented.
  }
  return router;
}

function locationKey(location) {
  return location ? `${location.key ?? ''}|${location.pathname ?? ''}${location.search ?? ''}` : '';
}

/**
 * Wraps createBrowserRouter (or createHashRouter, createMemoryRouter) so the routers it makes
 * report their routes. Call it after init().
 * @template {Function} F
 * @param {F} createRouterFunction
 * @returns {F}
 */
export function wrapCreateBrowserRouterV7(createRouterFunction) {
  return function createInstrumentedRouter(...args) {
    return instrumentDataRouter(createRouterFunction(...args));
  };
}

/**
 * Wraps React Router's <Routes> so route changes under it make transactions named by route.
 * Needs reactRouterV7BrowserTracingIntegration with the router's hooks; without them the
 * component is returned unchanged.
 * @template C
 * @param {C} Routes
 * @returns {C}
 */
export function withVigilReactRouterV7Routing(Routes) {
  let first = true;
  function VigilRoutes(props) {
    const hooks = config.hooks;
    if (!hooks) return React.createElement(Routes, props);
    const location = hooks.useLocation();
    hooks.useEffect(() => {
      try {
        const routes = hooks.createRoutesFromChildren(props.children);
        const name = routeNameOf(hooks.matchRoutes(routes, location));
        report(name, location.pathname, first);
        first = false;
      } catch {
        // Never into the app's rendering.
      }
    }, [location.pathname, location.search, location.key]);
    return React.createElement(Routes, props);
  }
  VigilRoutes.displayName = `VigilRoutes(${Routes?.displayName || Routes?.name || 'Routes'})`;
  return VigilRoutes;
}
