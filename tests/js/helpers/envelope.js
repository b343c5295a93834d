// Reads an envelope with Sentry's own parser. Sentry's reader hands back items that carry a
// `length` as raw bytes (it reads them as binary attachments), so JSON item types are decoded
// here, after checking the bytes it cut match the declared length.
import assert from 'node:assert/strict';
import { parseEnvelope } from '@sentry/core';

const BINARY_TYPES = new Set(['attachment', 'replay_recording']);

/**
 * @param {string|Uint8Array} body
 * @returns {[object, Array<[object, any]>]} envelope headers and [itemHeader, payload] pairs
 */
export function readEnvelope(body) {
  const [headers, items] = parseEnvelope(body);
  const decoded = items.map(([itemHeader, payload]) => {
    if (payload instanceof Uint8Array) {
      if (typeof itemHeader.length === 'number') assert.equal(payload.byteLength, itemHeader.length);
      if (!BINARY_TYPES.has(itemHeader.type)) payload = JSON.parse(new TextDecoder().decode(payload));
    }
    return [itemHeader, payload];
  });
  return [headers, decoded];
}
