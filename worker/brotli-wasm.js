// Brotli's encoder in Wasm (brotli.wasm, built by worker/brotli.cmake), instantiated by hand:
// the module is standalone, so no Emscripten runtime is needed, only its two imports.
import { instantiateStandalone } from './standalone-wasm.js';

// BrotliEncoderMode: text is a hint for UTF-8 input (envelopes are JSON).
const MODE_TEXT = 1;
// Window bits: the smallest window that holds the whole input (so nothing is lost), from 1 KB
// up to 16 MB; a smaller window is a smaller ring buffer in the worker's memory.
const windowBits = (size) => {
  let bits = 10;
  while (bits < 24 && (1 << bits) - 16 < size) bits += 1;
  return bits;
};

/**
 * @typedef {{ compress: (bytes: Uint8Array, quality: number) => Uint8Array,
 *   memoryBytes: () => number }} BrotliEncoder memoryBytes: the module's linear memory now
 */

/**
 * Instantiates brotli.wasm.
 * @param {URL|string|ArrayBuffer|ArrayBufferView|WebAssembly.Module} source a URL is fetched
 *   (streaming compile where the server sends application/wasm); bytes or a module are used as is.
 * @returns {Promise<BrotliEncoder>}
 */
export async function loadBrotli(source) {
  const wasm = await instantiateStandalone('brotli.wasm', source);
  return {
    compress: (bytes, quality) => compress(wasm, bytes, quality),
    memoryBytes: () => wasm.memory.buffer.byteLength,
  };
}

function compress(wasm, bytes, quality) {
  const q = Math.min(11, Math.max(0, Math.round(Number(quality)) || 0));
  const size = bytes.byteLength;
  const capacity = wasm.BrotliEncoderMaxCompressedSize(size) || size + 1024;
  const input = wasm.malloc(Math.max(1, size));
  const output = wasm.malloc(capacity);
  const sizeSlot = wasm.malloc(4);
  try {
    if (!input || !output || !sizeSlot) throw new Error('brotli.wasm: out of memory');
    // Views are made after every malloc: growing memory detaches the old buffer.
    new Uint8Array(wasm.memory.buffer, input, size).set(bytes);
    new DataView(wasm.memory.buffer).setUint32(sizeSlot, capacity, true);
    if (!wasm.BrotliEncoderCompress(q, windowBits(size), MODE_TEXT, size, input, sizeSlot, output)) {
      throw new Error('brotli.wasm: compression failed');
    }
    const written = new DataView(wasm.memory.buffer).getUint32(sizeSlot, true);
    return new Uint8Array(wasm.memory.buffer, output, written).slice();
  } finally {
    wasm.free(sizeSlot);
    wasm.free(output);
    wasm.free(input);
  }
}
