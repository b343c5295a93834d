// Init-cost page for @sentry/browser with default options: ready when init() returns.
import { init, getClient } from '@sentry/browser';
import { DSN, report } from './init-common.js';

const t0 = performance.now();
init({ dsn: DSN, release: 'shop@1.4.2' });
const tInit = performance.now();
report({ ok: Boolean(getClient()), t0, tInit, tReady: tInit });
