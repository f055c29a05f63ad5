import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TABLE_WIDTH } from '../../src/report/table.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';
import { scratch } from '../support/scratch.js';

// The bundled example: 1 High (FTP), 2 Medium (SSH twice), 1 Low (POP3 with a listener), 9 Informational.
const EXAMPLE = 'examples/seed-article';
const FTP_HIGH = 'nr-1f38ed4eaf540edb';

interface BaselineJson {
  readonly file: string;
  readonly asOf: string;
  readonly suppressed: Array<{ id: string; reason: string | null; expires: string | null }>;
  readonly expired: Array<{ id: string; reason: string | null; expires: string; findingPresent: boolean }>;
  readonly stale: Array<{ id: string; reason: string | null; expires: string | null }>;
}

interface Report {
  readonly assessment: {
    readonly baseline: BaselineJson | null;
    readonly counts: { findings: { total: number; bySeverity: Record<string, number> } };
  };
  readonly findings: Array<{ id: string; severity: string; port: number | null }>;
}

async function exampleReport(dir: string, ...options: string[]): Promise<string> {
  const file = join(dir, 'assessment.json');
  const run = await runCli('assess', EXAMPLE, '--format', 'json', '--output', file, ...options);
  assert.equal(run.code, 0, run.stderr);
  return file;
}

function writeBaseline(dir: string, findings: object[], name = 'baseline.json'): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ version: 1, findings }));
  return file;
}

for (const [level, count, noun] of [
  ['high', 1, 'finding'],
  ['medium', 3, 'findings'],
  ['low', 4, 'findings'],
  ['informational', 13, 'findings'],
] as const) {
  test(`--fail-on ${level}: exit 1 with one line naming ${count} ${noun}, the report still written`, async () => {
    const run = await runCli('assess', EXAMPLE, '--format', 'json', '--fail-on', level);
    assert.equal(run.code, 1);
    const severity = level[0].toUpperCase() + level.slice(1);
    assert.equal(run.stderr, `netreach: --fail-on ${level}: ${count} ${noun} at or above ${severity}\n`);
    assert.equal((JSON.parse(run.stdout) as Report).findings.length, 13);
  });
}

