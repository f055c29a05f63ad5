// Files above the stream threshold are read record by record (json-stream.ts): the network must
// be the one reading them whole gives, and bad input must still name the file, the record's JSON
// path, and the line and column.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadSnapshot, SnapshotError, type LoadOptions } from '../../src/snapshot/index.js';
import { assessNetwork, DEFAULT_EPHEMERAL_PORTS } from '../../src/engine/index.js';
import { buildFindings } from '../../src/findings/index.js';
import { writeEstate } from '../../bench/estate/write-estate.js';
import { sizeFor } from '../../bench/estate/sizes.js';
import { removeSnapshots, securityGroup, VPC, writeSnapshot } from './snapshot-fixtures.js';

const STREAM_ALL = { streamAboveBytes: 1 };
const INSTANCES_FILE = '123456789012/us-east-1/ec2-describe-instances.json';

let estate = '';
before(async () => {
  estate = await mkdtemp(path.join(tmpdir(), 'netreach-streamed-'));
  await writeEstate(estate, sizeFor(400), 7);
});
after(async () => {
  await rm(estate, { recursive: true, force: true });
  await removeSnapshots();
});

async function loadError(dir: string, options: LoadOptions): Promise<SnapshotError> {
  try {
    await loadSnapshot(dir, options);
  } catch (error) {
    assert.ok(error instanceof SnapshotError, `expected a SnapshotError, got ${String(error)}`);
    assert.doesNotMatch(error.message, /\n/);
    return error;
  }
  assert.fail('the snapshot loaded');
}

/** A copy of the generated estate with the instances file replaced by `text`. */
async function estateWithInstances(text: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'netreach-streamed-bad-'));
  await rm(dir, { recursive: true });
  const { cp } = await import('node:fs/promises');
  await cp(estate, dir, { recursive: true });
  await writeFile(path.join(dir, INSTANCES_FILE), text);
  return dir;
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  return `line ${before.split('\n').length}, column ${position - before.lastIndexOf('\n')}`;
}

