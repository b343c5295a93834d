import { viewEvent } from './event-view.js';
import { loadRecords } from './records.js';

const MAX_ERRORS_SHOWN = 100;

/**
 * Gathers what the index page shows: counts from the in-memory index, error details from the
 * newest stored envelopes, replay ids with their segment counts.
 * @param {import('./ingest.js').ReceiverContext} ctx
 */
export async function collectPageData(ctx) {
  const entries = ctx.store.entries();
  const counts = new Map();
  const replays = new Map();
  for (const entry of entries) {
    for (const item of entry.items) {
      if (item.dropped) continue;
      counts.set(item.type, (counts.get(item.type) ?? 0) + 1);
      if (!item.replay_id) continue;
      const replay = replays.get(item.replay_id) ?? { id: item.replay_id, segments: 0, lastSeen: '' };
      if (item.type === 'replay_recording') replay.segments += 1;
      replay.lastSeen = entry.received_at;
      replays.set(item.replay_id, replay);
    }
  }

  const withErrors = entries
    .filter((e) => e.items.some((i) => i.type === 'event' && !i.dropped))
    .slice(-MAX_ERRORS_SHOWN)
    .reverse();
  const records = await loadRecords(ctx.store, withErrors, ctx.limits);
  const errors = [];
  for (const record of records) {
    for (const item of record.items) {
      if (item.type !== 'event' || item.dropped) continue;
      errors.push({
        envelopeId: record.id,
        view: viewEvent(item.payload_encoding === 'json' ? item.payload : {}, record.headers, record.received_at),
        error: item.error ?? '',
      });
    }
  }
  return {
    dir: ctx.store.dir,
    envelopeCount: entries.length,
    counts: [...counts].sort((a, b) => a[0].localeCompare(b[0])),
    errors,
    errorTotal: counts.get('event') ?? 0,
    replays: [...replays.values()].reverse(),
  };
}
