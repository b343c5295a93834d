// Component spans: with `trackComponents`, each tracked component's mount (and update, create,
// unmount when asked) becomes a `ui.vue.<operation>` span named `<Component>` under the running
// pageload or navigation transaction. Nothing is recorded without one.
import { getClient } from '../browser/sdk.js';
import { componentName } from './components.js';

// Each operation: the hook that starts its span and the hook that ends it.
const OPERATIONS = {
  create: ['beforeCreate', 'created'],
  mount: ['beforeMount', 'mounted'],
  update: ['beforeUpdate', 'updated'],
  unmount: ['beforeUnmount', 'unmounted'],
};
const ALIASES = { destroy: 'unmount' };

/**
 * @typedef {object} TracingOptions
 * @property {boolean | string[]} [trackComponents=false] true for all, or component names
 * @property {string[]} [hooks=['mount', 'update']] which operations: create, mount, update, unmount
 */

/**
 * Lifecycle hooks for app.mixin() that record component spans.
 * @param {TracingOptions} [options]
 * @returns {Record<string, Function>}
 */
export function createTracingMixins(options = {}) {
  const track = options.trackComponents ?? false;
  const names = Array.isArray(track) ? new Set(track) : null;
  const spans = new WeakMap();  // internal instance -> { [operation]: span }
  const mixins = {};
  if (!track) return mixins;
  for (const requested of options.hooks ?? ['mount', 'update']) {
    const operation = ALIASES[requested] ?? requested;
    const pair = OPERATIONS[operation];
    if (!pair) continue;
    const [startHook, endHook] = pair;
    mixins[startHook] = function startComponentSpan() {
      try {
        const name = componentName(this);
        if (names && !names.has(name)) return;
        const client = getClient();
        if (!client) return;
        const key = this.$ ?? this;
        const open = spans.get(key) ?? {};
        open[operation]?.end();
        open[operation] = client.startInactiveSpan({
          name: `<${name}>`, op: `ui.vue.${operation}`, onlyIfParent: true,
          attributes: { 'sentry.origin': 'auto.ui.vue' },
        });
        spans.set(key, open);
      } catch {
        // Never into the component's lifecycle.
      }
    };
    mixins[endHook] = function endComponentSpan() {
      try {
        const open = spans.get(this.$ ?? this);
        open?.[operation]?.end();
        if (open) delete open[operation];
      } catch {
        // As above.
      }
    };
  }
  return mixins;
}
