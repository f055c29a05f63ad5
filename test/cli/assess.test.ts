import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { onTerminal, runCli } from './run-cli.js';
import { scratch } from '../support/scratch.js';

const EXAMPLE = 'examples/seed-article';
const AGENT_INSTANCE = 'i-048c5aa472546e50c';
const NO_AGENT_INSTANCE = 'i-0d6766a616dd5a508';

interface JsonFinding {
  readonly instanceId: string;
  readonly ruleType: string;
  readonly severity: string;
  readonly protocol: string | null;
  readonly port: number | null;
}

interface JsonReport {
  readonly assessment: {
    readonly snapshot: string;
    readonly collectedAt: string | null;
    readonly options: { readonly minSeverity: string; readonly ephemeralPorts: number[]; readonly onpremCidrs: string[] | null };
    readonly coverage: Array<{ resourceType: string; resourceId: string; reason: string }>;
  };
  readonly findings: JsonFinding[];
}

function ruleFor(report: JsonReport, instanceId: string, port: number): string | undefined {
  return report.findings.find((f) => f.instanceId === instanceId && f.protocol === 'tcp' && f.port === port)?.ruleType;
}

test('assess writes a JSON report that is identical across runs and carries the snapshot time', async () => {
  const first = await runCli('assess', EXAMPLE, '--format', 'json');
  const second = await runCli('assess', EXAMPLE, '--format', 'json');
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stderr, '');
  assert.equal(first.stdout, second.stdout);
  const report = JSON.parse(first.stdout) as JsonReport;
  assert.equal(report.assessment.snapshot, EXAMPLE);
  assert.equal(report.assessment.collectedAt, '2026-11-20T09:30:00Z');
  assert.deepEqual(report.assessment.options, { ephemeralPorts: [1024, 65535], onpremCidrs: null, minSeverity: 'Informational' });
  assert.equal(ruleFor(report, AGENT_INSTANCE, 22), 'RecognizedPortWithListener', 'the snapshot\'s own agent data is used');
  assert.equal(ruleFor(report, NO_AGENT_INSTANCE, 22), 'RecognizedPortNoAgent');
});

test('the table report fits 80 columns and --output writes the same bytes as stdout', async (t) => {
  const dir = scratch(t, 'cli');
  const table = await runCli('assess', EXAMPLE);
  assert.equal(table.code, 0, table.stderr);
  for (const line of table.stdout.split('\n')) assert.ok(line.length <= 80, line);
  assert.match(table.stdout, /^HIGH \(\d+\)$/m);
  const file = join(dir, 'report.txt');
  const written = await runCli('assess', EXAMPLE, '--output', file);
  assert.deepEqual([written.code, written.stdout, written.stderr], [0, '', '']);
  assert.equal(readFileSync(file, 'utf8'), table.stdout);
});

test('--min-severity drops the findings below it', async () => {
  const run = await runCli('assess', EXAMPLE, '--format', 'json', '--min-severity', 'MEDIUM');
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.ok(report.findings.length > 0);
  assert.ok(report.findings.every((f) => f.severity === 'High' || f.severity === 'Medium'));
  assert.equal(report.assessment.options.minSeverity, 'Medium');
});

test('--agent-data replaces the snapshot\'s listener data instance by instance', async (t) => {
  const dir = scratch(t, 'cli');
  const data = (instanceId: string, listeners: object[]) =>
    JSON.stringify({ instanceId, collectedAt: '2026-11-20T09:00:00Z', listeners });
  writeFileSync(join(dir, `${AGENT_INSTANCE}.json`), data(AGENT_INSTANCE, []));
  writeFileSync(
    join(dir, `${NO_AGENT_INSTANCE}.json`),
    data(NO_AGENT_INSTANCE, [{ protocol: 'tcp', port: 22, address: '::', process: { name: 'sshd', pid: 700, path: '/usr/sbin/sshd' } }]),
  );
  const run = await runCli('assess', EXAMPLE, '--format', 'json', '--agent-data', dir);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.equal(ruleFor(report, AGENT_INSTANCE, 22), 'RecognizedPortNoListener');
  assert.equal(ruleFor(report, NO_AGENT_INSTANCE, 22), 'RecognizedPortWithListener');
});

test('listener data for an instance the snapshot lacks is a warning, not silence', async (t) => {
  const dir = scratch(t, 'cli');
  writeFileSync(join(dir, 'typo.json'), JSON.stringify({ instanceId: 'i-0ffffffffffffffff', collectedAt: '2026-11-20T09:00:00Z', listeners: [] }));
  const run = await runCli('assess', EXAMPLE, '--format', 'json', '--agent-data', dir);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { assessment: { warnings: string[] } };
  assert.ok(report.assessment.warnings.includes('listener data for i-0ffffffffffffffff: no such instance in the snapshot; it is not used'), JSON.stringify(report.assessment.warnings));
});

