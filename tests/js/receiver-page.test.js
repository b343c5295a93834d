import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, html } from '../../npm/receiver/html.js';
import { REPLAY_ID, errorEnvelope, makeEnvelope, postEnvelope, startTestReceiver } from './receiver-helpers.js';

describe('receiver page', () => {
  it('escapes interpolations in the html template', () => {
    assert.equal(escapeHtml(`<a href="x">'&`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    assert.equal(html`<p>${'<b>'}${html`<i>`}${[1, '<']}${null}</p>`.toString(), '<p>&lt;b&gt;<i>1&lt;</p>');
  });

  it('lists an error with its details and counts, escaping event data', async (t) => {
    const receiver = await startTestReceiver(t);
    await postEnvelope(receiver, errorEnvelope({
      message: 'hello <script>alert(1)</script>',
      contexts: { replay: { replay_id: REPLAY_ID } },
      tags: { browser: 'Chromium', '<img src=x onerror=alert(2)>': 'v' },
    }));
    await postEnvelope(receiver, makeEnvelope({}, [
      { headers: { type: 'transaction' }, payload: { type: 'transaction', transaction: '/home' } },
    ]));
    await postEnvelope(receiver, makeEnvelope({}, [
      { headers: { type: 'session' }, payload: { sid: 'a', status: 'ok' } },
      { headers: { type: 'session' }, payload: { sid: 'b', status: 'ok' } },
    ]));

    const res = await fetch(`${receiver.url}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /text\/html/);
    assert.match(res.headers.get('content-security-policy'), /default-src 'none'/);
    const page = await res.text();
    assert.ok(!page.includes('<script>'), 'raw <script> from event data');
    assert.ok(!page.includes('<img'), 'raw <img> from event data');
    assert.ok(page.includes('hello &lt;script&gt;alert(1)&lt;/script&gt;'));
    for (const text of ['TypeError', 'x is undefined', 'web@1.2.3', 'staging', REPLAY_ID,
      '2023-11-14T22:13:20.500Z', 'outer', 'app.js', 'ui.click', 'button#go', 'Chromium']) {
      assert.ok(page.includes(text), text);
    }
    assert.match(page, /Transactions: <b>1<\/b>/);
    assert.match(page, /Sessions: <b>2<\/b>/);
    assert.match(page, /<details>/);
  });

  it('survives events of the wrong shape', async (t) => {
    const receiver = await startTestReceiver(t);
    const weird = [[], 'text', { exception: 'x', breadcrumbs: 5, tags: [['a']], message: { formatted: 7 },
      timestamp: 'yesterday', level: '<b>' }, { exception: { values: [null, { stacktrace: { frames: [null, 1] } }] } }];
    for (const payload of weird) {
      await postEnvelope(receiver, makeEnvelope({}, [{ headers: { type: 'event' }, payload }]));
    }
    const res = await fetch(`${receiver.url}/`);
    assert.equal(res.status, 200);
    const page = await res.text();
    assert.ok(page.includes('>&lt;b&gt;</span>'), 'level shown escaped');
    assert.equal((page.match(/<details>/g) ?? []).length, 4);
  });
});
