// Types for vigil-sdk/lambda. Names and shapes follow @sentry/aws-serverless, so a handler
// written for it type-checks against this entry after a find-and-replace of the import.
import type {
  Breadcrumb, BreadcrumbHint, CaptureContext, CoreOptions, Event, EventHint, Integration, Scope,
  SeverityLevel, Transport, User,
} from './index';

export type {
  Breadcrumb, BreadcrumbHint, CaptureContext, Event, EventHint, Integration, Scope,
  SeverityLevel, User,
};

/** The parts of the Lambda runtime's context object the SDK reads. */
export interface LambdaContext {
  awsRequestId: string;
  functionName: string;
  functionVersion?: string;
  invokedFunctionArn?: string;
  memoryLimitInMB?: string | number;
  logGroupName?: string;
  logStreamName?: string;
  callbackWaitsForEmptyEventLoop?: boolean;
  getRemainingTimeInMillis(): number;
  [key: string]: unknown;
}

export type LambdaCallback<R = unknown> = (error?: unknown, result?: R) => void;
export type AsyncHandler<E = unknown, R = unknown> = (event: E, context: LambdaContext) => Promise<R> | R;
export type CallbackHandler<E = unknown, R = unknown> =
  (event: E, context: LambdaContext, callback: LambdaCallback<R>) => void | Promise<R>;

export interface WrapperOptions {
  /** Longest the wrapper waits for delivery after the handler settles (ms). Default 2000. */
  flushTimeout?: number;
  /** Send "Possible function timeout: <name>" (level warning) near the deadline. Default true. */
  captureTimeoutWarning?: boolean;
  /** How long before the deadline the warning goes (ms). Default 500. */
  timeoutWarningLimit?: number;
}

export interface NodeTransportOptions {
  /** Envelopes held in memory, in flight or waiting for a retry. Default 64. */
  maxQueueSize?: number;
  /** Requests in flight at once. Default 8. */
  maxConcurrency?: number;
  /** An unanswered request counts as a network failure after this long (ms). Default 30000. */
  requestTimeoutMs?: number;
}

export interface LambdaOptions extends CoreOptions {
  /** Where events go; defaults to SENTRY_DSN. Without one nothing is sent. */
  dsn?: string;
  /** Defaults to SENTRY_RELEASE. */
  release?: string;
  /** Defaults to SENTRY_ENVIRONMENT, else "production". */
  environment?: string;
  /**
   * Sends personal data: all request headers and cookies of API Gateway / function URL events,
   * the caller's address, and `user.ip_address: "{{auto}}"`. Default false.
   */
  sendDefaultPii?: boolean;
  /** Objects `{ name, setup(client) }`; setup runs once at init. */
  integrations?: Integration[];
  /** Added to the default, which marks the Lambda runtime's /var/runtime/ frames not in-app. */
  inAppExclude?: string[];
  /** Release-health sessions. Default false: a function is not an app session. */
  autoSessionTracking?: boolean;
  transportOptions?: NodeTransportOptions;
  /** The core's bytes, when vigil.wasm is not beside the package's files (bundled functions). */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

export interface NodeClient {
  getOptions(): LambdaOptions;
  captureException(exception: unknown, hint?: EventHint): string;
  captureMessage(message: string, level?: SeverityLevel, hint?: EventHint): string;
  captureEvent(event: Event, hint?: EventHint): string;
  addBreadcrumb(breadcrumb: Breadcrumb, hint?: BreadcrumbHint): void;
  on(hook: string, callback: (...args: any[]) => void): () => void;
  flush(timeout?: number): Promise<boolean>;
  close(timeout?: number): Promise<boolean>;
  /** True once the Wasm core runs. */
  isReady(): boolean;
  /** Runs fn in its own scope (a copy of the current one), followed across awaits. */
  runIsolated<T>(fn: (data: Record<string, unknown>) => T, data?: Record<string, unknown>): T;
  /** Resolves once the Wasm core is loaded; calls made before are queued, not lost. */
  readonly ready: Promise<void>;
}

/** The client init() makes, for code that manages clients itself. */
export declare const NodeClient: new (options: LambdaOptions) => NodeClient;

export function init(options?: LambdaOptions): NodeClient | undefined;
export function getClient(): NodeClient | undefined;

/**
 * Wraps a handler: each invocation gets its own scope (request id, function, cold_start tag,
 * API Gateway request), errors are captured with mechanism
 * `auto.function.aws_serverless.handler` (handled: false) and passed on unchanged, and the SDK
 * flushes (at most flushTimeout) before the returned promise settles. Callback-style handlers
 * are accepted; the wrapper itself is always async.
 */
export function wrapHandler<E = unknown, R = unknown>(
  handler: CallbackHandler<E, R>,
  options?: WrapperOptions,
): (event: E, context: LambdaContext) => Promise<R>;
export function wrapHandler<E = unknown, R = unknown>(
  handler: AsyncHandler<E, R>,
  options?: WrapperOptions,
): (event: E, context: LambdaContext) => Promise<R>;

export {
  captureException, captureMessage, captureEvent, addBreadcrumb, setUser, setTag, setTags, setExtra,
  setExtras, setContext, lastEventId, flush, close,
} from './index';
/** The callback's scope lasts until it returns, or until the promise it returns settles. */
export function withScope<T>(callback: (scope: Scope) => T): T;

export function makeNodeTransport(options: NodeTransportOptions & { core: object; fetchImpl?: typeof fetch; debug?: boolean }): Transport;
