// Watches the page and turns what happens into record batches (record_format.h) for the Wasm
// ReplayEncoder: a full snapshot on start, then mutations, inputs, scrolls, mouse moves,
// clicks and viewport changes. Records pile up in one RecordWriter and cross into Wasm in one
// call on a short timer, never per node; the encoder keeps the mirror and does the masking.
import { RecordWriter, serializeSubtree, writeMutations, MouseInteraction, MoveSource } from './record-writer.js';

const BATCH_DELAY_MS = 50;
// In buffer mode nothing is sent until an error, which takes every pending record first: the
// records of a second cross into Wasm as one batch (in the writer's buffer meanwhile), so the
// ring holds fewer, larger batches (a header and string table each) and the calls into Wasm,
// their arguments and answers are a twentieth as many.
const BUFFER_BATCH_DELAY_MS = 1000;
const ACTIVITY_EVERY_MS = 1000;
// A snapshot is cut into batches of about this many bytes: each crosses into Wasm through the
// core's argument buffer, which keeps the size of the largest batch for good, and the
// buffer-mode ring gathers such batches into its 16 KB stretches instead of packing a big one
// on its own (a big batch's packing needs room beside it, and Wasm memory keeps its peak).
const SNAPSHOT_SLICE_BYTES = 6 * 1024;
// The encoder takes the batches of a long snapshot about this many bytes per task: a
// 100,000-node page (~4 MB of batches) then costs a dozen or two short tasks in Wasm, not one
// long one, and the encoder's hot code is optimised after the first few.
const DRAIN_TASK_BYTES = 256 * 1024;
const SCROLL_THROTTLE_MS = 100;
const MOVE_SAMPLE_MS = 50;
const MOVE_FLUSH_MS = 500;
const RESIZE_THROTTLE_MS = 200;
const OBSERVE = { subtree: true, childList: true, attributes: true, characterData: true };

/**
 * @typedef {object} RecorderOptions
 * @property {object} encoder the ReplayEncoder instance (consumeBytes, takeSegment, ...)
 * @property {object} selectors serializeSubtree's options: maskSelector, unmaskSelector,
 *   blockSelector, unblockSelector, ignoreSelector, blockAllMedia
 * @property {number} [mutationLimit] a callback with more records than this takes a new full
 *   snapshot instead (cheaper than diffing a rebuilt page), with a `replay.mutations` breadcrumb
 * @property {number} [mutationBreadcrumbLimit] a callback with more records than this gets a
 *   `replay.mutations` breadcrumb on the replay's timeline: a page this busy is worth knowing of
 * @property {() => void} [onActivity] called on user activity (at most once a second) and after
 *   records were handed to the encoder
 * @property {(message: string) => void} [onError]
 */

/**
 * Events the encoder made, as one JSON array, with what the segment's replay_event needs.
 * @typedef {object} Segment
 * @property {number} events how many
 * @property {number} firstTimestamp ms, the earliest event's (0 when none)
 * @property {string[]} urls the pages the events were on (Meta events' hrefs)
 * @property {string} json the rrweb events
 */

/** Records one document. start() snapshots and listens; stop() undoes every listener. */
export class Recorder {
  /** @param {RecorderOptions} options */
  constructor(options) {
    this.encoder = options.encoder;
    this.selectors = { ...options.selectors, flagCache: new WeakMap() };
    this.mutationLimit = options.mutationLimit ?? 10000;
    this.mutationBreadcrumbLimit = options.mutationBreadcrumbLimit ?? 750;
    this.onActivity = options.onActivity ?? (() => {});
    this.onError = options.onError ?? (() => {});
    /** Batches cut from a long snapshot, waiting for the encoder in order. */
    this.batches = [];
    this.writer = new RecordWriter({ onSlice: (batch) => this.batches.push(batch) });
    this.nodeIds = new WeakMap();
    this.lastId = 0;
    this.ids = {
      idOf: (n) => {
        let id = this.nodeIds.get(n);
        if (!id) { id = ++this.lastId; this.nodeIds.set(n, id); }
        // Document observers do not see inside shadow roots: each open one gets observed as
        // its host is written (one property read per node).
        if (n.shadowRoot && this.observer) this.observeShadow(n.shadowRoot);
        return id;
      },
      peek: (n) => (n && this.nodeIds.get(n)) || 0,
      // A text node that replaced another in place takes over its id (record-writer.js).
      adopt: (n, old) => {
        this.nodeIds.set(n, this.nodeIds.get(old));
        this.nodeIds.delete(old);
      },
    };
    this.timer = null;
    this.cleanups = [];
    this.recording = false;
    this.moves = [];
    this.moveTimer = null;
    this.lastMoveAt = 0;
    this.scrollAt = new WeakMap();
    this.scrollPending = new Set();
    this.lastInput = new WeakMap();
    /** Batch bytes handed to the encoder since the last takeEvents(): what the next segment
     * roughly weighs (the encoder holds mutations back, so its own count lags). */
    this.consumedBytes = 0;
    this.resizeTimer = null;
    this.snapshotWaiting = false;
    this.batchDelay = BATCH_DELAY_MS;
    this.activityAt = -Infinity;
  }

