// A Vue app's setup, as examples/vue has it.
import { attachErrorHandler, browserTracingIntegration, init, type VueApp } from 'vigil-sdk/vue';

declare const app: VueApp;
declare const router: { beforeEach(guard: (to: unknown, from: unknown) => unknown): unknown };

init({ app, dsn: 'https://key@o0.ingest.sentry.io/1', attachProps: false, tracesSampleRate: 1,
  integrations: [browserTracingIntegration({ router })] });
attachErrorHandler(app, { captureWarnings: true });

// @ts-expect-error routeLabel is 'name' or 'path'
browserTracingIntegration({ router, routeLabel: 'title' });
