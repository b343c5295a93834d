// Replay compression off the main thread, in real Chromium: segments compressed in the worker
// on a strict-CSP page (the worker comes from its own URL, never blob:), the main-thread
// fallback where no worker may run or the worker fails, and brotli envelopes
// (Content-Encoding: br) that the receiver decodes. Sentry's parser reads every envelope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startBrowserEnv, ROOT } from './harness.js';
import { sentryParsedEnvelopes } from './helpers/sentry-check.js';

const PAGE = 'replay-compression.html';
const WORKER_PATH = '/npm/dist/worker/compression-worker.js';
// What every response carries (the worker script gets its own CSP from its response).
const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' http://127.0.0.1:*";

let env;
before(async () => {
  env = await startBrowserEnv({
    static: {
      headers: () => ({ 'content-security-policy': STRICT }),
      routes: {
        // The test page, with the worker-src the test asks for.
        [`/${PAGE}`]: async (req, res) => {
          const workerSrc = new URL(req.url, 'http://x').searchParams.get('workerSrc') ?? "'self'";
          const html = await readFile(path.join(ROOT, 'tests/browser/pages/replay-compression.html'));
          res.writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-store',
            'content-security-policy': `${STRICT}; worker-src ${workerSrc}`,
          });
          res.end(html);
        },
      },
    },
  });
});
after(() => env?.close());

