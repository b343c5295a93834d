// The offline queue without persistence: used when IndexedDB is missing or broken (private
// windows in some browsers, sandboxed frames) or when the app turned the offline queue off.
// Same interface as the IndexedDB store, so the transport cannot tell them apart; entries
// survive network failures but not a reload.
import { selectClaim, selectEvictions } from './queue-policy.js';

/**
 * @typedef {import('./queue-policy.js').QueueMeta} QueueMeta
 * @typedef {QueueMeta & { body: string | Uint8Array }} QueueEntry
 * @typedef {object} QueueStore
 * @property {'indexeddb' | 'memory'} kind
 * @property {(entry: QueueEntry, bounds: { maxCount: number, maxBytes: number, now: number })
 *   => Promise<QueueMeta[]>} add stores (or replaces) an entry and returns what the bounds
 *   made it drop.
 * @property {(meta: QueueMeta) => Promise<void>} update replaces an entry's meta (not body).
 * @property {(key: string) => Promise<void>} remove
 * @property {(options: { now: number, owner: string, leaseUntil: number,
 *   ready: (meta: QueueMeta) => true | number }) => Promise<{ entry: QueueEntry | null,
 *   wakeAt: number, metas: QueueMeta[] }>} claim takes the oldest sendable entry, leasing it
 *   to `owner` in the same step; `metas` is everything stored at that moment.
 * @property {() => Promise<QueueMeta[]>} list everything stored, oldest first.
 */

/** @returns {QueueStore} */
export function createMemoryQueue() {
  /** @type {Map<string, QueueEntry>} */
  const entries = new Map();
  const sorted = () => [...entries.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const metaOf = ({ body, ...meta }) => meta;

  return {
    kind: 'memory',
    async add(entry, bounds) {
      entries.set(entry.key, { ...entry });
      const dropped = selectEvictions(sorted(), bounds);
      for (const meta of dropped) entries.delete(meta.key);
      return dropped.map(metaOf);
    },
    async update(meta) {
      const entry = entries.get(meta.key);
      if (entry) entries.set(meta.key, { ...meta, body: entry.body });
    },
    async remove(key) {
      entries.delete(key);
    },
    async claim({ now, owner, leaseUntil, ready }) {
      const all = sorted();
      const { index, wakeAt } = selectClaim(all, { now, owner, ready });
      const metas = all.map(metaOf);
      if (index < 0) return { entry: null, wakeAt, metas };
      const entry = { ...all[index], owner, leaseUntil };
      entries.set(entry.key, entry);
      metas[index] = metaOf(entry);
      return { entry: { ...entry }, wakeAt, metas };
    },
    async list() {
      return sorted().map(metaOf);
    },
  };
}
