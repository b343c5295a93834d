// Event ids: version-4 UUIDs in Sentry's 32-hex form, from a pool of random bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuid4 } from '../../js-bindings/core/util.js';

test('uuid4 gives distinct version-4 ids across many pool refills', () => {
  const seen = new Set();
  for (let i = 0; i < 10_000; i++) {
    const id = uuid4();
    assert.match(id, /^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
    seen.add(id);
  }
  assert.equal(seen.size, 10_000);
});
