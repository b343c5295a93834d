// The default integrations end to end: init() in real Chromium with the built package, events
// stored by the local receiver and read back with Sentry's envelope parser.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserEnv } from './harness.js';
import { sentryItems } from './helpers/sentry-check.js';

const PAGE = 'tests/browser/pages/integrations-e2e.html';
let env;

const status = (code) => (req, res) => {
  req.resume();
  res.writeHead(code, { 'content-type': 'text/plain' }).end(`status ${code}`);
};

before(async () => {
  env = await startBrowserEnv({ static: { routes: { '/api/ok': status(200), '/api/missing': status(404) } } });
});
after(() => env?.close());
beforeEach(() => env.receiver.clear());

async function open(query) {
  const page = await env.page(PAGE, query);
  await page.waitForFunction(() => window.pageReady === true);
  return page;
}

/** Every stored event payload, oldest first. */
async function events() {
  return (await sentryItems(env.receiver, 'event')).map(([, e]) => e);
}

const mainException = (event) => event.exception?.values?.at(-1);
const crumbsOf = (event, category) => (event.breadcrumbs?.values ?? event.breadcrumbs ?? [])
  .filter((b) => !category || b.category === category);

test('an error thrown in a click handler is captured once, unhandled, with the click before it', async () => {
  const page = await open();
  await page.evaluate(() => {
    Vigil.init({ dsn });
    window.armBuyButton();
  });
  await page.click('#buy');
  // Everything captured so far is sent once flush resolves, so a second capture would be here.
  assert.equal(await page.evaluate(() => Vigil.flush(3000)), true);
  const list = (await events()).filter((e) => mainException(e)?.value === 'buy button broke');
  assert.equal(list.length, 1);
  const ex = mainException(list[0]);
  assert.equal(ex.type, 'TypeError');
  assert.equal(ex.mechanism.handled, false);
  assert.equal(ex.mechanism.type, 'auto.browser.browserapierrors.addEventListener');
  assert.equal(ex.mechanism.data.handler, 'onBuyClick');
  assert.equal(ex.stacktrace.frames.at(-1).function, 'HTMLButtonElement.onBuyClick');
  const clicks = crumbsOf(list[0], 'ui.click');
  assert.deepEqual(clicks.map((c) => c.message), ['body > div#app > button#buy.buy[name="x"]']);
  assert.ok(list[0].request.headers['User-Agent'], 'httpContext added the user agent');
  assert.equal(list[0].request.url, page.url());
});

test('a promise rejected with a non-Error reason is captured as unhandled', async () => {
  const page = await open();
  await page.evaluate(() => {
    Vigil.init({ dsn });
    Promise.reject('checkout timed out');
    Promise.reject({ code: 7, reason: 'nope' });
  });
  await env.receiver.waitFor({ type: 'event', count: 2 });
  const values = (await events()).map((e) => mainException(e));
  const byValue = Object.fromEntries(values.map((v) => [v.value, v]));
  const str = byValue['Non-Error promise rejection captured with value: checkout timed out'];
  assert.ok(str, JSON.stringify(values.map((v) => v.value)));
  assert.equal(str.type, 'UnhandledRejection');
  assert.deepEqual(str.mechanism, { type: 'onunhandledrejection', handled: false });
  const obj = values.find((v) => /captured as exception with keys: code, reason/.test(v.value));
  assert.ok(obj, JSON.stringify(values.map((v) => v.value)));
  assert.equal(obj.mechanism.type, 'onunhandledrejection');
  assert.equal(obj.mechanism.handled, false);
});

