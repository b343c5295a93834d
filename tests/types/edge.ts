// A Cloudflare worker instrumented as examples/cloudflare-worker does it.
import { captureMessage, getInvocationScope, setUser, withVigil, type EdgeOptions } from 'vigil-sdk/edge';

declare const wasm: WebAssembly.Module;
interface Env { SENTRY_DSN: string }
interface Ctx { waitUntil(promise: Promise<unknown>): void; passThroughOnException(): void }

export default withVigil((env: Env): EdgeOptions => ({ dsn: env.SENTRY_DSN, release: 'api@1', wasmModule: wasm, flushTimeout: 1000 }), {
  async fetch(request: Request, env: Env, ctx: Ctx): Promise<Response> {
    setUser({ id: request.headers.get('x-user') ?? 'anonymous' });
    getInvocationScope(ctx).setTag('route', new URL(request.url).pathname);
    captureMessage('served', 'info');
    return new Response('ok');
  },
});

// @ts-expect-error workers cannot compile Wasm from bytes: the module is required
const missingModule: EdgeOptions = { dsn: 'https://key@o0.ingest.sentry.io/1' };
export { missingModule };
