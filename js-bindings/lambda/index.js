// vigil-sdk/lambda: error monitoring for AWS Lambda functions on Node.js, with the names
// @sentry/aws-serverless uses. Named exports only, relative imports only.
export {
  init, getClient, captureException, captureMessage, captureEvent, addBreadcrumb,
  setUser, setTag, setTags, setExtra, setExtras, setContext, withScope, lastEventId, flush, close,
} from './sdk.js';
export { wrapHandler } from './wrap-handler.js';
export { NodeClient } from '../node/client.js';
export { makeNodeTransport } from '../node/transport.js';
