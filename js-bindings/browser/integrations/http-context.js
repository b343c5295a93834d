// httpContext: the page's URL, user agent and referrer as the event's `request`, so issues
// can be grouped and searched by page and browser. Values the event already has win.

const NAME = 'HttpContext';

/**
 * The request description of the current page.
 * @returns {{ url?: string, headers: Record<string, string> }}
 */
export function pageRequest() {
  const request = { headers: {} };
  const href = globalThis.location?.href;
  if (href) request.url = href;
  const userAgent = globalThis.navigator?.userAgent;
  if (userAgent) request.headers['User-Agent'] = userAgent;
  const referrer = globalThis.document?.referrer;
  if (referrer) request.headers.Referer = referrer;
  return request;
}

/**
 * Adds `request: { url, headers: { 'User-Agent', Referer } }` to every event.
 * @returns {{ name: string, setup(client: object): void }}
 */
export function httpContextIntegration() {
  return {
    name: NAME,
    setup(client) {
      client.on?.('preprocessEvent', (hostEvent) => {
        try {
          if (!hostEvent || typeof hostEvent !== 'object') return;
          const event = hostEvent.event && typeof hostEvent.event === 'object' ? hostEvent.event : (hostEvent.event = {});
          const given = event.request && typeof event.request === 'object' ? event.request : {};
          const page = pageRequest();
          const headers = { ...page.headers, ...(given.headers && typeof given.headers === 'object' ? given.headers : {}) };
          event.request = { ...page, ...given, headers };
          if (!event.request.url) delete event.request.url;
        } catch {
          // The event goes out without the page's request data.
        }
      });
    },
  };
}
