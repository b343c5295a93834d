// Types for vigil-sdk/edge (Cloudflare Workers and other workerd hosts). Names and shapes follow
// @sentry/cloudflare: withVigil() is its withSentry().
import type {
  Breadcrumb, BreadcrumbHint, CaptureContext, CoreOptions, Event, EventHint, Integration, Scope, SeverityLevel,
  Transport, User,
} from './index';

export type {
  Breadcrumb, BreadcrumbHint, CaptureContext, Event, EventHint, Integration, Scope, SeverityLevel, User,
};

export interface EdgeOptions extends CoreOptions {
  /**
   * Keeps cookies, credential headers (authorization, x-api-key, ...) and the client's address
   * (cf-connecting-ip) in events. Default false: they are removed from `request.headers`.
   */
  sendDefaultPii?: boolean;
  /**
   * The core, as the worker imports it: `import wasm from 'vigil-sdk/vigil.wasm'` with a
   * CompiledWasm module rule (wrangler's default for .wasm). Workers may not compile Wasm from
   * bytes, so without it the SDK stays off.
   */
  wasmModule: WebAssembly.Module;
  tunnel?: string;
  integrations?: Integration[];
  /** Longest time ctx.waitUntil spends flushing an invocation's events, in ms. Default 2000. */
  flushTimeout?: number;
  /** false turns the SDK off (the handler runs unwrapped). */
  enabled?: boolean;
  transportOptions?: {
    /** Longest a request may wait for its retries in all, in ms. Default 10000. */
    maxRetryWaitMs?: number;
    fetchImpl?: typeof fetch;
  };
}

/** What the worker's handler methods receive as their last argument. */
export interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}

/** An invocation's scope, usable from anywhere (see getInvocationScope). */
export interface InvocationScope extends Scope {
  captureException(exception: unknown, hint?: EventHint | CaptureContext): string;
  captureMessage(message: string, captureContextOrLevel?: SeverityLevel | CaptureContext): string;
  captureEvent(event: Event, hint?: EventHint): string;
  withScope<T>(callback: (scope: Scope) => T): T;
}

export interface EdgeClient {
  getOptions(): EdgeOptions;
  captureException(exception: unknown, hint?: EventHint): string;
  captureMessage(message: string, level?: SeverityLevel, hint?: EventHint): string;
  captureEvent(event: Event, hint?: EventHint): string;
  addBreadcrumb(breadcrumb: Breadcrumb, hint?: BreadcrumbHint): void;
  on(hook: string, callback: (...args: any[]) => void): () => void;
  flush(timeout?: number): Promise<boolean>;
  close(timeout?: number): Promise<boolean>;
  /** True when AsyncLocalStorage (nodejs_als or nodejs_compat flag) tells invocations apart. */
  readonly hasAsyncContext: boolean;
  readonly ready: Promise<void>;
}

/** The client withVigil makes, for code that manages clients itself. */
export declare const EdgeClient: new (options: EdgeOptions) => EdgeClient;

/**
 * Instruments an ES-module worker: fetch, scheduled and queue each run with a scope of their
 * own; errors they throw or reject with are reported (mechanism `cloudflare`, unhandled) and
 * rethrown; events are delivered through ctx.waitUntil. Other members pass through unchanged.
 * @param optionsCallback gets `env` once, on the isolate's first invocation
 */
export function withVigil<H extends object>(optionsCallback: (env: any) => EdgeOptions, handler: H): H;

/**
 * The scope of the invocation `ctx` (or the request, cron controller or queue batch) belongs
 * to. Works without AsyncLocalStorage, where module-level calls made after an `await` while
 * several requests run cannot tell which request they belong to and are ignored.
 */
export function getInvocationScope(ctxOrEvent: object): InvocationScope;

export function getClient(): EdgeClient | undefined;
export {
  captureException, captureMessage, captureEvent, addBreadcrumb, setUser, setTag, setTags, setExtra,
  setExtras, setContext, lastEventId, flush, close,
} from './index';
export function setLevel(level: SeverityLevel): void;
export function setFingerprint(fingerprint: string[]): void;
/** Runs callback with a scope forked from the invocation's; an async callback keeps it until it settles. */
export function withScope<T>(callback: (scope: Scope) => T): T;

/**
 * The transport withVigil's client sends with (the core decides what to send, this only posts
 * and reports each answer back): for a client of your own. Never throws.
 */
export function makeEdgeTransport(options: {
  core: object;
  fetchImpl?: typeof fetch;
  maxRetryWaitMs?: number;
  debug?: boolean;
}): Transport;
