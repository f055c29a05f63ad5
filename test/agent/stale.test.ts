// --agent-max-age: listener data collected too long before or after the snapshot is set aside,
// said so in the coverage, and the instance reads as having no agent.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { InvalidArgumentError } from 'commander';
import { freshListenerData } from '../../src/findings/index.js';
import type { ListenerData } from '../../src/model/types.js';
import { parseDuration } from '../../src/cli/options.js';
import { runCli } from '../cli/run-cli.js';
import { scratchDir } from './proc-fixture.js';

const EXAMPLE = 'examples/seed-article';
const AGENT = 'i-048c5aa472546e50c';
const SNAPSHOT_TIME = '2026-11-20T09:30:00Z';

interface Report {
  readonly assessment: { readonly coverage: { resourceType: string; resourceId: string; reason: string; file: string | null }[]; readonly counts: { instances: { analysed: number } } };
  readonly findings: { instanceId: string; ruleType: string; port: number | null; listener: { process: { name: string } | null } | null }[];
}

const scratch = scratchDir();
after(scratch.remove);

/** The example with the agent file's collectedAt set to `collectedAt`. */
function exampleCollectedAt(name: string, collectedAt: string | null, manifest = true): string {
  const copy = join(scratch.dir, name);
  cpSync(EXAMPLE, copy, { recursive: true });
  const agentFile = join(copy, 'agent', `${AGENT}.json`);
  const data = JSON.parse(readFileSync(agentFile, 'utf8')) as { collectedAt?: string };
  if (collectedAt === null) delete data.collectedAt;
  else data.collectedAt = collectedAt;
  writeFileSync(agentFile, JSON.stringify(data, null, 2));
  if (!manifest) writeFileSync(join(copy, 'manifest.json'), '{"tool": "no time"}');
  return copy;
}

async function assess(...args: string[]): Promise<Report> {
  const run = await runCli('assess', ...args, '--format', 'json');
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as Report;
}

function agentPorts(report: Report): string[] {
  return report.findings
    .filter((f) => f.instanceId === AGENT && f.port !== null)
    .map((f) => `${f.ruleType} ${f.port}`)
    .sort();
}

const FRESH = [
  'RecognizedPortNoListener 21',
  'RecognizedPortNoListener 443',
  'RecognizedPortWithListener 22',
  'RecognizedPortWithListener 80',
  'UnrecognizedPortWithListener 110',
];
const NO_AGENT = ['RecognizedPortNoAgent 21', 'RecognizedPortNoAgent 22', 'RecognizedPortNoAgent 443', 'RecognizedPortNoAgent 80'];

