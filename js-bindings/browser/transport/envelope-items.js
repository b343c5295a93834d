// What an envelope body holds, read from its item headers: its size on the wire and what
// losing it costs per data category. The core knows this when it prepares a request, but a
// body that waited in the offline queue (maybe across a reload, for a new core) only has its
// bytes, so the transport reads the item headers itself: enough to check rate limits and to
// count a dropped envelope in a client report.

// Item type → data category; the same table as the core's (wasm/core/data_category.cpp).
const CATEGORY_BY_TYPE = {
  event: 'error',
  transaction: 'transaction',
  session: 'session',
  sessions: 'session',
  attachment: 'attachment',
  replay_event: 'replay',
  replay_recording: 'replay',
  replay_video: 'replay',
  client_report: 'internal',
  check_in: 'monitor',
  span: 'span',
  log: 'log_item',
  profile: 'profile',
  profile_chunk: 'profile',
  feedback: 'feedback',
  user_report: 'default',
};

const NEWLINE = 10;

/**
 * @typedef {{ category: string, quantity: number }} CategoryCount
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
 * Reads an envelope's item headers.
 * @param {string | ArrayBuffer | ArrayBufferView} body
 * @returns {{ bytes: number, categories: CategoryCount[] }} `bytes` as sent; `categories` one
 *   entry per category present, attachments counted in bytes and every other item as 1, as
 *   client reports count them. A body that cannot be read counts as one `default` item.
 */
export function describeEnvelope(body) {
  const bytes = bodyBytes(body);
  const counts = new Map();
  try {
    for (const { type, size } of itemHeaders(bytes)) {
      const category = Object.hasOwn(CATEGORY_BY_TYPE, type) ? CATEGORY_BY_TYPE[type] : 'default';
      counts.set(category, (counts.get(category) ?? 0) + (category === 'attachment' ? size : 1));
    }
  } catch {
    counts.clear();
  }
  if (counts.size === 0) counts.set('default', 1);
  return {
    bytes: bytes.byteLength,
    categories: [...counts].map(([category, quantity]) => ({ category, quantity })),
  };
}

/** Yields `{ type, size }` per item; throws on a malformed item header. */
function* itemHeaders(bytes) {
  const decoder = new TextDecoder();
  let pos = lineEnd(bytes, 0) + 1; // past the envelope header
  while (pos < bytes.length) {
    const end = lineEnd(bytes, pos);
    const line = decoder.decode(bytes.subarray(pos, end));
    pos = end + 1;
    if (!line.trim()) continue; // a trailing newline
    const header = JSON.parse(line);
    let size;
    if (Number.isSafeInteger(header.length) && header.length >= 0) {
      size = header.length;
      // Payloads with a length may hold newlines; one optional newline ends them.
      pos += size;
      if (bytes[pos] === NEWLINE) pos += 1;
    } else {
      const payloadEnd = lineEnd(bytes, pos);
      size = payloadEnd - pos;
      pos = payloadEnd + 1;
    }
    yield { type: String(header.type ?? ''), size };
  }
}

function lineEnd(bytes, from) {
  const i = bytes.indexOf(NEWLINE, from);
  return i === -1 ? bytes.length : i;
}

/** Every data category the core knows, for asking it whether any rate limit is still on. */
export const ALL_CATEGORIES = [
  'default', 'error', 'transaction', 'session', 'attachment', 'replay', 'internal', 'monitor',
  'span', 'log_item', 'profile', 'feedback',
];

/**
 * The envelope header and the first item's header, read without decoding the payloads.
 * @param {string | ArrayBuffer | ArrayBufferView} body
 * @returns {{ header: object, firstItem: object } | null} null when unreadable
 */
export function envelopeHead(body) {
  try {
    let text;
    if (typeof body === 'string') {
      const first = body.indexOf('\n');
      const second = first < 0 ? -1 : body.indexOf('\n', first + 1);
      text = second < 0 ? body : body.slice(0, second);
    } else {
      const bytes = bodyBytes(body);
      text = new TextDecoder().decode(bytes.subarray(0, lineEnd(bytes, lineEnd(bytes, 0) + 1)));
    }
    const [header, firstItem] = text.split('\n');
    return { header: JSON.parse(header), firstItem: JSON.parse(firstItem) };
  } catch {
    return null;
  }
}
