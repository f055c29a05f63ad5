// Reports read back for `diff` share their findings' repeated parts through one FindingPool: every
// finding must read as the same values it has in its file, however alike it is to another, and
// equal parts must be held once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonDocument } from '../../src/cli/json-document.js';
import type { Finding } from '../../src/findings/finding.js';
import { FindingPool } from '../../src/report/finding-pool.js';
import { reportChecks } from '../../src/report/read-report.js';
import { DEFAULT_LIMITS } from '../../src/snapshot/index.js';
import { runCli } from '../cli/run-cli.js';
import { scratch } from '../support/scratch.js';

interface RawFinding {
  id: string;
  networkPath: { componentType: string; componentId: string; rule?: string }[];
  sources: string[];
  securityGroupIds: string[];
  tcpPorts: number[][] | null;
  via: Record<string, unknown>;
  title: string;
  [key: string]: unknown;
}

/** Every file streamed, however small, so that both ways of reading are covered. */
const STREAMED = { ...DEFAULT_LIMITS, streamAboveBytes: 0 };

async function exampleReport(dir: string): Promise<{ file: string; report: { findings: RawFinding[] } }> {
  const file = join(dir, 'report.json');
  const run = await runCli('assess', 'examples/seed-article', '--format', 'json', '--output', file);
  assert.equal(run.code, 0, run.stderr);
  return { file, report: JSON.parse(readFileSync(file, 'utf8')) as { findings: RawFinding[] } };
}

/** A copy of `f` under a new id, changed by `change`. */
function variant(f: RawFinding, n: number, change: (copy: RawFinding) => void): RawFinding {
  const copy = structuredClone(f);
  copy.id = `nr-${n.toString(16).padStart(16, '0')}`;
  change(copy);
  return copy;
}

test('findings that differ in one part of a step, a list, a port range or a via keep their own values when read through one pool', async (t) => {
  const dir = scratch(t, 'finding-pool');
  const { report } = await exampleReport(dir);
  const base = report.findings.find((f) => f.tcpPorts !== null && f.networkPath.some((s) => s.rule !== undefined))!;
  assert.ok(base !== undefined, 'a NetworkExposure finding with rules on its path');
  const ruled = base.networkPath.findIndex((s) => s.rule !== undefined);
  const variants = [
    variant(base, 1, (c) => (c.networkPath[ruled]!.rule = `${c.networkPath[ruled]!.rule!}.`)),
    variant(base, 2, (c) => delete c.networkPath[ruled]!.rule),
    variant(base, 3, (c) => (c.networkPath[ruled]!.rule = '')),
    variant(base, 4, (c) => (c.networkPath[ruled]!.componentType = 'AWS::EC2::Other')),
    variant(base, 5, (c) => (c.sources = [...c.sources, '192.0.2.0/24'])),
    variant(base, 6, (c) => (c.securityGroupIds = [c.securityGroupIds.join(',')])),
    variant(base, 7, (c) => (c.securityGroupIds = ['sg-a,sg-b'])),
    variant(base, 8, (c) => (c.securityGroupIds = ['sg-a', 'sg-b'])),
    variant(base, 9, (c) => (c.tcpPorts = [[1, 2]])),
    variant(base, 10, (c) => (c.tcpPorts = [[1, 3]])),
    variant(base, 11, (c) => (c.via = { ...c.via, id: `${String(c.via.id)}x` })),
    variant(base, 12, (c) => (c.title = `${c.title}!`)),
  ];
  const file = join(dir, 'variants.json');
  writeFileSync(file, JSON.stringify({ ...report, findings: [...report.findings, ...variants] }, null, 2));
  const { schema, streamed } = reportChecks(new FindingPool());
  for (const limits of [DEFAULT_LIMITS, STREAMED]) {
    const read = await readJsonDocument(file, schema, limits, streamed);
    assert.deepEqual(read.findings, [...report.findings, ...variants]);
  }
});

test('two reports read through one pool share their equal steps, lists and texts, and read as their files', async (t) => {
  const dir = scratch(t, 'finding-pool');
  const { file, report } = await exampleReport(dir);
  const { schema, streamed } = reportChecks(new FindingPool());
  const old = await readJsonDocument(file, schema, STREAMED, streamed);
  const now = await readJsonDocument(file, schema, DEFAULT_LIMITS, streamed);
  assert.deepEqual(old.findings, report.findings);
  assert.deepEqual(now.findings, report.findings);
  for (const [i, f] of now.findings.entries()) {
    const twin: Finding = old.findings[i]!;
    assert.equal(f.id, twin.id);
    for (const [j, step] of f.networkPath.entries()) assert.equal(step, twin.networkPath[j], `finding ${i} step ${j} is the one read first`);
    assert.equal(f.sources, twin.sources);
    assert.equal(f.via, twin.via);
  }
  // Within one report: findings with the same senders hold one list.
  const bySources = new Map<string, readonly string[]>();
  let shared = 0;
  for (const f of old.findings) {
    const key = JSON.stringify(f.sources);
    const first = bySources.get(key);
    if (first === undefined) bySources.set(key, f.sources);
    else {
      assert.equal(f.sources, first);
      shared++;
    }
  }
  assert.ok(shared > 0, 'some findings share their senders');
});
