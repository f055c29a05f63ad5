// The fuzz runner itself: a worker that never gets ready must end in a result, not a hang
// (once seen: `npm test` idle for over half an hour inside the fuzz campaign).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CliRunner } from './cli-runner.js';

test('a worker that never gets ready is abandoned and tried anew, and the run ends as "died"', async () => {
  const runner = new CliRunner({ timeoutMs: 300, maxHeapMb: 64, workerEntry: new URL('./never-ready-worker.mjs', import.meta.url) });
  try {
    const results = await runner.run([['--version']]);
    assert.equal(results.length, 1);
    const [result] = results;
    assert.equal(result?.kind, 'died');
    assert.match(result.kind === 'died' ? result.error : '', /did not start in 3 tries of 300 ms/);
    assert.equal(runner.workersStarted, 3);
  } finally {
    await runner.close();
  }
});

test('the real worker starts and runs main()', async () => {
  const runner = new CliRunner();
  try {
    const [result] = await runner.run([['--version']]);
    assert.equal(result?.kind, 'exited');
    assert.equal(result.kind === 'exited' ? result.code : -1, 0);
    assert.equal(runner.workersStarted, 1);
  } finally {
    await runner.close();
  }
});

test('a run asked for after close() starts no worker (it would keep the test process alive)', async () => {
  const runner = new CliRunner();
  const [first] = await runner.run([['--version']]);
  assert.equal(first?.kind, 'exited');
  // A case still going when the test's `after` closes the runner, and its next run after that.
  const late = runner.run([['--version']]);
  await runner.close();
  const [pending] = await late;
  const [after] = await runner.run([['--version']]);
  assert.equal(pending?.kind, 'died');
  assert.equal(after?.kind, 'died');
  assert.match(after?.kind === 'died' ? after.error : '', /runner was closed/);
  assert.equal(runner.workersStarted, 1);
});
