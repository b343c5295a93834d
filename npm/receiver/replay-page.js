import { html, pageShell } from './html.js';

/**
 * REPLAY PLAYER: placeholder for `GET /replays/<replay_id>`. The player will replace this
 * page; until then it answers 404 "not yet" and lists what the player will be fed
 * (`GET /__vigil/replays/<replay_id>` returns the decoded segments).
 * @param {string} replayId
 * @param {Array<{ segment_id: number, events: unknown }>} segments
 * @returns {{ status: number, body: string }}
 */
export function renderReplayPage(replayId, segments) {
  const body = html`<h1>Replay <code>${replayId}</code></h1>
<p><b>Replay player: not yet available.</b> <a href="/">Back</a></p>
${segments.length
    ? html`<p>${segments.length} segment(s) stored:
<a href="/__vigil/replays/${encodeURIComponent(replayId)}">decoded events JSON</a></p>
<table><tr><th>Segment</th><th>rrweb events</th></tr>${segments.map((s) => html`<tr>
<td>${s.segment_id}</td><td>${Array.isArray(s.events) ? s.events.length : '?'}</td></tr>`)}</table>`
    : html`<p class="muted">No recording segments stored for this id.</p>`}`;
  return { status: 404, body: pageShell(`Replay ${replayId}`, body) };
}
