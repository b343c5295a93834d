// Shared helpers for the receiver tests (not a test file itself).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startReceiver } from '../../npm/receiver/server.js';

export const EVENT_ID = '9ec79c33ec9942ab8353589fcb2e04dc';
export const REPLAY_ID = 'aa11bb22cc33dd44ee55ff6677889900';

/**
 * Serializes an envelope. Items: { headers, payload, length?: boolean } where payload is a
 * string, Buffer or object (JSON); `length` defaults to true.
 */
export function makeEnvelope(headers, items) {
  const parts = [Buffer.from(`${JSON.stringify(headers)}\n`)];
  for (const item of items) {
    const payload = Buffer.isBuffer(item.payload)
      ? item.payload
      : Buffer.from(typeof item.payload === 'string' ? item.payload : JSON.stringify(item.payload));
    const itemHeaders = item.length === false ? item.headers : { ...item.headers, length: payload.length };
    parts.push(Buffer.from(`${JSON.stringify(itemHeaders)}\n`), payload, Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

/** An error event envelope with a stack, breadcrumbs and tags. */
export function errorEnvelope(overrides = {}, envelopeHeaders = {}) {
  const event = {
    event_id: EVENT_ID,
    timestamp: 1_700_000_000.5,
    level: 'error',
    platform: 'javascript',
    release: 'web@1.2.3',
    environment: 'staging',
    exception: { values: [{ type: 'TypeError', value: 'x is undefined',
      stacktrace: { frames: [
        { function: 'outer', filename: 'app.js', lineno: 10, colno: 2, in_app: true },
        { function: 'inner', filename: 'lib.js', lineno: 20, colno: 4 },
      ] } }] },
    breadcrumbs: { values: [{ timestamp: 1_700_000_000, category: 'ui.click', message: 'button#go' }] },
    tags: { browser: 'Chromium' },
    ...overrides,
  };
  return makeEnvelope(
    { event_id: EVENT_ID, sent_at: '2023-11-14T22:13:20Z', ...envelopeHeaders },
    [{ headers: { type: 'event' }, payload: event }],
  );
}

/**
 * Starts a receiver on a random port with a temporary directory, cleaned up after the test.
 * @param {import('node:test').TestContext | { after: Function }} t
 */
export async function startTestReceiver(t, options = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-receiver-test-'));
  const receiver = await startReceiver({ dir, ...options });
  t.after(async () => {
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  });
  return receiver;
}

/** POSTs a body to the envelope endpoint with query-string auth unless told otherwise. */
export function postEnvelope(receiver, body, { project = 1, key = 'public', query, headers = {},
  prefix = '' } = {}) {
  const search = query ?? `?sentry_version=7&sentry_key=${encodeURIComponent(key)}&sentry_client=test%2F1.0`;
  return fetch(`${receiver.url}${prefix}/api/${project}/envelope/${search}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
    body,
  });
}
