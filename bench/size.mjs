// Prints the transferred size of what the package ships: raw, gzip -9 and brotli -11 bytes
// for the Wasm core, the core's generated export names and the hand-written bindings.
// Usage: node bench/size.mjs [distDir]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2] ?? new URL('../npm/dist', import.meta.url).pathname;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function measure(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

const groups = { wasm: [], names: [], bindings: [] };
for (const file of walk(dist)) {
  if (file.endsWith('.wasm')) groups.wasm.push(file);
  else if (/vigil(-replay)?-core-names\.js$/.test(file)) groups.names.push(file);
  else if (/\.(m?js)$/.test(file)) groups.bindings.push(file);
}

const rows = [];
for (const [group, files] of Object.entries(groups)) {
  if (files.length === 0) continue;
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const m = measure(readFileSync(file));
    rows.push({ file: relative(dist, file), ...m });
    for (const k of Object.keys(total)) total[k] += m[k];
  }
  rows.push({ file: `= ${group} (${files.length} files, each compressed alone)`, ...total });
}

const pad = (s, n) => String(s).padStart(n);
console.log(`${'file'.padEnd(52)} ${pad('raw', 9)} ${pad('gzip', 9)} ${pad('brotli', 9)}`);
for (const r of rows) console.log(`${r.file.padEnd(52)} ${pad(r.raw, 9)} ${pad(r.gzip, 9)} ${pad(r.brotli, 9)}`);
