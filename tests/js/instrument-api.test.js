// browserApiErrors' default event targets (js-bindings/browser/integrations/instrument-api.js):
// EventTarget alone where it owns addEventListener, the long list of older engines otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_TARGETS, defaultEventTargets } from '../../js-bindings/browser/integrations/instrument-api.js';

test('EventTarget alone where its prototype owns addEventListener, the whole list where not', () => {
  assert.equal(typeof EventTarget.prototype.addEventListener, 'function');  // Node has one
  assert.deepEqual(defaultEventTargets(), ['EventTarget']);
  const real = globalThis.EventTarget;
  try {
    globalThis.EventTarget = function EventTarget() {};  // an engine where the others own it
    assert.equal(defaultEventTargets(), EVENT_TARGETS);
    delete globalThis.EventTarget;
    assert.equal(defaultEventTargets(), EVENT_TARGETS);
  } finally {
    globalThis.EventTarget = real;
  }
  assert.ok(EVENT_TARGETS.includes('EventTarget') && EVENT_TARGETS.length > 10);
});
