// The capture-throughput workload, identical for every SDK: a realistic scope, then N
// captureException calls of a real thrown Error, timed until every event has reached the
// SDK's transport. capture-sentry.js and capture-vigil.js each hand over an adapter (their
// SDK's top-level API plus a way to recognise an event among what the transport is given).

const DEPTH = 15; // frames between the loop and the throw

/**
 * Counts what the transport receives, event envelopes apart from everything else (sessions,
 * client reports), and resolves waiters once a count is reached.
 */
export function createCounter() {
  const counter = {
    events: 0,
    other: 0,
    lastEvent: undefined,
    waiter: null,
    record(isEvent, sent) {
      if (!isEvent) { counter.other++; return; }
      counter.events++;
      counter.lastEvent = sent;
      if (counter.waiter && counter.events >= counter.waiter.target) {
        counter.waiter.resolve();
        counter.waiter = null;
      }
    },
    until(target) {
      if (counter.events >= target) return Promise.resolve();
      return new Promise((resolve) => { counter.waiter = { target, resolve }; });
    },
  };
  return counter;
}

// Thrown from DEPTH distinct frames of real page code, with a message unique per call so that
// neither SDK's Dedupe drops repeats.
function throwAt(depth, seq) {
  if (depth === 0) throw new Error(`checkout failed for order ${seq}`);
  return throwAt(depth - 1, seq) + 1;
}

function setUpScope(api) {
  api.setUser({ id: '4711', username: 'ada', email: 'ada@example.com' });
  api.setTag('page', 'checkout');
  api.setTag('locale', 'de-DE');
  api.setTag('plan', 'premium');
  api.setTag('build', '2024.11.3');
  api.setTag('region', 'eu-central');
  api.setContext('cart', { items: 12, total: 412.35, currency: 'EUR', coupon: 'WINTER10' });
  api.setContext('feature_flags', { newCheckout: true, paypalExpress: false, variant: 'B', rollout: 0.25 });
  const categories = ['navigation', 'ui.click', 'fetch', 'console', 'ui.input'];
  for (let i = 0; i < 20; i++) {
    const category = categories[i % categories.length];
    api.addBreadcrumb({
      category,
      type: category === 'fetch' ? 'http' : 'default',
      level: 'info',
      message: `${category} step ${i} on the checkout page`,
      data: category === 'fetch' ? { method: 'POST', url: `/api/cart/${i}`, status_code: 200 } : { index: i },
    });
  }
  // About 2 KB of JSON, three levels deep (within both SDKs' default normalizeDepth).
  const lines = [];
  for (let i = 0; i < 12; i++) {
    lines.push({ sku: `SKU-${1000 + i}`, name: `Product number ${i} in the cart`, qty: 1 + (i % 3), price: 9.99 + i, tags: ['a', 'b'] });
  }
  api.setExtra('order', { id: 'order-8812', lines, shipping: { method: 'express', country: 'DE' } });
  return JSON.stringify({ id: 'order-8812', lines, shipping: { method: 'express', country: 'DE' } }).length;
}

/**
 * Exposes `window.bench` for the runner: `ready` (SDK started, scope set), `run(n)` (time n
 * captures until all reached the transport) and `inspect()` (the last event as sent).
 * @param {{ start(counter): Promise<void>, api: object, decodeEvent(sent): object }} sdk
 */
export function installBench(sdk) {
  // V8 keeps 10 frames by default; Sentry's GlobalHandlers raises the limit to 50 when it is set
  // up, Vigil leaves it. Raised here for both, so both capture the same full stack.
  Error.stackTraceLimit = 50;
  const counter = createCounter();
  let seq = 0;
  let extraBytes = 0;
  const ready = sdk.start(counter).then(() => { extraBytes = setUpScope(sdk.api); });
  window.bench = {
    ready,
    async run(n) {
      const start = counter.events;
      const reached = counter.until(start + n);
      const timedOut = new Promise((resolve) => setTimeout(() => resolve('timeout'), 60_000));
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        try {
          throwAt(DEPTH, seq++);
        } catch (error) {
          sdk.api.captureException(error);
        }
      }
      const loopMs = performance.now() - t0;
      const outcome = await Promise.race([reached, timedOut]);
      const totalMs = performance.now() - t0;
      // Outside the timing: nothing else may still be on its way (a count that grows after
      // the target was reached would mean events were sent twice).
      await sdk.api.flush(5000);
      return { n, totalMs, loopMs, timedOut: outcome === 'timeout', events: counter.events - start, other: counter.other };
    },
    inspect() {
      const event = sdk.decodeEvent(counter.lastEvent);
      const frames = event.exception?.values?.at(-1)?.stacktrace?.frames ?? [];
      return {
        bytes: JSON.stringify(event).length,
        frames: frames.length,
        breadcrumbs: (Array.isArray(event.breadcrumbs) ? event.breadcrumbs : event.breadcrumbs?.values ?? []).length,
        tags: Object.keys(event.tags ?? {}).length,
        contexts: Object.keys(event.contexts ?? {}).sort().join(','),
        user: event.user?.id ?? null,
        extraBytes: JSON.stringify(event.extra?.order ?? null).length,
        extraBytesSet: extraBytes,
        message: event.exception?.values?.at(-1)?.value,
      };
    },
  };
}
