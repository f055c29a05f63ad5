import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './run-cli.js';
import { scratch } from '../support/scratch.js';

const EXAMPLE = 'examples/seed-article';
const GROUPS = '123456789012/us-east-1/ec2-describe-security-groups.json';
const AGENT_FILE = 'agent/i-048c5aa472546e50c.json';
const WEB = 'sg-0dc3e2aaca090f14a';
const NO_AGENT = 'i-0d6766a616dd5a508';
const WITH_AGENT = 'i-048c5aa472546e50c';

interface Permission {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges: Array<{ CidrIp: string }>;
  [key: string]: unknown;
}

interface DiffFinding {
  readonly id: string;
  readonly instanceId: string;
  readonly ruleType: string;
  readonly severity: string;
  readonly port: number | null;
}

interface ChangedJson {
  readonly id: string;
  readonly oldId: string;
  readonly changes: Record<string, unknown>;
  readonly finding: DiffFinding;
}

interface DiffJson {
  readonly counts: { new: number; resolved: number; changed: number; unchanged: number };
  readonly warnings: string[];
  readonly newFindings: DiffFinding[];
  readonly resolvedFindings: DiffFinding[];
  readonly changedFindings: ChangedJson[];
}

/** A copy of the example with `edit` applied to one of its JSON files. */
function editedExample(dir: string, name: string, file: string, edit: (document: Record<string, unknown>) => void): string {
  const snapshot = join(dir, name);
  cpSync(EXAMPLE, snapshot, { recursive: true });
  const path = join(snapshot, file);
  const document = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(document);
  writeFileSync(path, JSON.stringify(document, null, 2));
  return snapshot;
}

async function assessed(snapshot: string, file: string): Promise<string> {
  const run = await runCli('assess', snapshot, '--format', 'json', '--output', file);
  assert.equal(run.code, 0, run.stderr);
  return file;
}

/** The web group opens RDP to the world, stops admitting FTP, and narrows SSH to one /24. */
function changeWebGroup(document: Record<string, unknown>): void {
  const groups = document.SecurityGroups as Array<{ GroupId: string; IpPermissions: Permission[] }>;
  const web = groups.find((g) => g.GroupId === WEB);
  assert.ok(web !== undefined);
  web.IpPermissions = web.IpPermissions.filter((p) => p.FromPort !== 21).map((p) => (p.FromPort === 22 ? { ...p, IpRanges: [{ CidrIp: '203.0.113.0/24' }] } : p));
  web.IpPermissions.push({ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] });
}

function summary(f: DiffFinding): string {
  return `${f.severity} ${f.instanceId} ${f.ruleType} ${f.port ?? '-'}`;
}

