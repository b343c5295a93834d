// zlib (RFC 1950) compression with the platform's CompressionStream('deflate'): what Relay
// inflates for replay recordings, at no bundle cost. js-bindings/replay/replay-envelope.js has
// the main thread's copy of these lines; the worker keeps its own so it imports nothing from
// outside worker/ (the folder ships as is, beside the bindings).

/**
 * @param {Uint8Array} bytes
 * @returns {Promise<Uint8Array>} rejects where CompressionStream is missing or fails
 */
export async function deflateBytes(bytes) {
  if (typeof CompressionStream !== 'function') throw new Error('CompressionStream is not available');
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
