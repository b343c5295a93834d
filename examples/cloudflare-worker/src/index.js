// An orders API on Cloudflare Workers, instrumented with vigil-sdk/edge. withVigil() wraps the
// handler the way @sentry/cloudflare's withSentry() does: each request gets its own scope, an
// uncaught error is reported and rethrown, and events leave through ctx.waitUntil so responses
// never wait for them.
import * as Vigil from 'vigil-sdk/edge';
import wasm from 'vigil-sdk/vigil.wasm';

async function loadOrder(id) {
  // Stands in for a database or KV read.
  await new Promise((resolve) => setTimeout(resolve, 5));
  if (id === '13') throw new Error(`order ${id} is corrupt`);
  return { id, items: 2, total: 42 };
}

export default Vigil.withVigil(
  (env) => ({
    dsn: env.SENTRY_DSN,
    release: env.RELEASE ?? 'orders-worker@1.0.0',
    environment: env.ENVIRONMENT ?? 'development',
    sampleRate: 1,
    sendDefaultPii: false,
    wasmModule: wasm,
  }),
  {
    async fetch(request, env, ctx) {
      const url = new URL(request.url);
      const user = request.headers.get('x-user-id');
      if (user) Vigil.setUser({ id: user });

      const match = /^\/orders\/(\w+)$/.exec(url.pathname);
      if (match) {
        Vigil.addBreadcrumb({ category: 'orders', message: `load ${match[1]}` });
        const order = await loadOrder(match[1]); // order 13 throws: reported, then a 500
        return Response.json(order);
      }
      if (url.pathname === '/report') {
        // A handled problem: reported, the response goes on.
        Vigil.captureMessage('report requested while the exporter is disabled', 'warning');
        return new Response('report queued', { status: 202 });
      }
      if (url.pathname === '/cleanup') {
        // Work after the response still belongs to this request's scope.
        ctx.waitUntil(loadOrder('13').catch((error) => Vigil.captureException(error)));
        return new Response('cleanup started', { status: 202 });
      }
      return new Response('orders API: GET /orders/:id, /report, /cleanup', { status: 404 });
    },

    async scheduled(controller) {
      Vigil.setTag('cron', controller.cron);
      await loadOrder('13');
    },
  },
);
