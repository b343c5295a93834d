// Pulls display fields out of an event payload. Events come from any client, so every field
// is treated as possibly missing or of the wrong shape.

/**
 * @typedef {{ function: string, file: string, line: string, context: string,
 *   inApp: boolean }} FrameView
 * @typedef {{ eventId: string, time: string, level: string, type: string, value: string,
 *   message: string, release: string, environment: string, replayId: string,
 *   transaction: string, exceptions: Array<{ type: string, value: string, frames: FrameView[] }>,
 *   breadcrumbs: Array<{ time: string, category: string, level: string, message: string }>,
 *   tags: Array<[string, string]> }} EventView
 */

/**
 * @param {any} event parsed `event` item payload.
 * @param {Record<string, any>} envelopeHeaders for the dynamic sampling context's replay_id.
 * @param {string} receivedAt fallback time.
 * @returns {EventView}
 */
export function viewEvent(event, envelopeHeaders, receivedAt) {
  const ev = isObject(event) ? event : {};
  const exceptions = valuesOf(ev.exception).filter(isObject);
  // Sentry lists chained exceptions innermost first; the last one is what was thrown.
  const main = exceptions.at(-1) ?? {};
  return {
    eventId: text(ev.event_id),
    time: formatTime(ev.timestamp) || receivedAt,
    level: text(ev.level) || 'error',
    type: text(main.type),
    value: text(main.value),
    message: messageOf(ev),
    release: text(ev.release),
    environment: text(ev.environment),
    replayId: text(ev.contexts?.replay?.replay_id ?? envelopeHeaders?.trace?.replay_id),
    transaction: text(ev.transaction),
    exceptions: exceptions.slice().reverse().map((e) => ({
      type: text(e.type),
      value: text(e.value),
      frames: framesOf(e.stacktrace),
    })),
    breadcrumbs: valuesOf(ev.breadcrumbs).filter(isObject).map((b) => ({
      time: formatTime(b.timestamp),
      category: text(b.category ?? b.type),
      level: text(b.level),
      message: text(b.message ?? (b.data === undefined ? '' : b.data)),
    })),
    tags: tagsOf(ev.tags),
  };
}

function framesOf(stacktrace) {
  const frames = Array.isArray(stacktrace?.frames) ? stacktrace.frames.filter(isObject) : [];
  // Stored oldest call first; shown newest first like every debugger.
  return frames.slice().reverse().map((f) => ({
    function: text(f.function) || '?',
    file: text(f.filename ?? f.abs_path ?? f.module),
    line: [f.lineno, f.colno].filter((n) => n !== undefined && n !== null).map(text).join(':'),
    context: text(f.context_line),
    inApp: f.in_app === true,
  }));
}

function tagsOf(tags) {
  if (Array.isArray(tags)) {
    return tags.filter((t) => Array.isArray(t) && t.length === 2).map(([k, v]) => [text(k), text(v)]);
  }
  if (isObject(tags)) return Object.entries(tags).map(([k, v]) => [k, text(v)]);
  return [];
}

function messageOf(ev) {
  if (typeof ev.message === 'string') return ev.message;
  const entry = isObject(ev.message) ? ev.message : ev.logentry;
  return text(entry?.formatted ?? entry?.message);
}

function valuesOf(value) {
  if (Array.isArray(value)) return value;
  if (Array.isArray(value?.values)) return value.values;
  return [];
}

function formatTime(value) {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const date = new Date(value * 1000);
    return Number.isNaN(date.getTime()) ? '' : date.toISOString();
  }
  return typeof value === 'string' ? value : '';
}

function text(value) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
