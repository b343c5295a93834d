// Test page for the browser integrations on their own: a fake client records what the
// integrations hand it, so each instrument can be checked in real Chromium without the core.
import * as integrations from '/js-bindings/browser/integrations/index.js';
import { elementSelector } from '/js-bindings/browser/integrations/html-selector.js';
import { toPlain } from '/js-bindings/browser/integrations/to-plain.js';

/** A stand-in for BrowserClient that records calls. */
function fakeClient(options = {}) {
  const hooks = new Map();
  const calls = { exceptions: [], breadcrumbs: [] };
  return {
    calls,
    options,
    getOptions() { return this.options; },
    captureException(error, hint) {
      calls.exceptions.push({ error, hint });
      return 'f'.repeat(32);
    },
    addBreadcrumb(breadcrumb, hint) {
      calls.breadcrumbs.push({ ...breadcrumb, hasHint: hint !== undefined });
    },
    isOwnRequest(url) { return String(url).includes('/own-ingest'); },
    on(hook, callback) {
      if (!hooks.has(hook)) hooks.set(hook, []);
      hooks.get(hook).push(callback);
    },
    emit(hook, ...args) { for (const cb of hooks.get(hook) ?? []) cb(...args); },
  };
}

/** What a test can read back: errors as plain data. */
function exceptionsOf(client) {
  return client.calls.exceptions.map(({ error, hint }) => ({
    isError: error instanceof Error,
    name: error instanceof Error ? error.name : undefined,
    message: error instanceof Error ? error.message : undefined,
    stack: error instanceof Error ? String(error.stack) : undefined,
    value: error instanceof Error ? undefined : toPlain(error),
    mechanism: hint?.mechanism,
  }));
}

/** Resolves after `n` macrotask turns: later than any error a timer set before it reports. */
function turns(n = 2) {
  return new Promise((resolve) => {
    const step = (left) => (left === 0 ? resolve() : setTimeout(() => step(left - 1), 0));
    step(n);
  });
}

Object.assign(window, { integrations, elementSelector, fakeClient, exceptionsOf, turns });
window.pageReady = true;
