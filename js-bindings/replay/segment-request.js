// The transport request for one replay segment, compressed through the Compressor (the worker,
// or the main thread when no worker runs). Two ways, chosen by the `compression` option:
// - 'zlib': the recording item zlib-deflated (libdeflate.wasm at level 9 in the worker, a
//   12 KB gzip download; CompressionStream where that cannot run), the envelope around it
//   plain: no preflight (the default: bench/README.md has the numbers);
// - 'brotli': the recording plain and the whole envelope brotli-encoded, sent with
//   `Content-Encoding: br` (Relay decodes it; the header costs a CORS preflight, cached for an
//   hour). Brotli runs only in the worker; when it cannot, the segment goes as zlib.
import { segmentFramer } from './replay-envelope.js';

const TEXT = { 'Content-Type': 'text/plain;charset=UTF-8' };
// A brotli body cannot be read by the transport, so the request says what it holds: one per
// item, as the transport counts a plain envelope's items.
const REPLAY_CATEGORIES = [{ category: 'replay', quantity: 2 }];

/** Brotli quality when none is given; bench/replay-compression.mjs shows why. */
export const DEFAULT_BROTLI_QUALITY = 5;

/**
 * @param {object} args
 * @param {object} args.replayEvent
 * @param {number} args.segmentId
 * @param {string|object[]} args.events rrweb events, or their JSON
 * @param {object} args.sdk
 * @param {string} [args.dsn] for the envelope header when a tunnel is used
 * @param {import('./compressor.js').Compressor} args.compressor
 * @param {'zlib'|'brotli'|'none'} [args.compression='zlib']
 * @param {number} [args.brotliQuality]
 * @returns {Promise<{ body: Uint8Array, headers: Record<string, string>,
 *   categories?: Array<{ category: string, quantity: number }> }>}
 */
export async function segmentRequest({
  replayEvent, segmentId, events, sdk, dsn, compressor, compression = 'zlib', brotliQuality = DEFAULT_BROTLI_QUALITY,
}) {
  const json = typeof events === 'string' ? events : JSON.stringify(events);
  const frame = segmentFramer({ replayEvent, segmentId, sdk, dsn });
  const plain = () => frame(new TextEncoder().encode(json));
  if (compression === 'none') return { body: plain(), headers: TEXT };
  if (compression === 'brotli') {
    const encoded = await compressor.brotli(plain(), brotliQuality);
    if (encoded) {
      return { body: encoded, headers: { ...TEXT, 'Content-Encoding': 'br' }, categories: REPLAY_CATEGORIES };
    }
  }
  const zipped = await compressor.deflate(json);
  return { body: zipped ? frame(zipped) : plain(), headers: TEXT };
}
