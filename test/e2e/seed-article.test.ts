// The quick start, as a user runs it: the built `netreach` bin on the bundled example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'netreach.js');
const EXAMPLE = join(ROOT, 'examples', 'seed-article');

const WEB = 'i-02ad5632a52a2878b';
const AGENT = 'i-048c5aa472546e50c';
const NOAGENT = 'i-0d6766a616dd5a508';
const PRIVATE = 'i-02b40f86f3a7d8479';

interface Finding {
  readonly id: string;
  readonly ruleType: string;
  readonly severity: string;
  readonly instanceId: string;
  readonly protocol: string | null;
  readonly port: number | null;
  readonly tcpPorts: readonly (readonly [number, number])[] | null;
  readonly via: { readonly type: string; readonly id: string };
  readonly listener: { readonly process: { readonly name: string } | null } | null;
  readonly sources: readonly string[];
}

function netreach(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function findings(snapshot: string): Finding[] {
  const run = netreach('assess', snapshot, '--format', 'json');
  assert.equal(run.code, 0, run.stderr);
  return (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
}

function portsOf(list: readonly Finding[], instanceId: string, ruleType?: string): number[] {
  return list
    .filter((f) => f.instanceId === instanceId && f.port !== null && (ruleType === undefined || f.ruleType === ruleType))
    .map((f) => f.port!)
    .sort((a, b) => a - b);
}

test('the example assesses as the article describes', () => {
  const list = findings('examples/seed-article');
  assert.equal(list.filter((f) => f.instanceId === PRIVATE).length, 0, 'private: its group is open but nothing routes to it');

  const web = list.filter((f) => f.instanceId === WEB);
  assert.deepEqual([...new Set(web.map((f) => f.port ?? f.tcpPorts?.flat().join('-')))], [80, '80-80']);
  assert.ok(web.every((f) => f.via.type === 'CLB' && f.via.id === 'elb'), 'web is reached through the ELB only');

  assert.deepEqual(portsOf(list, AGENT, 'RecognizedPortWithListener'), [22, 80]);
  assert.deepEqual(portsOf(list, AGENT, 'RecognizedPortNoListener'), [21, 443]);
  const unrecognized = list.filter((f) => f.instanceId === AGENT && f.ruleType === 'UnrecognizedPortWithListener');
  assert.deepEqual(unrecognized.map((f) => [f.port, f.listener?.process?.name, f.severity]), [[110, 'dovecot', 'Low']]);
  assert.deepEqual(portsOf(list, NOAGENT, 'RecognizedPortNoAgent'), [21, 22, 80, 443]);
  assert.deepEqual(portsOf(list, NOAGENT), [21, 22, 80, 443], 'on noagent 110 is only in NetworkExposure');

  for (const id of [AGENT, NOAGENT]) {
    const exposure = list.filter((f) => f.instanceId === id && f.ruleType === 'NetworkExposure');
    assert.equal(exposure.length, 1);
    assert.deepEqual(exposure[0]!.tcpPorts, [[21, 22], [80, 80], [110, 110], [443, 443]], 'never 3306');
  }
  const ftp = list.find((f) => f.instanceId === NOAGENT && f.port === 21)!;
  assert.equal(ftp.severity, 'High');
  assert.ok(list.every((f) => f.port !== 3306));
});

test('removing dovecot from the listener data removes exactly that one finding', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netreach-e2e-'));
  try {
    const copy = join(dir, 'seed-article');
    cpSync(EXAMPLE, copy, { recursive: true });
    const agentFile = join(copy, 'agent', `${AGENT}.json`);
    const data = JSON.parse(readFileSync(agentFile, 'utf8')) as { listeners: { process: { name: string } | null }[] };
    data.listeners = data.listeners.filter((l) => l.process?.name !== 'dovecot');
    writeFileSync(agentFile, JSON.stringify(data, null, 2));
    const before = findings(EXAMPLE);
    const after = findings(copy);
    const removed = before.filter((f) => !after.some((g) => g.id === f.id));
    assert.deepEqual(removed.map((f) => [f.ruleType, f.instanceId, f.port]), [['UnrecognizedPortWithListener', AGENT, 110]]);
    assert.equal(after.length, before.length - 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the same input gives the same bytes, table and JSON', () => {
  for (const format of ['table', 'json']) {
    const one = netreach('assess', 'examples/seed-article', '--format', format);
    const two = netreach('assess', 'examples/seed-article', '--format', format);
    assert.equal(one.code, 0);
    assert.equal(one.stdout, two.stdout);
  }
});

test('the table reads in 80 columns and leads with the High finding', () => {
  const run = netreach('assess', 'examples/seed-article');
  assert.equal(run.code, 0, run.stderr);
  for (const line of run.stdout.split('\n')) assert.ok(line.length <= 80, `too wide: ${line}`);
  const lines = run.stdout.split('\n');
  const high = lines.findIndex((l) => l.startsWith('HIGH'));
  assert.ok(high > 0 && lines.slice(high, high + 3).some((l) => l.includes('TCP 21') && l.includes('FTP')));
});

test('bad input exits 2 with one line naming the file and JSON path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netreach-e2e-'));
  try {
    const copy = join(dir, 'snap');
    cpSync(EXAMPLE, copy, { recursive: true });
    const acls = join(copy, '123456789012', 'us-east-1', 'ec2-describe-network-acls.json');
    const doc = JSON.parse(readFileSync(acls, 'utf8')) as { NetworkAcls: { Entries: { CidrBlock?: string }[] }[] };
    doc.NetworkAcls[0]!.Entries[0]!.CidrBlock = '10.0.0.0/33';
    writeFileSync(acls, JSON.stringify(doc));
    const run = netreach('assess', copy);
    assert.equal(run.code, 2);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /ec2-describe-network-acls\.json: \$\.NetworkAcls\[0\]\.Entries\[0\]\.CidrBlock: /);
    const lenient = netreach('assess', copy, '--lenient', '--format', 'json');
    assert.equal(lenient.code, 0, lenient.stderr);
    const report = JSON.parse(lenient.stdout) as { assessment: { coverage: { reason: string }[] } };
    assert.ok(report.assessment.coverage.some((c) => c.reason.includes('CidrBlock')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
