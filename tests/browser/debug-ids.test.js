// Debug ids registered by build tools reach events as debug_meta, without any bundler here:
// the page registers ids the way built files do (ours under _vigilDebugIds, Sentry's tools'
// under _sentryDebugIds), keyed by a stack whose first frame names the file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserEnv } from './harness.js';
import { sentryItems } from './helpers/sentry-check.js';

let env;
before(async () => { env = await startBrowserEnv(); });
after(() => env?.close());

const PAGE_ID = '2f1d1b52-8a0b-4d25-9c3e-5d0f6b7a8c9d';
const OTHER_ID = '0c3a2e8f-6b4d-4e1a-8f2c-7d9b1a3c5e7f';

test('an error whose frames name a registered file carries its debug id; unrelated files are left out', async () => {
  await env.receiver.clear();
  const page = await env.page('tests/browser/pages/sdk.html');
  await page.waitForFunction(() => window.pageReady === true);
  const pageUrl = await page.evaluate(({ PAGE_ID, OTHER_ID }) => {
    let stack = '';
    try { window.checkout(); } catch (e) { stack = e.stack; }
    // Sentry's global for the page's file, ours for a file no frame comes from.
    window._sentryDebugIds = { [stack]: PAGE_ID };
    window._vigilDebugIds = { 'Error\n    at http://cdn.example/assets/other-1234.js:1:10': OTHER_ID };
    Vigil.init({ dsn });
    try { window.checkout(); } catch (e) { Vigil.captureException(e); }
    return location.href;
  }, { PAGE_ID, OTHER_ID });
  await env.receiver.waitFor({ type: 'event', count: 1 });
  const [[, event]] = await sentryItems(env.receiver, 'event');
  assert.deepEqual(event.debug_meta, { images: [{ type: 'sourcemap', code_file: pageUrl, debug_id: PAGE_ID }] });
  // The image names the file as the frames do, which is how a server pairs them.
  const top = event.exception.values.at(-1).stacktrace.frames.at(-1);
  assert.equal(top.abs_path ?? top.filename, pageUrl);
});

test('without registered ids events have no debug_meta', async () => {
  await env.receiver.clear();
  const page = await env.page('tests/browser/pages/sdk.html');
  await page.waitForFunction(() => window.pageReady === true);
  await page.evaluate(() => {
    Vigil.init({ dsn });
    try { window.checkout(); } catch (e) { Vigil.captureException(e); }
  });
  await env.receiver.waitFor({ type: 'event', count: 1 });
  const [[, event]] = await sentryItems(env.receiver, 'event');
  assert.equal(event.debug_meta, undefined);
});