test('diff: a port opened, one closed and one narrowed read as new, resolved and changed', async (t) => {
  const dir = scratch(t, 'diff');
  const before = await assessed(EXAMPLE, join(dir, 'before.json'));
  const after = await assessed(editedExample(dir, 'after', GROUPS, changeWebGroup), join(dir, 'after.json'));
  const run = await runCli('diff', before, after, '--format', 'json');
  assert.equal(run.code, 0, run.stderr);
  const diff = JSON.parse(run.stdout) as DiffJson;
  assert.deepEqual(diff.newFindings.map(summary), [`High ${NO_AGENT} RecognizedPortNoAgent 3389`, `Informational ${WITH_AGENT} RecognizedPortNoListener 3389`]);
  assert.deepEqual(diff.resolvedFindings.map(summary), [`High ${NO_AGENT} RecognizedPortNoAgent 21`, `Informational ${WITH_AGENT} RecognizedPortNoListener 21`]);
  assert.deepEqual(diff.changedFindings.map((c) => `${summary(c.finding)} ${Object.keys(c.changes).join(',')}`), [
    `Medium ${WITH_AGENT} RecognizedPortWithListener 22 sources,networkPath`,
    `Medium ${NO_AGENT} RecognizedPortNoAgent 22 sources,networkPath`,
    `Informational ${WITH_AGENT} NetworkExposure - tcpPorts,networkPath`,
    `Informational ${NO_AGENT} NetworkExposure - tcpPorts,networkPath`,
  ]);
  const ssh = diff.changedFindings[1];
  assert.equal(ssh.id, ssh.oldId);
  const sources = ssh.changes.sources as { added: string[]; removed: string[] };
  assert.deepEqual(sources.added, [], 'narrowing adds no sender');
  assert.ok(sources.removed.includes('0.0.0.0/5') && !sources.removed.some((c) => c.startsWith('203.0.113.')), 'the /24 stays');
  assert.deepEqual(diff.changedFindings[3].changes.tcpPorts, { old: [[21, 22], [80, 80], [110, 110], [443, 443]], new: [[22, 22], [80, 80], [110, 110], [443, 443], [3389, 3389]] });
  assert.deepEqual(diff.counts, { new: 2, resolved: 2, changed: 4, unchanged: 7 });
  assert.deepEqual(diff.warnings, []);

  const table = await runCli('diff', before, after);
  assert.equal(table.code, 0, table.stderr);
  for (const line of table.stdout.split('\n')) assert.ok(line.length <= 80, line);
  assert.match(table.stdout, /^NEW \(2\)\n {2}HIGH i-0d6766a616dd5a508 RecognizedPortNoAgent TCP 3389 RDP Internet/m);
  assert.match(table.stdout, /^ {6}was from 0\.0\.0\.0\/0 except 10\.0\.0\.0\/8, 172\.16\.0\.0\/12, 192\.168\.0\.0\/16\n {6}now from 203\.0\.113\.0\/24$/m);
  assert.match(table.stdout, /^New 2, resolved 2, changed 4, unchanged 7\n$/m);
  assert.equal((await runCli('diff', before, after)).stdout, table.stdout, 'same input, same bytes');
});

test('diff --fail-on judges new findings: the RDP port opened fails high; the reverse change fails on FTP coming back', async (t) => {
  const dir = scratch(t, 'diff');
  const before = await assessed(EXAMPLE, join(dir, 'before.json'));
  const after = await assessed(editedExample(dir, 'after', GROUPS, changeWebGroup), join(dir, 'after.json'));
  const opened = await runCli('diff', before, after, '--fail-on', 'high');
  assert.equal(opened.code, 1);
  assert.equal(opened.stderr, 'netreach: --fail-on high: 1 new finding at or above High\n');
  assert.match(opened.stdout, /^NEW \(2\)$/m, 'the diff is still written');
  const reverted = await runCli('diff', after, before, '--fail-on', 'high');
  assert.equal(reverted.code, 1);
  assert.equal(reverted.stderr, 'netreach: --fail-on high: 1 new finding at or above High\n');
  const same = await runCli('diff', before, before, '--fail-on', 'informational');
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout, /^New 0, resolved 0, changed 0, unchanged 13$/m);
});

test('diff: a finding whose rule type changed (the listener went away) is one changed finding, not resolved and new', async (t) => {
  const dir = scratch(t, 'diff');
  const withListener = await assessed(EXAMPLE, join(dir, 'with.json'));
  const withoutSshd = editedExample(dir, 'no-sshd', AGENT_FILE, (document) => {
    document.listeners = (document.listeners as Array<{ port: number }>).filter((l) => l.port !== 22);
  });
  const withoutListener = await assessed(withoutSshd, join(dir, 'without.json'));
  const run = await runCli('diff', withListener, withoutListener, '--format', 'json');
  assert.equal(run.code, 0, run.stderr);
  const diff = JSON.parse(run.stdout) as DiffJson;
  assert.deepEqual(diff.newFindings, []);
  assert.deepEqual(diff.resolvedFindings, []);
  assert.equal(diff.changedFindings.length, 1);
  const [ssh] = diff.changedFindings;
  assert.notEqual(ssh.id, ssh.oldId, 'the id hashes the rule type');
  assert.equal(ssh.finding.port, 22);
  assert.deepEqual(ssh.changes.ruleType, { old: 'RecognizedPortWithListener', new: 'RecognizedPortNoListener' });
  assert.deepEqual(ssh.changes.severity, { old: 'Medium', new: 'Informational' });
  assert.deepEqual((ssh.changes.listener as { old: { port: number } | null; new: null }).new, null);
  // Lowered severity passes the gate; the way back raises it and fails it.
  assert.equal((await runCli('diff', withListener, withoutListener, '--fail-on', 'low')).code, 0);
  const raised = await runCli('diff', withoutListener, withListener, '--fail-on', 'medium');
  assert.equal(raised.code, 1);
  assert.equal(raised.stderr, 'netreach: --fail-on medium: 1 finding raised at or above Medium\n');
  assert.match(raised.stdout, /^ {6}severity Informational -> Medium; rule RecognizedPortNoListener ->\n {6}RecognizedPortWithListener; listener none -> sshd$/m);
});

