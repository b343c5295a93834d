import { appendFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

// Layout under the data directory:
//   index.jsonl                       one JSON line per accepted envelope (the entry)
//   envelopes/<seq>-<event_id>.envelope   the body exactly as received, after Content-Encoding
//   replays/<replay_id>/segment-<n>.json  decoded rrweb events of each replay_recording
// Only these three names are ever removed by clear(), so --dir may point at a shared folder.

const REPLAY_ID = /^[0-9a-f]{32}$/;

/**
 * @typedef {{ id: string, seq: number, file: string, received_at: string,
 *   project_id: string, public_key: string, event_id: string | null, size: number,
 *   wire_size: number, content_encoding: string, items: Array<Record<string, any>> }} StoreEntry
 * @typedef {{ itemIndex: number, replayId: string | null, segmentId: number,
 *   events: unknown }} ReplayFile
 * @typedef {Awaited<ReturnType<typeof openStore>>} Store
 */

/**
 * Opens (creating if needed) a data directory and loads what earlier runs stored there.
 * @param {string} dir
 */
export async function openStore(dir) {
  const root = path.resolve(dir);
  const indexPath = path.join(root, 'index.jsonl');
  await makeDirs(root);
  let entries = await loadIndex(indexPath);
  let seq = entries.reduce((max, e) => Math.max(max, Number(e.seq) || 0), 0);
  const listeners = new Set();
  // Writes run one at a time so index order equals arrival order and clear() cannot interleave.
  let queue = Promise.resolve();
  const serial = (task) => {
    const run = queue.then(task);
    queue = run.catch(() => {});
    return run;
  };
  const notify = () => {
    for (const listener of listeners) listener();
  };

  return {
    dir: root,

    /** @returns {StoreEntry[]} entries in arrival order (a copy of the list). */
    entries: () => entries.slice(),

    /**
     * Persists one accepted envelope.
     * @param {Buffer} raw decoded request body.
     * @param {Omit<StoreEntry, 'id' | 'seq' | 'file'>} entry
     * @param {ReplayFile[]} replays decoded recordings to write beside it.
     * @returns {Promise<StoreEntry>}
     */
    add: (raw, entry, replays = []) => serial(async () => {
      seq += 1;
      const id = `${String(seq).padStart(6, '0')}-${entry.event_id ?? 'noid'}`;
      const file = `envelopes/${id}.envelope`;
      await writeFile(path.join(root, file), raw);
      for (const replay of replays) {
        // The id comes from the client; only a plain hex id may become a directory name.
        if (!REPLAY_ID.test(replay.replayId ?? '')) continue;
        const rel = `replays/${replay.replayId}/segment-${replay.segmentId}.json`;
        await mkdir(path.join(root, 'replays', replay.replayId), { recursive: true });
        await writeFile(path.join(root, rel), JSON.stringify(replay.events));
        entry.items[replay.itemIndex].file = rel;
      }
      const stored = { id, seq, file, ...entry };
      await appendFile(indexPath, `${JSON.stringify(stored)}\n`);
      entries.push(stored);
      notify();
      return stored;
    }),

    /**
     * @param {StoreEntry} entry
     * @returns {Promise<Buffer>} the stored body.
     */
    readRaw: (entry) => readFile(inside(root, entry.file)),

    /**
     * Reads the decoded segments of one replay, ordered by segment id.
     * @param {string} replayId 32 hex digits.
     * @returns {Promise<Array<{ segment_id: number, events: unknown }>>}
     */
    async readReplay(replayId) {
      if (!REPLAY_ID.test(replayId)) return [];
      const folder = path.join(root, 'replays', replayId);
      const names = await readdir(folder).catch(() => []);
      const segments = [];
      for (const name of names) {
        const match = /^segment-(\d+)\.json$/.exec(name);
        if (!match) continue;
        const text = await readFile(path.join(folder, name), 'utf8');
        segments.push({ segment_id: Number(match[1]), events: JSON.parse(text) });
      }
      return segments.sort((a, b) => a.segment_id - b.segment_id);
    },

    /** Deletes everything stored. */
    clear: () => serial(async () => {
      await rm(indexPath, { force: true });
      await rm(path.join(root, 'envelopes'), { recursive: true, force: true });
      await rm(path.join(root, 'replays'), { recursive: true, force: true });
      await makeDirs(root);
      entries = [];
      notify();
    }),

    /**
     * Calls `listener` after every add or clear.
     * @param {() => void} listener
     * @returns {() => void} unsubscribe.
     */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

async function makeDirs(root) {
  await mkdir(path.join(root, 'envelopes'), { recursive: true });
  await mkdir(path.join(root, 'replays'), { recursive: true });
}

async function loadIndex(indexPath) {
  const text = await readFile(indexPath, 'utf8').catch(() => '');
  const entries = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line);
      if (entry && typeof entry.file === 'string' && Array.isArray(entry.items)) entries.push(entry);
    } catch {
      // A line cut short by a crash loses one envelope, not the whole history.
    }
  }
  return entries;
}

function inside(root, rel) {
  const full = path.resolve(root, rel);
  if (!full.startsWith(root + path.sep)) throw new Error(`stored path escapes the data directory: ${rel}`);
  return full;
}
