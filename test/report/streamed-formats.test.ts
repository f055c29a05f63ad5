// Every format (JSON, SARIF, ASFF, CSV, HTML and the table) goes out in chunks of about a MiB, so
// that an estate's report may be longer than V8's longest string: the chunks must join to the
// whole document, laid out as one JSON.stringify would (or as one CSV, one page, one table).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEFAULT_EPHEMERAL_PORTS } from '../../src/engine/index.js';
import type { AssessmentReport } from '../../src/report/assessment.js';
import { assessedReport } from '../support/assessed-report.js';
import { reportChunks, type ReportFormat } from '../../src/report/formats.js';
import { TABLE_WIDTH } from '../../src/report/table.js';
import { renderJson } from '../../src/report/json.js';
import { reportChecks } from '../../src/report/read-report.js';
import { diffFindings } from '../../src/report/diff.js';
import { diffJsonChunks } from '../../src/report/diff-json.js';
import { writeEstate } from '../../bench/estate/write-estate.js';
import { sizeFor } from '../../bench/estate/sizes.js';
import { SEVERITIES } from '../../src/findings/severity.js';
import { runCli } from '../cli/run-cli.js';

let estate = '';
let report: AssessmentReport;

before(async () => {
  estate = await mkdtemp(path.join(tmpdir(), 'netreach-streamed-formats-'));
  await writeEstate(estate, sizeFor(2000), 11);
  report = await assessedReport(estate, { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null });
});

after(async () => {
  await rm(estate, { recursive: true, force: true });
});

const MIB = 1024 * 1024;

function chunksOf(format: ReportFormat): string[] {
  const chunks = [...reportChunks(format, report)];
  assert.ok(chunks.every((chunk) => chunk.length < 2 * MIB), `every ${format} chunk stays near a MiB`);
  return chunks;
}

test('SARIF, ASFF and the JSON report of an estate go out in chunks that join to one JSON.stringify of the document', () => {
  const findings = report.findings.length;
  assert.ok(findings > 2000, `${findings} findings`);
  for (const format of ['json', 'sarif', 'asff'] as const) {
    const chunks = chunksOf(format);
    const text = chunks.join('');
    assert.ok(chunks.length >= Math.floor(text.length / (2 * MIB)) + 1 && chunks.length > 2, `${format}: ${chunks.length} chunks for ${text.length} characters`);
    const parsed: unknown = JSON.parse(text);
    assert.equal(text, `${JSON.stringify(parsed, null, 2)}\n`, `${format}: laid out as JSON.stringify lays it out`);
    const listed =
      format === 'json'
        ? (parsed as { findings: { id: string }[] }).findings.map((f) => f.id)
        : format === 'sarif'
          ? (parsed as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] }).runs[0]!.results.map((r) => Object.values(r.partialFingerprints)[0])
          : (parsed as { Id: string }[]).map((f) => f.Id.split('/').pop());
    assert.deepEqual(listed, report.findings.map((f) => f.id), `${format}: every finding once, in order`);
  }
});

test('CSV goes out a batch of rows at a time, the header once', () => {
  const chunks = chunksOf('csv');
  assert.ok(chunks.length >= Math.ceil(report.findings.length / 1024), `${chunks.length} chunks`);
  const rows = parse(chunks.join(''), { relax_column_count: false }) as string[][];
  assert.equal(rows.length, report.findings.length + 1);
  assert.equal(rows[0]![0], 'Severity');
  assert.equal(rows.filter((row) => row[0] === 'Severity').length, 1, 'one header row');
  assert.deepEqual(rows.slice(1).map((row) => row.at(-1)), report.findings.map((f) => f.id));
});

