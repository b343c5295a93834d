// The seam between browserTracingIntegration and router integrations (vigil-sdk/react,
// vigil-sdk/vue): a router knows the route a URL matched ('/users/:id'), the tracing knows the
// pageload or navigation transaction that runs. The tracing registers itself per client here;
// routers rename the pageload and start navigations through it, named by route.

const registry = new WeakMap();

/**
 * @typedef {object} RouteTracing
 * @property {() => ({ op: string, span: import('../../core/span.js').Span, href?: string } | null)} current
 *   the pageload or navigation transaction running now
 * @property {(name: string, source: string) => import('../../core/span.js').Span} startNavigation
 *   ends what runs and starts a navigation transaction
 */

/**
 * @param {object} client
 * @param {RouteTracing} tracing
 */
export function registerRouteTracing(client, tracing) {
  registry.set(client, tracing);
}

/**
 * @param {object} [client]
 * @returns {RouteTracing|undefined} the tracing set up on that client, if any
 */
export function routeTracing(client) {
  return client && typeof client === 'object' ? registry.get(client) : undefined;
}

/**
 * Starts a navigation transaction, as @sentry/browser's function of the same name: for routers
 * that report navigations themselves (browserTracingIntegration({ instrumentNavigation: false })).
 * @param {object} client
 * @param {{ name: string, attributes?: Record<string, unknown> }} spanOptions
 * @returns {import('../../core/span.js').Span|undefined}
 */
export function startBrowserTracingNavigationSpan(client, spanOptions = {}) {
  try {
    const tracing = routeTracing(client);
    if (!tracing) return undefined;
    const source = String(spanOptions.attributes?.['sentry.source'] ?? 'url');
    return tracing.startNavigation(String(spanOptions.name ?? globalThis.location?.pathname ?? '/'), source);
  } catch {
    return undefined;
  }
}

/**
 * Names what a router matched. The first report of a router names the pageload transaction
 * (still running while the app mounts); later ones start a navigation named by the route.
 * @param {object} [client]
 * @param {string} name the route, e.g. '/users/:id'
 * @param {{ initial?: boolean, source?: string }} [options] initial: the router's first route
 */
export function reportRoute(client, name, { initial = false, source = 'route' } = {}) {
  try {
    const tracing = routeTracing(client);
    if (!tracing || !name) return;
    if (initial) {
      const running = tracing.current();
      if (running && running.op === 'pageload') running.span.updateName(name, source);
      return;
    }
    tracing.startNavigation(name, source);
  } catch {
    // Never into the app's routing.
  }
}
