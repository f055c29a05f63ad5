import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/findings/finding.js';
import { diffFindings, gatingFindings } from '../../src/report/diff.js';
import { reportSchema } from '../../src/report/read-report.js';
import { runCli } from '../cli/run-cli.js';

async function exampleFindings(): Promise<readonly Finding[]> {
  const run = await runCli('assess', 'examples/seed-article', '--format', 'json');
  assert.equal(run.code, 0, run.stderr);
  return reportSchema.parse(JSON.parse(run.stdout)).findings;
}

test('sources are compared as address sets: widening a /24 to a /23 adds the other /24 and removes nothing', async () => {
  const findings = await exampleFindings();
  const ssh = findings.find((f) => f.port === 22 && f.ruleType === 'RecognizedPortNoAgent');
  assert.ok(ssh !== undefined);
  const before = findings.map((f) => (f === ssh ? { ...f, sources: ['198.51.100.0/24', '2001:db8::/64'] } : f));
  const after = findings.map((f) => (f === ssh ? { ...f, sources: ['198.51.100.0/23', '2001:db8::/64'] } : f));
  const diff = diffFindings(before, after);
  assert.equal(diff.changed.length, 1);
  assert.deepEqual(diff.changed[0].changes, { sources: { added: ['198.51.101.0/24'], removed: [] } });
  assert.equal(diff.unchanged, findings.length - 1);
  assert.deepEqual(gatingFindings(diff, 'Informational'), { added: [], raised: [] }, 'wider sources alone do not raise severity');
});

test('a NetworkExposure finding is never paired by anything but its id', async () => {
  const findings = await exampleFindings();
  const exposure = findings.find((f) => f.ruleType === 'NetworkExposure');
  assert.ok(exposure !== undefined);
  const renamed = findings.map((f) => (f === exposure ? { ...f, id: 'nr-00000000000000ff' } : f));
  const diff = diffFindings(findings, renamed);
  assert.deepEqual(diff.added.map((f) => f.id), ['nr-00000000000000ff']);
  assert.deepEqual(diff.resolved.map((f) => f.id), [exposure.id]);
});
