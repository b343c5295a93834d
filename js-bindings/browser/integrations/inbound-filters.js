// inboundFilters: drops events the user asked to ignore (ignoreErrors, denyUrls, allowUrls)
// and well-known browser noise. The core already applies plain-string entries of the init()
// options; this side applies what JSON cannot carry (RegExp entries), the entries given to the
// integration itself, and the default noise list. Dropped events are counted as
// 'event_processor' discards by the client.

const NAME = 'InboundFilters';

/**
 * Errors every browser app sees and nobody can act on: cross-origin script errors with no
 * details, ResizeObserver's benign loop notice, crawler and webview artefacts.
 */
export const DEFAULT_IGNORE_ERRORS = [
  /^Script error\.?$/,
  /^Javascript error: Script error\.? on line 0$/,
  /^ResizeObserver loop limit exceeded$/,
  /^ResizeObserver loop completed with undelivered notifications\.?$/,
  /^Non-Error promise rejection captured with value: Object Not Found Matching Id:\d+, MethodName:simulateEvent, ParamCount:\d+$/,
  /^Java exception was raised during method invocation$/,
  /^Can't find variable: _AutofillCallbackHandler$/,
];

/**
 * @typedef {object} InboundFilterOptions
 * @property {Array<string|RegExp>} [ignoreErrors] message patterns to drop
 * @property {Array<string|RegExp>} [denyUrls] script URLs whose errors are dropped
 * @property {Array<string|RegExp>} [allowUrls] when set, only errors from these URLs are kept
 * @property {boolean} [disableErrorDefaults] keep the noise in DEFAULT_IGNORE_ERRORS
 */

function matches(text, patterns) {
  if (typeof text !== 'string' || !text) return undefined;
  for (const p of patterns) {
    if (typeof p === 'string' ? p !== '' && text.includes(p) : p instanceof RegExp && testRegExp(p, text)) return p;
  }
  return undefined;
}

function testRegExp(re, text) {
  re.lastIndex = 0; // a /g or /y pattern keeps state between calls otherwise
  const hit = re.test(text);
  re.lastIndex = 0;
  return hit;
}

/** The message texts an ignoreErrors pattern is tested against. */
function eventMessages(hostEvent) {
  const out = [];
  const push = (m) => { if (typeof m === 'string' && m) out.push(m); };
  push(hostEvent.message);
  const event = hostEvent.event ?? {};
  push(typeof event.message === 'string' ? event.message : event.message?.formatted ?? event.message?.message);
  const values = event.exception?.values;
  const main = hostEvent.error ?? (Array.isArray(values) ? values[values.length - 1] : undefined);
  if (main && typeof main === 'object') {
    push(main.value);
    if (main.type) push(main.value ? `${main.type}: ${main.value}` : String(main.type));
  }
  return out;
}

/** The URL in one line of stack text (V8 `at f (url:1:2)`, Firefox/Safari `f@url:1:2`). */
function frameUrl(line) {
  let s = line.trim();
  if (s.startsWith('at ')) {
    s = s.slice(3);
    const open = s.indexOf(' (');
    if (open >= 0 && s.endsWith(')')) s = s.slice(open + 2, -1);
  } else {
    const at = s.indexOf('@');
    if (at < 0) return undefined;
    s = s.slice(at + 1);
  }
  s = s.replace(/(?::\d+){1,2}$/, '');
  return /^[a-z][a-z0-9+.-]*:/i.test(s) || s.startsWith('/') ? s : undefined;
}

/** The URL of the script that threw: the innermost frame that has one. */
export function eventScriptUrl(hostEvent) {
  const stack = hostEvent.error?.stack;
  if (typeof stack === 'string' && stack) {
    for (const line of stack.split('\n')) {
      const url = frameUrl(line);
      if (url) return url;
    }
    return undefined;
  }
  const values = hostEvent.event?.exception?.values;
  const frames = Array.isArray(values) ? values[values.length - 1]?.stacktrace?.frames : undefined;
  if (!Array.isArray(frames)) return undefined;
  for (let i = frames.length - 1; i >= 0; i--) {
    const file = frames[i]?.filename;
    if (typeof file === 'string' && file && file !== '<anonymous>' && file !== '[native code]') return file;
  }
  return undefined;
}

/**
 * Why the event described by `hostEvent` (the object 'preprocessEvent' receives: { kind,
 * error?, message?, event? }) should be dropped, or null to keep it. Strings match as
 * substrings, RegExps by test().
 * @param {object} hostEvent
 * @param {InboundFilterOptions} options
 * @returns {string|null}
 */
export function matchesInboundFilters(hostEvent, options = {}) {
  if (!hostEvent || typeof hostEvent !== 'object') return null;
  if (hostEvent.event?.type) return null; // transactions and other typed events are not errors
  const ignore = [...(options.ignoreErrors ?? []), ...(options.disableErrorDefaults ? [] : DEFAULT_IGNORE_ERRORS)];
  if (ignore.length) {
    for (const message of eventMessages(hostEvent)) {
      const hit = matches(message, ignore);
      if (hit !== undefined) return `ignoreErrors matched "${message}" (${String(hit)})`;
    }
  }
  const deny = options.denyUrls ?? [];
  const allow = options.allowUrls ?? [];
  if (!deny.length && !allow.length) return null;
  const url = eventScriptUrl(hostEvent);
  if (!url) return null;
  const denied = matches(url, deny);
  if (denied !== undefined) return `denyUrls matched ${url} (${String(denied)})`;
  if (allow.length && matches(url, allow) === undefined) return `allowUrls did not match ${url}`;
  return null;
}

const list = (value) => (Array.isArray(value) ? value : []);

/**
 * Drops events matching ignoreErrors / denyUrls / allowUrls (from init() and from these
 * options) and, unless disableErrorDefaults, the default noise.
 * @param {InboundFilterOptions} [options]
 * @returns {{ name: string, setup(client: object): void }}
 */
export function inboundFiltersIntegration(options = {}) {
  return {
    name: NAME,
    setup(client) {
      client.on?.('preprocessEvent', (hostEvent) => {
        try {
          const clientOptions = client.getOptions?.() ?? {};
          const reason = matchesInboundFilters(hostEvent, {
            ignoreErrors: [...list(options.ignoreErrors), ...list(clientOptions.ignoreErrors)],
            denyUrls: [...list(options.denyUrls), ...list(clientOptions.denyUrls)],
            allowUrls: [...list(options.allowUrls), ...list(clientOptions.allowUrls)],
            disableErrorDefaults: Boolean(options.disableErrorDefaults ?? clientOptions.disableErrorDefaults),
          });
          if (reason) {
            hostEvent.drop = 'event_processor';
            hostEvent.dropDetail = reason;
          }
        } catch {
          // When in doubt the event is kept.
        }
      });
    },
  };
}
