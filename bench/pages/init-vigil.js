// Init-cost page for Vigil with default options: ready once the Wasm core has been fetched,
// compiled and started.
import { init, getClient } from '../../npm/dist/browser/index.js';
import { DSN, report } from './init-common.js';

const t0 = performance.now();
init({ dsn: DSN, release: 'shop@1.4.2' });
const tInit = performance.now();
await getClient().ready;
report({ ok: Boolean(getClient()?.transport), t0, tInit, tReady: performance.now() });
