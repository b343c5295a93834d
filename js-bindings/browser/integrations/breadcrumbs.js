// Breadcrumbs: a trail of what happened before an error (console output, clicks and typing,
// HTTP requests, in-page navigations), each recorded through client.addBreadcrumb so the user's
// beforeBreadcrumb sees it. Bodies, input values and element text are never recorded.
import { onConsole } from './instrument-console.js';
import { onDom } from './instrument-dom.js';
import { onFetch } from './instrument-fetch.js';
import { onHistory } from './instrument-history.js';
import { onXhr } from './instrument-xhr.js';
import { elementSelector } from './html-selector.js';
import { joinArgs, toPlain } from './to-plain.js';

const NAME = 'Breadcrumbs';
const INPUT_DEBOUNCE_MS = 1000;
const CONSOLE_LEVELS = { warn: 'warning', error: 'error', debug: 'debug', info: 'info', assert: 'error' };

/** Breadcrumb level for an HTTP status: warning for 4xx, error for 5xx, else none (info). */
function httpLevel(status) {
  if (status >= 500) return 'error';
  if (status >= 400) return 'warning';
  return undefined;
}

function absoluteUrl(url) {
  try {
    return new URL(url, globalThis.location?.href).href;
  } catch {
    return url;
  }
}

/** `href` without scheme and host when it is on the page's own origin. */
function relativeToPage(href) {
  try {
    const url = new URL(href);
    if (url.origin === globalThis.location.origin) return `${url.pathname}${url.search}${url.hash}`;
    return url.href;
  } catch {
    return href;
  }
}

function consoleBreadcrumb({ method, args }) {
  let shown = args;
  let message;
  if (method === 'assert') {
    if (args[0]) return null; // a passing assertion prints nothing
    shown = args.slice(1);
    message = `Assertion failed: ${joinArgs(shown) || 'console.assert'}`;
  } else {
    message = joinArgs(args);
  }
  return {
    category: 'console',
    level: CONSOLE_LEVELS[method] ?? 'log',
    message,
    data: { arguments: shown.map(toPlain), logger: 'console' },
  };
}

function isEditable(el) {
  return el?.nodeType === 1 &&
    (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable === true);
}

/** The element the user really touched, looking through open shadow roots. */
function eventTarget(event) {
  const path = typeof event.composedPath === 'function' ? event.composedPath() : [];
  const first = path.find((node) => node?.nodeType === 1);
  return first ?? event.target;
}

function makeDomHandler(client) {
  let lastInput = null;
  let lastInputAt = 0;
  return ({ name, event }) => {
    const target = eventTarget(event);
    if (name === 'click') {
      client.addBreadcrumb({ category: 'ui.click', message: elementSelector(target) }, { event, name });
      return;
    }
    // Typing: only in editable fields, one breadcrumb per burst of typing in one field. What
    // was typed is never read (password fields included).
    if (!isEditable(target)) return;
    const now = Date.now();
    const burstGoesOn = target === lastInput && now - lastInputAt < INPUT_DEBOUNCE_MS;
    lastInput = target;
    lastInputAt = now;
    if (burstGoesOn) return;
    client.addBreadcrumb({ category: 'ui.input', message: elementSelector(target) }, { event, name });
  };
}

function makeHttpHandler(client, category) {
  return (data) => {
    if (client.isOwnRequest?.(absoluteUrl(data.url))) return;
    const crumb = {
      type: 'http',
      category,
      data: { method: data.method, url: data.url },
    };
    if (typeof data.status === 'number' && data.status > 0) {
      crumb.data.status_code = data.status;
      const level = httpLevel(data.status);
      if (level) crumb.level = level;
    } else if (data.error !== undefined || data.outcome === 'error' || data.outcome === 'timeout') {
      crumb.level = 'error';
    }
    client.addBreadcrumb(crumb, { input: data, startTimestamp: data.startTimestamp, endTimestamp: Date.now() / 1000 });
  };
}

/**
 * @typedef {object} BreadcrumbsOptions
 * @property {boolean} [console=true] console calls (category 'console')
 * @property {boolean} [dom=true] clicks and typing (categories 'ui.click', 'ui.input')
 * @property {boolean} [fetch=true] fetch requests (category 'fetch')
 * @property {boolean} [xhr=true] XMLHttpRequests (category 'xhr')
 * @property {boolean} [history=true] pushState/replaceState/popstate (category 'navigation')
 */

/**
 * Records breadcrumbs for console output, clicks, typing, HTTP requests and navigations.
 * @param {BreadcrumbsOptions} [options]
 * @returns {{ name: string, setup(client: object): void }}
 */
export function breadcrumbsIntegration(options = {}) {
  const { console = true, dom = true, fetch = true, xhr = true, history = true } = options;
  return {
    name: NAME,
    setup(client) {
      const removers = [];
      const safely = (fn) => (data) => {
        try {
          fn(data);
        } catch {
          // Never let a breadcrumb break the page's console call, click or request.
        }
      };
      if (console) {
        removers.push(onConsole(NAME, safely((data) => {
          const crumb = consoleBreadcrumb(data);
          if (crumb) client.addBreadcrumb(crumb, { input: data.args, level: data.method });
        })));
      }
      if (dom) removers.push(onDom(NAME, safely(makeDomHandler(client))));
      if (fetch) removers.push(onFetch(NAME, safely(makeHttpHandler(client, 'fetch'))));
      if (xhr) removers.push(onXhr(NAME, safely(makeHttpHandler(client, 'xhr'))));
      if (history) {
        removers.push(onHistory(NAME, safely(({ from, to }) => {
          client.addBreadcrumb({
            category: 'navigation',
            data: { from: relativeToPage(from), to: relativeToPage(to) },
          });
        })));
      }
      client.on?.('close', () => removers.forEach((remove) => remove()));
    },
  };
}
