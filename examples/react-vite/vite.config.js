import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { vigilDebugIdPlugin } from 'vigil-sdk/vite';

export default defineConfig({
  plugins: [react(), vigilDebugIdPlugin()],
  // Source maps with debug ids: upload dist/ to Sentry and it resolves the minified frames.
  build: { sourcemap: true },
  // One React for the app and for vigil-sdk/react.
  resolve: { dedupe: ['react', 'react-dom'] },
});
