import http from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveLimits } from './limits.js';
import { loadRecords } from './records.js';
import { route } from './router.js';
import { createSimulation } from './simulate.js';
import { openStore } from './store.js';
import { waitForArrivals } from './wait.js';

/**
 * @typedef {object} ReceiverOptions
 * @property {number} [port=0] 0 picks a free port.
 * @property {string} [host='127.0.0.1']
 * @property {string} [dir] data directory; a fresh temporary one when omitted.
 * @property {string[]} [publicKeys] accepted DSN public keys; empty accepts any key.
 * @property {Array<string | number>} [projectIds] known project ids; empty accepts any.
 * @property {Partial<import('./limits.js').Limits>} [limits] size limit overrides.
 * @property {import('./simulate.js').ControlPatch} [simulate] initial failure simulations.
 * @property {(line: string) => void} [log] one line per request and internal errors.
 */

/**
 * @typedef {object} Receiver
 * @property {string} url base URL, e.g. `http://127.0.0.1:41234`.
 * @property {number} port
 * @property {string} dir absolute data directory.
 * @property {(publicKey?: string, projectId?: string | number) => string} dsn a DSN pointing here.
 * @property {(filter?: { type?: string }) => Promise<import('./records.js').EnvelopeRecord[]>} envelopes
 *   stored envelopes, decoded, oldest first; with `type`, only those holding such an item.
 * @property {(options?: { type?: string, count?: number, timeout?: number }) =>
 *   Promise<import('./records.js').EnvelopeRecord[]>} waitFor resolves when `count` items of
 *   `type` (or envelopes, without type) are stored; rejects after `timeout` ms (default 5000).
 * @property {(patch?: import('./simulate.js').ControlPatch) => object} control changes
 *   simulations (same body as POST /__vigil/control) and returns the current settings.
 * @property {() => Promise<void>} clear deletes everything stored.
 * @property {() => Promise<void>} close stops listening and drops open connections.
 */

/**
 * Starts a local receiver that accepts Sentry envelopes the way Relay does.
 * @param {ReceiverOptions} [options]
 * @returns {Promise<Receiver>}
 */
export async function startReceiver({
  port = 0,
  host = '127.0.0.1',
  dir,
  publicKeys = [],
  projectIds = [],
  limits,
  simulate,
  log,
} = {}) {
  const store = await openStore(dir ?? await mkdtemp(path.join(os.tmpdir(), 'vigil-receiver-')));
  const ctx = {
    store,
    simulation: createSimulation(simulate),
    auth: { publicKeys: publicKeys.map(String), projectIds: projectIds.map(String) },
    limits: resolveLimits(limits),
    log,
  };
  const server = http.createServer((req, res) => {
    route(ctx, req, res);
  });
  server.on('clientError', (err, socket) => {
    // Malformed HTTP never reaches route(); answer it here instead of letting Node log it.
    if (socket.writable && !socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const actualPort = server.address().port;
  const urlHost = urlHostFor(host);
  const closing = new AbortController();

  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    dir: store.dir,
    dsn(publicKey = ctx.auth.publicKeys[0] ?? 'public', projectId = ctx.auth.projectIds[0] ?? '1') {
      return `http://${encodeURIComponent(publicKey)}@${urlHost}:${actualPort}/${projectId}`;
    },
    async envelopes({ type } = {}) {
      let entries = store.entries();
      if (type) entries = entries.filter((e) => e.items.some((i) => i.type === type && !i.dropped));
      return loadRecords(store, entries, ctx.limits);
    },
    async waitFor(options = {}) {
      const entries = await waitForArrivals(store, { ...options, signal: closing.signal });
      return loadRecords(store, entries, ctx.limits);
    },
    control(patch) {
      return patch === undefined ? ctx.simulation.snapshot() : ctx.simulation.update(patch);
    },
    clear: () => store.clear(),
    close() {
      closing.abort(new Error('receiver closed'));
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function urlHostFor(host) {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
