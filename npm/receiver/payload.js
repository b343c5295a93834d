import { decodeReplayRecording, ReplayDecodeError } from './replay.js';

// Types whose payload is JSON whatever the content_type says, as Relay treats them.
const JSON_TYPES = new Set([
  'event', 'transaction', 'security', 'session', 'sessions', 'client_report', 'replay_event',
  'check_in', 'feedback', 'user_report', 'profile', 'profile_chunk', 'span', 'log',
  'otel_span', 'otel_log',
]);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * True for items whose payload is structured (JSON or a replay recording), as opposed to
 * opaque bytes such as attachments, which ingest can store without decoding.
 * @param {Record<string, any>} headers item headers.
 */
export function isStructuredItem(headers) {
  return headers.type === 'replay_recording' || isJsonItem(headers);
}

function isJsonItem(headers) {
  return JSON_TYPES.has(headers.type)
    || String(headers.content_type ?? '').toLowerCase().startsWith('application/json');
}

/**
 * @typedef {{ type: string, headers: Record<string, any>, payload: unknown,
 *   payload_encoding: 'json' | 'replay' | 'utf8' | 'base64', size: number,
 *   compressed?: boolean, error?: string }} DecodedItem
 */

/**
 * Decodes one item's payload into something a test or page can read: parsed JSON, decoded
 * replay events, text, or base64 for binary attachments. Problems are reported on the item
 * (`error`), since Relay too drops bad items after answering rather than refusing the request.
 * @param {import('./envelope.js').EnvelopeItem} item
 * @param {{ maxReplayDecompressedBytes: number }} limits
 * @returns {DecodedItem}
 * @throws {import('./http-error.js').HttpError} 413 when a replay inflates past its limit.
 */
export function decodeItem(item, limits) {
  const { headers, payload } = item;
  const base = { type: headers.type, headers, size: payload.length };
  if (headers.type === 'replay_recording') {
    try {
      const replay = decodeReplayRecording(payload, {
        maxDecompressedBytes: limits.maxReplayDecompressedBytes,
      });
      return {
        ...base,
        payload: { segment_id: replay.segmentId, events: replay.events },
        payload_encoding: 'replay',
        compressed: replay.compressed,
      };
    } catch (err) {
      if (!(err instanceof ReplayDecodeError)) throw err;
      return { ...base, ...asText(payload), error: err.message };
    }
  }
  if (isJsonItem(headers)) {
    try {
      return { ...base, payload: JSON.parse(payload.toString('utf8')), payload_encoding: 'json' };
    } catch (err) {
      return { ...base, ...asText(payload), error: `payload is not JSON: ${err.message}` };
    }
  }
  return { ...base, ...asText(payload) };
}

function asText(payload) {
  try {
    return { payload: utf8.decode(payload), payload_encoding: 'utf8' };
  } catch {
    return { payload: payload.toString('base64'), payload_encoding: 'base64' };
  }
}