test('diff warns when the reports were made with different --ephemeral-ports or --onprem-cidrs', async (t) => {
  const dir = scratch(t, 'diff');
  const plain = await assessed(EXAMPLE, join(dir, 'plain.json'));
  const narrow = join(dir, 'narrow.json');
  assert.equal((await runCli('assess', EXAMPLE, '--format', 'json', '--output', narrow, '--ephemeral-ports', '32768-60999', '--onprem-cidrs', '192.168.0.0/16')).code, 0);
  const diff = JSON.parse((await runCli('diff', plain, narrow, '--format', 'json')).stdout) as DiffJson;
  assert.ok(diff.warnings.some((w) => /different --ephemeral-ports \(1024-65535 and 32768-60999\)/.test(w)), diff.warnings.join('\n'));
  assert.ok(diff.warnings.some((w) => /different --onprem-cidrs \(none and 192\.168\.0\.0\/16\)/.test(w)), diff.warnings.join('\n'));
  const same = JSON.parse((await runCli('diff', plain, plain, '--format', 'json')).stdout) as DiffJson;
  assert.deepEqual(same.warnings, []);
});

test('diff warns when the reports were made by different versions of netreach (or one recorded none)', async (t) => {
  const dir = scratch(t, 'diff');
  const current = await assessed(EXAMPLE, join(dir, 'current.json'));
  const document = JSON.parse(readFileSync(current, 'utf8')) as { assessment: Record<string, unknown> };
  const version = document.assessment.netreachVersion;
  assert.equal(typeof version, 'string', 'the report names the netreach that made it');
  const older = join(dir, 'older.json');
  writeFileSync(older, JSON.stringify({ ...document, assessment: { ...document.assessment, netreachVersion: '0.0.9' } }));
  const unrecorded = join(dir, 'unrecorded.json');
  const { netreachVersion: _, ...withoutVersion } = document.assessment;
  writeFileSync(unrecorded, JSON.stringify({ ...document, assessment: withoutVersion }));
  const warningsOf = async (a: string, b: string): Promise<string[]> => (JSON.parse((await runCli('diff', a, b, '--format', 'json')).stdout) as DiffJson).warnings;
  assert.deepEqual(await warningsOf(older, current), [
    `the reports were made by different versions of netreach (0.0.9 and ${String(version)}): findings may show as new, resolved or changed because the analysis changed, not the network`,
  ]);
  assert.match((await warningsOf(unrecorded, current))[0] ?? '', /different versions of netreach \(not recorded and /);
  assert.deepEqual(await warningsOf(current, current), []);
});

test('diff warns when the reports were filtered at different minimum severities', async (t) => {
  const dir = scratch(t, 'diff');
  const all = await assessed(EXAMPLE, join(dir, 'all.json'));
  const high = join(dir, 'high.json');
  assert.equal((await runCli('assess', EXAMPLE, '--format', 'json', '--output', high, '--min-severity', 'high')).code, 0);
  const diff = JSON.parse((await runCli('diff', all, high, '--format', 'json')).stdout) as DiffJson;
  assert.equal(diff.counts.resolved, 12);
  assert.match(diff.warnings[0], /different --min-severity \(informational and high\)/);
  const baseline = join(dir, 'baseline.json');
  writeFileSync(baseline, JSON.stringify({ version: 1, findings: [{ id: 'nr-1f38ed4eaf540edb' }] }));
  const baselined = join(dir, 'baselined.json');
  assert.equal((await runCli('assess', EXAMPLE, '--format', 'json', '--output', baselined, '--baseline', baseline, '--as-of', '2026-11-26')).code, 0);
  const table = await runCli('diff', all, baselined);
  assert.match(table.stdout, /^Warning: .*baselined\.json was made with --baseline/m);
  assert.match(table.stdout, /^RESOLVED \(1\)$/m, 'the suppressed FTP finding reads as resolved, hence the warning');
});

test('diff refuses a report that is not ours or was edited into nonsense: one line with file and JSON path, exit 2', async (t) => {
  const dir = scratch(t, 'diff');
  const good = await assessed(EXAMPLE, join(dir, 'good.json'));
  const report = JSON.parse(readFileSync(good, 'utf8')) as { findings: Array<Record<string, unknown>> };
  const cases: Array<[string, (r: { findings: Array<Record<string, unknown>> }) => void, string]> = [
    ['port.json', (r) => (r.findings[0].port = 70000), '$.findings[0].port: expected a port 0-65535'],
    ['severity.json', (r) => (r.findings[2].severity = 'Critical'), '$.findings[2].severity: expected "High" or "Medium" or "Low" or "Informational", got "Critical"'],
    ['numeric.json', (r) => (r.findings[0].numericSeverity = 0), '$.findings[0].numericSeverity: expected 9 for High, got 0'],
    ['sources.json', (r) => (r.findings[1].sources = ['10.0.0.0/33']), '$.findings[1].sources[0]: expected a CIDR block'],
    ['twice.json', (r) => r.findings.push(r.findings[0]), '$.findings[13].id: nr-1f38ed4eaf540edb appears twice (ids are unique in a report)'],
    ['missing.json', (r) => delete r.findings[4].via, '$.findings[4].via: expected an object, got nothing (the field is missing)'],
  ];
  for (const [name, edit, message] of cases) {
    const copy = structuredClone(report);
    edit(copy);
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(copy));
    const run = await runCli('diff', good, file);
    assert.equal(run.code, 2, name);
    assert.equal(run.stdout, '', name);
    assert.equal(run.stderr, `netreach: ${file}: ${message}\n`, name);
  }
  const truncated = join(dir, 'truncated.json');
  writeFileSync(truncated, readFileSync(good, 'utf8').slice(0, 500));
  const cut = await runCli('diff', truncated, good);
  assert.equal(cut.code, 2);
  assert.match(cut.stderr, /^netreach: .*truncated\.json: \$: expected JSON, got a syntax error at line \d+, column \d+ .*\n$/);
});

