import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import { startReceiver } from '../../npm/receiver/server.js';
import { EVENT_ID, errorEnvelope, makeEnvelope, postEnvelope, startTestReceiver } from './receiver-helpers.js';

const MiB = 1024 * 1024;

describe('receiver ingest', () => {
  it('accepts an envelope, stores body and index, and returns its event id', async (t) => {
    const receiver = await startTestReceiver(t);
    const body = errorEnvelope();
    const res = await postEnvelope(receiver, body);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { id: EVENT_ID });

    const index = (await readFile(path.join(receiver.dir, 'index.jsonl'), 'utf8')).trim().split('\n');
    assert.equal(index.length, 1);
    const entry = JSON.parse(index[0]);
    assert.equal(entry.event_id, EVENT_ID);
    assert.deepEqual(entry.event_ids, [EVENT_ID]);
    assert.equal(entry.items[0].type, 'event');
    assert.equal(entry.size, body.length);
    assert.ok(!Number.isNaN(Date.parse(entry.received_at)));
    assert.deepEqual(await readFile(path.join(receiver.dir, entry.file)), body);

    const [record] = await receiver.envelopes();
    assert.equal(record.headers.event_id, EVENT_ID);
    assert.equal(record.public_key, 'public');
    assert.equal(record.items[0].payload.exception.values[0].value, 'x is undefined');

    const listed = await (await fetch(`${receiver.url}/__vigil/envelopes`)).json();
    assert.equal(listed.count, 1);
    assert.equal(listed.envelopes[0].items[0].payload.release, 'web@1.2.3');
  });

  it('takes credentials from X-Sentry-Auth, from the envelope dsn, and a path prefix', async (t) => {
    const receiver = await startTestReceiver(t, { publicKeys: ['k1'], projectIds: [42] });
    let res = await postEnvelope(receiver, errorEnvelope(), {
      project: 42, query: '', headers: { 'x-sentry-auth': 'Sentry sentry_key=k1, sentry_version=7, sentry_client=t/1' },
    });
    assert.equal(res.status, 200);
    res = await postEnvelope(receiver, errorEnvelope({}, { dsn: receiver.dsn('k1', 42) }), { project: 42, query: '' });
    assert.equal(res.status, 200);
    res = await postEnvelope(receiver, errorEnvelope(), { project: 42, key: 'k1', prefix: '/sub/path' });
    assert.equal(res.status, 200);
    // No project in the URL: taken from the dsn.
    res = await fetch(`${receiver.url}/api/envelope/`, { method: 'POST', body: errorEnvelope({}, { dsn: receiver.dsn() }) });
    assert.equal(res.status, 200);
    const records = await receiver.envelopes();
    assert.deepEqual(records.map((r) => r.project_id), ['42', '42', '42', '42']);
    assert.equal(receiver.dsn(), `http://k1@127.0.0.1:${receiver.port}/42`);
  });

  it('rejects wrong keys with 401 and unknown projects with 403', async (t) => {
    const receiver = await startTestReceiver(t, { publicKeys: ['good'], projectIds: [1] });
    const cases = [
      [{ key: 'bad' }, 401, 'invalid public key'],
      [{ query: '' }, 401, 'missing authorization information'],
      [{ query: '', headers: { 'x-sentry-auth': 'Sentry sentry_key=bad' } }, 401, 'invalid public key'],
      [{ key: 'good', project: 2 }, 403, 'event submission rejected with_reason: ProjectId'],
    ];
    for (const [options, status, detail] of cases) {
      const res = await postEnvelope(receiver, errorEnvelope(), options);
      assert.equal(res.status, status, JSON.stringify(options));
      assert.deepEqual(await res.json(), { detail });
    }
    const res = await postEnvelope(receiver, errorEnvelope({}, { dsn: 'http://bad@x/1' }), { query: '' });
    assert.equal(res.status, 401);
    assert.equal((await receiver.envelopes()).length, 0);
  });

  it('answers CORS preflights like Relay and exposes rate-limit headers', async (t) => {
    const receiver = await startTestReceiver(t);
    const res = await fetch(`${receiver.url}/api/1/envelope/?sentry_key=public`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.test', 'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, content-encoding' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-max-age'), '3600');
    assert.match(res.headers.get('access-control-allow-methods'), /POST/);
    const allowed = res.headers.get('access-control-allow-headers').split(/,\s*/);
    for (const h of ['content-type', 'content-encoding', 'x-sentry-auth', 'sentry-trace', 'baggage']) {
      assert.ok(allowed.includes(h), h);
    }
    const post = await postEnvelope(receiver, errorEnvelope(), { headers: { origin: 'http://app.test' } });
    assert.equal(post.headers.get('access-control-allow-origin'), '*');
    assert.match(post.headers.get('access-control-expose-headers'), /x-sentry-rate-limits/);
    assert.match(post.headers.get('access-control-expose-headers'), /retry-after/);
  });

  it('decodes gzip, deflate and br bodies', async (t) => {
    const receiver = await startTestReceiver(t);
    const body = errorEnvelope();
    const encoders = { gzip: zlib.gzipSync, deflate: zlib.deflateSync, br: zlib.brotliCompressSync,
      identity: (x) => x };
    for (const [name, encode] of Object.entries(encoders)) {
      const res = await postEnvelope(receiver, encode(body), { headers: { 'content-encoding': name } });
      assert.equal(res.status, 200, name);
    }
    const records = await receiver.envelopes();
    assert.deepEqual(records.map((r) => r.content_encoding), ['gzip', 'deflate', 'br', 'identity']);
    for (const r of records) assert.equal(r.items[0].payload.event_id, EVENT_ID);
    assert.ok(records[0].wire_size < records[0].size);
  });

  it('rejects undecodable and unknown encodings', async (t) => {
    const receiver = await startTestReceiver(t);
    const gz = zlib.gzipSync(errorEnvelope());
    let res = await postEnvelope(receiver, gz.subarray(0, gz.length - 10), { headers: { 'content-encoding': 'gzip' } });
    assert.equal(res.status, 400);
    assert.match((await res.json()).detail, /gzip/);
    res = await postEnvelope(receiver, errorEnvelope(), { headers: { 'content-encoding': 'br' } });
    assert.equal(res.status, 400);
    res = await postEnvelope(receiver, errorEnvelope(), { headers: { 'content-encoding': 'compress' } });
    assert.equal(res.status, 415);
    assert.equal((await receiver.envelopes()).length, 0);
  });

  it('answers 400 with a detail for malformed envelopes', async (t) => {
    const receiver = await startTestReceiver(t);
    for (const body of ['', 'not json\n', '{}\n{"length":3}\nabc\n', '{}\n{"type":"event","length":50}\n{}']) {
      const res = await postEnvelope(receiver, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      const { detail } = await res.json();
      assert.equal(typeof detail, 'string');
      assert.ok(detail.length > 5);
    }
    assert.equal((await receiver.envelopes()).length, 0);
  });

  it('answers 413 for an oversize event item and stores nothing', async (t) => {
    const receiver = await startTestReceiver(t);
    const body = makeEnvelope({ event_id: EVENT_ID }, [
      { headers: { type: 'event' }, payload: { message: 'x'.repeat(MiB) } },
    ]);
    const res = await postEnvelope(receiver, zlib.gzipSync(body), { headers: { 'content-encoding': 'gzip' } });
    assert.equal(res.status, 413);
    assert.match((await res.json()).detail, /item 0 \(event\)/);
    assert.equal((await receiver.envelopes()).length, 0);
  });

  it('stops inflating a compressed bomb at the envelope limit (200 MiB default)', async (t) => {
    const receiver = await startTestReceiver(t);
    const header = Buffer.from(`{"event_id":"${EVENT_ID}"}\n{"type":"attachment"}\n`);
    const gzip = zlib.createGzip({ level: 1 });
    const chunks = [];
    gzip.on('data', (c) => chunks.push(c));
    const done = new Promise((resolve) => gzip.on('end', resolve));
    gzip.write(header);
    const zeros = Buffer.alloc(8 * MiB);
    for (let i = 0; i < 26; i++) gzip.write(zeros); // 208 MiB once inflated
    gzip.end();
    await done;
    const bomb = Buffer.concat(chunks);
    assert.ok(bomb.length < MiB, `bomb is ${bomb.length} bytes`);
    const res = await postEnvelope(receiver, bomb, { headers: { 'content-encoding': 'gzip' } });
    assert.equal(res.status, 413);
    assert.match((await res.json()).detail, /decoded body exceeds 209715200 bytes/);
    assert.equal((await receiver.envelopes()).length, 0);
  });

  it('bounds brotli bombs and oversized bodies under configured limits', async (t) => {
    const receiver = await startTestReceiver(t, { limits: { maxEnvelopeBytes: MiB, maxBodyBytes: 64 * 1024 } });
    const bomb = zlib.brotliCompressSync(Buffer.alloc(64 * MiB));
    let res = await postEnvelope(receiver, bomb, { headers: { 'content-encoding': 'br' } });
    assert.equal(res.status, 413);
    res = await postEnvelope(receiver, Buffer.alloc(100 * 1024, 0x61));
    assert.equal(res.status, 413);
    assert.match((await res.json()).detail, /request body exceeds 65536/);
    // Same size again without Content-Length (streamed, chunked).
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 4; i++) c.enqueue(new Uint8Array(32 * 1024));
        c.close();
      },
    });
    res = await fetch(`${receiver.url}/api/1/envelope/?sentry_key=k`, { method: 'POST', body: stream, duplex: 'half' });
    assert.equal(res.status, 413);
    assert.equal((await postEnvelope(receiver, errorEnvelope())).status, 200);
  });

  it('returns binary attachments as base64 and text as utf8', async (t) => {
    const receiver = await startTestReceiver(t);
    const binary = Buffer.from([0, 255, 10, 13, 0x80]);
    await postEnvelope(receiver, makeEnvelope({ event_id: EVENT_ID }, [
      { headers: { type: 'attachment', filename: 'a.bin' }, payload: binary },
      { headers: { type: 'attachment', filename: 'a.txt' }, payload: 'héllo\nworld' },
    ]));
    const [record] = await receiver.envelopes();
    assert.deepEqual(record.items.map((i) => i.payload_encoding), ['base64', 'utf8']);
    assert.deepEqual(Buffer.from(record.items[0].payload, 'base64'), binary);
    assert.equal(record.items[1].payload, 'héllo\nworld');
  });

  it('reloads what an earlier run stored in the same directory', async (t) => {
    const first = await startTestReceiver(t);
    await postEnvelope(first, errorEnvelope());
    const second = await startReceiver({ dir: first.dir });
    t.after(() => second.close());
    await postEnvelope(second, errorEnvelope());
    const records = await second.envelopes();
    assert.equal(records.length, 2);
    assert.notEqual(records[0].id, records[1].id);
  });

  it('answers 404 for unknown paths and 405 for wrong methods', async (t) => {
    const receiver = await startTestReceiver(t);
    let res = await fetch(`${receiver.url}/api/abc/envelope/`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 404);
    res = await fetch(`${receiver.url}/api/1/envelope/`);
    assert.equal(res.status, 405);
    assert.match(res.headers.get('allow'), /POST/);
  });
});