  /**
   * Buffer mode or not: how long records wait in JS before they cross into the encoder.
   * @param {boolean} on
   */
  setBuffering(on) {
    this.batchDelay = on ? BUFFER_BATCH_DELAY_MS : BATCH_DELAY_MS;
  }

  /** Snapshots the page and starts observing. */
  start() {
    if (this.recording) return;
    this.recording = true;
    const observer = new MutationObserver((records) => this.guard(() => this.onMutations(records)));
    observer.observe(document, OBSERVE);
    this.observer = observer;
    this.shadows = new WeakSet();
    this.cleanups.push(() => observer.disconnect());
    this.snapshot();
    const on = (target, type, method) => {
      const handler = (e) => this.guard(() => method.call(this, e));
      target.addEventListener(type, handler, { capture: true, passive: true });
      this.cleanups.push(() => target.removeEventListener(type, handler, { capture: true }));
    };
    on(document, 'input', this.onInput);
    on(document, 'change', this.onInput);
    on(document, 'scroll', this.onScroll);
    on(document, 'mousemove', this.onMove);
    on(document, 'click', this.onClick);
    on(window, 'resize', this.onResize);
    this.watchAttachShadow();
  }

  // A host already written gets no mutation record when a shadow root is attached to it later:
  // its new (empty) open root is observed at once, so what goes into it arrives as childList
  // records like any other change.
  watchAttachShadow() {
    const proto = typeof Element === 'function' ? Element.prototype : null;
    const original = proto?.attachShadow;
    if (typeof original !== 'function') return;
    const recorder = this;
    let on = true;
    const patched = function attachShadow(...args) {
      const root = original.apply(this, args);
      if (on) recorder.guard(() => { if (root && this.shadowRoot === root && recorder.nodeIds.has(this)) recorder.observeShadow(root); });
      return root;
    };
    proto.attachShadow = patched;
    this.cleanups.push(() => {
      on = false;
      // Someone may have wrapped it after us; theirs stays, ours is inert.
      if (proto.attachShadow === patched) proto.attachShadow = original;
    });
  }

  /** Stops observing; records not yet handed to the encoder are handed over first. */
  stop() {
    if (!this.recording) return;
    this.drain();
    this.recording = false;
    for (const cleanup of this.cleanups.splice(0)) {
      try { cleanup(); } catch { /* already gone */ }
    }
    clearTimeout(this.timer);
    clearTimeout(this.moveTimer);
    clearTimeout(this.resizeTimer);
    this.timer = this.moveTimer = this.resizeTimer = null;
  }

  observeShadow(root) {
    if (this.shadows.has(root)) return;
    this.shadows.add(root);
    this.observer.observe(root, OBSERVE);
  }

  /**
   * Adds a custom event (rrweb type 5) at the current time, e.g. a breadcrumb.
   * @param {string} tag
   * @param {object} payload JSON-serialisable
   */
  custom(tag, payload) {
    if (!this.recording) return;
    this.writer.time(Date.now()).custom(tag, JSON.stringify(payload));
    this.schedule();
  }

  /** Writes META and a full snapshot (also used to start a new replay on the same page). */
  snapshot() {
    // Changes still queued in the observer are in the snapshot already.
    this.observer?.takeRecords();
    // Moves made before it belong before it (a buffer window starts at its snapshot).
    this.flushMoves();
    const w = this.writer;
    // A snapshot starts a batch of its own: in buffer mode such a batch opens a window that
    // replays from a fresh mirror.
    if (!w.isEmpty) this.batches.push(w.take());
    w.time(Date.now()).meta(location.href, window.innerWidth, window.innerHeight);
    w.snapshotBegin(window.scrollX, window.scrollY);
    w.sliceAt = SNAPSHOT_SLICE_BYTES;
    try {
      serializeSubtree(document, this.ids.idOf, w, this.selectors);
    } finally {
      w.sliceAt = 0;
    }
    w.snapshotEnd();
    this.snapshotWaiting = true;
    this.schedule();
  }

  /**
   * Buffer mode: hands every pending record to the encoder and returns its ring as a segment,
   * from the oldest playable checkout to now; the encoder records on in session mode.
   * @param {number} now ms since the epoch
   * @returns {Segment}
   */
  takeBuffer(now) {
    this.drain();
    this.consumedBytes = 0;
    const segment = this.read(() => this.joinParts(this.encoder.takeBufferSegment(now)), 'the replay buffer');
    // Nothing playable was kept (a snapshot over the byte cap): segments start from a new one.
    if (this.encoder.mirrorSize() === 0) this.snapshot();
    return segment;
  }

