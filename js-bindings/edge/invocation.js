// One run of a worker handler (a fetch, a cron trigger, a queue batch): its isolated core scope,
// the request it serves, its trace, and how long it lives. It lives past the handler's return
// for as long as work the handler handed to ctx.waitUntil runs, so events captured by that work
// still see the invocation's user, tags and request; then the SDK flushes (in ctx.waitUntil, so
// the response never waits) and drops the scope.
import { clientAddress, requestData, transactionName } from './request-data.js';
import { traceContextFrom } from './trace.js';

/**
 * A scope in use: an invocation's own, or one withScope() forked from it. `parent` is where calls
 * go once this one is closed (a promise that outlives its withScope callback). An invocation's
 * own scope is forked from the global one only when a call first changes it (`unforked` until
 * then): most requests never touch their scope, and a capture reads the global scope just as it
 * would read an untouched copy of it, so they cost the core no fork and no drop.
 * @typedef {{ inv: Invocation, scopeId: number, parent: Frame|null, closed: boolean,
 *   unforked?: boolean }} Frame
 */

export class Invocation {
  /**
   * @param {import('./client.js').EdgeClient} client
   * @param {{ kind: 'fetch'|'scheduled'|'queue', ctx?: object, request?: Request,
   *   trigger?: object }} what `trigger` describes a cron or queue run for `contexts.cloudflare`
   */
  constructor(client, { kind, ctx, request, trigger }) {
    this.client = client;
    this.kind = kind;
    this.request = request;
    this.trigger = trigger;
    this.ended = false;
    this.endedAt = 0;
    this.closed = false;
    /** @type {Frame} */
    this.frame = { inv: this, scopeId: 0, parent: null, closed: false, unforked: true };
    this._ctx = ctx;
    this._waitUntil = null;
    this._userPending = 0;
    this._onIdle = null;
    this._request = undefined;
    this._trace = undefined;
    this._watchWaitUntil(ctx);
  }

  /** Keeps the invocation alive until `promise` settles (ctx.waitUntil), without tracking it. */
  keepAlive(promise) {
    if (!this._waitUntil) return;
    try {
      this._waitUntil(promise);
    } catch {
      // The invocation is over for the runtime; the promise still runs as far as it can.
    }
  }

  /**
   * The handler has settled. Closes now when nothing is left to wait for, else hands the wait,
   * the flush and the close to ctx.waitUntil.
   */
  end() {
    if (this.ended) return;
    this.ended = true;
    this.endedAt = Date.now();
    if (this._userPending === 0 && !this.client.hasPendingWork()) {
      this.close();
      return;
    }
    const idle = new Promise((resolve) => {
      if (this._userPending === 0) resolve();
      else this._onIdle = resolve;
    });
    this.keepAlive(idle
      .then(() => this.client.flush(this.client.getOptions().flushTimeout))
      .catch(() => false)
      .finally(() => this.close()));
  }

  /** Drops the scope; later calls made in this invocation's async context go elsewhere. */
  close() {
    if (this.closed) return;
    this.closed = true;
    this.frame.closed = true;
    this.client.releaseInvocation(this);
  }

  /**
   * Adds what the invocation knows to an event being captured: the trace, the runtime, the
   * request (secrets removed unless sendDefaultPii) or the trigger. The event's own values win.
   * @param {object} event a capture's event overlay, changed in place
   */
  decorate(event) {
    const contexts = { ...(isObject(event.contexts) ? event.contexts : {}) };
    if (!contexts.trace) contexts.trace = this.traceContext();
    if (!contexts.runtime) contexts.runtime = { name: 'cloudflare' };
    if (!contexts.cloud_resource) contexts.cloud_resource = { 'cloud.provider': 'cloudflare' };
    if (this.trigger && !contexts.cloudflare) contexts.cloudflare = this.trigger;
    event.contexts = contexts;
    if (!this.request) return;
    const pii = Boolean(this.client.getOptions().sendDefaultPii);
    if (this._request === undefined) this._request = requestData(this.request, pii);
    event.request = { ...this._request, ...(isObject(event.request) ? event.request : {}) };
    if (!event.transaction) event.transaction = transactionName(this.request);
    if (pii) {
      const address = clientAddress(this.request);
      const user = isObject(event.user) ? event.user : {};
      if (address && user.ip_address === undefined) event.user = { ...user, ip_address: address };
    }
  }

  /** The invocation's `contexts.trace`, the same for every event it captures. */
  traceContext() {
    if (this._trace === undefined) {
      this._trace = traceContextFrom(this.request ? safeHeaders(this.request) : undefined);
    }
    return this._trace;
  }

  // Work the handler hands to ctx.waitUntil belongs to the invocation: the scope stays until it
  // is done. The method is replaced on this ctx object only.
  _watchWaitUntil(ctx) {
    const original = ctx?.waitUntil;
    if (typeof original !== 'function') return;
    this._waitUntil = (promise) => original.call(ctx, promise);
    try {
      ctx.waitUntil = (promise) => {
        this._track(promise);
        return original.call(ctx, promise);
      };
    } catch {
      // A frozen ctx: the scope then lasts until the handler settles, plus the SDK's own sends.
    }
  }

  _track(promise) {
    this._userPending++;
    const done = () => {
      this._userPending--;
      if (this._userPending === 0 && this._onIdle) this._onIdle();
    };
    Promise.resolve(promise).then(done, done);
  }
}

function safeHeaders(request) {
  try {
    return request.headers;
  } catch {
    return undefined;
  }
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
