// Capture-throughput page for Vigil: its ESM entry with a transport that only counts.
import * as Vigil from '../../npm/dist/browser/index.js';
import { installBench } from './capture-common.js';

// An envelope body is lines of JSON: the envelope header, then an item header and its payload
// per item. The event is the payload after an item header whose type is "event".
function eventItem(body) {
  const lines = String(body).split('\n');
  for (let i = 1; i + 1 < lines.length; i += 2) {
    if (JSON.parse(lines[i]).type === 'event') return JSON.parse(lines[i + 1]);
  }
  return undefined;
}

installBench({
  api: Vigil,
  start(counter) {
    Vigil.init({
      dsn: 'https://public@o0.ingest.example.com/1',
      release: 'shop@1.4.2',
      autoSessionTracking: false,
      transport: () => ({
        // The item header is the second line; a cheap check keeps the counting out of the way.
        send: async (request) => counter.record(/^[^\n]*\n\{[^\n]*"type":"event"/.test(request.body), request),
        flush: async () => true,
        close: async () => true,
      }),
    });
    return Vigil.getClient().ready;
  },
  decodeEvent: (request) => eventItem(request.body),
});
