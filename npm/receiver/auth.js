import { HttpError } from './http-error.js';

/**
 * @typedef {{ publicKey: string, version?: string, client?: string,
 *   source: 'header' | 'query' | 'dsn' }} Auth
 * @typedef {{ publicKeys?: string[], projectIds?: string[] }} AuthConfig
 *   Empty or missing lists accept anything, which suits a local dev server.
 */

/**
 * Parses `Sentry sentry_key=..., sentry_version=7, ...` into its fields.
 * @param {string | undefined} value X-Sentry-Auth or Authorization header.
 * @returns {Record<string, string> | null} null when the header is not of the Sentry scheme.
 */
export function parseAuthHeader(value) {
  if (typeof value !== 'string') return null;
  const match = /^\s*sentry\s+(.*)$/is.exec(value);
  if (!match) return null;
  const fields = {};
  for (const part of match[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    fields[key] = part.slice(eq + 1).trim().replace(/^"(.*)"$/s, '$1');
  }
  return fields;
}

/**
 * Finds credentials sent outside the body. Relay prefers the header over the query string.
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} url
 * @returns {Auth | null}
 */
export function authFromRequest(req, url) {
  const header = parseAuthHeader(req.headers['x-sentry-auth'])
    ?? parseAuthHeader(req.headers.authorization);
  if (header?.sentry_key) {
    return {
      publicKey: header.sentry_key,
      version: header.sentry_version,
      client: header.sentry_client,
      source: 'header',
    };
  }
  const key = url.searchParams.get('sentry_key');
  if (key) {
    return {
      publicKey: key,
      version: url.searchParams.get('sentry_version') ?? undefined,
      client: url.searchParams.get('sentry_client') ?? undefined,
      source: 'query',
    };
  }
  return null;
}

/**
 * Parses a DSN `scheme://KEY@HOST[:PORT]/PATH/PROJECT`.
 * @param {unknown} dsn
 * @returns {{ publicKey: string, projectId: string }}
 * @throws {HttpError} 400 when it is not a DSN.
 */
export function parseDsn(dsn) {
  let url;
  try {
    url = new URL(String(dsn));
  } catch {
    throw new HttpError(400, 'invalid envelope header: dsn is not a URL');
  }
  const projectId = url.pathname.split('/').filter(Boolean).pop() ?? '';
  if (!url.username || !/^\d+$/.test(projectId)) {
    throw new HttpError(400, 'invalid envelope header: dsn lacks a public key or project id');
  }
  return { publicKey: decodeURIComponent(url.username), projectId };
}

/**
 * Rejects keys the receiver was not told to accept.
 * @param {AuthConfig} config
 * @param {string} publicKey
 * @throws {HttpError} 401
 */
export function checkPublicKey(config, publicKey) {
  if (!publicKey) throw new HttpError(401, 'missing authorization information');
  if (config.publicKeys?.length && !config.publicKeys.includes(publicKey)) {
    throw new HttpError(401, 'invalid public key');
  }
}

/**
 * Rejects projects the receiver does not know, with Relay's wording and status.
 * @param {AuthConfig} config
 * @param {string} projectId
 * @throws {HttpError} 403
 */
export function checkProject(config, projectId) {
  if (config.projectIds?.length && !config.projectIds.includes(String(projectId))) {
    throw new HttpError(403, 'event submission rejected with_reason: ProjectId');
  }
}