test('engine options reach the report header', async () => {
  const run = await runCli('assess', EXAMPLE, '--format', 'json', '--ephemeral-ports', '32768-60999', '--onprem-cidrs', '192.168.0.0/16, 172.16.0.0/12');
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepEqual(report.assessment.options.ephemeralPorts, [32768, 60999]);
  assert.deepEqual(report.assessment.options.onpremCidrs, ['192.168.0.0/16', '172.16.0.0/12']);
});

test('a malformed snapshot file exits 2 with one line naming it; --lenient reports it as a gap; --strict then exits 2 after the report', async (t) => {
  const dir = scratch(t, 'cli');
  const snapshot = join(dir, 'snapshot');
  cpSync(EXAMPLE, snapshot, { recursive: true });
  mkdirSync(join(snapshot, 'extra'));
  writeFileSync(join(snapshot, 'extra', 'broken.json'), '{"Vpcs": [');

  const strictLoad = await runCli('assess', snapshot);
  assert.equal(strictLoad.code, 2);
  assert.equal(strictLoad.stdout, '');
  assert.match(strictLoad.stderr, /^netreach: .*broken\.json.*\n$/);

  const lenient = await runCli('assess', snapshot, '--lenient', '--format', 'json');
  assert.equal(lenient.code, 0, lenient.stderr);
  const report = JSON.parse(lenient.stdout) as JsonReport;
  assert.ok(report.assessment.coverage.length > 0);

  const strict = await runCli('assess', snapshot, '--lenient', '--strict', '--format', 'json');
  assert.equal(strict.code, 2);
  assert.equal(strict.stdout, lenient.stdout, 'the report is still written');
  assert.match(strict.stderr, /^netreach: --strict: the snapshot has \d+ coverage gaps? .*\n$/);
});

test('--strict passes a snapshot without gaps', async () => {
  const run = await runCli('assess', EXAMPLE, '--strict', '--format', 'json');
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual((JSON.parse(run.stdout) as JsonReport).assessment.coverage, []);
});

test('without an output sink main() writes problems to process.stderr', async () => {
  const written: string[] = [];
  const real = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  let code: number;
  try {
    code = await main(['assess', EXAMPLE, '--ephemeral-ports', '70000-1']);
  } finally {
    process.stderr.write = real;
  }
  assert.equal(code, 2);
  assert.equal(written.length, 1);
  assert.match(written[0], /^netreach: option '--ephemeral-ports <range>' argument '70000-1' is invalid\. .*\n$/);
});

test('on a terminal, assess shows on one stderr line what it is doing, and clears it before the report or at the end', async (t) => {
  const dir = scratch(t, 'assess-phases');
  const file = join(dir, 'report.json');
  const toFile = await onTerminal('assess', EXAMPLE, '--format', 'json', '--output', file);
  assert.equal(toFile.code, 0);
  const findings = (JSON.parse(readFileSync(file, 'utf8')) as JsonReport).findings.length;
  assert.deepEqual(toFile.log, [
    ['err', `\r\u001b[2Knetreach: reading ${EXAMPLE}…`],
    ['err', '\r\u001b[2Knetreach: analysing 4 instances in 1 VPC…'],
    ['err', `\r\u001b[2Knetreach: writing ${findings} findings to ${file}…`],
    ['err', '\r\u001b[2K'],
  ]);

  const toStdout = await onTerminal('assess', EXAMPLE);
  assert.equal(toStdout.code, 0);
  const firstOut = toStdout.log.findIndex(([stream]) => stream === 'out');
  assert.deepEqual(toStdout.log.at(firstOut - 1), ['err', '\r\u001b[2K'], 'the line is cleared before the table');
  assert.ok(toStdout.log.slice(firstOut).every(([stream]) => stream === 'out'), 'nothing on stderr once the table is printing');

  const broken = join(dir, 'broken');
  cpSync(EXAMPLE, broken, { recursive: true });
  writeFileSync(join(broken, 'bad.json'), '{"Vpcs": [');
  const bad = await onTerminal('assess', broken);
  assert.equal(bad.code, 2);
  assert.deepEqual(bad.log.slice(0, 2), [['err', `\r\u001b[2Knetreach: reading ${broken}…`], ['err', '\r\u001b[2K']], 'cleared before the error');
  assert.equal(bad.log.length, 3);
  assert.match(bad.log[2]![1], /^netreach: .*bad\.json.*\n$/);

  const failed = await onTerminal('assess', join(dir, 'missing'));
  assert.equal(failed.code, 2);
  assert.ok(!failed.log.some(([, text]) => text.includes('reading')), 'a usage error comes before any phase');

  const piped = await runCli('assess', EXAMPLE, '--format', 'json', '--output', join(dir, 'piped.json'));
  assert.equal(piped.stderr, '', 'nothing of the kind when stderr is not a terminal');
});
