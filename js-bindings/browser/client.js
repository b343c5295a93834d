// The client for browsers: the shared client with the fetch transport (keepalive budget,
// offline queue in IndexedDB, delivery on page hide).
import { Client } from '../core/client.js';
import { makeFetchTransport } from './transport/fetch-transport.js';

export class BrowserClient extends Client {
  /** @param {object} options init() options, defaults applied */
  constructor(options) {
    super(options, {
      makeTransport: makeFetchTransport,
      userAgent: () => (typeof navigator !== 'undefined' ? String(navigator.userAgent ?? '') : ''),
    });
  }
}
