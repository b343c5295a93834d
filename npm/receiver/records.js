import { parseEnvelope } from './envelope.js';
import { decodeItem } from './payload.js';

/**
 * @typedef {{ id: string, received_at: string, project_id: string, public_key: string,
 *   event_id: string | null, size: number, wire_size: number, content_encoding: string,
 *   headers: Record<string, any>,
 *   items: Array<import('./payload.js').DecodedItem & { dropped?: string }> }} EnvelopeRecord
 */

/**
 * Re-reads a stored envelope and decodes it for tests and the page. Records are rebuilt from
 * the raw body each time, so what a test sees is exactly what went to disk.
 * @param {import('./store.js').Store} store
 * @param {import('./store.js').StoreEntry} entry
 * @param {import('./limits.js').Limits} limits
 * @returns {Promise<EnvelopeRecord>}
 */
export async function loadRecord(store, entry, limits) {
  const envelope = parseEnvelope(await store.readRaw(entry));
  return {
    id: entry.id,
    received_at: entry.received_at,
    project_id: entry.project_id,
    public_key: entry.public_key,
    event_id: entry.event_id,
    size: entry.size,
    wire_size: entry.wire_size,
    content_encoding: entry.content_encoding,
    headers: envelope.headers,
    items: envelope.items.map((item, index) => {
      const meta = entry.items[index] ?? {};
      if (meta.dropped) {
        return { type: item.headers.type, headers: item.headers, size: item.payload.length,
          payload: null, payload_encoding: 'json', dropped: meta.dropped };
      }
      try {
        return decodeItem(item, limits);
      } catch (err) {
        return { type: item.headers.type, headers: item.headers, size: item.payload.length,
          payload: null, payload_encoding: 'json', error: err.message };
      }
    }),
  };
}

/**
 * Loads many records, skipping any whose file vanished (e.g. cleared meanwhile).
 * @param {import('./store.js').Store} store
 * @param {import('./store.js').StoreEntry[]} entries
 * @param {import('./limits.js').Limits} limits
 * @returns {Promise<EnvelopeRecord[]>}
 */
export async function loadRecords(store, entries, limits) {
  const results = await Promise.allSettled(entries.map((e) => loadRecord(store, e, limits)));
  return results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
}
