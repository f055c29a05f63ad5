// Issue 4, part 4: files over a size, JSON over a depth and folders over a file count are refused
// with one clear line (the limits are options; small ones stand in for the 2 GiB default);
// symbolic links leading outside the folder are not followed, loops end, and the report says so.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { removeSnapshots, SUBNET, VPC, writeSnapshot } from '../snapshot/snapshot-fixtures.js';
import { runCli, type CliRun } from './run-cli.js';

after(removeSnapshots);

function errorLine(run: CliRun): string {
  assert.equal(run.code, 2, `exit ${run.code}: ${run.stderr}`);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^netreach: [^\n]*\n$/);
  return run.stderr.slice('netreach: '.length, -1);
}

interface Report {
  readonly assessment: { readonly warnings: string[]; readonly counts: { readonly files: number; readonly vpcs: number } };
}

function report(run: CliRun): Report {
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as Report;
}

const assess = (dir: string, ...options: string[]): Promise<CliRun> => runCli('assess', dir, '--format', 'json', ...options);

describe('file size', () => {
  test('a file over --max-file-size is refused, strict or lenient; one at the limit loads', async () => {
    const text = JSON.stringify(VPC);
    const dir = await writeSnapshot({ 'Vpcs.json': text, 'big.json': `{"Padding": "${'x'.repeat(3000)}"}` });
    for (const lenient of [[], ['--lenient']]) {
      assert.equal(errorLine(await assess(dir, '--max-file-size', '2KiB', ...lenient)), 'big.json: $: expected a file of at most 2 KiB (--max-file-size), got 3015 bytes');
    }
    const exact = await writeSnapshot({ 'Vpcs.json': text });
    assert.equal(report(await assess(exact, '--max-file-size', String(Buffer.byteLength(text)))).assessment.counts.vpcs, 1);
    assert.match(errorLine(await assess(exact, '--max-file-size', String(Buffer.byteLength(text) - 1))), /^Vpcs\.json: \$: expected a file of at most \d+ bytes \(--max-file-size\), got \d+ bytes$/);
  });

  test('--agent-data files have the same limit', async () => {
    const snapshot = await writeSnapshot({ 'Vpcs.json': VPC });
    const agent = await writeSnapshot({ 'i-1.json': { instanceId: 'i-1', listeners: [], note: 'x'.repeat(2000) } });
    assert.match(errorLine(await assess(snapshot, '--agent-data', agent, '--max-file-size', '1k')), /^i-1\.json: \$: expected a file of at most 1 KiB \(--max-file-size\), got \d+ bytes$/);
  });

  test('a FIFO named like a JSON file is skipped with a warning instead of blocking the read', async (t) => {
    const dir = await writeSnapshot({ 'Vpcs.json': VPC });
    const made = spawnSync('mkfifo', [path.join(dir, 'pipe.json')]);
    if (made.status !== 0) {
      t.skip('mkfifo is not available');
      return;
    }
    assert.deepEqual(report(await assess(dir)).assessment.warnings, ['pipe.json: not a regular file, skipped']);
  });
});

