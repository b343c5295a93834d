// One replay segment as a Sentry envelope: a replay_event item and a replay_recording item in
// the same envelope (Relay pairs them), the recording being `{"segment_id":N}\n` followed by the
// rrweb events JSON, zlib-compressed when the browser has CompressionStream. Item lengths are
// byte counts of the payload as sent, so the binary recording is framed exactly.

const encoder = new TextEncoder();

/**
 * zlib-deflates bytes with CompressionStream('deflate') (RFC 1950, what Relay inflates).
 * @param {Uint8Array} bytes
 * @returns {Promise<Uint8Array|null>} null where the browser cannot compress
 */
export async function deflate(bytes) {
  if (typeof CompressionStream !== 'function') return null;
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    return null;
  }
}

/**
 * The recording item's payload: the segment header line, then the events.
 * @param {number} segmentId
 * @param {Uint8Array} events UTF-8 JSON or its zlib form
 */
export function recordingPayload(segmentId, events) {
  const head = encoder.encode(`${JSON.stringify({ segment_id: segmentId })}\n`);
  const out = new Uint8Array(head.length + events.length);
  out.set(head, 0);
  out.set(events, head.length);
  return out;
}

/**
 * Frames an envelope from its header and items; each payload is a string (UTF-8) or bytes.
 * @param {object} header
 * @param {Array<[object, string|Uint8Array]>} items item header (without length) and payload
 * @returns {Uint8Array}
 */
export function frameEnvelope(header, items) {
  const parts = [encoder.encode(`${JSON.stringify(header)}\n`)];
  for (const [itemHeader, payload] of items) {
    const bytes = typeof payload === 'string' ? encoder.encode(payload) : payload;
    parts.push(encoder.encode(`${JSON.stringify({ ...itemHeader, length: bytes.length })}\n`), bytes,
      encoder.encode('\n'));
  }
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/**
 * The envelope URL with the auth query the core uses, or the tunnel.
 * @param {string} dsn
 * @param {string} [tunnel]
 * @param {string} client sdk name/version for sentry_client
 * @returns {string} "" when the DSN cannot be read
 */
export function envelopeUrl(dsn, tunnel, client) {
  if (tunnel) return tunnel;
  try {
    const url = new URL(String(dsn).trim());
    const segments = url.pathname.split('/');
    const project = segments.pop();
    const path = segments.join('/').replace(/\/$/, '');
    const key = decodeURIComponent(url.username);
    return `${url.protocol}//${url.host}${path}/api/${project}/envelope/?sentry_version=7` +
      `&sentry_key=${encodeURIComponent(key)}&sentry_client=${encodeURIComponent(client)}`;
  } catch {
    return '';
  }
}

/**
 * Frames one segment's envelope around the recording's events, plain or zlib.
 * @param {{ replayEvent: object, segmentId: number, sdk: object, dsn?: string }} args
 * @returns {(events: Uint8Array) => Uint8Array}
 */
export function segmentFramer({ replayEvent, segmentId, sdk, dsn }) {
  const header = { event_id: replayEvent.replay_id, sent_at: new Date().toISOString(), sdk };
  if (dsn) header.dsn = dsn;
  return (events) => frameEnvelope(header, [
    [{ type: 'replay_event' }, JSON.stringify(replayEvent)],
    [{ type: 'replay_recording' }, recordingPayload(segmentId, events)],
  ]);
}

/**
 * Builds the envelope for one segment.
 * @param {object} args
 * @param {object} args.replayEvent the replay_event payload
 * @param {number} args.segmentId
 * @param {string|object[]} args.events rrweb events, or their JSON
 * @param {boolean} args.compress try zlib (async); false sends plain JSON at once
 * @param {object} args.sdk {name, version}
 * @param {string} [args.dsn] added to the header when a tunnel is used
 * @returns {Promise<Uint8Array>|Uint8Array}
 */
export function segmentEnvelope({ replayEvent, segmentId, events, compress, sdk, dsn }) {
  const json = encoder.encode(typeof events === 'string' ? events : JSON.stringify(events));
  const build = segmentFramer({ replayEvent, segmentId, sdk, dsn });
  if (!compress) return build(json);
  return deflate(json).then((zipped) => build(zipped ?? json));
}
