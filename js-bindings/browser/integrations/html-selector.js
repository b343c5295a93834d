// A short CSS-like path naming the element a user interacted with, e.g.
// `body > div#app > button.buy[name="x"]`. It holds tag names, ids, classes and a few
// descriptive attributes only: never text content or values, which may be personal data.

const MAX_DEPTH = 5;
const MAX_LENGTH = 80;
const SEPARATOR = ' > ';
const ATTRIBUTES = ['name', 'type', 'title', 'alt', 'aria-label'];
const MAX_ATTRIBUTE_LENGTH = 40;

function elementPart(el) {
  let out = el.tagName.toLowerCase();
  if (el.id) out += `#${el.id}`;
  const classes = el.getAttribute('class');
  if (classes) for (const c of classes.split(/\s+/)) if (c) out += `.${c}`;
  for (const attr of ATTRIBUTES) {
    let value = el.getAttribute(attr);
    if (value == null) continue;
    if (value.length > MAX_ATTRIBUTE_LENGTH) value = `${value.slice(0, MAX_ATTRIBUTE_LENGTH)}…`;
    out += `[${attr}="${value.replace(/["\\]/g, '\\$&')}"]`;
  }
  return out;
}

/**
 * Describes `element` by its path from up to five ancestors (stopping below <html>), cut to
 * about 80 characters from the top; the element itself is always included.
 * @param {unknown} element
 * @returns {string} the selector, or '<unknown>' for anything that is not an element
 */
export function elementSelector(element) {
  try {
    const parts = [];
    let length = 0;
    let el = element;
    while (el && el.nodeType === 1 && parts.length < MAX_DEPTH) {
      const part = elementPart(el);
      if (part === 'html') break;
      if (parts.length > 0 && length + SEPARATOR.length + part.length > MAX_LENGTH) break;
      parts.unshift(part);
      length += part.length + (parts.length > 1 ? SEPARATOR.length : 0);
      el = el.parentNode;
    }
    return parts.length ? parts.join(SEPARATOR) : '<unknown>';
  } catch {
    return '<unknown>';
  }
}