describe('nesting depth', () => {
  test('JSON nested deeper than --max-depth is refused; at the limit it loads', async () => {
    const nested = (levels: number): string => `{"Deep": ${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    const dir = await writeSnapshot({ 'Vpcs.json': '{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}', 'deep.json': nested(6) });
    assert.equal(errorLine(await assess(dir, '--max-depth', '5', '--lenient')), 'deep.json: $: expected JSON nested at most 5 levels deep (--max-depth), got deeper nesting');
    assert.deepEqual(report(await assess(dir, '--max-depth', '6')).assessment.warnings, ["deep.json: unknown top-level key 'Deep', skipped"]);
  });

  test('a raised limit reads 5,000 levels without a stack overflow', async () => {
    const dir = await writeSnapshot({ 'Vpcs.json': VPC, 'deep.json': `{"Vpcs": [${'['.repeat(4998)}${']'.repeat(4998)}]}` });
    assert.equal(errorLine(await assess(dir, '--max-depth', '5000')), 'deep.json: $.Vpcs[0]: expected an object, got a list of 1');
  });
});

describe('file count', () => {
  test('a folder with more JSON files than --max-files is refused; other files do not count', async () => {
    const dir = await writeSnapshot({ 'a/Vpcs.json': VPC, 'b/Subnets.json': SUBNET, 'c/x.json': {}, 'notes.txt': 'not json', 'README.md': '# x' });
    assert.equal(report(await assess(dir, '--max-files', '3')).assessment.counts.files, 3);
    assert.equal(errorLine(await assess(dir, '--max-files', '2')), `${dir}: $: expected at most 2 JSON files (--max-files), got more`);
  });
});

describe('limit options', () => {
  test('bad values are usage errors, one line each', async () => {
    const dir = await writeSnapshot({ 'Vpcs.json': VPC });
    const cases: [string[], RegExp][] = [
      [['--max-file-size', '0'], /--max-file-size.*expected a size from 1 byte to 64 GiB, got "0"/],
      [['--max-file-size', '1024GiB'], /expected a size from 1 byte to 64 GiB, got "1024GiB"/],
      [['--max-file-size', 'lots'], /expected a size like 256MiB, 64M or 4096 \(bytes\), got "lots"/],
      [['--max-depth', '0'], /--max-depth.*expected a whole number from 1 to 10000, got "0"/],
      [['--max-files', '-3'], /--max-files.*expected a whole number from 1 to 10000000, got "-3"/],
      [['--max-files', '1e3'], /expected a whole number from 1 to 10000000, got "1e3"/],
    ];
    for (const [options, expected] of cases) assert.match(errorLine(await assess(dir, ...options)), expected);
  });

  test('the help names the limits and their defaults', async () => {
    const help = await runCli('assess', '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--max-file-size <size>.*\(default: 2GiB\)/s);
    assert.match(help.stdout, /--max-depth <levels>.*\(default: 64\)/s);
    assert.match(help.stdout, /--max-files <count>.*\(default: 100000\)/s);
  });
});

describe('symbolic links', () => {
  test('links to /etc and to the parent folder are not followed, and the report says so', async () => {
    const dir = await writeSnapshot({ 'inner/Vpcs.json': VPC, 'inner/x.txt': 'x' });
    const inner = path.join(dir, 'inner');
    symlinkSync('/etc', path.join(inner, 'etc'));
    symlinkSync('..', path.join(inner, 'up'));
    symlinkSync('/etc/hostname', path.join(inner, 'hostname.json'));
    const { assessment } = report(await assess(inner));
    assert.equal(assessment.counts.files, 1);
    assert.deepEqual(assessment.warnings, [
      'etc: symbolic link to outside the snapshot folder, not followed',
      'hostname.json: symbolic link to outside the snapshot folder, not followed',
      'up: symbolic link to outside the snapshot folder, not followed',
    ]);
  });

  test('loops end: a link to the folder itself, two links to each other, a link to a link', async () => {
    const dir = await writeSnapshot({ 'real/Vpcs.json': VPC });
    symlinkSync('.', path.join(dir, 'self'));
    symlinkSync('b', path.join(dir, 'a'));
    symlinkSync('a', path.join(dir, 'b'));
    mkdirSync(path.join(dir, 'deeper'));
    symlinkSync('../real', path.join(dir, 'deeper', 'again'));
    symlinkSync('deeper', path.join(dir, 'hop'));
    const { assessment } = report(await assess(dir));
    assert.equal(assessment.counts.files, 1);
    assert.deepEqual(assessment.warnings, [
      'a: broken symbolic link (or a loop of links), skipped',
      'b: broken symbolic link (or a loop of links), skipped',
      'deeper/again: symbolic link to a folder read already (a loop or an alias), skipped',
      'hop: symbolic link to a folder read already (a loop or an alias), skipped',
      'self: symbolic link to a folder read already (a loop or an alias), skipped',
    ]);
  });

  test('links inside the folder are followed; a file linked twice is read once', async () => {
    const dir = await writeSnapshot({ 'data/Vpcs.json': VPC });
    mkdirSync(path.join(dir, 'views'));
    symlinkSync('../data/Vpcs.json', path.join(dir, 'views', 'vpcs.json'));
    symlinkSync('../data', path.join(dir, 'views', 'all'));
    writeFileSync(path.join(dir, 'views', 'Subnets.json'), JSON.stringify(SUBNET));
    const { assessment } = report(await assess(dir));
    assert.equal(assessment.counts.files, 2);
    assert.deepEqual(assessment.warnings, [
      'views/all: symbolic link to a folder read already (a loop or an alias), skipped',
      'views/vpcs.json: symbolic link to a file read already (a loop or an alias), skipped',
    ]);
  });

  test('--agent-data: a link outside its folder is not followed, the warning names the option', async () => {
    const snapshot = await writeSnapshot({ 'Vpcs.json': VPC });
    const elsewhere = await writeSnapshot({ 'i-1.json': { instanceId: 'i-1', listeners: [] } });
    const agent = await writeSnapshot({});
    symlinkSync(path.join(elsewhere, 'i-1.json'), path.join(agent, 'i-1.json'));
    assert.deepEqual(report(await assess(snapshot, '--agent-data', agent)).assessment.warnings, [
      '--agent-data i-1.json: symbolic link to outside the snapshot folder, not followed',
    ]);
  });
});
