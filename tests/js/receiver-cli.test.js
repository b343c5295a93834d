import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EVENT_ID, errorEnvelope } from './receiver-helpers.js';

const CLI = fileURLToPath(new URL('../../npm/bin/vigil-sdk.js', import.meta.url));

function run(args) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => { stdout += c; });
  child.stderr.on('data', (c) => { stderr += c; });
  const exited = once(child, 'exit');
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function waitForUrl(proc) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const match = /listening on (http:\/\/\S+)/.exec(proc.out());
    if (match) return match[1];
    if (proc.child.exitCode !== null) break;
    await once(proc.child.stdout, 'data').catch(() => {});
  }
  throw new Error(`CLI did not start: ${proc.out()} ${proc.err()}`);
}

describe('vigil-sdk CLI', () => {
  it('runs `dev`, accepts an envelope, applies flag simulations, and stops on SIGTERM', async (t) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-cli-test-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const proc = run(['dev', '--port', '0', '--dir', dir, '--key', 'abc', '--project', '7',
      '--rate-limit', '5:error:organization', '--rate-limit-requests', '1']);
    t.after(() => proc.child.kill('SIGKILL'));
    const url = await waitForUrl(proc);
    assert.match(proc.out(), new RegExp(`DSN: +http://abc@127\\.0\\.0\\.1:\\d+/7`));

    const post = () => fetch(`${url}/api/7/envelope/?sentry_key=abc&sentry_version=7`, {
      method: 'POST', body: errorEnvelope(),
    });
    const limited = await post();
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('x-sentry-rate-limits'), '5:error:organization');
    const ok = await post();
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { id: EVENT_ID });
    assert.match(await readFile(path.join(dir, 'index.jsonl'), 'utf8'), new RegExp(EVENT_ID));
    assert.match(await (await fetch(`${url}/`)).text(), /TypeError/);

    proc.child.kill('SIGTERM');
    const [code] = await proc.exited;
    assert.equal(code, 0);
    assert.match(proc.out(), /POST \/api\/7\/envelope\/\S* 429/);
  });

  it('prints help and rejects bad usage with exit code 2', async () => {
    const help = run(['--help']);
    assert.equal((await help.exited)[0], 0);
    assert.match(help.out(), /--fail-rate/);
    for (const args of [[], ['serve'], ['dev', '--port', 'x'], ['dev', '--nope'], ['dev', '--fail-rate', '3']]) {
      const bad = run(args);
      assert.equal((await bad.exited)[0], 2, args.join(' '));
      assert.match(bad.err(), /vigil-sdk: /);
    }
  });
});
