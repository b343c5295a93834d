import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import { decodeReplayRecording, isZlib } from '../../npm/receiver/replay.js';
import { REPLAY_ID, makeEnvelope, postEnvelope, startTestReceiver } from './receiver-helpers.js';

const EVENTS = [
  { type: 4, timestamp: 1, data: { href: 'http://app.test/', width: 800, height: 600 } },
  { type: 2, timestamp: 2, data: { node: { id: 1, type: 0, childNodes: [] } } },
];

function recording(segmentId, events, compress) {
  const json = Buffer.from(JSON.stringify(events));
  return Buffer.concat([Buffer.from(`{"segment_id":${segmentId}}\n`), compress ? zlib.deflateSync(json) : json]);
}

function replayEnvelope(segmentId, compress) {
  return makeEnvelope({ event_id: REPLAY_ID, sent_at: '2023-11-14T22:13:20Z' }, [
    { headers: { type: 'replay_event' },
      payload: { type: 'replay_event', replay_id: REPLAY_ID, segment_id: segmentId } },
    { headers: { type: 'replay_recording' }, payload: recording(segmentId, EVENTS, compress) },
  ]);
}

describe('receiver replay recordings', () => {
  it('recognises zlib headers', () => {
    assert.ok(isZlib(zlib.deflateSync(Buffer.from('x'))));
    assert.ok(!isZlib(Buffer.from('[{"type":4}]')));
    assert.ok(!isZlib(zlib.gzipSync(Buffer.from('x'))));
  });

  it('decodes zlib-compressed and plain recordings and stores the events', async (t) => {
    const receiver = await startTestReceiver(t);
    assert.equal((await postEnvelope(receiver, replayEnvelope(0, true))).status, 200);
    assert.equal((await postEnvelope(receiver, replayEnvelope(1, false))).status, 200);

    const records = await receiver.envelopes({ type: 'replay_recording' });
    const items = records.map((r) => r.items[1]);
    assert.deepEqual(items.map((i) => [i.payload_encoding, i.compressed, i.payload.segment_id]),
      [['replay', true, 0], ['replay', false, 1]]);
    assert.deepEqual(items[0].payload.events, EVENTS);

    const stored = JSON.parse(await readFile(path.join(receiver.dir, 'replays', REPLAY_ID, 'segment-0.json'), 'utf8'));
    assert.deepEqual(stored, EVENTS);
    const api = await (await fetch(`${receiver.url}/__vigil/replays/${REPLAY_ID}`)).json();
    assert.deepEqual(api.segments.map((s) => s.segment_id), [0, 1]);
    assert.deepEqual(api.segments[1].events, EVENTS);
  });

  it('lists replay ids and links each to its player page', async (t) => {
    const receiver = await startTestReceiver(t);
    await postEnvelope(receiver, replayEnvelope(0, true));
    const page = await (await fetch(`${receiver.url}/`)).text();
    assert.ok(page.includes(`/replays/${REPLAY_ID}`));
    const res = await fetch(`${receiver.url}/replays/${REPLAY_ID}`);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /segment-count">1</);
    assert.match(text, /\/__vigil\/assets\/rrweb\.js/);
  });

  it('keeps a bad recording with an error instead of refusing the envelope', async (t) => {
    const receiver = await startTestReceiver(t);
    const env = makeEnvelope({ event_id: REPLAY_ID }, [
      { headers: { type: 'replay_recording' }, payload: Buffer.concat([Buffer.from('{"segment_id":0}\n'), Buffer.from([0x78, 0x9c, 1, 2, 3])]) },
    ]);
    assert.equal((await postEnvelope(receiver, env)).status, 200);
    const [record] = await receiver.envelopes();
    assert.match(record.items[0].error, /zlib/);
    assert.throws(() => decodeReplayRecording(Buffer.from('no header'), { maxDecompressedBytes: 10 }), /segment_id/);
  });

  it('answers 413 when a recording inflates past its limit', async (t) => {
    const receiver = await startTestReceiver(t, { limits: { maxReplayDecompressedBytes: 1024 * 1024 } });
    const big = Buffer.concat([Buffer.from('{"segment_id":0}\n'), zlib.deflateSync(Buffer.alloc(16 * 1024 * 1024, 0x20))]);
    const env = makeEnvelope({ event_id: REPLAY_ID }, [{ headers: { type: 'replay_recording' }, payload: big }]);
    const res = await postEnvelope(receiver, env);
    assert.equal(res.status, 413);
    assert.equal((await receiver.envelopes()).length, 0);
  });
});
