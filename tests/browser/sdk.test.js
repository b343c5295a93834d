// The browser entry end to end: real Chromium loads the built package unbundled from a static
// server, captures, and the local receiver stores what arrives; Sentry's parser reads it all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserEnv } from './harness.js';
import { sentryItems, sentryParsedEnvelopes } from './helpers/sentry-check.js';

let env;
before(async () => {
  env = await startBrowserEnv({
    static: {
      headers: (p) => (p.endsWith('/csp.html')
        ? { 'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' http://127.0.0.1:*" }
        : {}),
    },
  });
});
after(() => env?.close());

async function sdkPage(query) {
  const page = await env.page('tests/browser/pages/sdk.html', query);
  await page.waitForFunction(() => window.pageReady === true);
  return page;
}

async function eventsWithMessage(value) {
  const events = await sentryItems(env.receiver, 'event');
  return events.map(([, e]) => e).filter((e) =>
    e.exception?.values?.some((x) => x.value === value) || e.message?.formatted === value);
}

test('captureException sends a parsed event with the page stack, scope and a session', async () => {
  await env.receiver.clear();
  const page = await sdkPage();
  const id = await page.evaluate(() => {
    Vigil.init({ dsn, release: 'web@1.0.0', environment: 'test' });
    Vigil.setUser({ id: '42' });
    Vigil.setTag('plan', 'pro');
    try { window.checkout(); } catch (e) { return Vigil.captureException(e); }
  });
  assert.match(id, /^[0-9a-f]{32}$/);
  await env.receiver.waitFor({ type: 'event', count: 1 });
  const [event] = await eventsWithMessage('card declined');
  assert.equal(event.event_id, id);
  assert.equal(event.release, 'web@1.0.0');
  assert.equal(event.environment, 'test');
  assert.deepEqual(event.user, { id: '42' });
  assert.equal(event.tags.plan, 'pro');
  assert.equal(event.request.url.startsWith(env.server.url), true);
  const ex = event.exception.values.at(-1);
  assert.equal(ex.type, 'RangeError');
  assert.deepEqual(ex.mechanism, { type: 'generic', handled: true });
  const top = ex.stacktrace.frames.at(-1);
  assert.equal(top.function, 'checkout');
  assert.match(top.filename, /\/tests\/browser\/pages\/sdk\.html/);
  assert.equal(top.in_app, true);
  await env.receiver.waitFor({ type: 'session', count: 1 });
  const sessions = (await sentryItems(env.receiver, 'session')).map(([, s]) => s);
  assert.equal(sessions[0].init, true);
  assert.equal(sessions[0].attrs.release, 'web@1.0.0');
  assert.equal(sessions[0].did, '42');
  assert.equal(await page.evaluate(() => Vigil.lastEventId()), id);
});

test('an error thrown in a click handler is captured once, unhandled, and crashes the session', async () => {
  await env.receiver.clear();
  const page = await sdkPage();
  await page.evaluate(() => { Vigil.init({ dsn, release: 'web@1.0.0' }); return Vigil.getClient().ready; });
  await page.click('#throw');
  await env.receiver.waitFor({ type: 'event', count: 1 });
  await page.evaluate(() => Vigil.flush(3000));
  const events = await eventsWithMessage('clicked into a bug');
  assert.equal(events.length, 1, 'captured exactly once');
  const ex = events[0].exception.values.at(-1);
  assert.equal(ex.mechanism.handled, false);
  const sessions = (await sentryItems(env.receiver, 'session')).map(([, s]) => s);
  assert.ok(sessions.some((s) => s.status === 'crashed' && s.errors === 1), JSON.stringify(sessions));
});

test('calls made before the Wasm core is ready are queued, in order, not lost', async () => {
  await env.receiver.clear();
  const page = await sdkPage();
  const wasReady = await page.evaluate(() => {
    const client = Vigil.init({ dsn, autoSessionTracking: false });
    const early = client._core !== null;
    Vigil.setTag('early', 'yes');
    Vigil.addBreadcrumb({ category: 'test', message: 'before ready' });
    Vigil.captureMessage('queued message', 'warning');
    return early;
  });
  assert.equal(wasReady, false, 'the capture happened before the core was loaded');
  await env.receiver.waitFor({ type: 'event', count: 1 });
  const [event] = await eventsWithMessage('queued message');
  assert.equal(event.level, 'warning');
  assert.equal(event.tags.early, 'yes');
  assert.ok(event.breadcrumbs.values.some((b) => b.message === 'before ready'));
});

test('beforeSend returning null drops the event and a client report says before_send', async () => {
  await env.receiver.clear();
  const page = await sdkPage();
  await page.evaluate(async () => {
    Vigil.init({
      dsn, autoSessionTracking: false,
      beforeSend: (event) => (event.message?.formatted === 'drop me' ? null : { ...event, tags: { ...event.tags, edited: 'yes' } }),
    });
    Vigil.captureMessage('drop me');
    await Vigil.flush(3000);
    Vigil.captureMessage('keep me');
    await Vigil.flush(3000);
  });
  await env.receiver.waitFor({ type: 'event', count: 1 });
  assert.equal((await eventsWithMessage('drop me')).length, 0);
  const [kept] = await eventsWithMessage('keep me');
  assert.equal(kept.tags.edited, 'yes');
  const reports = (await sentryItems(env.receiver, 'client_report')).map(([, r]) => r);
  assert.ok(reports.some((r) => r.discarded_events.some((d) => d.reason === 'before_send' && d.category === 'error')),
    JSON.stringify(reports));
});

test('a cyclic and a 5 MB extra still produce a valid event under the 1 MiB limit', async () => {
  await env.receiver.clear();
  const page = await sdkPage();
  await page.evaluate(async () => {
    Vigil.init({ dsn, autoSessionTracking: false });
    const cyclic = { name: 'node' };
    cyclic.self = cyclic;
    cyclic.list = [cyclic, { deep: { deeper: { deepest: { bottom: 1 } } } }];
    const hostile = { get boom() { throw new Error('getter exploded'); }, fine: 1n };
    Vigil.setExtra('cyclic', cyclic);
    Vigil.setExtra('hostile', hostile);
    Vigil.setExtra('huge', 'x'.repeat(5 * 1024 * 1024));
    Vigil.captureException(new Error('big and cyclic'));
    await Vigil.flush(5000);
  });
  await env.receiver.waitFor({ type: 'event', count: 1 });
  const all = await sentryParsedEnvelopes(env.receiver);
  const item = all.flatMap((e) => e.items).find(([h]) => h.type === 'event');
  assert.ok(item[0].length <= 1024 * 1024, `event item is ${item[0].length} bytes`);
  const event = item[1];
  assert.equal(event.exception.values.at(-1).value, 'big and cyclic');
  assert.equal(event.extra.cyclic.self, '[Circular ~]');
  assert.equal(event.extra.hostile.boom, '[Throws: getter exploded]');
  assert.equal(event.extra.hostile.fine, '[BigInt: 1]');
  assert.ok(!('huge' in event.extra) || event.extra.huge.length < 1024 * 1024);
});

test('withScope changes last only for the callback', async () => {
  await env.receiver.clear();
  const page = await sdkPage();
  await page.evaluate(async () => {
    Vigil.init({ dsn, autoSessionTracking: false });
    Vigil.withScope((scope) => {
      scope.setTag('inside', 'yes').setLevel('fatal');
      Vigil.captureMessage('inside scope');
    });
    Vigil.captureMessage('outside scope');
    await Vigil.flush(3000);
  });
  await env.receiver.waitFor({ type: 'event', count: 2 });
  const [inside] = await eventsWithMessage('inside scope');
  const [outside] = await eventsWithMessage('outside scope');
  assert.equal(inside.tags.inside, 'yes');
  assert.equal(inside.level, 'fatal');
  assert.equal(outside.tags?.inside, undefined);
  assert.equal(outside.level, 'info');
});

test('a strict CSP page (no eval, no inline script) loads the SDK and sends', async () => {
  await env.receiver.clear();
  const page = await env.page('tests/browser/pages/csp.html');
  await page.waitForFunction(() => window.flushed !== undefined, null, { timeout: 10000 });
  assert.deepEqual(page.pageErrors.map(String), []);
  await env.receiver.waitFor({ type: 'event', count: 1 });
  const [event] = await eventsWithMessage('error on a strict CSP page');
  assert.equal(event.tags.page, 'csp');
  assert.ok(!page.consoleMessages.some((m) => /Content Security Policy/i.test(m)), page.consoleMessages.join('\n'));
});

test('leaving the page right after an error still delivers it', async () => {
  await env.receiver.clear();
  const page = await sdkPage();
  await page.evaluate(() => { Vigil.init({ dsn, autoSessionTracking: false }); return Vigil.getClient().ready; });
  await page.evaluate(() => { Vigil.captureException(new Error('error just before leaving')); });
  await page.goto('about:blank');
  await env.receiver.waitFor({ type: 'event', count: 1, timeout: 10000 });
  assert.equal((await eventsWithMessage('error just before leaving')).length, 1);
});

test('a deep call stack keeps up to 50 frames, as Sentry raises the engine limit', async () => {
  await env.receiver.clear();
  const page = await sdkPage();
  await page.evaluate(async () => {
    Vigil.init({ dsn, autoSessionTracking: false });
    const recurse = (n) => { if (n === 0) throw new Error('deep'); return recurse(n - 1); };
    try { recurse(80); } catch (e) { Vigil.captureException(e); }
    await Vigil.flush(3000);
  });
  await env.receiver.waitFor({ type: 'event', count: 1 });
  const [event] = await eventsWithMessage('deep');
  assert.equal(event.exception.values.at(-1).stacktrace.frames.length, 50);
});
