// The client for edge workers (workerd / Cloudflare Workers): the shared client with the edge
// transport, and a scope per invocation. One isolate serves many requests at once, so every
// scope call and capture is routed to the core scope (CoreClient.forkScope) of the invocation it
// was made in: found through AsyncLocalStorage where the runtime has it, else through what the
// wrapper knows (the handler's synchronous part, or the only invocation running).
import { Client } from '../core/client.js';
import { errorMessage } from '../core/serialize.js';
import { Invocation } from './invocation.js';
import { makeEdgeTransport } from './transport.js';

// Several invocations run and none can be told apart (no AsyncLocalStorage).
const AMBIGUOUS = Object.freeze({ ambiguous: true });
// An invocation whose ctx.waitUntil work never settled (the runtime cut it off) is closed after
// this long, so its scope does not stay in the core forever.
const STALE_MS = 60_000;

export class EdgeClient extends Client {
  /** @param {object} options withVigil() options, defaults applied */
  constructor(options) {
    super(options, {
      makeTransport: (transportOptions) => makeEdgeTransport({
        ...transportOptions,
        onSend: (sending) => this._keepAlive(sending),
      }),
      userAgent: () => '',
      currentScope: () => this._scopeId(),
    });
    this._als = null;
    /** @type {Set<Invocation>} */
    this._live = new Set();
    /** @type {WeakMap<object, Invocation>} ctx, request, controller or batch → invocation */
    this._byKey = new WeakMap();
    this._forced = null;
    this._capturing = 0;
    this._captured = new WeakSet();
    this._warnedAmbiguous = false;
  }

  /** True when invocations are told apart by AsyncLocalStorage across awaits. */
  get hasAsyncContext() {
    return this._als !== null;
  }

  /** @param {Function|undefined} AsyncLocalStorage the class, where the runtime has one */
  useAsyncLocalStorage(AsyncLocalStorage) {
    if (typeof AsyncLocalStorage !== 'function' || this._als) return;
    try {
      this._als = new AsyncLocalStorage();
    } catch (error) {
      this._log.warn('AsyncLocalStorage unusable:', errorMessage(error));
    }
  }

  /**
   * Starts an invocation with its own scope, forked from the global one.
   * @param {{ kind: string, ctx?: object, request?: Request, key?: object, trigger?: object }} what
   * @returns {Invocation}
   */
  startInvocation(what) {
    this._sweep();
    const inv = new Invocation(this, what);
    this._live.add(inv);
    for (const key of [what.ctx, what.key ?? what.request]) {
      if (typeof key === 'object' && key !== null) this._byKey.set(key, inv);
    }
    return inv;
  }

  /** @returns {Invocation|undefined} the invocation a ctx or handler argument belongs to */
  invocationFor(key) {
    return typeof key === 'object' && key !== null ? this._byKey.get(key) : undefined;
  }

  /** Called by Invocation.close(). */
  releaseInvocation(inv) {
    this._live.delete(inv);
    this.dropScope(inv.frame.scopeId);
  }

  /** Runs fn with `frame` as the current scope, for its synchronous part and (with
   * AsyncLocalStorage) everything it awaits. */
  runIn(frame, fn) {
    const previous = this._forced;
    this._forced = frame;
    try {
      return this._als ? this._als.run(frame, fn) : fn();
    } finally {
      this._forced = previous;
    }
  }

  /** @returns {Invocation|undefined} the invocation the caller runs in, when it can be told */
  currentInvocation() {
    const frame = this._currentFrame();
    return frame && frame !== AMBIGUOUS ? frame.inv : undefined;
  }

  /** True if the exception went through captureException already (not to report it twice). */
  wasCaptured(exception) {
    return typeof exception === 'object' && exception !== null && this._captured.has(exception);
  }

  /** True while events are being prepared or sent. */
  hasPendingWork() {
    return this._pending.size > 0 || (this._transport?.pendingCount?.() ?? 0) > 0;
  }

