// Browsers allow at most 64 KiB of keepalive request bodies in flight per page, shared by every
// script on it; a keepalive fetch past that is rejected at once ("Failed to fetch"). Chromium
// also frees a request's share only 10–50 ms after its response arrives, so a budget that
// forgets a request when its response resolves hands out bytes the browser still counts
// (design.md, "A trap seen in Sentry's transport"). This tracker keeps answered requests
// counted for a while longer, and leaves headroom for other scripts' keepalive requests.

/**
 * @typedef {object} KeepaliveBudget
 * @property {(bytes: number) => boolean} reserve true when a body of `bytes` may go with
 *   keepalive now; the bytes are then counted until `answered` or `failed`.
 * @property {(bytes: number) => void} answered the request got a response: its bytes stay
 *   counted for `releaseDelayMs` more.
 * @property {(bytes: number) => void} failed the request failed: the browser holds nothing.
 * @property {(bytes: number) => boolean} fits whether `reserve(bytes)` would succeed now.
 * @property {() => { bytes: number, requests: number }} inFlight what is counted now.
 */

/**
 * @param {object} [options]
 * @param {number} [options.maxBytes=60000] below the browsers' 65,536 so another script's
 *   small beacon still fits.
 * @param {number} [options.maxRequests=15] keepalive requests in flight at once.
 * @param {number} [options.releaseDelayMs=250] how long an answered request stays counted;
 *   Chromium was seen freeing it 30–60 ms after the response; a loaded machine is slower.
 * @returns {KeepaliveBudget}
 */
export function createKeepaliveBudget({ maxBytes = 60_000, maxRequests = 15, releaseDelayMs = 250 } = {}) {
  let bytesInFlight = 0;
  let requestsInFlight = 0;

  const release = (bytes) => {
    bytesInFlight = Math.max(0, bytesInFlight - bytes);
    requestsInFlight = Math.max(0, requestsInFlight - 1);
  };
  const fits = (bytes) => requestsInFlight < maxRequests && bytesInFlight + bytes <= maxBytes;

  return {
    fits,
    reserve(bytes) {
      if (!fits(bytes)) return false;
      bytesInFlight += bytes;
      requestsInFlight += 1;
      return true;
    },
    answered(bytes) {
      setTimeout(() => release(bytes), releaseDelayMs);
    },
    failed(bytes) {
      release(bytes);
    },
    inFlight: () => ({ bytes: bytesInFlight, requests: requestsInFlight }),
  };
}
