import { readBody } from './body.js';
import { HttpError } from './http-error.js';
import { loadRecord, loadRecords } from './records.js';
import { sendJson } from './respond.js';
import { countArrivals, waitForArrivals, WaitTimeoutError } from './wait.js';

// The /__vigil/* endpoints tests drive the receiver with. They need no key: the receiver
// is a local development tool and binds to 127.0.0.1 by default.

const MAX_CONTROL_BYTES = 1024 * 1024;
const MAX_WAIT_MS = 120_000;

/**
 * `GET /__vigil/envelopes[?type=event]`: stored envelopes, decoded, oldest first.
 * @param {import('./ingest.js').ReceiverContext} ctx
 */
export async function listEnvelopes(ctx, req, res, url) {
  const type = url.searchParams.get('type');
  let entries = ctx.store.entries();
  if (type) entries = entries.filter((e) => e.items.some((i) => i.type === type && !i.dropped));
  const envelopes = await loadRecords(ctx.store, entries, ctx.limits);
  sendJson(res, 200, { count: envelopes.length, envelopes });
}

/**
 * `GET /__vigil/envelopes/<id>`: one stored envelope, decoded.
 * @param {import('./ingest.js').ReceiverContext} ctx
 */
export async function getEnvelope(ctx, req, res, url, id) {
  const entry = ctx.store.entries().find((e) => e.id === id);
  if (!entry) throw new HttpError(404, 'no such envelope');
  sendJson(res, 200, await loadRecord(ctx.store, entry, ctx.limits));
}

/**
 * `DELETE /__vigil/envelopes`: forgets everything stored.
 * @param {import('./ingest.js').ReceiverContext} ctx
 */
export async function clearEnvelopes(ctx, req, res) {
  const cleared = ctx.store.entries().length;
  await ctx.store.clear();
  sendJson(res, 200, { cleared });
}

/**
 * `GET /__vigil/control` reads and `POST /__vigil/control` (JSON patch) changes simulations.
 * @param {import('./ingest.js').ReceiverContext} ctx
 */
export async function control(ctx, req, res) {
  if (req.method === 'GET') {
    sendJson(res, 200, ctx.simulation.snapshot());
    return;
  }
  const { body } = await readBody(req, { maxWireBytes: MAX_CONTROL_BYTES, maxBytes: MAX_CONTROL_BYTES });
  let patch;
  try {
    patch = JSON.parse(body.toString('utf8') || '{}');
  } catch (err) {
    throw new HttpError(400, `control body is not JSON: ${err.message}`);
  }
  sendJson(res, 200, ctx.simulation.update(patch));
}

/**
 * `GET /__vigil/wait?count=N&type=event&timeout=ms`: long-polls until N such items are stored
 * (N envelopes when no type). 200 with the matching envelopes, or 408 with how many came.
 * @param {import('./ingest.js').ReceiverContext} ctx
 */
export async function wait(ctx, req, res, url) {
  const count = intParam(url, 'count', 1);
  const timeout = Math.min(intParam(url, 'timeout', 5000), MAX_WAIT_MS);
  const type = url.searchParams.get('type') || undefined;
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  try {
    const entries = await waitForArrivals(ctx.store, { type, count, timeout, signal: abort.signal });
    const envelopes = await loadRecords(ctx.store, entries, ctx.limits);
    sendJson(res, 200, { count: countArrivals(entries, type), envelopes });
  } catch (err) {
    if (err instanceof WaitTimeoutError) {
      sendJson(res, 408, { detail: err.message, count: err.count });
    } else if (!abort.signal.aborted) {
      throw err;
    }
  }
}

/**
 * `GET /__vigil/replays/<id>`: decoded rrweb segments of one replay (what a player consumes).
 * @param {import('./ingest.js').ReceiverContext} ctx
 */
export async function getReplay(ctx, req, res, url, replayId) {
  const segments = await ctx.store.readReplay(replayId);
  if (!segments.length) throw new HttpError(404, 'no recording segments for this replay id');
  sendJson(res, 200, { replay_id: replayId, segments });
}

function intParam(url, name, fallback) {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new HttpError(400, `${name} must be a non-negative integer`);
  return value;
}
