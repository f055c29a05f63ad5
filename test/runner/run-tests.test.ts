// The test runner (scripts/run-tests.mjs) that `npm test` and CI use: a file that never ends
// must be killed, with whatever it started, named, and counted as a failure; the other files
// still run.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isRunning } from '../support/processes.js';

const HANGS = 'test/runner/fixtures/hangs.ts';
const PASSES = 'test/runner/fixtures/passes.ts';

test('a file that never ends is killed after the limit, with its children, named, and fails the run', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'netreach-runner-'));
  try {
    const pidFile = path.join(dir, 'pid');
    const run = spawnSync(process.execPath, ['scripts/run-tests.mjs', HANGS, PASSES], {
      encoding: 'utf8',
      env: { ...process.env, NETREACH_TEST_FILE_TIMEOUT: '4', HANG_FIXTURE_PID: pidFile },
      timeout: 60_000,
    });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /✖ test\/runner\/fixtures\/hangs\.ts: killed after 4 s \(NETREACH_TEST_FILE_TIMEOUT\): it did not finish/);
    assert.match(run.stdout, /◀ test\/runner\/fixtures\/passes\.ts: 1 passed, 0 failed/);
    assert.match(run.stdout, /failed file: test\/runner\/fixtures\/hangs\.ts \(killed after 4 s\)/);
    assert.match(run.stdout, /^1 passed, 0 failed, 1 file\(s\) killed$/m);
    const child = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(child > 0);
    assert.equal(isRunning(child), false, 'the hanging file\'s own child process was killed with it');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('files that pass give exit 0 and the sum of their tests', () => {
  const run = spawnSync(process.execPath, ['scripts/run-tests.mjs', PASSES, PASSES], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^2 passed, 0 failed$/m);
});

test('a bad limit is refused', () => {
  const run = spawnSync(process.execPath, ['scripts/run-tests.mjs', PASSES], {
    encoding: 'utf8',
    env: { ...process.env, NETREACH_TEST_FILE_TIMEOUT: 'soon' },
    timeout: 60_000,
  });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /NETREACH_TEST_FILE_TIMEOUT must be a positive number of seconds, not "soon"/);
});

test('SIGTERM to the runner takes the running file down with what it started (it runs in a group of its own)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'netreach-runner-'));
  try {
    const pidFile = path.join(dir, 'pid');
    const runner = spawn(process.execPath, ['scripts/run-tests.mjs', HANGS], {
      stdio: 'ignore',
      env: { ...process.env, NETREACH_TEST_FILE_TIMEOUT: '60', HANG_FIXTURE_PID: pidFile },
    });
    const exit = new Promise<number | null>((resolve) => runner.once('exit', resolve));
    const deadline = Date.now() + 30_000;
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8') === '') {
      assert.ok(Date.now() < deadline, 'the hanging file never started its child');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const child = Number(readFileSync(pidFile, 'utf8'));
    assert.equal(isRunning(child), true);
    runner.kill('SIGTERM');
    assert.equal(await exit, 130);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(isRunning(child), false, 'the running file\'s child process was killed with the runner');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
