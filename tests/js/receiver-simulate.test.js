import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_ID, REPLAY_ID, errorEnvelope, makeEnvelope, postEnvelope, startTestReceiver } from './receiver-helpers.js';

const control = (receiver, patch) => fetch(`${receiver.url}/__vigil/control`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(patch),
});

function mixedEnvelope() {
  return makeEnvelope({ event_id: REPLAY_ID }, [
    { headers: { type: 'replay_event' }, payload: { type: 'replay_event', replay_id: REPLAY_ID } },
    { headers: { type: 'client_report' }, payload: { discarded_events: [] } },
  ]);
}

describe('receiver simulations', () => {
  it('answers 429 with the configured headers for the next N requests', async (t) => {
    const receiver = await startTestReceiver(t);
    const res = await control(receiver, {
      rateLimit: { requests: 2, header: '60:error;transaction:organization', retryAfter: 30 },
    });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).rateLimits[0].requests, 2);
    for (let i = 0; i < 2; i++) {
      const limited = await postEnvelope(receiver, errorEnvelope());
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('x-sentry-rate-limits'), '60:error;transaction:organization');
      assert.equal(limited.headers.get('retry-after'), '30');
    }
    assert.equal((await postEnvelope(receiver, errorEnvelope())).status, 200);
    assert.equal((await receiver.envelopes()).length, 1);
  });

  it('sends only Retry-After when that is all that was asked for', async (t) => {
    const receiver = await startTestReceiver(t);
    receiver.control({ rateLimit: { retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT', requests: 1 } });
    const res = await postEnvelope(receiver, errorEnvelope());
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), 'Wed, 21 Oct 2015 07:28:00 GMT');
    assert.equal(res.headers.get('x-sentry-rate-limits'), null);
  });

  it('limits by category: 200 plus header when only some items are limited', async (t) => {
    const receiver = await startTestReceiver(t);
    receiver.control({ rateLimit: { categories: ['replay'], retryAfter: 10 } });
    const errors = await postEnvelope(receiver, errorEnvelope());
    assert.equal(errors.status, 200);
    assert.equal(errors.headers.get('x-sentry-rate-limits'), null);

    const mixed = await postEnvelope(receiver, mixedEnvelope());
    assert.equal(mixed.status, 200);
    assert.equal(mixed.headers.get('x-sentry-rate-limits'), '10:replay:organization:vigil_simulated');
    const [, record] = await receiver.envelopes();
    assert.deepEqual(record.items.map((i) => [i.type, i.dropped ?? null]), [
      ['replay_event', 'rate_limited'], ['client_report', null]]);

    const replayOnly = makeEnvelope({ event_id: REPLAY_ID }, [
      { headers: { type: 'replay_event' }, payload: { replay_id: REPLAY_ID } }]);
    const res = await postEnvelope(receiver, replayOnly);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '10');
  });

  it('simulates outages with 503 and with dropped connections, then recovers', async (t) => {
    const receiver = await startTestReceiver(t);
    await control(receiver, { outage: { requests: 2, retryAfter: 5 } });
    for (let i = 0; i < 2; i++) {
      const res = await postEnvelope(receiver, errorEnvelope());
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '5');
    }
    assert.equal((await postEnvelope(receiver, errorEnvelope())).status, 200);

    await control(receiver, { outage: { requests: 1, mode: 'destroy' } });
    await assert.rejects(postEnvelope(receiver, errorEnvelope()), TypeError);
    assert.equal((await postEnvelope(receiver, errorEnvelope())).status, 200);
    assert.equal((await receiver.envelopes()).length, 2);
  });

  it('applies fail rate and latency, and reset clears everything', async (t) => {
    const receiver = await startTestReceiver(t, { simulate: { failRate: 1 } });
    assert.equal((await postEnvelope(receiver, errorEnvelope())).status, 503);
    await control(receiver, { failRate: 0, latencyMs: 150 });
    const started = Date.now();
    assert.equal((await postEnvelope(receiver, errorEnvelope())).status, 200);
    assert.ok(Date.now() - started >= 140);
    const state = await (await control(receiver, { reset: true })).json();
    assert.deepEqual(state, { rateLimits: [], outage: null, latencyMs: 0, failRate: 0 });
    assert.deepEqual(await (await fetch(`${receiver.url}/__vigil/control`)).json(), state);
  });

  it('rejects invalid control bodies without changing state', async (t) => {
    const receiver = await startTestReceiver(t);
    for (const body of [{ failRate: 2 }, { outage: { mode: 'explode' } }, { rateLimit: { requests: 0 } },
      { rateLimit: { header: 'a\r\nb' } }, [1]]) {
      const res = await control(receiver, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(typeof (await res.json()).detail, 'string');
    }
    const bad = await fetch(`${receiver.url}/__vigil/control`, { method: 'POST', body: '{' });
    assert.equal(bad.status, 400);
    assert.equal(receiver.control().failRate, 0);
  });

  it('long-polls /__vigil/wait until items arrive, and times out with 408', async (t) => {
    const receiver = await startTestReceiver(t);
    const waiting = fetch(`${receiver.url}/__vigil/wait?count=2&type=event&timeout=5000`);
    await postEnvelope(receiver, errorEnvelope());
    await postEnvelope(receiver, mixedEnvelope());
    await postEnvelope(receiver, errorEnvelope());
    const res = await waiting;
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.count, 2);
    assert.deepEqual(body.envelopes.map((e) => e.event_id), [EVENT_ID, EVENT_ID]);

    const timedOut = await fetch(`${receiver.url}/__vigil/wait?count=5&type=event&timeout=50`);
    assert.equal(timedOut.status, 408);
    assert.equal((await timedOut.json()).count, 2);

    const records = await receiver.waitFor({ type: 'client_report' });
    assert.equal(records.length, 1);
    await assert.rejects(receiver.waitFor({ type: 'transaction', timeout: 30 }), /timed out/);

    const cleared = await fetch(`${receiver.url}/__vigil/envelopes`, { method: 'DELETE' });
    assert.deepEqual(await cleared.json(), { cleared: 3 });
    assert.equal((await receiver.envelopes()).length, 0);
    const later = receiver.waitFor({ type: 'event' });
    await postEnvelope(receiver, errorEnvelope());
    assert.equal((await later).length, 1);
  });
});
