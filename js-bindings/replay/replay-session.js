// The replay session of one tab: id, sampling decision, segment counter and activity times,
// kept in sessionStorage so a reload in the same tab continues the same replay.

const KEY = 'vigil.replay.session';

/** 15 minutes without activity end a replay. */
export const IDLE_EXPIRY_MS = 15 * 60 * 1000;
/** No replay lasts longer than 60 minutes. */
export const MAX_DURATION_MS = 60 * 60 * 1000;

/**
 * @typedef {object} ReplaySession
 * @property {string} id 32 hex characters
 * @property {'session'|'buffer'|false} sampled how this session records: sent in segments,
 *   kept in memory until an error, or not at all
 * @property {'session'|'buffer'} replayType what segments report as replay_type
 * @property {number} segmentId the next segment's id
 * @property {number} started ms since the epoch
 * @property {number} lastActivity ms since the epoch
 */

function storage() {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null; // sandboxed frames throw on access
  }
}

/** A new random 32-hex replay id. */
export function newReplayId() {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** @returns {ReplaySession|null} the stored session, if well-formed */
export function loadSession() {
  try {
    const value = JSON.parse(storage()?.getItem(KEY) ?? 'null');
    if (!value || !/^[0-9a-f]{32}$/.test(value.id) || !Number.isInteger(value.segmentId)) return null;
    if (typeof value.started !== 'number' || typeof value.lastActivity !== 'number') return null;
    return value;
  } catch {
    return null;
  }
}

/** @param {ReplaySession} session */
export function saveSession(session) {
  try {
    storage()?.setItem(KEY, JSON.stringify(session));
  } catch {
    // Storage full or forbidden: the replay still records, a reload just starts a new one.
  }
}

export function clearSession() {
  try { storage()?.removeItem(KEY); } catch { /* forbidden */ }
}

/** True once the session has been idle too long or has run for its maximum. */
export function isExpired(session, now = Date.now()) {
  return now - session.lastActivity > IDLE_EXPIRY_MS || now - session.started > MAX_DURATION_MS;
}

/**
 * A new session. Sampled for `session` recording with `sessionSampleRate`; otherwise, with
 * `errorSampleRate`, for `buffer` recording (kept in memory, sent when an error happens).
 * @param {number} sessionSampleRate 0..1
 * @param {boolean} [force] sampled for `session` regardless (getReplay().start())
 * @param {number} [errorSampleRate] 0..1
 * @returns {ReplaySession}
 */
export function createSession(sessionSampleRate, force = false, errorSampleRate = 0) {
  const now = Date.now();
  let sampled = false;
  if (force || Math.random() < (Number(sessionSampleRate) || 0)) sampled = 'session';
  else if (Math.random() < (Number(errorSampleRate) || 0)) sampled = 'buffer';
  return {
    id: newReplayId(),
    sampled,
    // What segments report as replay_type: a buffered replay stays 'buffer' once it is sent.
    replayType: sampled === 'buffer' ? 'buffer' : 'session',
    segmentId: 0,
    started: now,
    lastActivity: now,
  };
}
