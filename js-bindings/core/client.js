// The client every runtime shares: the host half of the SDK. It turns JavaScript values into
// JSON the core reads, runs the user's callbacks (beforeSend, beforeBreadcrumb) and
// integrations' hooks, and hands prepared requests to the runtime's transport. Everything else (scope, filters, sampling, limits,
// envelopes, rate limits) is the core's. Calls made before the Wasm is ready are queued in order
// and replayed, so nothing captured during start-up is lost.
import { loadBaseCore } from './load-base-core.js';
import { describeThrown } from './host-error.js';
import { Span, toSeconds } from './span.js';
import { debugLogger } from './debug-logger.js';
import { ingestPrefix } from './dsn-url.js';
import { toSafeJson, errorMessage } from './serialize.js';
import { uuid4 } from './util.js';

const MAX_QUEUED_CALLS = 1000;

/**
 * @typedef {object} Runtime what differs between browsers, edge workers and Node
 * @property {(options: object) => object} makeTransport builds the transport around the core
 * @property {() => string} [userAgent] reported in sessions
 * @property {() => number} [currentScope] the isolated core scope (CoreClient.forkScope) of the
 *   request being served, where one isolate serves many at once; 0 or absent = the global scope
 * @property {(source: object) => Promise<object>} [loadCore] loads the core (default: the base
 *   flavour only; browsers pass load-core.js's, which also knows the replay flavour)
 */

export class Client {
  /**
   * @param {object} options init() options, defaults applied
   * @param {Runtime} runtime
   */
  constructor(options, runtime) {
    this._options = options;
    this._runtime = runtime;
    this._log = debugLogger(options.debug);
    this._hooks = new Map();
    this._queue = [];
    this._queueDropped = 0;
    this._pending = new Set();
    this._core = null;
    this._transport = null;
    this._closed = false;
    this._lastEventId = undefined;
    this._activeSpans = [];
    this._incomingTrace = null;
    this._ownPrefixes = [ingestPrefix(options.dsn), options.tunnel].filter(Boolean);
    const source = options.wasmModule ? { module: options.wasmModule }
      : options.wasmBinary ? { binary: options.wasmBinary }
        : options.wasmUrl ? { url: options.wasmUrl } : {};
    // Session Replay needs the core flavour with the ReplayEncoder (vigil-replay.wasm); the
    // integration later asks loadCore for the same source and gets this instance.
    if ((options.integrations ?? []).some((i) => i && i.name === 'Replay')) {
      source.replay = true;
      // wasmUrl names the base flavour's file, which has no encoder.
      if (options.replayWasmUrl) source.url = options.replayWasmUrl;
      else delete source.url;
    }
    /** What the core was loaded from, for integrations that need the same module. */
    this.coreSource = source;
    this.ready = (runtime.loadCore ?? loadBaseCore)(source).then(
      (module) => this._start(module),
      (error) => {
        this._log.error('could not load the Wasm core; events are not sent:', errorMessage(error));
        this._queue = [];
      });
  }

  /** @returns {object} the options init() was called with (defaults applied) */
  getOptions() {
    return this._options;
  }

  /** @returns {object|null} the transport, once the core is ready */
  get transport() {
    return this._transport;
  }

  /** True for the SDK's own requests, which instrumentation must not record. */
  isOwnRequest(url) {
    const text = String(url ?? '');
    return this._ownPrefixes.some((prefix) => text.startsWith(prefix));
  }

