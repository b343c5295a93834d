// A vite.config that adds debug ids.
import { debugIdFor, vigilDebugIdPlugin } from 'vigil-sdk/vite';

export const config = { build: { sourcemap: true }, plugins: [vigilDebugIdPlugin()] };
export const id: string = debugIdFor('console.log(1)');

// @ts-expect-error debug ids come from the content: the plugin takes no options
vigilDebugIdPlugin({ seed: 1 });
