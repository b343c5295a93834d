import { HttpError } from './http-error.js';

/**
 * A simulated rate limit. With `categories` it applies to items of those data categories only
 * (a mixed envelope then gets 200 with the header and the limited items dropped, as Relay
 * does); without, to every request.
 * @typedef {{ requests?: number | null, categories?: string[], header?: string | null,
 *   retryAfter?: number | string | null }} RateLimitRule
 *   `requests`: how many matching requests it applies to; null/absent = until cleared.
 *   `header`: X-Sentry-Rate-Limits value sent verbatim; when absent and `retryAfter` is also
 *   absent (or categories are given) one is built from the categories.
 *   `retryAfter`: Retry-After value (seconds or HTTP date).
 * @typedef {{ requests?: number | null, mode?: 'status' | 'destroy', status?: number,
 *   retryAfter?: number | string | null }} OutageRule
 *   `mode: 'destroy'` drops the connection without an answer; otherwise `status` (503).
 * @typedef {{ rateLimit?: RateLimitRule | RateLimitRule[] | null, outage?: OutageRule | null,
 *   latencyMs?: number, failRate?: number, reset?: boolean }} ControlPatch
 */

/**
 * Holds the failure simulations. Mutated by CLI flags at start and by /__vigil/control.
 * @param {ControlPatch} [initial]
 * @param {() => number} [random] source for `failRate`, replaceable for deterministic tests.
 */
export function createSimulation(initial = {}, random = Math.random) {
  let state = emptyState();

  /** @returns {object} a JSON-safe copy of the current settings. */
  function snapshot() {
    return structuredClone(state);
  }

  /**
   * Applies a control patch; fields left out keep their value.
   * @param {ControlPatch} patch
   * @throws {HttpError} 400 on invalid settings, leaving the state unchanged.
   */
  function update(patch) {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
      throw invalid('control body must be a JSON object');
    }
    const next = patch.reset ? emptyState() : structuredClone(state);
    if ('rateLimit' in patch) {
      const rules = patch.rateLimit == null ? [] : [patch.rateLimit].flat();
      next.rateLimits = rules.map(validateRateLimit);
    }
    if ('outage' in patch) next.outage = patch.outage == null ? null : validateOutage(patch.outage);
    if ('latencyMs' in patch) next.latencyMs = number(patch.latencyMs, 'latencyMs', 0, 600_000);
    if ('failRate' in patch) next.failRate = number(patch.failRate, 'failRate', 0, 1);
    state = next;
    return snapshot();
  }

  /** Decides whether this request hits a simulated outage, counting it down if so. */
  function takeOutage() {
    const { outage } = state;
    if (outage) {
      if (outage.requests != null && --outage.requests <= 0) state.outage = null;
      return { mode: outage.mode, status: outage.status, retryAfter: outage.retryAfter };
    }
    if (state.failRate > 0 && random() < state.failRate) {
      return { mode: 'status', status: 503, retryAfter: null };
    }
    return null;
  }

  /**
   * Matches the active rate limits against an envelope's item categories.
   * @param {string[]} categories one per item.
   * @returns {{ limited: boolean[], headers: Record<string, string> } | null}
   */
  function takeRateLimit(categories) {
    const matched = state.rateLimits.filter((rule) => !rule.categories.length
      || categories.some((c) => rule.categories.includes(c)));
    if (!matched.length) return null;
    const limited = categories.map((c) => matched.some(
      (rule) => !rule.categories.length || rule.categories.includes(c),
    ));
    for (const rule of matched) if (rule.requests != null) rule.requests -= 1;
    state.rateLimits = state.rateLimits.filter((rule) => rule.requests == null || rule.requests > 0);

    const headers = {};
    const limits = matched.map((rule) => rule.header).filter(Boolean);
    if (limits.length) headers['X-Sentry-Rate-Limits'] = limits.join(', ');
    const retry = matched.map((rule) => rule.retryAfter).filter((v) => v != null);
    if (retry.length) headers['Retry-After'] = String(retry[0]);
    return { limited, headers };
  }

  update(initial);
  return {
    snapshot,
    update,
    takeOutage,
    takeRateLimit,
    /** @returns {number} milliseconds to hold each ingest request. */
    latencyMs: () => state.latencyMs,
  };
}

function emptyState() {
  return { rateLimits: [], outage: null, latencyMs: 0, failRate: 0 };
}

function validateRateLimit(rule) {
  if (rule === null || typeof rule !== 'object') throw invalid('rateLimit must be an object');
  const categories = rule.categories == null ? [] : rule.categories;
  if (!Array.isArray(categories) || !categories.every((c) => typeof c === 'string' && c)) {
    throw invalid('rateLimit.categories must be an array of category names');
  }
  const retryAfter = retryValue(rule.retryAfter, 'rateLimit.retryAfter');
  let header = rule.header;
  if (header !== undefined && header !== null && !headerSafe(header)) {
    throw invalid('rateLimit.header must be a string usable as an HTTP header value');
  }
  // A category-scoped limit can only be told to an SDK through X-Sentry-Rate-Limits.
  if (header === undefined && (retryAfter == null || categories.length)) {
    const seconds = typeof retryAfter === 'number' ? retryAfter : 60;
    header = `${seconds}:${categories.join(';')}:organization:vigil_simulated`;
  }
  return {
    requests: count(rule.requests, 'rateLimit.requests'),
    categories,
    header: header || null,
    retryAfter,
  };
}

function validateOutage(rule) {
  if (rule === null || typeof rule !== 'object') throw invalid('outage must be an object');
  const mode = rule.mode ?? 'status';
  if (mode !== 'status' && mode !== 'destroy') throw invalid('outage.mode must be "status" or "destroy"');
  return {
    requests: count(rule.requests, 'outage.requests'),
    mode,
    status: rule.status == null ? 503 : number(rule.status, 'outage.status', 400, 599),
    retryAfter: retryValue(rule.retryAfter, 'outage.retryAfter'),
  };
}

function count(value, name) {
  if (value == null) return null;
  if (!Number.isSafeInteger(value) || value < 1) throw invalid(`${name} must be a positive integer`);
  return value;
}

function number(value, name, min, max) {
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    throw invalid(`${name} must be a number from ${min} to ${max}`);
  }
  return value;
}

function retryValue(value, name) {
  if (value == null) return null;
  if (typeof value === 'number' && value >= 0 && Number.isFinite(value)) return value;
  if (headerSafe(value) && value.trim()) return value;
  throw invalid(`${name} must be seconds or an HTTP date`);
}

function headerSafe(value) {
  return typeof value === 'string' && !/[^\t\x20-\x7e]/.test(value);
}

function invalid(detail) {
  return new HttpError(400, detail);
}
