// Every envelope the receiver stored, read back from disk by Sentry's own parser.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readEnvelope } from '../../js/helpers/envelope.js';

/**
 * @param {{ dir: string }} receiver
 * @returns {Promise<Array<{ headers: object, items: Array<[object, any]> }>>}
 */
export async function sentryParsedEnvelopes(receiver) {
  let index = '';
  try {
    index = await readFile(path.join(receiver.dir, 'index.jsonl'), 'utf8');
  } catch {
    return [];
  }
  const out = [];
  for (const line of index.split('\n').filter(Boolean)) {
    const entry = JSON.parse(line);
    const body = await readFile(path.join(receiver.dir, entry.file));
    const [headers, items] = readEnvelope(new Uint8Array(body));
    out.push({ headers, items });
  }
  return out;
}

/** Items of one type across all stored envelopes, as [itemHeader, payload] pairs. */
export async function sentryItems(receiver, type) {
  return (await sentryParsedEnvelopes(receiver)).flatMap((e) => e.items.filter(([h]) => h.type === type));
}
