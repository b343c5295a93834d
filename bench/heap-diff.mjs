// What a page's JS heap grew by between two V8 heap snapshots of the same page (as
// `replay-bench.mjs --heap-snapshots DIR` writes them): objects in the second that the first did
// not have (V8 keeps node ids across snapshots of one page), their self sizes grouped by kind and
// constructor, and by the script their code or closure comes from. Not a comparison: a tool to
// see where a memory figure goes.
// Usage: node bench/heap-diff.mjs before.heapsnapshot after.heapsnapshot [--top 30]
import { readFileSync } from 'node:fs';
import { isMain, parseArgs } from './common.mjs';

/**
 * Reads a .heapsnapshot into flat per-node arrays.
 * @param {string} file
 */
export function readSnapshot(file) {
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const meta = snap.snapshot.meta;
  const nf = meta.node_fields;
  const ef = meta.edge_fields;
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const stride = nf.length;
  const count = snap.nodes.length / stride;
  const at = (name) => nf.indexOf(name);
  const [iType, iName, iId, iSize, iEdges] = ['type', 'name', 'id', 'self_size', 'edge_count'].map(at);
  const eStride = ef.length;
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((n) => ef.indexOf(n));
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += snap.nodes[i * stride + iEdges];
    firstEdge[i + 1] = e;
  }
  return {
    count,
    type: (i) => nodeTypes[snap.nodes[i * stride + iType]],
    name: (i) => snap.strings[snap.nodes[i * stride + iName]],
    id: (i) => snap.nodes[i * stride + iId],
    size: (i) => snap.nodes[i * stride + iSize],
    // Outgoing edges of node i: { type, name, to } with `to` a node index.
    *edges(i) {
      for (let e = firstEdge[i]; e < firstEdge[i + 1]; e++) {
        const type = edgeTypes[snap.edges[e * eStride + eType]];
        const raw = snap.edges[e * eStride + eName];
        const name = type === 'element' || type === 'hidden' ? raw : snap.strings[raw];
        yield { type, name, to: snap.edges[e * eStride + eTo] / stride };
      }
    },
  };
}

// The script a closure or SharedFunctionInfo belongs to, through its `script` / `shared` edges.
function scriptOf(s, i, memo) {
  if (memo.has(i)) return memo.get(i);
  let out = '';
  for (const e of s.edges(i)) {
    if (e.name === 'script' && s.type(e.to) !== 'hidden') {
      for (const f of s.edges(e.to)) if (f.name === 'name' && s.type(f.to) === 'string') out = s.name(f.to);
      if (!out) out = s.name(e.to);
    }
  }
  if (!out) {
    for (const e of s.edges(i)) {
      if (e.name === 'shared' || e.name === 'function_data') { out = scriptOf(s, e.to, memo); if (out) break; }
    }
  }
  memo.set(i, out);
  return out;
}

/**
 * Groups the self size of objects new in `after` (absent from `before`).
 * @returns {{ total: number, byKind: [string, number, number][], byScript: [string, number, number][] }}
 */
export function heapGrowth(before, after) {
  const old = new Set();
  for (let i = 0; i < before.count; i++) old.add(before.id(i));
  const byKind = new Map();
  const byScript = new Map();
  const memo = new Map();
  let total = 0;
  const add = (map, key, size) => {
    const v = map.get(key) ?? [0, 0];
    v[0] += size; v[1] += 1;
    map.set(key, v);
  };
  for (let i = 0; i < after.count; i++) {
    if (old.has(after.id(i))) continue;
    const size = after.size(i);
    total += size;
    const type = after.type(i);
    const name = after.name(i);
    const label = ['object', 'native', 'hidden', 'code'].includes(type) ? `${type}: ${name.slice(0, 60)}` : type;
    add(byKind, label, size);
    if (type === 'closure' || (type === 'code' && /SharedFunctionInfo|BytecodeArray/.test(name))) {
      const script = scriptOf(after, i, memo).split('/').pop() || '(no script)';
      add(byScript, `${type}: ${script}`, size);
    }
  }
  const sorted = (m) => [...m].map(([k, [size, n]]) => [k, size, n]).sort((a, b) => b[1] - a[1]);
  return { total, byKind: sorted(byKind), byScript: sorted(byScript) };
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  const [beforeFile, afterFile] = process.argv.slice(2).filter((a) => !a.startsWith('--') && a !== args.top);
  const top = Number(args.top ?? 30);
  const g = heapGrowth(readSnapshot(beforeFile), readSnapshot(afterFile));
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`new objects: ${kb(g.total)}`);
  console.log('\nby kind / constructor (self size, count)');
  for (const [k, size, n] of g.byKind.slice(0, top)) console.log(`  ${kb(size).padStart(10)}  ${String(n).padStart(7)}  ${k}`);
  console.log('\ncode and closures by script');
  for (const [k, size, n] of g.byScript.slice(0, top)) console.log(`  ${kb(size).padStart(10)}  ${String(n).padStart(7)}  ${k}`);
}
