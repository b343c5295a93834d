import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import { EVENT_ID, REPLAY_ID, makeEnvelope, postEnvelope, startTestReceiver } from './receiver-helpers.js';

const EVENTS = [
  { type: 4, timestamp: 1_000, data: { href: 'http://app.test/', width: 800, height: 600 } },
  { type: 2, timestamp: 1_010, data: { node: { id: 1, type: 0, childNodes: [
    { id: 2, type: 2, tagName: 'html', attributes: {}, childNodes: [
      { id: 3, type: 2, tagName: 'body', attributes: {}, childNodes: [{ id: 4, type: 3, textContent: 'hello' }] },
    ] },
  ] }, initialOffset: { top: 0, left: 0 } } },
  { type: 3, timestamp: 3_500, data: { source: 1, positions: [{ x: 1, y: 1, id: 4, timeOffset: 0 }] } },
];

function replayEnvelope(segmentId, events) {
  const json = Buffer.from(JSON.stringify(events));
  return makeEnvelope({ event_id: REPLAY_ID, sent_at: '2023-11-14T22:13:20Z' }, [
    { headers: { type: 'replay_event' }, payload: { type: 'replay_event', replay_id: REPLAY_ID,
      segment_id: segmentId, error_ids: [EVENT_ID] } },
    { headers: { type: 'replay_recording' },
      payload: Buffer.concat([Buffer.from(`{"segment_id":${segmentId}}\n`), zlib.deflateSync(json)]) },
  ]);
}

describe('receiver replay player', () => {
  it('serves a player page for a stored replay', async (t) => {
    const receiver = await startTestReceiver(t);
    assert.equal((await postEnvelope(receiver, replayEnvelope(0, EVENTS.slice(0, 2)))).status, 200);
    assert.equal((await postEnvelope(receiver, replayEnvelope(1, EVENTS.slice(2)))).status, 200);

    const res = await fetch(`${receiver.url}/replays/${REPLAY_ID}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    assert.match(res.headers.get('content-security-policy'), /script-src 'self'/);
    const page = await res.text();
    assert.ok(page.includes(REPLAY_ID));
    assert.ok(page.includes('src="/__vigil/assets/rrweb.js"'));
    assert.ok(page.includes('src="/__vigil/assets/player.js"'));
    assert.ok(page.includes('href="/__vigil/assets/rrweb.css"'));
    assert.match(page, /<span id="segment-count">2<\/span> segment/);
    assert.match(page, /<span id="duration">2\.5<\/span> s/);
    assert.ok(page.includes(`href="/#event-${EVENT_ID}"`));
    assert.ok(!/<script>/.test(page), 'no inline scripts');

    const index = await (await fetch(`${receiver.url}/`)).text();
    assert.ok(index.includes(`/replays/${REPLAY_ID}`));
  });

  it('serves rrweb and the player script as JavaScript and the CSS as CSS', async (t) => {
    const receiver = await startTestReceiver(t);
    const js = await fetch(`${receiver.url}/__vigil/assets/rrweb.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type'), /^text\/javascript/);
    assert.match(await js.text(), /Replayer/);
    const player = await fetch(`${receiver.url}/__vigil/assets/player.js`);
    assert.equal(player.status, 200);
    assert.match(player.headers.get('content-type'), /^text\/javascript/);
    assert.match(await player.text(), /rrweb\.Replayer/);
    const css = await fetch(`${receiver.url}/__vigil/assets/rrweb.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type'), /^text\/css/);
    assert.equal((await fetch(`${receiver.url}/__vigil/assets/..%2Fpackage.json`)).status, 404);
    assert.equal((await fetch(`${receiver.url}/__vigil/assets/nope.js`)).status, 404);
  });

  it('answers 404 with a clear message for unknown ids and escapes the id', async (t) => {
    const receiver = await startTestReceiver(t);
    const unknown = await fetch(`${receiver.url}/replays/ffffffffffffffffffffffffffffffff`);
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /Replay not found/);

    const evil = await fetch(`${receiver.url}/replays/${encodeURIComponent('<script>alert(1)</script>')}`);
    assert.equal(evil.status, 404);
    const text = await evil.text();
    assert.ok(!text.includes('<script>alert(1)'));
    assert.ok(text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  });
});
