// bin/netreach.js, as `npx netreach` runs it (the built dist/, so `npm run build` first): it
// starts node once more with larger semi-spaces (see the file), passing arguments, output, exit
// codes and signals through.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { heapLimitFlag, machineMemory, SEMI_SPACE_FLAG as FLAG } from '../../src/cli/node-flags.js';
import { childPids, commandLine, isRunning } from '../support/processes.js';

const BIN = 'bin/netreach.js';

function run(args: readonly string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The command lines of `pid`'s child processes. */
function childCommandLines(pid: number): string[][] {
  return childPids(pid)
    .map(commandLine)
    .filter((line): line is string[] => line !== null);
}

/** Starts the CLI and waits until its second node (the one doing the work) is running. */
async function startedWithChild(args: readonly string[]): Promise<{ parent: ReturnType<typeof spawn>; child: string[] }> {
  const parent = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore', env: { ...process.env, NETREACH_NO_RESPAWN: undefined } });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    // Between fork and exec a child still shows the parent's command line (or none): wait for its own.
    const child = childCommandLines(parent.pid!).find((line) => line.some((arg) => arg.endsWith('bin/netreach.js')) && line.length > args.length + 2);
    if (child !== undefined) return { parent, child };
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  parent.kill('SIGKILL');
  assert.fail('no second node process appeared');
}

test('the work runs in a node started with larger semi-spaces and a heap limit for this machine, with the same arguments', async () => {
  const { parent, child } = await startedWithChild(['assess', 'examples/seed-article', '--min-severity', 'high']);
  const exited = new Promise((resolve) => parent.once('exit', resolve));
  assert.equal(child[0], process.execPath);
  assert.ok(child.includes(FLAG), child.join(' '));
  const heap = heapLimitFlag(machineMemory());
  const given = child.filter((arg) => arg.startsWith('--max-old-space-size'));
  assert.deepEqual(given, heap === null ? [] : [heap], child.join(' '));
  assert.deepEqual(child.slice(-4), ['assess', 'examples/seed-article', '--min-severity', 'high']);
  await exited;
});

test('output and exit codes pass through: 0, 1 for --fail-on, 2 for bad input; the same without the second node', () => {
  for (const env of [{}, { NETREACH_NO_RESPAWN: '1' }]) {
    const ok = run(['assess', 'examples/seed-article', '--format', 'json'], env);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).findings.length, 13);
    const gated = run(['assess', 'examples/seed-article', '--fail-on', 'high'], env);
    assert.equal(gated.status, 1);
    assert.equal(gated.stderr, 'netreach: --fail-on high: 1 finding at or above High\n');
    const bad = run(['assess', 'no/such/folder'], env);
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr.split('\n').length, 2, bad.stderr);
  }
});

test('a node that already has a semi-space size is not started again', async () => {
  const cli = spawn(process.execPath, ['--max-semi-space-size=16', BIN, 'assess', 'examples/seed-article'], {
    stdio: 'ignore',
    env: { ...process.env, NETREACH_NO_RESPAWN: undefined },
  });
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    cli.once('exit', (code) => {
      exited = true;
      resolve(code);
    }),
  );
  const seen: string[][] = [];
  while (!exited) {
    seen.push(...childCommandLines(cli.pid!));
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  assert.equal(await exit, 0);
  assert.deepEqual(seen, []);
});

test('SIGTERM to netreach reaches the node doing the work, and netreach ends by it', async () => {
  const { parent } = await startedWithChild(['assess', 'examples/seed-article']);
  const pid = parent.pid!;
  const exit = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => parent.once('exit', (code, signal) => resolve([code, signal])));
  const children = childPids(pid);
  assert.ok(children.length > 0);
  parent.kill('SIGTERM');
  assert.deepEqual(await exit, [null, 'SIGTERM']);
  for (const child of children) assert.equal(isRunning(child), false, `child ${child} is still running`);
});

test('standard output that cannot be written: one line and exit 2 (a full disk), or a quiet end (a reader that stopped early)', { skip: process.platform !== 'linux' ? '/dev/full is Linux' : false }, () => {
  for (const args of [['assess', 'examples/seed-article', '--format', 'json'], ['assess', 'examples/seed-article', '--fail-on', 'high']]) {
    const full = spawnSync('bash', ['-c', `"${process.execPath}" ${BIN} ${args.join(' ')} > /dev/full`], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(full.status, 2, full.stderr);
    assert.match(full.stderr, /^netreach: cannot write the output to standard output: ENOSPC$/m);
    assert.doesNotMatch(full.stderr, /\n\s+at /, 'no stack trace');
  }
  // The HTML report (over 100 KB) is more than a pipe holds, so the write after `head` exits fails with EPIPE.
  const head = spawnSync('bash', ['-c', `"${process.execPath}" ${BIN} assess examples/seed-article --format html | head -c 1 > /dev/null; echo "status=\${PIPESTATUS[0]}"`], { encoding: 'utf8', timeout: 60_000 });
  assert.match(head.stdout, /status=0\n$/);
  assert.equal(head.stderr, '');
});
