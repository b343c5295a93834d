// The edge bindings' pure parts, run in Node: header parsing and request description.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBaggage, parseSentryTrace, traceContextFrom } from '../../npm/dist/edge/trace.js';
import { isSensitiveHeader, requestData, transactionName } from '../../npm/dist/edge/request-data.js';

test('sentry-trace: trace id, parent span and sampled flag', () => {
  assert.deepEqual(parseSentryTrace('0123456789ABCDEF0123456789abcdef-0123456789abcdef-1'), {
    traceId: '0123456789abcdef0123456789abcdef', parentSpanId: '0123456789abcdef', sampled: true,
  });
  assert.deepEqual(parseSentryTrace('0123456789abcdef0123456789abcdef-0123456789abcdef'), {
    traceId: '0123456789abcdef0123456789abcdef', parentSpanId: '0123456789abcdef',
  });
  assert.equal(parseSentryTrace('0123456789abcdef0123456789abcdef-0123456789abcdef-0').sampled, false);
  for (const bad of ['', 'nonsense', '0123-4567', undefined, null, 'zz23456789abcdef0123456789abcdef-0123456789abcdef']) {
    assert.equal(parseSentryTrace(bad), undefined, String(bad));
  }
});

test('baggage: only sentry- members, percent-decoded', () => {
  assert.deepEqual(
    parseBaggage('other=1, sentry-trace_id=abc,sentry-release=app%401.0;prop=x, sentry-sampled=true,broken'),
    { trace_id: 'abc', release: 'app@1.0', sampled: 'true' },
  );
  assert.deepEqual(parseBaggage(''), {});
  assert.deepEqual(parseBaggage('sentry-x=%E0%A4%A'), { x: '%E0%A4%A' });
});

test('trace context continues the incoming trace with a new span', () => {
  const headers = new Headers({
    'sentry-trace': 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbb',
    baggage: 'sentry-trace_id=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,sentry-sampled=false',
  });
  const context = traceContextFrom(headers);
  assert.equal(context.trace_id, 'a'.repeat(32));
  assert.equal(context.parent_span_id, 'b'.repeat(16));
  assert.match(context.span_id, /^[0-9a-f]{16}$/);
  assert.notEqual(context.span_id, 'b'.repeat(16));
  assert.equal(context.sampled, false, 'baggage decides when sentry-trace has no flag');

  // Baggage of another trace says nothing about this one.
  const mismatched = traceContextFrom(new Headers({
    'sentry-trace': 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbb',
    baggage: 'sentry-trace_id=cccccccccccccccccccccccccccccccc,sentry-sampled=true',
  }));
  assert.equal(mismatched.sampled, undefined);

  const fresh = traceContextFrom(new Headers());
  assert.match(fresh.trace_id, /^[0-9a-f]{32}$/);
  assert.equal(fresh.parent_span_id, undefined);
  assert.notEqual(traceContextFrom(undefined).trace_id, fresh.trace_id);
});

test('request data drops secrets and addresses unless sendDefaultPii', () => {
  const request = new Request('https://app.example/path/x?token=1&b=2', {
    method: 'POST',
    headers: {
      cookie: 'sid=secret', authorization: 'Bearer t', 'x-api-key': 'k', 'x-my-session-token': 's',
      'cf-connecting-ip': '203.0.113.9', 'x-forwarded-for': '203.0.113.9', 'content-type': 'text/plain',
      'x-request-id': 'r1',
    },
  });
  const plain = requestData(request, false);
  assert.equal(plain.method, 'POST');
  assert.equal(plain.url, 'https://app.example/path/x');
  assert.equal(plain.query_string, 'token=1&b=2');
  assert.deepEqual(plain.headers, { 'content-type': 'text/plain', 'x-request-id': 'r1' });
  assert.equal(plain.cookies, undefined);

  const pii = requestData(request, true);
  assert.equal(pii.headers.cookie, 'sid=secret');
  assert.equal(pii.headers.authorization, 'Bearer t');
  assert.deepEqual(pii.cookies, { sid: 'secret' });
  assert.equal(transactionName(request), 'POST /path/x');

  for (const name of ['set-cookie', 'proxy-authorization', 'x-auth-user', 'x-csrf-token', 'x-vendor-apikey']) {
    assert.ok(isSensitiveHeader(name), name);
  }
  for (const name of ['accept', 'user-agent', 'content-length', 'keep-alive', 'x-request-id']) {
    assert.ok(!isSensitiveHeader(name), name);
  }
});

test('withVigil wraps fetch, scheduled and queue and passes the rest through', async () => {
  const { withVigil } = await import('../../npm/dist/edge/index.js');
  const handler = {
    fetch() {}, scheduled() {}, queue() {}, tail() {}, email() {}, marker: 'kept',
    get computed() { return this.marker; },
  };
  const originals = { ...handler };
  const wrapped = withVigil(() => ({}), handler);
  assert.notEqual(wrapped, handler);
  for (const name of ['fetch', 'scheduled', 'queue']) {
    assert.equal(typeof wrapped[name], 'function');
    assert.notEqual(wrapped[name], originals[name], `${name} wrapped`);
    assert.equal(handler[name], originals[name], `the original ${name} left alone`);
  }
  assert.equal(wrapped.tail, handler.tail);
  assert.equal(wrapped.email, handler.email);
  assert.equal(wrapped.marker, 'kept');
  assert.equal(wrapped.computed, 'kept');
  assert.equal(withVigil(() => ({}), null), null);
});
