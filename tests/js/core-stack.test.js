// The core's stack is a fixed stretch of linear memory just above its static data (Emscripten's
// TOTAL_STACK in CMakeLists.txt), and nothing checks it at run time: a call that went deeper
// would write over the static data. The deepest inputs the core accepts (JSON nested to the
// reader's 512-level limit, through a capture that copies, normalises, writes and destroys it)
// must stay well inside it. Measured here by filling the unused stack with a pattern and
// finding how far each call wrote. (Zero-filled static data is not in the module, so where the
// stack ends is its start less the size CMakeLists.txt gives it.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { getCore } from './helpers/core.js';

const DSN = 'https://public123@o11.ingest.example.com/4242';
const WASM = new URL('../../npm/dist/vigil.wasm', import.meta.url);
const STACK = Number(/TOTAL_STACK=(\d+)/.exec(readFileSync(new URL('../../CMakeLists.txt', import.meta.url), 'utf8'))[1]);

// Where the stack starts (the stack pointer global's initial value; it grows down) and where
// the static data ends, read from the module's global and data sections.
function stackLayout(bytes) {
  let at = 8;
  const uleb = () => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[at++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
  };
  const i32Const = () => {
    assert.equal(bytes[at++], 0x41, 'an i32.const initialiser');
    let v = 0;
    let shift = 0;
    let b;
    do { b = bytes[at++]; v |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    if (shift < 32 && (b & 0x40)) v |= -1 << shift;
    assert.equal(bytes[at++], 0x0b);
    return v >>> 0;
  };
  let top = 0;
  let dataEnd = 0;
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = uleb();
    const end = at + size;
    if (id === 6) {
      const count = uleb();
      for (let i = 0; i < count && !top; i++) {
        const type = bytes[at++];
        const mutable = bytes[at++];
        const value = i32Const();
        if (type === 0x7f && mutable === 1) top = value;
      }
    } else if (id === 11) {
      const count = uleb();
      for (let i = 0; i < count; i++) {
        assert.equal(uleb(), 0, 'active segments of memory 0');
        const offset = i32Const();
        const length = uleb();
        at += length;
        dataEnd = Math.max(dataEnd, offset + length);
      }
    }
    at = end;
  }
  return { top, dataEnd };
}

function nested(depth, leaf) {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { k: v };
  return v;
}

test('the deepest JSON the core takes stays well inside its stack', async () => {
  const { top, dataEnd } = stackLayout(readFileSync(WASM));
  const room = STACK;
  const bottom = top - STACK;
  assert.ok(room >= 16 * 1024 && bottom >= dataEnd, `a stack of ${room} bytes from ${top} down, data to ${dataEnd}`);
  const core = await getCore();
  // Bytes of stack a call wrote to (the stack is unused between calls).
  const used = (call) => {
    core.HEAPU8.fill(0xa5, bottom, top);
    call();
    const heap = core.HEAPU8;
    let low = bottom;
    while (low < top && heap[low] === 0xa5) low++;
    return top - low;
  };
  const client = new core.CoreClient(JSON.stringify({ dsn: DSN, normalizeDepth: 10000 }), 5, 6);
  const shallow = used(() => client.capture(JSON.stringify({ kind: 'message', message: 'shallow' }), 1795470000, false, 0));
  const deepest = nested(512, 'leaf');  // the reader's limit
  const worst = Math.max(
    used(() => client.setContext('deep', JSON.stringify(deepest))),
    used(() => client.capture(JSON.stringify({ kind: 'message', message: 'deep context' }), 1795470001, false, 0)),
    used(() => client.capture(JSON.stringify({ kind: 'message', message: 'deep extra', extra: { x: nested(505, 1) } }), 1795470002, false, 0)),
    used(() => client.setContext('deeper', `${'{"k":'.repeat(100000)}1${'}'.repeat(100000)}`)),  // refused
  );
  assert.ok(shallow > 0 && worst > shallow, `${shallow} then ${worst} bytes`);
  // Some room to spare: a few more levels (a context inside an event) must not reach the end.
  assert.ok(worst < room * 0.8, `the deepest call used ${worst} of ${room} bytes of stack`);
  // The context went through: the deep value is in the event, nested as sent.
  client.setContext('deep', JSON.stringify(nested(20, 'leaf')));
  const result = client.capture(JSON.stringify({ kind: 'message', message: 'after' }), 1795470003, false, 0);
  assert.match(result.request.body, /"leaf"/);
});
