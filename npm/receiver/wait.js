/**
 * Counts accepted items of one type (rate-limited drops excluded), or envelopes when no type
 * is given.
 * @param {import('./store.js').StoreEntry[]} entries
 * @param {string | undefined} type
 */
export function countArrivals(entries, type) {
  if (!type) return entries.length;
  let n = 0;
  for (const entry of entries) {
    for (const item of entry.items) if (item.type === type && !item.dropped) n += 1;
  }
  return n;
}

/** Thrown when a wait times out; carries how many had arrived. */
export class WaitTimeoutError extends Error {
  /**
   * @param {number} count
   * @param {number} wanted
   * @param {string | undefined} type
   */
  constructor(count, wanted, type) {
    super(`timed out waiting for ${wanted} ${type ?? 'envelope'}(s); ${count} arrived`);
    this.name = 'WaitTimeoutError';
    this.count = count;
  }
}

/**
 * Resolves once at least `count` items of `type` are stored: the event-driven replacement
 * for sleeps in tests.
 * @param {{ entries: () => import('./store.js').StoreEntry[], subscribe: (fn: () => void) => () => void }} store
 * @param {{ type?: string, count?: number, timeout?: number, signal?: AbortSignal }} options
 * @returns {Promise<import('./store.js').StoreEntry[]>} the entries holding such items.
 */
export function waitForArrivals(store, { type, count = 1, timeout = 5000, signal } = {}) {
  return new Promise((resolve, reject) => {
    let timer;
    let unsubscribe = () => {};
    const done = (fn, value) => {
      clearTimeout(timer);
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      fn(value);
    };
    const check = () => {
      const entries = store.entries();
      if (countArrivals(entries, type) < count) return false;
      done(resolve, type ? entries.filter((e) => countArrivals([e], type) > 0) : entries);
      return true;
    };
    const onAbort = () => done(reject, signal.reason ?? new Error('wait aborted'));
    if (check()) return;
    if (signal?.aborted) {
      onAbort();
      return;
    }
    unsubscribe = store.subscribe(check);
    signal?.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(
      () => done(reject, new WaitTimeoutError(countArrivals(store.entries(), type), count, type)),
      timeout,
    );
  });
}