describe('stale listener data', () => {
  test('the bundled example (agent 5 minutes before the snapshot) is fresh: no coverage note', async () => {
    const report = await assess(EXAMPLE);
    assert.deepEqual(agentPorts(report), FRESH);
    assert.ok(!report.assessment.coverage.some((c) => c.resourceId === AGENT));
  });

  test('3 days before the snapshot: stale in the coverage, NoAgent findings; --agent-max-age 4d makes it fresh', async () => {
    const snapshot = exampleCollectedAt('three-days-before', '2026-11-17T09:25:00Z');
    const stale = await assess(snapshot);
    assert.deepEqual(agentPorts(stale), NO_AGENT);
    assert.deepEqual(
      stale.assessment.coverage.filter((c) => c.resourceId === AGENT),
      [
        {
          resourceType: 'AWS::EC2::Instance',
          resourceId: AGENT,
          reason: `stale listener data, treated as absent: collected at 2026-11-17T09:25:00Z, more than 24h before the snapshot (${SNAPSHOT_TIME})`,
          file: null,
        },
      ],
    );
    assert.equal(stale.assessment.counts.instances.analysed, 4, 'its network was analysed all the same');
    const fresh = await assess(snapshot, '--agent-max-age', '4d');
    assert.deepEqual(agentPorts(fresh), FRESH);
    assert.ok(!fresh.assessment.coverage.some((c) => c.resourceId === AGENT));
  });

  test('after the snapshot counts as well; the limit is inclusive', async () => {
    const later = exampleCollectedAt('two-hours-after', '2026-11-20T11:30:00Z');
    const report = await assess(later, '--agent-max-age', '90m');
    assert.deepEqual(agentPorts(report), NO_AGENT);
    assert.match(report.assessment.coverage.find((c) => c.resourceId === AGENT)!.reason, /more than 90m after the snapshot/);
    assert.deepEqual(agentPorts(await assess(later, '--agent-max-age', '7200s')), FRESH);
    assert.deepEqual(agentPorts(await assess(later, '--agent-max-age', '2h')), FRESH);
  });

  test('--agent-data files are checked too, and --strict counts a stale file as a gap', async () => {
    const agentData = join(scratch.dir, 'agent-data');
    mkdirSync(agentData);
    const data = JSON.parse(readFileSync(join(EXAMPLE, 'agent', `${AGENT}.json`), 'utf8')) as { collectedAt: string };
    writeFileSync(join(agentData, `${AGENT}.json`), JSON.stringify({ ...data, collectedAt: '2026-11-22T10:00:00Z' }));
    const report = await assess(EXAMPLE, '--agent-data', agentData);
    assert.deepEqual(agentPorts(report), NO_AGENT);
    const strict = await runCli('assess', EXAMPLE, '--agent-data', agentData, '--strict', '--format', 'json');
    assert.equal(strict.code, 2);
    assert.match(strict.stderr, /--strict: the snapshot has 1 coverage gap/);
  });

  test('no check when either time is unknown, and never against the clock', async () => {
    // The agent file without collectedAt, and a snapshot without a collection time.
    assert.deepEqual(agentPorts(await assess(exampleCollectedAt('no-agent-time', null))), FRESH);
    assert.deepEqual(agentPorts(await assess(exampleCollectedAt('no-snapshot-time', '2020-01-01T00:00:00Z', false))), FRESH);
  });

  test('a bad --agent-max-age is a usage error', async () => {
    for (const bad of ['24', '1w', '-1h', 'h', '']) {
      const run = await runCli('assess', EXAMPLE, '--agent-max-age', bad);
      assert.equal(run.code, 2, bad);
      assert.match(run.stderr, /^netreach: option '--agent-max-age <duration>' argument '.*' is invalid\. expected a duration like 24h, 90m, 2d or 3600s, got ".*"\n$/);
    }
  });
});

describe('parseDuration and freshListenerData', () => {
  test('durations: s, m, h, d and sums of them', () => {
    assert.equal(parseDuration('24h').milliseconds, 86_400_000);
    assert.equal(parseDuration('90m').milliseconds, 5_400_000);
    assert.equal(parseDuration('2d').milliseconds, 172_800_000);
    assert.equal(parseDuration('3600s').milliseconds, 3_600_000);
    assert.equal(parseDuration('1d12h').milliseconds, 129_600_000);
    assert.equal(parseDuration('0s').milliseconds, 0);
    assert.throws(() => parseDuration('1.5h'), InvalidArgumentError);
  });

  test('keeps fresh and undated data, notes each stale instance once', () => {
    const data = (instanceId: string, collectedAt: string | null): ListenerData => ({ instanceId, collectedAt, listeners: [] });
    const listeners = new Map([
      ['i-1', data('i-1', '2026-11-20T09:00:00+01:00')],
      ['i-2', data('i-2', null)],
      ['i-3', data('i-3', '2026-11-19T08:29:59Z')],
    ]);
    const { listeners: fresh, coverage } = freshListenerData(listeners, SNAPSHOT_TIME, parseDuration('25h'));
    assert.deepEqual([...fresh.keys()], ['i-1', 'i-2']);
    assert.deepEqual(coverage.map((c) => c.resourceId), ['i-3']);
    assert.equal(freshListenerData(listeners, null, parseDuration('0s')).listeners.size, 3);
  });
});
