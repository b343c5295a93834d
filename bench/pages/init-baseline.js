// Init-cost baseline: the same page with no SDK, ready at once.
import { report } from './init-common.js';

const t0 = performance.now();
report({ ok: true, t0, tInit: t0, tReady: t0 });
