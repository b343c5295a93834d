import { HttpError } from './http-error.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Relay's default size limits. Every field can be overridden through `startReceiver({ limits })`.
 * @typedef {typeof DEFAULT_LIMITS} Limits
 */
export const DEFAULT_LIMITS = Object.freeze({
  /** Request body as sent, i.e. still compressed. */
  maxBodyBytes: 20 * MiB,
  /** Whole envelope after Content-Encoding is undone. */
  maxEnvelopeBytes: 200 * MiB,
  /** event, transaction, replay_event, feedback, span, log ... */
  maxEventBytes: 1 * MiB,
  /** replay_recording / replay_video payload as sent (usually zlib inside). */
  maxReplayBytes: 10 * MiB,
  /** replay_recording after its own zlib layer is inflated. */
  maxReplayDecompressedBytes: 100 * MiB,
  maxClientReportBytes: 4 * KiB,
  maxCheckInBytes: 100 * KiB,
  maxProfileBytes: 50 * MiB,
  /** Per attachment and for all attachments of one envelope together. */
  maxAttachmentBytes: 100 * MiB,
  maxSessionCount: 100,
});

const LIMIT_BY_TYPE = {
  event: 'maxEventBytes',
  transaction: 'maxEventBytes',
  security: 'maxEventBytes',
  raw_security: 'maxEventBytes',
  user_report: 'maxEventBytes',
  feedback: 'maxEventBytes',
  replay_event: 'maxEventBytes',
  span: 'maxEventBytes',
  otel_span: 'maxEventBytes',
  log: 'maxEventBytes',
  otel_log: 'maxEventBytes',
  replay_recording: 'maxReplayBytes',
  replay_video: 'maxReplayBytes',
  client_report: 'maxClientReportBytes',
  check_in: 'maxCheckInBytes',
  profile: 'maxProfileBytes',
  profile_chunk: 'maxProfileBytes',
  attachment: 'maxAttachmentBytes',
};

/**
 * Merges user overrides over the defaults, ignoring unknown or non-numeric fields.
 * @param {Partial<Limits>} [overrides]
 * @returns {Limits}
 */
export function resolveLimits(overrides = {}) {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(overrides)) {
    if (Object.hasOwn(DEFAULT_LIMITS, key) && Number.isFinite(value) && value >= 0) {
      limits[key] = value;
    }
  }
  return limits;
}

/**
 * Rejects an envelope as a whole when any item is over its limit, the way Relay does at
 * request time: 413 and nothing stored, so the SDK can record the loss.
 * @param {import('./envelope.js').Envelope} envelope
 * @param {Limits} limits
 * @throws {HttpError} 413
 */
export function checkItemLimits(envelope, limits) {
  let attachmentBytes = 0;
  let sessions = 0;
  envelope.items.forEach((item, index) => {
    const { type } = item.headers;
    const key = Object.hasOwn(LIMIT_BY_TYPE, type) ? LIMIT_BY_TYPE[type] : null;
    if (key && item.payload.length > limits[key]) {
      throw new HttpError(
        413,
        `envelope exceeded size limits: item ${index} (${type}) is ${item.payload.length} bytes, limit ${limits[key]}`,
      );
    }
    if (type === 'attachment') attachmentBytes += item.payload.length;
    if (type === 'session') sessions += 1;
  });
  if (attachmentBytes > limits.maxAttachmentBytes) {
    throw new HttpError(413, `envelope exceeded size limits: attachments total ${attachmentBytes} bytes`);
  }
  if (sessions > limits.maxSessionCount) {
    throw new HttpError(413, `envelope exceeded size limits: ${sessions} sessions, limit ${limits.maxSessionCount}`);
  }
}