test('the HTML page goes out a batch of findings, path pictures and instances at a time, each once and in order', () => {
  const chunks = chunksOf('html');
  const page = chunks.join('');
  assert.ok(chunks.length > 10, `${chunks.length} chunks for ${page.length} characters`);
  assert.ok(page.startsWith('<!DOCTYPE html>\n') && page.endsWith('</body>\n</html>\n'));
  const indexes = [...page.matchAll(/<tbody class="finding" data-index="(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(indexes, report.findings.map((_, i) => i), 'every finding once, in order');
  const pictures = [...page.matchAll(/<script type="text\/plain" id="(path-\d+)">/g)].map((m) => m[1]!);
  assert.equal(new Set(pictures).size, pictures.length, 'each picture once');
  assert.deepEqual(new Set([...page.matchAll(/data-path="(path-\d+)"/g)].map((m) => m[1]!)), new Set(pictures), 'every picture a finding points at is on the page, and no other');
  assert.ok(pictures.length > 1 && pictures.length < report.findings.length, `${pictures.length} pictures shared by ${report.findings.length} findings`);
  const sections = [...page.matchAll(/<section class="instance" aria-label="Instance ([^"]+)">/g)].map((m) => m[1]!);
  assert.deepEqual(sections, report.assessment.instances.map((i) => i.instanceId), 'every instance block once, in order');
  assert.equal(page.match(/\n<h2>Exposure by instance/g)?.length, 1);
});

test('the table goes out in chunks of whole lines, each line once and in order', () => {
  const chunks = chunksOf('table');
  assert.ok(chunks.length > 1, `${chunks.length} chunks`);
  assert.ok(chunks.every((chunk) => chunk.endsWith('\n')), 'every chunk ends a line');
  const lines = chunks.join('').split('\n');
  assert.equal(lines.pop(), '', 'the table ends with a line feed');
  assert.ok(lines.every((line) => line.length <= TABLE_WIDTH), 'no line is cut across chunks');
  assert.match(lines[0]!, /^netreach assessment of /);
  assert.match(lines.at(-1)!, /^Coverage gaps: \d+$|^Warnings: /);
  const headings = lines.filter((line) => /^(HIGH|MEDIUM|LOW|INFORMATIONAL) \(\d+\)$/.test(line));
  const counts = report.assessment.counts.findings.bySeverity;
  assert.deepEqual(headings, SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${s.toUpperCase()} (${counts[s]})`), 'each severity once, in order');
  const findingRows = lines.filter((line) => /^ {2}(RecognizedPort\w+|UnrecognizedPort\w+|NetworkExposure) /.test(line)).length;
  assert.equal(findingRows, report.findings.length, 'a row per finding');
});

test('assess --output writes each streamed format as the chunks make it', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'netreach-streamed-out-'));
  try {
    for (const format of ['sarif', 'asff', 'csv', 'html', 'table'] as const) {
      const file = path.join(out, `report.${format}`);
      const run = await runCli('assess', estate, '--format', format, '--output', file);
      assert.ok(run.code === 0, run.stderr);
      assert.equal(await readFile(file, 'utf8'), [...reportChunks(format, report)].join(''), format);
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('the JSON diff of two reports goes out in chunks too: every finding of an estate new against none', () => {
  const newReport = reportChecks().schema.parse(JSON.parse(renderJson(report)));
  const oldReport = reportChecks().schema.parse(JSON.parse(renderJson({ assessment: report.assessment, findings: [] })));
  const chunks = [...diffJsonChunks({ oldFile: 'old.json', newFile: 'new.json', old: oldReport, new: newReport, diff: diffFindings(oldReport.findings, newReport.findings) })];
  assert.ok(chunks.length > 2 && chunks.every((chunk) => chunk.length < 2 * MIB), `${chunks.length} chunks`);
  const text = chunks.join('');
  const parsed = JSON.parse(text) as { counts: { new: number }; newFindings: { id: string }[]; resolvedFindings: unknown[] };
  assert.equal(text, `${JSON.stringify(parsed, null, 2)}\n`);
  assert.equal(parsed.counts.new, report.findings.length);
  assert.deepEqual(new Set(parsed.newFindings.map((f) => f.id)), new Set(report.findings.map((f) => f.id)));
  assert.deepEqual(parsed.resolvedFindings, []);
});
