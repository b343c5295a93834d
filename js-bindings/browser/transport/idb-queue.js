// The offline queue in IndexedDB, so envelopes waiting for the network survive a reload or a
// closed tab. Two object stores: `meta` (small records, read whole on every decision) and
// `body` (the envelope bytes, read only for the entry being sent), so choosing what to send
// next never loads megabytes of replay data. Every decision that reads and then writes runs in
// one readwrite transaction: IndexedDB runs those one at a time across all tabs of the origin,
// which is what keeps two tabs from claiming the same entry.
import { selectClaim, selectEvictions } from './queue-policy.js';

const VERSION = 1;

/**
 * Opens (creating if needed) the queue database.
 * @param {string} name database name.
 * @param {{ timeoutMs?: number }} [options] some browsers never answer an open in private
 *   windows; after this long the caller falls back to memory.
 * @returns {Promise<import('./memory-queue.js').QueueStore>} rejects when IndexedDB is
 *   unavailable.
 */
export async function openIdbQueue(name, { timeoutMs = 3000 } = {}) {
  let dbPromise = null;
  const getDb = () => {
    dbPromise ??= openDb(name, timeoutMs).catch((error) => {
      dbPromise = null;
      throw error;
    });
    return dbPromise;
  };
  await getDb();

  // A connection the browser closed (Safari does so for backgrounded pages) is reopened once.
  async function run(mode, body) {
    try {
      return await transact(await getDb(), mode, body);
    } catch (error) {
      if (error?.name !== 'InvalidStateError') throw error;
      dbPromise = null;
      return transact(await getDb(), mode, body);
    }
  }

  return {
    kind: 'indexeddb',
    add: (entry, bounds) => run('readwrite', (meta, bodies, done) => {
      const { body, ...record } = entry;
      meta.put(record);
      bodies.put(body, record.key);
      onSuccess(meta.getAll(), (all) => {
        const dropped = selectEvictions(all, bounds);
        for (const d of dropped) {
          meta.delete(d.key);
          bodies.delete(d.key);
        }
        done(dropped);
      });
    }),
    update: (record) => run('readwrite', (meta, _bodies, done) => {
      // Only if still there: another tab may have delivered and removed it meanwhile.
      onSuccess(meta.get(record.key), (found) => {
        if (found) meta.put(record);
        done();
      });
    }),
    remove: (key) => run('readwrite', (meta, bodies, done) => {
      meta.delete(key);
      bodies.delete(key);
      done();
    }),
    claim: ({ now, owner, leaseUntil, ready }) => run('readwrite', (meta, bodies, done) => {
      onSuccess(meta.getAll(), (all) => {
        const { index, wakeAt } = selectClaim(all, { now, owner, ready });
        if (index < 0) {
          done({ entry: null, wakeAt, metas: all });
          return;
        }
        const record = { ...all[index], owner, leaseUntil };
        all[index] = record;
        meta.put(record);
        onSuccess(bodies.get(record.key), (body) => done({ entry: { ...record, body }, wakeAt, metas: all }));
      });
    }),
    list: () => run('readonly', (meta, _bodies, done) => onSuccess(meta.getAll(), done)),
  };
}

function openDb(name, timeoutMs) {
  return new Promise((resolve, reject) => {
    const idb = globalThis.indexedDB;
    if (!idb) {
      reject(new Error('IndexedDB is not available'));
      return;
    }
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new Error('IndexedDB open timed out'));
    }, timeoutMs);
    let request;
    try {
      request = idb.open(name, VERSION);
    } catch (error) {
      clearTimeout(timer);
      reject(error); // Firefox private windows used to throw here
      return;
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta', { keyPath: 'key' });
      if (!db.objectStoreNames.contains('body')) db.createObjectStore('body');
    };
    request.onsuccess = () => {
      const db = request.result;
      clearTimeout(timer);
      if (settled) {
        db.close();
        return;
      }
      settled = true;
      // Let a newer version of the SDK in another tab upgrade the schema.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => {
      clearTimeout(timer);
      settled = true;
      reject(request.error ?? new Error('IndexedDB open failed'));
    };
  });
}

/** Runs `body(metaStore, bodyStore, done)` in one transaction; resolves after it commits. */
function transact(db, mode, body) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['meta', 'body'], mode);
    let result;
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    body(tx.objectStore('meta'), tx.objectStore('body'), (value) => { result = value; });
  });
}

function onSuccess(request, fn) {
  request.onsuccess = () => fn(request.result);
}
