// Session Replay: records the page with the Wasm ReplayEncoder (vigil-replay.wasm, loaded by the
// client instead of the base core when this integration is present) and sends it in segments,
// each one envelope holding a replay_event and a replay_recording item, as Sentry's Replay does.
import { loadCore } from '../core/load-core.js';
import { debugLogger } from '../core/debug-logger.js';
import { errorMessage } from '../core/serialize.js';
import { Recorder } from '../replay/recorder.js';
import { envelopeHead } from './transport/envelope-items.js';
import { segmentEnvelope, envelopeUrl } from '../replay/replay-envelope.js';
import { createCompressor } from '../replay/compressor.js';
import { segmentRequest, DEFAULT_BROTLI_QUALITY } from '../replay/segment-request.js';
import { loadSession, saveSession, createSession, isExpired } from '../replay/replay-session.js';

const SDK = { name: 'sentry.javascript.vigil', version: '0.1.0' };
const FLUSH_DELAY_MS = 5000;
const BUFFER_CHECKOUT_MS = 60000;
// Recorded bytes waiting for a segment past this are sent at once, so one burst of changes cannot
// grow a segment without bound (buffer mode's ring has its own byte cap).
const MAX_PENDING_BYTES = 4 * 1024 * 1024;
const DEFAULT_MIN_DURATION_MS = 4999;
const MAX_MIN_DURATION_MS = 15000;
// Sentry's default selectors, so pages marked up for Sentry mask the same way here.
const MASK = ['.sentry-mask', '[data-sentry-mask]'];
const UNMASK = [];
const BLOCK = ['.sentry-block', '[data-sentry-block]'];
const UNBLOCK = [];
const IGNORE = ['.sentry-ignore', '[data-sentry-ignore]', 'input[type="file"]'];

let active = null;

const list = (given, defaults) => [...defaults, ...(Array.isArray(given) ? given : given ? [given] : [])];

/**
 * @param {object} [options]
 * @param {boolean} [options.maskAllText=true]
 * @param {boolean} [options.maskAllInputs=true]
 * @param {boolean} [options.blockAllMedia=true]
 * @param {string[]} [options.mask] extra selectors whose text is masked
 * @param {string[]} [options.unmask]
 * @param {string[]} [options.block] extra selectors replaced by placeholders
 * @param {string[]} [options.unblock]
 * @param {string[]} [options.ignore] inputs whose events are not recorded
 * @param {number} [options.minReplayDuration=4999] ms; shorter replays send no first segment
 *   until the page is hidden or flush() is called
 * @param {number} [options.mutationBreadcrumbLimit=750] mutations per callback that put a
 *   `replay.mutations` breadcrumb on the replay's timeline
 * @param {number} [options.mutationLimit=10000] mutations per callback before a new snapshot
 *   is taken instead
 * @param {'zlib'|'brotli'|'none'} [options.compression='zlib'] how segments are compressed:
 *   zlib recordings (libdeflate.wasm at level 9 in the worker, CompressionStream where that
 *   cannot run), or whole envelopes as brotli (Content-Encoding: br, which loads brotli.wasm
 *   into the worker; zlib where that fails); see bench/README.md
 * @param {number} [options.brotliQuality=5] 0..11
 * @param {boolean} [options.useWorker=true] compress in a Web Worker; false (or a page where
 *   no worker can start) compresses with zlib on the main thread
 * @param {string|URL} [options.workerUrl] the compression worker's script, when the app serves
 *   its own copy of dist/worker/ (the worker loads brotli.wasm from beside it)
 * @returns {{ name: 'Replay', setup: (client: object) => void }}
 */
export function replayIntegration(options = {}) {
  const settings = {
    maskAllText: options.maskAllText !== false,
    maskAllInputs: options.maskAllInputs !== false,
    blockAllMedia: options.blockAllMedia !== false,
    minReplayDuration: Math.min(MAX_MIN_DURATION_MS, Math.max(0, Number(options.minReplayDuration ?? DEFAULT_MIN_DURATION_MS) || 0)),
    mutationLimit: Math.max(1, Number(options.mutationLimit ?? 10000) || 10000),
    mutationBreadcrumbLimit: Math.max(1, Number(options.mutationBreadcrumbLimit ?? 750) || 750),
    compression: ['zlib', 'brotli', 'none'].includes(options.compression) ? options.compression : 'zlib',
    brotliQuality: Number.isFinite(Number(options.brotliQuality)) ? Number(options.brotliQuality) : DEFAULT_BROTLI_QUALITY,
    useWorker: options.useWorker !== false,
    workerUrl: options.workerUrl,
    selectors: {
      maskSelector: list(options.mask, MASK),
      unmaskSelector: list(options.unmask, UNMASK),
      blockSelector: list(options.block, BLOCK),
      unblockSelector: list(options.unblock, UNBLOCK),
      ignoreSelector: list(options.ignore, IGNORE),
      blockAllMedia: options.blockAllMedia !== false,
    },
  };
  return {
    name: 'Replay',
    setup(client) {
      if (typeof document === 'undefined' || typeof MutationObserver === 'undefined') return;
      active?.dispose();
      active = new ReplayController(client, settings);
    },
  };
}

