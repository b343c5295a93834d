// What losing an envelope costs, read from its items: the Node transport drops queued
// envelopes (queue overflow, a rate limit that began while one waited for its retry) and must
// count them per data category in a client report, but keeps only the bytes the core prepared.
// The core also attaches pending client reports to outgoing envelopes; when such an envelope
// is dropped, the counts it carried must be recorded again rather than lost with it.

// Item type → data category, as the core maps them (wasm/core/data_category.cpp).
const CATEGORY_BY_TYPE = new Map(Object.entries({
  event: 'error', transaction: 'transaction', session: 'session', sessions: 'session',
  attachment: 'attachment', replay_event: 'replay', replay_recording: 'replay',
  replay_video: 'replay', client_report: 'internal', check_in: 'monitor', span: 'span',
  log: 'log_item', profile: 'profile', profile_chunk: 'profile', feedback: 'feedback',
}));

/**
 * @typedef {object} EnvelopeLoss
 * @property {Array<{ category: string, quantity: number }>} categories one entry per category
 *   present; attachments count their bytes, every other item counts 1; unreadable → one
 *   `default`
 * @property {Array<{ reason: string, category: string, quantity: number }>} carriedDiscards
 *   the counts of the client reports the envelope carries
 */

/**
 * @param {string | Uint8Array} body an envelope as the core prepared it
 * @returns {EnvelopeLoss}
 */
export function describeLoss(body) {
  const counts = new Map();
  const carriedDiscards = [];
  try {
    for (const { type, size, payload } of readItems(body)) {
      const category = CATEGORY_BY_TYPE.get(type) ?? 'default';
      counts.set(category, (counts.get(category) ?? 0) + (category === 'attachment' ? size : 1));
      if (type === 'client_report') carriedDiscards.push(...discardsOf(payload));
    }
  } catch {
    counts.clear();
  }
  if (counts.size === 0) counts.set('default', 1);
  return {
    categories: [...counts].map(([category, quantity]) => ({ category, quantity })),
    carriedDiscards,
  };
}

// Yields { type, size, payload } per item; throws on a malformed item header.
function* readItems(body) {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const decoder = new TextDecoder();
  const lineEnd = (from) => {
    const i = bytes.indexOf(10, from);
    return i < 0 ? bytes.length : i;
  };
  let pos = lineEnd(0) + 1; // past the envelope header
  while (pos < bytes.length) {
    const end = lineEnd(pos);
    const line = decoder.decode(bytes.subarray(pos, end));
    pos = end + 1;
    if (!line.trim()) continue;
    const header = JSON.parse(line);
    // `length` counts bytes and allows newlines in the payload; without it the payload is a line.
    const payloadEnd = Number.isSafeInteger(header.length) && header.length >= 0
      ? Math.min(pos + header.length, bytes.length) : lineEnd(pos);
    const payload = bytes.subarray(pos, payloadEnd);
    pos = payloadEnd + (bytes[payloadEnd] === 10 ? 1 : 0);
    yield { type: String(header.type), size: payload.length, payload: () => decoder.decode(payload) };
  }
}

function discardsOf(payload) {
  try {
    const report = JSON.parse(payload());
    return (Array.isArray(report?.discarded_events) ? report.discarded_events : [])
      .filter((d) => typeof d?.reason === 'string' && typeof d.category === 'string' && Number(d.quantity) > 0)
      .map((d) => ({ reason: d.reason, category: d.category, quantity: Number(d.quantity) }));
  } catch {
    return [];
  }
}
