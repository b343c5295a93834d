import zlib from 'node:zlib';
import { HttpError } from './http-error.js';

/** A replay_recording payload the receiver could not read; stored with the item, not fatal. */
export class ReplayDecodeError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'ReplayDecodeError';
  }
}

/**
 * Decodes a `replay_recording` payload: `{"segment_id":N}\n` then rrweb events JSON, raw or
 * zlib-compressed (RFC 1950). Like Relay, zlib is recognised by its header rather than by a
 * flag, so either form is accepted from any SDK.
 * @param {Buffer} payload
 * @param {{ maxDecompressedBytes: number }} limits
 * @returns {{ segmentId: number, header: Record<string, unknown>, events: unknown,
 *   compressed: boolean, decodedBytes: number }}
 * @throws {ReplayDecodeError} for malformed input; {HttpError} 413 when inflating exceeds the limit.
 */
export function decodeReplayRecording(payload, { maxDecompressedBytes }) {
  const newline = payload.indexOf(0x0a);
  if (newline < 0) throw new ReplayDecodeError('replay recording lacks its {"segment_id":N} header line');
  let header;
  try {
    header = JSON.parse(payload.subarray(0, newline).toString('utf8'));
  } catch (err) {
    throw new ReplayDecodeError(`replay recording header is not JSON: ${err.message}`);
  }
  if (header === null || typeof header !== 'object' || !Number.isSafeInteger(header.segment_id)
    || header.segment_id < 0) {
    throw new ReplayDecodeError('replay recording header lacks a non-negative integer segment_id');
  }

  const body = payload.subarray(newline + 1);
  const compressed = isZlib(body);
  let json = body;
  if (compressed) {
    try {
      // maxOutputLength makes zlib stop at the limit instead of inflating a bomb in full.
      json = zlib.inflateSync(body, { maxOutputLength: maxDecompressedBytes });
    } catch (err) {
      if (err?.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw new HttpError(413, `replay recording inflates past ${maxDecompressedBytes} bytes`);
      }
      throw new ReplayDecodeError(`replay recording zlib data is invalid: ${err.message}`);
    }
  } else if (body[0] === 0x1f && body[1] === 0x8b) {
    throw new ReplayDecodeError('replay recording is gzip; only zlib (RFC 1950) or plain JSON is read');
  }
  let events;
  try {
    events = JSON.parse(json.toString('utf8'));
  } catch (err) {
    throw new ReplayDecodeError(`replay recording events are not JSON: ${err.message}`);
  }
  return { segmentId: header.segment_id, header, events, compressed, decodedBytes: json.length };
}

/**
 * True when `bytes` start with a valid zlib header (CM=8, FCHECK makes the pair divisible by 31).
 * @param {Buffer} bytes
 */
export function isZlib(bytes) {
  if (bytes.length < 2) return false;
  const cmf = bytes[0];
  const flg = bytes[1];
  return (cmf & 0x0f) === 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 === 0;
}
