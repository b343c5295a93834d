import zlib from 'node:zlib';
import { HttpError } from './http-error.js';

// Decoders are streams so a decompression bomb is stopped after `maxBytes` of output rather
// than inflated in full and measured afterwards.
const DECODERS = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
  // zstd only exists in newer Node versions; offered when the runtime has it.
  ...(typeof zlib.createZstdDecompress === 'function'
    ? { zstd: () => zlib.createZstdDecompress() }
    : {}),
};

const MAX_STACKED_ENCODINGS = 4;

/**
 * Lists the content codings of a request in the order they must be undone.
 * @param {string | undefined} header Content-Encoding header value.
 * @returns {string[]}
 */
export function decodingOrder(header) {
  const codings = String(header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  if (codings.length > MAX_STACKED_ENCODINGS) {
    throw new HttpError(400, 'too many content encodings');
  }
  for (const c of codings) {
    if (!DECODERS[c]) throw new HttpError(415, `unsupported content encoding "${c}"`);
  }
  return codings.reverse();
}

/**
 * Reads a request body, undoing its Content-Encoding, within two budgets.
 * @param {import('node:http').IncomingMessage} req
 * @param {{ maxWireBytes: number, maxBytes: number }} limits bytes on the wire and after
 *   decoding; either overflow rejects with 413.
 * @returns {Promise<{ body: Buffer, wireBytes: number, encoding: string }>}
 */
export function readBody(req, { maxWireBytes, maxBytes }) {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxWireBytes) {
    return Promise.reject(tooLarge(`request body exceeds ${maxWireBytes} bytes`));
  }
  let order;
  try {
    order = decodingOrder(req.headers['content-encoding']);
  } catch (err) {
    return Promise.reject(err);
  }
  const encoding = order.length ? [...order].reverse().join(', ') : 'identity';

  return new Promise((resolve, reject) => {
    const decoders = order.map((name) => ({ name, stream: DECODERS[name]() }));
    const chunks = [];
    let wireBytes = 0;
    let outBytes = 0;
    let settled = false;

    const finish = (err, value) => {
      if (settled) return;
      settled = true;
      for (const { stream } of decoders) stream.destroy();
      if (decoders.length) req.unpipe(decoders[0].stream);
      if (err) {
        chunks.length = 0;
        reject(err);
      } else {
        resolve(value);
      }
    };

    req.on('data', (chunk) => {
      wireBytes += chunk.length;
      if (wireBytes > maxWireBytes) finish(tooLarge(`request body exceeds ${maxWireBytes} bytes`));
    });
    req.on('error', (err) => finish(err));
    req.on('aborted', () => finish(new Error('client aborted the request')));

    let source = req;
    for (const { name, stream } of decoders) {
      stream.on('error', (err) => finish(new HttpError(400, `invalid ${name} body: ${err.message}`)));
      source = source.pipe(stream);
    }
    source.on('data', (chunk) => {
      if (settled) return;
      outBytes += chunk.length;
      if (outBytes > maxBytes) {
        finish(tooLarge(`decoded body exceeds ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    source.on('end', () => finish(null, { body: Buffer.concat(chunks, outBytes), wireBytes, encoding }));
  });
}

function tooLarge(detail) {
  return new HttpError(413, detail);
}
