// Reports and baselines the user names are read within the loader's limits; a large estate's report
// (755 MB for 100,000 instances) is longer than V8's longest string, so above the loader's
// streaming size it is read through the streaming cut. Both ways must read the same document and
// refuse the same bad input with the same one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonDocument } from '../../src/cli/json-document.js';
import { reportChecks } from '../../src/report/read-report.js';
import { DEFAULT_LIMITS, SnapshotError } from '../../src/snapshot/index.js';
import { streamedJsonObject } from '../../src/snapshot/json-stream.js';
import { runCli } from './run-cli.js';
import { scratch } from '../support/scratch.js';

const { schema: reportSchema, streamed: streamedReport } = reportChecks();

/** Limits under which every file is streamed, however small. */
const STREAMED = { ...DEFAULT_LIMITS, streamAboveBytes: 0 };

async function exampleReport(dir: string): Promise<string> {
  const file = join(dir, 'report.json');
  const run = await runCli('assess', 'examples/seed-article', '--format', 'json', '--output', file);
  assert.equal(run.code, 0, run.stderr);
  return file;
}

async function refusal(file: string, limits = DEFAULT_LIMITS, streamed: typeof streamedReport | undefined = undefined): Promise<string> {
  const error = await readJsonDocument(file, reportSchema, limits, streamed).then(
    () => assert.fail('read'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof SnapshotError, String(error));
  return error.message;
}

test('a streamed report reads as the same document as a parsed one', async (t) => {
  const file = await exampleReport(scratch(t, 'json-document'));
  const parsed = await readJsonDocument(file, reportSchema);
  const streamed = await readJsonDocument(file, reportSchema, STREAMED);
  assert.ok(parsed.findings.length > 5, `${parsed.findings.length} findings`);
  assert.deepEqual(streamed, parsed);
  // Findings checked one by one as the cut reads them: the same document.
  assert.deepEqual(await readJsonDocument(file, reportSchema, STREAMED, streamedReport), parsed);
});

test('a broken finding, a top-level list and broken JSON are refused alike when streamed', async (t) => {
  const dir = scratch(t, 'json-document');
  const file = await exampleReport(dir);
  const report = JSON.parse(readFileSync(file, 'utf8')) as { findings: { port: number | null }[] };
  const withPort = report.findings.findIndex((f) => f.port !== null);
  report.findings[withPort]!.port = 70000;
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, JSON.stringify(report, null, 2));
  const message = await refusal(broken);
  assert.match(message, new RegExp(`\\$\\.findings\\[${withPort}\\]\\.port: expected a port 0-65535`));
  assert.equal(await refusal(broken, STREAMED), message);
  assert.equal(await refusal(broken, STREAMED, streamedReport), message);
  // A finding with a severity no report has, and an id given twice: named alike, finding by finding.
  const strange = JSON.parse(readFileSync(file, 'utf8')) as { findings: Record<string, unknown>[] };
  strange.findings[1] = { ...strange.findings[1], severity: 'Critical' };
  writeFileSync(broken, JSON.stringify(strange, null, 2));
  const strangeMessage = await refusal(broken);
  assert.match(strangeMessage, /\$\.findings\[1\]\.severity: /);
  assert.equal(await refusal(broken, STREAMED, streamedReport), strangeMessage);
  const twice = JSON.parse(readFileSync(file, 'utf8')) as { findings: { id: string }[] };
  twice.findings[3]!.id = twice.findings[2]!.id;
  writeFileSync(broken, JSON.stringify(twice, null, 2));
  const twiceMessage = await refusal(broken);
  assert.match(twiceMessage, /\$\.findings\[3\]\.id: nr-[0-9a-f]+ appears twice/);
  assert.equal(await refusal(broken, STREAMED, streamedReport), twiceMessage);

  const list = join(dir, 'list.json');
  writeFileSync(list, JSON.stringify([report]));
  assert.match(await refusal(list, STREAMED), /list\.json: \$: expected an object, got a list/);

  // Streamed, a syntax error also names the record it is in (which shows the streaming cut read it).
  const cut = join(dir, 'cut.json');
  writeFileSync(cut, readFileSync(file, 'utf8').slice(0, 5000));
  const parsedCut = await refusal(cut);
  assert.match(parsedCut, /cut\.json: \$: expected JSON, got a syntax error at line \d+, column \d+/);
  assert.equal(await refusal(cut, STREAMED), parsedCut.replace(': $:', ': $.findings[0]:'));
});

test('streamed members are set as JSON.parse sets them: own properties, the last of a repeated key', (t) => {
  const file = join(scratch(t, 'json-document'), 'odd.json');
  const text = '{"__proto__": {"polluted": true}, "a": [1, {"b": 2}], "a": [3], "c": "x"}';
  writeFileSync(file, text);
  const streamed = streamedJsonObject(file, 'odd.json', STREAMED);
  assert.deepEqual(streamed, JSON.parse(text));
  assert.ok(Object.hasOwn(streamed, '__proto__'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(streamed), Object.prototype);
});
