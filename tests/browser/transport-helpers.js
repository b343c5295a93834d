// Shared by the transport's browser tests: a browser + receiver per test file, the transport
// test page opened with options, and a poll for conditions the receiver cannot wait for.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, startBrowserEnv } from './harness.js';

export const PAGE = 'tests/browser/pages/transport.html';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

/** Starts the environment; `open()` gives a ready transport page in a fresh context. */
export async function startTransportEnv() {
  const env = await startBrowserEnv();
  return {
    env,
    receiver: env.receiver,
    /**
     * @param {object} [o]
     * @param {object} [o.transport] makeFetchTransport options (JSON-safe).
     * @param {Record<string, string>} [o.query] more page query parameters.
     * @param {boolean} [o.servedFromDisk] answer page loads from disk inside the browser
     *   context, so the page can load (and reload) while the context is offline.
     */
    async open({ transport = {}, query = {}, servedFromDisk = false } = {}) {
      const page = await env.page(PAGE, { transport: JSON.stringify(transport), ...query });
      const context = page.context();
      if (servedFromDisk) {
        // A document that did not come from the network counts as public to Chromium's Local
        // Network Access checks, which would then block its requests to the loopback receiver.
        await context.grantPermissions(['local-network-access']);
        await context.route(`${env.server.url}/**`, serveFromDisk);
      }
      await page.waitForFunction(() => window.vtReady === true);
      return page;
    },
    /** Forgets stored envelopes and simulations between tests. */
    async reset() {
      await env.receiver.clear();
      env.receiver.control({ reset: true });
    },
    close: () => env.close(),
  };
}

async function serveFromDisk(route) {
  const { pathname } = new URL(route.request().url());
  try {
    const body = await readFile(path.join(ROOT, decodeURIComponent(pathname)));
    await route.fulfill({ body, contentType: TYPES[path.extname(pathname)] ?? 'application/octet-stream' });
  } catch {
    await route.fulfill({ status: 404, body: '' });
  }
}

/**
 * Polls `condition` (sync or async) until it returns a truthy value, which is returned.
 * For state the receiver's waitFor cannot see (the page's queue, its fetch log).
 */
export async function until(condition, { timeout = 5000, interval = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** The message of every event item in the records, in arrival order. */
export function eventMessages(records) {
  return records.flatMap((r) => r.items.filter((i) => i.type === 'event' && !i.dropped)
    .map((i) => i.payload?.message?.formatted ?? i.payload?.message));
}

/** Every discarded_events entry of every client report in the records. */
export function discards(records) {
  return records.flatMap((r) => r.items.filter((i) => i.type === 'client_report')
    .flatMap((i) => i.payload?.discarded_events ?? []));
}

/**
 * The page's fetch log without URLs (they only clutter assertion messages), once every fetch
 * in it has settled: the receiver stores an envelope before the page sees the answer.
 */
export function fetchLog(page) {
  return until(() => page.evaluate(() => window.vt.fetches.every((f) => f.status || f.error)
    && window.vt.fetches.map(({ url, ...rest }) => rest)), { what: 'fetches to settle' });
}
