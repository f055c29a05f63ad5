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

const runner = new CliRunner();
after(() => runner.close());

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
        return judged((await runSnapshotCase(runner, c)).problems);
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
        return judged((await runSnapshotCase(runner, materializeByteCase(c, seeds, all))).problems);
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
        return judged((await runCaptureCase(runner, c, captures, tasklist)).problems);
      }),
      { ...settings, interruptAfterTimeLimit: 5_000 },
    );
    assert.ok(runs.count > 5, `only ${runs.count} cases ran`);
  });
});
