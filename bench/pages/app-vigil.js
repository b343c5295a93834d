// The "errors-only app" of the bundle-size benchmark, on Vigil (its ESM entry). app-sentry.js is the
// same program on @sentry/browser; keep the two identical apart from the import.
import { init, setTag, captureException } from '../../npm/dist/browser/index.js';

init({ dsn: 'https://public@o0.ingest.example.com/1', release: 'shop@1.4.2' });
setTag('page', 'checkout');

function pay(cart) {
  if (!cart.items.length) throw new Error('empty cart');
  return cart.items.reduce((sum, item) => sum + item.price, 0);
}

document.querySelector('#pay')?.addEventListener('click', () => {
  try {
    document.querySelector('#total').textContent = String(pay({ items: [] }));
  } catch (error) {
    captureException(error);
  }
});
