import { createApp } from 'vue';
import * as Vigil from 'vigil-sdk/vue';
import App from './App.vue';
import { router } from './router.js';

// The DSN: `?dsn=` on the page URL (handy with the local receiver), else VITE_VIGIL_DSN from the
// environment at build time (`VITE_VIGIL_DSN=https://...@o0.ingest.sentry.io/1 npm run build`).
const dsn = new URLSearchParams(location.search).get('dsn') ?? import.meta.env.VITE_VIGIL_DSN;

const app = createApp(App);

// The app's own error handler: Vigil reports the error, then this still runs.
window.appHandledErrors = [];
app.config.errorHandler = (error, instance, info) => {
  window.appHandledErrors.push({ message: String(error?.message ?? error), info });
};

Vigil.init({
  app,
  dsn,
  release: 'vue-example@1.0.0',
  environment: 'demo',
  tracesSampleRate: 1,
  // Props go into events only when asked: they may hold personal data.
  attachProps: true,
  // ui.vue.mount / ui.vue.update spans under the pageload and navigation transactions.
  trackComponents: true,
  integrations: [Vigil.browserTracingIntegration({ router })],
});

app.use(router);
app.mount('#app');

window.vigilReady = Vigil.getClient()?.ready.then(() => true);
