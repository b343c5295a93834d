import { HttpError } from './http-error.js';

/**
 * Sends a JSON response.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  send(res, status, JSON.stringify(body), 'application/json', headers);
}

/**
 * Sends an HTML page. The CSP forbids scripts outright, a second wall behind escaping in
 * case event data ever slips through unescaped.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} body
 */
export function sendHtml(res, status, body) {
  send(res, status, body, 'text/html; charset=utf-8', {
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
  });
}

/**
 * Turns any thrown value into a response; unknown errors become 500 so the server survives.
 * @param {import('node:http').ServerResponse} res
 * @param {unknown} err
 * @param {(line: string) => void} [log]
 */
export function sendError(res, err, log) {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  if (err instanceof HttpError) {
    sendJson(res, err.status, { detail: err.detail }, err.headers);
    return;
  }
  log?.(`internal error: ${err instanceof Error ? err.stack : String(err)}`);
  sendJson(res, 500, { detail: 'internal receiver error' });
}

/**
 * Sends the replay player page: scripts from this origin only (never inline), fetches to this
 * origin; recorded pages may show images, styles and fonts from anywhere, as they did live.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} body
 */
export function sendPlayerHtml(res, status, body) {
  send(res, status, body, 'text/html; charset=utf-8', {
    'Content-Security-Policy': "default-src 'none'; script-src 'self'; connect-src 'self'; "
      + "style-src * 'unsafe-inline'; img-src * data: blob:; font-src * data:; media-src * data: blob:; frame-src 'self' about:",
    'X-Content-Type-Options': 'nosniff',
  });
}

function send(res, status, text, type, headers) {
  const body = Buffer.from(text, 'utf8');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', String(body.length));
  res.writeHead(status);
  res.end(body);
}
