// Turns any JavaScript value into JSON text the core can read, touching each object at most once
// and never throwing: cycles, throwing getters, BigInts, symbols, DOM nodes and huge graphs all
// come out as markers. Only what needs the live object happens here; the core then applies the
// exact depth, breadth and string-length rules to the result.

const CIRCULAR = '[Circular ~]';
const MAX_PROPERTIES = '[MaxProperties ~]';

/**
 * @param {unknown} value
 * @param {{ depth?: number, breadth?: number }} [limits] walk bounds; one level and one member
 *   beyond them are kept so the core can still mark what it cuts.
 * @returns {string} JSON text
 */
export function toSafeJson(value, { depth = 3, breadth = 1000 } = {}) {
  try {
    return JSON.stringify(walk(value, depth + 1, breadth + 1, [])) ?? 'null';
  } catch (error) {
    return JSON.stringify(`[Unserializable: ${errorMessage(error)}]`);
  }
}

function walk(value, depthLeft, breadth, ancestors) {
  switch (typeof value) {
    case 'string': return value;
    case 'number': return Number.isFinite(value) ? value : `[${value}]`;
    case 'boolean': return value;
    case 'undefined': return '[undefined]';
    case 'bigint': return `[BigInt: ${value}]`;
    case 'symbol': return `[${String(value)}]`;
    case 'function': return `[Function: ${value.name || '<anonymous>'}]`;
    default: break;
  }
  if (value === null) return null;
  const special = describeSpecial(value);
  if (special !== undefined) return special;
  if (ancestors.includes(value)) return CIRCULAR;
  if (depthLeft <= 0) return Array.isArray(value) ? '[Array]' : `[${className(value) || 'Object'}]`;

  const toJSON = safeGet(value, 'toJSON');
  if (typeof toJSON === 'function' && !(value instanceof Error)) {
    try {
      return walk(toJSON.call(value), depthLeft, breadth, ancestors);
    } catch (error) {
      return `[Throws: ${errorMessage(error)}]`;
    }
  }

  ancestors.push(value);
  try {
    if (Array.isArray(value)) {
      const out = [];
      const n = Math.min(value.length, breadth);
      for (let i = 0; i < n; i++) out.push(readMember(value, i, depthLeft, breadth, ancestors));
      if (value.length > breadth) out.push(MAX_PROPERTIES);
      return out;
    }
    const out = {};
    if (value instanceof Error) {
      // name, message and stack are not own enumerable properties but are what matters.
      for (const key of ['name', 'message', 'stack']) {
        const v = safeGet(value, key);
        if (v !== undefined) out[key] = typeof v === 'string' ? v : walk(v, depthLeft - 1, breadth, ancestors);
      }
    }
    let keys;
    try {
      keys = Object.keys(value);
    } catch (error) {
      return `[Throws: ${errorMessage(error)}]`;
    }
    let count = 0;
    for (const key of keys) {
      if (count++ >= breadth) {
        out[MAX_PROPERTIES] = MAX_PROPERTIES;
        break;
      }
      out[key] = readMember(value, key, depthLeft, breadth, ancestors);
    }
    return out;
  } finally {
    ancestors.pop();
  }
}

function readMember(container, key, depthLeft, breadth, ancestors) {
  let v;
  try {
    v = container[key];
  } catch (error) {
    return `[Throws: ${errorMessage(error)}]`;
  }
  return walk(v, depthLeft - 1, breadth, ancestors);
}

function describeSpecial(value) {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '[Invalid Date]' : value.toISOString();
  if (value instanceof RegExp) return String(value);
  if (typeof Node !== 'undefined' && value instanceof Node) return `[${domDescription(value)}]`;
  if (typeof window !== 'undefined' && value === window) return '[Window]';
  if (typeof Event !== 'undefined' && value instanceof Event) {
    return { type: value.type, target: describeSpecial(value.target) ?? String(value.target), isTrusted: value.isTrusted };
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return `[${className(value)}(${value.length})]`;
  if (value instanceof ArrayBuffer) return `[ArrayBuffer(${value.byteLength})]`;
  if (value instanceof Map) return { '[Map]': Array.from(value.entries()).slice(0, 100).map(([k, v]) => [String(k), typeof v === 'object' ? `[${className(v) || 'Object'}]` : v]) };
  if (value instanceof Set) return { '[Set]': Array.from(value.values()).slice(0, 100).map((v) => (typeof v === 'object' ? `[${className(v) || 'Object'}]` : v)) };
  if (typeof Promise !== 'undefined' && value instanceof Promise) return '[Promise]';
  if (typeof WeakMap !== 'undefined' && (value instanceof WeakMap || value instanceof WeakSet)) return `[${className(value)}]`;
  return undefined;
}

function domDescription(node) {
  if (node.nodeType === 1) {
    const el = /** @type {Element} */ (node);
    return `HTMLElement: ${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}`;
  }
  return `${node.nodeName}`;
}

function className(value) {
  try {
    const proto = Object.getPrototypeOf(value);
    const name = proto && proto.constructor && proto.constructor.name;
    return name && name !== 'Object' ? name : '';
  } catch {
    return '';
  }
}

function safeGet(obj, key) {
  try {
    return obj[key];
  } catch {
    return undefined;
  }
}

/** The message of anything thrown, never throwing itself. */
export function errorMessage(error) {
  try {
    if (error && typeof error.message === 'string') return error.message;
    return String(error);
  } catch {
    return 'unknown error';
  }
}
