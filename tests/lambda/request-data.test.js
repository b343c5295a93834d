// The HTTP request behind an invocation (API Gateway REST and HTTP APIs, function URLs) on
// the event, with credentials, cookies and addresses only under sendDefaultPii.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startReceiver } from '../../npm/receiver/server.js';
import * as Vigil from '../../npm/dist/lambda/index.js';
import { requestFromEvent } from '../../npm/dist/lambda/request-data.js';
import { apiGatewayV1Event, apiGatewayV2Event, invoke } from './fixtures/lambda-harness.js';
import { headline, waitForEvent } from './fixtures/events.js';

let receiver;
before(async () => {
  receiver = await startReceiver();
});
after(async () => {
  await Vigil.close(500);
  await receiver.close();
});

const secretHeaders = {
  Authorization: 'Bearer s3cret',
  Cookie: 'session=abc; theme=dark',
  'X-Api-Key': 'k-123',
  'X-Forwarded-For': '203.0.113.7',
  'User-Agent': 'shop-app/3.1',
  'Content-Type': 'application/json',
};

const failing = Vigil.wrapHandler(async (event) => {
  throw new Error(`failed ${event.rawPath ?? event.path}`);
});

async function eventFor(path) {
  return waitForEvent(receiver, (e) => headline(e) === `failed ${path}`);
}

test('REST API (payload 1.0): method, url, query and safe headers; no credentials or cookies', async () => {
  Vigil.init({ dsn: receiver.dsn() });
  const outcome = await invoke(failing, apiGatewayV1Event({
    method: 'post', path: '/orders', headers: secretHeaders, query: { page: '2', q: 'red shoes' },
  }));
  assert.equal(outcome.error.message, 'failed /orders');
  const { request, user } = await eventFor('/orders');
  assert.equal(request.method, 'POST');
  assert.equal(request.url, 'https://abc123.execute-api.us-east-1.amazonaws.com/orders');
  assert.equal(request.query_string, 'page=2&q=red+shoes');
  assert.equal(request.headers['User-Agent'], 'shop-app/3.1');
  assert.equal(request.headers['Content-Type'], 'application/json');
  for (const name of ['Authorization', 'Cookie', 'X-Api-Key', 'X-Forwarded-For']) {
    assert.equal(request.headers[name], undefined, `${name} left out`);
  }
  assert.equal(request.cookies, undefined);
  assert.equal(request.env, undefined);
  assert.equal(user, undefined);
});

test('HTTP API / function URL (payload 2.0): raw path and query; cookies left out', async () => {
  Vigil.init({ dsn: receiver.dsn() });
  await invoke(failing, apiGatewayV2Event({
    path: '/items/42', rawQueryString: 'expand=true', cookies: ['session=abc'],
    headers: { authorization: 'Basic eA==', 'user-agent': 'curl/8' },
  }));
  const { request } = await eventFor('/items/42');
  assert.equal(request.method, 'GET');
  assert.equal(request.url, 'https://xyz.lambda-url.us-east-1.on.aws/items/42');
  assert.equal(request.query_string, 'expand=true');
  assert.equal(request.headers['user-agent'], 'curl/8');
  assert.equal(request.headers.authorization, undefined);
  assert.equal(request.cookies, undefined);
});

test('with sendDefaultPii the headers, cookies and caller address go too', async () => {
  Vigil.init({ dsn: receiver.dsn(), sendDefaultPii: true });
  await invoke(failing, apiGatewayV1Event({ path: '/pii', headers: secretHeaders }));
  const { request, user } = await eventFor('/pii');
  assert.equal(request.headers.Authorization, 'Bearer s3cret');
  assert.deepEqual(request.cookies, { session: 'abc', theme: 'dark' });
  assert.deepEqual(request.env, { REMOTE_ADDR: '203.0.113.7' });
  assert.equal(user.ip_address, '{{auto}}');
  await invoke(failing, apiGatewayV2Event({ path: '/pii-v2', cookies: ['a=1', 'b=2'] }));
  const v2 = (await eventFor('/pii-v2')).request;
  assert.deepEqual(v2.cookies, { a: '1', b: '2' });
  assert.deepEqual(v2.env, { REMOTE_ADDR: '198.51.100.9' });
});

test('events that are not HTTP requests carry no request; the event\'s own request wins', async () => {
  Vigil.init({ dsn: receiver.dsn() });
  const sqs = { Records: [{ messageId: '1', eventSource: 'aws:sqs', body: '{}' }] };
  assert.equal(requestFromEvent(sqs), undefined);
  assert.equal(requestFromEvent(null), undefined);
  assert.equal(requestFromEvent('text'), undefined);
  const handler = Vigil.wrapHandler(async () => {
    Vigil.captureEvent({ message: 'own request', request: { url: 'https://example.com/own' } });
    return 'ok';
  });
  await invoke(handler, apiGatewayV1Event({ path: '/ignored' }));
  const event = await waitForEvent(receiver, (e) => headline(e) === 'own request');
  assert.equal(event.request.url, 'https://example.com/own');
  assert.equal(event.request.method, 'POST', 'fields the event lacks still come from the invocation');
});

test('multi-value query parameters and a missing Host header', () => {
  const event = apiGatewayV1Event({ method: 'GET', path: '/search' });
  event.multiValueQueryStringParameters = { tag: ['a', 'b'], q: ['x y'] };
  delete event.headers.Host;
  const request = requestFromEvent(event);
  assert.equal(request.query_string, 'tag=a&tag=b&q=x+y');
  assert.equal(request.url, 'https://abc123.execute-api.us-east-1.amazonaws.com/search', 'domainName stands in');
});
