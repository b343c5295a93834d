// The JS half of the replay batch format (replay/record_format.h is the specification): the
// page's observers write compact records into one growable byte buffer, and the whole batch
// crosses into Wasm in one call, where the encoder keeps the node mirror, dedupes mutations,
// masks, blocks and writes rrweb events.
//
// RecordWriter knows nothing of the DOM. serializeSubtree and writeMutations read DOM nodes only
// through standard properties (nodeType, childNodes links, getAttributeNames, getAttribute,
// matches, shadowRoot), so tests drive them with plain objects in Node.

/** Opcodes, as in record_format.h. */
export const Op = Object.freeze({
  TIME: 0x01, TIME_DELTA: 0x02, META: 0x03, SNAPSHOT_BEGIN: 0x04, SNAPSHOT_END: 0x05, CUSTOM: 0x06,
  DOCUMENT: 0x10, DOCTYPE: 0x11, ELEMENT: 0x12, TEXT: 0x13, COMMENT: 0x14, CDATA: 0x15,
  REMOVE: 0x20, MOVE: 0x21, ATTRIBUTE: 0x22, TEXT_CHANGE: 0x23, FLAGS: 0x24,
  INPUT: 0x30, SCROLL: 0x31, MOUSE_MOVE: 0x32, MOUSE_INTERACTION: 0x33, VIEWPORT: 0x34,
});

/** Per-node flags: selector matches and facts the encoder cannot see from the tag. */
export const NodeFlag = Object.freeze({
  MASK: 1, UNMASK: 2, BLOCK: 4, UNBLOCK: 8, IGNORE: 16, SVG: 32, SHADOW_HOST: 64, SHADOW: 128,
  HAS_SIZE: 256,
});

/** rrweb's MouseInteractions. */
export const MouseInteraction = Object.freeze({
  MouseUp: 0, MouseDown: 1, Click: 2, ContextMenu: 3, DblClick: 4, Focus: 5, Blur: 6,
  TouchStart: 7, TouchMove_Departed: 8, TouchEnd: 9, TouchCancel: 10,
});

/** rrweb's sources for MOUSE_MOVE records. */
export const MoveSource = Object.freeze({ MouseMove: 1, TouchMove: 6, Drag: 12 });

/** Tags blocked while blockAllMedia is on (the encoder applies the same list). */
export const MEDIA_TAGS = new Set(['img', 'image', 'svg', 'video', 'audio', 'picture', 'object',
  'embed', 'iframe', 'frame', 'map']);

const HEADER = [0x56, 0x52, 1, 0]; // 'V' 'R' version reserved
const MAX_SAFE_MAGNITUDE = 2 ** 52;

function varintSize(v) {
  let n = 1;
  while (v >= 128) { v = Math.floor(v / 128); n++; }
  return n;
}

/**
 * Encodes records into a growable Uint8Array. Numbers are coerced the way the format wants
 * them (ids and sizes to non-negative integers, coordinates rounded), so callers can pass DOM
 * values straight through.
 */
export class RecordWriter {
  /**
   * @param {object} [options]
   * @param {number} [options.initialSize] starting buffer size in bytes
   * @param {number} [options.internValueMaxLength] attribute values up to this many characters
   *   go into the batch's string table (tags and attribute names always do)
   * @param {(batch: Uint8Array) => void} [options.onSlice] takes the batches cut while sliceAt
   *   is set
   */
  constructor({ initialSize = 16 * 1024, internValueMaxLength = 32, onSlice = null } = {}) {
    this.initialSize = Math.max(64, initialSize);
    // While sliceAt is set, a record that starts once the batch holds sliceAt bytes first hands
    // the batch (take()) to onSlice: each batch stays whole (its own header and string table).
    this.sliceAt = 0;
    this.onSlice = onSlice;
    this.buf = new Uint8Array(this.initialSize);
    this.dv = new DataView(this.buf.buffer);
    this.encoder = new TextEncoder();
    this.internValueMaxLength = internValueMaxLength;
    this.reset();
  }

  /** Starts an empty batch: header only, empty string table, no clock. */
  reset() {
    this.pos = 0;
    this.buf.set(HEADER, 0);
    this.pos = HEADER.length;
    this.strings = new Map();
    this.stringCount = 0;
    this.lastTime = NaN;
    this.records = 0;
  }

