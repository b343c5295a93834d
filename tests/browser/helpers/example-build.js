// Builds an example app under examples/ with Vite (its own vite.config.js, the installed
// vigil-sdk from npm/dist) into a fresh temporary directory, as part of the test run.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { ROOT } from '../harness.js';

/**
 * @param {string} name the example's directory under examples/
 * @param {{ mode?: string }} [options] mode 'development' builds the frameworks' development
 *   variants (Vue's warnings, say)
 * @returns {Promise<{ outDir: string, files: string[], cleanup: () => Promise<void> }>}
 *   files: paths relative to outDir
 */
export function buildExample(name, options) {
  return buildApp(path.join(ROOT, 'examples', name), options);
}

/**
 * Builds the Vite app whose vite.config.js is in `root` (a test fixture, say).
 * @param {string} root
 * @param {{ mode?: string }} [options]
 * @returns {Promise<{ outDir: string, files: string[], cleanup: () => Promise<void> }>}
 */
export async function buildApp(root, { mode } = {}) {
  const outDir = await mkdtemp(path.join(os.tmpdir(), `vigil-${path.basename(root)}-`));
  await build({
    root,
    configFile: path.join(root, 'vite.config.js'),
    logLevel: 'error',
    mode,
    // Libraries pick their development variant from process.env.NODE_ENV, which a build sets
    // to production whatever the mode.
    define: mode === 'development' ? { 'process.env.NODE_ENV': JSON.stringify('development') } : undefined,
    build: { outDir, emptyOutDir: true },
  });
  const files = (await readdir(outDir, { recursive: true })).map((f) => f.split(path.sep).join('/'));
  return { outDir, files, cleanup: () => rm(outDir, { recursive: true, force: true }) };
}

/** Static-server routes that answer every listed app path with the built index.html (an SPA). */
export function spaRoutes(outDir, paths = ['/']) {
  const routes = {};
  for (const p of paths) {
    routes[p] = async (req, res) => {
      const html = await readFile(path.join(outDir, 'index.html'));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    };
  }
  return routes;
}
