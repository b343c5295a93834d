// Pages of a built example app, each sending under a DSN of its own (its own project id), so
// a test reads only what its page sent: a transaction an earlier test's page ends late (idle
// timeout, page hide) cannot leak into the next test's counts.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readEnvelope } from '../../js/helpers/envelope.js';

let project = 100;

/**
 * Opens the app at `/` with a fresh DSN and waits until the SDK is ready.
 * @param {object} env from startBrowserEnv
 * @param {string} readySelector shown once the app rendered
 */
export async function openAppPage(env, readySelector) {
  const projectId = String(++project);
  const page = await env.page('', { dsn: env.receiver.dsn('public', projectId) });
  page.projectId = projectId;
  await page.waitForFunction(() => window.vigilReady !== undefined, null, { timeout: 15000 });
  assert.equal(await page.evaluate(() => window.vigilReady), true);
  await page.waitForSelector(readySelector);
  return page;
}

/** Payloads of `type` the page's project got so far, each envelope read by Sentry's parser. */
export async function pageItems(env, page, type) {
  let index = '';
  try {
    index = await readFile(path.join(env.receiver.dir, 'index.jsonl'), 'utf8');
  } catch {
    return [];
  }
  const out = [];
  for (const line of index.split('\n').filter(Boolean)) {
    const entry = JSON.parse(line);
    if (String(entry.project_id) !== page.projectId) continue;
    const [, items] = readEnvelope(new Uint8Array(await readFile(path.join(env.receiver.dir, entry.file))));
    for (const [header, payload] of items) if (header.type === type) out.push(payload);
  }
  return out;
}

/**
 * Waits until `enough(items)` holds for the page's items of `type`, then returns them.
 * @returns {Promise<object[]>}
 */
export async function waitForPageItems(env, page, type, enough, timeout = 20000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const items = await pageItems(env, page, type);
    if (enough(items)) return items;
    if (Date.now() > deadline) return items;
    await new Promise((r) => setTimeout(r, 150));
  }
}
