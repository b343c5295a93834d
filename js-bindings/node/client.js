// The client for Node (Lambda, servers): the shared client with the fetch transport, and one
// isolated core scope per unit of work (a Lambda invocation, a request), followed through
// `await`s and timers by AsyncLocalStorage, so concurrent work in one process never mixes.
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { Client } from '../core/client.js';
import { errorMessage } from '../core/serialize.js';
import { makeNodeTransport } from './transport.js';

// Read synchronously because the shared client starts loading the core in its constructor:
// the bytes must be there before it does (Emscripten's own loader trips over Node's fetch, so
// Node always hands over bytes; see load-core-node.js). ~150 KB, well under a millisecond.
function wasmBytes() {
  return readFileSync(new URL('../vigil.wasm', import.meta.url));
}

export class NodeClient extends Client {
  /** @param {object} options init() options, defaults applied */
  constructor(options) {
    const storage = new AsyncLocalStorage();
    const wasm = options.wasmModule || options.wasmBinary || options.wasmUrl ? {} : { wasmBinary: wasmBytes() };
    super({ ...options, ...wasm }, {
      makeTransport: makeNodeTransport,
      userAgent: () => `node/${process.version}`,
      currentScope: () => storage.getStore()?.scopeId ?? 0,
    });
    this._storage = storage;
    this._coreReady = false;
    this.on('preprocessEvent', (hostEvent) => addIsolationData(hostEvent, storage.getStore()?.data));
    this.ready.then(() => {
      this._coreReady = this._core !== null;
    });
  }

  /** @returns {boolean} true once the Wasm core runs (false while loading, or if it failed) */
  isReady() {
    return this._coreReady;
  }

  /**
   * Runs fn in a fresh isolated scope, a copy of the current one (the global scope outside any
   * isolated work). Whatever fn sets on the scope, directly or after any number of awaits,
   * stays in it; the scope is dropped when fn (and the promise it returns) settles.
   * Before the core is ready there is nothing to fork, and fn runs in the current scope.
   * @template T
   * @param {(data: object) => T} fn receives the unit of work's data bag (see isolationData)
   * @param {object} [data] host-side data the unit of work carries (e.g. its request)
   * @returns {T}
   */
  runIsolated(fn, data = {}) {
    const parent = this._storage.getStore();
    const parentId = parent?.scopeId ?? 0;
    const forked = this._fork(parentId);
    // Without a fork (core not ready) the work still gets its data bag, in the parent's scope.
    const store = { scopeId: forked || parentId, data: { ...parent?.data, ...data } };
    const scopeId = forked;
    let result;
    try {
      result = this._storage.run(store, () => fn(store.data));
    } catch (error) {
      this._drop(scopeId);
      throw error;
    }
    if (result && typeof result.then === 'function') {
      return Promise.resolve(result).finally(() => this._drop(scopeId));
    }
    this._drop(scopeId);
    return result;
  }

  /** @returns {object|undefined} the data bag of the isolated work running now, if any */
  isolationData() {
    return this._storage.getStore()?.data;
  }

  /**
   * Sentry's withScope with real isolation: the callback gets a forked copy of the current
   * scope, also across awaits (an async callback keeps its scope until it settles).
   */
  withScope(callback) {
    if (!this._coreReady) return super.withScope(callback);
    return this.runIsolated(() => callback(this._scopeApi()));
  }

  _fork(parentId) {
    if (!this._coreReady) return 0;
    try {
      this._core.useScope(parentId);
      return this._core.forkScope();
    } catch (error) {
      this._log.error('could not fork a scope:', errorMessage(error));
      return 0;
    } finally {
      this._core.useScope(0);
    }
  }

  _drop(scopeId) {
    if (scopeId === 0 || !this._core) return;
    try {
      this._core.dropScope(scopeId);
    } catch (error) {
      this._log.error('could not drop a scope:', errorMessage(error));
    }
  }
}

// Every Node event says platform "node" (how Sentry reads its stack frames), and carries the
// request of the work it was captured in; what the event itself already says wins.
function addIsolationData(hostEvent, data) {
  const event = hostEvent?.event;
  if (!event || typeof event !== 'object') return;
  if (event.platform === undefined) event.platform = 'node';
  const request = data?.request;
  if (request && typeof request === 'object') {
    const given = event.request && typeof event.request === 'object' ? event.request : {};
    event.request = { ...request, ...given };
  }
}
