import { setTimeout as sleep } from 'node:timers/promises';
import { authFromRequest, checkProject, checkPublicKey, parseDsn } from './auth.js';
import { readBody } from './body.js';
import { categoryOf } from './categories.js';
import { EnvelopeError, normalizeEventId, parseEnvelope } from './envelope.js';
import { HttpError } from './http-error.js';
import { checkItemLimits } from './limits.js';
import { decodeItem, isStructuredItem } from './payload.js';
import { sendJson } from './respond.js';

const EVENT_TYPES = new Set(['event', 'transaction', 'feedback', 'security']);

/**
 * @typedef {{ store: import('./store.js').Store,
 *   simulation: ReturnType<typeof import('./simulate.js').createSimulation>,
 *   auth: import('./auth.js').AuthConfig, limits: import('./limits.js').Limits,
 *   log?: (line: string) => void }} ReceiverContext
 */

/**
 * Handles `POST [/prefix]/api/<project_id>/envelope/` in Relay's order: simulated failures,
 * credentials that need no body, the body within its limits, framing, credentials from the
 * envelope `dsn`, item limits, rate limits, then decoding and storage.
 * @param {ReceiverContext} ctx
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {string | undefined} routeProjectId absent for `/api/envelope/` (project from the dsn).
 */
export async function handleIngest(ctx, req, res, url, routeProjectId) {
  const { simulation, limits } = ctx;
  const latency = simulation.latencyMs();
  if (latency > 0) await sleep(latency);

  const outage = simulation.takeOutage();
  if (outage?.mode === 'destroy') {
    req.socket.destroy();
    return;
  }
  if (outage) {
    const headers = outage.retryAfter == null ? {} : { 'Retry-After': String(outage.retryAfter) };
    throw new HttpError(outage.status, 'simulated outage', headers);
  }

  let auth = authFromRequest(req, url);
  if (auth) checkPublicKey(ctx.auth, auth.publicKey);
  if (routeProjectId) checkProject(ctx.auth, routeProjectId);

  const { body, wireBytes, encoding } = await readBody(req, {
    maxWireBytes: limits.maxBodyBytes,
    maxBytes: limits.maxEnvelopeBytes,
  });
  let envelope;
  try {
    envelope = parseEnvelope(body);
  } catch (err) {
    if (err instanceof EnvelopeError) throw new HttpError(400, err.message);
    throw err;
  }

  let projectId = routeProjectId;
  if (!auth || !projectId) {
    if (envelope.headers.dsn == null) {
      throw new HttpError(auth ? 400 : 401, auth ? 'missing project id' : 'missing authorization information');
    }
    const dsn = parseDsn(envelope.headers.dsn);
    if (!auth) {
      auth = { publicKey: dsn.publicKey, source: 'dsn' };
      checkPublicKey(ctx.auth, auth.publicKey);
    }
    if (!projectId) {
      projectId = dsn.projectId;
      checkProject(ctx.auth, projectId);
    }
  }

  checkItemLimits(envelope, limits);

  const categories = envelope.items.map((item) => categoryOf(item.headers.type));
  const rateLimit = simulation.takeRateLimit(categories);
  if (rateLimit && rateLimit.limited.every(Boolean)) {
    throw new HttpError(429, 'event submission rejected with_reason: RateLimited (simulated)', rateLimit.headers);
  }
  const dropped = rateLimit?.limited ?? [];

  // Attachments can be large and need no decoding to be stored; structured items are decoded
  // now so ids, replay files and the decompressed-replay limit are settled before answering.
  const decoded = envelope.items.map((item, i) => {
    if (dropped[i]) return null;
    return isStructuredItem(item.headers) ? decodeItem(item, limits) : {};
  });
  const headerEventId = normalizeEventId(envelope.headers.event_id);
  const replays = [];
  const items = envelope.items.map((item, i) => {
    const meta = { type: item.headers.type, length: item.payload.length, category: categories[i] };
    const d = decoded[i];
    if (!d) return { ...meta, dropped: 'rate_limited' };
    if (d.error) meta.error = d.error;
    const payload = d.payload_encoding === 'json' ? d.payload : null;
    if (EVENT_TYPES.has(meta.type)) meta.event_id = normalizeEventId(payload?.event_id);
    if (meta.type === 'replay_event') {
      meta.replay_id = normalizeEventId(payload?.replay_id ?? payload?.event_id) ?? headerEventId;
    }
    if (meta.type === 'replay_recording') {
      meta.replay_id = headerEventId;
      if (d.payload_encoding === 'replay') {
        meta.segment_id = d.payload.segment_id;
        meta.compressed = d.compressed;
        replays.push({ itemIndex: i, replayId: headerEventId, segmentId: d.payload.segment_id,
          events: d.payload.events });
      }
    }
    return meta;
  });

  const eventId = headerEventId ?? items.find((m) => m.event_id)?.event_id ?? null;
  const entry = await ctx.store.add(body, {
    received_at: new Date().toISOString(),
    project_id: String(projectId),
    public_key: auth.publicKey,
    auth_source: auth.source,
    sdk_client: auth.client ?? null,
    event_id: eventId,
    event_ids: [...new Set(items.map((m) => m.event_id).filter(Boolean))],
    size: body.length,
    wire_size: wireBytes,
    content_encoding: encoding,
    items,
  }, replays);

  res.vigilNote = `${entry.id} ${items.map((m) => m.type).join(',') || '(no items)'}`;
  const headers = {};
  if (rateLimit?.headers['X-Sentry-Rate-Limits']) {
    headers['X-Sentry-Rate-Limits'] = rateLimit.headers['X-Sentry-Rate-Limits'];
  }
  sendJson(res, 200, eventId ? { id: eventId } : {}, headers);
}
