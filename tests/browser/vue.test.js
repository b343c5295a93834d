// vigil-sdk/vue in real Chromium: examples/vue is built with Vite in this run and served; its
// error handler, Vue Router transactions, component spans and debug ids are checked through
// what the local receiver got (every envelope read by Sentry's parser).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startBrowserEnv } from './harness.js';
import { openAppPage, pageItems, waitForPageItems } from './helpers/app-page.js';
import { buildExample, spaRoutes } from './helpers/example-build.js';

let built;
let env;
before(async () => {
  built = await buildExample('vue');
  env = await startBrowserEnv({ static: { root: built.outDir, routes: spaRoutes(built.outDir) } });
});
after(async () => {
  await env?.close();
  await built?.cleanup();
});

const openApp = () => openAppPage(env, '#page-home');

async function profileError(page) {
  await page.click('#nav-user');
  await page.waitForSelector('#page-user');
  await page.click('#show-profile');
  const events = await waitForPageItems(env, page, 'event', (all) => all.length >= 1, 15000);
  const event = events.find((e) => e.exception?.values?.some((v) => v.type === 'TypeError'));
  assert.ok(event, `no TypeError among ${events.length} events`);
  return event;
}

test('an error in a component hook arrives with the component, hook and props, and the app handler still runs', async () => {
  const page = await openApp();
  const event = await profileError(page);
  const error = event.exception.values.at(-1);
  assert.match(error.value, /displayName/);
  assert.deepEqual({ type: error.mechanism.type, handled: error.mechanism.handled },
    { type: 'auto.function.vue.error_handler', handled: true });
  const vue = event.contexts.vue;
  assert.equal(vue.componentName, 'ProfileCard');
  assert.equal(vue.lifecycleHook, 'mounted hook');
  assert.deepEqual(vue.trace.slice(0, 2), ['ProfileCard', 'UserPage']);
  assert.deepEqual(vue.propsData, { userId: '7', profile: null });  // attachProps: true in the example
  assert.equal(event.release, 'vue-example@1.0.0');
  // The app's own errorHandler ran after Vigil's, with Vue's arguments.
  const handled = await page.evaluate(() => window.appHandledErrors);
  assert.equal(handled.length, 1);
  assert.match(handled[0].message, /displayName/);
  assert.match(handled[0].info, /runtime-m$/);  // production Vue's code for "mounted hook"
  // The error joined the navigation's trace.
  assert.match(event.contexts.trace.trace_id, /^[0-9a-f]{32}$/);
});

test('Vue Router route changes make navigation transactions named by route, with component spans', async () => {
  const page = await openApp();
  await page.click('#nav-user');
  await page.waitForSelector('#page-user');
  await page.click('#nav-settings');
  await page.waitForSelector('#page-settings');
  const isRoute = (t) => ['pageload', 'navigation'].includes(t.contexts.trace.op);
  const txs = (await waitForPageItems(env, page, 'transaction', (all) => all.filter(isRoute).length >= 3)).filter(isRoute);
  const summary = txs.map((t) => `${t.contexts.trace.op} ${t.transaction} (${t.transaction_info?.source})`);
  assert.deepEqual(summary.sort(), [
    'navigation /settings (route)',  // no route name: its path pattern
    'navigation user (custom)',      // the route's name, as @sentry/vue's routeLabel 'name'
    'pageload home (custom)',
  ], summary.join(', '));
  const userNav = txs.find((t) => t.transaction === 'user');
  const mounts = userNav.spans.filter((s) => s.op === 'ui.vue.mount').map((s) => s.description);
  assert.ok(mounts.includes('<UserPage>'), `mount spans: ${mounts.join(', ')}`);
  const pageload = txs.find((t) => t.contexts.trace.op === 'pageload');
  assert.ok(pageload.spans.some((s) => s.op === 'ui.vue.mount' && s.description === '<App>'),
    pageload.spans.map((s) => `${s.op} ${s.description}`).join(', '));
});

test('Vue events carry debug_meta for the emitted bundle, matching its map', async () => {
  const page = await openApp();
  const event = await profileError(page);
  const images = event.debug_meta?.images ?? [];
  const app = images.find((i) => /\/assets\/index-[\w-]+\.js$/.test(i.code_file));
  assert.ok(app, JSON.stringify(event.debug_meta));
  const file = new URL(app.code_file).pathname.slice(1);
  const map = JSON.parse(await readFile(path.join(built.outDir, `${file}.map`), 'utf8'));
  assert.equal(map.debugId, app.debug_id);
  assert.ok(map.sources.some((s) => s.endsWith('ProfileCard.vue')));
});

test('in a development build, Vue warnings become breadcrumbs and still reach the console', async () => {
  const dev = await buildExample('vue', { mode: 'development' });
  const devEnv = await startBrowserEnv({ static: { root: dev.outDir, routes: spaRoutes(dev.outDir) } });
  try {
    const page = await openAppPage(devEnv, '#page-home');
    await page.click('#nav-settings');
    await page.waitForSelector('#plan-badge');  // PlanBadge got seats="3", a String
    await page.click('#nav-user');
    await page.waitForSelector('#page-user');
    await page.click('#show-profile');
    const [event] = await waitForPageItems(devEnv, page, 'event', (all) => all.length >= 1, 15000);
    assert.ok(event, 'the profile error arrived');
    const warnings = event.breadcrumbs.values.filter((b) => b.category === 'vue.warn');
    assert.equal(warnings.length, 1, JSON.stringify(event.breadcrumbs.values.map((b) => b.category)));
    assert.match(warnings[0].message, /Invalid prop: type check failed for prop "seats"/);
    assert.equal(warnings[0].level, 'warning');
    assert.equal(warnings[0].data.componentName, 'PlanBadge');
    // Without a warnHandler of the app's own, the warning is printed as Vue prints it.
    assert.ok(page.consoleMessages.some((m) => m.startsWith('warning: [Vue warn]: Invalid prop')), page.consoleMessages.join('\n'));
    // A development build says which hook failed by name.
    assert.equal(event.contexts.vue.lifecycleHook, 'mounted hook');
    assert.equal((await pageItems(devEnv, page, 'event')).length, 1);  // warnings are not events unless asked
  } finally {
    await devEnv.close();
    await dev.cleanup();
  }
});
