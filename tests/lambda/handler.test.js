// wrapHandler end to end: handlers invoked as the Lambda runtime does (fixtures/lambda-harness),
// events delivered to the local receiver and read back with Sentry's parser. This file is its
// own process, so its first invocation is the process's cold start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startReceiver } from '../../npm/receiver/server.js';
import * as Vigil from '../../npm/dist/lambda/index.js';
import { invoke } from './fixtures/lambda-harness.js';
import { headline, storedEvents, waitForEvent } from './fixtures/events.js';

let receiver;
before(async () => {
  receiver = await startReceiver();
  Vigil.init({ dsn: receiver.dsn(), release: 'orders@2.1.0', environment: 'staging' });
});
after(async () => {
  await Vigil.close(500);
  await receiver.close();
});

class PaymentError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PaymentError';
    this.code = 'E_CARD';
  }
}

test('an async handler that throws: event with the invocation context, cold start once, error rethrown unchanged', async () => {
  const thrown = [];
  const handler = Vigil.wrapHandler(async (event) => {
    await new Promise((resolve) => setImmediate(resolve));
    const error = new PaymentError(`card declined ${event.n}`);
    thrown.push(error);
    throw error;
  });
  const first = await invoke(handler, { n: 1 }, { functionName: 'checkout', memoryLimitInMB: 256, timeoutMs: 6000 });
  const second = await invoke(handler, { n: 2 }, { functionName: 'checkout' });

  assert.equal(first.via, 'promise');
  assert.equal(first.error, thrown[0], 'the very same error object reaches the runtime');
  assert.equal(second.error, thrown[1]);
  assert.equal(first.error.code, 'E_CARD');

  // (That the flush precedes the answer is the subject of its own test below.)
  const e1 = await waitForEvent(receiver, (e) => headline(e) === 'card declined 1');
  const e2 = await waitForEvent(receiver, (e) => headline(e) === 'card declined 2');
  assert.equal(e1.tags.cold_start, 'true');
  assert.equal(e2.tags.cold_start, 'false');
  assert.equal(e1.platform, 'node');
  assert.equal(e1.release, 'orders@2.1.0');
  assert.equal(e1.environment, 'staging');

  const ex = e1.exception.values.at(-1);
  assert.equal(ex.type, 'PaymentError');
  assert.deepEqual(ex.mechanism, { type: 'auto.function.aws_serverless.handler', handled: false });
  assert.ok(ex.stacktrace.frames.some((f) => f.filename.endsWith('/tests/lambda/handler.test.js') && f.in_app));

  const lambda = e1.contexts['aws.lambda'];
  assert.equal(lambda.aws_request_id, first.context.awsRequestId);
  assert.equal(lambda.function_name, 'checkout');
  assert.equal(lambda.function_version, '$LATEST');
  assert.equal(lambda.invoked_function_arn, 'arn:aws:lambda:us-east-1:123456789012:function:checkout');
  assert.equal(lambda.memory_limit_in_mb, 256);
  assert.ok(lambda.remaining_time_in_millis > 5000 && lambda.remaining_time_in_millis <= 6000);
  const logs = e1.contexts['aws.cloudwatch.logs'];
  assert.equal(logs.log_group, '/aws/lambda/checkout');
  assert.equal(logs.log_stream, first.context.logStreamName);
  assert.match(logs.url, /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#logsV2:log-groups\/log-group\/\$252Faws\$252Flambda\$252Fcheckout\/log-events\//);
  assert.equal(e2.contexts['aws.lambda'].aws_request_id, second.context.awsRequestId);
  assert.equal(e1.contexts.runtime.name, 'node');
  assert.equal(e1.contexts.cloud_resource['cloud.platform'], 'aws_lambda');
});

test('a callback-style handler passing an error: captured, and the same error goes to the callback', async () => {
  const error = new TypeError('bad input');
  const handler = Vigil.wrapHandler((event, context, callback) => {
    setTimeout(() => callback(error), 5);
  });
  assert.equal(handler.length, 2, 'the wrapper is an async (event, context) handler');
  const outcome = await invoke(handler, {});
  assert.equal(outcome.error, error);
  const event = await waitForEvent(receiver, (e) => headline(e) === 'bad input');
  assert.equal(event.exception.values.at(-1).type, 'TypeError');
  assert.equal(event.exception.values.at(-1).mechanism.handled, false);
  assert.equal(event.contexts['aws.lambda'].aws_request_id, outcome.context.awsRequestId);
});

test('a callback-style handler that throws synchronously is captured and rethrown', async () => {
  const error = new RangeError('sync throw');
  // eslint-disable-next-line no-unused-vars
  const handler = Vigil.wrapHandler((event, context, callback) => {
    throw error;
  });
  const outcome = await invoke(handler, {});
  assert.equal(outcome.error, error);
  await waitForEvent(receiver, (e) => headline(e) === 'sync throw');
});

test('successful handlers: the result comes back unchanged and nothing is sent', async () => {
  const before = (await receiver.envelopes()).length;
  const answer = { statusCode: 200, body: JSON.stringify({ ok: true }) };
  const asyncOutcome = await invoke(Vigil.wrapHandler(async () => answer), {});
  assert.equal(asyncOutcome.result, answer);
  assert.equal(asyncOutcome.error, undefined);
  const cbOutcome = await invoke(Vigil.wrapHandler((event, context, callback) => callback(null, answer)), {});
  assert.equal(cbOutcome.result, answer);
  // A plain value from a synchronous handler is an answer too.
  const syncOutcome = await invoke(Vigil.wrapHandler(() => 42), {});
  assert.equal(syncOutcome.result, 42);
  // A callback handler that returns a promise instead of calling back.
  const mixed = await invoke(Vigil.wrapHandler(async (event, context, _callback) => 'from promise'), {});
  assert.equal(mixed.result, 'from promise');
  assert.equal((await receiver.envelopes()).length, before);
});

test('the flush happens before the wrapper resolves: the receiver already has the event', async () => {
  receiver.control({ latencyMs: 250 });
  try {
    const handler = Vigil.wrapHandler(async () => {
      Vigil.captureMessage('order placed', 'info');
      return 'ok';
    });
    const outcome = await invoke(handler, {});
    // No waitFor: whatever the handler captured must be stored by now.
    const events = await storedEvents(receiver);
    assert.equal(outcome.result, 'ok');
    assert.ok(events.some((e) => headline(e) === 'order placed'), 'stored before the invocation ended');
    assert.ok(outcome.durationMs >= 240, `the wrapper waited for delivery (${outcome.durationMs} ms)`);
  } finally {
    receiver.control({ latencyMs: 0 });
  }
});

test('the handler result does not wait longer than flushTimeout for a slow ingest', async () => {
  receiver.control({ latencyMs: 3000 });
  try {
    const error = new Error('slow ingest');
    const handler = Vigil.wrapHandler(async () => { throw error; }, { flushTimeout: 200 });
    const outcome = await invoke(handler, {});
    assert.equal(outcome.error, error);
    assert.ok(outcome.durationMs < 1000, `bounded by flushTimeout (${outcome.durationMs} ms)`);
  } finally {
    receiver.control({ latencyMs: 0 });
  }
  // The request was sent regardless; it lands once the receiver answers.
  await receiver.waitFor({ type: 'event', count: (await storedEvents(receiver)).length + 1, timeout: 6000 });
});

test('a non-Error rejection is captured and passed on as is', async () => {
  const reason = { code: 'E_THROTTLED', retryable: true };
  const outcome = await invoke(Vigil.wrapHandler(() => Promise.reject(reason)), {});
  assert.equal(outcome.error, reason);
  const event = await waitForEvent(receiver, (e) => /captured as exception with keys: code, retryable/.test(headline(e)));
  assert.deepEqual(event.extra.__serialized__, reason);
});
