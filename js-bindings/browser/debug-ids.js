// Debug IDs: build tools (vigil-sdk/vite's vigilDebugIdPlugin, Sentry's bundler plugins and
// CLI) give each emitted file an id, write it into the file's source map and make the file
// register `{ [new Error().stack]: id }` in a global map when it runs. The stack names the
// file's URL, so the map yields URL -> id. Events carry `debug_meta.images` for the files their
// frames come from; a server holding the maps resolves the frames by id, whatever the URL.

// Our plugin's map, and Sentry's name for the same thing so its tooling's builds work too.
const GLOBALS = ['_vigilDebugIds', '_sentryDebugIds'];
// The first "<scheme>://…:line:col" of a stack line is the file the registering code ran in.
const FRAME_URL = /\b([a-z][\w+.-]*:\/\/[^\s()]+?):\d+:\d+/i;
const FRAME_URLS = /\b([a-z][\w+.-]*:\/\/[^\s()]+?):\d+:\d+/gi;

let cachedSize = -1;
let cachedFiles = new Map();

/** @returns {Map<string, string>} file URL -> debug id, re-read only when a file registered */
function filesById() {
  const maps = GLOBALS.map((name) => globalThis[name]).filter((m) => m && typeof m === 'object');
  let size = 0;
  for (const map of maps) size += Object.keys(map).length;
  if (size === cachedSize) return cachedFiles;
  const files = new Map();
  for (const map of maps) {
    for (const [stack, id] of Object.entries(map)) {
      const url = FRAME_URL.exec(stack)?.[1];
      if (url && typeof id === 'string' && !files.has(url)) files.set(url, id);
    }
  }
  cachedSize = size;
  cachedFiles = files;
  return files;
}

function urlsOfError(description, out, depth = 0) {
  if (!description || depth > 10) return;
  if (typeof description.stack === 'string') for (const m of description.stack.matchAll(FRAME_URLS)) out.add(m[1]);
  urlsOfError(description.cause, out, depth + 1);
}

function urlsOfEvent(event, out) {
  for (const value of event?.exception?.values ?? []) {
    for (const frame of value?.stacktrace?.frames ?? []) {
      for (const key of ['abs_path', 'filename']) if (typeof frame?.[key] === 'string') out.add(frame[key]);
    }
  }
}

/**
 * A 'preprocessEvent' hook: adds `debug_meta.images` of type sourcemap for the registered
 * files the event's stack traces name. Costs one global lookup when no file registered.
 * @param {{ error?: object, event?: object }} hostEvent what the client is about to capture
 */
export function addDebugMeta(hostEvent) {
  try {
    if (!GLOBALS.some((name) => globalThis[name])) return;
    const files = filesById();
    if (files.size === 0 || !hostEvent || typeof hostEvent !== 'object') return;
    const urls = new Set();
    urlsOfError(hostEvent.error, urls);
    urlsOfEvent(hostEvent.event, urls);
    const images = [];
    for (const url of urls) {
      const id = files.get(url);
      if (id) images.push({ type: 'sourcemap', code_file: url, debug_id: id });
    }
    if (images.length === 0) return;
    const event = hostEvent.event && typeof hostEvent.event === 'object' ? hostEvent.event : (hostEvent.event = {});
    const meta = event.debug_meta && typeof event.debug_meta === 'object' ? event.debug_meta : {};
    const given = Array.isArray(meta.images) ? meta.images : [];
    const known = new Set(given.map((image) => image?.code_file));
    event.debug_meta = { ...meta, images: [...given, ...images.filter((image) => !known.has(image.code_file))] };
  } catch {
    // The event goes out without debug ids.
  }
}
