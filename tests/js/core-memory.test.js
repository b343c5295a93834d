// The core's memory, with no Emscripten glue in between (js-bindings/core/instantiate-core.js):
// the bindings grow it when the core asks and read answers through views of the grown memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEnvelope as parseEnvelope } from './helpers/envelope.js';
import { getCore } from './helpers/core.js';

const DSN = 'https://public123@o11.ingest.example.com/4242';

test('a capture larger than the initial memory grows it, and the answer is read whole', async () => {
  const core = await getCore();
  const client = new core.CoreClient(JSON.stringify({ dsn: DSN, maxValueLength: 2000000 }), 5, 6);
  const initial = core.HEAPU8.length;
  const big = 'ü'.repeat(300000); // 600 KB of UTF-8, more than the 256 KB the module starts with
  const result = client.capture(JSON.stringify({ kind: 'message', message: big }), 1795470000, false, 0);
  assert.ok(core.HEAPU8.length > initial, `memory grew from ${initial}`);
  assert.equal(core.HEAPU8.buffer, core.HEAPU32.buffer, 'every view is of the grown memory');
  const [, [[, event]]] = parseEnvelope(result.request.body);
  assert.equal(event.message?.formatted ?? event.message, big);
});
