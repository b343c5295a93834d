import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import { errorEnvelope, makeEnvelope, postEnvelope, startTestReceiver } from './receiver-helpers.js';

// Deterministic so a failure can be replayed.
function rng(seed) {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

function corpus() {
  const replay = Buffer.concat([Buffer.from('{"segment_id":0}\n'), zlib.deflateSync(Buffer.from('[{"type":4}]'))]);
  return [
    errorEnvelope(),
    makeEnvelope({ event_id: 'aa11bb22cc33dd44ee55ff6677889900' }, [
      { headers: { type: 'replay_event' }, payload: { replay_id: 'aa11bb22cc33dd44ee55ff6677889900' } },
      { headers: { type: 'replay_recording' }, payload: replay },
      { headers: { type: 'attachment' }, payload: Buffer.from([0, 255, 10, 13]) },
    ]),
  ];
}

function mutate(input, rand) {
  let bytes = Buffer.from(input);
  const n = 1 + rand(5);
  for (let i = 0; i < n; i++) {
    switch (rand(5)) {
      case 0: if (bytes.length) bytes[rand(bytes.length)] = rand(256); break;
      case 1: bytes = bytes.subarray(0, rand(bytes.length + 1)); break;
      case 2: bytes = Buffer.concat([bytes, Buffer.from(Array.from({ length: rand(64) }, () => rand(256)))]); break;
      case 3: bytes = Buffer.concat([bytes.subarray(0, rand(bytes.length + 1)), Buffer.from('\n{"type":"event","length":7}\n')]); break;
      default: bytes = Buffer.from(Array.from({ length: rand(300) }, () => rand(256)));
    }
  }
  return bytes;
}

const ENCODINGS = ['identity', 'gzip', 'deflate', 'br', 'gzip, br', 'zstd', 'bogus'];
const ENCODE = { gzip: zlib.gzipSync, deflate: zlib.deflateSync, br: zlib.brotliCompressSync };

describe('receiver fuzz', () => {
  it('answers every random, truncated or mis-encoded body and keeps serving', async (t) => {
    const receiver = await startTestReceiver(t, { limits: { maxEnvelopeBytes: 256 * 1024 } });
    const rand = rng(0xC0FFEE);
    const seeds = corpus();
    const allowed = new Set([200, 400, 413, 415]);
    for (let i = 0; i < 300; i++) {
      let body = mutate(seeds[rand(seeds.length)], rand);
      const encoding = ENCODINGS[rand(ENCODINGS.length)];
      // Half the time the body really is encoded (then possibly cut); otherwise the header lies.
      if (ENCODE[encoding] && rand(2)) {
        body = ENCODE[encoding](body);
        if (rand(3) === 0) body = body.subarray(0, rand(body.length + 1));
      }
      const res = await postEnvelope(receiver, body, { headers: { 'content-encoding': encoding } });
      assert.ok(allowed.has(res.status), `status ${res.status} for case ${i}`);
      const json = await res.json();
      if (res.status !== 200) assert.equal(typeof json.detail, 'string');
    }
    // Everything stored must still load, and the page must render.
    await receiver.envelopes();
    assert.equal((await fetch(`${receiver.url}/`)).status, 200);
    assert.equal((await postEnvelope(receiver, errorEnvelope())).status, 200);
  });

  it('survives malformed HTTP and clients that hang up mid-body', async (t) => {
    const receiver = await startTestReceiver(t);
    const garbage = ['NOT HTTP\r\n\r\n', 'POST /api/1/envelope/ HTTP/1.1\r\nContent-Length: zz\r\n\r\n',
      'POST /api/1/envelope/?sentry_key=a HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"event_id":'];
    for (const text of garbage) {
      await new Promise((resolve) => {
        const socket = net.connect(receiver.port, '127.0.0.1', () => {
          socket.write(text);
          setTimeout(() => socket.destroy(), 20);
        });
        socket.on('error', () => {});
        socket.on('close', resolve);
      });
    }
    assert.equal((await postEnvelope(receiver, errorEnvelope())).status, 200);
  });
});
