// Bugs the fuzzer found, each with the smallest input that showed it (shrunk by hand or by
// replay.ts --minimize) and the behaviour it must have now.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli, type CliRun } from '../cli/run-cli.js';
import { removeSnapshots, VPC, writeSnapshot } from '../snapshot/snapshot-fixtures.js';
import { publicInstance } from '../support/raw-estate.js';
import { UNPRINTABLE } from './oracle.js';

after(removeSnapshots);

const scratch: string[] = [];
after(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'netreach-regression-'));
  scratch.push(dir);
  return dir;
}

/** The one stderr line of a run that exited 2, without "netreach: " and the newline. */
function errorLine(run: CliRun): string {
  assert.equal(run.code, 2, `exit ${run.code}: ${run.stderr}`);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^netreach: [^\n]*\n$/);
  assert.doesNotMatch(run.stderr.slice(0, -1), UNPRINTABLE);
  return run.stderr.slice('netreach: '.length, -1);
}

async function assess(dir: string, ...options: string[]): Promise<CliRun> {
  return runCli('assess', dir, '--format', 'json', ...options);
}

describe('control characters and terminal escapes from the input are escaped', () => {
  test('a file name with an ANSI escape sequence (fuzz: hostile file names)', async () => {
    const dir = await writeSnapshot({ '\u001b[31mred\u001b[0m.json': { Vpcs: [{ VpcId: '' }] } });
    assert.equal(errorLine(await assess(dir)), '\\u001b[31mred\\u001b[0m.json: $.Vpcs[0].VpcId: expected an id (a non-empty string), got ""');
  });

  test('a file name with a newline stays on one line, a leading space stays', async () => {
    const dir = await writeSnapshot({ 'line\nfeed.json': { Vpcs: 1 }, ' space.json': { Subnets: 2 } });
    assert.equal(errorLine(await assess(dir)), ' space.json: $.Subnets: expected a list, got 2');
    const other = await writeSnapshot({ 'line\nfeed.json': { Vpcs: 1 } });
    assert.equal(errorLine(await assess(other)), 'line\\u000afeed.json: $.Vpcs: expected a list, got 1');
  });

  test('values with C1 controls, DEL, bidirectional overrides and line separators', async () => {
    const dir = await writeSnapshot({ 'Vpcs.json': { Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '\u009b31m\u007f\u202eevil\u2028' }] } });
    assert.equal(errorLine(await assess(dir)), 'Vpcs.json: $.Vpcs[0].CidrBlock: expected an IPv4 CIDR, got "\\u009b31m\\u007f\\u202eevil\\u2028"');
  });

  test('a JSON syntax error whose reason quotes a control character of the file', async () => {
    const dir = await writeSnapshot({ 'NatGateways.json': '{ "NatGateways": [\u000e] }' });
    const line = errorLine(await assess(dir));
    assert.match(line, /^NatGateways\.json: \$: expected JSON, got a syntax error/);
    assert.match(line, /\\u000e/);
  });

  test('lenient loading lists a skipped record with the value escaped', async () => {
    const dir = await writeSnapshot({ 'Vpcs.json': { Vpcs: [VPC.Vpcs[0], { VpcId: 'vpc-2', CidrBlock: '\u001b]0;pwned\u0007' }] } });
    const run = await assess(dir, '--lenient');
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { assessment: { coverage: { reason: string }[] } };
    assert.deepEqual(
      report.assessment.coverage.map((n) => n.reason),
      ['skipped: $.Vpcs[1].CidrBlock: expected an IPv4 CIDR, got "\\u001b]0;pwned\\u0007"'],
    );
  });

  test('the table shows ids with terminal escapes as text (fuzz: hostile instance ids reach the table)', async () => {
    const { e } = publicInstance([{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }]);
    const reservation = e.files['Reservations'][0] as { Instances: { InstanceId: string; NetworkInterfaces: { Attachment: { InstanceId: string } }[] }[] };
    const instance = reservation.Instances[0];
    instance.InstanceId = 'i-\u001b]0;pwned\u0007';
    instance.NetworkInterfaces[0].Attachment.InstanceId = instance.InstanceId;
    const dir = tempDir();
    e.write(dir);
    const run = await runCli('assess', dir);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout.replace(/\n/g, ''), UNPRINTABLE);
    // The instance heading: the escaped id, then the Name tag the estate gave it.
    assert.match(run.stdout, /^i-\\u001b\]0;pwned\\u0007 \(i-0+7\)$/m);
  });

  test('an ss line with a 45,000-character local address is cut short in the message', async () => {
    const dir = tempDir();
    const capture = path.join(dir, 'ss.txt');
    writeFileSync(capture, `tcp LISTEN 0 128 ${'🦊'.repeat(22_500)}:22 0.0.0.0:*\n`);
    const run = await runCli('agent', 'import', capture, '--from', 'ss', '--instance-id', 'i-0a1');
    const line = errorLine(run);
    assert.ok(line.length < 300, `a line of ${line.length} characters`);
    assert.match(line, /ss\.txt:1: expected a local address:port, got "🦊+…"$/u);
  });
});

describe('keys named like JavaScript internals', () => {
  test('top-level keys __proto__ and constructor are unknown keys, not "without [object Object]"', async () => {
    const dir = await writeSnapshot({ 'Vpcs.json': '{"Vpcs": [], "constructor": 1, "__proto__": {}, "toString": 2}' });
    const run = await assess(dir);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { assessment: { warnings: string[] } };
    assert.deepEqual(report.assessment.warnings, [
      "Vpcs.json: unknown top-level key '__proto__', skipped",
      "Vpcs.json: unknown top-level key 'constructor', skipped",
      "Vpcs.json: unknown top-level key 'toString', skipped",
    ]);
  });
});

describe('--lenient and --agent-data', () => {
  test('a bad listener file in --agent-data is skipped into the coverage with --lenient, an error without', async () => {
    const snapshot = await writeSnapshot({ 'Vpcs.json': VPC });
    const agent = await writeSnapshot({
      'i-0a1.json': { instanceId: 'i-0a1', collectedAt: '2026-11-20T09:00:00Z', listeners: [{ protocol: 'tcp', port: 70000, address: '0.0.0.0' }] },
    });
    assert.equal(errorLine(await assess(snapshot, '--agent-data', agent)), 'i-0a1.json: $.listeners[0].port: expected a port 1-65535, got 70000');
    const run = await assess(snapshot, '--agent-data', agent, '--lenient');
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { assessment: { coverage: { resourceType: string; resourceId: string; reason: string }[] } };
    assert.deepEqual(report.assessment.coverage, [
      { resourceType: 'AWS::EC2::Instance', resourceId: 'i-0a1', reason: 'skipped: $.listeners[0].port: expected a port 1-65535, got 70000', file: 'i-0a1.json' },
    ]);
  });
});
