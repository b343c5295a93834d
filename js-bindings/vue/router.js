// Vue Router tracing: the pageload transaction is named by the first route, and every later
// route change starts a navigation transaction named by its route: the route's `name` when it
// has one (routeLabel 'name', as @sentry/vue), else its path pattern ('/users/:id').
import { getClient } from '../browser/sdk.js';
import { browserTracingIntegration as browserBrowserTracing } from '../browser/tracing/browser-tracing.js';
import { reportRoute } from '../browser/tracing/route-spans.js';

/**
 * @param {object} to the route being entered
 * @param {'name' | 'path'} routeLabel
 * @returns {{ name: string, source: string }}
 */
export function routeTransactionName(to, routeLabel = 'name') {
  if (routeLabel === 'name' && to?.name !== undefined && to?.name !== null && typeof to.name !== 'symbol') {
    return { name: String(to.name), source: 'custom' };
  }
  const pattern = to?.matched?.length ? to.matched[to.matched.length - 1]?.path : undefined;
  if (pattern) return { name: pattern, source: 'route' };
  return { name: String(to?.path ?? globalThis.location?.pathname ?? '/'), source: 'url' };
}

/**
 * Reports a Vue Router's route changes to the tracing set up by init().
 * @param {{ beforeEach: Function }} router
 * @param {{ routeLabel?: 'name' | 'path', instrumentPageLoad?: boolean, instrumentNavigation?: boolean }} [options]
 */
export function instrumentVueRouter(router, options = {}) {
  if (!router || typeof router.beforeEach !== 'function') return;
  let first = true;
  // Installed after the router's first navigation (app.use(router) before init()): that route
  // names the pageload now, and the next change is a navigation.
  const current = router.currentRoute?.value;
  if (current?.matched?.length) {
    first = false;
    if (options.instrumentPageLoad !== false) {
      const { name, source } = routeTransactionName(current, options.routeLabel ?? 'name');
      reportRoute(getClient(), name, { initial: true, source });
    }
  }
  router.beforeEach((to) => {
    try {
      const initial = first;
      first = false;
      if (initial ? options.instrumentPageLoad === false : options.instrumentNavigation === false) return;
      const { name, source } = routeTransactionName(to, options.routeLabel ?? 'name');
      reportRoute(getClient(), name, { initial, source });
    } catch {
      // Never into the app's routing.
    }
    // Returning nothing lets the navigation go on.
  });
}

/**
 * browserTracingIntegration, plus Vue Router route names when `router` is given (as
 * @sentry/vue's `browserTracingIntegration({ router })`).
 * @param {object} [options] browserTracingIntegration's options, plus `router` and
 *   `routeLabel` ('name' or 'path')
 * @returns {{ name: string, setup(client: object): void }}
 */
export function browserTracingIntegration(options = {}) {
  const { router, routeLabel, ...tracing } = options;
  if (!router) return browserBrowserTracing(tracing);
  // The router reports navigations; URL changes alone would make a second, URL-named one.
  const base = browserBrowserTracing({ ...tracing, instrumentNavigation: false });
  return {
    ...base,
    setup(client) {
      base.setup(client);
      instrumentVueRouter(router, {
        routeLabel,
        instrumentPageLoad: tracing.instrumentPageLoad,
        instrumentNavigation: tracing.instrumentNavigation,
      });
    },
  };
}
