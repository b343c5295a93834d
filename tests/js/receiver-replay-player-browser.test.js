// Loads the replay player page in headless Chromium and checks rrweb's Replayer mounted its iframe.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import { REPLAY_ID, makeEnvelope, postEnvelope, startTestReceiver } from './receiver-helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const EVENTS = [
  { type: 4, timestamp: 1_000, data: { href: 'http://app.test/', width: 800, height: 600 } },
  { type: 2, timestamp: 1_010, data: { node: { id: 1, type: 0, childNodes: [
    { id: 2, type: 2, tagName: 'html', attributes: {}, childNodes: [
      { id: 3, type: 2, tagName: 'body', attributes: {}, childNodes: [{ id: 4, type: 3, textContent: 'hello replay' }] },
    ] },
  ] }, initialOffset: { top: 0, left: 0 } } },
  { type: 3, timestamp: 1_500, data: { source: 1, positions: [{ x: 1, y: 1, id: 4, timeOffset: 0 }] } },
];

describe('receiver replay player in Chromium', { skip: !existsSync(CHROMIUM) && 'no Chromium' }, () => {
  it('mounts the Replayer iframe with the recorded page', async (t) => {
    const { launchBrowser } = await import('../browser/harness.js');
    const receiver = await startTestReceiver(t);
    const json = Buffer.from(JSON.stringify(EVENTS));
    const env = makeEnvelope({ event_id: REPLAY_ID }, [
      { headers: { type: 'replay_event' }, payload: { type: 'replay_event', replay_id: REPLAY_ID, segment_id: 0 } },
      { headers: { type: 'replay_recording' },
        payload: Buffer.concat([Buffer.from('{"segment_id":0}\n'), zlib.deflateSync(json)]) },
    ]);
    assert.equal((await postEnvelope(receiver, env)).status, 200);

    const browser = await launchBrowser();
    t.after(() => browser.close());
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
    await page.goto(`${receiver.url}/replays/${REPLAY_ID}`);
    await page.waitForFunction(() => /Ready/.test(document.getElementById('player-status')?.textContent ?? ''),
      null, { timeout: 10_000 }).catch(() => {});
    const status = await page.textContent('#player-status');
    assert.match(status, /Ready: 3 events/, `status: ${status}; problems: ${problems.join(' | ')}`);
    assert.equal(await page.locator('#player iframe').count(), 1);
    await page.click('#play');
    const frame = page.frameLocator('#player iframe');
    await frame.locator('body').waitFor({ timeout: 5_000 });
    assert.match(await frame.locator('body').textContent(), /hello replay/);
  });
});
