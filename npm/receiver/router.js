import { serveAsset } from './assets.js';
import { clearEnvelopes, control, getEnvelope, getReplay, listEnvelopes, wait } from './api.js';
import { answerPreflight, applyCors } from './cors.js';
import { HttpError } from './http-error.js';
import { handleIngest } from './ingest.js';
import { collectPageData } from './page-data.js';
import { loadRecords } from './records.js';
import { renderIndexPage } from './page.js';
import { renderReplayPage } from './replay-page.js';
import { sendError, sendHtml, sendPlayerHtml } from './respond.js';

/**
 * One route: methods, a path pattern whose groups become handler arguments, a handler
 * `(ctx, req, res, url, ...groups)`.
 * @typedef {{ methods: string[], path: RegExp,
 *   handler: (ctx: any, req: any, res: any, url: URL, ...groups: string[]) => unknown }} Route
 */

/** @type {Route[]} */
const ROUTES = [
  // Any prefix before /api mirrors DSNs with a path (https://key@host/sub/path/42).
  { methods: ['POST'], path: /^(?:\/.*)?\/api\/(?:(\d+)\/)?envelope\/?$/, handler: handleIngest },
  { methods: ['GET'], path: /^\/$/, handler: indexPage },
  // The replay player page; its scripts and styles come from /__vigil/assets/.
  { methods: ['GET'], path: /^\/replays\/([^/]+)\/?$/, handler: replayPage },
  { methods: ['GET'], path: /^\/__vigil\/envelopes\/?$/, handler: listEnvelopes },
  { methods: ['DELETE'], path: /^\/__vigil\/envelopes\/?$/, handler: clearEnvelopes },
  { methods: ['GET'], path: /^\/__vigil\/envelopes\/([^/]+)$/, handler: getEnvelope },
  { methods: ['GET', 'POST'], path: /^\/__vigil\/control\/?$/, handler: control },
  { methods: ['GET'], path: /^\/__vigil\/wait\/?$/, handler: wait },
  { methods: ['GET'], path: /^\/__vigil\/replays\/([^/]+)\/?$/, handler: getReplay },
  { methods: ['GET', 'HEAD'], path: /^\/__vigil\/assets\/([^/]+)$/, handler: serveAsset },
];

/**
 * Dispatches one request. Never throws: every failure becomes a response, so no input can
 * take the server down.
 * @param {import('./ingest.js').ReceiverContext} ctx
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export async function route(ctx, req, res) {
  const started = Date.now();
  res.on('finish', () => {
    ctx.log?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms${res.vigilNote ? ` ${res.vigilNote}` : ''}`);
  });
  req.on('error', () => {});
  try {
    applyCors(res);
    if (req.method === 'OPTIONS') {
      answerPreflight(res);
      return;
    }
    let url;
    try {
      // Joined rather than resolved against a base so that `//host/...` stays a path.
      url = new URL(`http://receiver${req.url?.startsWith('/') ? req.url : `/${req.url ?? ''}`}`);
    } catch {
      throw new HttpError(400, 'invalid request target');
    }
    const matches = ROUTES.map((r) => ({ r, m: r.path.exec(url.pathname) })).filter((x) => x.m);
    if (!matches.length) throw new HttpError(404, 'not found');
    const hit = matches.find((x) => x.r.methods.includes(req.method));
    if (!hit) {
      res.setHeader('Allow', [...new Set(matches.flatMap((x) => x.r.methods)), 'OPTIONS'].join(', '));
      throw new HttpError(405, 'method not allowed');
    }
    const groups = hit.m.slice(1).map((g) => (g === undefined ? undefined : decodeSegment(g)));
    await hit.r.handler(ctx, req, res, url, ...groups);
  } catch (err) {
    // An unread body would otherwise be drained from a client we already said no to.
    if (!req.complete) res.setHeader('Connection', 'close');
    sendError(res, err, ctx.log);
  }
}

async function indexPage(ctx, req, res) {
  sendHtml(res, 200, renderIndexPage(await collectPageData(ctx)));
}

async function replayPage(ctx, req, res, url, replayId) {
  const segments = await ctx.store.readReplay(replayId);
  const errorIds = segments.length ? await replayErrorIds(ctx, replayId) : [];
  const { status, body, scripts } = renderReplayPage(replayId, segments, { errorIds });
  (scripts ? sendPlayerHtml : sendHtml)(res, status, body);
}

/** Error event ids a replay's replay_event items name (`error_ids`), first seen first. */
async function replayErrorIds(ctx, replayId) {
  const entries = ctx.store.entries().filter((e) => e.items.some((i) => i.type === 'replay_event'
    && i.replay_id === replayId && !i.dropped));
  const ids = new Set();
  for (const record of await loadRecords(ctx.store, entries, ctx.limits)) {
    for (const item of record.items) {
      if (item.type !== 'replay_event' || item.payload_encoding !== 'json') continue;
      const list = item.payload?.error_ids;
      if (!Array.isArray(list)) continue;
      for (const id of list) if (typeof id === 'string' && id) ids.add(id);
    }
  }
  return [...ids];
}

function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'invalid percent-encoding in path');
  }
}
