// Bundle size of an errors-only app: the same small program (init with dsn and release, setTag,
// a click handler that catches an error and captures it) bundled by esbuild once against
// @sentry/browser and once against Vigil's ESM entry. Vigil also transfers vigil.wasm, fetched
// separately at start-up, so its total is JS + Wasm. Chunks reachable only through dynamic
// import() are reported apart: a page can defer them.
// Usage: node bench/bundle-size.mjs
import path from 'node:path';
import { PAGES, bundleAgainstDist, sizes, addSizes, kb, ratio, table, isMain } from './common.mjs';

/**
 * Bundles both apps and measures them.
 * @returns {Promise<{ data: object, markdown: string }>}
 */
export async function runBundleSize() {
  const { bundles, wasm } = await bundleAgainstDist({
    'app-sentry': path.join(PAGES, 'app-sentry.js'),
    'app-vigil': path.join(PAGES, 'app-vigil.js'),
  }, { splitting: true });

  const measure = (b) => {
    const eager = addSizes(sizes(b.entry), ...b.chunks.filter((c) => !c.lazy).map((c) => sizes(c.bytes)));
    const lazy = addSizes(...b.chunks.filter((c) => c.lazy).map((c) => sizes(c.bytes)));
    return { js: eager, lazy, lazyChunks: b.chunks.filter((c) => c.lazy).length };
  };
  const sentry = measure(bundles['app-sentry']);
  const vigil = measure(bundles['app-vigil']);
  const wasmSize = sizes(wasm);
  sentry.total = sentry.js;
  vigil.wasm = wasmSize;
  vigil.total = addSizes(vigil.js, wasmSize);
  const ratios = {
    raw: vigil.total.raw / sentry.total.raw,
    gzip: vigil.total.gzip / sentry.total.gzip,
    brotli: vigil.total.brotli / sentry.total.brotli,
  };

  const row = (label, s) => [label, kb(s.raw), kb(s.gzip), kb(s.brotli)];
  const rows = [
    row('@sentry/browser JS (= total)', sentry.total),
    row('Vigil JS', vigil.js),
    row('Vigil vigil.wasm', vigil.wasm),
    row('**Vigil total (JS + Wasm)**', vigil.total),
    ['**Vigil / Sentry**', ratio(ratios.raw), ratio(ratios.gzip), ratio(ratios.brotli)],
  ];
  for (const [name, s] of [['@sentry/browser', sentry], ['Vigil', vigil]]) {
    rows.push(s.lazyChunks
      ? row(`${name} lazy chunks (${s.lazyChunks}, not in total)`, s.lazy)
      : [`${name} lazy chunks`, 'none', '', '']);
  }
  // Where Vigil's JS comes from (minified raw bytes per area), for whoever shrinks it next.
  const areas = {};
  for (const [file, bytes] of Object.entries(bundles['app-vigil'].inputs)) {
    const area = /core\/(instantiate-core|core-abi|vigil-core-names)\.js$/.test(file) ? 'Wasm loader and C interface'
      : /browser\/transport\//.test(file) ? 'transport'
        : /browser\/integrations\//.test(file) ? 'integrations'
          : /npm\/dist\//.test(file) ? 'client and API' : 'the app itself';
    areas[area] = (areas[area] ?? 0) + bytes;
  }
  vigil.jsAreas = areas;
  const breakdown = Object.entries(areas).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${kb(v)}`).join(', ');
  const markdown = `### Bundle size: errors-only app (esbuild, minified ESM)\n\n${table(['', 'raw', 'gzip -9', 'brotli q11'], rows)}\n\nVigil JS by area (minified, raw): ${breakdown}.`;
  return { data: { sentry, vigil, ratios }, markdown };
}

if (isMain(import.meta.url)) {
  const { markdown } = await runBundleSize();
  console.log(markdown);
}
