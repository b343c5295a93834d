// The CoreClient class built over the Wasm module's C interface (js-bindings/core/core-abi.js):
// strings of every shape cross intact, the scratch buffer grows, answers keep their types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEnvelope as parseEnvelope } from './helpers/envelope.js';
import { getCore } from './helpers/core.js';

const DSN = 'https://public123@o11.ingest.example.com/4242';

function eventOf(result) {
  const [, [[, event]]] = parseEnvelope(result.request.body);
  return event;
}

test('every method the module lists is on the class, with the answer kinds it says', async () => {
  const core = await getCore();
  const client = new core.CoreClient(JSON.stringify({ dsn: DSN }), 1, 2);
  for (const name of ['capture', 'sendEvent', 'setTag', 'startTransaction', 'endSpan', 'onResponse', 'isRateLimited']) {
    assert.equal(typeof client[name], 'function', name);
  }
  assert.deepEqual(client.warnings(), []);
  assert.equal(client.canSend(), true);
  assert.equal(client.isRateLimited('error', 1), false);
  assert.equal(typeof client.forkScope(), 'number');
  assert.equal(client.popScope(), false);
  assert.equal(client.spanInfo(999), null);
  assert.equal(client.takeClientReport(1), null);
});

test('non-ASCII, lone surrogates and NUL characters reach the event as UTF-8 should carry them', async () => {
  const core = await getCore();
  const client = new core.CoreClient(JSON.stringify({ dsn: DSN }), 3, 4);
  client.setTag('emoji', 'café 😀');
  client.setTag('lone', 'a\uD800b');
  client.setTag('nul', 'x\u0000y');
  const result = client.capture(JSON.stringify({ kind: 'message', message: 'Grüße \uDC00 done' }), 1795470000, false, 0);
  const event = eventOf(result);
  assert.equal(event.tags.emoji, 'café 😀');
  assert.equal(event.tags.lone, 'a\uFFFDb');
  assert.equal(event.tags.nul, 'x\u0000y');
  assert.equal(event.message?.formatted ?? event.message, 'Grüße \uFFFD done', 'escaped lone surrogates in JSON become U+FFFD too');
});

test('a string far over the scratch size grows it, and later small calls still work', async () => {
  const core = await getCore();
  const client = new core.CoreClient(JSON.stringify({ dsn: DSN }), 5, 6);
  const big = 'ü'.repeat(300_000);
  client.setExtra('big', JSON.stringify(big));
  const first = client.capture(JSON.stringify({ kind: 'message', message: 'with a big extra' }), 1795470000, false, 0);
  assert.ok(first.request.body.length < 1_100_000, 'the size cap still applies');
  client.setExtra('big', 'null');
  client.setTag('after', 'ok');
  const second = eventOf(client.capture(JSON.stringify({ kind: 'message', message: 'small' }), 1795470001, false, 0));
  assert.equal(second.tags.after, 'ok');
  assert.equal(second.message?.formatted ?? second.message, 'small');
});

test('request answers carry the body size in UTF-8 bytes and its categories', async () => {
  const core = await getCore();
  const client = new core.CoreClient(JSON.stringify({ dsn: DSN }), 7, 8);
  const result = client.capture(JSON.stringify({ kind: 'message', message: 'ßßß' }), 1795470000, false, 0);
  assert.equal(result.request.bytes, Buffer.byteLength(result.request.body));
  assert.deepEqual(result.request.categories, [{ category: 'error', quantity: 1 }]);
  const kept = client.capture(JSON.stringify({ kind: 'message', message: 'for beforeSend' }), 1795470000, true, 0);
  assert.equal(typeof kept.event, 'string');
  assert.equal(JSON.parse(kept.event).event_id, kept.eventId);
});

test('a deleted client refuses calls instead of touching freed memory', async () => {
  const core = await getCore();
  const client = new core.CoreClient(JSON.stringify({ dsn: DSN }), 9, 10);
  client.delete();
  assert.throws(() => client.setTag('a', 'b'), /after delete/);
});

test('the method lists read at build time are what each flavour of the module writes now', async () => {
  const { loadFlavour } = await import('../../npm/dist/core/instantiate-core.js');
  const { readFileSync } = await import('node:fs');
  for (const flavour of ['vigil', 'vigil-replay']) {
    const names = (await import(`../../npm/dist/core/${flavour}-core-names.js`)).default;
    const binary = readFileSync(new URL(`../../npm/dist/${flavour}.wasm`, import.meta.url));
    const module = await loadFlavour(`${flavour}-methods-test`, () => names, { binary });
    const classes = Object.keys(names.methods);
    assert.deepEqual(classes, flavour === 'vigil' ? ['client'] : ['client', 'replay']);
    for (const name of classes) {
      module[`_vigil_${name}_methods`]();
      const out = new Uint32Array(module.HEAPU8.buffer, module._vigil_out(), 2);
      const written = new TextDecoder().decode(module.HEAPU8.subarray(out[0], out[0] + out[1]));
      assert.equal(names.methods[name], written, `${flavour} ${name}`);
      assert.ok(written.split(',').length > 3);
    }
    const client = new module.CoreClient(JSON.stringify({ dsn: DSN }), 5, 6);
    assert.equal(client.canSend(), true);
  }
});
