import { defineConfig } from 'vite';
import { vigilDebugIdPlugin } from 'vigil-sdk/vite';

// The page also runs unbundled from any static server; `npm run build` bundles it with source
// maps that carry debug ids.
export default defineConfig({
  plugins: [vigilDebugIdPlugin()],
  build: { sourcemap: true },
});
