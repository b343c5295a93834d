import * as Vigil from '/npm/dist/browser/index.js';

const dsn = new URLSearchParams(location.search).get('dsn');
Vigil.init({ dsn, release: 'csp@1', autoSessionTracking: false });
Vigil.setTag('page', 'csp');
Vigil.captureException(new Error('error on a strict CSP page'));
Vigil.flush(5000).then((ok) => { window.flushed = ok; });
