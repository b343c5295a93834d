// Turns console arguments into JSON-safe values of bounded size: breadcrumbs are serialized
// later and kept in a ring, so cycles, DOM nodes and huge objects must not travel as they are.
import { elementSelector } from './html-selector.js';

const MAX_DEPTH = 3;
const MAX_BREADTH = 50;
const MAX_STRING = 1000;

function cut(text) {
  return text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}…` : text;
}

function plain(value, depth, seen) {
  switch (typeof value) {
    case 'string': return cut(value);
    case 'boolean': return value;
    case 'number': return Number.isFinite(value) ? value : `[${value}]`;
    case 'undefined': return '[undefined]';
    case 'bigint': return `[BigInt: ${value}]`;
    case 'symbol': return `[${String(value)}]`;
    case 'function': return `[Function: ${value.name || '<anonymous>'}]`;
    default: break;
  }
  if (value === null) return null;
  if (value instanceof Error) return { name: value.name, message: cut(String(value.message)) };
  if (typeof Node !== 'undefined' && value instanceof Node) {
    return value.nodeType === 1 ? `[HTMLElement: ${elementSelector(value)}]` : `[${value.nodeName}]`;
  }
  if (typeof Window !== 'undefined' && value instanceof Window) return '[Window]';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '[Invalid Date]' : value.toISOString();
  if (seen.includes(value)) return '[Circular ~]';
  const isArray = Array.isArray(value);
  if (depth >= MAX_DEPTH) return isArray ? '[Array]' : '[Object]';
  seen.push(value);
  let out;
  if (isArray) {
    out = value.slice(0, MAX_BREADTH).map((v) => plain(v, depth + 1, seen));
    if (value.length > MAX_BREADTH) out.push('[MaxProperties ~]');
  } else {
    out = {};
    let n = 0;
    for (const key of Object.keys(value)) {
      if (n++ >= MAX_BREADTH) {
        out[key] = '[MaxProperties ~]';
        break;
      }
      let v;
      try {
        v = value[key];
      } catch {
        v = '[Thrown on access]';
      }
      out[key] = plain(v, depth + 1, seen);
    }
  }
  seen.pop();
  return out;
}

/**
 * A JSON-safe copy of `value`: depth 3, 50 members per level, strings cut at 1000 characters,
 * cycles as '[Circular ~]', elements as their selector.
 * @param {unknown} value
 * @returns {unknown}
 */
export function toPlain(value) {
  try {
    return plain(value, 0, []);
  } catch {
    return '[unserializable]';
  }
}

/**
 * One line of text for console arguments, the way a console shows them side by side.
 * @param {unknown[]} args
 */
export function joinArgs(args) {
  return args.map((arg) => {
    if (typeof arg === 'string') return cut(arg);
    const p = toPlain(arg);
    if (typeof p === 'string') return p;
    try {
      return JSON.stringify(p);
    } catch {
      return String(p);
    }
  }).join(' ');
}
