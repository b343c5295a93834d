// Vigil's compression worker: replay segments are compressed here, off the page's main thread.
// Started from its own URL (not a blob:), so pages whose CSP allows `worker-src 'self'` can run
// it; libdeflate.wasm (zlib) and brotli.wasm are fetched from beside this file, each when first
// asked for.
import { createMessageTable } from './message-table.js';

const handle = createMessageTable({
  brotliSource: new URL('./brotli.wasm', import.meta.url),
  deflateSource: new URL('./libdeflate.wasm', import.meta.url),
});

self.addEventListener('message', (event) => {
  handle(event.data).then(({ reply, transfer }) => self.postMessage(reply, transfer));
});
