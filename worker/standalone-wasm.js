// Instantiates a standalone Emscripten module (brotli.wasm, libdeflate.wasm) by hand: such a
// module needs no Emscripten runtime, only two imports, and reports failures by return values.

/**
 * @param {string} name the file's name, for errors
 * @param {URL|string|ArrayBuffer|ArrayBufferView|WebAssembly.Module} source a URL is fetched
 *   (streaming compile where the server sends application/wasm); bytes or a module are used as is.
 * @returns {Promise<object>} the instance's exports, initialised
 */
export async function instantiateStandalone(name, source) {
  const imports = {
    // Only reached through abort(); the C code reports failure by its return values instead.
    wasi_snapshot_preview1: { proc_exit: (code) => { throw new Error(`${name} exited (${code})`); } },
    env: { emscripten_notify_memory_growth: () => {} },
  };
  let instance;
  if (source instanceof WebAssembly.Module) {
    instance = await WebAssembly.instantiate(source, imports);
  } else if (typeof source === 'string' || source instanceof URL) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
    if (typeof WebAssembly.instantiateStreaming === 'function' &&
        String(response.headers.get('content-type')).startsWith('application/wasm')) {
      ({ instance } = await WebAssembly.instantiateStreaming(response, imports));
    } else {
      ({ instance } = await WebAssembly.instantiate(await response.arrayBuffer(), imports));
    }
  } else {
    ({ instance } = await WebAssembly.instantiate(source, imports));
  }
  const wasm = instance.exports;
  wasm._initialize?.();
  return wasm;
}