/**
 * The running replay, as Sentry's getReplay(): start, stop, flush, getReplayId.
 * @returns {{ start: () => void, stop: () => Promise<void>, flush: () => Promise<void>,
 *   getReplayId: () => string|undefined }|undefined}
 */
export function getReplay() {
  const c = active;
  if (!c) return undefined;
  return {
    start: () => c.safe(() => c.start(true)),
    stop: () => c.stop(),
    flush: () => c.flush({ force: true }),
    getReplayId: () => c.getReplayId(),
  };
}

class ReplayController {
  constructor(client, settings) {
    this.client = client;
    this.settings = settings;
    this.log = debugLogger(client.getOptions().debug);
    this.session = null;
    this.recorder = null;
    this.recording = false;
    this.flushTimer = null;
    this.errorIds = [];
    this.sending = Promise.resolve();
    this.disposers = [];
    const options = client.getOptions();
    this.sessionRate = Number(options.replaysSessionSampleRate ?? 0) || 0;
    this.errorRate = Number(options.replaysOnErrorSampleRate ?? 0) || 0;
    this.url = envelopeUrl(options.dsn, options.tunnel, `${SDK.name}/${SDK.version}`);
    // The worker starts with the first compressed segment, not before.
    this.compressor = createCompressor({
      useWorker: settings.useWorker, workerUrl: settings.workerUrl, log: (message) => this.log.warn(message),
    });
    this.disposers.push(client.on('preprocessEvent', (hostEvent) => this.tagEvent(hostEvent)));
    // Before the client's final flush, so the last segment is part of it.
    this.disposers.push(client.on('beforeClose', () => this.dispose()));
    this.traceIds = [];
    // Sent, not merely captured: an error that beforeSend or sampling dropped sends no buffer.
    this.sentCandidates = [];
    this.disposers.push(client.on('afterSendEvent', (request, hint) => {
      this.noteTrace(request);
      this.noteSentError(hint);
    }));
    this.disposers.push(client.on('afterAddBreadcrumb', (crumb) => this.addBreadcrumb(crumb)));
    const hide = () => this.safe(() => { if (this.recording) void this.flush({ force: true, sync: true }); });
    const onVisibility = () => { if (document.visibilityState === 'hidden') hide(); };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', hide);
    this.disposers.push(() => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', hide);
    });
    // The client loads the replay flavour when this integration is listed; the same instance.
    this.ready = Promise.resolve(client.ready)
      .then(() => loadCore({ ...(client.coreSource ?? {}), replay: true }))
      .then((module) => {
        if (this.disposed) return;
        if (typeof module.ReplayEncoder !== 'function') throw new Error('the loaded core has no ReplayEncoder');
        this.module = module;
        this.startFromSession();
      })
      .catch((error) => this.log.error('replay could not start:', errorMessage(error)));
  }

  safe(fn) {
    try {
      return fn();
    } catch (error) {
      this.log.error('replay failed:', errorMessage(error));
      return undefined;
    }
  }

  getReplayId() {
    return this.recording && this.session ? this.session.id : undefined;
  }

  // A reload continues the tab's session; otherwise a new one is sampled.
  startFromSession() {
    let session = loadSession();
    if (!session || isExpired(session)) session = createSession(this.sessionRate, false, this.errorRate);
    this.session = session;
    saveSession(session);
    if (session.sampled) this.startRecorder();
  }

  /** Starts recording; `force` makes a session that was not sampled record anyway. */
  start(force) {
    if (this.recording || !this.module) return;
    if (!this.session || isExpired(this.session) || (force && this.session.sampled !== 'session')) {
      this.session = createSession(this.sessionRate, force, this.errorRate);
      saveSession(this.session);
    }
    this.startRecorder();
  }

  startRecorder() {
    const { settings } = this;
    if (!this.encoder) {
      this.encoder = new this.module.ReplayEncoder(JSON.stringify({
        maskAllText: settings.maskAllText, maskAllInputs: settings.maskAllInputs, blockAllMedia: settings.blockAllMedia,
      }));
    }
    this.recorder = new Recorder({
      encoder: this.encoder,
      selectors: settings.selectors,
      mutationLimit: settings.mutationLimit,
      mutationBreadcrumbLimit: settings.mutationBreadcrumbLimit,
      onActivity: () => this.onActivity(),
      onError: (message) => this.log.error(message),
    });
    this.recording = true;
    // Buffer mode keeps the last minute in the encoder's ring (Wasm memory), not in JS.
    this.encoder.setBufferMode(this.session.sampled === 'buffer');
    this.recorder.setBuffering(this.session.sampled === 'buffer');
    this.recorder.start();
    if (this.session.sampled === 'buffer') {
      this.checkoutTimer = setInterval(() => this.safe(() => this.checkout()), BUFFER_CHECKOUT_MS);
    }
    this.scheduleFlush();
  }

  // A new full snapshot opens a buffer window; the ring drops windows older than a minute, so
  // what an error sends starts at most a minute before it and always plays.
  checkout() {
    if (!this.recording || this.session?.sampled !== 'buffer') return;
    this.recorder.snapshot();
  }

  async stop() {
    if (!this.recording) return;
    await this.flush({ force: true });
    this.recorder?.stop();
    this.recorder = null;
    this.recording = false;
    clearTimeout(this.flushTimer);
    clearInterval(this.checkoutTimer);
    this.flushTimer = null;
  }

  dispose() {
    this.disposed = true;
    this.safe(() => {
      if (this.recording) void this.flush({ force: true, sync: true });
      this.recorder?.stop();
    });
    this.recording = false;
    clearTimeout(this.flushTimer);
    clearInterval(this.checkoutTimer);
    for (const dispose of this.disposers.splice(0)) this.safe(dispose);
    this.compressor.terminate();
    if (active === this) active = null;
  }

  onActivity() {
    const now = Date.now();
    const session = this.session;
    if (!session) return;
    if (isExpired(session, now)) {
      // The old replay ends with what it had; the activity opens a new one from a fresh snapshot.
      void this.flush({ force: true, sync: true });
      const mode = session.sampled;
      this.session = { ...createSession(1, true), sampled: mode, replayType: mode === 'buffer' ? 'buffer' : 'session' };
      saveSession(this.session);
      this.recorder.takeEvents(); // a buffer's old events belong to the old replay
      if (mode === 'buffer') {
        this.encoder.setBufferMode(false); // empties the ring
        this.encoder.setBufferMode(true);
      }
      this.recorder.snapshot();
    } else if (now - session.lastActivity > 1000) {
      session.lastActivity = now;
      saveSession(session);
    } else {
      session.lastActivity = now;
    }
    // A buffer caps itself (the ring's byte cap); a segment is sent.
    if (session.sampled !== 'buffer' && this.recorder.consumedBytes > MAX_PENDING_BYTES) {
      void this.flush({ force: true });
      return;
    }
    this.scheduleFlush();
  }

  scheduleFlush(delay = FLUSH_DELAY_MS) {
    if (this.flushTimer !== null || !this.recording || this.session?.sampled === 'buffer') return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush({});
    }, delay);
  }

  // Error events captured while recording link to the replay, and the replay to them.
  tagEvent(hostEvent) {
    if (!this.recording || !this.session) return;
    const event = hostEvent.event ?? (hostEvent.event = {});
    if (event.type === 'transaction') return;
    event.contexts = { ...event.contexts, replay: { ...event.contexts?.replay, replay_id: this.session.id } };
    event.tags = { ...event.tags, replayId: this.session.id };
    if (hostEvent.event_id) {
      this.sentCandidates.push(hostEvent.event_id);
      if (this.sentCandidates.length > 100) this.sentCandidates.shift(); // dropped ones never return
    }
  }

  // An error tagged above has gone to the transport: the next segment lists it, and a buffered
  // replay is sent because of it and records on as segments after it.
  noteSentError(hint) {
    const at = this.sentCandidates.indexOf(hint?.event_id);
    if (at < 0 || !this.recording || !this.session) return;
    this.sentCandidates.splice(at, 1);
    this.errorIds.push(hint.event_id);
    if (this.session.sampled === 'buffer') void this.flush({ force: true });
  }

  // The client's breadcrumbs show on the replay's timeline.
  addBreadcrumb(crumb) {
    if (!this.recording || !this.recorder || !crumb) return;
    const timestamp = typeof crumb.timestamp === 'number' ? crumb.timestamp : Date.now() / 1000;
    this.recorder.custom('breadcrumb', {
      timestamp, type: 'default', category: crumb.category, message: crumb.message, level: crumb.level, data: crumb.data,
    });
  }

  // Transactions sent while recording: their trace ids go into the next segment's trace_ids.
  noteTrace(request) {
    if (!this.recording || request?.body == null) return;
    const head = envelopeHead(request.body);
    if (head?.firstItem?.type !== 'transaction') return;
    const traceId = head.header?.trace?.trace_id;
    if (typeof traceId === 'string' && !this.traceIds.includes(traceId)) this.traceIds.push(traceId);
  }

  /**
   * Sends what was recorded since the last segment. `sync` (page hide) builds the envelope
   * without compression so it is handed to the transport before the page goes.
   */
  flush({ force = false, sync = false }) {
    return this.safe(() => {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
      if (!this.recording || !this.recorder || !this.session) return this.sending;
      const session = this.session;
      const now = Date.now();
      if (!force && session.segmentId === 0 && now - session.started < this.settings.minReplayDuration) {
        this.scheduleFlush(this.settings.minReplayDuration - (now - session.started));
        return this.sending;
      }
      const buffered = session.sampled === 'buffer';
      if (buffered) {
        // Only an error or an explicit flush sends a buffer; leaving the page drops it.
        if (sync) return this.sending;
        session.sampled = 'session';
        clearInterval(this.checkoutTimer);
        this.recorder.setBuffering(false);
      }
      const segment = buffered ? this.recorder.takeBuffer(now) : this.recorder.takeEvents();
      if (!segment.events) return this.sending;
      const segmentId = session.segmentId++;
      session.lastActivity = Math.max(session.lastActivity, now);
      saveSession(session);
      const errorIds = this.errorIds.splice(0);
      const traceIds = this.traceIds.splice(0);
      const replayEvent = this.replayEvent(session, segmentId, segment, errorIds, traceIds, now);
      const options = this.client.getOptions();
      const dsn = options.tunnel ? options.dsn : undefined;
      const send = ({ body, headers, categories }) => {
        const transport = this.client.transport;
        if (!transport || !this.url) return undefined;
        return transport.send({ id: 0, url: this.url, headers, body, categories });
      };
      if (sync) {
        // Uncompressed, so it reaches the transport now, before the page goes.
        const body = segmentEnvelope({ replayEvent, segmentId, events: segment.json, compress: false, sdk: SDK, dsn });
        send({ body, headers: { 'Content-Type': 'text/plain;charset=UTF-8' } });
        return this.sending;
      }
      const built = segmentRequest({
        replayEvent, segmentId, events: segment.json, sdk: SDK, dsn, compressor: this.compressor,
        compression: this.settings.compression, brotliQuality: this.settings.brotliQuality,
      });
      this.sending = this.sending.then(() => built).then(send)
        .catch((error) => this.log.error('replay segment not sent:', errorMessage(error)));
      return this.sending;
    }) ?? Promise.resolve();
  }

  replayEvent(session, segmentId, segment, errorIds, traceIds, now) {
    const options = this.client.getOptions();
    const first = Math.min(now, segment.firstTimestamp || now);
    const event = {
      type: 'replay_event',
      replay_type: session.replayType ?? 'session',
      replay_id: session.id,
      event_id: session.id,
      segment_id: segmentId,
      timestamp: now / 1000,
      replay_start_timestamp: first / 1000,
      urls: segment.urls,
      error_ids: errorIds,
      trace_ids: traceIds,
      platform: 'javascript',
      environment: options.environment,
      sdk: { ...SDK, integrations: ['Replay'] },
      request: { url: location.href, headers: { 'User-Agent': String(navigator.userAgent ?? '') } },
      contexts: { replay: { session_sample_rate: this.sessionRate, error_sample_rate: this.errorRate } },
    };
    if (options.release) event.release = options.release;
    if (options.dist) event.dist = options.dist;
    return event;
  }
}
