// vigil-sdk/react in real Chromium: examples/react-vite is built with Vite in this run and
// served; its ErrorBoundary, React Router tracing and debug ids are checked through what the
// local receiver got (every envelope read by Sentry's parser).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startBrowserEnv, ROOT } from './harness.js';
import { openAppPage, waitForPageItems } from './helpers/app-page.js';
import { buildApp, buildExample, spaRoutes } from './helpers/example-build.js';
import { replaySegments } from './helpers/replay.js';
import { originalPosition } from './helpers/source-map.js';

let built;
let env;
before(async () => {
  built = await buildExample('react-vite');
  env = await startBrowserEnv({ static: { root: built.outDir, routes: spaRoutes(built.outDir) } });
});
after(async () => {
  await env?.close();
  await built?.cleanup();
});

const openApp = () => openAppPage(env, '#page-home');

async function breakCart(page) {
  await page.click('#nav-cart');
  await page.click('#break-cart');
  await page.waitForSelector('#fallback');
  return waitForPageItems(env, page, 'event', (events) => events.length >= 1, 15000);
}

test('a render error caught by ErrorBoundary arrives once, with the component stack, tags and the fallback shown', async () => {
  const page = await openApp();
  const events = await breakCart(page);
  const event = events.find((e) => e.exception?.values?.some((v) => v.type === 'TypeError'));
  assert.ok(event, `no TypeError event among ${events.length}`);
  const typeError = event.exception.values.find((v) => v.type === 'TypeError');
  assert.match(typeError.value, /amount/);
  assert.deepEqual(typeError.mechanism && { type: typeError.mechanism.type, handled: typeError.mechanism.handled },
    { type: 'auto.function.react.error_boundary', handled: true });
  // The component stack, in the react context and as the linked error's frames. Production
  // React names components as minified, so its first frame is looked up in the emitted map:
  // it is CartTotal in routes.jsx, inside the <section> of Cart.
  const componentStack = event.contexts.react.componentStack;
  assert.match(componentStack, /at section \(<anonymous>\)/);
  const [, file, line, column] = /\((http[^)]+\/(assets\/[^):]+)):(\d+):(\d+)\)/.exec(componentStack).slice(1);
  const map = JSON.parse(await readFile(path.join(built.outDir, `${file}.map`), 'utf8'));
  const original = originalPosition(map, Number(line), Number(column));
  assert.match(original.source, /src\/routes\.jsx$/);
  const source = (await readFile(path.join(ROOT, 'examples/react-vite/src/routes.jsx'), 'utf8')).split('\n');
  const start = source.findIndex((l) => l.includes('function CartTotal')) + 1;
  assert.ok(original.line >= start && original.line <= start + 3, `component frame at routes.jsx:${original.line}, CartTotal starts at ${start}`);
  const linked = event.exception.values.find((v) => v.type === 'React ErrorBoundary TypeError');
  assert.ok(linked, 'component stack as a linked error');
  assert.ok(linked.stacktrace.frames.length >= 3);
  assert.ok(linked.stacktrace.frames.every((f) => f.abs_path?.includes('/assets/') || f.filename?.includes('/assets/') || f.filename === '<anonymous>'),
    JSON.stringify(linked.stacktrace.frames.slice(0, 3)));
  assert.equal(event.tags.section, 'cart');  // beforeCapture
  assert.equal(event.release, 'react-vite-example@1.0.0');
  // The fallback got the event id.
  assert.equal(await page.textContent('#event-id'), event.event_id);
  // onCaughtError saw the same error but left it to the boundary: nothing sent twice.
  await new Promise((r) => setTimeout(r, 500));
  const again = (await waitForPageItems(env, page, 'event', () => true))
    .filter((e) => e.exception?.values?.some((v) => v.type === 'TypeError'));
  assert.equal(again.length, 1);
  // resetError renders the children again.
  await page.click('#reset');
  await page.waitForSelector('#cart-total');
});

test('the error sends the replay buffer, compressed by the worker Vite bundled from the package (no workerUrl)', async () => {
  // Vite saw `new Worker(new URL(…, import.meta.url))` in the package and emitted the worker.
  const workerFile = built.files.find((f) => /compression-worker[-\w]*\.js$/.test(f));
  assert.ok(workerFile, `a bundled compression worker among ${built.files.join(', ')}`);
  const page = await openApp();
  const events = await breakCart(page);
  const event = events.find((e) => e.exception?.values?.some((v) => v.type === 'TypeError'));
  const replayId = event.contexts?.replay?.replay_id;
  assert.match(replayId ?? '', /^[0-9a-f]{32}$/, JSON.stringify(event.contexts));
  const [replayEvent] = await waitForPageItems(env, page, 'replay_event', (all) => all.length >= 1, 15000);
  assert.equal(replayEvent?.replay_id, replayId);
  assert.equal(replayEvent.replay_type, 'buffer');
  assert.ok(replayEvent.error_ids.includes(event.event_id));
  // The segment was deflated in the worker, loaded from the bundled file.
  assert.ok(page.workers().some((w) => w.url().endsWith(workerFile)), page.workers().map((w) => w.url()).join(', '));
  const [segment] = await replaySegments(env.receiver, replayId);
  assert.ok(segment.events.some((e) => e.type === 2), 'starts with a full snapshot');
  // Masked by default: the cart's text is asterisks in the snapshot.
  assert.ok(!JSON.stringify(segment.events).includes('Break the cart'), 'page text is masked');
});