  /** Registers a hook callback; returns a function that removes it. */
  on(hook, callback) {
    if (!this._hooks.has(hook)) this._hooks.set(hook, []);
    this._hooks.get(hook).push(callback);
    return () => {
      const list = this._hooks.get(hook);
      const i = list ? list.indexOf(callback) : -1;
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** Calls every callback of a hook; a throwing callback is logged, never propagated. */
  emit(hook, ...args) {
    for (const callback of this._hooks.get(hook) ?? []) {
      try {
        callback(...args);
      } catch (error) {
        this._log.error(`${hook} callback threw:`, errorMessage(error));
      }
    }
  }

  captureException(exception, hint = {}) {
    const eventId = this._eventId(hint);
    try {
      const { description, extra } = describeThrown(exception, this._causeOptions());
      description.mechanism = hint.mechanism ?? { type: 'generic', handled: true };
      const event = contextToEvent(hint.captureContext);
      if (extra) event.extra = { ...extra, ...event.extra };
      this._dispatch({ kind: 'error', error: description, event_id: eventId, event }, hint, exception);
    } catch (error) {
      this._log.error('captureException failed:', errorMessage(error));
    }
    return eventId;
  }

  captureMessage(message, level, hint = {}) {
    const eventId = this._eventId(hint);
    try {
      const context = typeof level === 'object' && level !== null ? level : undefined;
      const event = contextToEvent(context ?? hint.captureContext);
      const lvl = typeof level === 'string' ? level : event.level ?? 'info';
      this._dispatch({ kind: 'message', message: String(message), level: lvl, event_id: eventId, event }, hint, message);
    } catch (error) {
      this._log.error('captureMessage failed:', errorMessage(error));
    }
    return eventId;
  }

  captureEvent(event, hint = {}) {
    const eventId = this._eventId(hint, event?.event_id);
    try {
      this._dispatch({ kind: 'event', event_id: eventId, event: { ...event } }, hint, event);
    } catch (error) {
      this._log.error('captureEvent failed:', errorMessage(error));
    }
    return eventId;
  }

  addBreadcrumb(breadcrumb, hint) {
    try {
      const { beforeBreadcrumb, maxBreadcrumbs } = this._options;
      if (maxBreadcrumbs === 0 || this._closed) return;
      let crumb = { timestamp: Date.now() / 1000, ...breadcrumb };
      if (typeof beforeBreadcrumb === 'function') {
        crumb = beforeBreadcrumb(crumb, hint);
        if (crumb === null || crumb === undefined) return;
      }
      // After the user's filter: what it dropped or changed is not seen by listeners (replay).
      this.emit('afterAddBreadcrumb', crumb, hint);
      const json = this._json(crumb, 2);
      this._run((core) => core.addBreadcrumb(json));
    } catch (error) {
      this._log.error('addBreadcrumb failed:', errorMessage(error));
    }
  }

  // ---- scope ------------------------------------------------------------------------------
  setUser(user) { const json = this._json(user ?? null, 1); this._run((core) => core.setUser(json)); }
  setTag(key, value) { const k = String(key); const v = String(value); this._run((core) => core.setTag(k, v)); }
  setTags(tags) { const json = this._json(tags ?? {}, 1); this._run((core) => core.setTags(json)); }
  setExtra(key, value) { const k = String(key); const json = this._json(value, 0); this._run((core) => core.setExtra(k, json)); }
  setExtras(extras) { const json = this._json(extras ?? {}, 1); this._run((core) => core.setExtras(json)); }
  setContext(name, context) { const n = String(name); const json = this._json(context ?? null, 1); this._run((core) => core.setContext(n, json)); }
  setLevel(level) { const l = String(level ?? ''); this._run((core) => core.setLevel(l)); }
  setFingerprint(fingerprint) { const json = this._json(fingerprint ?? [], 1); this._run((core) => core.setFingerprint(json)); }
  clearBreadcrumbs() { this._run((core) => core.clearBreadcrumbs()); }

  /** Runs callback with a scope that lasts only for it, as Sentry's withScope. */
  withScope(callback) {
    this._run((core) => core.pushScope());
    try {
      return callback(this._scopeApi());
    } finally {
      this._run((core) => core.popScope());
    }
  }

  lastEventId() {
    return this._lastEventId;
  }

  // ---- tracing -----------------------------------------------------------------------------
  /** Starts a span that is not made active; the caller ends it. */
  startInactiveSpan(options = {}) {
    return this._startSpan(options);
  }

  /** Runs callback with a new active span, ended when the callback (or its promise) finishes. */
  startSpan(options, callback) {
    const span = this._startSpan(options ?? {});
    return this._withActive(span, () => callback(span), (result, error) => {
      if (error !== undefined) span.setStatus('internal_error');
      span.end();
    });
  }

  /** Like startSpan, but the callback ends the span itself (span.end() or finish()). */
  startSpanManual(options, callback) {
    const span = this._startSpan(options ?? {});
    return this._withActive(span, () => callback(span, () => span.end()), () => {});
  }

  /** @returns {Span|undefined} the innermost active span */
  getActiveSpan() {
    return this._activeSpans[this._activeSpans.length - 1];
  }

  /** Spans started as roots inside callback continue the trace of the given headers. */
  continueTrace({ sentryTrace, baggage } = {}, callback) {
    const previous = this._incomingTrace;
    this._incomingTrace = { sentryTrace: String(sentryTrace ?? ''), baggage: String(baggage ?? '') };
    try {
      return callback();
    } finally {
      this._incomingTrace = previous;
    }
  }

  /** Sets a measurement on the active span's transaction. */
  setMeasurement(name, value, unit) {
    this.getActiveSpan()?.setMeasurement(name, value, unit);
  }

  /**
   * Headers to propagate the trace of `span` (default: the active span) on an outgoing request,
   * or undefined when the core is not ready or there is no span.
   */
  traceHeaders(span = this.getActiveSpan(), existingBaggage = '') {
    if (!this._core || !span || !span._handle) return undefined;
    const h = this._core.traceHeaders(span._handle, String(existingBaggage ?? ''));
    return h ? { 'sentry-trace': h.sentryTrace, baggage: h.baggage } : undefined;
  }

  _startSpan(options) {
    const span = new Span(this, { name: String(options.name ?? ''), op: options.op });
    const start = toSeconds(options.startTime) ?? Date.now() / 1000;
    const parent = options.parentSpan === undefined ? this.getActiveSpan() : options.parentSpan;
    if (options.onlyIfParent && !parent) return span;  // never started: records nothing
    const name = span.name;
    const op = String(options.op ?? '');
    const source = String(options.attributes?.['sentry.source'] ?? 'custom');
    const incoming = this._incomingTrace;
    if (parent && !options.forceTransaction) {
      this._run((core) => {
        span._handle = parent._handle ? core.startChild(parent._handle, op, name, start) : 0;
      });
    } else {
      this._run((core) => {
        span._handle = core.startTransaction(name, op, source, start, incoming?.sentryTrace ?? '',
          incoming?.baggage ?? '', this._samplerRate(core, name, op, source, incoming));
      });
    }
    if (options.attributes) span.setAttributes(options.attributes);
    return span;
  }

  // The user's tracesSampler decides when there is one; NaN lets the core use the rate.
  _samplerRate(core, name, op, source, incoming) {
    const { tracesSampler } = this._options;
    if (typeof tracesSampler !== 'function') return NaN;
    try {
      const context = JSON.parse(core.samplingContext(name, op, source, incoming?.sentryTrace ?? '', incoming?.baggage ?? ''));
      context.inheritOrSampleWith = (fallback) => (context.parentSampled === undefined ? fallback : Number(context.parentSampled));
      const result = tracesSampler(context);
      if (typeof result === 'boolean') return result ? 1 : 0;
      return typeof result === 'number' ? result : NaN;
    } catch (error) {
      this._log.error('tracesSampler threw:', errorMessage(error));
      return NaN;
    }
  }

  _withActive(span, run, done) {
    this._activeSpans.push(span);
    let result;
    try {
      result = run();
    } catch (error) {
      this._popActive(span);
      done(undefined, error);
      throw error;
    }
    // Without async context in the browser a span stays active only while its callback runs
    // synchronously; it still ends when the returned promise settles.
    this._popActive(span);
    if (result && typeof result.then === 'function') {
      return result.then(
        (value) => { done(value, undefined); return value; },
        (error) => { done(undefined, error ?? null); throw error; });
    }
    done(result, undefined);
    return result;
  }

  _popActive(span) {
    const i = this._activeSpans.lastIndexOf(span);
    if (i >= 0) this._activeSpans.splice(i, 1);
  }

  _endSpan(span, when) {
    this._popActive(span);
    this._run((core) => {
      if (!span._handle) return;
      const request = core.endSpan(span._handle, when);
      if (request) this._send(request, {});
    });
  }

  /** Resolves true once everything captured so far has been delivered or given up. */
  async flush(timeout = 2000) {
    const deadline = Date.now() + timeout;
    const settled = await withTimeout(this.ready.then(() => Promise.allSettled([...this._pending])), timeout);
    if (!settled || !this._transport) return false;
    return this._transport.flush(Math.max(0, deadline - Date.now()));
  }

  /** Flushes, then stops capturing and undoes instrumentation. */
  async close(timeout = 2000) {
    if (this._closed) return true;
    this.emit('beforeClose');
    const flushed = await this.flush(timeout);
    this._closed = true;
    if (this._core) {
      this._core.endSession(Date.now() / 1000);
      this._sendSessionUpdate();
      await this._transport.flush(Math.min(timeout, 500));
    }
    this.emit('close');
    try {
      await this._transport?.close?.(timeout);
    } catch (error) {
      this._log.error('transport close failed:', errorMessage(error));
    }
    return flushed;
  }

  /** Runs fn with the core now, or queues it until the core is ready. */
  _run(fn) {
    // The scope is chosen when the call is made, not when a queued call runs.
    const scopeId = this._runtime.currentScope?.() ?? 0;
    if (scopeId !== 0) {
      const inner = fn;
      fn = (core) => {
        core.useScope(scopeId);
        try {
          inner(core);
        } finally {
          core.useScope(0);
        }
      };
    }
    if (this._core) {
      try {
        fn(this._core);
      } catch (error) {
        this._log.error('core call failed:', errorMessage(error));
      }
      return;
    }
    if (this._queue.length >= MAX_QUEUED_CALLS) {
      this._queue.shift();
      this._queueDropped++;
    }
    this._queue.push(fn);
  }

  _start(module) {
    const seed = new Uint32Array(2);
    globalThis.crypto.getRandomValues(seed);
    this._core = new module.CoreClient(JSON.stringify(coreOptions(this._options)), seed[0], seed[1]);
    for (const warning of this._core.warnings()) this._log.warn(warning);
    this._transport = (this._options.transport ?? this._runtime.makeTransport)({
      core: this._core,
      debug: Boolean(this._options.debug),
      ...this._options.transportOptions,
    });
    const queued = this._queue;
    this._queue = [];
    // Without a session there is never an update to take, so the core is not asked for one.
    this._sessions = this._options.autoSessionTracking !== false;
    if (this._sessions) this._core.startSession(this._runtime.userAgent?.() ?? '', Date.now() / 1000);
    // The first session update goes after the queued calls, so it already carries the user
    // and any errors captured during start-up.
    this._replaying = true;
    for (const fn of queued) this._run(fn);
    this._replaying = false;
    this._sendSessionUpdate();
    if (this._queueDropped > 0) {
      this._core.recordDiscard('queue_overflow', 'error', this._queueDropped);
      this._queueDropped = 0;
    }
    this.emit('ready', this._core);
  }

  _eventId(hint, given) {
    const id = hint.event_id ?? given;
    return typeof id === 'string' && /^[0-9a-f]{32}$/i.test(id) ? id.toLowerCase() : uuid4();
  }

  _causeOptions() {
    const linked = this._options.linkedErrors ?? {};
    return { causeLimit: linked.limit, causeKey: linked.key };
  }

  _json(value, extraDepth) {
    const { normalizeDepth = 3, normalizeMaxBreadth = 1000 } = this._options;
    return toSafeJson(value, { depth: normalizeDepth + extraDepth, breadth: normalizeMaxBreadth });
  }

  _dispatch(hostEvent, hint, original) {
    if (this._closed) return;
    const fullHint = { ...hint, event_id: hostEvent.event_id, originalException: original };
    this.emit('preprocessEvent', hostEvent, fullHint);
    const category = hostEvent.event?.type === 'transaction' ? 'transaction' : 'error';
    if (hostEvent.drop) {
      this._log.log(`event dropped (${hostEvent.drop}${hostEvent.dropDetail ? `: ${hostEvent.dropDetail}` : ''})`);
      this._run((core) => core.recordDiscard(hostEvent.drop, category, 1));
      return;
    }
    if (category === 'error') this._lastEventId = hostEvent.event_id;
    // Serialised now, so later changes to the objects involved cannot change what is sent.
    const json = this._json(hostEvent, 4);
    const now = Date.now() / 1000;
    const span = this.getActiveSpan();
    this._run((core) => this._process(core, json, fullHint, now, category, span?._handle ?? 0));
  }

  _process(core, json, hint, now, category, spanHandle) {
    const { beforeSend } = this._options;
    const result = core.capture(json, now, typeof beforeSend === 'function', spanHandle);
    if (result.dropped) {
      this._log.log(`event ${result.eventId} dropped: ${result.dropped} ${result.detail ?? ''}`);
      return;
    }
    this._sendSessionUpdate();
    if (result.request) {
      this._send(result.request, hint);
      return;
    }
    let event = JSON.parse(result.event);
    let returned;
    try {
      returned = beforeSend(event, hint);
    } catch (error) {
      // A broken callback must not cost the user the error it was meant to filter.
      this._log.error('beforeSend threw; sending the event unchanged:', errorMessage(error));
      returned = event;
    }
    const finish = (finalEvent) => {
      if (finalEvent === null || finalEvent === undefined) {
        this._log.log(`event ${result.eventId} dropped by beforeSend`);
        core.recordDiscard('before_send', category, 1);
        return;
      }
      const request = core.sendEvent(this._json(finalEvent, 4), Date.now() / 1000, spanHandle);
      if (request) this._send(request, hint);
    };
    if (returned && typeof returned.then === 'function') {
      const pending = Promise.resolve(returned).then(finish, (error) => {
        this._log.error('beforeSend rejected; sending the event unchanged:', errorMessage(error));
        finish(event);
      });
      this._track(pending);
    } else {
      finish(returned);
    }
  }

  _send(request, hint) {
    const sending = this._transport.send(request);
    this._track(sending);
    this.emit('afterSendEvent', request, hint);
  }

  _sendSessionUpdate() {
    if (this._replaying || !this._sessions) return;
    const request = this._core.takeSessionUpdate(Date.now() / 1000);
    if (request) this._track(this._transport.send(request));
  }

  _track(promise) {
    const p = Promise.resolve(promise).catch(() => {});
    this._pending.add(p);
    p.finally(() => this._pending.delete(p));
  }

  _scopeApi() {
    const scope = {};
    for (const name of ['setUser', 'setTag', 'setTags', 'setExtra', 'setExtras', 'setContext',
      'setLevel', 'setFingerprint', 'addBreadcrumb', 'clearBreadcrumbs']) {
      scope[name] = (...args) => {
        this[name](...args);
        return scope;
      };
    }
    return scope;
  }
}

// What the core reads from init() options: the data, not the callbacks.
function coreOptions(o) {
  const strings = (list) => (Array.isArray(list) ? list.filter((x) => typeof x === 'string') : undefined);
  return {
    dsn: o.dsn, release: o.release, environment: o.environment, dist: o.dist,
    sampleRate: o.sampleRate, tracesSampleRate: o.tracesSampleRate, maxBreadcrumbs: o.maxBreadcrumbs, normalizeDepth: o.normalizeDepth,
    normalizeMaxBreadth: o.normalizeMaxBreadth, maxValueLength: o.maxValueLength,
    sendDefaultPii: o.sendDefaultPii, sendClientReports: o.sendClientReports, tunnel: o.tunnel,
    attachStacktrace: o.attachStacktrace,
    ignoreErrors: strings(o.ignoreErrors), denyUrls: strings(o.denyUrls),
    // An allow list only works whole: with a RegExp in it the host checks every entry.
    allowUrls: Array.isArray(o.allowUrls) && o.allowUrls.every((x) => typeof x === 'string') ? o.allowUrls : undefined,
    inAppInclude: strings(o.inAppInclude), inAppExclude: strings(o.inAppExclude),
    integrationNames: (o.integrations ?? []).map((i) => i && i.name).filter(Boolean),
    dedupe: (o.integrations ?? []).some((i) => i && i.name === 'Dedupe'),
    packages: ['npm:vigil-sdk'],
  };
}

// Sentry's captureContext: { tags, extra, contexts, user, level, fingerprint }.
function contextToEvent(context) {
  if (!context || typeof context !== 'object') return {};
  const event = {};
  for (const key of ['tags', 'extra', 'contexts', 'user', 'level', 'fingerprint']) {
    if (context[key] !== undefined) event[key] = context[key];
  }
  return event;
}

function withTimeout(promise, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    promise.then(() => { clearTimeout(timer); resolve(true); }, () => { clearTimeout(timer); resolve(false); });
  });
}
