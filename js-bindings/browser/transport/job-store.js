// What one transport holds: each envelope it is sending or waiting to send (a "job": the
// queue entry with its body, and whether the offline queue has a copy), and the rules for
// keeping that copy in step. The page-hide path must start requests synchronously, so the
// bodies stay here in memory as well as in the queue.
import { randomId } from './ids.js';

// How long a tab may hold a queued entry while sending it before another tab may take it
// over: longer than any sane upload. The next page load in the same tab need not wait: the
// lease names the tab, and a tab's old document is gone by then.
export const LEASE_SECONDS = 30;

/**
 * @typedef {import('./memory-queue.js').QueueEntry} QueueEntry
 * @typedef {{ entry: QueueEntry, stored: boolean, committed?: boolean }} Job `committed`: the
 *   queue's copy is known to be written.
 */

/**
 * @param {object} options
 * @param {ReturnType<typeof import('./offline-queue.js').openOfflineQueue>} options.queue
 * @param {ReturnType<typeof import('./handover-log.js').createHandoverLog>} options.handedOver
 * @param {string} options.tab lease owner id.
 * @param {() => number} options.now Unix seconds.
 * @param {{ maxCount: number, maxBytes: number }} options.bounds queue bounds.
 * @param {(meta: import('./queue-policy.js').QueueMeta) => void} options.onDropped an entry
 *   the bounds pushed out.
 */
export function createJobStore({ queue, handedOver, tab, now, bounds, onDropped }) {
  const session = randomId(); // this transport: its core knows the request ids it made
  /** @type {Map<string, Job>} */
  const held = new Map();
  /** Keys with a request in flight. */
  const busy = new Set();
  let keySeq = 0;
  const metaOf = ({ body, ...meta }) => meta;

  function persist(job) {
    if (job.stored) return;
    job.stored = true;
    job.committed = false;
    handedOver.delete(job.entry.key); // back from a keepalive request that failed
    queue.add({ ...job.entry }, { ...bounds, now: now() }).then((dropped) => {
      if (job.stored) job.committed = true;
      for (const meta of dropped) {
        const dropping = held.get(meta.key);
        if (dropping) dropping.stored = false;
        if (dropping && !busy.has(meta.key)) held.delete(meta.key);
        onDropped(meta);
      }
    });
  }

  function save(job) {
    if (job.stored) queue.update(metaOf(job.entry));
    else persist(job);
  }

  function unpersist(job) {
    if (!job.stored) return;
    job.stored = false;
    queue.remove(job.entry.key);
  }

  return {
    session,
    held,
    busy,

    /** A job for a request from this transport's core; held from now on. */
    track(request, bytes, categories) {
      const key = `${Date.now().toString(36).padStart(10, '0')}-${(keySeq++).toString(36).padStart(6, '0')}-${session}`;
      const job = {
        entry: {
          key, url: String(request.url), headers: { ...request.headers }, body: request.body,
          bytes, categories, session, coreId: Number(request.id) || 0, attempts: 0,
          notBefore: 0, owner: null, leaseUntil: 0,
        },
        stored: false,
      };
      held.set(key, job);
      return job;
    },

    /** Whether this transport's core made the request (and knows its id). */
    own: (entry) => entry.session === session && entry.coreId > 0,

    /** Writes the job to the queue, if it is not there. */
    persist,

    /** Writes the job's current state (attempts, retry time, lease) to the queue. */
    save,

    /** Marks the job as being sent by this tab, so no other tab sends it meanwhile. */
    lease(job) {
      job.entry.owner = tab;
      job.entry.leaseUntil = now() + LEASE_SECONDS;
      save(job);
    },

    /** Forgets a job for good (answered or given up). */
    finish(job) {
      unpersist(job);
      held.delete(job.entry.key);
    },

    /**
     * Drops the queue's copy of a job handed to a keepalive request. The page may be going,
     * and then only the handover log's note keeps the next page from sending it again.
     */
    handOver(job) {
      if (!job.stored) return;
      const { key } = job.entry;
      handedOver.add(key);
      job.stored = false;
      queue.remove(key).then(() => handedOver.delete(key));
    },

    /**
     * Deletes what earlier pages handed to keepalive requests without the delete committing.
     * Runs before every claim, so none of it is sent twice.
     */
    purgeHandedOver() {
      for (const key of handedOver.list()) {
        if (held.has(key)) continue; // ours, and its delete is on its way
        queue.remove(key).then(() => handedOver.delete(key));
      }
    },

    /** Takes a claimed entry in; null when it must not be sent after all. */
    adopt(entry) {
      if (busy.has(entry.key)) return null; // the page-hide path started it meanwhile
      if (entry.body == null) {
        queue.remove(entry.key); // a record whose body is gone
        return null;
      }
      let job = held.get(entry.key);
      if (job) {
        job.entry.owner = entry.owner;
        job.entry.leaseUntil = entry.leaseUntil;
        job.stored = true;
        job.committed = true;
      } else {
        job = { entry, stored: true, committed: true };
        held.set(entry.key, job);
      }
      return job;
    },

    /** After the queue lost its copies (IndexedDB broke): writes every held job again. */
    rewriteAll() {
      for (const job of held.values()) {
        if (!job.stored) continue;
        job.stored = false;
        persist(job);
      }
    },

    /** Keys of waiting jobs whose queue copy is written: what the next claim must list. */
    settledKeys() {
      const keys = [];
      for (const [key, job] of held) if (job.stored && job.committed && !busy.has(key)) keys.push(key);
      return keys;
    },

    /**
     * Forgets waiting jobs the queue no longer lists: another tab delivered (or dropped) them.
     * @param {string[]} keys settledKeys() taken before the claim.
     * @param {{ key: string }[]} metas what the claim saw.
     */
    forgetMissing(keys, metas) {
      const present = new Set(metas.map((m) => m.key));
      for (const key of keys) {
        const job = held.get(key);
        if (job?.stored && !busy.has(key) && !present.has(key)) held.delete(key);
      }
    },

    /** Whether the queue may hold a job of ours that is not in flight. */
    anyWaiting() {
      for (const [key, job] of held) if (job.stored && !busy.has(key)) return true;
      return false;
    },
  };
}
