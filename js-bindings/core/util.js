// Small helpers with no better home.

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
// Random bytes for 64 ids at a time: one getRandomValues call instead of one per event.
const pool = new Uint8Array(16 * 64);
let poolAt = pool.length;

/** A version-4 UUID as 32 lowercase hex characters, Sentry's event_id form. */
export function uuid4() {
  if (poolAt === pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolAt = 0;
  }
  const b = pool.subarray(poolAt, (poolAt += 16));
  let id = '';
  for (let i = 0; i < 16; i++) {
    const byte = i === 6 ? (b[i] & 0x0f) | 0x40 : i === 8 ? (b[i] & 0x3f) | 0x80 : b[i];
    id += HEX[byte];
  }
  return id;
}
