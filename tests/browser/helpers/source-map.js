// Reads a source map the way a symbolicating server does, to prove that a frame of the built
// file (line and column, 1-based, as events carry them) leads back to the original source.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeVlq(text) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const ch of text) {
    const digit = B64.indexOf(ch);
    if (digit < 0) throw new Error(`bad VLQ character ${ch}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/**
 * @param {{ sources: string[], mappings: string }} map
 * @param {number} line 1-based line in the generated file
 * @param {number} column 1-based column
 * @returns {{ source: string, line: number, column: number, name?: string } | null} 1-based original position
 *   of the closest segment at or before the column
 */
export function originalPosition(map, line, column) {
  let source = 0;
  let origLine = 0;
  let origCol = 0;
  let nameIndex = 0;
  const lines = map.mappings.split(';');
  let found = null;
  for (let l = 0; l < lines.length && l < line; l++) {
    let genCol = 0;
    for (const segment of lines[l].split(',')) {
      if (!segment) continue;
      const v = decodeVlq(segment);
      genCol += v[0];
      if (v.length >= 4) {
        source += v[1];
        origLine += v[2];
        origCol += v[3];
      }
      if (v.length >= 5) nameIndex += v[4];
      if (l === line - 1 && genCol <= column - 1 && v.length >= 4) {
        found = { source: map.sources[source], line: origLine + 1, column: origCol + 1, name: v.length >= 5 ? map.names[nameIndex] : undefined };
      }
    }
  }
  return found;
}
