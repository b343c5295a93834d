// Collects the performance entries (resources, paints, marks, measures) that arrive while a
// pageload or navigation transaction runs, so each becomes a span of the transaction it
// happened in, once. Observers deliver every entry exactly once and in completion order, which
// performance.getEntries() (sorted by start time, re-read from the start each call) does not.
import { observe } from './observe.js';

const TYPES = ['resource', 'paint', 'mark', 'measure'];

/**
 * @returns {{ start: () => void, drain: () => PerformanceEntry[], stop: () => void,
 *   disconnect: () => void }} start() when a transaction begins, drain() as it ends, stop()
 *   once it has ended (entries outside any transaction are not kept)
 */
export function entryBuffer() {
  let collecting = false;
  let pending = [];
  // Created now, with buffered entries: the pageload's resources loaded before init.
  const observers = TYPES.map((type) => observe(type, (entries) => {
    if (collecting) for (const entry of entries) pending.push(entry);
  })).filter(Boolean);
  return {
    start() {
      collecting = true;
    },
    drain() {
      for (const o of observers) o.takeRecords();
      const out = pending;
      pending = [];
      return out;
    },
    stop() {
      collecting = false;
      pending = [];
    },
    disconnect() {
      collecting = false;
      pending = [];
      for (const o of observers) o.disconnect();
    },
  };
}
