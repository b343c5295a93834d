/**
 * An error that becomes an HTTP response. Relay answers every rejection with a JSON body
 * `{"detail": "..."}`; SDKs log that text, so it should say what was wrong.
 */
export class HttpError extends Error {
  /**
   * @param {number} status HTTP status code.
   * @param {string} detail Human-readable reason, sent as `detail`.
   * @param {Record<string, string>} [headers] Extra response headers (e.g. rate limits).
   */
  constructor(status, detail, headers = {}) {
    super(detail);
    this.name = 'HttpError';
    this.status = status;
    this.detail = detail;
    this.headers = headers;
  }
}
