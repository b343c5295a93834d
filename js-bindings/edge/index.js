// vigil-sdk/edge: error monitoring for Cloudflare Workers and other workerd hosts.
// Named exports only, relative imports only.
export { withVigil } from './with-vigil.js';
export {
  getClient, getInvocationScope, captureException, captureMessage, captureEvent, addBreadcrumb,
  setUser, setTag, setTags, setExtra, setExtras, setContext, setLevel, setFingerprint, withScope,
  lastEventId, flush, close,
} from './sdk.js';
export { EdgeClient } from './client.js';
export { makeEdgeTransport } from './transport.js';