  /**
   * Hands every pending record to the encoder and returns the events made since the last call.
   * @returns {Segment}
   */
  takeEvents() {
    this.drain();
    this.consumedBytes = 0;
    return this.read(() => this.joinParts(this.encoder.takeSegment()), "the encoder's events");
  }

  // The encoder hands a segment's JSON over in parts (a big snapshot in ~256 KB chunks), so
  // Wasm memory never holds the whole text twice; joined here, as they are read.
  joinParts(segment) {
    let json = segment.json ?? '';
    for (let part = this.encoder.takeSegmentPart(); part !== ''; part = this.encoder.takeSegmentPart()) {
      json += part;
    }
    segment.json = json;
    return segment;
  }

  read(take, what) {
    try {
      return take();
    } catch (error) {
      this.onError(`could not read ${what}: ${error?.message ?? error}`);
      return { events: 0, firstTimestamp: 0, urls: [], json: '[]' };
    }
  }

  /**
   * Moves what the observers hold into the writer, and the writer's batches into Wasm: about
   * `budget` bytes of them now (at least one batch), the rest DRAIN_TASK_BYTES per task after
   * this one. Mouse moves wait for their own timer (one event per MOVE_FLUSH_MS, as rrweb
   * batches them) unless everything is taken.
   */
  drain(budget = Infinity) {
    if (!this.recording) return;
    clearTimeout(this.timer);
    this.timer = null;
    if (this.observer) {
      const pending = this.observer.takeRecords();
      if (pending.length) this.onMutations(pending, true);
    }
    if (budget === Infinity) this.flushMoves();
    if (this.resizeTimer !== null) {
      clearTimeout(this.resizeTimer);
      this.resizeTimer = null;
      this.writer.time(Date.now()).viewport(window.innerWidth, window.innerHeight);
    }
    if (!this.writer.isEmpty) this.batches.push(this.writer.take());
    if (!this.batches.length) return;
    for (let taken = 0; this.batches.length && taken < budget;) {
      const batch = this.batches.shift();
      taken += batch.length;
      this.consumedBytes += batch.length;
      const result = this.encoder.consumeBytes(batch);
      if (!result.ok) this.onError(`replay batch dropped: ${result.error}`);
    }
    if (this.batches.length) {
      this.timer = setTimeout(() => this.guard(() => this.drain(DRAIN_TASK_BYTES)), 0);
      return;
    }
    this.writer.trim();
    const hadSnapshot = this.snapshotWaiting;
    this.snapshotWaiting = false;
    // The buffer's byte cap closed its window: only a new snapshot makes it playable again.
    // Not when this batch's own snapshot was what did not fit; the next checkout tries again.
    if (!hadSnapshot && this.encoder.bufferNeedsCheckout?.()) this.snapshot();
  }

  // ---- observers -------------------------------------------------------------------------

  guard(fn) {
    if (!this.recording) return;
    try {
      fn();
    } catch (error) {
      this.onError(`replay recorder failed: ${error?.message ?? error}`);
    }
  }

  // The batch timer: records into the encoder, then the integration hears of the activity they
  // were, with what was consumed (its segment size cap) counted.
  tick() {
    const before = this.consumedBytes;
    this.drain(DRAIN_TASK_BYTES);
    if (this.consumedBytes > before) this.onActivity();
  }

  // The integration's onActivity keeps the session alive (and ends an expired one at the first
  // activity after it): once a second is enough, and this check keeps its code out of every
  // event handler V8 optimises.
  activity() {
    const now = Date.now();
    if (now - this.activityAt < ACTIVITY_EVERY_MS) return;
    this.activityAt = now;
    this.onActivity();
  }

  schedule() {
    if (this.timer === null) this.timer = setTimeout(() => this.guard(() => this.tick()), this.batchDelay);
  }

  onMutations(records, quiet = false) {
    const count = records.length;
    if (count > this.mutationLimit) {
      // A rebuilt page: a new snapshot says it in one event instead of thousands of diffs.
      this.snapshot();
      this.mutationBreadcrumb(count, true);
    } else {
      this.writer.time(Date.now());
      writeMutations(records, this.ids, this.writer, this.selectors);
      if (count > this.mutationBreadcrumbLimit) this.mutationBreadcrumb(count, false);
    }
    if (!quiet) {
      this.activity();
      this.schedule();
    }
  }

  // Shows a mutation storm on the replay's timeline (after a snapshot it caused, so a buffer
  // window that starts there keeps it).
  mutationBreadcrumb(count, limit) {
    const now = Date.now();
    this.writer.time(now).custom('breadcrumb', JSON.stringify({
      timestamp: now / 1000, type: 'default', category: 'replay.mutations',
      message: limit
        ? `${count} mutations in one callback, over mutationLimit (${this.mutationLimit}): recorded as a new snapshot`
        : `${count} mutations in one callback`,
      data: { count, limit },
    }));
  }

