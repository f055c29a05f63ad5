import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AddressSet, formatIp, parseIp, type IpFamily } from '../../src/net/index.js';

const MAX: Record<IpFamily, bigint> = { 4: 2n ** 32n - 1n, 6: 2n ** 128n - 1n };
const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

function ip(text: string): bigint {
  const parsed = parseIp(text);
  assert.ok(parsed !== null, text);
  return parsed.value;
}

// The naive model: a set inside a small aligned window, one boolean per address. Windows at both
// ends of each address space catch off-by-one errors at 0 and at the maximum.
const SIZE = 512;
interface Window {
  readonly name: string;
  readonly family: IpFamily;
  readonly base: bigint;
}
const WINDOWS: Window[] = [
  { name: 'IPv4 10.0.0.0-10.0.1.255', family: 4, base: ip('10.0.0.0') },
  { name: 'IPv4 at 0.0.0.0', family: 4, base: 0n },
  { name: 'IPv4 at 255.255.255.255', family: 4, base: MAX[4] + 1n - BigInt(SIZE) },
  { name: 'IPv6 2001:db8::/119', family: 6, base: ip('2001:db8::') },
  { name: 'IPv6 at ::', family: 6, base: 0n },
  { name: 'IPv6 at ffff:...:ffff', family: 6, base: MAX[6] + 1n - BigInt(SIZE) },
];

type Model = Uint8Array;

/** Intervals as [offset, length] inside the window; short ones so that sets are fragmented. */
const modelArb: fc.Arbitrary<Model> = fc
  .array(fc.tuple(fc.nat(SIZE - 1), fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: SIZE }))), { maxLength: 8 })
  .map((intervals) => {
    const model = new Uint8Array(SIZE);
    for (const [start, length] of intervals) model.fill(1, start, Math.min(SIZE, start + length));
    return model;
  });

/** Builds the set three ways (ranges, CIDRs, addresses) so every constructor meets the model. */
function buildSet(w: Window, model: Model, how: number): AddressSet {
  const runs: Array<[number, number]> = [];
  for (let k = 0; k < SIZE; k++) {
    if (!model[k]) continue;
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === k - 1) last[1] = k;
    else runs.push([k, k]);
  }
  if (how === 0) {
    // Reversed and split in overlapping halves: fromRanges must sort and merge.
    const pieces: Array<[bigint, bigint]> = [];
    for (const [a, b] of runs.reverse()) {
      const mid = Math.floor((a + b) / 2);
      pieces.push([w.base + BigInt(a), w.base + BigInt(mid)], [w.base + BigInt(Math.max(a, mid - 1)), w.base + BigInt(b)]);
    }
    return AddressSet.fromRanges(w.family, pieces);
  }
  if (how === 1) return AddressSet.fromCidrs(w.family, naiveCover(w, model));
  const addresses: string[] = [];
  for (let k = 0; k < SIZE; k++) if (model[k]) addresses.push(formatIp(w.family, w.base + BigInt(k)));
  return AddressSet.fromAddresses(w.family, addresses);
}

function modelOf(w: Window, set: AddressSet): Model {
  const model = new Uint8Array(SIZE);
  for (const [first, last] of set.ranges()) {
    assert.ok(first >= w.base && last < w.base + BigInt(SIZE), 'range escaped the window');
    model.fill(1, Number(first - w.base), Number(last - w.base) + 1);
  }
  return model;
}

function assertNormalized(set: AddressSet): void {
  const ranges = set.ranges();
  for (let i = 0; i < ranges.length; i++) {
    const [first, last] = ranges[i];
    assert.ok(first <= last && first >= 0n && last <= MAX[set.family]);
    if (i > 0) assert.ok(ranges[i - 1][1] + 1n < first, 'ranges must be sorted, disjoint and not adjacent');
  }
}

/** The minimal CIDR cover by brute force: the maximal aligned blocks that lie inside the set. */
function naiveCover(w: Window, model: Model): string[] {
  const out: string[] = [];
  const walk = (offset: number, size: number): void => {
    let count = 0;
    for (let k = offset; k < offset + size; k++) count += model[k];
    if (count === 0) return;
    if (count === size) {
      out.push(`${formatIp(w.family, w.base + BigInt(offset))}/${BITS[w.family] - Math.log2(size)}`);
      return;
    }
    walk(offset, size / 2);
    walk(offset + size / 2, size / 2);
  };
  walk(0, SIZE);
  return out;
}

const pointwise = (a: Model, b: Model, f: (x: number, y: number) => number): Model => a.map((x, k) => f(x, b[k]));

for (const w of WINDOWS) {
  describe(`AddressSet against a naive model: ${w.name}`, () => {
    const twoSets = fc.tuple(modelArb, modelArb, fc.nat(2), fc.nat(2));

    test('union, intersect and subtract agree with the model', () => {
      fc.assert(
        fc.property(twoSets, ([ma, mb, ha, hb]) => {
          const a = buildSet(w, ma, ha);
          const b = buildSet(w, mb, hb);
          assert.deepEqual(modelOf(w, a), ma);
          for (const [result, expected] of [
            [a.union(b), pointwise(ma, mb, (x, y) => x | y)],
            [a.intersect(b), pointwise(ma, mb, (x, y) => x & y)],
            [a.subtract(b), pointwise(ma, mb, (x, y) => x & (1 - y))],
          ] as const) {
            assertNormalized(result);
            assert.deepEqual(modelOf(w, result), expected);
          }
        }),
        { numRuns: 100 },
      );
    });

    test('equals, covers, overlaps, isEmpty, size and has agree with the model', () => {
      fc.assert(
        fc.property(twoSets, ([ma, mb, ha, hb]) => {
          const a = buildSet(w, ma, ha);
          const b = buildSet(w, mb, hb);
          const same = ma.every((x, k) => x === mb[k]);
          assert.equal(a.equals(b), same);
          assert.equal(a.equals(buildSet(w, ma, (ha + 1) % 3)), true);
          assert.equal(a.covers(b), mb.every((y, k) => !y || ma[k]));
          assert.equal(a.overlaps(b), ma.some((x, k) => x && mb[k]));
          assert.equal(a.isEmpty(), ma.every((x) => !x));
          assert.equal(a.isAll(), false);
          assert.equal(a.size(), BigInt(ma.reduce((n, x) => n + x, 0)));
          for (let k = 0; k < SIZE; k += 7) {
            assert.equal(a.has(w.base + BigInt(k)), ma[k] === 1);
            assert.equal(a.has(formatIp(w.family, w.base + BigInt(k))), ma[k] === 1);
          }
        }),
        { numRuns: 60 },
      );
    });

    test('toCidrs is the minimal cover and round-trips through fromCidrs', () => {
      fc.assert(
        fc.property(modelArb, fc.nat(2), (m, how) => {
          const set = buildSet(w, m, how);
          const cidrs = set.toCidrs();
          assert.deepEqual(cidrs, naiveCover(w, m));
          assert.ok(AddressSet.fromCidrs(w.family, cidrs).equals(set));
          assert.equal(set.toString(), cidrs.length === 0 ? '(none)' : cidrs.join(', '));
        }),
        { numRuns: 100 },
      );
    });
  });
}
