// The browser integrations on their own, in real Chromium: a fake client on the test page
// records captureException / addBreadcrumb calls, so each instrument is checked without the
// Wasm core. End-to-end checks through init() live in integrations-e2e.test.js.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserEnv } from './harness.js';

const PAGE = 'tests/browser/pages/integrations-unit.html';
let env;

const status = (code) => (req, res) => {
  req.resume();
  res.writeHead(code, { 'content-type': 'text/plain' }).end(`status ${code}`);
};

before(async () => {
  env = await startBrowserEnv({
    static: {
      routes: {
        '/api/ok': status(200),
        '/api/missing': status(404),
        '/api/broken': status(500),
        '/own-ingest': status(200),
      },
    },
  });
});
after(() => env?.close());

/** Opens the unit page and sets up `integrations` (names of factories with options) on a fake client. */
async function open(setupList, { query, referer } = {}) {
  const page = await env.page(PAGE, query);
  if (referer) await page.goto(page.url(), { referer });
  await page.waitForFunction(() => window.pageReady === true);
  await page.evaluate((list) => {
    window.client = window.fakeClient({});
    for (const [factory, options] of list) window.integrations[factory](options).setup(window.client);
  }, setupList);
  return page;
}

const exceptions = (page) => page.evaluate(() => window.exceptionsOf(window.client));
const crumbs = (page, category) =>
  page.evaluate((c) => window.client.calls.breadcrumbs.filter((b) => !c || b.category === c), category);
/** Resolves once the browser has reported an uncaught error containing `text`. */
async function pageErrorSeen(page, text) {
  if (page.pageErrors.some((e) => e.message.includes(text))) return true;
  await page.waitForEvent('pageerror', { predicate: (e) => e.message.includes(text), timeout: 5000 });
  return true;
}
const waitForCount = (page, kind, n) =>
  page.waitForFunction(([k, count]) => window.client.calls[k].length >= count, [kind, n]);

describe('globalHandlers', () => {
  test('an uncaught error is captured unhandled and still reaches the console', async () => {
    const page = await open([['globalHandlersIntegration']]);
    await page.evaluate(() => setTimeout(() => { throw new TypeError('boom in timer'); }, 0));
    await waitForCount(page, 'exceptions', 1);
    const [ex, ...rest] = await exceptions(page);
    assert.equal(rest.length, 0);
    assert.equal(ex.name, 'TypeError');
    assert.equal(ex.message, 'boom in timer');
    assert.deepEqual(ex.mechanism, { type: 'onerror', handled: false });
    // Not swallowed: the browser still reported it as an uncaught page error.
    assert.ok(await pageErrorSeen(page, 'boom in timer'));
  });

  test('an error event without an error object is built from message, file and position', async () => {
    const page = await open([['globalHandlersIntegration']]);
    await page.evaluate(() => window.dispatchEvent(new ErrorEvent('error', {
      message: 'Uncaught ReferenceError: foo is not defined',
      filename: 'https://cdn.example.com/app.js', lineno: 12, colno: 34,
    })));
    const [ex] = await exceptions(page);
    assert.equal(ex.name, 'ReferenceError');
    assert.equal(ex.message, 'foo is not defined');
    assert.match(ex.stack, /^ReferenceError: foo is not defined\n {4}at https:\/\/cdn\.example\.com\/app\.js:12:34$/);
  });

  test('resource load errors are ignored', async () => {
    const page = await open([['globalHandlersIntegration']]);
    await page.evaluate(() => new Promise((resolve) => {
      const img = document.createElement('img');
      img.onerror = () => resolve();
      img.src = '/does-not-exist.png';
      document.body.append(img);
    }));
    await page.evaluate(() => window.turns(2));
    assert.deepEqual(await exceptions(page), []);
  });

  test('unhandled rejections: Error, string, object and undefined reasons', async () => {
    const page = await open([['globalHandlersIntegration']]);
    await page.evaluate(() => {
      Promise.reject(new RangeError('bad range'));
      Promise.reject('just a string');
      Promise.reject({ code: 42, reason: 'nope' });
      Promise.reject();
    });
    await waitForCount(page, 'exceptions', 4);
    const list = await exceptions(page);
    assert.equal(list.length, 4);
    for (const ex of list) assert.deepEqual(ex.mechanism, { type: 'onunhandledrejection', handled: false });
    assert.deepEqual([list[0].name, list[0].message], ['RangeError', 'bad range']);
    assert.deepEqual([list[1].name, list[1].message],
      ['UnhandledRejection', 'Non-Error promise rejection captured with value: just a string']);
    assert.equal(list[2].isError, false);
    assert.deepEqual(list[2].value, { code: 42, reason: 'nope' });
    assert.equal(list[3].message, 'Non-Error promise rejection captured with value: undefined');
  });

  test('options turn each handler off', async () => {
    const page = await open([['globalHandlersIntegration', { onerror: false, onunhandledrejection: false }]]);
    await page.evaluate(() => {
      setTimeout(() => { throw new Error('not captured'); }, 0);
      Promise.reject(new Error('not captured either'));
    });
    await pageErrorSeen(page, 'not captured');
    await page.evaluate(() => window.turns(3));
    assert.deepEqual(await exceptions(page), []);
  });
});