describe('streamed snapshot files', () => {
  test('give the same network, listeners, warnings and findings as files read whole', async () => {
    for (const dir of [estate, 'examples/seed-article']) {
      const whole = await loadSnapshot(dir, { lenient: false });
      const streamed = await loadSnapshot(dir, { lenient: false, limits: STREAM_ALL });
      assert.deepEqual(streamed, whole);
      const findings = (loaded: typeof whole): string[] =>
        buildFindings(assessNetwork(loaded.network, { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null }), loaded.listeners).map((f) => f.id);
      assert.deepEqual(findings(streamed), findings(whole));
    }
    assert.equal((await loadSnapshot(estate, { lenient: false, limits: STREAM_ALL })).network.instances.size, 400);
  });

  test('records across chunk boundaries, escaped quotes and backslashes, and non-ASCII text', async () => {
    const vpc = VPC.Vpcs[0];
    const vpcs = Array.from({ length: 12_000 }, (_, i) => ({
      ...vpc,
      VpcId: `vpc-${i.toString(16).padStart(17, '0')}`,
      Tags: [{ Key: 'Name', Value: `"quoted" \\ back\\slash \\" ünïcødé 网络 ${'x'.repeat(i % 600)}` }],
    }));
    const dir = await writeSnapshot({ 'Vpcs.json': { NextToken: '', Vpcs: vpcs, ResponseMetadata: { RequestId: 'r' } } });
    assert.ok((await readFile(path.join(dir, 'Vpcs.json'))).length > 8 * 1024 * 1024, 'spans more than one 8 MiB chunk');
    const whole = await loadSnapshot(dir, { lenient: false });
    assert.deepEqual(await loadSnapshot(dir, { lenient: false, limits: STREAM_ALL }), whole);
    assert.equal(whole.network.vpcs.size, 12_000);
  });

  test('text that is not ASCII reads as the same characters, streamed or whole', async () => {
    const name = 'prod ünïcødé 网络 🛡️';
    const description = 'from the office — Zürich';
    const group = securityGroup({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '198.51.100.0/24', Description: description }] });
    // ASCII records around it: a batch of plain records must not change how the other is decoded.
    const plain = Array.from({ length: 50 }, (_, i) => ({ ...group, GroupId: `sg-${i.toString(16).padStart(17, '0')}` }));
    const dir = await writeSnapshot({ 'Vpcs.json': VPC, 'SecurityGroups.json': { SecurityGroups: [...plain, { ...group, GroupName: name }, ...plain.slice(0, 1).map((g) => ({ ...g, GroupId: 'sg-1' }))] } });
    for (const options of [{ lenient: false }, { lenient: false, limits: STREAM_ALL }]) {
      const loaded = await loadSnapshot(dir, options);
      const read = loaded.network.securityGroups.get(String(group.GroupId));
      assert.equal(read?.name, name);
      assert.equal(read?.ingress[0]?.description, description);
      assert.equal(loaded.network.securityGroups.get('sg-1')?.name, 'web');
    }
  });

  test('a malformed byte deep in a streamed file names the record, its line and column', async () => {
    const text = await readFile(path.join(estate, INSTANCES_FILE), 'utf8');
    const reservations = (JSON.parse(text) as { Reservations: { Instances: unknown[] }[] }).Reservations;
    const target = reservations.flatMap((r) => r.Instances).length - 3;
    let seen = 0;
    const reservation = reservations.findIndex((r) => (seen += r.Instances.length) > target);
    let at = -1;
    for (let i = 0; i <= target; i++) at = text.indexOf('"EbsOptimized": true,', at + 1);
    const comma = at + '"EbsOptimized": true'.length;
    const quote = text.indexOf('"InstanceType": "', at - 2000) + '"InstanceType": '.length;
    // The third-last instance loses a comma (V8 names the place), then (a worse break, which
    // turns the rest of the file inside out) a quote.
    for (const [broken, where] of [
      [comma, (changed: string) => ` at ${lineAndColumn(changed, changed.indexOf('"', comma))} \\(`],
      [quote, () => ' '],
    ] as const) {
      const changed = `${text.slice(0, broken)}${text.slice(broken + 1)}`;
      const dir = await estateWithInstances(changed);
      const streamed = await loadError(dir, { lenient: false, limits: STREAM_ALL });
      assert.equal(streamed.file, INSTANCES_FILE);
      assert.equal(streamed.jsonPath, `$.Reservations[${reservation}]`);
      assert.match(streamed.message, new RegExp(`^${INSTANCES_FILE}: \\$\\.Reservations\\[${reservation}\\]: expected JSON, got a syntax error${where(changed)}`));
      // Read whole, the same place is named by line and column only.
      assert.match((await loadError(dir, { lenient: false })).message, new RegExp(`: \\$: expected JSON, got a syntax error${where(changed)}`));

      // Lenient loading skips the whole file: no instance of the records before the error stays.
      const lenient = await loadSnapshot(dir, { lenient: true, limits: STREAM_ALL });
      assert.equal(lenient.network.instances.size, 0);
      assert.ok(lenient.network.coverage.some((note) => note.resourceId === INSTANCES_FILE && note.reason.startsWith(`skipped: $.Reservations[${reservation}]: expected JSON`)));
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('bytes that are not UTF-8 in a streamed record name the record, its line and column; UTF-16 is refused', async () => {
    const text = await readFile(path.join(estate, INSTANCES_FILE), 'utf8');
    const reservations = (JSON.parse(text) as { Reservations: unknown[] }).Reservations;
    // A lone continuation byte in place of a character of the last reservation.
    const at = text.lastIndexOf('"InstanceType": "') + '"InstanceType": "'.length;
    const bytes = Buffer.from(text, 'utf8');
    bytes[Buffer.byteLength(text.slice(0, at))] = 0x80;
    const dir = await estateWithInstances('');
    await writeFile(path.join(dir, INSTANCES_FILE), bytes);
    const before = text.slice(0, at);
    const where = `line ${before.split('\n').length}, column ${at - before.lastIndexOf('\n')}`;
    const streamed = await loadError(dir, { lenient: false, limits: STREAM_ALL });
    assert.equal(streamed.message, `${INSTANCES_FILE}: $.Reservations[${reservations.length - 1}]: expected UTF-8 text, got bytes that are not UTF-8 at ${where}`);
    assert.equal((await loadError(dir, { lenient: false })).message, `${INSTANCES_FILE}: $: expected UTF-8 text, got bytes that are not UTF-8 at ${where}`);
    await writeFile(path.join(dir, INSTANCES_FILE), Buffer.from(`\ufeff${text}`, 'utf16le'));
    assert.equal(
      (await loadError(dir, { lenient: false, limits: STREAM_ALL })).message,
      `${INSTANCES_FILE}: $: expected UTF-8 text in a file this large (over 1 byte), got UTF-16 (its byte-order mark): save it as UTF-8`,
    );
    await rm(dir, { recursive: true, force: true });
  });

  test('broken structure between records: trailing comma, missing comma, truncation, extra text', async () => {
    const record = JSON.stringify(VPC.Vpcs[0]);
    const cases: [string, string][] = [
      [`{"Vpcs": [${record},]}`, '$.Vpcs[1]: expected JSON, got a syntax error at line 1, column '],
      [`{"Vpcs": [${record} ${record}]}`, '$.Vpcs[0]: expected JSON, got a syntax error at line 1, column '],
      [`{"Vpcs": [${record}] "NextToken": ""}`, "$.Vpcs: expected JSON, got a syntax error at line 1, column "],
      [`{"Vpcs": [${record}, ${record.slice(0, 40)}`, '$.Vpcs[1]: expected JSON, got a syntax error at line 1, column '],
      [`{"Vpcs": [${record}, ${record.slice(0, 41)}`, '$.Vpcs[1]: expected JSON, got a syntax error at line 1, column '],
      [`{"Vpcs": [${record}`, '$.Vpcs[0]: expected JSON, got a syntax error at line 1 (unexpected end of JSON input)'],
      [`{"Vpcs": [${record}]}\n}`, "$: expected JSON, got a syntax error at line 2, column 1 (expected nothing after the top-level object, got '}')"],
      [`{"Vpcs" [${record}]}`, "$.Vpcs: expected JSON, got a syntax error at line 1, column 9 (expected ':', got '[')"],
      [`{"Vpcs": [${record}],}`, "$: expected JSON, got a syntax error at line 1, column "],
      // Positions are counted only when an error needs one: after line feeds, and without a byte-order mark.
      [`\ufeff{"Vpcs" [${record}]}`, "$.Vpcs: expected JSON, got a syntax error at line 1, column 9 (expected ':', got '[')"],
      [`\ufeff{\n  "Vpcs": [\n${record}\n  ]\n}\n}`, "$: expected JSON, got a syntax error at line 6, column 1 (expected nothing after the top-level object, got '}')"],
      [`{\n  "Vpcs": [\n${record},\n${record}\n`, '$.Vpcs[1]: expected JSON, got a syntax error at line 5 (unexpected end of JSON input)'],
      [`{\n  "Vpcs": [\n${record},\n    {"VpcId": "vpc-1" "CidrBlock": "10.0.0.0/16"}\n  ]\n}`, '$.Vpcs[1]: expected JSON, got a syntax error at line 4, column 23 ('],
    ];
    for (const [text, expected] of cases) {
      const dir = await writeSnapshot({ 'Vpcs.json': text });
      const error = await loadError(dir, { lenient: false, limits: STREAM_ALL });
      assert.ok(error.message.startsWith(`Vpcs.json: ${expected}`), `${text.slice(-30)} → ${error.message}`);
    }
  });

  test('the depth limit and non-object files work as for files read whole', async () => {
    const deep = await writeSnapshot({ 'Vpcs.json': VPC, 'deep.json': `{"Vpcs": [${'['.repeat(100_000)}${']'.repeat(100_000)}]}` });
    assert.equal(
      (await loadError(deep, { lenient: false, limits: STREAM_ALL })).message,
      'deep.json: $: expected JSON nested at most 64 levels deep (--max-depth), got deeper nesting',
    );
    const list = await writeSnapshot({ 'Vpcs.json': VPC, 'list.json': '[{"Vpcs": []}]' });
    const streamed = await loadSnapshot(list, { lenient: false, limits: STREAM_ALL });
    assert.deepEqual(streamed.warnings, ['list.json: not an object of AWS data (a list at the top level), skipped']);
    assert.deepEqual(streamed, await loadSnapshot(list, { lenient: false }));
  });
});
