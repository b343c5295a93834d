// The scripted page of the replay benchmark (bench/replay-bench.mjs), the same for every variant:
// an app-like DOM (a 200-row list, a form, a scrolling panel) and a deterministic stream of
// changes, about 200 per second: text, attributes, adds and removes, moves, inputs (text,
// password, checkbox, select), scrolls, plus synthetic mouse moves. A seeded generator makes
// every run do the same changes in the same order; ticks that fall behind catch up, so a slow
// run takes longer but does the same work.

const TICK_MS = 50;
// Ten DOM changes per tick at 20 ticks/s: ~200 changes/s.
const CHANGES_PER_TICK = 10;
const WORDS = ['order', 'parcel', 'invoice', 'return', 'shipping', 'account', 'refund', 'cart',
  'coupon', 'address', 'payment', 'review', 'stock', 'supplier', 'delivery', 'receipt'];

/** A small seeded generator (mulberry32): the same sequence on every run. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const phrase = (rand, n) => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');

function row(rand, i) {
  const li = document.createElement('li');
  li.className = 'row';
  li.dataset.n = String(i);
  const title = document.createElement('span');
  title.className = 'title';
  title.textContent = `${phrase(rand, 3)} #${i}`;
  const amount = document.createElement('b');
  amount.textContent = `${(rand() * 1000).toFixed(2)} EUR`;
  li.append(title, ' ', amount);
  return li;
}

/** Builds the app DOM into document.body. */
export function buildApp() {
  const rand = random(7);
  document.body.innerHTML = `
<style>
  #list { height: 300px; overflow: auto; margin: 0; }
  .row { height: 18px; } .row.hot { background: #fee; } #page-tail { height: 2000px; }
</style>
<header><h1>Orders</h1><p id="status">Ready</p><p id="counter">0</p></header>
<form id="form">
  <input id="name" type="text" value=""> <input id="pw" type="password" value="">
  <label><input id="agree" type="checkbox"> agree</label>
  <select id="color"><option>red</option><option>green</option><option>blue</option></select>
  <textarea id="note"></textarea>
</form>
<ul id="list"></ul>
<div id="page-tail">end</div>`;
  const list = document.getElementById('list');
  for (let i = 0; i < 200; i++) list.append(row(rand, i));
}

/**
 * A page of `count` elements (each with a text node) for the big-page measurement: nested
 * sections of 100 rows, built in one go before any SDK starts.
 */
export function buildBigPage(count) {
  const rand = random(11);
  const parts = [];
  let made = 0;
  while (made < count) {
    parts.push('<section>');
    made++;
    for (let i = 0; i < 99 && made < count; i++, made++) {
      parts.push(`<div class="c${i % 7}" data-i="${made}">${WORDS[Math.floor(rand() * WORDS.length)]} ${made}</div>`);
    }
    parts.push('</section>');
  }
  document.body.innerHTML = `<main id="big">${parts.join('')}</main>`;
  return document.getElementsByTagName('*').length;
}

/**
 * Runs the change stream for `seconds`; resolves with what was done.
 * @param {number} seconds
 * @returns {Promise<{ ticks: number, changes: number, moves: number, ms: number }>}
 */
export async function runWorkload(seconds) {
  const rand = random(42);
  const list = document.getElementById('list');
  const status = document.getElementById('status');
  const counter = document.getElementById('counter');
  const name = document.getElementById('name');
  const pw = document.getElementById('pw');
  const agree = document.getElementById('agree');
  const color = document.getElementById('color');
  const note = document.getElementById('note');
  const ticks = Math.round((seconds * 1000) / TICK_MS);
  let nextRow = 1000;
  let changes = 0;
  let moves = 0;
  const input = (el, type) => el.dispatchEvent(new Event(type, { bubbles: true }));
  const pick = () => list.children[Math.floor(rand() * list.children.length)];
  const steps = [
    () => { pick().firstChild.textContent = `${phrase(rand, 3)} #${nextRow++}`; },  // text
    () => { pick().lastChild.firstChild.data = `${(rand() * 1000).toFixed(2)} EUR`; },  // text node data
    () => { counter.textContent = String(changes); },  // text
    () => { pick().classList.toggle('hot'); },  // attribute
    () => { pick().setAttribute('data-state', WORDS[Math.floor(rand() * WORDS.length)]); },  // attribute
    () => { status.style.color = `rgb(${Math.floor(rand() * 255)},0,0)`; },  // attribute (style)
    () => { list.insertBefore(row(rand, nextRow++), pick()); },  // add
    () => { pick().remove(); },  // remove
    (tick) => {  // an input of one kind, in turn
      switch (tick % 5) {
        case 0: name.value += WORDS[Math.floor(rand() * WORDS.length)][0]; input(name, 'input'); break;
        case 1: pw.value += 'x'; input(pw, 'input'); break;
        case 2: agree.checked = !agree.checked; input(agree, 'change'); break;
        case 3: color.selectedIndex = (color.selectedIndex + 1) % 3; input(color, 'change'); break;
        default: note.value = phrase(rand, 4); input(note, 'input');
      }
    },
    (tick) => {  // a scroll (panel, or the page every second) or a move, in turn
      if (tick % 20 === 0) window.scrollTo(0, (tick / 20) % 2 ? 400 : 0);
      else if (tick % 2) list.scrollTop = Math.floor(rand() * 3000);
      else list.insertBefore(pick(), pick());
    },
  ];
  const started = performance.now();
  for (let tick = 0; tick < ticks; tick++) {
    const due = started + tick * TICK_MS;
    // Every tick is a timer task of its own, even one that is late.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    for (let i = 0; i < CHANGES_PER_TICK; i++) {
      steps[i](tick);
      changes++;
    }
    // One pointer move per tick over a row, as a user's mouse would report.
    const target = pick();
    target.dispatchEvent(new MouseEvent('mousemove', {
      bubbles: true, clientX: Math.floor(rand() * 600), clientY: Math.floor(rand() * 300),
    }));
    moves++;
    // Let the page settle between ticks (the browser lays out and paints as for a user).
  }
  return { ticks, changes, moves, ms: performance.now() - started };
}
