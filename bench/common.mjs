// Shared parts of the benchmarks: a consistent snapshot of npm/dist, esbuild bundling of the
// bench pages, compressed sizes, a static server that serves the bundles from memory, and the
// small statistics and formatting helpers. Nothing here is cached between runs: each benchmark
// re-reads npm/dist and re-bundles, because the package is rebuilt while people measure it.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';
import { startStaticServer, launchBrowser } from '../tests/browser/harness.js';

export { launchBrowser };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// VIGIL_BENCH_DIST measures another build of the package (an optimisation-level experiment).
export const DIST = process.env.VIGIL_BENCH_DIST ?? path.join(ROOT, 'npm/dist');
export const PAGES = path.join(ROOT, 'bench/pages');

// The files the browser entry needs; a rebuild deletes npm/dist first, so all must be present.
const DIST_FILES = ['vigil.wasm', 'browser/index.js', 'core/vigil-core-names.js', 'core/load-core.js'];

/** True when `import.meta.url` of the caller is the script node was started with. */
export function isMain(metaUrl) {
  return process.argv[1] !== undefined && metaUrl === pathToFileURL(path.resolve(process.argv[1])).href;
}

/** Parses `--name value` and `--flag` arguments. */
export function parseArgs(argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) continue;
    const key = argv[i].slice(2);
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) { out[key] = next; i++; } else out[key] = true;
  }
  return out;
}

/** Raw, gzip -9 and brotli q11 byte counts. */
export function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

/** Adds size records field by field. */
export function addSizes(...list) {
  return list.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }),
    { raw: 0, gzip: 0, brotli: 0 });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function distStamp(extra = []) {
  return [...DIST_FILES, ...extra].map((f) => {
    const info = statSync(path.join(DIST, f));
    return `${f}:${info.size}:${info.mtimeMs}`;
  }).join('|');
}

/**
 * Bundles `entries` ({ name: absolute path }) while npm/dist holds still, and reads vigil.wasm in
 * the same window, so the export names inside the bundle and the Wasm served beside it come
 * from one build. Waits (up to a minute) while a rebuild has npm/dist half-written.
 * `wasmFiles` names more Wasm files of npm/dist read in the same window (`wasms`, by name).
 * @returns {Promise<{ bundles: Record<string, {entry: Uint8Array, chunks: {path: string, lazy: boolean, bytes: Uint8Array}[], inputs: Record<string, number>}>, wasm: Buffer, wasms: Record<string, Buffer> }>}
 */
export async function bundleAgainstDist(entries, { splitting = false, wasmFiles = [], keepNames = false } = {}) {
  const deadline = Date.now() + 60_000;
  let buildErrors = 0;
  for (;;) {
    let before;
    try {
      before = distStamp(wasmFiles);
      const bundles = await bundle(entries, { splitting, keepNames });
      const wasm = readFileSync(path.join(DIST, 'vigil.wasm'));
      const wasms = Object.fromEntries(wasmFiles.map((f) => [f, readFileSync(path.join(DIST, f))]));
      if (distStamp(wasmFiles) === before) return { bundles, wasm, wasms };
    } catch (error) {
      // A missing file is a rebuild in progress; a syntax error may be a copy caught mid-way,
      // but one that stays is real and worth reporting at once.
      const missing = error.code === 'ENOENT';
      if (!missing) buildErrors++;
      if (Date.now() > deadline || buildErrors > 3) throw error;
    }
    if (Date.now() > deadline) throw new Error('npm/dist kept changing while bundling; is a build looping?');
    await sleep(1500);
  }
}

/**
 * Bundles each entry as an application would ship it: esbuild, ESM, browser platform, minified,
 * tree-shaken, production conditions. With `splitting`, dynamic imports become separate chunks
 * (what a page could load lazily); with `keepNames`, identifiers are not shortened (readable
 * profiles; the sizes are then not an app's).
 */
export async function bundle(entries, { splitting = false, keepNames = false } = {}) {
  const result = await build({
    entryPoints: entries,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: !keepNames,
    minifyWhitespace: true,
    minifySyntax: true,
    treeShaking: true,
    splitting,
    write: false,
    metafile: true,
    outdir: '/bench-out',
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  const byPath = new Map(result.outputFiles.map((f) => [f.path, f.contents]));
  const out = {};
  for (const [name] of Object.entries(entries)) {
    const entryPath = `/bench-out/${name}.js`;
    const chunks = [];
    // Every chunk the entry can reach, through static imports (always loaded) or dynamic ones.
    const seen = new Set();
    const visit = (p, lazy) => {
      if (seen.has(p)) return;
      seen.add(p);
      const meta = result.metafile.outputs[path.relative(ROOT, p)] ?? result.metafile.outputs[p];
      if (p !== entryPath) chunks.push({ path: p, lazy, bytes: byPath.get(p) });
      for (const imp of meta?.imports ?? []) {
        if (imp.external) continue;
        const target = path.resolve(ROOT, imp.path);
        visit(byPath.has(target) ? target : imp.path, lazy || imp.kind === 'dynamic-import');
      }
    };
    visit(entryPath, false);
    // Minified bytes each source file contributes to the entry chunk (raw, before compression).
    const entryMeta = result.metafile.outputs[path.relative(ROOT, entryPath)];
    const inputs = Object.fromEntries(Object.entries(entryMeta?.inputs ?? {}).map(([k, v]) => [k, v.bytesInOutput]));
    out[name] = { entry: byPath.get(entryPath), chunks, inputs };
  }
  return out;
}

/**
 * The repository's static server plus in-memory files: `files` maps URL paths to
 * `{ body, type }`. Bundles are served under /bench/gen/js/ and the Wasm snapshot at
 * /bench/gen/vigil.wasm, where the bundled loader's `new URL('../vigil.wasm', import.meta.url)`
 * points (as if a bundler had copied the asset next to the output directory). `extraRoutes`
 * maps more exact paths to `(req, res)` handlers.
 */
export function startBenchServer(files, extraRoutes = {}) {
  const routes = { ...extraRoutes };
  for (const [urlPath, { body, type }] of Object.entries(files)) {
    routes[urlPath] = (req, res) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
  }
  return startStaticServer({ routes });
}

/** Serves the given bundles (name → bytes) and the Wasm snapshot (plus `wasms`, by file name). */
export function benchFiles(bundles, wasm, wasms = {}) {
  const files = { '/bench/gen/vigil.wasm': { body: wasm, type: 'application/wasm' } };
  for (const [name, body] of Object.entries(wasms)) files[`/bench/gen/${name}`] = { body, type: 'application/wasm' };
  for (const [name, b] of Object.entries(bundles)) {
    files[`/bench/gen/js/${name}.js`] = { body: b.entry, type: 'text/javascript; charset=utf-8' };
    for (const chunk of b.chunks) {
      files[`/bench/gen/js/${path.basename(chunk.path)}`] = { body: chunk.bytes, type: 'text/javascript; charset=utf-8' };
    }
  }
  return files;
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
export const ms = (n) => `${n.toFixed(1)} ms`;
export const ratio = (n) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');

/** A markdown table from a header row and rows of cells. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
