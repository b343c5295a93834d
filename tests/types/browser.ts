// Code a browser app writes, as the README shows it. Each `@ts-expect-error` line must fail to
// type-check: TypeScript reports a directive that has nothing to suppress.
import {
  addBreadcrumb, browserTracingIntegration, captureException, captureMessage, flush, getReplay, init,
  replayIntegration, setTag, startSpan, withScope, type BrowserOptions, type Event,
} from 'vigil-sdk';

const options: BrowserOptions = {
  dsn: 'https://key@o0.ingest.sentry.io/1',
  release: 'shop@1.2.3',
  environment: 'production',
  sampleRate: 1,
  tracesSampleRate: 0.2,
  tracePropagationTargets: ['localhost', /^https:\/\/api\./],
  replaysSessionSampleRate: 0,
  replaysOnErrorSampleRate: 1,
  ignoreErrors: ['ResizeObserver loop', /^Script error/],
  beforeSend(event: Event) {
    return event.user?.email ? { ...event, user: { id: event.user.id } } : event;
  },
  integrations: (defaults) => [...defaults, browserTracingIntegration(), replayIntegration({ maskAllText: true })],
};
const client = init(options);
client?.on('afterSendEvent', () => {});

const id: string = captureException(new Error('boom'), { tags: { area: 'cart' }, level: 'error' });
captureMessage('hello', 'info');
setTag('plan', 'pro');
addBreadcrumb({ category: 'auth', message: 'signed in', level: 'info' });
withScope((scope) => scope.setUser({ id: 42 }).setExtra('cart', { items: 3 }));
const total: number = startSpan({ name: 'checkout', op: 'ui.action' }, (span) => {
  span.setAttribute('items', 3).setStatus('ok');
  return 3;
});
const replayId: string | undefined = getReplay()?.getReplayId();
void flush(2000).then((done: boolean) => done);

// @ts-expect-error sampleRate is a number
init({ sampleRate: '1' });
// @ts-expect-error a breadcrumb's level is a SeverityLevel
addBreadcrumb({ level: 'loud' });
// @ts-expect-error replay compression is zlib, brotli or none
replayIntegration({ compression: 'gzip' });

export { id, total, replayId };
