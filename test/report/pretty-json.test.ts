// JSON.stringify(doc, null, 2) in pieces, for documents longer than V8's longest string: the
// pieces must join to exactly JSON.stringify's bytes, lists must go out a batch at a time (never
// one string, never all mapped at once), and the collector must write its documents that way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { prettyJsonChunks, prettyJsonStream, StreamedList } from '../../src/report/pretty-json.js';
import { SnapshotWriter } from '../../src/collect/snapshot-writer.js';
import { loadSnapshot } from '../../src/snapshot/index.js';
import { scratch } from '../support/scratch.js';

function chunksOf(doc: object): string[] {
  return [...prettyJsonChunks(doc)];
}

test('the pieces join to JSON.stringify(doc, null, 2) and a newline, for any JSON document', () => {
  const member = fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue(), { maxLength: 200 }), fc.constant(undefined));
  fc.assert(
    fc.property(fc.dictionary(fc.string(), member), (doc) => {
      assert.equal(chunksOf(doc).join(''), `${JSON.stringify(doc, null, 2)}\n`);
    }),
    { numRuns: 300 },
  );
});

test('what JSON.stringify leaves out or changes is left out or changed alike', () => {
  const doc = {
    '10': ['integer-like keys come first, as in every JavaScript object'],
    gone: undefined,
    fn: () => 1,
    when: new Date(Date.UTC(2026, 10, 26)),
    holes: [undefined, () => 1, 'x\n"y"\u2028'],
    nested: { list: [1, { deeper: [] }], empty: {} },
    none: [],
  };
  assert.equal(chunksOf(doc).join(''), `${JSON.stringify(doc, null, 2)}\n`);
  assert.equal(chunksOf({}).join(''), '{}\n');
});

/**
 * Every chunk of `stream`, checking that only a few batches of its `items` were mapped (`mapped`)
 * before the first chunk came out, that there are several chunks, and that each stays near a MiB.
 */
function chunksMappedLazily(stream: Iterable<string>, mapped: () => number, items: number): string[] {
  const chunks = stream[Symbol.iterator]();
  const first = chunks.next();
  assert.equal(first.done, false);
  assert.ok(mapped() < items / 4, `only a few batches mapped before the first chunk, not ${mapped()}`);
  const all = [first.value as string];
  for (let next = chunks.next(); next.done !== true; next = chunks.next()) all.push(next.value);
  assert.ok(all.length > 3, `${all.length} chunks`);
  assert.ok(all.every((c) => c.length < 2 * 1024 * 1024), 'every chunk stays near a MiB');
  return all;
}

test('a long list goes out in chunks of about a MiB, mapped a batch at a time', () => {
  const records = Array.from({ length: 20_000 }, (_, i) => ({ InstanceId: `i-${i.toString(16).padStart(17, '0')}`, Tags: [{ Key: 'Name', Value: `web-${i}` }] }));
  let mapped = 0;
  const stream = prettyJsonStream({
    Header: { Count: records.length },
    Reservations: new StreamedList(records, (r) => {
      mapped++;
      return { Instances: [r] };
    }),
  });
  const all = chunksMappedLazily(stream, () => mapped, records.length);
  assert.equal(all.join(''), `${JSON.stringify({ Header: { Count: records.length }, Reservations: records.map((r) => ({ Instances: [r] })) }, null, 2)}\n`);
});

/** A document with a StreamedList somewhere inside, and the same document with the list's items in its place. */
interface Holder {
  readonly doc: unknown;
  readonly plain: unknown;
}

function withMember(siblings: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const out = { ...siblings };
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

const holder: fc.Arbitrary<Holder> = fc.letrec<{ node: Holder }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.array(fc.jsonValue(), { maxLength: 200 }).map((items) => ({ doc: new StreamedList(items), plain: items })),
    fc
      .tuple(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), fc.string(), tie('node'))
      .map(([siblings, key, child]) => ({ doc: withMember(siblings, key, child.doc), plain: withMember(siblings, key, child.plain) })),
    fc.tuple(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.nat(3), tie('node')).map(([others, at, child]) => {
      const place = Math.min(at, others.length);
      return { doc: [...others.slice(0, place), child.doc, ...others.slice(place)], plain: [...others.slice(0, place), child.plain, ...others.slice(place)] };
    }),
  ),
})).node;

