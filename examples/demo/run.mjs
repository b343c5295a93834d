// The README's demo: starts the local receiver, opens the plain HTML example in headless
// Chromium and clicks every button, then builds the React example with Vite, breaks its cart
// (caught by an ErrorBoundary) and navigates between routes, and prints what arrived. `--keep`
// leaves the receiver running so its page can be browsed.
import { launchBrowser, startStaticServer } from '../../tests/browser/harness.js';
import { buildExample, spaRoutes } from '../../tests/browser/helpers/example-build.js';
import { startReceiver } from '../../npm/receiver/server.js';

const keep = process.argv.includes('--keep');
const receiver = await startReceiver({ port: keep ? 8969 : 0 });
const server = await startStaticServer();
const browser = await launchBrowser();
let react;
let reactServer;
try {
  console.log(`receiver: ${receiver.url}  (DSN ${receiver.dsn()})\n`);

  // 1. The plain page, the SDK loaded unbundled.
  const page = await browser.newPage();
  const url = `${server.url}/examples/plain-html/index.html?dsn=${encodeURIComponent(receiver.dsn())}`;
  console.log(`== plain HTML: ${url}`);
  await page.goto(url);
  await page.evaluate(() => window.vigilReady);
  for (const id of ['throw', 'reject', 'fetch404', 'message']) await page.click(`#${id}`);
  await receiver.waitFor({ type: 'event', count: 4, timeout: 15000 });
  await page.evaluate(() => import('../../npm/dist/browser/index.js').then((v) => v.flush(3000)));
  await page.close();
  const plainCount = (await receiver.envelopes()).length;
  print(await receiver.envelopes());

  // 2. The React example, built with Vite (source maps with debug ids) and served.
  react = await buildExample('react-vite');
  reactServer = await startStaticServer({ root: react.outDir, routes: spaRoutes(react.outDir) });
  const app = await browser.newPage();
  const appUrl = `${reactServer.url}/?dsn=${encodeURIComponent(receiver.dsn())}`;
  console.log(`\n== React + Vite (built into ${react.outDir}): ${appUrl}`);
  await app.goto(appUrl);
  await app.evaluate(() => window.vigilReady);
  await app.click('#nav-user');
  await app.waitForSelector('#page-user');
  await app.click('#nav-cart');
  await app.click('#break-cart');
  await app.waitForSelector('#fallback');
  console.log(`fallback shown: "${(await app.textContent('#fallback p')).trim()}"`);
  // Navigations end once idle; leave the page so the last one is sent.
  await new Promise((r) => setTimeout(r, 1500));
  await app.close({ runBeforeUnload: true });
  // The cart's error also sends the replay buffer (the last minute, text masked).
  const cartSent = async () => {
    const items = (await receiver.envelopes()).flatMap((r) => r.items);
    return items.some((i) => i.payload?.transaction === '/cart') && items.some((i) => i.type === 'replay_event');
  };
  for (let waited = 0; waited < 15000 && !(await cartSent()); waited += 200) await new Promise((r) => setTimeout(r, 200));
  print((await receiver.envelopes()).slice(plainCount));

  console.log(`\n${(await receiver.envelopes()).length} envelopes stored in ${receiver.dir}`);
} finally {
  await browser.close();
  await server.close();
  await reactServer?.close();
  await react?.cleanup();
  if (keep) console.log(`receiver still running at ${receiver.url} (Ctrl-C to stop)`);
  else await receiver.close();
}

function print(records) {
  for (const record of records) {
    for (const item of record.items) {
      const p = item.payload ?? {};
      if (item.type === 'event') {
        const ex = p.exception?.values?.at(-1);
        const what = ex ? `${ex.type}: ${ex.value}` : p.message?.formatted;
        const top = ex?.stacktrace?.frames?.at(-1);
        console.log(`event    ${p.level?.padEnd(7)} ${what}`);
        if (top) console.log(`         at ${top.function} (${top.filename.split('/').pop()}:${top.lineno}:${top.colno})` +
          `  mechanism=${ex.mechanism?.type} handled=${ex.mechanism?.handled}`);
        const componentStack = p.contexts?.react?.componentStack;
        if (componentStack) console.log(`         component stack: ${componentStack.trim().split('\n').length} frames, from ${componentStack.trim().split('\n')[0].trim()}`);
        if (p.tags && Object.keys(p.tags).length) console.log(`         tags: ${JSON.stringify(p.tags)}`);
        for (const image of p.debug_meta?.images ?? []) console.log(`         debug id ${image.debug_id} for ${image.code_file.split('/').pop()}`);
        console.log(`         breadcrumbs: ${(p.breadcrumbs?.values ?? []).map((b) => b.category).join(', ') || '-'}`);
      } else if (item.type === 'transaction') {
        console.log(`${p.contexts?.trace?.op?.padEnd(8) ?? 'tx'} ${p.transaction} (source ${p.transaction_info?.source}, ${p.spans?.length ?? 0} spans)`);
      } else if (item.type === 'replay_event') {
        console.log(`replay   ${p.replay_id} type=${p.replay_type} segment=${p.segment_id} errors=${p.error_ids?.length ?? 0} urls=${p.urls?.length ?? 0}`);
      } else if (item.type === 'replay_recording') {
        const kinds = new Map();
        for (const e of p.events ?? []) kinds.set(e.type, (kinds.get(e.type) ?? 0) + 1);
        const names = { 2: 'full snapshot', 3: 'incremental', 4: 'meta', 5: 'custom' };
        console.log(`         recording: ${item.size} bytes${item.compressed ? ' (zlib)' : ''}, ${p.events?.length ?? 0} rrweb events: ` +
          [...kinds].map(([k, n]) => `${n} ${names[k] ?? `type ${k}`}`).join(', '));
      } else if (item.type === 'session') {
        console.log(`session  status=${p.status} errors=${p.errors} init=${Boolean(p.init)}`);
      } else {
        console.log(`${item.type.padEnd(8)} ${JSON.stringify(p).slice(0, 100)}`);
      }
    }
  }
}
