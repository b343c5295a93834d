// The compression worker's message table: a request `{ id, method, arg }` gets one reply
// `{ id, result }` or `{ id, error }`. Results are transferred, not copied. Runtime-neutral, so
// Node tests and the benchmark drive the same table the worker runs.
import { deflateBytes } from './deflate.js';
import { loadBrotli } from './brotli-wasm.js';
import { loadLibdeflate } from './libdeflate-wasm.js';

/**
 * @param {object} [options]
 * @param {URL|string|ArrayBuffer|ArrayBufferView|WebAssembly.Module} [options.brotliSource]
 *   where brotli.wasm comes from; loaded on the first `brotli` request, never before.
 * @param {URL|string|ArrayBuffer|ArrayBufferView|WebAssembly.Module} [options.deflateSource]
 *   where libdeflate.wasm comes from; loaded on the first `deflate` request. Without it, or
 *   once it failed to load, `deflate` is CompressionStream's (the same format, larger).
 * @returns {(message: { id: number, method: string, arg: any }) =>
 *   Promise<{ reply: object, transfer: Transferable[] }>} never rejects
 */
export function createMessageTable({ brotliSource, deflateSource } = {}) {
  let brotli = null;
  // A failed load is not tried again: every segment would fetch the missing file anew.
  let libdeflate = deflateSource ? null : Promise.resolve(null);
  const methods = {
    /** Answers at once: the worker is up and reads messages. */
    ping: () => 'pong',
    /** arg: Uint8Array; result: its zlib form. */
    deflate: async (arg) => {
      const bytes = toBytes(arg);
      libdeflate ??= loadLibdeflate(deflateSource).catch(() => null);
      const encoder = await libdeflate;
      if (encoder) {
        try {
          return encoder.compress(bytes);
        } catch {
          // Out of memory, say: this segment goes through the platform's zlib.
        }
      }
      return deflateBytes(bytes);
    },
    /** arg: { bytes: Uint8Array, quality: 0..11 }; result: its brotli form. */
    brotli: async (arg) => {
      if (!brotliSource) throw new Error('no brotli.wasm location given');
      brotli ??= loadBrotli(brotliSource);
      // A failed load is tried again on the next request rather than remembered.
      const encoder = await brotli.catch((error) => { brotli = null; throw error; });
      return encoder.compress(toBytes(arg?.bytes), arg?.quality ?? 5);
    },
  };
  return async function handle(message) {
    const id = message?.id;
    try {
      const method = Object.hasOwn(methods, message?.method) ? methods[message.method] : null;
      if (!method) throw new Error(`unknown method ${JSON.stringify(message?.method)}`);
      const result = await method(message.arg);
      return { reply: { id, result }, transfer: result instanceof Uint8Array ? [result.buffer] : [] };
    } catch (error) {
      return { reply: { id, error: String(error?.message ?? error) }, transfer: [] };
    }
  };
}

function toBytes(value) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError('expected bytes');
}
