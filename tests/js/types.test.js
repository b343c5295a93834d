// The hand-written .d.ts files against the code: apps written the way the README and examples
// show type-check (and the misuses marked @ts-expect-error fail to), and every entry's .d.ts
// declares exactly the values that entry exports at run time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const USAGE_DIR = path.join(ROOT, 'tests/types');
// Subpath export → its declaration file in npm/.
const ENTRIES = { '.': 'index', edge: 'edge', lambda: 'lambda', react: 'react', vue: 'vue', vite: 'vite' };

const OPTIONS = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.ReactJSX,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  // Only what a file imports: no ambient @types packages of the dev tools.
  types: [],
  skipLibCheck: false,
};

function describe(diagnostic) {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file) return text;
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${path.relative(ROOT, diagnostic.file.fileName)}:${line + 1}: ${text}`;
}

test('apps written as the README shows type-check, and the marked misuses do not', () => {
  const files = readdirSync(USAGE_DIR).filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(USAGE_DIR, f));
  assert.ok(files.length >= 6, 'a usage file per entry');
  const program = ts.createProgram(files, OPTIONS);
  const problems = ts.getPreEmitDiagnostics(program).map(describe);
  assert.deepEqual(problems, []);
  // The @ts-expect-error lines count only if TypeScript saw an error on each (an unused one is
  // itself an error above); make sure the files do hold some.
  const expected = files.map((f) => ts.sys.readFile(f).split('@ts-expect-error').length - 1);
  assert.ok(expected.every((n) => n >= 1), `each usage file marks a misuse: ${expected}`);
});

test('each entry declares exactly the values it exports', async () => {
  const declarations = Object.values(ENTRIES).map((file) => path.join(ROOT, 'npm', `${file}.d.ts`));
  const program = ts.createProgram(declarations, OPTIONS);
  assert.deepEqual(ts.getPreEmitDiagnostics(program).map(describe), []);
  const checker = program.getTypeChecker();
  for (const [subpath, file] of Object.entries(ENTRIES)) {
    const source = program.getSourceFile(path.join(ROOT, 'npm', `${file}.d.ts`));
    const declaredValues = checker.getExportsOfModule(checker.getSymbolAtLocation(source))
      .filter((symbol) => {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        return (target.flags & ts.SymbolFlags.Value) !== 0;
      })
      .map((symbol) => symbol.name).sort();
    const runtime = await import(subpath === '.' ? 'vigil-sdk' : `vigil-sdk/${subpath}`);
    assert.deepEqual(declaredValues, Object.keys(runtime).sort(), `vigil-sdk${subpath === '.' ? '' : `/${subpath}`}`);
  }
});