describe('browserApiErrors', () => {
  const both = [['browserApiErrorsIntegration'], ['globalHandlersIntegration']];

  test('an error in a click listener is captured once, rethrown, with the API as mechanism', async () => {
    const page = await open(both);
    await page.evaluate(() => {
      document.querySelector('button.buy').addEventListener('click', function onBuy() {
        throw new Error('click failed');
      });
    });
    await page.click('button.buy');
    await page.evaluate(() => window.turns(2));
    const list = await exceptions(page);
    assert.equal(list.length, 1, JSON.stringify(list));
    assert.equal(list[0].message, 'click failed');
    assert.deepEqual(list[0].mechanism, {
      type: 'auto.browser.browserapierrors.addEventListener',
      handled: false,
      data: { function: 'addEventListener', handler: 'onBuy', target: 'HTMLButtonElement' },
    });
    assert.ok(await pageErrorSeen(page, 'click failed'), 'rethrown to the browser');
  });

  test('a string thrown from a timer is captured once', async () => {
    const page = await open(both);
    await page.evaluate(() => setTimeout(function tick() { throw 'plain string'; }, 0));
    await waitForCount(page, 'exceptions', 1);
    await page.evaluate(() => window.turns(2));
    const list = await exceptions(page);
    assert.equal(list.length, 1, JSON.stringify(list));
    assert.equal(list[0].value, 'plain string');
    assert.deepEqual(list[0].mechanism.data, { function: 'setTimeout', handler: 'tick' });
    assert.equal(list[0].mechanism.type, 'auto.browser.browserapierrors.setTimeout');
  });

  test("timers keep this, extra arguments, ids and clearTimeout; rAF gets its timestamp", async () => {
    const page = await open(both);
    const result = await page.evaluate(() => new Promise((resolve) => {
      const out = {};
      const cancelled = setTimeout(() => { out.cancelledRan = true; }, 0);
      clearTimeout(cancelled);
      out.idIsNumber = typeof cancelled === 'number';
      let ticks = 0;
      const interval = setInterval(function (step) {
        ticks += step;
        if (ticks >= 3) clearInterval(interval);
      }, 0, 1);
      requestAnimationFrame((ts) => { out.rafTs = typeof ts; });
      // Sloppy-mode function: `this` is window, as without wrapping.
      setTimeout(new Function('a', 'b', 'window.__timerThis = this === window; window.__args = [a, b, arguments.length];'), 0, 'x', 2);
      setTimeout(() => resolve({ ...out, ticks, thisOk: window.__timerThis, args: window.__args }), 30);
    }));
    assert.deepEqual(result, { idIsNumber: true, rafTs: 'number', ticks: 3, thisOk: true, args: ['x', 2, 2] });
    assert.deepEqual(await exceptions(page), []);
  });

  test('removeEventListener removes the original listener, per capture flag', async () => {
    const page = await open(both);
    const calls = await page.evaluate(async () => {
      const el = document.getElementById('plain');
      const seen = [];
      const a = () => seen.push('a');
      const b = () => seen.push('b');
      el.addEventListener('click', a);
      el.addEventListener('click', a); // same listener twice: still called once
      el.addEventListener('click', b, true);
      el.click();
      el.removeEventListener('click', a);
      el.removeEventListener('click', b); // wrong capture flag: b stays
      el.click();
      el.removeEventListener('click', b, { capture: true });
      el.click();
      return seen;
    });
    assert.deepEqual(calls, ['b', 'a', 'b']);
  });

  test('listener objects keep handleEvent and this; their errors are captured', async () => {
    const page = await open(both);
    const count = await page.evaluate(() => {
      const el = document.getElementById('plain');
      const listener = { count: 0, handleEvent(e) { this.count += 1; if (e.detail === 'fail') throw new Error('object listener failed'); } };
      el.addEventListener('custom', listener);
      el.dispatchEvent(new CustomEvent('custom'));
      el.dispatchEvent(new CustomEvent('custom', { detail: 'fail' }));
      el.removeEventListener('custom', listener);
      el.dispatchEvent(new CustomEvent('custom'));
      return listener.count;
    });
    assert.equal(count, 2);
    const list = await exceptions(page);
    assert.equal(list.length, 1);
    assert.equal(list[0].message, 'object listener failed');
    assert.equal(list[0].mechanism.data.handler, 'Object.handleEvent');
  });

  test('XHR onreadystatechange errors are captured with the property as function', async () => {
    const page = await open(both);
    await page.evaluate(() => {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', '/api/ok');
      xhr.onreadystatechange = function stateChanged() {
        if (xhr.readyState === 4) throw new Error('xhr handler failed');
      };
      xhr.send();
    });
    await waitForCount(page, 'exceptions', 1);
    await page.evaluate(() => window.turns(2));
    const list = await exceptions(page);
    assert.equal(list.length, 1);
    assert.deepEqual(list[0].mechanism, {
      type: 'auto.browser.browserapierrors.xhr.onreadystatechange',
      handled: false,
      data: { function: 'onreadystatechange', handler: 'stateChanged' },
    });
  });

  test("close undoes the patches; listeners added while wrapped can still be removed", async () => {
    const page = await open(both);
    const result = await page.evaluate(async () => {
      const el = document.getElementById('plain');
      let n = 0;
      const listener = () => { n += 1; };
      el.addEventListener('click', listener);
      const patched = !String(setTimeout).includes('[native code]');
      window.client.emit('close');
      el.click();
      el.removeEventListener('click', listener);
      el.click();
      setTimeout(() => { throw new Error('after close'); }, 0);
      await window.turns(2);
      return {
        patched,
        n,
        timerNative: String(setTimeout).includes('[native code]'),
        addNative: String(EventTarget.prototype.addEventListener).includes('[native code]'),
      };
    });
    assert.deepEqual(result, { patched: true, n: 1, timerNative: true, addNative: true });
    assert.deepEqual(await exceptions(page), []);
  });
});

