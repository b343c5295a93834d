// The README's demo: starts the local receiver, opens the plain HTML example in headless
// Chromium, clicks every button, and prints what arrived. `--keep` leaves the receiver running
// so its page can be browsed.
import { launchBrowser, startStaticServer } from '../../tests/browser/harness.js';
import { startReceiver } from '../../npm/receiver/server.js';

const keep = process.argv.includes('--keep');
const receiver = await startReceiver({ port: keep ? 8969 : 0 });
const server = await startStaticServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  const url = `${server.url}/examples/plain-html/index.html?dsn=${encodeURIComponent(receiver.dsn())}`;
  console.log(`receiver: ${receiver.url}  (DSN ${receiver.dsn()})`);
  console.log(`page:     ${url}\n`);
  await page.goto(url);
  await page.evaluate(() => window.vigilReady);
  for (const id of ['throw', 'reject', 'fetch404', 'message']) await page.click(`#${id}`);
  await receiver.waitFor({ type: 'event', count: 4, timeout: 15000 });
  await page.evaluate(() => import('../../npm/dist/browser/index.js').then((v) => v.flush(3000)));

  for (const record of await receiver.envelopes()) {
    for (const item of record.items) {
      const p = item.payload ?? {};
      if (item.type === 'event') {
        const ex = p.exception?.values?.at(-1);
        const what = ex ? `${ex.type}: ${ex.value}` : p.message?.formatted;
        const top = ex?.stacktrace?.frames?.at(-1);
        console.log(`event    ${p.level?.padEnd(7)} ${what}`);
        if (top) console.log(`         at ${top.function} (${top.filename.split('/').pop()}:${top.lineno}:${top.colno})` +
          `  mechanism=${ex.mechanism?.type} handled=${ex.mechanism?.handled}`);
        console.log(`         breadcrumbs: ${(p.breadcrumbs?.values ?? []).map((b) => b.category).join(', ') || '-'}`);
      } else if (item.type === 'session') {
        console.log(`session  status=${p.status} errors=${p.errors} init=${Boolean(p.init)}`);
      } else {
        console.log(`${item.type.padEnd(8)} ${JSON.stringify(p).slice(0, 100)}`);
      }
    }
  }
  console.log(`\n${(await receiver.envelopes()).length} envelopes stored in ${receiver.dir}`);
} finally {
  await browser.close();
  await server.close();
  if (keep) console.log(`receiver still running at ${receiver.url} (Ctrl-C to stop)`);
  else await receiver.close();
}