  onInput(e) {
    const el = e.target;
    const id = this.ids.peek(el);
    if (!id || !el || typeof el.value !== 'string' && el.checked === undefined) return;
    const type = String(el.type ?? '').toLowerCase();
    const toggle = type === 'checkbox' || type === 'radio';
    const text = toggle ? '' : String(el.value ?? '');
    const checked = toggle && !!el.checked;
    // 'input' and 'change' both report most edits: one record per actual change.
    const state = `${checked ? 1 : 0}${text}`;
    if (this.lastInput.get(el) === state) return;
    this.lastInput.set(el, state);
    // The value goes to the encoder, which masks it (maskAllInputs, selectors, passwords).
    this.writer.time(Date.now()).input(id, text, checked, e.isTrusted);
    if (type === 'radio' && el.checked && el.name && el.form !== undefined) this.uncheckGroup(el);
    this.activity();
    this.schedule();
  }

  // The other radios of a checked one's group were unchecked without an event of their own.
  uncheckGroup(el) {
    const others = (el.form ?? document).querySelectorAll('input[type="radio"]');
    for (let i = 0; i < others.length; i++) {
      const other = others[i];
      if (other !== el && other.name === el.name) {
        const otherId = this.ids.peek(other);
        if (otherId) this.writer.input(otherId, '', false, false);
        this.lastInput.set(other, '0');
      }
    }
  }

  onScroll(e) {
    const target = e.target === document ? document : e.target;
    // A write is already due: it reads the position then, so this one is in it.
    if (this.scrollPending.has(target)) return;
    const wait = SCROLL_THROTTLE_MS - (Date.now() - (this.scrollAt.get(target) ?? 0));
    if (wait <= 0) {
      this.writeScroll(target);
      return;
    }
    // At most one write per target per SCROLL_THROTTLE_MS: the last position is written when
    // the window since the previous write ends.
    this.scrollPending.add(target);
    setTimeout(() => this.guard(() => { this.scrollPending.delete(target); this.writeScroll(target); }), wait);
  }

  writeScroll(target) {
    const id = this.ids.peek(target);
    if (!id) return;
    this.scrollAt.set(target, Date.now());
    const isDoc = target === document;
    const x = isDoc ? window.scrollX : target.scrollLeft;
    const y = isDoc ? window.scrollY : target.scrollTop;
    this.writer.time(Date.now()).scroll(id, x, y);
    this.activity();
    this.schedule();
  }

  onMove(e) {
    const now = Date.now();
    if (now - this.lastMoveAt < MOVE_SAMPLE_MS) return;
    this.lastMoveAt = now;
    this.moves.push({ id: this.ids.peek(e.target), x: e.clientX, y: e.clientY, t: now });
    if (this.moveTimer === null) {
      this.moveTimer = setTimeout(() => this.guard(() => { this.flushMoves(); this.schedule(); }), MOVE_FLUSH_MS);
    }
    this.activity();
  }

  flushMoves() {
    clearTimeout(this.moveTimer);
    this.moveTimer = null;
    if (!this.moves.length) return;
    const now = Date.now();
    const positions = this.moves.splice(0).map((p) => ({ id: p.id, x: p.x, y: p.y, timeOffset: p.t - now }));
    this.writer.time(now).mouseMove(MoveSource.MouseMove, positions);
  }

  onClick(e) {
    const id = this.ids.peek(e.target);
    if (!id) return;
    const now = Date.now();
    this.writer.time(now).mouseInteraction(MouseInteraction.Click, id, e.clientX, e.clientY,
      e.pointerType === 'pen' ? 1 : e.pointerType === 'touch' ? 2 : 0);
    // The replay timeline lists clicks as breadcrumbs; the selector names the element, its text
    // never goes in (it may be masked).
    this.writer.custom('breadcrumb', JSON.stringify({
      timestamp: now / 1000, type: 'default', category: 'ui.click', message: describeElement(e.target), data: { nodeId: id },
    }));
    this.activity();
    this.schedule();
  }

  onResize() {
    if (this.resizeTimer !== null) return;
    this.resizeTimer = setTimeout(() => this.guard(() => {
      this.resizeTimer = null;
      this.writer.time(Date.now()).viewport(window.innerWidth, window.innerHeight);
      this.schedule();
    }), RESIZE_THROTTLE_MS);
  }
}

// tag#id.class, as breadcrumbs name elements.
function describeElement(el) {
  if (!el || el.nodeType !== 1) return '';
  let out = el.localName;
  if (el.id) out += `#${el.id}`;
  for (const c of el.classList ?? []) out += `.${c}`;
  return out;
}
