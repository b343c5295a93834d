// vigilDebugIdPlugin: a Vite (and Rollup/Rolldown) plugin giving every emitted JavaScript file
// a debug id. For each chunk with a source map it
// - prepends one line that registers the id under the file's URL at run time (the SDK turns
//   that into the event's `debug_meta.images`),
// - appends `//# debugId=<id>` (where Sentry's tools look for it in a file),
// - writes `debugId` and `debug_id` into the chunk's .map, and shifts the map's lines by the one
//   it added, so the map still matches the file.
// Upload the .map files (e.g. `sentry-cli sourcemaps upload dist`) and Sentry resolves frames
// by id, whatever URL the files are served from.
import { Buffer } from 'node:buffer';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { debugIdFor, registrationSnippet } from './debug-id.js';

const JS_FILE = /\.[cm]?js$/;
const SOURCE_MAPPING_URL = /\n\/\/# sourceMappingURL=[^\n]*\s*$/;

/**
 * @returns {{ name: string, apply: 'build', enforce: 'post', generateBundle: Function }}
 */
export function vigilDebugIdPlugin() {
  const written = new Map();  // .map file name -> debug id
  return {
    name: 'vigil-debug-id',
    apply: 'build',
    enforce: 'post',
    generateBundle(outputOptions, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !JS_FILE.test(chunk.fileName)) continue;
        const mapFile = bundle[chunk.sourcemapFileName ?? `${chunk.fileName}.map`];
        if (!chunk.map && !mapFile) continue;  // no map, nothing an id could point to
        if (/^\/\/# debugId=/m.test(chunk.code)) continue;  // already done by another tool
        // An inline map is already encoded into the code and could not follow the new line.
        if (/\/\/# sourceMappingURL=data:/.test(chunk.code)) continue;
        const id = debugIdFor(chunk.code);
        written.set(chunk.sourcemapFileName ?? `${chunk.fileName}.map`, id);
        const hashbang = chunk.code.startsWith('#!');
        chunk.code = withDebugId(chunk.code, id);
        try {
          if (chunk.map) shiftMap(chunk.map, id, hashbang);
        } catch {
          // A read-only map object: the .map file below is what gets written.
        }
        if (mapFile && mapFile.type === 'asset') {
          const text = typeof mapFile.source === 'string' ? mapFile.source : Buffer.from(mapFile.source).toString('utf8');
          const map = JSON.parse(text);
          shiftMap(map, id, hashbang);
          mapFile.source = JSON.stringify(map);
        }
      }
    },
    // Rolldown (Vite 8) writes the .map from the chunk's own map object, which keeps `debugId`
    // but no other extra key: `debug_id` (older tools' name) is added to the written file.
    async writeBundle(outputOptions) {
      const dir = outputOptions.dir ?? (outputOptions.file ? path.dirname(outputOptions.file) : undefined);
      if (!dir) return;
      for (const [fileName, id] of written) {
        const file = path.join(dir, fileName);
        try {
          const map = JSON.parse(await readFile(file, 'utf8'));
          if (map.debugId === id && map.debug_id === id) continue;
          map.debugId = id;
          map.debug_id = id;
          await writeFile(file, JSON.stringify(map));
        } catch {
          // Not written (sourcemap 'inline', or written elsewhere): nothing to add to.
        }
      }
      written.clear();
    },
  };
}

// The snippet goes on a line of its own before the code (after a hashbang line, which must stay
// first); the comment goes before the sourceMappingURL comment, or at the end.
function withDebugId(code, id) {
  const comment = `\n//# debugId=${id}`;
  const hashbang = code.startsWith('#!') ? code.slice(0, code.indexOf('\n') + 1) : '';
  let body = code.slice(hashbang.length);
  const trailer = SOURCE_MAPPING_URL.exec(body);
  body = trailer ? body.slice(0, trailer.index) + comment + body.slice(trailer.index) : body + comment;
  return `${hashbang}${registrationSnippet(id)}\n${body}`;
}

// One generated line was inserted (line 0, or line 1 after a hashbang). Mappings are relative
// within and across lines, so an empty line between them changes nothing else.
function shiftMap(map, id, afterHashbang = false) {
  if (typeof map.mappings === 'string') {
    const lines = map.mappings.split(';');
    lines.splice(afterHashbang ? 1 : 0, 0, '');
    map.mappings = lines.join(';');
  }
  map.debugId = id;
  map.debug_id = id;
}
