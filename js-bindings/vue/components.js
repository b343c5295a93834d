// What an event says about the Vue component involved: its name, the chain of parents, the
// hook or phase that failed, and (only when asked) its props.

// Vue's production builds pass a link ("https://vuejs.org/error-reference/#runtime-m") instead
// of the phase's name; the codes are those of Vue's published error reference.
const PHASES = {
  sp: 'serverPrefetch hook', bc: 'beforeCreate hook', c: 'created hook', bm: 'beforeMount hook',
  m: 'mounted hook', bu: 'beforeUpdate hook', u: 'updated hook', bum: 'beforeUnmount hook',
  um: 'unmounted hook', a: 'activated hook', da: 'deactivated hook', ec: 'errorCaptured hook',
  rtc: 'renderTracked hook', rtg: 'renderTriggered hook', 0: 'setup function', 1: 'render function',
  2: 'watcher getter', 3: 'watcher callback', 4: 'watcher cleanup function', 5: 'native event handler',
  6: 'component event handler', 7: 'vnode hook', 8: 'directive hook', 9: 'transition hook',
  10: 'app errorHandler', 11: 'app warnHandler', 12: 'ref function', 13: 'async component loader',
  14: 'scheduler flush', 15: 'component update', 16: 'app unmount cleanup function',
};
const MAX_TRACE = 10;

/**
 * @param {string} info what Vue passed as the error's third argument
 * @returns {string} e.g. 'mounted hook', 'render function'
 */
export function phaseName(info) {
  const text = String(info ?? '');
  const code = /error-reference\/#runtime-(\w+)$/.exec(text)?.[1];
  return code !== undefined ? PHASES[code] ?? text : text;
}

/**
 * @param {object} [instance] a component's public instance (`this` in options, the handler's 2nd argument)
 * @returns {string} its name: `name`, the `<script setup>` file name, else 'Root' for the app's
 *   root component and 'Anonymous' for others
 */
export function componentName(instance) {
  try {
    if (!instance) return 'Anonymous';
    const root = instance.$root === instance && !instance.$parent;
    return optionName(instance.$options) || (root ? 'Root' : 'Anonymous');
  } catch {
    return 'Anonymous';
  }
}

function optionName(options) {
  if (!options) return '';
  if (options.name || options.__name) return String(options.name || options.__name);
  const file = typeof options.__file === 'string' ? options.__file : '';
  return file ? file.split(/[\\/]/).pop().replace(/\.vue$/, '') : '';
}

/**
 * @param {object} [instance]
 * @returns {string[]} the component and its parents, innermost first
 */
export function componentTrace(instance) {
  const out = [];
  let current = instance;
  try {
    while (current && out.length < MAX_TRACE) {
      out.push(componentName(current));
      current = current.$parent;
    }
  } catch {
    // What was collected is enough.
  }
  return out;
}

/**
 * The event's `vue` context.
 * @param {object} [instance]
 * @param {string} [info]
 * @param {boolean} [attachProps] include the component's props (off by default: they may
 *   hold personal data)
 */
export function vueContext(instance, info, attachProps = false) {
  const context = {
    componentName: componentName(instance),
    lifecycleHook: phaseName(info),
    trace: componentTrace(instance),
  };
  if (attachProps && instance) {
    try {
      context.propsData = { ...instance.$props };
    } catch {
      // Without props.
    }
  }
  return context;
}
