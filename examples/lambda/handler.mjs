// An AWS Lambda function (Node.js 18/20/22, ESM) reporting its errors with vigil-sdk/lambda:
// an "orders" endpoint behind API Gateway. Deployed, import from 'vigil-sdk/lambda' (see
// README.md); in this repository the import points at the built package.
import * as Vigil from '../../npm/dist/lambda/index.js';

// At the top of the module: this runs in Lambda's init phase, so the Wasm core loads before
// the first invocation. SENTRY_DSN / SENTRY_RELEASE / SENTRY_ENVIRONMENT are read from the
// function's environment when not given here.
Vigil.init({
  environment: process.env.SENTRY_ENVIRONMENT ?? 'example',
  // Drop health checks before they are sent.
  beforeSend: (event) => (event.request?.url?.endsWith('/health') ? null : event),
});

class ValidationError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ValidationError';
  }
}

async function placeOrder(event, context) {
  const order = JSON.parse(event.body ?? '{}');
  Vigil.setUser({ id: order.customerId });
  Vigil.setTag('channel', order.channel ?? 'web');
  Vigil.addBreadcrumb({ category: 'order', message: `validating ${order.items?.length ?? 0} item(s)` });
  if (!Array.isArray(order.items) || order.items.length === 0) {
    throw new ValidationError('an order needs at least one item');
  }
  if (order.simulateSlowPaymentMs) {
    // A slow dependency: near the deadline the SDK sends "Possible function timeout".
    await new Promise((resolve) => setTimeout(resolve, order.simulateSlowPaymentMs));
  }
  return { statusCode: 201, body: JSON.stringify({ orderId: context.awsRequestId }) };
}

// The handler Lambda calls: set the function's handler to "handler.handler".
export const handler = Vigil.wrapHandler(placeOrder, { flushTimeout: 2000, timeoutWarningLimit: 500 });
