// What the replay tests share: rrweb's player script, playing events to their end in a page,
// reading the replayed document, and the segments the receiver stored for a replay.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from '../harness.js';

/** rrweb's UMD build, to inject into player pages. */
export function readRrwebSource() {
  return readFile(path.join(ROOT, 'node_modules/rrweb/dist/rrweb.umd.cjs'), 'utf8');
}

/**
 * Makes `page` a player, replays `events` to their last one and returns the Replayer's warnings.
 * @param {import('playwright-core').Page} page
 * @param {string} rrwebSource
 * @param {object[]} events
 * @returns {Promise<string[]>}
 */
export async function replayToEnd(page, rrwebSource, events) {
  await page.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
  await page.addScriptTag({ content: rrwebSource });
  return page.evaluate((evs) => {
    const warnings = [];
    const replayer = new window.rrweb.Replayer(evs, {
      root: document.getElementById('root'),
      showWarning: true,
      logger: { warn: (...a) => warnings.push(a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ')), log() {} },
    });
    replayer.pause(evs[evs.length - 1].timestamp - evs[0].timestamp + 1);
    return warnings;
  }, events);
}

/** Runs `fn(doc, arg)` on the replayed document (the player's iframe) and returns its result. */
export function inReplay(page, fn, arg) {
  return page.evaluate(([source, a]) => {
    const doc = document.querySelector('iframe').contentDocument;
    // eslint-disable-next-line no-new-func
    return new Function('doc', 'arg', `return (${source})(doc, arg);`)(doc, a);
  }, [fn.toString(), arg]);
}

/** The segments the receiver stored for a replay, decompressed: [{segment_id, events}, ...]. */
export async function replaySegments(receiver, replayId) {
  const res = await fetch(`${receiver.url}/__vigil/replays/${replayId}`);
  if (res.status === 404) return [];
  assert.equal(res.status, 200);
  return (await res.json()).segments;
}
