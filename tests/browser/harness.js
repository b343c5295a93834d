// Real parts for browser tests: Debian's Chromium driven by playwright-core, a static server on
// loopback for the built package and test pages, and the package's own local receiver.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startReceiver } from '../../npm/receiver/server.js';
import { sentryParsedEnvelopes } from './helpers/sentry-check.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Without the networking flags Chromium floods the closed network with retries.
const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Launches headless Chromium. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.cjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css',
  '.map': 'application/json',
};

/**
 * Serves files under the repository root. `headers(urlPath)` may add response headers (a CSP
 * for one page, say); `routes` maps exact paths to handlers for dynamic answers.
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function startStaticServer({ root = ROOT, headers = () => ({}), routes = {} } = {}) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (routes[url.pathname]) return routes[url.pathname](req, res);
    const file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        ...headers(url.pathname),
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/**
 * Everything a browser test needs, started once per test file: browser, static server and
 * receiver. `page()` opens a fresh context and page whose console errors are collected.
 */
export async function startBrowserEnv(options = {}) {
  const [browser, server, receiver] = await Promise.all([
    launchBrowser(),
    startStaticServer(options.static),
    startReceiver(options.receiver),
  ]);
  const contexts = [];
  // Every envelope any browser test receives is read by Sentry's own parser before it is
  // cleared away or the receiver closes; one Sentry cannot read fails the test file.
  const clear = receiver.clear.bind(receiver);
  receiver.clear = async () => {
    await sentryParsedEnvelopes(receiver);
    await clear();
  };
  return {
    browser, server, receiver,
    dsn: receiver.dsn('public', '1'),
    /** Opens `pagePath` (relative to the repo root) with `?dsn=` and extra query parameters. */
    async page(pagePath, query = {}, contextOptions = {}) {
      const context = await browser.newContext(contextOptions);
      contexts.push(context);
      const page = await context.newPage();
      page.pageErrors = [];
      page.consoleMessages = [];
      page.on('pageerror', (e) => page.pageErrors.push(e));
      page.on('console', (m) => page.consoleMessages.push(`${m.type()}: ${m.text()}`));
      const params = new URLSearchParams({ dsn: receiver.dsn('public', '1'), ...query });
      await page.goto(`${server.url}/${pagePath}?${params}`);
      return page;
    },
    async close() {
      await Promise.allSettled(contexts.map((c) => c.close()));
      await sentryParsedEnvelopes(receiver);
      await Promise.allSettled([browser.close(), server.close(), receiver.close()]);
    },
  };
}
