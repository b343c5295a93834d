// libdeflate's zlib compressor in Wasm (libdeflate.wasm, built by worker/libdeflate.cmake),
// instantiated by hand: the module is standalone, so no Emscripten runtime is needed. Its
// output is zlib (RFC 1950) like CompressionStream('deflate'), so Relay reads it the same way,
// but at level 9 its parser finds longer matches in replay JSON than the platform's level 6.
import { instantiateStandalone } from './standalone-wasm.js';

/** The level the worker uses: 9 is the best of libdeflate's fast parsers (10-12 take ~5x the
 * time and ~10 MB of memory for ~3 % less). */
export const DEFAULT_LEVEL = 9;

/**
 * @typedef {{ compress: (bytes: Uint8Array, level?: number) => Uint8Array,
 *   memoryBytes: () => number }} ZlibEncoder memoryBytes: the module's linear memory now
 */

/**
 * Instantiates libdeflate.wasm.
 * @param {URL|string|ArrayBuffer|ArrayBufferView|WebAssembly.Module} source a URL is fetched
 *   (streaming compile where the server sends application/wasm); bytes or a module are used as is.
 * @returns {Promise<ZlibEncoder>}
 */
export async function loadLibdeflate(source) {
  const wasm = await instantiateStandalone('libdeflate.wasm', source);
  return {
    compress: (bytes, level = DEFAULT_LEVEL) => compress(wasm, bytes, level),
    memoryBytes: () => wasm.memory.buffer.byteLength,
  };
}

function compress(wasm, bytes, level) {
  const l = Math.min(12, Math.max(0, Math.round(Number(level)) || 0));
  const size = bytes.byteLength;
  // A compressor per call: its state (~0.3 MB at level 9) goes back to the heap between
  // segments, which come seconds apart.
  const compressor = wasm.libdeflate_alloc_compressor(l);
  if (!compressor) throw new Error('libdeflate.wasm: out of memory');
  let input = 0;
  let output = 0;
  try {
    const capacity = wasm.libdeflate_zlib_compress_bound(compressor, size);
    input = wasm.malloc(Math.max(1, size));
    output = wasm.malloc(capacity);
    if (!input || !output) throw new Error('libdeflate.wasm: out of memory');
    // Views are made after every malloc: growing memory detaches the old buffer.
    new Uint8Array(wasm.memory.buffer, input, size).set(bytes);
    const written = wasm.libdeflate_zlib_compress(compressor, input, size, output, capacity);
    if (!written) throw new Error('libdeflate.wasm: compression failed');
    return new Uint8Array(wasm.memory.buffer, output, written).slice();
  } finally {
    if (output) wasm.free(output);
    if (input) wasm.free(input);
    wasm.libdeflate_free_compressor(compressor);
  }
}