  /** A copy of a core scope (0 = the global one); 0 when the core is not there. */
  forkScope(parentId = 0) {
    const core = this._core;
    if (!core) return 0;
    try {
      if (parentId) core.useScope(parentId);
      return core.forkScope();
    } catch (error) {
      this._log.error('forkScope failed:', errorMessage(error));
      return 0;
    } finally {
      safely(() => core.useScope(0));
    }
  }

  dropScope(id) {
    if (id && this._core) safely(() => this._core.dropScope(id));
  }

  captureException(exception, hint) {
    if (typeof exception === 'object' && exception !== null) this._captured.add(exception);
    return super.captureException(exception, hint);
  }

  /** Runs callback with a scope forked from the current one, as Sentry's withScope; with an
   * async callback the scope lasts until its promise settles. */
  withScope(callback) {
    const parent = liveFrame(this._currentFrame());
    if (parent) this._fork(parent);
    if (!parent || parent.scopeId === 0) return super.withScope(callback);
    const frame = { inv: parent.inv, scopeId: this.forkScope(parent.scopeId), parent, closed: false };
    const release = () => {
      frame.closed = true;
      this.dropScope(frame.scopeId);
    };
    let result;
    try {
      result = this.runIn(frame, () => callback(this._scopeApi()));
    } catch (error) {
      release();
      throw error;
    }
    if (result && typeof result.then === 'function') Promise.resolve(result).then(release, release);
    else release();
    return result;
  }

  _dispatch(hostEvent, hint, original) {
    const inv = this.currentInvocation();
    if (inv) {
      try {
        inv.decorate(hostEvent.event);
      } catch (error) {
        this._log.error('could not add request data:', errorMessage(error));
      }
    }
    this._capturing++;
    try {
      super._dispatch(hostEvent, hint, original);
    } finally {
      this._capturing--;
    }
  }

  _currentFrame() {
    if (this._forced) return this._forced;
    if (this._als) {
      const store = this._als.getStore();
      if (store) return store;
    }
    if (this._live.size === 0) return null;
    if (this._live.size === 1) for (const inv of this._live) return inv.frame;
    return AMBIGUOUS;
  }

  // The runtime hook of the shared client: which core scope a call made now acts on.
  _scopeId() {
    const frame = this._currentFrame();
    if (frame === null) return 0;
    const live = frame === AMBIGUOUS ? null : liveFrame(frame);
    // A capture only reads the scope: an invocation that never changed its own reads the global.
    if (live && this._capturing === 0) this._fork(live);
    if (live && live.scopeId !== 0) return live.scopeId;
    // The caller's invocation cannot be told (several run, no AsyncLocalStorage) or is over.
    // A capture then sees only the global scope; a scope change goes to a scope dropped right
    // away, rather than into the global scope every later request would inherit.
    if (this._capturing > 0) return 0;
    if (!this._warnedAmbiguous && frame === AMBIGUOUS) {
      this._warnedAmbiguous = true;
      this._log.warn('a scope change outside any identifiable invocation was ignored; enable the '
        + 'nodejs_als compatibility flag or use getInvocationScope(ctx)');
    }
    return this._throwawayScope();
  }

  // Gives an invocation's frame its own copy of the global scope, the first time it needs one.
  _fork(frame) {
    if (!frame.unforked) return;
    frame.unforked = false;
    frame.scopeId = this.forkScope(0);
  }

  _throwawayScope() {
    const id = this.forkScope(0);
    if (id) queueMicrotask(() => this.dropScope(id));
    return id;
  }

  // Keeps the invocation that sent an event alive until the request is done.
  _keepAlive(sending) {
    this.currentInvocation()?.keepAlive(sending);
  }

  _sweep() {
    const now = Date.now();
    let looked = 0;
    for (const inv of this._live) {
      if (++looked > 4) break;
      if (inv.ended && now - inv.endedAt > STALE_MS) inv.close();
    }
  }
}

function liveFrame(frame) {
  let f = frame;
  while (f && f !== AMBIGUOUS && f.closed) f = f.parent;
  return f === AMBIGUOUS ? null : f;
}

function safely(fn) {
  try {
    fn();
  } catch {
    // the core is gone or the id unknown; nothing to undo
  }
}
