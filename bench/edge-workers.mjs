// The same tiny worker three ways (no SDK, Vigil, @sentry/cloudflare), bundled the way wrangler
// would (esbuild, ESM, node:* and cloudflare:* left to the runtime, .wasm as a CompiledWasm
// module), for the edge benchmark. Each handler does a little work: it parses the URL, hashes
// a short string and answers JSON.
import { mkdtemp, mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const HANDLER = `{
  async fetch(request) {
    const url = new URL(request.url);
    let h = 2166136261;
    for (const c of url.pathname + (url.searchParams.get('q') ?? '')) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    return Response.json({ path: url.pathname, hash: h >>> 0 });
  },
}`;

// The default export serves requests through the (wrapped) handler, and `/__loop?n=N` calls
// the wrapped handler N times inside one request, each with a fresh Request and ctx: the SDK's
// cost per invocation without the noise of dispatching N requests into workerd.
const LOOP = `
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== '/__loop') return handler.fetch(request, env, ctx);
    const n = Number(url.searchParams.get('n'));
    for (let i = 0; i < n; i++) {
      const inner = { waitUntil: (p) => ctx.waitUntil(p), passThroughOnException() {} };
      const response = await handler.fetch(new Request(\`http://bench.test/item/\${i % 97}?q=\${i}\`), env, inner);
      await response.arrayBuffer();
    }
    return new Response('done');
  },
};
`;

/** Worker sources by variant. */
export const WORKERS = {
  none: `const handler = ${HANDLER};\n${LOOP}`,
  vigil: `import { withVigil } from 'vigil-sdk/edge';
import wasm from 'vigil-sdk/vigil.wasm';
const handler = withVigil((env) => ({ dsn: env.DSN, release: 'bench@1', wasmModule: wasm }), ${HANDLER});\n${LOOP}`,
  sentry: `import * as Sentry from '@sentry/cloudflare';
const handler = Sentry.withSentry((env) => ({ dsn: env.DSN, release: 'bench@1' }), ${HANDLER});\n${LOOP}`,
};

/**
 * Bundles one variant, minified as a deploy would be.
 * @param {keyof WORKERS} variant
 * @returns {Promise<{ dir: string, modules: Array<{ type: string, path: string, contents: Buffer }>,
 *   js: { raw: number, gzip: number }, wasm: { raw: number, gzip: number } | null }>}
 */
export async function bundleWorker(variant) {
  const dir = await mkdtemp(path.join(os.tmpdir(), `vigil-edge-bench-${variant}-`));
  // vigil-sdk resolves through its package.json exports, as it would from node_modules.
  const nodeModules = path.join(dir, 'node_modules');
  await mkdir(nodeModules);
  await symlink(path.join(ROOT, 'npm'), path.join(nodeModules, 'vigil-sdk'));
  const out = path.join(dir, 'out');
  await build({
    stdin: { contents: WORKERS[variant], resolveDir: ROOT, sourcefile: `${variant}-worker.js`, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser', 'production'],
    mainFields: ['module', 'main'],
    nodePaths: [nodeModules, path.join(ROOT, 'node_modules')],
    external: ['node:*', 'cloudflare:*'],
    loader: { '.wasm': 'copy' },
    outdir: out,
    logLevel: 'error',
  });
  const modules = [];
  let js = { raw: 0, gzip: 0 };
  let wasm = null;
  for (const file of (await readdir(out)).sort()) {
    const full = path.join(out, file);
    const contents = await readFile(full);
    const size = { raw: contents.length, gzip: gzipSync(contents, { level: 9 }).length };
    if (file.endsWith('.wasm')) {
      modules.push({ type: 'CompiledWasm', path: full, contents });
      wasm = size;
    } else {
      modules.unshift({ type: 'ESModule', path: full, contents });
      js = { raw: js.raw + size.raw, gzip: js.gzip + size.gzip };
    }
  }
  return { dir: out, modules, js, wasm };
}
