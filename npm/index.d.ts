// Types for the browser entry of vigil-sdk. Names and shapes follow @sentry/browser so code
// written for it type-checks against this package after a find-and-replace of the import.

export type SeverityLevel = 'fatal' | 'error' | 'warning' | 'log' | 'info' | 'debug';

export interface User {
  id?: string | number;
  email?: string;
  username?: string;
  ip_address?: string | null;
  [key: string]: unknown;
}

export interface Breadcrumb {
  type?: string;
  category?: string;
  message?: string;
  level?: SeverityLevel;
  data?: Record<string, unknown>;
  /** Unix seconds; added when missing. */
  timestamp?: number;
}

export interface BreadcrumbHint {
  [key: string]: unknown;
}

export interface Mechanism {
  type: string;
  handled?: boolean;
  data?: Record<string, unknown>;
}

export interface StackFrame {
  filename?: string;
  function?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
  [key: string]: unknown;
}

export interface Exception {
  type?: string;
  value?: string;
  mechanism?: Mechanism;
  stacktrace?: { frames?: StackFrame[] };
}

export interface Event {
  event_id?: string;
  message?: string | { formatted?: string };
  timestamp?: number;
  level?: SeverityLevel;
  platform?: string;
  logger?: string;
  release?: string;
  dist?: string;
  environment?: string;
  exception?: { values?: Exception[] };
  breadcrumbs?: { values?: Breadcrumb[] } | Breadcrumb[];
  tags?: Record<string, string | number | boolean>;
  extra?: Record<string, unknown>;
  contexts?: Record<string, Record<string, unknown>>;
  user?: User;
  request?: { url?: string; method?: string; headers?: Record<string, string>; [key: string]: unknown };
  fingerprint?: string[];
  transaction?: string;
  type?: string;
  sdk?: { name?: string; version?: string; integrations?: string[] };
  [key: string]: unknown;
}

export interface EventHint {
  event_id?: string;
  originalException?: unknown;
  mechanism?: Mechanism;
  captureContext?: CaptureContext;
  data?: unknown;
  [key: string]: unknown;
}

export interface CaptureContext {
  tags?: Record<string, string | number | boolean>;
  extra?: Record<string, unknown>;
  contexts?: Record<string, Record<string, unknown>>;
  user?: User;
  level?: SeverityLevel;
  fingerprint?: string[];
}

/** A plug-in: setup() runs once when init() creates the client. */
export interface Integration {
  name: string;
  setup?(client: Client): void;
}

export interface Client {
  getOptions(): BrowserOptions;
  captureException(exception: unknown, hint?: EventHint): string;
  captureMessage(message: string, level?: SeverityLevel, hint?: EventHint): string;
  captureEvent(event: Event, hint?: EventHint): string;
  addBreadcrumb(breadcrumb: Breadcrumb, hint?: BreadcrumbHint): void;
  on(hook: string, callback: (...args: any[]) => void): () => void;
  emit(hook: string, ...args: unknown[]): void;
  isOwnRequest(url: string): boolean;
  flush(timeout?: number): Promise<boolean>;
  close(timeout?: number): Promise<boolean>;
  /** Resolves once the Wasm core is loaded; calls made before are queued, not lost. */
  readonly ready: Promise<void>;
}

export interface Scope {
  setUser(user: User | null): Scope;
  setTag(key: string, value: string | number | boolean): Scope;
  setTags(tags: Record<string, string | number | boolean>): Scope;
  setExtra(key: string, value: unknown): Scope;
  setExtras(extras: Record<string, unknown>): Scope;
  setContext(name: string, context: Record<string, unknown> | null): Scope;
  setLevel(level: SeverityLevel): Scope;
  setFingerprint(fingerprint: string[]): Scope;
  addBreadcrumb(breadcrumb: Breadcrumb, hint?: BreadcrumbHint): Scope;
  clearBreadcrumbs(): Scope;
}

