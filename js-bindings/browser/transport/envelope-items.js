// The head of an envelope body, for the replay integration to tell its own requests apart.
// What a whole body holds (size, categories, carried client reports) is read by
// ../../core/envelope-items.js, shared with the Node transport.
import { bodyBytes } from '../../core/envelope-items.js';

const NEWLINE = 10;

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

function lineEnd(bytes, from) {
  const i = bytes.indexOf(NEWLINE, from);
  return i === -1 ? bytes.length : i;
}
