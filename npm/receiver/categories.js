// Item type → rate-limit data category, as Relay counts them. Simulated rate limits match
// on these names, so tests can say "limit replays" the way a real X-Sentry-Rate-Limits does.

const BY_TYPE = {
  event: 'error',
  transaction: 'transaction',
  session: 'session',
  sessions: 'session',
  attachment: 'attachment',
  replay_event: 'replay',
  replay_recording: 'replay',
  replay_video: 'replay',
  client_report: 'internal',
  check_in: 'monitor',
  span: 'span',
  otel_span: 'span',
  log: 'log_item',
  otel_log: 'log_item',
  profile: 'profile',
  profile_chunk: 'profile_chunk',
  feedback: 'feedback',
};

/**
 * @param {string} itemType envelope item `type`.
 * @returns {string} the data category, `default` for anything unlisted.
 */
export function categoryOf(itemType) {
  return Object.hasOwn(BY_TYPE, itemType) ? BY_TYPE[itemType] : 'default';
}