/** Opens the page, records a burst of changes and flushes a segment; notes workers started. */
async function recordSegment(query) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const workers = [];
  const consoleMessages = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  page.on('console', (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
  const params = new URLSearchParams({ dsn: env.dsn, ...query });
  await page.goto(`${env.server.url}/${PAGE}?${params}`);
  await page.waitForFunction(() => window.pageReady && window.Vigil.getReplay()?.getReplayId());
  const replayId = await page.evaluate(() => window.Vigil.getReplay().getReplayId());
  await page.evaluate(() => window.mutate());
  await page.evaluate(() => window.Vigil.getReplay().flush());
  const [record] = await env.receiver.waitFor({ type: 'replay_recording', count: 1, timeout: 15000 });
  const pageErrors = await page.evaluate(() => window.pageErrors);
  await context.close();
  return { record, replayId, workers, consoleMessages, pageErrors };
}

/** The stored segment as Sentry reads it: its replay_event and its rrweb events. */
async function parsedSegment(replayId) {
  const envelopes = (await sentryParsedEnvelopes(env.receiver))
    .filter((e) => e.items.some(([h]) => h.type === 'replay_recording'));
  assert.equal(envelopes.length, 1);
  const [envelope] = envelopes;
  assert.equal(envelope.headers.event_id, replayId);
  assert.deepEqual(envelope.items.map(([h]) => h.type), ['replay_event', 'replay_recording']);
  const res = await fetch(`${env.receiver.url}/__vigil/replays/${replayId}`);
  assert.equal(res.status, 200);
  const { segments } = await res.json();
  assert.equal(segments.length, 1);
  return { replayEvent: envelope.items[0][1], events: segments[0].events };
}

function assertRecordedPage(events) {
  assert.ok(events.some((e) => e.type === 2), 'a full snapshot');
  const texts = JSON.stringify(events);
  assert.ok(events.some((e) => e.type === 3 && e.data.source === 0), 'mutations');
  assert.ok(!texts.includes('shipped to warehouse'), 'text stays masked');
}

const recordingItem = (record) => record.items.find((i) => i.type === 'replay_recording');

test('on a strict-CSP page (worker-src self, no blob:) the worker zlib-compresses segments', async () => {
  await env.receiver.clear();
  const { record, replayId, workers, consoleMessages, pageErrors } =
    await recordSegment({ mainDeflate: 'off' });
  assert.deepEqual(workers.map((u) => new URL(u).pathname), [WORKER_PATH], 'one worker, from its URL');
  // The page has no CompressionStream, so only the worker could have made this zlib.
  assert.equal(recordingItem(record).compressed, true);
  assert.equal(record.content_encoding, 'identity');
  const { replayEvent, events } = await parsedSegment(replayId);
  assert.equal(replayEvent.segment_id, 0);
  assertRecordedPage(events);
  assert.deepEqual(pageErrors, []);
  assert.ok(!consoleMessages.some((m) => /Content Security Policy|blob:/i.test(m)), consoleMessages.join('\n'));
});

test("with worker-src 'none' the main thread compresses and the segment still arrives", async () => {
  await env.receiver.clear();
  const { record, replayId, workers, pageErrors } = await recordSegment({ workerSrc: "'none'" });
  assert.deepEqual(workers, [], 'the CSP let no worker run');
  assert.equal(recordingItem(record).compressed, true, 'zlib from the main thread');
  assertRecordedPage((await parsedSegment(replayId)).events);
  assert.deepEqual(pageErrors, [], 'the blocked worker is not the page\'s error');
});

test('useWorker: false compresses on the main thread without starting a worker', async () => {
  await env.receiver.clear();
  const { record, replayId, workers, pageErrors } = await recordSegment({ useWorker: 'false' });
  assert.deepEqual(workers, []);
  assert.equal(recordingItem(record).compressed, true);
  assertRecordedPage((await parsedSegment(replayId)).events);
  assert.deepEqual(pageErrors, []);
});

test('a worker URL that fails to load falls back to the main thread', async () => {
  await env.receiver.clear();
  const { record, replayId, pageErrors } = await recordSegment({ workerUrl: '/npm/dist/worker/missing-worker.js' });
  assert.equal(recordingItem(record).compressed, true);
  assertRecordedPage((await parsedSegment(replayId)).events);
  assert.deepEqual(pageErrors, []);
});

test('a worker that throws as it starts falls back, and its error is not the page\'s', async () => {
  await env.receiver.clear();
  const { record, replayId, workers, pageErrors } =
    await recordSegment({ workerUrl: '/tests/browser/pages/failing-worker.js' });
  assert.equal(workers.length, 1, 'the worker started');
  assert.equal(recordingItem(record).compressed, true);
  assertRecordedPage((await parsedSegment(replayId)).events);
  assert.deepEqual(pageErrors, []);
});

test("compression: 'brotli' sends the envelope brotli-encoded and the receiver decodes it", async () => {
  await env.receiver.clear();
  const { record, replayId, workers, consoleMessages, pageErrors } =
    await recordSegment({ compression: 'brotli', mainDeflate: 'off' });
  assert.deepEqual(workers.map((u) => new URL(u).pathname), [WORKER_PATH]);
  assert.equal(record.content_encoding, 'br', 'Content-Encoding: br (after a CORS preflight)');
  assert.ok(record.wire_size < record.size / 2, `${record.wire_size} bytes sent for ${record.size}`);
  // Inside a brotli envelope the recording is plain JSON: zlib under brotli gains nothing.
  assert.equal(recordingItem(record).compressed, false);
  assertRecordedPage((await parsedSegment(replayId)).events);
  assert.deepEqual(pageErrors, []);
  assert.ok(!consoleMessages.some((m) => /Content Security Policy/i.test(m)), consoleMessages.join('\n'));
});

test('brotli without brotli.wasm beside the worker (a custom workerUrl) sends zlib instead', async () => {
  await env.receiver.clear();
  // The source tree's worker/ has the scripts but no built brotli.wasm.
  const { record, replayId, workers, pageErrors } =
    await recordSegment({ compression: 'brotli', workerUrl: '/worker/compression-worker.js', mainDeflate: 'off' });
  assert.deepEqual(workers.map((u) => new URL(u).pathname), ['/worker/compression-worker.js']);
  assert.equal(record.content_encoding, 'identity');
  assert.equal(recordingItem(record).compressed, true, 'zlib, still from the worker');
  assertRecordedPage((await parsedSegment(replayId)).events);
  assert.deepEqual(pageErrors, []);
});

test("brotli on a page whose CSP blocks the worker sends zlib from the main thread", async () => {
  await env.receiver.clear();
  const { record, replayId, workers, pageErrors } = await recordSegment({ compression: 'brotli', workerSrc: "'none'" });
  assert.deepEqual(workers, []);
  assert.equal(record.content_encoding, 'identity');
  assert.equal(recordingItem(record).compressed, true);
  assertRecordedPage((await parsedSegment(replayId)).events);
  assert.deepEqual(pageErrors, []);
});
