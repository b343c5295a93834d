// Runs handler.mjs locally against the local receiver, invoked the way the Lambda runtime
// invokes it (tests/lambda/fixtures/lambda-harness.js), and prints what arrived.
//   node examples/lambda/run-local.mjs          (after bash scripts/build.sh)
//   node examples/lambda/run-local.mjs --keep   (leaves the receiver up at http://127.0.0.1:8969)
import { startReceiver } from '../../npm/receiver/server.js';
import { apiGatewayV1Event, invoke } from '../../tests/lambda/fixtures/lambda-harness.js';

const keep = process.argv.includes('--keep');
const receiver = await startReceiver({ port: keep ? 8969 : 0 });
process.env.SENTRY_DSN = receiver.dsn();
process.env.SENTRY_RELEASE = 'orders-fn@1.0.0';
console.log(`receiver: ${receiver.url}  (DSN ${receiver.dsn()})\n`);

// Importing the module is Lambda's init phase: init() runs here.
const { handler } = await import('./handler.mjs');

const order = (body) => apiGatewayV1Event({
  method: 'POST', path: '/orders',
  headers: { 'Content-Type': 'application/json', Authorization: 'Bearer not-sent', 'User-Agent': 'shop-app/3.1' },
});
const scenarios = [
  ['a valid order', { ...order(), body: JSON.stringify({ customerId: 'c-1', items: [{ sku: 'A' }] }) }, 3000],
  ['an empty order (throws)', { ...order(), body: JSON.stringify({ customerId: 'c-2', items: [] }) }, 3000],
  ['a slow payment near the 1.5 s timeout', { ...order(), body: JSON.stringify({ customerId: 'c-3', items: [{ sku: 'B' }], simulateSlowPaymentMs: 1200 }) }, 1500],
];
for (const [name, event, timeoutMs] of scenarios) {
  const outcome = await invoke(handler, event, { functionName: 'orders-fn', timeoutMs });
  const answer = outcome.error ? `error ${outcome.error.name}: ${outcome.error.message}` : `result ${JSON.stringify(outcome.result)}`;
  console.log(`invoke ${name.padEnd(40)} → ${answer}  (${outcome.durationMs.toFixed(0)} ms)`);
}

console.log('\nstored by the receiver (each invocation flushed before it answered):');
for (const record of await receiver.envelopes({ type: 'event' })) {
  for (const item of record.items.filter((i) => i.type === 'event')) {
    const e = item.payload;
    const ex = e.exception?.values?.at(-1);
    console.log(`event  ${e.level.padEnd(7)} ${ex ? `${ex.type}: ${ex.value}` : e.message?.formatted ?? e.message}`);
    if (ex) console.log(`       mechanism=${ex.mechanism?.type} handled=${ex.mechanism?.handled}`);
    console.log(`       user=${JSON.stringify(e.user)} tags=${JSON.stringify(e.tags)}`);
    console.log(`       aws.lambda=${JSON.stringify(e.contexts?.['aws.lambda'])}`);
    console.log(`       request=${e.request?.method} ${e.request?.url} headers=${Object.keys(e.request?.headers ?? {}).join(',')}`);
  }
}
if (keep) {
  console.log(`\nreceiver still running at ${receiver.url} (Ctrl-C to stop)`);
} else {
  await receiver.close();
  process.exit(0);
}
