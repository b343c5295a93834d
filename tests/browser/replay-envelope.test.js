// The replay envelope pieces without a browser: framing with binary payloads (read back by
// Sentry's parser, which checks each item's length), the zlib layer, the ingest URL and the
// session record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { frameEnvelope, recordingPayload, segmentEnvelope, envelopeUrl, deflate } from '../../js-bindings/replay/replay-envelope.js';
import { createSession, isExpired, IDLE_EXPIRY_MS, MAX_DURATION_MS } from '../../js-bindings/replay/replay-session.js';
import { readEnvelope } from '../js/helpers/envelope.js';

test('frameEnvelope counts bytes, not characters, and keeps binary payloads intact', () => {
  const binary = new Uint8Array([0, 10, 255, 10, 13, 0x7b]);
  const body = frameEnvelope({ event_id: 'a'.repeat(32) }, [
    [{ type: 'replay_event' }, JSON.stringify({ text: 'grüße ✓' })],
    [{ type: 'replay_recording' }, binary],
  ]);
  const [headers, items] = readEnvelope(body);
  assert.equal(headers.event_id, 'a'.repeat(32));
  assert.deepEqual(items[0], [{ type: 'replay_event', length: Buffer.byteLength('{"text":"grüße ✓"}') }, { text: 'grüße ✓' }]);
  assert.equal(items[1][0].length, binary.length);
  assert.deepEqual([...items[1][1]], [...binary]);
});

test('segmentEnvelope: the recording is the segment line then zlib JSON; plain when asked', async () => {
  const events = [{ type: 4, data: { href: 'https://x.test/', width: 1, height: 2 }, timestamp: 1 }];
  const replayEvent = { type: 'replay_event', replay_id: 'b'.repeat(32), segment_id: 3 };
  const sdk = { name: 'sentry.javascript.vigil', version: '0.1.0' };
  const zipped = await segmentEnvelope({ replayEvent, segmentId: 3, events, compress: true, sdk });
  const [headers, items] = readEnvelope(zipped);
  assert.equal(headers.event_id, 'b'.repeat(32));
  assert.deepEqual(headers.sdk, sdk);
  assert.deepEqual(items.map(([h]) => h.type), ['replay_event', 'replay_recording']);
  const payload = Buffer.from(items[1][1]);
  const newline = payload.indexOf(10);
  assert.deepEqual(JSON.parse(payload.subarray(0, newline).toString()), { segment_id: 3 });
  assert.deepEqual(JSON.parse(inflateSync(payload.subarray(newline + 1)).toString()), events);

  const plain = segmentEnvelope({ replayEvent, segmentId: 3, events, compress: false, sdk, dsn: 'https://k@h/1' });
  assert.ok(plain instanceof Uint8Array, 'built at once, for page hide');
  const [plainHeaders, plainItems] = readEnvelope(plain);
  assert.equal(plainHeaders.dsn, 'https://k@h/1');
  assert.equal(Buffer.from(plainItems[1][1]).toString(), `{"segment_id":3}\n${JSON.stringify(events)}`);
  assert.deepEqual([...recordingPayload(0, new Uint8Array([1]))], [...Buffer.from('{"segment_id":0}\n\x01')]);
  assert.ok((await deflate(new Uint8Array(0))) instanceof Uint8Array);
});

test('envelopeUrl is the core\'s URL shape, or the tunnel', () => {
  assert.equal(envelopeUrl('https://pub@o1.ingest.example.io/sub/42', undefined, 'sentry.javascript.vigil/0.1.0'),
    'https://o1.ingest.example.io/sub/api/42/envelope/?sentry_version=7&sentry_key=pub&sentry_client=sentry.javascript.vigil%2F0.1.0');
  assert.equal(envelopeUrl('http://k@127.0.0.1:9000/7', '', 'c'), 'http://127.0.0.1:9000/api/7/envelope/?sentry_version=7&sentry_key=k&sentry_client=c');
  assert.equal(envelopeUrl('https://k@h/1', '/tunnel', 'c'), '/tunnel');
  assert.equal(envelopeUrl('not a dsn', undefined, 'c'), '');
});

test('sessions: sampling, ids and expiry', () => {
  const s = createSession(1);
  assert.match(s.id, /^[0-9a-f]{32}$/);
  assert.equal(s.sampled, 'session');
  assert.equal(s.segmentId, 0);
  assert.equal(createSession(0).sampled, false);
  assert.equal(createSession(0, false, 1).sampled, 'buffer');
  assert.equal(createSession(0, false, 1).replayType, 'buffer');
  assert.equal(createSession(0, true).sampled, 'session');
  assert.notEqual(createSession(1).id, s.id);
  const now = s.started;
  assert.equal(isExpired(s, now + IDLE_EXPIRY_MS - 1), false);
  assert.equal(isExpired(s, now + IDLE_EXPIRY_MS + 1), true);
  assert.equal(isExpired({ ...s, lastActivity: now + MAX_DURATION_MS }, now + MAX_DURATION_MS + 1), true);
});
