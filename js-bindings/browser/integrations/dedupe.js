// dedupe: the core drops an event identical to the one before it (same message or exception
// and stack). This object is here so the integration can be listed and removed by name.

/** @returns {{ name: string, setup(): void }} */
export function dedupeIntegration() {
  return { name: 'Dedupe', setup() {} };
}
