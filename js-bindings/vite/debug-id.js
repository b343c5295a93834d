// Debug ids as Sentry reads them: a UUID per emitted file, derived from its content so that
// the same build gives the same ids (an unchanged file keeps its id across deploys), and the
// snippet that registers it when the file runs.
import { createHash } from 'node:crypto';

/**
 * @param {string|Uint8Array} content the file's code
 * @returns {string} a version-4-shaped UUID taken from the SHA-256 of the content
 */
export function debugIdFor(content) {
  const bytes = createHash('sha256').update(content).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One line of JavaScript that records `{ [stack of a new Error]: id }` in
 * `globalThis._vigilDebugIds` when the file runs: the stack holds the file's URL, which is
 * how the SDK learns which id belongs to which URL. It never throws.
 * @param {string} id
 * @returns {string}
 */
export function registrationSnippet(id) {
  return `!function(){try{var g=typeof globalThis!=="undefined"?globalThis:self,s=new g.Error().stack;`
    + `if(s)(g._vigilDebugIds=g._vigilDebugIds||{})[s]=${JSON.stringify(id)}}catch(e){}}();`;
}
