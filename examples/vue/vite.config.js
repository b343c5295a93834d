import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { vigilDebugIdPlugin } from 'vigil-sdk/vite';

export default defineConfig({
  plugins: [vue(), vigilDebugIdPlugin()],
  // Source maps with debug ids: upload dist/ to Sentry and it resolves the minified frames.
  build: { sourcemap: true },
});
