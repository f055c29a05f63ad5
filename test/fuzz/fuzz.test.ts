// The bounded fuzz campaign of `npm test` (the long one is `npm run fuzz`): generated AWS
// estates, byte-mutated real snapshots and mutated ss/netstat captures, each run through main()
// in a worker thread and judged by the oracle (oracle.ts). A failure prints fast-check's seed
// and the shrunk input; NETREACH_FUZZ_SEED=<seed> replays it.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { snapshotCase } from './aws-arbitraries.js';
import { byteCase, loadSeedSnapshots, materializeByteCase } from './byte-mutations.js';
import { captureCase, loadCaptures, runCaptureCase } from './capture-case.js';
import { CliRunner } from './cli-runner.js';
import { runSnapshotCase } from './snapshot-case.js';

const SECONDS_EACH = 9;
const seed = process.env.NETREACH_FUZZ_SEED === undefined ? undefined : Number(process.env.NETREACH_FUZZ_SEED);
const settings = { seed, numRuns: 100_000, interruptAfterTimeLimit: SECONDS_EACH * 1000, markInterruptAsFailure: false, endOnFailure: true };

let runner = new CliRunner();
after(() => runner.close());

/**
 * A case that neither settles nor has a run timing out: netreach's own hangs end as 'hung' after
 * the runner's timeout and fail the oracle, so a case past this watchdog is the test machinery
 * itself stalling (seen three times on Node 20: the process idle, no timer pending, a worker
 * loaded and waiting). It is reported on stderr, the runner is replaced, and the campaign goes on
 * instead of holding `npm test` for ever.
 */
const CASE_WATCHDOG_MS = 150_000;
const stalls: string[] = [];

async function watched(name: string, runCase: () => Promise<true>): Promise<true> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<'stalled'>((resolve) => {
    timer = setTimeout(() => resolve('stalled'), CASE_WATCHDOG_MS);
    // The case fast-check was running when its time limit came is abandoned, not awaited: its
    // watchdog must not keep the test process alive for the rest of the 150 s.
    timer.unref();
  });
  const running = runCase();
  // A case given up on may still fail later; that must not surface as an unhandled rejection.
  running.catch(() => undefined);
  const outcome = await Promise.race([running, stalled]);
  clearTimeout(timer);
  if (outcome !== 'stalled') return outcome;
  stalls.push(name);
  process.stderr.write(`fuzz: a ${name} case did not settle in ${CASE_WATCHDOG_MS} ms; the worker is replaced\n`);
  const stuck = runner;
  runner = new CliRunner();
  void stuck.close();
  return true;
}

function judged(problems: readonly string[]): true {
  assert.deepEqual(problems, []);
  return true;
}

describe('fuzzing (bounded)', { concurrency: 1 }, () => {
  test('generated estates, valid and subtly invalid: exit 0 with JSON, or one escaped line naming file and JSON path', async () => {
    const runs = { count: 0 };
    await fc.assert(
      fc.asyncProperty(snapshotCase, async (c) => {
        runs.count++;
        return watched('generated estate', async () => judged((await runSnapshotCase(runner, c)).problems));
      }),
      settings,
    );
    assert.ok(runs.count > 5, `only ${runs.count} cases ran`);
  });

  test('byte-mutated real snapshots (seed article, conformance scenarios)', async () => {
    const seeds = loadSeedSnapshots();
    const all = seeds.flatMap((s) => s.files.map((f) => f.content));
    const runs = { count: 0 };
    await fc.assert(
      fc.asyncProperty(byteCase, async (c) => {
        runs.count++;
        return watched('byte-mutated snapshot', async () => judged((await runSnapshotCase(runner, materializeByteCase(c, seeds, all))).problems));
      }),
      settings,
    );
    assert.ok(runs.count > 5, `only ${runs.count} cases ran`);
  });

  test('mutated ss and netstat captures: a listener file the loader accepts, or one line naming file and line', async () => {
    const { captures, tasklist } = loadCaptures();
    const runs = { count: 0 };
    await fc.assert(
      fc.asyncProperty(captureCase, async (c) => {
        runs.count++;
        return watched('capture', async () => judged((await runCaptureCase(runner, c, captures, tasklist)).problems));
      }),
      { ...settings, interruptAfterTimeLimit: 5_000 },
    );
    assert.ok(runs.count > 5, `only ${runs.count} cases ran`);
  });
});

test('the campaign stalled at most once', () => {
  assert.ok(stalls.length <= 1, `stalled cases: ${stalls.join(', ')}`);
});
