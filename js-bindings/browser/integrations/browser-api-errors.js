// browserApiErrors: exceptions thrown inside callbacks the page hands to browser APIs (timers,
// requestAnimationFrame, event listeners, XHR handlers) are captured with a mechanism naming
// the API, then rethrown so the page and the console see them as before. globalHandlers
// skips them when they reach window 'error', so each is reported once.
import { addHandler, markCaptured } from './instrument-state.js';
import { defaultEventTargets, patchEventTargets, patchTimer, patchXhrHandlers } from './instrument-api.js';

const NAME = 'BrowserApiErrors';

/**
 * @typedef {object} BrowserApiErrorsOptions
 * @property {boolean} [setTimeout=true]
 * @property {boolean} [setInterval=true]
 * @property {boolean} [requestAnimationFrame=true]
 * @property {boolean | string[]} [eventTarget=true] true for the usual targets, or the names of
 *   the globals whose prototype's addEventListener to wrap
 * @property {boolean} [XMLHttpRequest=true] onload/onerror/onprogress/onreadystatechange
 */

/**
 * Captures exceptions thrown in callbacks given to browser APIs.
 * @param {BrowserApiErrorsOptions} [options]
 * @returns {{ name: string, setup(client: object): void }}
 */
export function browserApiErrorsIntegration(options = {}) {
  const {
    setTimeout = true,
    setInterval = true,
    requestAnimationFrame = true,
    eventTarget = true,
    XMLHttpRequest = true,
  } = options;
  return {
    name: NAME,
    setup(client) {
      const presence = () => {}; // the patches only need to know someone is listening
      const removers = [];
      if (setTimeout) removers.push(addHandler('api:setTimeout', NAME, presence, () => patchTimer('setTimeout')));
      if (setInterval) removers.push(addHandler('api:setInterval', NAME, presence, () => patchTimer('setInterval')));
      if (requestAnimationFrame) {
        removers.push(addHandler('api:requestAnimationFrame', NAME, presence,
          () => patchTimer('requestAnimationFrame')));
      }
      if (eventTarget) {
        const names = Array.isArray(eventTarget) ? eventTarget : defaultEventTargets();
        removers.push(addHandler('api:eventTarget', NAME, presence, () => patchEventTargets(names)));
      }
      if (XMLHttpRequest) removers.push(addHandler('api:xhr', NAME, presence, patchXhrHandlers));
      removers.push(addHandler('wrapped-error', NAME, ({ error, mechanism }) => {
        client.captureException(error, { mechanism, originalException: error });
        markCaptured(error);
      }, () => () => {}));
      client.on?.('close', () => removers.forEach((remove) => remove()));
    },
  };
}
