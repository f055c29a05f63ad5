// GitHub code scanning rejects a SARIF run of more than 25,000 results and keeps the 5,000 most
// severe: `assess --format sarif` says so on stderr, with what --min-severity would leave, and
// still writes the report (exit 0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../src/findings/finding.js';
import type { Severity } from '../../src/findings/severity.js';
import { codeScanningWarning } from '../../src/report/sarif.js';
import { writeEstate } from '../../bench/estate/write-estate.js';
import { sizeFor } from '../../bench/estate/sizes.js';
import { runCli } from '../cli/run-cli.js';
import { scratch } from '../support/scratch.js';

function findingsOf(counts: Readonly<Record<Severity, number>>): Finding[] {
  return (Object.entries(counts) as [Severity, number][]).flatMap(([severity, n]) => Array.from({ length: n }, () => ({ severity }) as Finding));
}

test('the warning names the limit that applies and what each --min-severity would leave', () => {
  assert.equal(codeScanningWarning(findingsOf({ High: 10, Medium: 90, Low: 900, Informational: 4000 })), null, '5,000 fit');
  assert.equal(
    codeScanningWarning(findingsOf({ High: 10, Medium: 90, Low: 900, Informational: 4001 })),
    'warning: the SARIF report has 5,001 results; GitHub code scanning keeps only the 5,000 most severe. --min-severity narrows it (results at or above high: 10, medium: 100, low: 1,000)',
  );
  assert.equal(
    codeScanningWarning(findingsOf({ High: 3, Medium: 40, Low: 7000, Informational: 20000 })),
    'warning: the SARIF report has 27,043 results; GitHub code scanning rejects a run of more than 25,000. --min-severity narrows it (results at or above high: 3, medium: 43, low: 7,043)',
  );
});

test('assess --format sarif on an estate of 4,000 instances warns on stderr and writes the report', async (t) => {
  const dir = scratch(t, 'sarif-limits');
  const estate = join(dir, 'estate');
  await writeEstate(estate, sizeFor(4000), 5);
  const out = join(dir, 'report.sarif');
  const run = await runCli('assess', estate, '--format', 'sarif', '--output', out);
  assert.equal(run.code, 0, run.stderr);
  const results = (JSON.parse(readFileSync(out, 'utf8')) as { runs: { results: unknown[] }[] }).runs[0]!.results.length;
  assert.ok(results > 5000, `${results} results`);
  assert.match(run.stderr, new RegExp(`^netreach: warning: the SARIF report has ${results.toLocaleString('en-US')} results; GitHub code scanning keeps only the 5,000 most severe\\. --min-severity narrows it \\(results at or above high: [\\d,]+, medium: [\\d,]+, low: [\\d,]+\\)\\n$`));
  const narrowed = await runCli('assess', estate, '--format', 'sarif', '--output', out, '--min-severity', 'medium');
  assert.equal(narrowed.code, 0, narrowed.stderr);
  assert.equal(narrowed.stderr, '', 'no warning once it fits');
  const json = await runCli('assess', estate, '--format', 'json', '--output', join(dir, 'report.json'));
  assert.equal(json.stderr, '', 'other formats are not GitHub-bound');
});
