// One clock for every span the browser integration makes. Performance entries are timed in
// milliseconds since performance.timeOrigin, so spans made from them and spans timed "now" must
// use that same origin; Date.now() can drift from it (clock adjustments, a sleeping laptop), and
// mixing the two would put a fetch span before the resource span of the same request.

const perf = globalThis.performance;
const hasPerf = typeof perf?.now === 'function';

/** Milliseconds since the epoch at which performance.now() was 0. */
export const timeOriginMs = hasPerf && typeof perf.timeOrigin === 'number' && perf.timeOrigin > 0
  ? perf.timeOrigin
  : Date.now() - (hasPerf ? perf.now() : 0);

/** Now, in Unix seconds, on the performance clock. */
export function nowSeconds() {
  return (timeOriginMs + (hasPerf ? perf.now() : Date.now() - timeOriginMs)) / 1000;
}

/** A performance timestamp (ms since time origin) as Unix seconds. */
export function perfToSeconds(ms) {
  return (timeOriginMs + ms) / 1000;
}
