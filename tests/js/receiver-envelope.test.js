import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EnvelopeError, normalizeEventId, parseEnvelope } from '../../npm/receiver/envelope.js';
import { EVENT_ID, errorEnvelope, makeEnvelope } from './receiver-helpers.js';

const b = (s) => Buffer.from(s);

describe('receiver envelope parser', () => {
  it('reads items with and without length', () => {
    const env = parseEnvelope(b(`{"event_id":"${EVENT_ID}"}\n{"type":"event","length":9}\n{"a":"\n"}\n{"type":"session"}\n{"sid":1}\n`));
    assert.equal(env.headers.event_id, EVENT_ID);
    assert.deepEqual(env.items.map((i) => i.headers.type), ['event', 'session']);
    assert.equal(env.items[0].payload.toString(), '{"a":"\n"}');
    assert.equal(env.items[1].payload.toString(), '{"sid":1}');
  });

  it('accepts a missing final newline, CRLF after a sized payload, and an empty last item', () => {
    assert.equal(parseEnvelope(b('{}\n{"type":"a","length":2}\nhi')).items[0].payload.toString(), 'hi');
    assert.equal(parseEnvelope(b('{}\n{"type":"a","length":2}\r\nhi\r\n')).items.length, 1);
    const env = parseEnvelope(b('{}\n{"type":"attachment"}'));
    assert.equal(env.items[0].payload.length, 0);
    assert.equal(parseEnvelope(b('{}')).items.length, 0);
  });

  it('round-trips what the test helper writes', () => {
    const env = parseEnvelope(errorEnvelope());
    assert.equal(JSON.parse(env.items[0].payload).exception.values[0].type, 'TypeError');
  });

  const bad = {
    'an empty body': '',
    'a non-JSON header': 'nope\n',
    'an array header': '[]\n',
    'an invalid event_id': '{"event_id":"xyz"}\n',
    'an item without type': '{}\n{"length":0}\n\n',
    'a negative length': '{}\n{"type":"a","length":-1}\n',
    'a fractional length': '{}\n{"type":"a","length":1.5}\nx\n',
    'a truncated payload': '{}\n{"type":"a","length":10}\nabc',
    'junk after a sized payload': '{}\n{"type":"a","length":1}\nabc\n',
    'a broken item header': '{}\n{"type":\n',
  };
  for (const [name, text] of Object.entries(bad)) {
    it(`rejects ${name}`, () => {
      assert.throws(() => parseEnvelope(b(text)), EnvelopeError);
    });
  }

  it('normalizes event ids', () => {
    assert.equal(normalizeEventId('9EC79C33-EC99-42AB-8353-589FCB2E04DC'), EVENT_ID);
    assert.equal(normalizeEventId('nope'), null);
  });

  it('only ever throws EnvelopeError on mutated input (fuzz)', () => {
    const seeds = [errorEnvelope(), makeEnvelope({}, [
      { headers: { type: 'attachment', filename: 'a.bin' }, payload: Buffer.from([0, 1, 2, 10, 13]) },
      { headers: { type: 'session' }, payload: { sid: 'x' }, length: false },
    ])];
    let seed = 12345;
    const rand = (n) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      const bytes = Buffer.from(seeds[i % seeds.length]);
      const mutations = 1 + rand(4);
      let input = bytes;
      for (let m = 0; m < mutations; m++) {
        const op = rand(3);
        if (op === 0) input[rand(input.length)] = rand(256);
        else if (op === 1) input = input.subarray(0, rand(input.length + 1));
        else input = Buffer.concat([input.subarray(0, rand(input.length)), Buffer.from('\n{"type":"x","length":99}\n')]);
      }
      try {
        parseEnvelope(input);
      } catch (err) {
        assert.ok(err instanceof EnvelopeError, `unexpected ${err?.name}: ${err?.message}`);
      }
    }
  });
});