test('a long list anywhere in a document (at the top, in objects and lists, nested) streams to the bytes of JSON.stringify', () => {
  fc.assert(
    fc.property(holder, ({ doc, plain }) => {
      assert.equal([...prettyJsonStream(doc)].join(''), `${JSON.stringify(plain, null, 2)}\n`);
    }),
    { numRuns: 400 },
  );
  // A hole in a list that holds a stream is null, as JSON.stringify writes it.
  const holey: unknown[] = [];
  holey[1] = new StreamedList([1]);
  assert.equal([...prettyJsonStream(holey)].join(''), '[\n  null,\n  [\n    1\n  ]\n]\n');
  // Lists of one batch, of more than one, and empty, at the levels SARIF and ASFF put them.
  for (const n of [0, 1, 64, 65, 200]) {
    const items = Array.from({ length: n }, (_, i) => ({ id: i, text: `a "quoted"\nline ${i}`, more: [i, { deep: [] }] }));
    const sarifLike = { version: '2.1.0', runs: [{ tool: { name: 'x' }, results: new StreamedList(items), after: null }] };
    const plainSarif = { version: '2.1.0', runs: [{ tool: { name: 'x' }, results: items, after: null }] };
    assert.equal([...prettyJsonStream(sarifLike)].join(''), `${JSON.stringify(plainSarif, null, 2)}\n`);
    assert.equal([...prettyJsonStream(new StreamedList(items))].join(''), `${JSON.stringify(items, null, 2)}\n`);
  }
});

test('a long list deep in a document goes out in chunks of about a MiB, mapped a batch at a time', () => {
  const ids = Array.from({ length: 20_000 }, (_, i) => i);
  let mapped = 0;
  const map = (i: number): object => {
    mapped++;
    return { ruleId: `rule-${i % 7}`, message: { text: `finding ${i} ${'x'.repeat(i % 300)}` } };
  };
  const stream = prettyJsonStream({ runs: [{ tool: { name: 'netreach' }, results: new StreamedList(ids, map) }] });
  const all = chunksMappedLazily(stream, () => mapped, ids.length);
  mapped = 0;
  assert.equal(all.join(''), `${JSON.stringify({ runs: [{ tool: { name: 'netreach' }, results: ids.map(map) }] }, null, 2)}\n`);
});

test('the collector writes a region document in chunks, as the AWS CLI prints it, and the loader reads it back', async (t) => {
  const dir = scratch(t, 'pretty-json');
  const instances = Array.from({ length: 6_000 }, (_, i) => ({
    InstanceId: `i-${i.toString(16).padStart(17, '0')}`,
    State: { Code: 16, Name: 'running' },
    SubnetId: 'subnet-0a',
    VpcId: 'vpc-0a',
    PrivateIpAddress: `10.0.${i >> 8}.${i & 255}`,
    LaunchTime: new Date(Date.UTC(2026, 0, 1)),
  }));
  const doc = { Reservations: [{ ReservationId: 'r-1', OwnerId: '123456789012', Instances: instances }, ...instances.map((x, i) => ({ ReservationId: `r-${i + 2}`, Instances: [x] }))] };
  assert.ok(chunksOf(doc).length > 1, 'more than one chunk');
  await new SnapshotWriter(dir).write('123456789012/us-east-1/ec2-describe-instances.json', doc);
  const text = await readFile(join(dir, '123456789012', 'us-east-1', 'ec2-describe-instances.json'), 'utf8');
  assert.equal(text, `${JSON.stringify(doc, null, 2)}\n`);
  const snapshot = await loadSnapshot(dir, { lenient: false });
  assert.equal(snapshot.network.instances.size, instances.length);
});
