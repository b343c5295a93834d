// 'spanStart' and 'spanEnd' client hooks, which the idle transaction needs to see the children
// other code starts under it (the page's own startSpan calls, fetch spans). The shared client
// does not emit them yet, so this wraps the two methods every span passes through, on this
// client instance only. When the client emits them itself (client.emitsSpanHooks), this does
// nothing.
//   'spanStart' (span, parent): parent is the span it was started under, null for a root.
//   'spanEnd' (span, endSeconds)

const INSTALLED = Symbol.for('vigil.tracing.spanHooks');

/**
 * Makes `client` emit 'spanStart' and 'spanEnd'. Idempotent.
 * @param {import('../../core/client.js').Client} client
 */
export function ensureSpanHooks(client) {
  if (client.emitsSpanHooks || client[INSTALLED]) return;
  const startSpan = client._startSpan;
  const endSpan = client._endSpan;
  if (typeof startSpan !== 'function' || typeof endSpan !== 'function') return;
  Object.defineProperty(client, INSTALLED, { value: true });
  client._startSpan = function startWithHook(options) {
    // The parent as the client picks it: the given one, else the active span.
    const parent = options.forceTransaction ? null
      : options.parentSpan === undefined ? this.getActiveSpan() ?? null : options.parentSpan;
    const span = startSpan.call(this, options);
    if (!(options.onlyIfParent && !parent)) this.emit('spanStart', span, parent);
    return span;
  };
  client._endSpan = function endWithHook(span, when) {
    endSpan.call(this, span, when);
    this.emit('spanEnd', span, when);
  };
}
