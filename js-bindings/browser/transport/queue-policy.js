// The offline queue's two decisions, shared by its IndexedDB and in-memory stores so both
// behave alike: which entry to send next, and which to drop when the queue is over its bounds.
// Entries are given oldest first (keys sort by creation time).

/**
 * What the queue keeps about one envelope besides its body.
 * @typedef {object} QueueMeta
 * @property {string} key sorts by creation time.
 * @property {string} url
 * @property {Record<string, string>} headers
 * @property {number} bytes body size as sent.
 * @property {Array<{ category: string, quantity: number }>} categories what losing it costs.
 * @property {string} session the transport instance that made it: its core knows `coreId`.
 * @property {number} coreId the core's request id, meaningful only to `session`.
 * @property {number} attempts sends that failed without a response so far.
 * @property {number} notBefore Unix seconds before which it must not be sent (retry backoff).
 * @property {string | null} owner the tab sending it right now, if any...
 * @property {number} leaseUntil ...until when (Unix seconds); other tabs leave it alone until
 *   then, so two tabs of one site never send the same entry.
 */

// How soon to look again at an entry another tab is sending: its answer usually comes long
// before the lease runs out, and this tab wants to know it is gone.
const LEASED_RECHECK_SECONDS = 2;

/**
 * Picks the oldest entry that may be sent now.
 * @param {QueueMeta[]} metas oldest first.
 * @param {{ now: number, owner: string, ready: (meta: QueueMeta) => true | number }} options
 *   `ready` says whether this transport may send the entry now, or else from when (Unix
 *   seconds; Infinity when something else will wake the queue).
 * @returns {{ index: number, wakeAt: number }} index -1 when none may go; wakeAt is when to
 *   look again at those passed over.
 */
export function selectClaim(metas, { now, owner, ready }) {
  let wakeAt = Infinity;
  for (let i = 0; i < metas.length; i++) {
    const meta = metas[i];
    if (meta.owner && meta.owner !== owner && meta.leaseUntil > now) {
      wakeAt = Math.min(wakeAt, meta.leaseUntil, now + LEASED_RECHECK_SECONDS);
      continue;
    }
    const verdict = ready(meta);
    if (verdict === true) return { index: i, wakeAt };
    wakeAt = Math.min(wakeAt, verdict);
  }
  return { index: -1, wakeAt };
}

/**
 * Picks what to drop, oldest first, until the queue is within both bounds. Entries being
 * sent (leased) neither count nor go: their answer settles their fate within seconds, and
 * counting them would let one large upload in flight push out everything waiting.
 * @param {QueueMeta[]} metas oldest first, including any just added.
 * @param {{ maxCount: number, maxBytes: number, now: number }} bounds
 * @returns {QueueMeta[]} the entries to drop.
 */
export function selectEvictions(metas, { maxCount, maxBytes, now }) {
  const waiting = metas.filter((m) => !(m.owner && m.leaseUntil > now));
  let count = waiting.length;
  let bytes = waiting.reduce((sum, m) => sum + m.bytes, 0);
  const out = [];
  for (const meta of waiting) {
    if (count <= maxCount && bytes <= maxBytes) break;
    out.push(meta);
    count -= 1;
    bytes -= meta.bytes;
  }
  return out;
}
