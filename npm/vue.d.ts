// Types for vigil-sdk/vue: everything the browser entry exports, plus @sentry/vue's Vue API.
// Vue itself is only a type here; the package never imports it.
import type { BrowserOptions, BrowserTracingOptions, Client, Integration } from './index';

export * from './index';

/** What the integration needs of an app: createApp()'s result. */
export interface VueApp {
  config: { errorHandler?: unknown; warnHandler?: unknown; [key: string]: unknown };
  mixin(mixin: Record<string, unknown>): unknown;
}

export interface TracingOptions {
  /** Component spans (ui.vue.*) for all components (true) or the named ones. Default false. */
  trackComponents?: boolean | string[];
  /** Operations to record. Default ['mount', 'update']. */
  hooks?: Array<'create' | 'mount' | 'update' | 'unmount' | 'destroy'>;
}

export interface VueErrorOptions {
  /** The component's props in the event's `vue` context. Default false (they may hold personal data). */
  attachProps?: boolean;
  /** Without an errorHandler of the app's own, log errors to the console as Vue does. Default true. */
  logErrors?: boolean;
  /** Send each Vue warning (development builds only) as a `warning` event too; always a breadcrumb. Default false. */
  captureWarnings?: boolean;
}

export interface VueIntegrationOptions extends VueErrorOptions {
  app?: VueApp | VueApp[];
  /** Default true. */
  attachErrorHandler?: boolean;
  tracingOptions?: TracingOptions;
}

export interface VueOptions extends BrowserOptions, VueErrorOptions, TracingOptions {
  app?: VueApp | VueApp[];
  attachErrorHandler?: boolean;
  tracingOptions?: TracingOptions;
}

/** init() with vueIntegration for `app`. */
export function init(options?: VueOptions): Client | undefined;
export function vueIntegration(options?: VueIntegrationOptions): Integration;
/** Hooks an app's errorHandler and warnHandler (for apps created after init()). */
export function attachErrorHandler(app: VueApp, options?: VueErrorOptions): void;
/** Lifecycle hooks for app.mixin() that record component spans. */
export function createTracingMixins(options?: TracingOptions): Record<string, Function>;

export interface VueRouterLike {
  beforeEach(guard: (to: any, from: any) => unknown): unknown;
}

export interface VueBrowserTracingOptions extends BrowserTracingOptions {
  /** Name transactions by this router's routes. */
  router?: VueRouterLike;
  /** 'name' (default): the route's name when it has one, else its path pattern; 'path': always the pattern. */
  routeLabel?: 'name' | 'path';
}

export function browserTracingIntegration(options?: VueBrowserTracingOptions): Integration;
/** Reports a router's route changes to the tracing init() set up. */
export function instrumentVueRouter(
  router: VueRouterLike,
  options?: { routeLabel?: 'name' | 'path'; instrumentPageLoad?: boolean; instrumentNavigation?: boolean },
): void;
