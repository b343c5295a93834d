// AWS Lambda handlers, async and callback style, as examples/lambda wraps them.
import { captureException, init, setTag, wrapHandler, type LambdaContext } from 'vigil-sdk/lambda';

declare const process: { env: Record<string, string | undefined> };
init({ dsn: process.env.SENTRY_DSN, transportOptions: { maxQueueSize: 32 } });

interface Order { id: string }
export const handler = wrapHandler(async (event: Order, context: LambdaContext) => {
  setTag('order', event.id);
  return { statusCode: 200, remaining: context.getRemainingTimeInMillis() };
}, { flushTimeout: 1500, timeoutWarningLimit: 300 });

export const legacy = wrapHandler((event: Order, _context: LambdaContext, callback: (error?: unknown, result?: string) => void) => {
  try {
    callback(undefined, event.id);
  } catch (error) {
    captureException(error);
  }
});

// @ts-expect-error flushTimeout is in milliseconds, a number
wrapHandler(async () => 1, { flushTimeout: '2s' });
