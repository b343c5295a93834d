// What an envelope body holds, read from its item headers: its size on the wire, what losing it
// costs per data category, and the discard counts of any client report it carries. The core
// knows the first two when it prepares a request, but a body that waited in a queue (in the
// browser maybe across a reload, for a new core) only has its bytes; and a dropped envelope's
// client report must be counted again rather than lost with it.

// Item type → data category; the same table as the core's (wasm/core/data_category.cpp).
const CATEGORY_BY_TYPE = new Map(Object.entries({
  event: 'error', transaction: 'transaction', session: 'session', sessions: 'session',
  attachment: 'attachment', replay_event: 'replay', replay_recording: 'replay',
  replay_video: 'replay', client_report: 'internal', check_in: 'monitor', span: 'span',
  log: 'log_item', profile: 'profile', profile_chunk: 'profile', feedback: 'feedback',
  user_report: 'default',
}));

/** Every data category the core knows, for asking it whether any rate limit is still on. */
export const ALL_CATEGORIES = [
  'default', 'error', 'transaction', 'session', 'attachment', 'replay', 'internal', 'monitor',
  'span', 'log_item', 'profile', 'feedback',
];

const NEWLINE = 10;

/**
 * @typedef {{ category: string, quantity: number }} CategoryCount
 * @typedef {{ reason: string, category: string, quantity: number }} Discard
 */

/**
 * Turns a request body into bytes; strings are sent as UTF-8.
 * @param {string | ArrayBuffer | ArrayBufferView} body
 * @returns {Uint8Array}
 */
export function bodyBytes(body) {
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return new TextEncoder().encode(String(body ?? ''));
}

/**
 * Reads an envelope's items.
 * @param {string | ArrayBuffer | ArrayBufferView} body
 * @returns {{ bytes: number, categories: CategoryCount[], carriedDiscards: Discard[] }} `bytes`
 *   as sent; `categories` one entry per category present, attachments counted in bytes and
 *   every other item as 1, as client reports count them (a body that cannot be read counts as
 *   one `default` item); `carriedDiscards` the counts of the client reports it carries.
 */
export function describeEnvelope(body) {
  const bytes = bodyBytes(body);
  const counts = new Map();
  const carriedDiscards = [];
  try {
    for (const { type, payload } of readItems(bytes)) {
      const category = CATEGORY_BY_TYPE.get(type) ?? 'default';
      counts.set(category, (counts.get(category) ?? 0) + (category === 'attachment' ? payload.length : 1));
      if (type === 'client_report') carriedDiscards.push(...discardsOf(payload));
    }
  } catch {
    counts.clear();
  }
  if (counts.size === 0) counts.set('default', 1);
  return {
    bytes: bytes.byteLength,
    categories: [...counts].map(([category, quantity]) => ({ category, quantity })),
    carriedDiscards,
  };
}

/**
 * The discard counts of the client reports a core-made envelope carries (the core's bodies are
 * strings; binary ones are replay segments, which carry none). A cheap search first, since most
 * envelopes carry none.
 * @param {string | ArrayBuffer | ArrayBufferView} body
 * @returns {Discard[]}
 */
export function carriedDiscards(body) {
  if (typeof body !== 'string' || !body.includes('"client_report"')) return [];
  return describeEnvelope(body).carriedDiscards;
}

/** Yields `{ type, payload }` per item; throws on a malformed item header. */
function* readItems(bytes) {
  const decoder = new TextDecoder();
  let pos = lineEnd(bytes, 0) + 1; // past the envelope header
  while (pos < bytes.length) {
    const end = lineEnd(bytes, pos);
    const line = decoder.decode(bytes.subarray(pos, end));
    pos = end + 1;
    if (!line.trim()) continue; // a trailing newline
    const header = JSON.parse(line);
    // `length` counts bytes and allows newlines in the payload; without it the payload is a line.
    const payloadEnd = Number.isSafeInteger(header.length) && header.length >= 0
      ? Math.min(pos + header.length, bytes.length) : lineEnd(bytes, pos);
    const payload = bytes.subarray(pos, payloadEnd);
    pos = payloadEnd + (bytes[payloadEnd] === NEWLINE ? 1 : 0);
    yield { type: String(header.type ?? ''), payload };
  }
}

function lineEnd(bytes, from) {
  const i = bytes.indexOf(NEWLINE, from);
  return i === -1 ? bytes.length : i;
}

function discardsOf(payload) {
  try {
    const report = JSON.parse(new TextDecoder().decode(payload));
    return (Array.isArray(report?.discarded_events) ? report.discarded_events : [])
      .filter((d) => typeof d?.reason === 'string' && typeof d.category === 'string' && Number(d.quantity) > 0)
      .map((d) => ({ reason: d.reason, category: d.category, quantity: Number(d.quantity) }));
  } catch {
    return [];
  }
}
