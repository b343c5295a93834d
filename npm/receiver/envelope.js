// A small envelope parser for the receiver, independent of the SDK's C++ writer so that each
// checks the other. It follows Relay's framing rules: a JSON header line, then items of a
// JSON header line plus a payload that is either `length` bytes or runs to the next newline.

const NEWLINE = 0x0a;
const UUID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** A framing or header error; the receiver answers it with 400. */
export class EnvelopeError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

/**
 * @typedef {{ headers: Record<string, any>, payload: Buffer }} EnvelopeItem
 * @typedef {{ headers: Record<string, any>, items: EnvelopeItem[] }} Envelope
 */

/**
 * Parses envelope bytes. Payloads are returned as views into `bytes`, undecoded.
 * @param {Buffer} bytes
 * @returns {Envelope}
 * @throws {EnvelopeError}
 */
export function parseEnvelope(bytes) {
  let pos = skipBlank(bytes, 0);
  if (pos >= bytes.length) throw new EnvelopeError('empty envelope');
  const first = readLine(bytes, pos);
  const headers = parseHeader(first.line, 'envelope header');
  if (headers.event_id !== undefined && headers.event_id !== null) {
    if (typeof headers.event_id !== 'string' || !UUID.test(headers.event_id)) {
      throw new EnvelopeError('invalid envelope header: event_id is not a UUID');
    }
  }
  pos = first.next;

  const items = [];
  for (;;) {
    // Tolerating blank lines between items matches Relay, whose JSON reader skips whitespace.
    pos = skipBlank(bytes, pos);
    if (pos >= bytes.length) break;
    const where = `item ${items.length} header`;
    const head = readLine(bytes, pos);
    const itemHeaders = parseHeader(head.line, where);
    if (typeof itemHeaders.type !== 'string' || itemHeaders.type === '') {
      throw new EnvelopeError(`invalid ${where}: missing "type"`);
    }
    const { length } = itemHeaders;
    if (length === undefined || length === null) {
      if (!head.sawNewline) {
        items.push({ headers: itemHeaders, payload: bytes.subarray(head.next, head.next) });
        break;
      }
      const body = readLine(bytes, head.next);
      items.push({ headers: itemHeaders, payload: body.line });
      pos = body.next;
      continue;
    }
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new EnvelopeError(`invalid ${where}: "length" must be a non-negative integer`);
    }
    const start = head.sawNewline ? head.next : bytes.length;
    if (start + length > bytes.length) {
      throw new EnvelopeError(
        `item ${items.length} payload truncated: declared ${length} bytes, ${bytes.length - start} left`,
      );
    }
    items.push({ headers: itemHeaders, payload: bytes.subarray(start, start + length) });
    pos = start + length;
    if (pos < bytes.length) {
      if (bytes[pos] === NEWLINE) pos += 1;
      else if (bytes[pos] === 0x0d && bytes[pos + 1] === NEWLINE) pos += 2;
      else throw new EnvelopeError(`item ${items.length - 1} payload is not followed by a newline`);
    }
  }
  return { headers, items };
}

/**
 * Normalizes an event id to Sentry's 32-hex form, or returns null if it is not one.
 * @param {unknown} id
 * @returns {string | null}
 */
export function normalizeEventId(id) {
  if (typeof id !== 'string' || !UUID.test(id)) return null;
  return id.replaceAll('-', '').toLowerCase();
}

function readLine(bytes, start) {
  const end = bytes.indexOf(NEWLINE, start);
  if (end < 0) return { line: bytes.subarray(start), next: bytes.length, sawNewline: false };
  return { line: bytes.subarray(start, end), next: end + 1, sawNewline: true };
}

function skipBlank(bytes, pos) {
  while (pos < bytes.length) {
    const b = bytes[pos];
    if (b !== NEWLINE && b !== 0x0d && b !== 0x20 && b !== 0x09) break;
    pos += 1;
  }
  return pos;
}

function parseHeader(line, where) {
  let value;
  try {
    value = JSON.parse(line.toString('utf8'));
  } catch (err) {
    throw new EnvelopeError(`invalid ${where}: ${err.message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new EnvelopeError(`invalid ${where}: not a JSON object`);
  }
  return value;
}
