// Runs in the browser on GET /replays/<id>: fetches the decoded segments and plays them with
// rrweb's Replayer (window.rrweb, from /__vigil/assets/rrweb.js). Not imported by Node.
(function main() {
  const root = document.getElementById('player');
  const status = document.getElementById('player-status');
  const say = (text) => { status.textContent = text; };
  if (!root) return;
  if (typeof window.rrweb === 'undefined' || typeof window.rrweb.Replayer !== 'function') {
    say('The rrweb player script did not load.');
    return;
  }
  const id = root.getAttribute('data-replay-id');
  fetch(`/__vigil/replays/${encodeURIComponent(id)}`)
    .then((res) => {
      if (!res.ok) throw new Error(`GET /__vigil/replays/… answered ${res.status}`);
      return res.json();
    })
    .then((data) => {
      const events = data.segments
        .flatMap((s) => (Array.isArray(s.events) ? s.events : []))
        .filter((e) => e && typeof e === 'object' && typeof e.timestamp === 'number')
        .sort((a, b) => a.timestamp - b.timestamp);
      if (events.length < 2) {
        say('Not enough events to play (rrweb needs at least two).');
        return;
      }
      const replayer = new window.rrweb.Replayer(events, { root, mouseTail: false });
      window.vigilReplayer = replayer;
      let playing = false;
      const at = () => {
        try { return replayer.getCurrentTime(); } catch { return 0; }
      };
      document.getElementById('play').addEventListener('click', () => {
        replayer.play(at());
        playing = true;
        say('Playing.');
      });
      document.getElementById('pause').addEventListener('click', () => {
        if (playing) replayer.pause();
        playing = false;
        say('Paused.');
      });
      replayer.on('finish', () => {
        playing = false;
        say('Finished.');
      });
      for (const b of document.querySelectorAll('#controls button')) b.disabled = false;
      say(`Ready: ${events.length} events.`);
    })
    .catch((err) => say(`Could not load the replay: ${err.message}`));
}());
