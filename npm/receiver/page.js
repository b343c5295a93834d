import { html, pageShell } from './html.js';

/**
 * Renders the index page: item counts, errors (each expandable), replay ids.
 * @param {Awaited<ReturnType<typeof import('./page-data.js').collectPageData>>} data
 * @returns {string}
 */
export function renderIndexPage(data) {
  const count = (type) => data.counts.find(([t]) => t === type)?.[1] ?? 0;
  const body = html`
<h1>Vigil receiver</h1>
<p class="muted">${data.envelopeCount} envelope(s) stored in <code>${data.dir}</code>.
<a href="/">Refresh</a> · <a href="/__vigil/envelopes">JSON</a></p>
<p>Errors: <b>${count('event')}</b> · Transactions: <b>${count('transaction')}</b> ·
Sessions: <b>${count('session') + count('sessions')}</b> · Replay segments: <b>${count('replay_recording')}</b></p>
${data.counts.length ? html`<table><tr><th>Item type</th><th>Count</th></tr>
${data.counts.map(([type, n]) => html`<tr><td>${type}</td><td>${n}</td></tr>`)}</table>` : ''}
<h2>Errors${data.errorTotal > data.errors.length ? html` (newest ${data.errors.length} of ${data.errorTotal})` : ''}</h2>
${data.errors.length ? data.errors.map(renderError) : html`<p class="muted">No errors received yet.</p>`}
<h2>Replays</h2>
${renderReplays(data.replays)}`;
  return pageShell('Vigil receiver', body);
}

function renderError({ envelopeId, view, error }) {
  const headline = view.type ? html`<b>${view.type}</b>: ${view.value}` : html`<b>${view.message || '(no message)'}</b>`;
  return html`${view.eventId ? html`<a id="event-${view.eventId}"></a>` : ''}<details><summary>
<span class="muted">${view.time}</span> <span class="lv lv-${view.level.replace(/[^a-z]/gi, '')}">${view.level}</span>
${headline}${view.type && view.message ? html` — ${view.message}` : ''}
<span class="muted">${view.release ? html` · release ${view.release}` : ''}${view.environment ? html` · env ${view.environment}` : ''}</span>
${view.replayId ? html` · replay <a href="/replays/${encodeURIComponent(view.replayId)}">${view.replayId}</a>` : ''}
</summary>
${error ? html`<p class="lv-error">${error}</p>` : ''}
<p class="muted">event ${view.eventId} · <a href="/__vigil/envelopes/${encodeURIComponent(envelopeId)}">envelope JSON</a>
${view.transaction ? html` · transaction ${view.transaction}` : ''}</p>
${view.exceptions.map((ex) => html`<h3>${ex.type}: ${ex.value}</h3>${renderFrames(ex.frames)}`)}
${renderBreadcrumbs(view.breadcrumbs)}
${renderTags(view.tags)}
</details>`;
}

function renderFrames(frames) {
  if (!frames.length) return html`<p class="muted">No stack frames.</p>`;
  return html`<table>${frames.map((f) => html`<tr class="${f.inApp ? 'frame-app' : ''}">
<td><code>${f.function}</code></td><td><code>${f.file}${f.line ? html`:${f.line}` : ''}</code></td>
<td>${f.context ? html`<pre>${f.context}</pre>` : ''}</td></tr>`)}</table>`;
}

function renderBreadcrumbs(crumbs) {
  if (!crumbs.length) return '';
  return html`<h3>Breadcrumbs</h3><table>${crumbs.map((b) => html`<tr>
<td class="muted">${b.time}</td><td>${b.category}</td><td>${b.level}</td><td>${b.message}</td></tr>`)}</table>`;
}

function renderTags(tags) {
  if (!tags.length) return '';
  return html`<h3>Tags</h3><table>${tags.map(([k, v]) => html`<tr><td>${k}</td><td>${v}</td></tr>`)}</table>`;
}

function renderReplays(replays) {
  if (!replays.length) return html`<p class="muted">No replays received yet.</p>`;
  return html`<table><tr><th>Replay id</th><th>Segments</th><th>Last seen</th><th></th></tr>
${replays.map((r) => html`<tr><td><a href="/replays/${encodeURIComponent(r.id)}"><code>${r.id}</code></a></td>
<td>${r.segments}</td><td class="muted">${r.lastSeen}</td>
<td><a href="/__vigil/replays/${encodeURIComponent(r.id)}">events JSON</a></td></tr>`)}</table>`;
}
