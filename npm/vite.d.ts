// Types for vigil-sdk/vite: build-time helpers (Node), not shipped to browsers.

/**
 * A Vite / Rollup / Rolldown plugin: every emitted JavaScript file with a source map gets a
 * debug id (from its content), registered at run time for the SDK, appended as
 * `//# debugId=<id>` and written into its .map as `debugId` / `debug_id`.
 */
export function vigilDebugIdPlugin(): {
  name: string;
  apply: 'build';
  enforce: 'post';
  generateBundle(outputOptions: unknown, bundle: Record<string, unknown>): void;
  writeBundle(outputOptions: unknown): Promise<void>;
};

/** The debug id the plugin gives a file with this content. */
export function debugIdFor(content: string | Uint8Array): string;
