// The transport's offline queue: IndexedDB when it works, memory when it does not. Callers get
// one store whose calls never reject; if IndexedDB fails to open (private windows, sandboxed
// frames, workers without it) or breaks later (quota, a corrupt database), the queue carries on
// in memory for the rest of the page's life, and whatever IndexedDB already holds waits for
// the next page load.
import { openIdbQueue } from './idb-queue.js';
import { createMemoryQueue } from './memory-queue.js';

/**
 * @typedef {import('./memory-queue.js').QueueStore} QueueStore
 * @typedef {import('./queue-policy.js').QueueMeta} QueueMeta
 */

/**
 * @param {object} [options]
 * @param {boolean} [options.persistent=true] false keeps the queue in memory only.
 * @param {string} [options.name='vigil-offline-queue'] IndexedDB database name.
 * @param {(...args: unknown[]) => void} [options.log] debug logging.
 * @param {() => void} [options.onFallback] called when a working IndexedDB queue fails and
 *   the queue moves to memory: what the caller holds must be added again.
 * @returns {QueueStore & { kind: () => Promise<'indexeddb' | 'memory'> }} operations resolve
 *   with a safe empty answer instead of rejecting.
 */
export function openOfflineQueue({
  persistent = true, name = 'vigil-offline-queue', log = () => {}, onFallback = () => {},
} = {}) {
  let current = persistent
    ? openIdbQueue(name).catch((error) => {
      log('offline queue kept in memory: IndexedDB unavailable:', error?.message ?? error);
      return createMemoryQueue();
    })
    : Promise.resolve(createMemoryQueue());

  let memory = null;
  const moveToMemory = () => {
    if (!memory) {
      memory = createMemoryQueue();
      current = Promise.resolve(memory);
      onFallback();
    }
    return memory;
  };

  // Runs an operation on the current store, switching to memory when IndexedDB fails.
  const call = (op, args, empty) => current
    .then((store) => store[op](...args).catch((error) => {
      if (store.kind !== 'indexeddb') throw error;
      log(`offline queue moved to memory: IndexedDB ${op} failed:`, error?.message ?? error);
      return moveToMemory()[op](...args);
    }))
    .catch((error) => {
      log(`offline queue ${op} failed:`, error?.message ?? error);
      return empty;
    });

  return {
    kind: () => current.then((store) => store.kind),
    add: (entry, bounds) => call('add', [entry, bounds], []),
    update: (meta) => call('update', [meta], undefined),
    remove: (key) => call('remove', [key], undefined),
    claim: (options) => call('claim', [options], { entry: null, wakeAt: Infinity, metas: [] }),
    list: () => call('list', [], []),
  };
}
