// Test page for the fetch transport: makes a CoreClient and a transport from the built
// package and exposes `window.vt` for the tests to drive. Query parameters:
//   dsn        the receiver's DSN
//   transport  JSON options for makeFetchTransport (maxQueueSize, clientReportIntervalMs...)
//   noKeepalive  "1" makes the fetch wrapper strip keepalive (to show a test needs it)
//   noIdb      "1" hides IndexedDB before the transport starts (private-mode stand-in)
import { loadCore } from '/npm/dist/core/load-core.js';
import { makeFetchTransport } from '/npm/dist/browser/transport/fetch-transport.js';

const params = new URLSearchParams(location.search);
if (params.get('noIdb') === '1') Object.defineProperty(window, 'indexedDB', { value: undefined });
const module = await loadCore();
const seed = crypto.getRandomValues(new Uint32Array(2));
const core = new module.CoreClient(JSON.stringify({ dsn: params.get('dsn') }), seed[0], seed[1]);

// Every fetch the transport makes, as it made it, with how it ended.
const fetches = [];
const fetchImpl = (url, init) => {
  const record = { at: Date.now(), url, keepalive: Boolean(init.keepalive), bytes: new Blob([init.body]).size,
    credentials: init.credentials, referrerPolicy: init.referrerPolicy, method: init.method };
  fetches.push(record);
  const finalInit = params.get('noKeepalive') === '1' ? { ...init, keepalive: false } : init;
  return fetch(url, finalInit).then((response) => {
    record.status = response.status;
    record.doneAt = Date.now();
    return response;
  }, (error) => {
    record.error = `${error?.name}: ${error?.message}`;
    record.doneAt = Date.now();
    throw error;
  });
};

const options = JSON.parse(params.get('transport') ?? '{}');
const transport = makeFetchTransport({ core, fetchImpl, ...options });

/** Captures a message through the core; returns its event id and request (if any). */
function prepare(message, { padKb = 0 } = {}) {
  const extra = {};
  // Extra strings are cut at 8192 characters, so padding goes in several keys.
  for (let i = 0; i < padKb; i++) extra[`pad${i}`] = 'x'.repeat(1000);
  return core.capture(JSON.stringify({ kind: 'message', message, level: 'info',
    event: { extra } }), Date.now() / 1000, false, 0);
}

/** Captures a message and hands its request to `via` (the page's transport by default). */
function capture(message, { padKb = 0, via = transport } = {}) {
  const result = prepare(message, { padKb });
  if (result.request) via.send(result.request);
  return { eventId: result.eventId, sent: Boolean(result.request), bytes: result.request?.body.length ?? 0 };
}

// Requests prepared now and sent later, by index.
const prepared = [];

window.vt = {
  core, transport, fetches, capture,
  prepare(message, options) {
    const result = prepare(message, options);
    prepared.push(result.request);
    return { eventId: result.eventId, index: prepared.length - 1 };
  },
  sendPrepared: (index) => transport.send(prepared[index]),
  /** A second transport on the page with its own keepalive budget and queue. */
  makeSecond: (extra = {}) => makeFetchTransport({ core, fetchImpl, ...options, queueName: 'second', ...extra }),
  flush: (ms) => transport.flush(ms),
  pending: () => transport.pendingCount(),
  /** Everything in the IndexedDB queue (metadata only). */
  stored: () => new Promise((resolve, reject) => {
    const open = indexedDB.open(options.queueName ?? 'vigil-offline-queue');
    // Never create the database here: the transport's own open must do that, with its stores.
    open.onupgradeneeded = () => open.transaction.abort();
    open.onerror = () => resolve([]);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('meta')) { db.close(); resolve([]); return; }
      const req = db.transaction('meta').objectStore('meta').getAll();
      req.onsuccess = () => { db.close(); resolve(req.result); };
      req.onerror = () => reject(req.error);
    };
  }),
};
window.vtReady = true;
