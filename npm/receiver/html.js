// A tagged template that escapes every interpolation unless it is itself built by `html`.
// Event data reaches the page only through it, so escaping cannot be forgotten at one spot.

class SafeHtml {
  constructor(value) {
    this.value = value;
  }

  toString() {
    return this.value;
  }
}

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and quoted attribute values.
 * @param {unknown} value
 * @returns {string}
 */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * Builds HTML; strings, numbers and objects are escaped, arrays are joined, null/false vanish.
 * @param {TemplateStringsArray} strings
 * @param {...unknown} values
 * @returns {SafeHtml}
 */
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1];
  });
  return new SafeHtml(out);
}

/**
 * Renders a full page around `body`.
 * @param {string} title
 * @param {SafeHtml} body
 * @param {SafeHtml} [head] extra markup for <head> (stylesheet links).
 * @returns {string}
 */
export function pageShell(title, body, head) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${title}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.3rem}h2{font-size:1.1rem;margin-top:1.5rem}
table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
details{border:1px solid #ddd;border-radius:4px;margin:.3rem 0;padding:.3rem .6rem}
summary{cursor:pointer}code,pre{font:12px/1.35 ui-monospace,monospace}pre{white-space:pre-wrap;margin:.2rem 0}
.lv{display:inline-block;min-width:4rem;font-weight:600}.lv-error,.lv-fatal{color:#b00}.lv-warning{color:#a60}
.muted{color:#777}.frame-app{font-weight:600}
.vigil-player{position:relative;border:1px solid #ddd;overflow:auto;max-width:100%}
</style>${head}</head><body>${body}</body></html>`.value;
}

function render(value) {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'object') return escapeHtml(JSON.stringify(value));
  return escapeHtml(value);
}