describe('breadcrumbs', () => {
  test('console calls become breadcrumbs and still print', async () => {
    const page = await open([['breadcrumbsIntegration']]);
    await page.evaluate(() => {
      const cyclic = { name: 'loop' };
      cyclic.self = cyclic;
      console.log('hello', { a: 1 }, 3);
      console.warn('careful');
      console.error(new Error('bad thing'));
      console.assert(true, 'never shown');
      console.assert(1 === 2, 'math broke');
      console.info(cyclic);
    });
    const list = await crumbs(page, 'console');
    assert.deepEqual(list.map((c) => [c.level, c.message]), [
      ['log', 'hello {"a":1} 3'],
      ['warning', 'careful'],
      ['error', '{"name":"Error","message":"bad thing"}'],
      ['error', 'Assertion failed: math broke'],
      ['info', '{"name":"loop","self":"[Circular ~]"}'],
    ]);
    assert.deepEqual(list[0].data, { arguments: ['hello', { a: 1 }, 3], logger: 'console' });
    assert.ok(page.consoleMessages.includes('log: hello [object Object] 3') ||
      page.consoleMessages.some((m) => m.startsWith('log: hello')), 'console output kept');
    assert.ok(page.consoleMessages.some((m) => m === 'warning: careful'));
  });

  test('clicks are named by a selector without text; typing gives one crumb per burst and field', async () => {
    const page = await open([['breadcrumbsIntegration']]);
    await page.click('button.buy');
    await page.click('#name');
    await page.keyboard.type('abcdef');
    await page.click('#pw');
    await page.keyboard.type('hunter2');
    await page.click('#notes');
    await page.keyboard.type('x');
    await page.click('#name');
    await page.keyboard.type('g');
    const list = await crumbs(page);
    const ui = list.filter((c) => c.category.startsWith('ui.'));
    assert.deepEqual(ui.map((c) => `${c.category} ${c.message}`), [
      'ui.click body > div#app > button.buy.primary[name="x"][type="button"]',
      'ui.click body > div#app > input#name[name="name"]',
      'ui.input body > div#app > input#name[name="name"]',
      'ui.click body > div#app > input#pw[name="pw"][type="password"]',
      'ui.input body > div#app > input#pw[name="pw"][type="password"]',
      'ui.click body > div#app > textarea#notes',
      'ui.input body > div#app > textarea#notes',
      'ui.click body > div#app > input#name[name="name"]',
      'ui.input body > div#app > input#name[name="name"]',
    ]);
    const text = JSON.stringify(list);
    for (const secret of ['Secret text', 'hunter2', 'abcdef']) assert.ok(!text.includes(secret), secret);
  });

  test('typing in one field after a pause of a second or more starts a new breadcrumb', async () => {
    const page = await open([['breadcrumbsIntegration']]);
    await page.clock.install();
    await page.click('#name');
    await page.keyboard.type('ab');
    await page.clock.fastForward(600);
    await page.keyboard.type('c'); // within a second of the last key: same burst
    await page.clock.fastForward(1100);
    await page.keyboard.type('d'); // after a pause: a new burst
    const inputs = await crumbs(page, 'ui.input');
    assert.equal(inputs.length, 2);
  });

  test('selectors: at most five levels, about 80 characters, quotes escaped, SVG classes', async () => {
    const page = await open([]);
    const r = await page.evaluate(() => {
      const root = document.createElement('section');
      let el = root;
      for (let i = 0; i < 7; i++) el = el.appendChild(document.createElement('div'));
      const leaf = el.appendChild(document.createElement('a'));
      leaf.setAttribute('title', 'say "hi"');
      document.body.append(root);
      const long = document.createElement('button');
      long.className = 'a-very-long-class-name another-very-long-class-name yet-another-long-class';
      document.getElementById('app').append(long);
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('class', 'icon big');
      document.getElementById('app').append(svg);
      return {
        deep: window.elementSelector(leaf),
        long: window.elementSelector(long),
        svg: window.elementSelector(svg),
        notElement: window.elementSelector(document),
      };
    });
    assert.equal(r.deep, 'div > div > div > div > a[title="say \\"hi\\""]');
    assert.equal(r.long, 'button.a-very-long-class-name.another-very-long-class-name.yet-another-long-class');
    assert.equal(r.svg, 'body > div#app > svg.icon.big');
    assert.equal(r.notElement, '<unknown>');
  });

  test('fetch: method, url, status and level; own requests skipped; failures still reject', async () => {
    const page = await open([['breadcrumbsIntegration']]);
    const outcome = await page.evaluate(async () => {
      const ok = await fetch('/api/ok', { method: 'post', body: 'private body' });
      await fetch(new Request('/api/missing'));
      await fetch(new URL('/api/broken', location.href));
      await fetch('/own-ingest', { method: 'POST', body: 'x' });
      let rejected = null;
      try {
        await fetch('http://127.0.0.1:1/unreachable');
      } catch (error) {
        rejected = error.name;
      }
      return { okText: await ok.text(), rejected };
    });
    assert.deepEqual(outcome, { okText: 'status 200', rejected: 'TypeError' });
    const list = await crumbs(page, 'fetch');
    const origin = env.server.url;
    assert.deepEqual(list.map(({ type, level, data }) => ({ type, level, data })), [
      { type: 'http', level: undefined, data: { method: 'POST', url: '/api/ok', status_code: 200 } },
      { type: 'http', level: 'warning', data: { method: 'GET', url: `${origin}/api/missing`, status_code: 404 } },
      { type: 'http', level: 'error', data: { method: 'GET', url: `${origin}/api/broken`, status_code: 500 } },
      { type: 'http', level: 'error', data: { method: 'GET', url: 'http://127.0.0.1:1/unreachable' } },
    ]);
    assert.ok(!JSON.stringify(list).includes('private body'));
  });

  test('XHR: 404 is a warning with its status; own requests skipped', async () => {
    const page = await open([['breadcrumbsIntegration']]);
    await page.evaluate(() => Promise.all(['/api/missing', '/own-ingest', '/api/ok'].map((url) => new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('get', url);
      xhr.onloadend = resolve;
      xhr.send();
    }))));
    const list = await crumbs(page, 'xhr');
    const sorted = list.map(({ type, level, data }) => ({ type, level, data })).sort((a, b) => a.data.url.localeCompare(b.data.url));
    assert.deepEqual(sorted, [
      { type: 'http', level: 'warning', data: { method: 'GET', url: '/api/missing', status_code: 404 } },
      { type: 'http', level: undefined, data: { method: 'GET', url: '/api/ok', status_code: 200 } },
    ]);
  });

  test('history: pushState, replaceState and popstate as relative from/to', async () => {
    const page = await open([['breadcrumbsIntegration']]);
    const start = await page.evaluate(() => location.pathname + location.search);
    await page.evaluate(() => {
      history.pushState({}, '', '/app/list?page=2');
      history.replaceState({ changed: true }, ''); // no URL: no navigation
      history.replaceState({}, '', '#details');
    });
    await page.evaluate(() => new Promise((resolve) => {
      window.addEventListener('popstate', () => resolve(), { once: true });
      history.back();
    }));
    const list = (await crumbs(page, 'navigation')).map((c) => c.data);
    assert.deepEqual(list, [
      { from: start, to: '/app/list?page=2' },
      { from: '/app/list?page=2', to: '/app/list?page=2#details' },
      { from: '/app/list?page=2#details', to: start },
    ]);
  });

  test('options switch single sources off', async () => {
    const page = await open([['breadcrumbsIntegration', { console: false, fetch: false }]]);
    await page.evaluate(async () => {
      console.log('silent');
      await fetch('/api/ok');
      history.pushState({}, '', '/elsewhere');
    });
    const list = await crumbs(page);
    assert.deepEqual(list.map((c) => c.category), ['navigation']);
  });

  test('a second setup replaces the first; close removes the patches', async () => {
    const page = await open([['breadcrumbsIntegration']]);
    const result = await page.evaluate(async () => {
      const first = window.client;
      const second = window.fakeClient({});
      window.integrations.breadcrumbsIntegration().setup(second);
      console.log('after second init');
      first.emit('close'); // the old client closing must not switch the new one off
      console.log('after first close');
      const patchedBefore = !String(fetch).includes('[native code]');
      second.emit('close');
      console.log('after second close');
      await fetch('/api/ok');
      return {
        first: first.calls.breadcrumbs.map((b) => b.message),
        second: second.calls.breadcrumbs.map((b) => b.message),
        patchedBefore,
        fetchNative: String(fetch).includes('[native code]'),
        consoleNative: String(console.log).includes('[native code]'),
        pushNative: String(history.pushState).includes('[native code]'),
      };
    });
    assert.deepEqual(result, {
      first: [],
      second: ['after second init', 'after first close'],
      patchedBefore: true,
      fetchNative: true,
      consoleNative: true,
      pushNative: true,
    });
  });
});