/** The options every entry (browser, edge, Lambda) takes; each entry's options extend these. */
export interface CoreOptions {
  /** Where events go; without one the SDK builds events but sends nothing. */
  dsn?: string;
  release?: string;
  environment?: string;
  dist?: string;
  /** Share of error events sent, 0..1. Default 1. */
  sampleRate?: number;
  beforeSend?: (event: Event, hint: EventHint) => Event | null | PromiseLike<Event | null>;
  beforeBreadcrumb?: (breadcrumb: Breadcrumb, hint?: BreadcrumbHint) => Breadcrumb | null;
  /** Default 100, at most 100. */
  maxBreadcrumbs?: number;
  /** Messages to drop: strings match as substrings, RegExps are tested. */
  ignoreErrors?: Array<string | RegExp>;
  /** Sends personal data (IP addresses, cookies, credential headers). Default false. */
  sendDefaultPii?: boolean;
  /** Reports counts of dropped events to Sentry. Default true. */
  sendClientReports?: boolean;
  debug?: boolean;
  /** Object depth kept in extra, contexts and breadcrumb data. Default 3. */
  normalizeDepth?: number;
  normalizeMaxBreadth?: number;
  maxValueLength?: number;
  inAppInclude?: string[];
  inAppExclude?: string[];
  linkedErrors?: { key?: string; limit?: number };
  /** A precompiled core module, for runtimes that may not compile Wasm from bytes. */
  wasmModule?: WebAssembly.Module;
}

export interface BrowserOptions extends CoreOptions {
  denyUrls?: Array<string | RegExp>;
  allowUrls?: Array<string | RegExp>;
  /** A same-origin URL that forwards envelopes to Sentry. */
  tunnel?: string;
  integrations?: Integration[] | ((defaults: Integration[]) => Integration[]);
  defaultIntegrations?: false | Integration[];
  /** Start a release-health session on init. Default true. */
  autoSessionTracking?: boolean;
  /** Where to fetch vigil.wasm from; defaults to the copy beside the package's files. */
  wasmUrl?: string | URL;
  wasmBinary?: ArrayBuffer | Uint8Array;
}

/** What a runtime's transport does: post the requests the core prepares and report each answer back to it. */
export interface Transport {
  /** Resolves once the request is answered or given up; never rejects. */
  send(request: { id: number; url: string; headers: Record<string, string>; body: string | Uint8Array }): Promise<void>;
  /** true once nothing is in flight. */
  flush(timeoutMs?: number): Promise<boolean>;
  /** Flushes, then refuses new requests. */
  close(timeoutMs?: number): Promise<boolean>;
  /** Requests in flight or waiting for a retry. */
  pendingCount(): number;
}

/** The client init() makes; made directly only by code that manages clients itself. */
export declare const BrowserClient: new (options: BrowserOptions) => Client;

export function init(options?: BrowserOptions): Client | undefined;
export function getClient(): Client | undefined;
export function captureException(exception: unknown, hint?: EventHint | CaptureContext): string;
export function captureMessage(message: string, captureContextOrLevel?: SeverityLevel | CaptureContext): string;
export function captureEvent(event: Event, hint?: EventHint): string;
export function addBreadcrumb(breadcrumb: Breadcrumb, hint?: BreadcrumbHint): void;
export function setUser(user: User | null): void;
export function setTag(key: string, value: string | number | boolean): void;
export function setTags(tags: Record<string, string | number | boolean>): void;
export function setExtra(key: string, value: unknown): void;
export function setExtras(extras: Record<string, unknown>): void;
export function setContext(name: string, context: Record<string, unknown> | null): void;
export function withScope<T>(callback: (scope: Scope) => T): T;
export function lastEventId(): string | undefined;
export function flush(timeout?: number): Promise<boolean>;
export function close(timeout?: number): Promise<boolean>;

export function getDefaultIntegrations(options?: BrowserOptions): Integration[];
export function globalHandlersIntegration(options?: { onerror?: boolean; onunhandledrejection?: boolean }): Integration;
export function breadcrumbsIntegration(options?: {
  console?: boolean; dom?: boolean; fetch?: boolean; xhr?: boolean; history?: boolean;
}): Integration;
export function browserApiErrorsIntegration(options?: {
  setTimeout?: boolean; setInterval?: boolean; requestAnimationFrame?: boolean;
  XMLHttpRequest?: boolean; eventTarget?: boolean | string[];
}): Integration;
export function httpContextIntegration(): Integration;
export function linkedErrorsIntegration(options?: { key?: string; limit?: number }): Integration;
export function dedupeIntegration(): Integration;
export function inboundFiltersIntegration(options?: {
  ignoreErrors?: Array<string | RegExp>; denyUrls?: Array<string | RegExp>;
  allowUrls?: Array<string | RegExp>; disableErrorDefaults?: boolean;
}): Integration;

