// The "Possible function timeout" warning: a Lambda killed at its deadline runs no more code,
// so the SDK says so beforehand, `limitMs` before the deadline, while it still can.
import { humanTimeout, remainingMillis } from './aws-context.js';

/**
 * Arms the warning for one invocation. The timer is created inside the invocation's isolated
 * scope, so the warning carries the invocation's context; it is unref'd, so it never keeps
 * the process alive.
 * @param {object} client the NodeClient
 * @param {object} context the Lambda context object
 * @param {number} limitMs how long before the deadline to warn
 * @returns {() => void} disarms it (call when the handler settles)
 */
export function armTimeoutWarning(client, context, limitMs) {
  const remaining = remainingMillis(context);
  // No deadline to measure against, or one too close to warn about meaningfully.
  if (remaining === undefined || remaining - limitMs <= 0) return () => {};
  const timeout = humanTimeout(remaining);
  const name = context?.functionName ?? 'unknown';
  const timer = setTimeout(() => {
    client.withScope((scope) => {
      scope.setTag('timeout', timeout);
      client.captureMessage(`Possible function timeout: ${name}`, 'warning');
    });
  }, remaining - limitMs);
  timer.unref?.();
  return () => clearTimeout(timer);
}