describe('httpContext', () => {
  test('adds url, User-Agent and Referer without overwriting given values', async () => {
    const page = await open([['httpContextIntegration']], { referer: 'http://referrer.example/from' });
    const result = await page.evaluate(() => {
      const plain = { kind: 'message', message: 'm', event: {} };
      window.client.emit('preprocessEvent', plain, {});
      const given = { kind: 'message', event: { request: { url: 'https://given/', headers: { 'User-Agent': 'custom' } } } };
      window.client.emit('preprocessEvent', given, {});
      return { plain: plain.event.request, given: given.event.request, href: location.href, ua: navigator.userAgent };
    });
    assert.deepEqual(result.plain, {
      url: result.href,
      headers: { 'User-Agent': result.ua, Referer: 'http://referrer.example/from' },
    });
    assert.deepEqual(result.given, {
      url: 'https://given/',
      headers: { 'User-Agent': 'custom', Referer: 'http://referrer.example/from' },
    });
  });
});

describe('inboundFilters', () => {
  test('matchesInboundFilters: defaults, RegExp and string entries, deny and allow URLs', async () => {
    const page = await open([]);
    const r = await page.evaluate(() => {
      const m = window.integrations.matchesInboundFilters;
      const err = (type, value, stack = '') => ({ kind: 'error', error: { type, value, stack } });
      const v8 = 'Error: x\n    at render (https://cdn.bad.com/lib.js:10:5)\n    at https://app.example.com/main.js:1:1';
      const ff = 'render@https://app.example.com/main.js:3:9\n@https://cdn.bad.com/lib.js:1:1';
      return {
        scriptError: m(err('Error', 'Script error.'), {}),
        scriptErrorOff: m(err('Error', 'Script error.'), { disableErrorDefaults: true }),
        resize: m(err('Error', 'ResizeObserver loop limit exceeded'), {}),
        regexp: m(err('Error', 'Boom 42'), { ignoreErrors: [/^Boom \d+$/] }),
        regexpMiss: m(err('Error', 'Boom x'), { ignoreErrors: [/^Boom \d+$/] }),
        typed: m(err('TypeError', 'x is undefined'), { ignoreErrors: [/^TypeError: x/] }),
        substring: m({ kind: 'message', message: 'ignore me please', event: {} }, { ignoreErrors: ['me pl'] }),
        globalFlag: [m(err('Error', 'g1'), { ignoreErrors: [/g1/g] }), m(err('Error', 'g1'), { ignoreErrors: [/g1/g] })],
        denyV8: m(err('Error', 'x', v8), { denyUrls: [/cdn\.bad\.com/] }),
        denyFirefoxInner: m(err('Error', 'x', ff), { denyUrls: [/cdn\.bad\.com/] }),
        allowMiss: m(err('Error', 'x', v8), { allowUrls: ['app.example.com'] }),
        allowHit: m(err('Error', 'x', ff), { allowUrls: [/app\.example\.com/] }),
        noStack: m(err('Error', 'x'), { allowUrls: ['app.example.com'] }),
        eventFrames: m({ kind: 'event', event: { exception: { values: [{ type: 'E', value: 'v',
          stacktrace: { frames: [{ filename: 'https://app.example.com/a.js' }, { filename: 'https://cdn.bad.com/b.js' }] } }] } } },
        { denyUrls: ['cdn.bad'] }),
        transaction: m({ kind: 'event', event: { type: 'transaction', message: 'Script error.' } }, {}),
      };
    });
    assert.match(r.scriptError, /^ignoreErrors matched "Script error\."/);
    assert.equal(r.scriptErrorOff, null);
    assert.match(r.resize, /ResizeObserver/);
    assert.match(r.regexp, /Boom 42/);
    assert.equal(r.regexpMiss, null);
    assert.match(r.typed, /TypeError: x is undefined/);
    assert.match(r.substring, /ignore me please/);
    assert.ok(r.globalFlag[0] && r.globalFlag[1], 'a /g pattern matches every time');
    assert.match(r.denyV8, /^denyUrls matched https:\/\/cdn\.bad\.com\/lib\.js/);
    assert.equal(r.denyFirefoxInner, null, 'only the innermost frame counts');
    assert.match(r.allowMiss, /^allowUrls did not match https:\/\/cdn\.bad\.com\/lib\.js/);
    assert.equal(r.allowHit, null);
    assert.equal(r.noStack, null);
    assert.match(r.eventFrames, /cdn\.bad\.com\/b\.js/);
    assert.equal(r.transaction, null);
  });

  test('the integration marks matching events dropped, using init() and its own options', async () => {
    const page = await open([['inboundFiltersIntegration', { ignoreErrors: ['from integration'] }]]);
    const drops = await page.evaluate(() => {
      window.client.options.ignoreErrors = [/^Secret \w+$/, 'plain string entry'];
      const emit = (value) => {
        const hostEvent = { kind: 'error', error: { type: 'Error', value, stack: '' }, event: {} };
        window.client.emit('preprocessEvent', hostEvent, {});
        return hostEvent.drop ?? null;
      };
      return ['Secret sauce', 'plain string entry here', 'from integration!', 'Script error', 'kept'].map(emit);
    });
    assert.deepEqual(drops, ['event_processor', 'event_processor', 'event_processor', 'event_processor', null]);
  });
});

describe('linkedErrors', () => {
  test('hands key and limit to the client options unless init() set them', async () => {
    const page = await open([]);
    const r = await page.evaluate(() => {
      const a = window.fakeClient({});
      window.integrations.linkedErrorsIntegration({ key: 'inner', limit: 2 }).setup(a);
      const b = window.fakeClient({ linkedErrors: { limit: 1 } });
      window.integrations.linkedErrorsIntegration({ limit: 3 }).setup(b);
      return [a.options.linkedErrors, b.options.linkedErrors];
    });
    assert.deepEqual(r, [{ key: 'inner', limit: 2 }, { limit: 1 }]);
  });
});