// ---- tracing -------------------------------------------------------------------------------

/** Sentry's span status object (setStatus also takes a status name such as 'not_found'). */
export interface SpanStatus {
  /** 0 unset, 1 ok, 2 error */
  code: 0 | 1 | 2;
  message?: string;
}

export type SpanAttributeValue = string | number | boolean | Array<string> | Array<number> | Array<boolean>;
export type SpanAttributes = Record<string, SpanAttributeValue | undefined>;
/** Unix seconds, Unix milliseconds, or a Date. */
export type SpanTimeInput = number | Date;

export interface SpanContextData {
  traceId: string;
  spanId: string;
  /** 1 sampled, 0 not */
  traceFlags: number;
}

/** A span: a handle on one the Wasm core records. Every method returns the span. */
export interface Span {
  readonly name: string;
  readonly op?: string;
  spanContext(): SpanContextData;
  isRecording(): boolean;
  setAttribute(key: string, value: SpanAttributeValue | undefined): this;
  setAttributes(attributes: SpanAttributes): this;
  setStatus(status: SpanStatus | string): this;
  /** The status an HTTP response code maps to, plus data http.response.status_code. */
  setHttpStatus(httpStatus: number): this;
  updateName(name: string, source?: TransactionSource): this;
  setMeasurement(name: string, value: number, unit?: MeasurementUnit): this;
  /** Ends the span now, or at `endTimestamp`. */
  end(endTimestamp?: SpanTimeInput): void;
}

export type TransactionSource = 'custom' | 'url' | 'route' | 'view' | 'component' | 'task';
export type MeasurementUnit = 'millisecond' | 'second' | 'nanosecond' | 'byte' | 'none' | 'ratio' | 'percent' | '' | (string & {});

export interface StartSpanOptions {
  name: string;
  op?: string;
  attributes?: SpanAttributes;
  startTime?: SpanTimeInput;
  /** The parent; null starts a new transaction; default the active span. */
  parentSpan?: Span | null;
  /** Records nothing unless there is a parent. */
  onlyIfParent?: boolean;
  /** A transaction of its own even under an active span. */
  forceTransaction?: boolean;
}

/** What tracesSampler receives. */
export interface SamplingContext {
  name: string;
  attributes: { 'sentry.op'?: string; 'sentry.source'?: string; [key: string]: unknown };
  transactionContext: { name: string; op?: string };
  parentSampled?: boolean;
  parentSampleRate?: number;
  /** The parent's decision when there is one, else `fallbackRate`. */
  inheritOrSampleWith(fallbackRate: number): number;
}

export interface BrowserOptions {
  /** Share of transactions sent, 0..1. Unset (and no tracesSampler): tracing records nothing. */
  tracesSampleRate?: number;
  /** Decides per transaction; a number 0..1 or a boolean. Wins over tracesSampleRate. */
  tracesSampler?: (context: SamplingContext) => number | boolean | undefined;
  /**
   * Requests that carry sentry-trace and baggage headers. Strings match as substrings and
   * RegExps are tested, against the absolute URL (and the path, for same-origin requests).
   * Default: the page's own origin only. [] sends them nowhere.
   */
  tracePropagationTargets?: Array<string | RegExp>;
}

export function startSpan<T>(options: StartSpanOptions, callback: (span: Span) => T): T;
export function startInactiveSpan(options: StartSpanOptions): Span;
export function startSpanManual<T>(options: StartSpanOptions, callback: (span: Span, finish: () => void) => T): T;
export function getActiveSpan(): Span | undefined;
export function continueTrace<T>(headers: { sentryTrace?: string; baggage?: string }, callback: () => T): T;
export function setMeasurement(name: string, value: number, unit?: MeasurementUnit): void;

