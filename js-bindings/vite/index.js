// vigil-sdk/vite: build-time helpers for apps bundled with Vite (or Rollup, Rolldown).
export { vigilDebugIdPlugin } from './debug-id-plugin.js';
export { debugIdFor } from './debug-id.js';