test('reactErrorHandler on the root reports what another boundary (React Router\'s) caught, with the component stack', async () => {
  const page = await openApp();
  await page.click('#nav-bad-user');
  const events = await waitForPageItems(env, page, 'event', (all) => all.length >= 1, 15000);
  const event = events.find((e) => e.exception?.values?.some((v) => v.type === 'RangeError'));
  assert.ok(event, JSON.stringify(events.map((e) => e.exception?.values?.map((v) => v.type))));
  const error = event.exception.values.find((v) => v.type === 'RangeError');
  assert.equal(error.value, 'no user "nobody"');
  assert.deepEqual({ type: error.mechanism.type, handled: error.mechanism.handled },
    { type: 'auto.function.react.error_handler', handled: true });
  assert.match(event.contexts.react.componentStack, /\/assets\/index-[\w-]+\.js:\d+:\d+/);
  assert.ok(event.exception.values.some((v) => v.type === 'React ErrorBoundary RangeError'));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await waitForPageItems(env, page, 'event', () => true)).length, 1);
});

test('route changes make navigation transactions named after the React Router routes', async () => {
  const page = await openApp();
  await page.click('#nav-user');
  await page.waitForSelector('#page-user');
  await page.click('#nav-cart');
  await page.waitForSelector('#page-cart');
  // INP may add a ui.interaction transaction of its own; only route transactions count here.
  const isRoute = (t) => ['pageload', 'navigation'].includes(t.contexts.trace.op);
  const txs = (await waitForPageItems(env, page, 'transaction', (all) => all.filter(isRoute).length >= 3)).filter(isRoute);
  const summary = txs.map((t) => `${t.contexts.trace.op} ${t.transaction} (${t.transaction_info?.source})`);
  assert.deepEqual(summary.sort(), [
    'navigation /cart (route)',
    'navigation /users/:id (route)',
    'pageload / (route)',
  ], summary.join(', '));
});

test('events carry debug_meta whose debug ids are those of the emitted files and maps, and the map resolves the frame', async () => {
  const page = await openApp();
  const events = await breakCart(page);
  const event = events.find((e) => e.exception?.values?.some((v) => v.type === 'TypeError'));
  const images = event.debug_meta?.images ?? [];
  assert.ok(images.length >= 1, JSON.stringify(event.debug_meta));
  for (const image of images) {
    assert.equal(image.type, 'sourcemap');
    const file = new URL(image.code_file).pathname.slice(1);
    assert.ok(built.files.includes(file), `${file} was emitted`);
    const code = await readFile(path.join(built.outDir, file), 'utf8');
    assert.ok(code.includes(`//# debugId=${image.debug_id}`), `${file} names its debug id`);
    const map = JSON.parse(await readFile(path.join(built.outDir, `${file}.map`), 'utf8'));
    assert.equal(map.debugId, image.debug_id);
    assert.equal(map.debug_id, image.debug_id);
  }
  assert.ok(images.some((i) => /\/assets\/index-[\w-]+\.js$/.test(i.code_file)), 'the app bundle is among the images');
  // The throwing frame, looked up in the map of the image with its file, is the line of
  // routes.jsx that reads item.price.amount.
  const frames = event.exception.values.find((v) => v.type === 'TypeError').stacktrace.frames;
  const top = frames.at(-1);
  const image = images.find((i) => i.code_file === top.abs_path || i.code_file === top.filename);
  assert.ok(image, `an image for ${top.abs_path ?? top.filename}`);
  const map = JSON.parse(await readFile(path.join(built.outDir, `${new URL(image.code_file).pathname.slice(1)}.map`), 'utf8'));
  const original = originalPosition(map, top.lineno, top.colno);
  const source = await readFile(path.join(ROOT, 'examples/react-vite/src/routes.jsx'), 'utf8');
  const expectedLine = source.split('\n').findIndex((l) => l.includes('item.price.amount')) + 1;
  assert.match(original?.source ?? '', /src\/routes\.jsx$/);
  assert.equal(original.line, expectedLine);
});

test('<Routes> wrapped by withVigilReactRouterV7Routing names transactions by route; withErrorBoundary reports and falls back', async () => {
  const fixture = await buildApp(path.join(ROOT, 'tests/browser/fixtures/react-routes'));
  const fixtureEnv = await startBrowserEnv({ static: { root: fixture.outDir, routes: spaRoutes(fixture.outDir) } });
  try {
    const page = await openAppPage(fixtureEnv, '#page-home');
    await page.click('#to-orders');
    await page.waitForSelector('#page-orders');
    await page.click('#to-order');
    await page.waitForSelector('#page-order');
    await page.click('#to-orders');
    await page.click('#show-widget');
    await page.waitForSelector('#widget-fallback');
    const [event] = await waitForPageItems(fixtureEnv, page, 'event', (all) => all.length >= 1, 15000);
    const error = event.exception.values.find((v) => v.type === 'Error' && v.value === 'widget exploded');
    assert.deepEqual({ type: error.mechanism.type, handled: error.mechanism.handled },
      { type: 'auto.function.react.error_boundary', handled: true });
    assert.equal(event.tags.widget, 'orders');
    assert.ok(event.contexts.react.componentStack.length > 0);
    assert.deepEqual(await page.evaluate(() => window.onErrorSaw), { message: 'widget exploded', eventId: event.event_id });
    const isRoute = (t) => ['pageload', 'navigation'].includes(t.contexts.trace.op);
    const txs = (await waitForPageItems(fixtureEnv, page, 'transaction', (all) => all.filter(isRoute).length >= 4)).filter(isRoute);
    const summary = txs.map((t) => `${t.contexts.trace.op} ${t.transaction} (${t.transaction_info?.source})`).sort();
    assert.deepEqual(summary, [
      'navigation /orders (route)',
      'navigation /orders (route)',
      'navigation /orders/:orderId (route)',
      'pageload / (route)',
    ], summary.join(', '));
  } finally {
    await fixtureEnv.close();
    await fixture.cleanup();
  }
});
