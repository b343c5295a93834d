// Ids the transport tags queue entries with.

const TAB_ID_KEY = 'vigil.transport.tab';

/** @returns {string} 16 random hex digits. */
export function randomId() {
  const bytes = new Uint8Array(8);
  try {
    globalThis.crypto.getRandomValues(bytes);
  } catch {
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One id per browser tab, shared by the documents it shows one after another (it lives in
 * sessionStorage), so a page may take over what the tab's previous page was sending.
 * @returns {string} a fresh random id where sessionStorage is unavailable.
 */
export function tabId() {
  try {
    const storage = globalThis.sessionStorage;
    let id = storage.getItem(TAB_ID_KEY);
    if (!id) {
      id = randomId();
      storage.setItem(TAB_ID_KEY, id);
    }
    return id;
  } catch {
    return randomId(); // storage blocked (sandboxed frames, some privacy modes), or a worker
  }
}