  /** Bytes written so far, header included. */
  get byteLength() { return this.pos; }

  /** True when nothing but the header has been written. */
  get isEmpty() { return this.records === 0; }

  /** Returns a copy of the batch and starts a new one. */
  take() {
    const out = this.buf.slice(0, this.pos);
    this.reset();
    return out;
  }

  /**
   * Gives back a buffer that a big batch (a snapshot) grew past `maxBytes`, once it is empty:
   * the page keeps recording small batches, and it would otherwise hold the biggest one's size.
   * @param {number} [maxBytes]
   */
  trim(maxBytes = 64 * 1024) {
    if (this.records !== 0 || this.buf.length <= maxBytes) return;
    this.buf = new Uint8Array(this.initialSize);
    this.dv = new DataView(this.buf.buffer);
    this.reset();
  }

  /** The batch without copying (to copy straight into Wasm memory); valid until the next
   * write or reset(). */
  view() { return this.buf.subarray(0, this.pos); }

  // ---- primitives ----

  ensure(n) {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  op(code) {
    if (this.sliceAt && this.pos >= this.sliceAt && this.onSlice) this.onSlice(this.take());
    this.ensure(1);
    this.buf[this.pos++] = code;
    this.records++;
  }

  u8(v) {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
  }

  /** Unsigned LEB128 of a non-negative integer up to 2^53. */
  uv(v) {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    while (v >= 128) {
      buf[pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  /** Zigzag varint of a number, rounded and clamped to ±2^52. */
  sv(v) {
    v = Math.round(v) || 0;
    if (v > MAX_SAFE_MAGNITUDE) v = MAX_SAFE_MAGNITUDE;
    if (v < -MAX_SAFE_MAGNITUDE) v = -MAX_SAFE_MAGNITUDE;
    this.uv(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  id(v) { this.uv(v >>> 0); }

  size(v) {
    v = Math.round(v) || 0;
    this.uv(v < 0 ? 0 : v > 0xffffffff ? 0xffffffff : v);
  }

  f64(v) {
    this.ensure(8);
    this.dv.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /**
   * A length-prefixed UTF-8 string. With remember, a repeat within the batch costs one varint.
   * @param {string} s
   * @param {boolean} [remember]
   */
  str(s, remember = false) {
    s = s == null ? '' : String(s);
    let tag = 0;
    if (remember) {
      const index = this.strings.get(s);
      if (index !== undefined) {
        this.uv(index * 2 + 1);
        return;
      }
      this.strings.set(s, this.stringCount++);
      tag = 2;
    }
    const n = s.length;
    if (n <= 24) {
      // Short strings are usually ASCII: copy them without a TextEncoder call.
      this.ensure(n + 1);
      const buf = this.buf;
      const start = this.pos + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + i] = c;
      }
      if (i === n) {
        buf[this.pos] = n * 4 + tag; // n <= 24 keeps the header in one byte
        this.pos = start + n;
        return;
      }
    }
    // Reserve the header for the ASCII length, encode, and shift if UTF-8 made it longer.
    const guess = varintSize(n * 4 + tag);
    this.ensure(guess + n * 3 + 10);
    const start = this.pos + guess;
    const { written } = this.encoder.encodeInto(s, this.buf.subarray(start, start + n * 3));
    const header = written * 4 + tag;
    const size = varintSize(header);
    if (size !== guess) this.buf.copyWithin(this.pos + size, start, start + written);
    this.uv(header);
    this.pos += written;
  }

  // ---- clock and page ----

  /** Sets the clock for the records that follow (ms since the epoch). */
  time(ms) {
    if (ms === this.lastTime) return this;
    const delta = ms - this.lastTime;
    if (Number.isInteger(delta) && Math.abs(delta) < 2 ** 31) {
      this.op(Op.TIME_DELTA);
      this.sv(delta);
    } else {
      this.op(Op.TIME);
      this.f64(ms);
    }
    this.lastTime = ms;
    return this;
  }

  meta(href, width, height) {
    this.op(Op.META); this.str(href); this.size(width); this.size(height);
    return this;
  }

  snapshotBegin(scrollLeft = 0, scrollTop = 0) {
    this.op(Op.SNAPSHOT_BEGIN); this.sv(scrollLeft); this.sv(scrollTop);
    return this;
  }

  snapshotEnd() { this.op(Op.SNAPSHOT_END); return this; }

  /** A custom event (a breadcrumb, say); payloadJson must be JSON text. */
  custom(tag, payloadJson) {
    this.op(Op.CUSTOM); this.str(tag, true); this.str(payloadJson);
    return this;
  }

  // ---- nodes ----

  document(id) { this.op(Op.DOCUMENT); this.uv(id >>> 0); return this; }

  doctype(id, parent, next, name, publicId = '', systemId = '') {
    this.op(Op.DOCTYPE); this.uv(id >>> 0); this.uv(parent >>> 0); this.uv(next >>> 0);
    this.str(name); this.str(publicId); this.str(systemId);
    return this;
  }

  /**
   * @param {number} id
   * @param {number} parent
   * @param {number} next sibling to insert before, 0 to append
   * @param {number} flags NodeFlag bits; HAS_SIZE is added when width is given
   * @param {string} tag
   * @param {string[]} [attrs] flat [name, value, name, value, ...]
   * @param {number} [width] placeholder size for blocked elements
   * @param {number} [height]
   */
  element(id, parent, next, flags, tag, attrs = [], width, height) {
    if (width !== undefined) flags |= NodeFlag.HAS_SIZE;
    this.op(Op.ELEMENT); this.uv(id >>> 0); this.uv(parent >>> 0); this.uv(next >>> 0); this.uv(flags >>> 0);
    this.str(tag, true);
    if (flags & NodeFlag.HAS_SIZE) { this.size(width); this.size(height); }
    const count = attrs.length >> 1;
    this.uv(count);
    const max = this.internValueMaxLength;
    for (let i = 0; i < count * 2; i += 2) {
      const value = attrs[i + 1] == null ? '' : String(attrs[i + 1]);
      this.str(attrs[i], true);
      this.str(value, value.length <= max);
    }
    return this;
  }

  text(id, parent, next, flags, text) {
    this.op(Op.TEXT); this.uv(id >>> 0); this.uv(parent >>> 0); this.uv(next >>> 0); this.uv(flags >>> 0); this.str(text);
    return this;
  }

  comment(id, parent, next, flags, text) {
    this.op(Op.COMMENT); this.uv(id >>> 0); this.uv(parent >>> 0); this.uv(next >>> 0); this.uv(flags >>> 0); this.str(text);
    return this;
  }

  cdata(id, parent, next, flags = 0) {
    this.op(Op.CDATA); this.uv(id >>> 0); this.uv(parent >>> 0); this.uv(next >>> 0); this.uv(flags >>> 0);
    return this;
  }

  // ---- mutations ----

  remove(id, parent) { this.op(Op.REMOVE); this.uv(id >>> 0); this.uv(parent >>> 0); return this; }

  move(id, parent, next) { this.op(Op.MOVE); this.uv(id >>> 0); this.uv(parent >>> 0); this.uv(next >>> 0); return this; }

  /** value null means the attribute was removed. */
  attribute(id, name, value) {
    this.op(Op.ATTRIBUTE); this.uv(id >>> 0); this.str(name, true);
    if (value == null) {
      this.u8(0);
    } else {
      this.u8(1);
      const v = String(value);
      this.str(v, v.length <= this.internValueMaxLength);
    }
    return this;
  }

  textChange(id, text) { this.op(Op.TEXT_CHANGE); this.uv(id >>> 0); this.str(text); return this; }

  flags(id, flags, width, height) {
    if (width !== undefined) flags |= NodeFlag.HAS_SIZE;
    this.op(Op.FLAGS); this.uv(id >>> 0); this.uv(flags >>> 0);
    if (flags & NodeFlag.HAS_SIZE) { this.size(width); this.size(height); }
    return this;
  }

  // ---- interactions ----

  input(id, text, checked = false, userTriggered = false) {
    this.op(Op.INPUT); this.uv(id >>> 0); this.u8((checked ? 1 : 0) | (userTriggered ? 2 : 0)); this.str(text);
    return this;
  }

  scroll(id, x, y) { this.op(Op.SCROLL); this.uv(id >>> 0); this.sv(x); this.sv(y); return this; }

  /**
   * @param {number} source MoveSource
   * @param {{id: number, x: number, y: number, timeOffset: number}[]} positions timeOffset in
   *   ms relative to the clock (normally <= 0)
   */
  mouseMove(source, positions) {
    this.op(Op.MOUSE_MOVE); this.uv(source); this.uv(positions.length);
    for (const p of positions) { this.uv(p.id >>> 0); this.sv(p.x); this.sv(p.y); this.sv(p.timeOffset); }
    return this;
  }

  /**
   * @param {number} type MouseInteraction
   * @param {number} id
   * @param {number} [x] omitted for focus and blur
   * @param {number} [y]
   * @param {number} [pointerType] 0 mouse, 1 pen, 2 touch
   */
  mouseInteraction(type, id, x, y, pointerType) {
    const hasPosition = x !== undefined && y !== undefined;
    const hasPointer = pointerType !== undefined && pointerType !== null;
    this.op(Op.MOUSE_INTERACTION); this.uv(type); this.uv(id >>> 0);
    this.u8((hasPosition ? 1 : 0) | (hasPointer ? 2 : 0));
    if (hasPosition) { this.sv(x); this.sv(y); }
    if (hasPointer) this.uv(pointerType);
    return this;
  }

  viewport(width, height) { this.op(Op.VIEWPORT); this.size(width); this.size(height); return this; }
}

// ---- DOM walking ----

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const COMMENT_NODE = 8;
const DOCUMENT_NODE = 9;
const DOCUMENT_TYPE_NODE = 10;
const DOCUMENT_FRAGMENT_NODE = 11;
const SVG_NS = 'http://www.w3.org/2000/svg';
const URL_ATTRIBUTES = new Set(['src', 'href', 'poster', 'action', 'background', 'data']);

function selectorText(s) {
  if (!s) return '';
  return Array.isArray(s) ? s.filter(Boolean).join(',') : String(s);
}

/** element.matches() that turns an invalid selector into "never matches" instead of throwing. */
function matcher(selector) {
  const text = selectorText(selector);
  if (!text) return null;
  let broken = false;
  return (el) => {
    if (broken) return false;
    try {
      return el.matches(text);
    } catch {
      broken = true;
      return false;
    }
  };
}

const matcherCache = new WeakMap();

// The selectors of one recorder, compiled once: writeMutations hands serializeSubtree a copy of
// its options per added subtree, which carries them along as `compiled`.
function compile(options) {
  if (options.compiled) return options.compiled;
  let c = matcherCache.get(options);
  if (!c) {
    const all = [options.maskSelector, options.unmaskSelector, options.blockSelector,
      options.unblockSelector, options.ignoreSelector].map(selectorText).filter(Boolean).join(',');
    c = {
      // Most elements match none of the selectors: one matches() call for all of them rules
      // that out (null when the union does not parse: then each is asked).
      any: all,
      mask: matcher(options.maskSelector),
      unmask: matcher(options.unmaskSelector),
      block: matcher(options.blockSelector),
      unblock: matcher(options.unblockSelector),
      ignore: matcher(options.ignoreSelector),
      blockAllMedia: options.blockAllMedia !== false,
      absoluteUrls: options.absoluteUrls !== false,
      inlineStylesheets: options.inlineStylesheets !== false,
    };
    matcherCache.set(options, c);
  }
  return c;
}

function tagOf(el) {
  // localName keeps SVG's camelCase (linearGradient) and is lowercase for HTML.
  return el.localName || String(el.tagName || '').toLowerCase();
}

/**
 * The flags JS decides for an element (selector matches, namespace, shadow host), without
 * SHADOW or HAS_SIZE. Exported for observers that re-check an element after a class change.
 */
export function elementFlags(el, options = {}) {
  const c = compile(options);
  let f = el.namespaceURI === SVG_NS ? NodeFlag.SVG : 0;
  if (mayMatch(el, c)) f |= selectorFlags(el, c);
  if (el.shadowRoot) f |= NodeFlag.SHADOW_HOST;
  return f;
}

function mayMatch(el, c) {
  if (c.any === '') return false;
  if (c.any === null) return true;
  try {
    return el.matches(c.any);
  } catch {
    c.any = null;
    return true;
  }
}

function selectorFlags(el, c) {
  let f = 0;
  if (c.mask && c.mask(el)) f |= NodeFlag.MASK;
  if (c.unmask && c.unmask(el)) f |= NodeFlag.UNMASK;
  if (c.block && c.block(el)) f |= NodeFlag.BLOCK;
  if (c.unblock && c.unblock(el)) f |= NodeFlag.UNBLOCK;
  if (c.ignore && c.ignore(el)) f |= NodeFlag.IGNORE;
  return f;
}

/** Whether the encoder will turn an element with these flags into a placeholder. */
export function isBlocked(tag, flags, options = {}) {
  if (flags & NodeFlag.UNBLOCK) return false;
  return (flags & NodeFlag.BLOCK) !== 0 || (options.blockAllMedia !== false && MEDIA_TAGS.has(tag));
}

function absolute(value, base) {
  try {
    return new URL(value, base).href;
  } catch {
    return value;
  }
}

function absoluteSrcset(value, base) {
  return value.split(',').map((part) => {
    const trimmed = part.trim();
    const space = trimmed.search(/\s/);
    if (!trimmed) return trimmed;
    const url = space < 0 ? trimmed : trimmed.slice(0, space);
    return absolute(url, base) + (space < 0 ? '' : trimmed.slice(space));
  }).join(', ');
}

/** Collects an element's attributes, with live form state, as a flat [name, value] list. */
function collectAttributes(el, tag, c, out) {
  out.length = 0;
  // Names and values as strings, not el.attributes: reading that makes an Attr node and a
  // NamedNodeMap per element, which the element then keeps (with their JS wrappers) as long as
  // it lives.
  const names = el.getAttributeNames();
  let valueAt = -1;
  let checkedAt = -1;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    // getAttribute lowercases the name on HTML elements: a mixed-case one set with
    // setAttributeNS is read by position instead (same order as the names).
    let value = el.getAttribute(name) ?? el.attributes[i].value;
    if (value && c.absoluteUrls && (URL_ATTRIBUTES.has(name) || name === 'srcset')) value = urlValue(el, name, value);
    if (name === 'value') valueAt = out.length;
    if (name === 'checked') checkedAt = out.length;
    out.push(name, value);
  }
  if (LIVE_STATE_TAGS.has(tag)) liveState(el, tag, c, out, valueAt, checkedAt);
  return out;
}

// Kept out of collectAttributes, whose loop runs for every element: what only some need.
function urlValue(el, name, value) {
  const base = el.baseURI || (el.ownerDocument && el.ownerDocument.baseURI);
  if (!base) return value;
  if (name === 'srcset') return absoluteSrcset(value, base);
  if (value.startsWith('#') || /^(data|javascript|blob|mailto|tel):/i.test(value)) return value;
  return absolute(value, base);
}

const LIVE_STATE_TAGS = new Set(['input', 'textarea', 'select', 'option', 'link']);

// What the user typed lives in properties, not attributes; a stylesheet's rules in its sheet.
function liveState(el, tag, c, out, valueAt, checkedAt) {
  if (tag === 'input' || tag === 'textarea' || tag === 'select') {
    const type = String(el.type || '').toLowerCase();
    if (type === 'checkbox' || type === 'radio') {
      if (el.checked && checkedAt < 0) out.push('checked', '');
      else if (!el.checked && checkedAt >= 0) out.splice(checkedAt, 2);
    } else if (typeof el.value === 'string' && el.value !== '') {
      if (valueAt >= 0) out[valueAt + 1] = el.value;
      else out.push('value', el.value);
    }
  } else if (tag === 'option' && el.selected && !out.includes('selected')) {
    out.push('selected', '');
  } else if (tag === 'link' && c.inlineStylesheets && el.sheet) {
    // The player cannot fetch the page's stylesheets; rrweb inlines them as _cssText.
    try {
      const rules = el.sheet.cssRules;
      if (rules) {
        let css = '';
        for (let i = 0; i < rules.length; i++) css += rules[i].cssText;
        out.push('_cssText', css);
      }
    } catch {
      // Cross-origin sheets refuse cssRules; the href stays.
    }
  }
}

/**
 * Writes node records for `root` and everything below it, in document order, without
 * recursion (a 100,000-deep page does not overflow the JS stack). Children of blocked elements
 * and of textareas (whose value is sent as an attribute) are skipped; shadow roots' children
 * follow the light ones, flagged SHADOW; same-origin iframes' documents are not entered.
 *
 * @param {Node} root a document, element, text, comment, CDATA or doctype node
 * @param {(node: Node) => number} idOf the id of a node, assigned on first sight
 * @param {RecordWriter} writer
 * @param {object} [options]
 * @param {number} [options.parentId] where root goes (0 for a document)
 * @param {number} [options.nextId] root's next sibling (0 appends)
 * @param {boolean} [options.shadow] root is a child of a shadow root
 * @param {string|string[]} [options.maskSelector]
 * @param {string|string[]} [options.unmaskSelector]
 * @param {string|string[]} [options.blockSelector]
 * @param {string|string[]} [options.unblockSelector]
 * @param {string|string[]} [options.ignoreSelector]
 * @param {boolean} [options.blockAllMedia] default true; placeholders get their size measured
 * @param {boolean} [options.absoluteUrls] default true: src/href/srcset made absolute
 * @param {boolean} [options.inlineStylesheets] default true: same-origin <link> CSS inlined
 * @param {WeakMap<Element, number>} [options.flagCache] filled with the flags of each element
 *   that has any (absent means 0), so a later attribute change can tell whether a selector now
 *   matches differently
 * @returns {number} how many nodes were written
 */
export function serializeSubtree(root, idOf, writer, options = {}) {
  const c = compile(options);
  const flagCache = options.flagCache;
  const nodes = [root];
  const parents = [options.parentId >>> 0 || 0];
  const shadows = [options.shadow ? 1 : 0];
  const attrs = [];
  let written = 0;
  let first = true;
  while (nodes.length) {
    const node = nodes.pop();
    const parent = parents.pop();
    const shadowFlag = shadows.pop() ? NodeFlag.SHADOW : 0;
    const next = first ? options.nextId >>> 0 || 0 : 0;
    first = false;
    const type = node.nodeType;
    let descend = false;
    let id = 0;
    if (type === ELEMENT_NODE) {
      id = idOf(node);
      descend = writeElement(node, id, parent, next, shadowFlag, writer, options, c, flagCache, attrs);
    } else if (type === TEXT_NODE) {
      id = idOf(node);
      // The encoder replaces script text anyway; do not carry it across.
      const p = node.parentNode;
      const inScript = p && p.nodeType === ELEMENT_NODE && tagOf(p) === 'script';
      writer.text(id, parent, next, shadowFlag, inScript ? '' : node.data);
    } else if (type === DOCUMENT_NODE || type === DOCUMENT_TYPE_NODE || type === CDATA_SECTION_NODE || type === COMMENT_NODE) {
      id = idOf(node);
      descend = writeOther(node, id, parent, next, shadowFlag, writer);
    } else {
      continue; // processing instructions, fragments: nothing the player shows
    }
    written++;
    if (!descend) continue;
    // Pushed last-to-first so they pop in document order; shadow children after light ones.
    const shadowRoot = node.nodeType === ELEMENT_NODE ? node.shadowRoot : null;
    if (shadowRoot) {
      for (let ch = shadowRoot.lastChild; ch; ch = ch.previousSibling) {
        nodes.push(ch); parents.push(id); shadows.push(1);
      }
    }
    for (let ch = node.lastChild; ch; ch = ch.previousSibling) {
      nodes.push(ch); parents.push(id); shadows.push(0);
    }
  }
  return written;
}

// An element's record; whether its children follow (not a blocked element's, nor a textarea's,
// whose text is its value).
function writeElement(node, id, parent, next, shadowFlag, writer, options, c, flagCache, attrs) {
  const tag = tagOf(node);
  const flags = elementFlags(node, options);
  // Only elements with flags are kept: on most pages that is few of them, and a missing entry
  // reads as 0 (every element with an id was written here).
  if (flagCache) flags ? flagCache.set(node, flags) : flagCache.delete(node);
  collectAttributes(node, tag, c, attrs);
  if (isBlocked(tag, flags, options)) {
    const rect = typeof node.getBoundingClientRect === 'function'
      ? node.getBoundingClientRect() : { width: 0, height: 0 };
    writer.element(id, parent, next, flags | shadowFlag, tag, attrs, rect.width, rect.height);
    return false;
  }
  writer.element(id, parent, next, flags | shadowFlag, tag, attrs);
  return tag !== 'textarea';
}

// The node types a page has few of (kept out of serializeSubtree's loop, which V8 compiles
// whole); whether children follow.
function writeOther(node, id, parent, next, shadowFlag, writer) {
  switch (node.nodeType) {
    case DOCUMENT_NODE:
      writer.document(id);
      return true;
    case DOCUMENT_TYPE_NODE:
      writer.doctype(id, parent, next, node.name || '', node.publicId || '', node.systemId || '');
      return false;
    case CDATA_SECTION_NODE:
      writer.cdata(id, parent, next, shadowFlag);
      return false;
    default:
      writer.comment(id, parent, next, shadowFlag, node.data);
      return false;
  }
}

/** The parent the encoder knows: a shadow root's host, with the shadow flag. */
function placeOf(node) {
  const p = node.parentNode;
  if (!p) return null;
  if (p.nodeType === DOCUMENT_FRAGMENT_NODE) return p.host ? { parent: p.host, shadow: true } : null;
  return { parent: p, shadow: false };
}

function isConnected(node) {
  if (typeof node.isConnected === 'boolean') return node.isConnected;
  for (let n = node; n; n = n.parentNode || n.host) if (n.nodeType === DOCUMENT_NODE) return true;
  return false;
}

/**
 * Whether a childList record swapped one text node for another in the same place (what
 * textContent, innerText, replaceChild and replaceChildren do to an element holding one text
 * node), with the new node still there and the old one nowhere: the player's old text node,
 * given the new text, is then the same DOM as the page's.
 */
function replacesText(r, ids) {
  if (r.removedNodes.length !== 1 || r.addedNodes.length !== 1) return false;
  const old = r.removedNodes[0];
  const now = r.addedNodes[0];
  if (old.nodeType !== TEXT_NODE || now.nodeType !== TEXT_NODE) return false;
  if (old.parentNode || now.parentNode !== r.target || ids.peek(now) || !ids.peek(old)) return false;
  if (now.previousSibling !== r.previousSibling || now.nextSibling !== r.nextSibling) return false;
  // Script text is never sent (the encoder writes a placeholder); leave it to the plain path.
  return !(r.target.nodeType === ELEMENT_NODE && tagOf(r.target) === 'script');
}

/**
 * Turns one MutationObserver callback's records into mutation records, read at callback time
 * (as rrweb does): removals as reported, then each added subtree still in the page at its
 * current place, written so that every next sibling is already known, then attribute and text
 * changes. Deduplication (added-then-removed, moves, folding) happens in the encoder.
 *
 * @param {MutationRecord[]} records
 * @param {{idOf: (node: Node) => number, peek: (node: Node) => number,
 *   adopt?: (node: Node, old: Node) => void}} ids idOf assigns, peek returns 0 for a node that
 *   has no id, adopt (optional) gives node old's id and takes it from old, which then counts as
 *   never seen; without it a replaced text node is a remove and an add
 * @param {RecordWriter} writer
 * @param {object} [options] as for serializeSubtree; pass the same flagCache to both
 */
export function writeMutations(records, ids, writer, options = {}) {
  if (!options.compiled) options = { ...options, compiled: compile(options) };
  // Indexed loops and forEach rather than for-of: this runs for every observer callback, and
  // each for-of's iterator protocol made its code (kept by V8 while it stays hot) much larger.
  const added = new Set();
  const attributeTargets = new Map();
  const textTargets = new Set();
  for (let k = 0; k < records.length; k++) {
    const r = records[k];
    if (r.type === 'childList') {
      if (ids.adopt && replacesText(r, ids)) {
        // el.textContent = '...' on an element holding one text node: the new node takes the
        // old one's id and place, and goes as a text change instead of a remove and an add.
        ids.adopt(r.addedNodes[0], r.removedNodes[0]);
        textTargets.add(r.addedNodes[0]);
        continue;
      }
      const place = placeOf({ parentNode: r.target });
      const pid = place ? ids.peek(place.parent) : 0;
      const removed = r.removedNodes;
      for (let i = 0; i < removed.length; i++) {
        const id = ids.peek(removed[i]);
        if (id && pid) writer.remove(id, pid);
        added.delete(removed[i]);
      }
      const adds = r.addedNodes;
      for (let i = 0; i < adds.length; i++) added.add(adds[i]);
    } else if (r.type === 'attributes') {
      let names = attributeTargets.get(r.target);
      if (!names) attributeTargets.set(r.target, (names = new Set()));
      names.add(r.attributeName);
    } else if (r.type === 'characterData') {
      textTargets.add(r.target);
    }
  }
  const done = new Set();
  if (added.size) writeAdded(added, ids, writer, options, done);
  attributeTargets.forEach((names, el) => writeAttributes(el, names, ids, writer, options, done));
  textTargets.forEach((t) => {
    const id = ids.peek(t);
    if (!id) return;
    const p = t.parentNode;
    const inScript = p && p.nodeType === ELEMENT_NODE && tagOf(p) === 'script';
    writer.textChange(id, inScript ? '' : t.data);
  });
}

// The subtrees to write: added nodes still in the page, not inside another added node, each at
// its current place; `done` gets every root written.
function writeAdded(added, ids, writer, options, done) {
  const roots = new Set();
  added.forEach((n) => {
    if (!isConnected(n)) return;
    for (let a = n.parentNode; a; a = a.parentNode || a.host) if (added.has(a)) return;
    roots.add(n);
  });
  roots.forEach((n) => {
    if (done.has(n)) return;
    // Consecutive added siblings go last-first, so each one's next sibling already has an id.
    const run = [n];
    for (let s = n.nextSibling; s && roots.has(s) && !done.has(s); s = s.nextSibling) run.push(s);
    for (let i = run.length - 1; i >= 0; i--) {
      const node = run[i];
      done.add(node);
      const place = placeOf(node);
      const pid = place && ids.peek(place.parent);
      if (!pid) continue; // inside something never serialized (a blocked element, say)
      let next = 0;
      for (let s = node.nextSibling; s && !next; s = s.nextSibling) next = ids.peek(s);
      serializeSubtree(node, ids.idOf, writer,
        { ...options, parentId: pid, nextId: next, shadow: place.shadow });
    }
  });
}

// An element's changed attributes, then its flags if a selector now matches it differently.
function writeAttributes(el, names, ids, writer, options, done) {
  const id = ids.peek(el);
  if (!id || done.has(el)) return;
  names.forEach((name) => writer.attribute(id, name, el.getAttribute(name)));
  if (!options.flagCache) return;
  // A class or id change can make a selector match differently.
  const before = options.flagCache.get(el) ?? 0;
  const tag = tagOf(el);
  const flags = elementFlags(el, options);
  if (before === flags) return;
  flags ? options.flagCache.set(el, flags) : options.flagCache.delete(el);
  const place = placeOf(el);
  const shadow = place && place.shadow ? NodeFlag.SHADOW : 0;
  if (isBlocked(tag, before, options) && !isBlocked(tag, flags, options)) {
    // Its children were never sent: write the element again, whole.
    const pid = place && ids.peek(place.parent);
    let next = 0;
    for (let s = el.nextSibling; s && !next; s = s.nextSibling) next = ids.peek(s);
    if (pid) serializeSubtree(el, ids.idOf, writer, { ...options, parentId: pid, nextId: next, shadow: !!shadow });
  } else if (isBlocked(tag, flags, options)) {
    const rect = typeof el.getBoundingClientRect === 'function' ? el.getBoundingClientRect() : { width: 0, height: 0 };
    writer.flags(id, flags | shadow, rect.width, rect.height);
  } else {
    writer.flags(id, flags | shadow);
  }
}
