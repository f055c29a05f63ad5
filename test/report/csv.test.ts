import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { printableKeepingLines } from '../../src/model/printable.js';
import { runCli } from '../cli/run-cli.js';
import { EXAMPLE, exampleCopy, HOSTILE_NAMES, HOSTILE_PROCESS_NAME, makeHostile } from './example-copy.js';

interface JsonFinding {
  readonly id: string;
  readonly severity: string;
  readonly ruleType: string;
  readonly instanceId: string;
  readonly port: number | null;
  readonly tcpPorts: number[][] | null;
  readonly sources: string[];
  readonly title: string;
}

async function findingsOf(snapshot: string): Promise<JsonFinding[]> {
  const run = await runCli('assess', snapshot, '--format', 'json');
  assert.equal(run.code, 0, run.stderr);
  return (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
}

async function csvOf(snapshot: string): Promise<{ text: string; rows: Record<string, string>[] }> {
  const run = await runCli('assess', snapshot, '--format', 'csv');
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  return { text: run.stdout, rows: parse(run.stdout, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[] };
}

test('the bundled example gives a header and one CRLF row per finding, in the JSON report\'s order', async () => {
  const { text, rows } = await csvOf(EXAMPLE);
  const findings = await findingsOf(EXAMPLE);
  assert.equal(findings.length, 13);
  assert.equal(rows.length, 13);
  assert.ok(text.endsWith('\r\n'));
  assert.equal(text.replace(/\r\n/g, '').includes('\n'), false, 'every line break is CRLF');
  assert.deepEqual(
    text.split('\r\n')[0]!.split(','),
    ['Severity', 'Rule type', 'Reachability', 'Account', 'Region', 'Instance', 'Instance name', 'Network interface', 'VPC', 'Subnet', 'IP version', 'Protocol', 'Port', 'TCP ports', 'UDP ports', 'Service', 'Via', 'Sources', 'Security groups', 'Network ACL', 'Listener process', 'Title', 'Recommendation', 'Finding id'],
  );
  assert.deepEqual(rows.map((r) => r['Finding id']), findings.map((f) => f.id));
  assert.deepEqual(rows.map((r) => r.Severity), findings.map((f) => f.severity));
  assert.deepEqual(rows.map((r) => r.Title), findings.map((f) => f.title), 'titles with quotes and commas survive the round trip');
  const ftp = rows.find((r) => r.Port === '21')!;
  assert.deepEqual([ftp.Severity, ftp['Rule type'], ftp.Reachability, ftp.Account, ftp.Region, ftp['Instance name'], ftp.Protocol, ftp.Service], ['High', 'RecognizedPortNoAgent', 'Internet', '123456789012', 'us-east-1', 'noagent', 'tcp', 'FTP']);
  assert.match(ftp.Via, /^IGW igw-/);
  assert.match(ftp['Security groups'], /^sg-/);
  assert.match(ftp['Network ACL'], /^acl-/);
  assert.equal(ftp.Sources, findings.find((f) => f.id === ftp['Finding id'])!.sources.join(' '));
  const ssh = rows.find((r) => r['Rule type'] === 'RecognizedPortWithListener' && r.Port === '22')!;
  assert.equal(ssh['Listener process'], 'sshd (pid 812, /usr/sbin/sshd) on 0.0.0.0');
  const exposure = rows.find((r) => r['Rule type'] === 'NetworkExposure')!;
  assert.equal(exposure.Port, '');
  assert.equal(exposure.Protocol, '');
  const exposureFinding = findings.find((f) => f.id === exposure['Finding id'])!;
  assert.equal(exposure['TCP ports'], exposureFinding.tcpPorts!.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(' '));
});

test('the CSV is byte-identical across runs', async () => {
  assert.equal((await csvOf(EXAMPLE)).text, (await csvOf(EXAMPLE)).text);
});

test('hostile Name tags and process names cannot run as formulas or break rows', async (t) => {
  const dir = exampleCopy(t);
  makeHostile(dir);
  const { rows } = await csvOf(dir);
  assert.equal(rows.length, 13, 'a CR LF and quotes inside a name stay inside its cell');
  const names = new Set(rows.map((r) => r['Instance name']));
  // Each starts with a quote; the rest is kept, its escape sequences made visible text (tested below).
  assert.deepEqual([...names].sort(), HOSTILE_NAMES.slice(0, 3).map((n) => `'${printableKeepingLines(n)}`).sort());
  for (const row of rows) {
    for (const [column, cell] of Object.entries(row)) assert.ok(!/^[=+\-@\t\r]/.test(cell), `${column}: ${JSON.stringify(cell)}`);
  }
  const listener = rows.find((r) => r['Rule type'] === 'RecognizedPortWithListener')!;
  assert.ok(listener['Listener process'].startsWith(`'${HOSTILE_PROCESS_NAME} (pid`), listener['Listener process']);
});

test('a bare LF or CR inside a name is quoted too: the row stays whole and no line starts with a formula', async (t) => {
  const dir = exampleCopy(t);
  const names = ['\n=1+1', 'web\n@SUM(1+1)', 'x\ry', 'private'];
  makeHostile(dir, names);
  const { text, rows } = await csvOf(dir);
  assert.equal(rows.length, 13, 'one row per finding');
  assert.deepEqual([...new Set(rows.map((r) => r['Instance name']))].sort(), names.slice(0, 3).map((n) => (/^[=@]/.test(n) ? `'${n}` : n)).sort());
  // Read as spreadsheets and Python's csv read it (any line break ends an unquoted record): every
  // record has every column, and no cell starts a formula.
  const records = parse(text, { record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true }) as string[][];
  assert.ok(records.every((r) => r.length === records[0]!.length), 'no record is split');
  for (const cell of records.flat()) assert.ok(!/^[=+\-@\t\r]/.test(cell), JSON.stringify(cell));
});

test('no raw escape sequence reaches the file: ESC, C1 controls and bidirectional overrides become visible \\u escapes; line breaks stay, quoted', async (t) => {
  const dir = exampleCopy(t);
  const names = ['evil\u001b[31mRED\u001b[0m\r\nNEXT\u009b2J\u0007', 'rev\u202egnp.exe', 'plain', 'private'];
  makeHostile(dir, names);
  const { text, rows } = await csvOf(dir);
  assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/.test(text), 'no raw control character');
  assert.deepEqual(
    [...new Set(rows.map((r) => r['Instance name']))].sort(),
    ['evil\\u001b[31mRED\\u001b[0m\r\nNEXT\\u009b2J\\u0007', 'plain', 'rev\\u202egnp.exe'],
  );
});
