#!/usr/bin/env node
// vigil-sdk command line. `vigil-sdk dev` runs the local receiver; other commands can join the
// COMMANDS table. Flags are documented in USAGE, which is also what --help prints.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startReceiver } from '../receiver/server.js';

const USAGE = `Usage: vigil-sdk dev [options]

Runs a local receiver that accepts Sentry envelopes like Relay, stores them under --dir
and lists them at http://HOST:PORT/.

Options:
  --port <n>                   port to listen on (default 8969; 0 picks a free one)
  --host <addr>                address to bind (default 127.0.0.1)
  --dir <path>                 data directory (default .vigil-data)
  --key <key>                  accepted public key; repeat or comma-separate (default: any)
  --project <id>               known project id; repeat or comma-separate (default: any)
  --max-body-size <size>       request body limit before decoding (default 20MiB)
  --max-envelope-size <size>   envelope limit after decoding (default 200MiB)
  --max-event-size <size>      event/transaction item limit (default 1MiB)
  --max-replay-size <size>     replay item limit (default 10MiB)
  --rate-limit <value>         answer 429 with this X-Sentry-Rate-Limits value
  --retry-after <secs|date>    answer 429 with this Retry-After value
  --rate-limit-categories <c>  limit only these categories (comma-separated, e.g. error,replay)
  --rate-limit-requests <n>    rate-limit only the next n matching requests (default: all)
  --outage <n>                 fail the next n envelope requests
  --outage-mode <mode>         503 (or another 4xx/5xx status) or "destroy" (drop the connection)
  --fail-rate <0..1>           fail this share of envelope requests with 503
  --latency <ms>               delay every envelope response
  --quiet                      do not log requests
  -h, --help                   show this help
  -v, --version                print the version

Sizes take an optional unit: 512, 64KiB, 20MiB (k/m/KB/MB are read as KiB/MiB).
Simulations can also be changed while running: POST /__vigil/control with JSON.`;

const COMMANDS = { dev: runDev };

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  dir: { type: 'string' },
  key: { type: 'string', multiple: true },
  project: { type: 'string', multiple: true },
  'max-body-size': { type: 'string' },
  'max-envelope-size': { type: 'string' },
  'max-event-size': { type: 'string' },
  'max-replay-size': { type: 'string' },
  'rate-limit': { type: 'string' },
  'retry-after': { type: 'string' },
  'rate-limit-categories': { type: 'string' },
  'rate-limit-requests': { type: 'string' },
  outage: { type: 'string' },
  'outage-mode': { type: 'string' },
  'fail-rate': { type: 'string' },
  latency: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

class UsageError extends Error {}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof UsageError) {
    process.stderr.write(`vigil-sdk: ${err.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (err?.name === 'HttpError') {
    process.stderr.write(`vigil-sdk: invalid simulation setting: ${err.message}\n`);
    process.exit(2);
  }
  if (err?.code === 'EADDRINUSE') {
    process.stderr.write(`vigil-sdk: address in use (${err.address}:${err.port}); pick another --port\n`);
    process.exit(1);
  }
  process.stderr.write(`vigil-sdk: ${err?.stack ?? err}\n`);
  process.exit(1);
});

async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err.message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${readVersion()}\n`);
    return;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!command) throw new UsageError('missing command');
  if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(`unknown command "${command}"`);
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
  await COMMANDS[command](values);
}

async function runDev(values) {
  const receiver = await startReceiver({
    port: integer(values.port ?? '8969', '--port', 0, 65535),
    host: values.host ?? '127.0.0.1',
    dir: values.dir ?? '.vigil-data',
    publicKeys: list(values.key),
    projectIds: list(values.project),
    limits: {
      ...(values['max-body-size'] && { maxBodyBytes: size(values['max-body-size'], '--max-body-size') }),
      ...(values['max-envelope-size'] && { maxEnvelopeBytes: size(values['max-envelope-size'], '--max-envelope-size') }),
      ...(values['max-event-size'] && { maxEventBytes: size(values['max-event-size'], '--max-event-size') }),
      ...(values['max-replay-size'] && { maxReplayBytes: size(values['max-replay-size'], '--max-replay-size') }),
    },
    simulate: simulationFrom(values),
    log: values.quiet ? undefined : (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  });
  process.stdout.write([
    `Vigil receiver listening on ${receiver.url}`,
    `  DSN:      ${receiver.dsn()}`,
    `  Page:     ${receiver.url}/`,
    `  Data dir: ${receiver.dir}`,
    '',
  ].join('\n'));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await receiver.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function simulationFrom(values) {
  const simulate = {};
  const rateLimitFlags = ['rate-limit', 'retry-after', 'rate-limit-categories', 'rate-limit-requests'];
  if (rateLimitFlags.some((flag) => values[flag] !== undefined)) {
    const retry = values['retry-after'];
    simulate.rateLimit = {
      ...(values['rate-limit'] !== undefined && { header: values['rate-limit'] }),
      ...(retry !== undefined && { retryAfter: /^\d+$/.test(retry) ? Number(retry) : retry }),
      ...(values['rate-limit-categories'] && { categories: list([values['rate-limit-categories']]) }),
      ...(values['rate-limit-requests'] && {
        requests: integer(values['rate-limit-requests'], '--rate-limit-requests', 1),
      }),
    };
  }
  if (values.outage !== undefined || values['outage-mode'] !== undefined) {
    const mode = values['outage-mode'] ?? '503';
    simulate.outage = {
      ...(values.outage !== undefined && { requests: integer(values.outage, '--outage', 1) }),
      ...(mode === 'destroy' ? { mode: 'destroy' } : { mode: 'status', status: integer(mode, '--outage-mode', 400, 599) }),
    };
  }
  if (values['fail-rate'] !== undefined) simulate.failRate = fraction(values['fail-rate'], '--fail-rate');
  if (values.latency !== undefined) simulate.latencyMs = integer(values.latency, '--latency', 0);
  return simulate;
}

function list(values = []) {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function integer(text, flag, min, max = Number.MAX_SAFE_INTEGER) {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${flag} expects an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function fraction(text, flag) {
  const value = Number(text);
  if (text.trim() === '' || !(value >= 0 && value <= 1)) throw new UsageError(`${flag} expects a number from 0 to 1`);
  return value;
}

function size(text, flag) {
  const match = /^(\d+)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(text.trim());
  if (!match) throw new UsageError(`${flag} expects a size like 512, 64KiB or 20MiB, got "${text}"`);
  const unit = (match[2] ?? 'b').toLowerCase()[0];
  return Number(match[1]) * { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit];
}

function readVersion() {
  try {
    return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
