import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { HttpError } from './http-error.js';

// rrweb's player, served to the replay page from the installed `rrweb` package. It is found at
// run time (not bundled) so the receiver works from an installed vigil-sdk; rrweb does not export
// its package.json, so the package root is derived from its main entry instead.

const require = createRequire(import.meta.url);

/** @type {{ dir: string } | { error: string } | undefined} */
let located;

/**
 * Finds rrweb's dist folder once; remembers a failure as a message instead of throwing.
 * @returns {{ dir: string } | { error: string }}
 */
export function locateRrweb() {
  if (!located) {
    try {
      located = { dir: path.dirname(require.resolve('rrweb')) };
    } catch (err) {
      located = { error: `rrweb could not be resolved (${err?.code ?? err?.message}); install it with \`npm install rrweb@2.2.2\`` };
    }
  }
  return located;
}

// Only these names are served, so no request path ever reaches the file system.
const ASSETS = {
  'rrweb.js': { file: 'rrweb.umd.min.cjs', type: 'text/javascript; charset=utf-8' },
  'rrweb.css': { file: 'style.min.css', type: 'text/css; charset=utf-8' },
  'player.js': { own: 'player-client.js', type: 'text/javascript; charset=utf-8' },
};

/** `GET /__vigil/assets/<name>` */
export async function serveAsset(ctx, req, res, url, name) {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) throw new HttpError(404, 'no such asset');
  let file;
  if (asset.own) {
    file = new URL(asset.own, import.meta.url);
  } else {
    const rrweb = locateRrweb();
    if ('error' in rrweb) throw new HttpError(503, rrweb.error);
    file = path.join(rrweb.dir, asset.file);
  }
  const body = await readFile(file);
  res.setHeader('Content-Type', asset.type);
  res.setHeader('Content-Length', String(body.length));
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.writeHead(200);
  res.end(req.method === 'HEAD' ? undefined : body);
}
