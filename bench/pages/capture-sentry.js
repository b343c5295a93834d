// Capture-throughput page for @sentry/browser with a transport that only counts. With
// ?variant=like the comparison is like for like with Vigil: the transport serialises the
// envelope as Sentry's own fetch transport would (Vigil's core always does), and the
// breadcrumb Sentry adds for every event it sends is off, so both send the same 20 breadcrumbs.
import * as Sentry from '@sentry/browser';
import { serializeEnvelope } from '@sentry/core';
import { installBench } from './capture-common.js';

const like = new URLSearchParams(location.search).get('variant') === 'like';
const isEvent = (envelope) => envelope[1].some((item) => item[0].type === 'event');

installBench({
  api: Sentry,
  start(counter) {
    Sentry.init({
      dsn: 'https://public@o0.ingest.example.com/1',
      release: 'shop@1.4.2',
      // Sentry's equivalent of autoSessionTracking: false.
      integrations: (defaults) => defaults
        .filter((i) => i.name !== 'BrowserSession')
        .map((i) => (like && i.name === 'Breadcrumbs' ? Sentry.breadcrumbsIntegration({ sentry: false }) : i)),
      transport: () => ({
        send: async (envelope) => {
          if (like) serializeEnvelope(envelope);
          counter.record(isEvent(envelope), envelope);
          return {};
        },
        flush: async () => true,
      }),
    });
    return Promise.resolve();
  },
  decodeEvent: (envelope) => envelope[1].find((item) => item[0].type === 'event')[1],
});
