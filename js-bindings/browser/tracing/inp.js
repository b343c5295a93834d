// Interaction to Next Paint: how long the page took to answer the user's slowest interactions.
// Event Timing entries are grouped by interaction; INP is the worst one (with 50 or more
// interactions, one outlier per 50 is ignored, as web.dev defines it). Sentry reports INP as a
// span of its own, not as a measurement of the pageload: here that is a small transaction
// (op ui.interaction.click / press / drag / hover, named by the element's selector, measurement
// "inp") in the trace of the page or navigation the interaction happened in. It is reported
// when the page is hidden or left, and when a navigation starts, for the interactions since the
// last report.
import { observe } from './observe.js';
import { elementSelector } from '../integrations/html-selector.js';

const KINDS = {
  click: 'click', pointerdown: 'click', pointerup: 'click', mousedown: 'click', mouseup: 'click',
  touchstart: 'click', touchend: 'click', auxclick: 'click', contextmenu: 'click', dblclick: 'click',
  keydown: 'press', keyup: 'press', keypress: 'press', input: 'press', beforeinput: 'press',
  dragstart: 'drag', dragend: 'drag', drag: 'drag', dragenter: 'drag', dragleave: 'drag', dragover: 'drag', drop: 'drag',
  mouseover: 'hover', mouseout: 'hover', mouseenter: 'hover', mouseleave: 'hover',
  pointerover: 'hover', pointerout: 'hover', pointerenter: 'hover', pointerleave: 'hover',
};
const MAX_PLAUSIBLE_MS = 60_000;
const MAX_KEPT = 500;  // interactions remembered between reports

/**
 * @typedef {object} InpCandidate
 * @property {number} value INP in ms (the interaction's longest event duration)
 * @property {number} startTime performance time of the interaction, ms
 * @property {string} kind click | press | drag | hover
 * @property {string} selector the element interacted with
 * @property {unknown} context what `contextNow()` returned when the interaction was seen
 */

/**
 * @param {() => unknown} contextNow called as each interaction is first seen (the trace it
 *   belongs to)
 * @returns {{ take: () => InpCandidate|undefined, disconnect: () => void } | null} null where
 *   Event Timing is not supported
 */
export function trackInp(contextNow) {
  const interactions = new Map();  // interactionId -> candidate
  const onEntries = (entries) => {
    for (const e of entries) {
      const id = e.interactionId;
      if (!id) continue;
      const known = interactions.get(id);
      if (known) {
        if (e.duration > known.value) known.value = e.duration;
        continue;
      }
      if (interactions.size >= MAX_KEPT) continue;
      interactions.set(id, {
        value: e.duration,
        startTime: e.startTime,
        kind: KINDS[e.name] ?? 'click',
        selector: e.target ? elementSelector(e.target) : '<unknown>',
        context: contextNow(),
      });
    }
  };
  // 40 ms is web-vitals' threshold; the first input is reported whatever its duration.
  const observers = [observe('event', onEntries, { durationThreshold: 40 }), observe('first-input', onEntries)].filter(Boolean);
  if (!observers.length) return null;
  return {
    /** The INP candidate of the interactions since the last call, and forgets them. */
    take() {
      for (const o of observers) o.takeRecords();
      const list = [...interactions.values()].filter((c) => c.value > 0 && c.value <= MAX_PLAUSIBLE_MS);
      interactions.clear();
      if (!list.length) return undefined;
      list.sort((a, b) => b.value - a.value);
      return list[Math.min(list.length - 1, Math.floor(list.length / 50))];
    },
    disconnect() {
      for (const o of observers) o.disconnect();
    },
  };
}
