// Queued envelopes handed to a keepalive request, remembered in localStorage.
//
// A keepalive request outlives the page, so the queue entry it carries must go; but Chromium
// never commits an IndexedDB write made while the page is being hidden or unloaded (tried:
// put, delete, explicit commit(), in pagehide and visibilitychange). Without this log the next
// page load would find the entry and send it a second time. localStorage writes are
// synchronous and do survive, so the key is noted here first, and whoever drains the queue
// next deletes the entry before choosing what to send.

const STORAGE_KEY = 'vigil.transport.handedOver';
// Keys are only kept until their IndexedDB delete commits; this bounds a log that cannot be
// cleaned (storage full, say).
const MAX_KEYS = 200;

/**
 * @param {Storage | null} [storage] defaults to localStorage when the page may use it.
 * @returns {{ add: (key: string) => void, delete: (key: string) => void,
 *   list: () => string[] }} never throws; without storage it remembers nothing.
 */
export function createHandoverLog(storage = defaultStorage()) {
  const read = () => {
    try {
      const keys = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '[]');
      return Array.isArray(keys) ? keys.filter((k) => typeof k === 'string') : [];
    } catch {
      return [];
    }
  };
  const write = (keys) => {
    try {
      if (keys.length) storage?.setItem(STORAGE_KEY, JSON.stringify(keys.slice(-MAX_KEYS)));
      else storage?.removeItem(STORAGE_KEY);
    } catch {
      // Full or blocked storage: at worst an envelope is delivered twice.
    }
  };
  return {
    add(key) {
      write([...read().filter((k) => k !== key), key]);
    },
    delete(key) {
      const keys = read();
      if (keys.includes(key)) write(keys.filter((k) => k !== key));
    },
    list: read,
  };
}

function defaultStorage() {
  try {
    return globalThis.localStorage ?? null; // the getter throws where storage is blocked
  } catch {
    return null;
  }
}