test('--fail-on is judged after --min-severity, and passes (exit 0, silent) when nothing is at its level', async () => {
  const filtered = await runCli('assess', EXAMPLE, '--min-severity', 'medium', '--fail-on', 'low');
  assert.equal(filtered.code, 1);
  assert.equal(filtered.stderr, 'netreach: --fail-on low: 3 findings at or above Low\n');
  const dir = mkdtempSync(join(tmpdir(), 'netreach-gate-'));
  try {
    const baseline = writeBaseline(dir, [{ id: FTP_HIGH, reason: 'FTP is decommissioned in JIRA-12' }]);
    const passed = await runCli('assess', EXAMPLE, '--baseline', baseline, '--as-of', '2026-11-26', '--fail-on', 'high');
    assert.equal(passed.code, 0, passed.stderr);
    assert.equal(passed.stderr, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--fail-on refuses a level it does not know', async () => {
  const bad = await runCli('assess', EXAMPLE, '--fail-on', 'critical');
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /^netreach: option '--fail-on <level>' argument 'critical' is invalid\. expected high, medium, low or informational, got "critical"\n$/);
});

test('baseline create: version 1, one entry per finding sorted by id, reason and expiry on each, same bytes every run', async (t) => {
  const dir = scratch(t, 'gate');
  const report = await exampleReport(dir);
  const out = join(dir, 'netreach-baseline.json');
  const args = ['baseline', 'create', report, '-o', out, '--reason', 'accepted in review SEC-42', '--expires', '2026-12-01', '--min-severity', 'medium'];
  const first = await runCli(...args);
  assert.equal(first.code, 0, first.stderr);
  const bytes = readFileSync(out, 'utf8');
  assert.equal((await runCli(...args)).code, 0);
  assert.equal(readFileSync(out, 'utf8'), bytes);
  const baseline = JSON.parse(bytes) as { version: number; findings: Array<Record<string, unknown>> };
  assert.equal(baseline.version, 1);
  const ids = baseline.findings.map((e) => e.id as string);
  assert.deepEqual(ids, [...ids].sort());
  assert.equal(ids.length, 3, 'the High and the two Medium findings');
  assert.ok(ids.includes(FTP_HIGH));
  const ftp = baseline.findings.find((e) => e.id === FTP_HIGH);
  assert.deepEqual(ftp, {
    id: FTP_HIGH,
    reason: 'accepted in review SEC-42',
    expires: '2026-12-01',
    severity: 'High',
    ruleType: 'RecognizedPortNoAgent',
    instanceId: 'i-0d6766a616dd5a508',
    port: 21,
    title: "On instance i-0d6766a616dd5a508, TCP port 21 which is associated with 'FTP' is reachable from the internet",
  });
});

test('assess --baseline: accepted findings leave the findings and the counts; the header and the table footer say so', async (t) => {
  const dir = scratch(t, 'gate');
  const report = await exampleReport(dir);
  const baseline = join(dir, 'baseline.json');
  await runCli('baseline', 'create', report, '-o', baseline, '--reason', 'SEC-42', '--min-severity', 'medium');
  const run = await runCli('assess', EXAMPLE, '--format', 'json', '--baseline', baseline, '--as-of', '2026-11-26', '--fail-on', 'medium');
  assert.equal(run.code, 0, run.stderr);
  const after = JSON.parse(run.stdout) as Report;
  assert.deepEqual(after.assessment.counts.findings.bySeverity, { High: 0, Medium: 0, Low: 1, Informational: 9 });
  assert.equal(after.findings.length, 10);
  const summary = after.assessment.baseline;
  assert.ok(summary !== null);
  assert.equal(summary.file, baseline);
  assert.equal(summary.asOf, '2026-11-26');
  assert.equal(summary.suppressed.length, 3);
  assert.ok(summary.suppressed.every((s) => s.reason === 'SEC-42' && s.expires === null));
  assert.deepEqual(summary.expired, []);
  assert.deepEqual(summary.stale, []);
  const table = await runCli('assess', EXAMPLE, '--baseline', baseline, '--as-of', '2026-11-26');
  assert.match(table.stdout, /^Baseline as of 2026-11-26: 3 suppressed, 0 expired, 0 stale \(see --format json\)\nCoverage gaps: 0$/m);
  assert.doesNotMatch(table.stdout, /^HIGH/m);
  for (const line of table.stdout.split('\n')) assert.ok(line.length <= 80, line);
  const without = await runCli('assess', EXAMPLE, '--format', 'json');
  assert.equal((JSON.parse(without.stdout) as Report).assessment.baseline, null);
});

test('expiry: an entry expiring 2026-12-01 suppresses through 2026-11-30 and stops on 2026-12-01 itself', async (t) => {
  const dir = scratch(t, 'gate');
  const baseline = writeBaseline(dir, [{ id: FTP_HIGH, reason: 'vendor patch due', expires: '2026-12-01' }]);
  const on = async (asOf: string): Promise<{ code: number; report: Report; stderr: string }> => {
    const run = await runCli('assess', EXAMPLE, '--format', 'json', '--baseline', baseline, '--as-of', asOf, '--fail-on', 'high');
    return { code: run.code, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
  };
  const lastDay = await on('2026-11-30');
  assert.equal(lastDay.code, 0, lastDay.stderr);
  assert.equal(lastDay.report.findings.some((f) => f.id === FTP_HIGH), false);
  assert.deepEqual(lastDay.report.assessment.baseline?.suppressed, [{ id: FTP_HIGH, reason: 'vendor patch due', expires: '2026-12-01' }]);
  for (const asOf of ['2026-12-01', '2026-12-02']) {
    const expired = await on(asOf);
    assert.equal(expired.code, 1, `${asOf}: the finding is back and fails the gate`);
    assert.equal(expired.stderr, 'netreach: --fail-on high: 1 finding at or above High\n');
    assert.equal(expired.report.findings.some((f) => f.id === FTP_HIGH), true);
    assert.deepEqual(expired.report.assessment.baseline?.suppressed, []);
    assert.deepEqual(expired.report.assessment.baseline?.expired, [{ id: FTP_HIGH, reason: 'vendor patch due', expires: '2026-12-01', findingPresent: true }]);
  }
  const table = await runCli('assess', EXAMPLE, '--baseline', baseline, '--as-of', '2026-12-01');
  assert.match(table.stdout, /^Baseline as of 2026-12-01: 0 suppressed, 1 expired, 0 stale \(see --format json\)\n {2}expired, no longer suppressing: nr-1f38ed4eaf540edb \(2026-12-01\)$/m);
  // Many expired entries: every one is named, on as many lines as it takes.
  const many = writeBaseline(dir, [1, 2, 3, 4, 5].map((n) => ({ id: `nr-000000000000000${n}`, reason: 'accepted', expires: '2026-01-01' })).concat([{ id: FTP_HIGH, reason: 'vendor patch due', expires: '2026-12-01' }]));
  const wide = await runCli('assess', EXAMPLE, '--baseline', many, '--as-of', '2026-12-01');
  for (const id of [1, 2, 3, 4, 5].map((n) => `nr-000000000000000${n}`).concat([FTP_HIGH])) assert.ok(wide.stdout.includes(id), `${id} named`);
  assert.ok(wide.stdout.split('\n').every((line) => line.length <= TABLE_WIDTH), 'no line wider than the table');
});

test('stale entries: an unexpired entry whose finding is gone is listed as stale; an expired one as expired, finding absent', async (t) => {
  const dir = scratch(t, 'gate');
  const baseline = writeBaseline(dir, [
    { id: 'nr-0000000000000001', reason: 'port 8080 closed since' },
    { id: 'nr-0000000000000002', expires: '2026-01-01' },
    { id: FTP_HIGH },
  ]);
  const run = await runCli('assess', EXAMPLE, '--format', 'json', '--baseline', baseline, '--as-of', '2026-11-26');
  assert.equal(run.code, 0, run.stderr);
  const summary = (JSON.parse(run.stdout) as Report).assessment.baseline;
  assert.deepEqual(summary?.stale, [{ id: 'nr-0000000000000001', reason: 'port 8080 closed since', expires: null }]);
  assert.deepEqual(summary?.expired, [{ id: 'nr-0000000000000002', reason: null, expires: '2026-01-01', findingPresent: false }]);
  assert.deepEqual(summary?.suppressed, [{ id: FTP_HIGH, reason: null, expires: null }]);
});

test('without --as-of, expiry is judged on the UTC day of the run, and the report records it', async (t) => {
  const dir = scratch(t, 'gate');
  const baseline = writeBaseline(dir, [{ id: FTP_HIGH }]);
  const before = new Date().toISOString().slice(0, 10);
  const run = await runCli('assess', EXAMPLE, '--format', 'json', '--baseline', baseline);
  const after = new Date().toISOString().slice(0, 10);
  assert.equal(run.code, 0, run.stderr);
  const asOf = (JSON.parse(run.stdout) as Report).assessment.baseline?.asOf;
  assert.ok(asOf === before || asOf === after, `${asOf} is the day of the run`);
});

test('--as-of needs --baseline and a real day', async (t) => {
  const dir = scratch(t, 'gate');
  const alone = await runCli('assess', EXAMPLE, '--as-of', '2026-11-26');
  assert.equal(alone.code, 2);
  assert.equal(alone.stderr, "netreach: --as-of needs --baseline (it dates the baseline's expiry)\n");
  const baseline = writeBaseline(dir, []);
  const impossible = await runCli('assess', EXAMPLE, '--baseline', baseline, '--as-of', '2026-02-30');
  assert.equal(impossible.code, 2);
  assert.match(impossible.stderr, /expected a date YYYY-MM-DD that exists, got "2026-02-30"\n$/);
});

test('bad baseline files: one line naming the file and the JSON path, exit 2, no report', async (t) => {
  const dir = scratch(t, 'gate');
  const cases: Array<[string, string, RegExp]> = [
    ['not-json.json', '{"version": 1, "findings": [', /: \$: expected JSON, got a syntax error at line 1, column 29/],
    ['version.json', '{"version": 2, "findings": []}', /: \$\.version: expected 1, got 2$/],
    ['misspelt.json', `{"version": 1, "findings": [{"id": "${FTP_HIGH}", "expiry": "2026-12-01"}]}`, /: \$\.findings\[0\]\.expiry: unexpected field \(a misspelt name\?\)$/],
    ['date.json', `{"version": 1, "findings": [{"id": "${FTP_HIGH}", "expires": "2026-02-30"}]}`, /: \$\.findings\[0\]\.expires: expected a date YYYY-MM-DD that exists$/],
    ['id.json', '{"version": 1, "findings": [{"id": "i-0d6766a616dd5a508"}]}', /: \$\.findings\[0\]\.id: expected a finding id like nr-0123456789abcdef$/],
    ['twice.json', `{"version": 1, "findings": [{"id": "${FTP_HIGH}"}, {"id": "${FTP_HIGH}"}]}`, /: \$\.findings\[1\]\.id: nr-1f38ed4eaf540edb is listed twice$/],
    ['list.json', '[]', /: \$: expected an object, got an empty list$/],
    ['hostile.json', '{"version": 1, "findings": [{"id": "nr-1f38ed4eaf540edb", "reason": "\\u001b[31mred"}], "\\u001b[2J": 1}', /: \$\["\\u001b\[2J"\]: unexpected field/],
  ];
  for (const [name, text, message] of cases) {
    const file = join(dir, name);
    writeFileSync(file, text);
    const run = await runCli('assess', EXAMPLE, '--baseline', file, '--as-of', '2026-11-26');
    assert.equal(run.code, 2, name);
    assert.equal(run.stdout, '', name);
    assert.equal(run.stderr.split('\n').length, 2, `${name}: one line: ${run.stderr}`);
    assert.ok(run.stderr.startsWith(`netreach: ${file}: `), run.stderr);
    assert.match(run.stderr.trimEnd(), message, name);
    assert.doesNotMatch(run.stderr, /\u001b/, name);
  }
  const missing = await runCli('assess', EXAMPLE, '--baseline', join(dir, 'absent.json'), '--as-of', '2026-11-26');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /absent\.json: \$: expected a readable file or folder, got ENOENT\n$/);
});

test('baseline create refuses a file that is not an assessment report', async (t) => {
  const dir = scratch(t, 'gate');
  const file = join(dir, 'baseline-not-report.json');
  writeFileSync(file, JSON.stringify({ version: 1, findings: [] }));
  const run = await runCli('baseline', 'create', file);
  assert.equal(run.code, 2);
  assert.equal(run.stderr, `netreach: ${file}: $.assessment: expected an object, got nothing (the field is missing)\n`);
  const expires = await runCli('baseline', 'create', file, '--expires', 'next week');
  assert.equal(expires.code, 2);
  assert.match(expires.stderr, /expected a date YYYY-MM-DD that exists, got "next week"/);
});

test('baseline create from a report made with --baseline warns that the findings it suppressed are left out', async (t) => {
  const dir = scratch(t, 'gate');
  const baseline = writeBaseline(dir, [{ id: FTP_HIGH, reason: 'SEC-1' }]);
  const report = join(dir, 'baselined.json');
  assert.equal((await runCli('assess', EXAMPLE, '--format', 'json', '--output', report, '--baseline', baseline, '--as-of', '2026-11-26')).code, 0);
  const run = await runCli('baseline', 'create', report);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(
    run.stderr,
    `netreach: warning: ${report} was made with --baseline ${baseline}: the 1 finding(s) it suppressed are not in this baseline (assess without --baseline to include them)\n`,
  );
  const created = JSON.parse(run.stdout) as { findings: Array<{ id: string }> };
  assert.equal(created.findings.length, 12);
  assert.equal(created.findings.some((e) => e.id === FTP_HIGH), false);
});
