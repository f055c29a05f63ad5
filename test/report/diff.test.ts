import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/findings/finding.js';
import { diffFindings, gatingFindings } from '../../src/report/diff.js';
import { reportChecks } from '../../src/report/read-report.js';
import { runCli } from '../cli/run-cli.js';

async function exampleFindings(): Promise<readonly Finding[]> {
  const run = await runCli('assess', 'examples/seed-article', '--format', 'json');
  assert.equal(run.code, 0, run.stderr);
  return reportChecks().schema.parse(JSON.parse(run.stdout)).findings;
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
  assert.equal(ssh.severity, 'Medium');
  assert.deepEqual(gatingFindings(diff, 'High').widened, [], 'below the level');
  const gate = gatingFindings(diff, 'Medium');
  assert.deepEqual([gate.added, gate.raised], [[], []], 'wider sources alone do not raise severity');
  assert.deepEqual(gate.widened, [diff.changed[0]], 'but more senders at the same severity is a wider exposure, and the gate fails on it');
  assert.deepEqual(gatingFindings(diffFindings(after, before), 'Informational').widened, [], 'narrowing is not widening');
});

test('a NetworkExposure whose port ranges grew is widened; the same ports written as other ranges are not', async () => {
  const findings = await exampleFindings();
  const exposure = findings.find((f) => f.ruleType === 'NetworkExposure');
  assert.ok(exposure !== undefined);
  const withPorts = (tcpPorts: [number, number][]): readonly Finding[] => findings.map((f) => (f === exposure ? { ...f, tcpPorts } : f));
  const widenedIds = (before: [number, number][], after: [number, number][]): string[] =>
    gatingFindings(diffFindings(withPorts(before), withPorts(after)), 'Informational').widened.map((c) => c.new.id);
  assert.deepEqual(widenedIds([[22, 22], [80, 80]], [[22, 22], [80, 81]]), [exposure.id]);
  assert.deepEqual(widenedIds([[22, 22]], [[22, 22], [3389, 3389]]), [exposure.id]);
  assert.deepEqual(widenedIds([[20, 21], [22, 25]], [[20, 25]]), [], 'adjacent ranges cover their union');
  assert.deepEqual(widenedIds([[20, 25]], [[22, 22]]), [], 'fewer ports');
  assert.equal(exposure.severity, 'Informational');
  assert.deepEqual(gatingFindings(diffFindings(withPorts([[22, 22]]), withPorts([[22, 23]])), 'Low').widened, [], 'only at or above the level');
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
