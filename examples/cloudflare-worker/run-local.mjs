// Runs the example worker in workerd (miniflare) against the local receiver, with no account
// and no network: bundles src/index.js as wrangler would, sends a few requests and a cron
// trigger, and prints what reached the receiver.
// Usage (from the repository root, after `bash scripts/build.sh`):
//   node examples/cloudflare-worker/run-local.mjs            # its own receiver on a free port
//   node examples/cloudflare-worker/run-local.mjs --dsn URL  # another receiver or a real DSN
import { mkdtemp, mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { startReceiver } from '../../npm/receiver/server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

/** Bundles src/index.js; `vigil-sdk` resolves to this repository's npm/ package. */
async function bundle() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-example-worker-'));
  await mkdir(path.join(dir, 'node_modules'));
  await symlink(path.join(repo, 'npm'), path.join(dir, 'node_modules', 'vigil-sdk'));
  const out = path.join(dir, 'out');
  await build({
    entryPoints: [path.join(here, 'src/index.js')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    nodePaths: [path.join(dir, 'node_modules')],
    external: ['node:*', 'cloudflare:*'],
    loader: { '.wasm': 'copy' },
    outdir: out,
    logLevel: 'error',
  });
  const modules = [];
  for (const file of (await readdir(out)).sort()) {
    const full = path.join(out, file);
    const module = { type: file.endsWith('.wasm') ? 'CompiledWasm' : 'ESModule', path: full, contents: await readFile(full) };
    if (module.type === 'ESModule') modules.unshift(module);
    else modules.push(module);
  }
  return { dir: out, modules };
}

/**
 * Runs the scenario; resolves with what the worker answered.
 * @param {{ dsn: string, flags?: string[], log?: (line: string) => void }} options
 */
export async function runExample({ dsn, flags = ['nodejs_als'], log = () => {} }) {
  const { dir, modules } = await bundle();
  const mf = new Miniflare({
    modulesRoot: dir,
    modules,
    compatibilityDate: '2025-06-01',
    compatibilityFlags: flags,
    bindings: { SENTRY_DSN: dsn, RELEASE: 'orders-worker@1.0.0' },
    cf: false,
  });
  const answers = {};
  try {
    const get = async (p, headers) => {
      const response = await mf.dispatchFetch(`http://orders.example${p}`, { headers });
      answers[p] = { status: response.status, body: await response.text() };
      log(`GET ${p} -> ${response.status}`);
    };
    await get('/orders/7', { 'x-user-id': 'alice' });
    await Promise.all([
      get('/orders/13', { 'x-user-id': 'bob', cookie: 'session=never-sent' }),
      get('/report', { 'x-user-id': 'carol' }),
    ]);
    await get('/cleanup', { 'x-user-id': 'dave' });
    const worker = await mf.getWorker();
    const cron = await worker.scheduled({ cron: '*/30 * * * *' });
    answers.cron = cron.outcome;
    log(`cron -> ${cron.outcome}`);
    // Give ctx.waitUntil work (the cleanup and the deliveries) time to finish.
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    await mf.dispose();
  }
  return answers;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--dsn');
  const given = i > 0 ? process.argv[i + 1] : undefined;
  const receiver = given ? null : await startReceiver();
  const dsn = given ?? receiver.dsn();
  console.log(`DSN: ${dsn}`);
  await runExample({ dsn, log: (line) => console.log(line) });
  if (receiver) {
    const events = await receiver.waitFor({ type: 'event', count: 4, timeout: 10_000 }).catch(() => receiver.envelopes({ type: 'event' }));
    for (const record of events) {
      const event = record.items.find((item) => item.type === 'event')?.payload ?? {};
      const what = event.exception?.values?.at(-1)?.value ?? event.message?.formatted ?? event.message;
      console.log(`event: ${what} | user ${event.user?.id ?? '-'} | ${event.request ? `${event.request.method} ${event.request.url}` : event.contexts?.cloudflare?.trigger}`);
    }
    await receiver.close();
  }
}
