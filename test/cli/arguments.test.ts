import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runCli } from './run-cli.js';

const EXAMPLE = 'examples/seed-article';

/** Bad input: exit 2, nothing on stdout, exactly one `netreach:` line on stderr. */
async function assertRejected(argv: string[], pattern: RegExp): Promise<void> {
  const run = await runCli(...argv);
  assert.equal(run.code, 2, `${argv.join(' ')}: ${run.stderr}`);
  assert.equal(run.stdout, '');
  const lines = run.stderr.split('\n');
  assert.equal(lines.length, 2, `one line expected: ${JSON.stringify(run.stderr)}`);
  assert.equal(lines[1], '');
  assert.match(lines[0], /^netreach: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
}

test('bad option values exit 2 with one line', async () => {
  await assertRejected(['assess', EXAMPLE, '--ephemeral-ports', '70000-1'], /--ephemeral-ports.*70000-1/);
  await assertRejected(['assess', EXAMPLE, '--ephemeral-ports', '2000-1000'], /starts after it ends/);
  await assertRejected(['assess', EXAMPLE, '--ephemeral-ports', 'lots'], /--ephemeral-ports/);
  await assertRejected(['assess', EXAMPLE, '--onprem-cidrs', '10.0.0.0/33'], /"10\.0\.0\.0\/33" is not a valid CIDR block/);
  await assertRejected(['assess', EXAMPLE, '--onprem-cidrs', '192.168.0.0/16,nope'], /"nope" is not a valid CIDR block/);
  await assertRejected(['assess', EXAMPLE, '--min-severity', 'critical'], /--min-severity.*critical/);
  await assertRejected(['assess', EXAMPLE, '--format', 'xml'], /--format.*xml/);
});

test('commander usage errors exit 2 with one line', async () => {
  await assertRejected([], /missing command/);
  await assertRejected(['frobnicate'], /unknown command 'frobnicate'/);
  await assertRejected(['assess'], /missing required argument 'snapshot'/);
  await assertRejected(['assess', EXAMPLE, '--bogus'], /unknown option '--bogus'/);
  await assertRejected(['assess', EXAMPLE, 'extra'], /too many arguments/);
  await assertRejected(['assess', EXAMPLE, '--min-severity'], /argument missing/);
});

test('missing folders and unwritable outputs exit 2 with one line', async () => {
  await assertRejected(['assess', 'test/cli/no-such-snapshot'], /snapshot folder test\/cli\/no-such-snapshot does not exist/);
  await assertRejected(['assess', 'package.json'], /package\.json is not a folder/);
  await assertRejected(['assess', EXAMPLE, '--agent-data', 'test/cli/no-such-agent-data'], /agent data folder .* does not exist/);
  await assertRejected(['assess', EXAMPLE, '--output', 'test/cli/no-such-dir/report.json'], /cannot write test\/cli\/no-such-dir\/report\.json/);
});

test('--version prints the package version; --help prints usage; both exit 0', async () => {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const v = await runCli('--version');
  assert.deepEqual(v, { code: 0, stdout: `${version}\n`, stderr: '' });
  const help = await runCli('--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /assess/);
  const assessHelp = await runCli('assess', '--help');
  assert.equal(assessHelp.code, 0);
  assert.match(assessHelp.stdout, /--ephemeral-ports <range>/);
  assert.equal(assessHelp.stderr, '');
});
