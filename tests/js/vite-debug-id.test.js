// vigilDebugIdPlugin in a real Vite build: ids derived from content (same build, same ids;
// every chunk its own), the registering line that runs before the chunk's code, the comment,
// and maps that carry the id and still point at the right lines after the inserted one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'vite';
import { vigilDebugIdPlugin, debugIdFor } from '../../npm/dist/vite/index.js';
import { originalPosition } from '../browser/helpers/source-map.js';

const ENTRY = `export async function main() {
  const { shout } = await import('./lazy.js');
  return shout('hello');
}
main();
`;
const LAZY = `export function shout(text) {
  if (!text) throw new Error('nothing to shout');
  return text.toUpperCase() + '!';
}
`;

async function buildOnce(sourcemap = true, given = undefined) {
  const dir = given ?? await mkdtemp(path.join(os.tmpdir(), 'vigil-debug-id-'));
  await writeFile(path.join(dir, 'main.js'), ENTRY);
  await writeFile(path.join(dir, 'lazy.js'), LAZY);
  const outDir = path.join(dir, 'out');
  await build({
    root: dir, configFile: false, logLevel: 'silent',
    plugins: [vigilDebugIdPlugin()],
    build: { outDir, sourcemap, minify: true, lib: { entry: path.join(dir, 'main.js'), formats: ['es'], fileName: 'main' } },
  });
  const files = {};
  for (const name of await readdir(outDir)) files[name] = await readFile(path.join(outDir, name), 'utf8');
  if (!given) await rm(dir, { recursive: true, force: true });
  return files;
}

const jsFiles = (files) => Object.keys(files).filter((f) => /\.m?js$/.test(f)).sort();
const idOf = (code) => /^\/\/# debugId=([0-9a-f-]{36})$/m.exec(code)?.[1];

test('each chunk gets its own id, the same in every build of the same code, in the file and its map', async () => {
  // Built twice from the same directory (library builds name their source paths in comments).
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-debug-id-'));
  const [first, second] = [await buildOnce(true, dir), await buildOnce(true, dir)];
  await rm(dir, { recursive: true, force: true });
  const names = jsFiles(first);
  assert.equal(names.length, 2, names.join(', '));  // the entry and the lazy chunk
  const ids = names.map((name) => idOf(first[name]));
  assert.ok(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)), ids.join(', '));
  assert.notEqual(ids[0], ids[1]);
  assert.deepEqual(jsFiles(second).map((name) => idOf(second[name])), ids);
  for (const [i, name] of names.entries()) {
    const map = JSON.parse(first[`${name}.map`]);
    assert.equal(map.debugId, ids[i]);
    assert.equal(map.debug_id, ids[i]);
    // The comment comes before sourceMappingURL, which stays last.
    assert.match(first[name], new RegExp(`//# debugId=${ids[i]}\\n//# sourceMappingURL=${name.replace('.', '\\.')}\\.map\\s*$`));
  }
  assert.equal(debugIdFor('same text'), debugIdFor('same text'));
  assert.notEqual(debugIdFor('same text'), debugIdFor('other text'));
});

test('the first line registers the id under the stack of the running file, and never throws', async () => {
  const files = await buildOnce();
  for (const name of jsFiles(files)) {
    const firstLine = files[name].split('\n')[0];
    const context = vm.createContext({});
    vm.runInContext(firstLine, context, { filename: `http://example.test/assets/${name}` });
    const registered = Object.entries(context._vigilDebugIds ?? {});
    assert.equal(registered.length, 1);
    assert.ok(registered[0][0].includes(`http://example.test/assets/${name}:1:`), registered[0][0]);
    assert.equal(registered[0][1], idOf(files[name]));
    // Without Error (a locked-down realm) the line does nothing rather than throw.
    const bare = vm.createContext({ Error: undefined });
    assert.doesNotThrow(() => vm.runInContext(firstLine, bare));
  }
});

test('after the inserted line the map still points each thrown frame at its source line', async () => {
  const files = await buildOnce();
  const lazyName = jsFiles(files).find((name) => files[name].includes('nothing to shout'));
  const code = files[lazyName];
  // Where the minified `throw` is in the built file (1-based line and column).
  const index = code.indexOf('throw');
  const before = code.slice(0, index).split('\n');
  const position = originalPosition(JSON.parse(files[`${lazyName}.map`]), before.length, before.at(-1).length + 1);
  assert.match(position.source, /lazy\.js$/);
  assert.equal(position.line, 2);  // `if (!text) throw ...` in LAZY
});

test('without source maps nothing is added', async () => {
  const files = await buildOnce(false);
  for (const name of jsFiles(files)) {
    assert.equal(idOf(files[name]), undefined);
    assert.ok(!files[name].includes('_vigilDebugIds'));
  }
});
