import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

const EXAMPLE = 'examples/seed-article';

test('every --format writes the same bytes to --output as to stdout', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'netreach-formats-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const format of ['table', 'json', 'sarif', 'csv', 'asff']) {
    const shown = await runCli('assess', EXAMPLE, '--format', format);
    assert.equal(shown.code, 0, shown.stderr);
    const file = join(dir, `report.${format}`);
    const written = await runCli('assess', EXAMPLE, '--format', format, '--output', file);
    assert.deepEqual([written.code, written.stdout, written.stderr], [0, '', '']);
    assert.equal(readFileSync(file, 'utf8'), shown.stdout, format);
  }
});

test('an unknown --format is one line naming the formats there are', async () => {
  const run = await runCli('assess', EXAMPLE, '--format', 'xml');
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^netreach: .*'xml'.*table, json, sarif, csv, asff.*\n$/);
});
