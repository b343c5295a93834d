// The client for browsers: the shared client with the fetch transport (keepalive budget,
// offline queue in IndexedDB, delivery on page hide), and debug ids on events.
import { Client } from '../core/client.js';
import { loadCore } from '../core/load-core.js';
import { makeFetchTransport } from './transport/fetch-transport.js';
import { addDebugMeta } from './debug-ids.js';

export class BrowserClient extends Client {
  /** @param {object} options init() options, defaults applied */
  constructor(options) {
    super(options, {
      makeTransport: makeFetchTransport,
      // The loader that also knows the replay flavour, for replayIntegration().
      loadCore,
      userAgent: () => (typeof navigator !== 'undefined' ? String(navigator.userAgent ?? '') : ''),
    });
    // Debug ids of the files in an event's frames, for servers resolving them with source maps.
    this.on('preprocessEvent', addDebugMeta);
  }
}
