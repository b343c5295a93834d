// A span as the host sees it: a thin handle on a span the core's tracer owns. Calls made
// before the core is ready are queued with the client's other calls, so a span started during
// start-up gets its handle when the queue runs and later calls find it there.

// Sentry's v8+ setStatus takes { code: 0 unset | 1 ok | 2 error, message }.
const CODE_OK = 1;
const CODE_ERROR = 2;

export class Span {
  /**
   * @param {import('./client.js').Client} client
   * @param {{ name: string, op?: string }} info
   */
  constructor(client, info) {
    this._client = client;
    this._handle = 0;
    this._ended = false;
    this.name = info.name;
    this.op = info.op;
  }

  /** @returns {{ traceId: string, spanId: string, traceFlags: number }} */
  spanContext() {
    const info = this._info();
    return { traceId: info?.traceId ?? '', spanId: info?.spanId ?? '', traceFlags: info?.sampled ? 1 : 0 };
  }

  isRecording() {
    const info = this._info();
    return Boolean(info && info.sampled && !info.ended);
  }

  setAttribute(key, value) {
    if (value === undefined) return this;
    const k = String(key);
    const json = this._client._json(value, 0);
    this._call((core) => core.setSpanData(this._handle, k, json));
    return this;
  }

  setAttributes(attributes) {
    for (const [key, value] of Object.entries(attributes ?? {})) this.setAttribute(key, value);
    return this;
  }

  /** Accepts Sentry's { code, message } or a status string such as 'ok' or 'not_found'. */
  setStatus(status) {
    let text = typeof status === 'string' ? status : undefined;
    if (status && typeof status === 'object') {
      text = status.code === CODE_OK ? 'ok' : status.code === CODE_ERROR ? (status.message || 'internal_error') : undefined;
    }
    if (text) this._call((core) => core.setSpanStatus(this._handle, text));
    return this;
  }

  /** Sets the status from an HTTP response code, as Sentry's setHttpStatus does. */
  setHttpStatus(code) {
    const n = Number(code);
    if (Number.isFinite(n)) this._call((core) => core.setSpanHttpStatus(this._handle, n));
    return this;
  }

  updateName(name, source = 'custom') {
    this.name = String(name);
    const n = this.name;
    this._call((core) => core.setSpanName(this._handle, n, source));
    return this;
  }

  setMeasurement(name, value, unit = '') {
    const n = String(name);
    this._call((core) => core.setMeasurement(this._handle, n, Number(value), String(unit)));
    return this;
  }

  /** Ends the span (now, or at `timestamp` in seconds or milliseconds since the epoch). */
  end(timestamp) {
    if (this._ended) return;
    this._ended = true;
    const when = toSeconds(timestamp) ?? Date.now() / 1000;
    this._client._endSpan(this, when);
  }

  _call(fn) {
    if (this._ended) return;
    this._client._run((core) => {
      if (this._handle) fn(core);
    });
  }

  _info() {
    const core = this._client._core;
    return core && this._handle ? core.spanInfo(this._handle) : null;
  }
}

/** Seconds since the epoch from Sentry's accepted forms: seconds, milliseconds or a Date. */
export function toSeconds(time) {
  if (time instanceof Date) return time.getTime() / 1000;
  if (typeof time !== 'number' || !Number.isFinite(time)) return undefined;
  return time > 9999999999 ? time / 1000 : time;
}
