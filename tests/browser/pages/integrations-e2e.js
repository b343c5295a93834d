// Test page for the default integrations through init(): the built package, loaded unbundled.
// init happens when the test asks, so each test picks its options.
import * as Vigil from '/npm/dist/browser/index.js';

window.Vigil = Vigil;
window.dsn = new URLSearchParams(location.search).get('dsn');

/** Adds the click handler that throws, as application code would. */
window.armBuyButton = () => {
  document.getElementById('buy').addEventListener('click', function onBuyClick() {
    throw new TypeError('buy button broke');
  });
};

window.pageReady = true;