export interface BrowserTracingOptions {
  /** ms without open child spans before a pageload/navigation transaction ends. Default 1000. */
  idleTimeout?: number;
  /** ms after its start at which a transaction ends regardless. Default 30000. */
  finalTimeout?: number;
  /** ms a child span may stay open before the transaction ends. Default 15000. */
  childSpanTimeout?: number;
  /** A pageload transaction from navigation start. Default true. */
  instrumentPageLoad?: boolean;
  /** A navigation transaction on pushState/replaceState/popstate. Default true. */
  instrumentNavigation?: boolean;
  /** http.client spans for fetch. Default true. */
  traceFetch?: boolean;
  /** http.client spans for XMLHttpRequest. Default true. */
  traceXHR?: boolean;
  /** ui.long_task spans where the browser reports long tasks. Default true. */
  enableLongTask?: boolean;
  /** INP as a ui.interaction.* transaction when the page hides or navigates. Default true. */
  enableInp?: boolean;
  /** false: no span for this request (trace headers still follow tracePropagationTargets). */
  shouldCreateSpanForRequest?: (url: string) => boolean;
}

/** Pageload and navigation transactions, request spans, web vitals and trace propagation. */
export function browserTracingIntegration(options?: BrowserTracingOptions): Integration;

/**
 * Starts a navigation transaction (ending the one that runs), for routers that report their
 * own navigations: use with browserTracingIntegration({ instrumentNavigation: false }).
 */
export function startBrowserTracingNavigationSpan(
  client: Client,
  spanOptions: { name: string; attributes?: Record<string, unknown> },
): Span | undefined;

// ---- session replay ----------------------------------------------------------------------

export interface ReplayOptions {
  /** Replace all text with '*' (length kept). Default true. */
  maskAllText?: boolean;
  /** Replace all input values with '*'. Default true. Passwords are always masked. */
  maskAllInputs?: boolean;
  /** Replace media (img, video, audio, svg images, iframes...) with placeholders. Default true. */
  blockAllMedia?: boolean;
  mask?: string[];
  unmask?: string[];
  block?: string[];
  unblock?: string[];
  ignore?: string[];
  /** A replay shorter than this (ms) is not sent. */
  minReplayDuration?: number;
  /**
   * More mutations than this in one batch make a new full snapshot instead, with a
   * `replay.mutations` breadcrumb saying so. Default 10,000.
   */
  mutationLimit?: number;
  /** More mutations than this in one batch put a `replay.mutations` breadcrumb on the replay. Default 750. */
  mutationBreadcrumbLimit?: number;
  /**
   * How segments are compressed. 'zlib' (default): the recording deflated, no extra download.
   * 'brotli': the whole envelope as `Content-Encoding: br`, 23 % fewer bytes at quality 5, but
   * the worker first fetches brotli.wasm (~272 KB gzip); zlib wherever that fails. 'none': plain.
   */
  compression?: 'zlib' | 'brotli' | 'none';
  /** Brotli quality, 0..11. Default 5. */
  brotliQuality?: number;
  /** Compress in a Web Worker (started from its URL, not blob:). Default true; false or a page
   * where no worker may start compresses with zlib on the main thread. */
  useWorker?: boolean;
  /** Where the app serves its copy of `vigil-sdk/worker` (dist/worker/), for bundlers that do not
   * bundle `new Worker(new URL(…, import.meta.url))` themselves as Vite and webpack 5 do. */
  workerUrl?: string | URL;
}

export interface Replay {
  start(): void;
  stop(): Promise<void>;
  flush(): Promise<void>;
  getReplayId(): string | undefined;
}

export interface BrowserOptions {
  /** Share of sessions recorded from the start, 0..1. */
  replaysSessionSampleRate?: number;
  /** Share of sessions whose last minute is sent when an error happens, 0..1. */
  replaysOnErrorSampleRate?: number;
  /** Where to fetch vigil-replay.wasm from; defaults to the copy beside the package's files. */
  replayWasmUrl?: string | URL;
}

export function replayIntegration(options?: ReplayOptions): Integration;
export function getReplay(): Replay | undefined;