test('console, click, fetch, XHR and navigation breadcrumbs arrive on the next error', async () => {
  const page = await open();
  await page.evaluate(() => Vigil.init({ dsn }));
  // A first event: its own upload must not show up as a fetch breadcrumb on the second.
  await page.evaluate(() => Vigil.captureMessage('first'));
  await env.receiver.waitFor({ type: 'event', count: 1 });
  await page.evaluate(() => console.log('before the error', { step: 2 }));
  await page.click('#plain');
  await page.evaluate(async () => {
    await fetch('/api/ok');
    await fetch('/api/missing', { method: 'DELETE' });
    await new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', '/api/missing');
      xhr.onloadend = resolve;
      xhr.send();
    });
    history.pushState({}, '', '/checkout/step-2');
    Vigil.captureException(new Error('second'));
  });
  await env.receiver.waitFor({ type: 'event', count: 2 });
  const second = (await events()).find((e) => mainException(e)?.value === 'second');
  assert.ok(second);
  const crumbs = crumbsOf(second);
  const consoleCrumb = crumbs.find((c) => c.category === 'console');
  assert.equal(consoleCrumb.message, 'before the error {"step":2}');
  assert.equal(consoleCrumb.level, 'info'); // console.log's 'log' level is info on the wire
  assert.deepEqual(consoleCrumb.data.arguments, ['before the error', { step: 2 }]);
  assert.deepEqual(crumbsOf(second, 'ui.click').map((c) => c.message), ['body > div#app > span#plain']);
  const fetches = crumbsOf(second, 'fetch');
  assert.deepEqual(fetches.map((c) => [c.type, c.data.method, c.data.url, c.data.status_code, c.level]), [
    ['http', 'GET', '/api/ok', 200, undefined], // no level: Sentry reads it as info
    ['http', 'DELETE', '/api/missing', 404, 'warning'],
  ], 'no breadcrumb for the SDK\'s own upload');
  const xhrs = crumbsOf(second, 'xhr');
  assert.deepEqual(xhrs.map((c) => [c.type, c.data.method, c.data.url, c.data.status_code, c.level]), [
    ['http', 'GET', '/api/missing', 404, 'warning'],
  ]);
  const nav = crumbsOf(second, 'navigation');
  assert.equal(nav.length, 1);
  assert.equal(nav[0].data.to, '/checkout/step-2');
  assert.match(nav[0].data.from, /^\/tests\/browser\/pages\/integrations-e2e\.html\?dsn=/);
  for (const c of crumbs) assert.equal(typeof c.timestamp, 'number');
});

test('with the SDK on, removeEventListener still removes and timers keep this and arguments', async () => {
  const page = await open();
  const result = await page.evaluate(() => new Promise((resolve) => {
    Vigil.init({ dsn });
    const el = document.getElementById('plain');
    let clicks = 0;
    const onClick = () => { clicks += 1; };
    el.addEventListener('click', onClick);
    el.click();
    el.removeEventListener('click', onClick);
    el.click();
    const ctx = { name: 'ctx' };
    setTimeout(function (a, b) {
      resolve({ clicks, bound: this === ctx, args: [a, b, arguments.length] });
    }.bind(ctx), 0, 'one', 2);
  }));
  assert.deepEqual(result, { clicks: 1, bound: true, args: ['one', 2, 2] });
});

test('ignoreErrors RegExp entries and default noise are dropped before sending', async () => {
  const page = await open();
  await page.evaluate(async () => {
    Vigil.init({ dsn, ignoreErrors: [/^Ignored \d+$/, 'plain substring'] });
    Vigil.captureException(new Error('Ignored 12'));
    Vigil.captureException(new Error('has a plain substring inside'));
    window.dispatchEvent(new ErrorEvent('error', { message: 'Script error.' }));
    Vigil.captureException(new Error('kept'));
    await Vigil.flush(3000);
  });
  const values = (await events()).map((e) => mainException(e)?.value);
  assert.deepEqual(values, ['kept']);
});

test('linkedErrors options reach the client: limit 1 keeps one cause', async () => {
  const page = await open();
  await page.evaluate(async () => {
    Vigil.init({ dsn, integrations: [Vigil.linkedErrorsIntegration({ limit: 1 })] });
    const root = new Error('root cause');
    const middle = new Error('middle', { cause: root });
    Vigil.captureException(new Error('top', { cause: middle }));
    await Vigil.flush(3000);
  });
  const [event] = await events();
  assert.deepEqual(event.exception.values.map((v) => v.value), ['middle', 'top']);
});

test('init twice: one capture and one breadcrumb per occurrence', async () => {
  const page = await open();
  await page.evaluate(() => {
    Vigil.init({ dsn });
    Vigil.init({ dsn });
    window.armBuyButton();
    console.warn('only once');
  });
  await page.click('#buy');
  assert.equal(await page.evaluate(() => Vigil.flush(3000)), true);
  const list = (await events()).filter((e) => mainException(e)?.value === 'buy button broke');
  assert.equal(list.length, 1);
  assert.equal(crumbsOf(list[0], 'console').filter((c) => c.message === 'only once').length, 1);
  assert.equal(crumbsOf(list[0], 'ui.click').length, 1);
});
