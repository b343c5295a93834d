import { locateRrweb } from './assets.js';
import { html, pageShell } from './html.js';

/**
 * Renders `GET /replays/<replay_id>`: a player page. Event data never goes into the HTML; the
 * page's own script fetches `GET /__vigil/replays/<replay_id>` and feeds rrweb's Replayer.
 * @param {string} replayId
 * @param {Array<{ segment_id: number, events: unknown }>} segments
 * @param {{ errorIds?: string[] }} [extra]
 * @returns {{ status: number, body: string, scripts: boolean }}
 */
export function renderReplayPage(replayId, segments, { errorIds = [] } = {}) {
  if (!segments.length) {
    const body = html`<h1>Replay <code>${replayId}</code></h1>
<p><b>Replay not found:</b> no recording segments are stored for this id. <a href="/">Back</a></p>`;
    return { status: 404, body: pageShell(`Replay ${replayId}`, body), scripts: false };
  }
  const rrweb = locateRrweb();
  const events = segments.flatMap((s) => (Array.isArray(s.events) ? s.events : []));
  const times = events.map((e) => e?.timestamp).filter((t) => typeof t === 'number' && Number.isFinite(t));
  const duration = times.length ? (Math.max(...times) - Math.min(...times)) / 1000 : 0;
  const head = html`<link rel="stylesheet" href="/__vigil/assets/rrweb.css">`;
  const body = html`<h1>Replay <code>${replayId}</code></h1>
<p><a href="/">Back</a> · <a href="/__vigil/replays/${encodeURIComponent(replayId)}">decoded events JSON</a></p>
<p><span id="segment-count">${segments.length}</span> segment(s) · ${events.length} event(s) ·
duration <span id="duration">${duration.toFixed(1)}</span> s</p>
${errorIds.length ? html`<p>Errors: ${errorIds.map((id, i) => html`${i ? ', ' : ''}<a href="/#event-${encodeURIComponent(id)}"><code>${id}</code></a>`)}</p>`
    : html`<p class="muted">No errors linked to this replay.</p>`}
${'error' in rrweb
    ? html`<p class="lv-error">Replay player unavailable: ${rrweb.error}.</p>`
    : html`<p id="controls"><button id="play" disabled>Play</button> <button id="pause" disabled>Pause</button>
<span id="player-status" class="muted">Loading…</span></p>
<div id="player" class="vigil-player" data-replay-id="${replayId}"></div>
<script src="/__vigil/assets/rrweb.js"></script>
<script src="/__vigil/assets/player.js"></script>`}`;
  return { status: 200, body: pageShell(`Replay ${replayId}`, body, head), scripts: !('error' in rrweb) };
}
