// Loads vigil-sdk as an unbundled ES module. In an installed app the import is
// 'vigil-sdk' (with a bundler) or './node_modules/vigil-sdk/dist/browser/index.js'.
import * as Vigil from '../../npm/dist/browser/index.js';

const dsn = new URLSearchParams(location.search).get('dsn') ?? undefined;
Vigil.init({ dsn, release: 'plain-html-example@1.0.0', environment: 'demo', debug: false });
Vigil.setUser({ id: 'demo-user' });
Vigil.setTag('example', 'plain-html');

function applyDiscount(cart) {
  return cart.coupon.percent;  // cart.coupon is undefined: a TypeError
}

document.getElementById('throw').addEventListener('click', () => {
  applyDiscount({ items: 3 });
});
document.getElementById('reject').addEventListener('click', () => {
  Promise.reject(new Error('payment service timed out'));
});
document.getElementById('fetch404').addEventListener('click', async () => {
  const response = await fetch('./missing.json');
  if (!response.ok) throw new Error(`could not load settings: HTTP ${response.status}`);
});
document.getElementById('message').addEventListener('click', () => {
  console.log('user asked for help');
  Vigil.captureMessage('user clicked "help"', 'info');
});
window.vigilReady = Vigil.getClient()?.ready.then(() => true);
