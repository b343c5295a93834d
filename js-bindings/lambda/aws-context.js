// What an event captured during a Lambda invocation says about that invocation: Sentry's
// `aws.lambda` and `aws.cloudwatch.logs` contexts, read from the runtime's context object.

/**
 * @param {object} context the Lambda context object
 * @returns {number|undefined} milliseconds left, or undefined when the context cannot say
 */
export function remainingMillis(context) {
  try {
    const ms = context?.getRemainingTimeInMillis?.();
    return Number.isFinite(ms) ? ms : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @param {object} context the Lambda context object
 * @returns {Record<string, Record<string, unknown>>} contexts by name; fields the context
 *   lacks are left out
 */
export function lambdaContexts(context) {
  const c = context && typeof context === 'object' ? context : {};
  const memory = Number(c.memoryLimitInMB);
  const lambda = compact({
    aws_request_id: c.awsRequestId,
    function_name: c.functionName,
    function_version: c.functionVersion,
    invoked_function_arn: c.invokedFunctionArn,
    memory_limit_in_mb: Number.isFinite(memory) ? memory : undefined,
    remaining_time_in_millis: remainingMillis(c),
  });
  const out = { 'aws.lambda': lambda };
  if (c.logGroupName || c.logStreamName) {
    out['aws.cloudwatch.logs'] = compact({
      log_group: c.logGroupName,
      log_stream: c.logStreamName,
      url: cloudWatchUrl(c),
    });
  }
  return out;
}

/**
 * The CloudWatch console page of this invocation's log lines. The console's `logsV2` fragment
 * is URL-encoded and then encoded again with `$` in place of `%`.
 * @param {object} c the Lambda context object
 * @returns {string|undefined}
 */
export function cloudWatchUrl(c) {
  const key = `${c.invokedFunctionArn}|${c.logGroupName}|${c.logStreamName}`;
  // One execution environment keeps its function, log group and stream: build that part once.
  if (key !== lastStreamKey) {
    lastStreamKey = key;
    const region = regionOf(c.invokedFunctionArn) ?? process.env.AWS_REGION;
    lastStreamUrl = region && c.logGroupName && c.logStreamName
      ? `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}`
        + `#logsV2:log-groups/log-group/${consoleEncode(c.logGroupName)}/log-events/${consoleEncode(c.logStreamName)}`
      : undefined;
  }
  if (!lastStreamUrl) return undefined;
  return c.awsRequestId ? `${lastStreamUrl}$3FfilterPattern$3D${consoleEncode(`"${c.awsRequestId}"`)}` : lastStreamUrl;
}

let lastStreamKey = '';
let lastStreamUrl;

function consoleEncode(text) {
  return encodeURIComponent(text).replace(/%/g, '$25');
}

/** Region from `arn:aws:lambda:REGION:ACCOUNT:function:NAME`. */
function regionOf(arn) {
  const parts = typeof arn === 'string' ? arn.split(':') : [];
  return parts.length > 3 && parts[3] ? parts[3] : undefined;
}

/**
 * The function's configured timeout in Sentry's words ("3s", "15m0s"), estimated from the time
 * left when the invocation started.
 * @param {number} remainingMs
 * @returns {string}
 */
export function humanTimeout(remainingMs) {
  const seconds = Math.ceil(remainingMs / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}

function compact(object) {
  const out = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined && value !== null && value !== '') out[key] = value;
  }
  return out;
}