test('diff --fail-on fails when more senders reach a finding at the level, though its severity stays', async (t) => {
  const dir = scratch(t, 'diff');
  const before = await assessed(EXAMPLE, join(dir, 'before.json'));
  const report = JSON.parse(readFileSync(before, 'utf8')) as { findings: Array<{ severity: string; sources: string[] }> };
  const medium = report.findings.filter((f) => f.severity === 'Medium');
  assert.ok(medium.length >= 2, 'the example has Medium findings');
  // Two Medium findings (from the internet except private ranges) now also reach from 10.1.0.0/16:
  // same ids, same severity. (A CIDR inside the sources already there would widen nothing.)
  for (const f of medium.slice(0, 2)) f.sources = [...f.sources, '10.1.0.0/16'];
  const after = join(dir, 'after.json');
  writeFileSync(after, JSON.stringify(report, null, 2));
  const widened = await runCli('diff', before, after, '--fail-on', 'medium');
  assert.equal(widened.code, 1, widened.stderr);
  assert.equal(widened.stderr, 'netreach: --fail-on medium: 2 findings widened at or above Medium\n');
  assert.match(widened.stdout, /^New 0, resolved 0, changed 2, unchanged 11$/m);
  assert.equal((await runCli('diff', before, after, '--fail-on', 'high')).code, 0, 'below the level the gate passes');
  assert.equal((await runCli('diff', after, before, '--fail-on', 'informational')).code, 0, 'fewer senders pass');
});
