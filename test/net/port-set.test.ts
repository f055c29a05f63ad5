import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PortSet } from '../../src/net/index.js';

const PORTS = 65536;
type Model = Uint8Array;

// Ports cluster at both ends of the range and around well-known ones so that ranges collide.
const port = fc.oneof(
  fc.integer({ min: 0, max: 120 }),
  fc.integer({ min: 65420, max: 65535 }),
  fc.constantFrom(0, 1, 22, 80, 443, 1024, 3389, 65534, 65535),
  fc.integer({ min: 0, max: 65535 }),
);
const rangeArb = fc.oneof(
  fc.tuple(port, port),
  fc.tuple(port, fc.integer({ min: 0, max: 10 })).map(([p, n]): [number, number] => [p, Math.min(65535, p + n)]),
);
const rangesArb = fc.array(rangeArb, { maxLength: 8 });

function modelFrom(ranges: ReadonlyArray<readonly [number, number]>): Model {
  const model = new Uint8Array(PORTS);
  for (const [from, to] of ranges) if (from <= to) model.fill(1, from, to + 1);
  return model;
}

function modelOf(set: PortSet): Model {
  const ranges = set.ranges();
  for (let i = 1; i < ranges.length; i++) {
    assert.ok(ranges[i - 1][1] + 1 < ranges[i][0], 'ranges must be sorted, disjoint and not adjacent');
  }
  for (const [from, to] of ranges) assert.ok(0 <= from && from <= to && to <= 65535);
  return modelFrom(ranges);
}

function sameModel(a: Model, b: Model): boolean {
  return Buffer.compare(a, b) === 0;
}

describe('PortSet against a naive model', () => {
  test('union, intersect and subtract agree with the model', () => {
    fc.assert(
      fc.property(rangesArb, rangesArb, (ra, rb) => {
        const a = PortSet.fromRanges(ra);
        const b = PortSet.fromRanges(rb);
        const ma = modelFrom(ra);
        const mb = modelFrom(rb);
        assert.ok(sameModel(modelOf(a), ma));
        assert.ok(sameModel(modelOf(a.union(b)), ma.map((x, k) => x | mb[k])));
        assert.ok(sameModel(modelOf(a.intersect(b)), ma.map((x, k) => x & mb[k])));
        assert.ok(sameModel(modelOf(a.subtract(b)), ma.map((x, k) => x & (1 - mb[k]))));
      }),
      { numRuns: 200 },
    );
  });

  test('equals, isEmpty, size, has and toString agree with the model', () => {
    fc.assert(
      fc.property(rangesArb, rangesArb, fc.array(port, { maxLength: 20 }), (ra, rb, probes) => {
        const a = PortSet.fromRanges(ra);
        const b = PortSet.fromRanges(rb);
        const ma = modelFrom(ra);
        assert.equal(a.equals(b), sameModel(ma, modelFrom(rb)));
        assert.ok(a.equals(PortSet.fromRanges([...ra].reverse())));
        assert.equal(a.isEmpty(), ma.every((x) => !x));
        assert.equal(a.size(), ma.reduce((n, x) => n + x, 0));
        for (const p of probes) assert.equal(a.has(p), ma[p] === 1);
        const text = a.toString();
        if (a.isEmpty()) assert.equal(text, '(none)');
        else {
          // The text is read back into the same set.
          const parsed = text.split(', ').map((part): [number, number] => {
            const [from, to = from] = part.split('-');
            return [Number(from), Number(to)];
          });
          assert.ok(PortSet.fromRanges(parsed).equals(a));
        }
      }),
      { numRuns: 200 },
    );
  });

  test('De Morgan and subtract = intersect with the complement', () => {
    const all = PortSet.all();
    const not = (s: PortSet): PortSet => all.subtract(s);
    fc.assert(
      fc.property(rangesArb, rangesArb, (ra, rb) => {
        const a = PortSet.fromRanges(ra);
        const b = PortSet.fromRanges(rb);
        assert.ok(not(a.union(b)).equals(not(a).intersect(not(b))));
        assert.ok(not(a.intersect(b)).equals(not(a).union(not(b))));
        assert.ok(a.subtract(b).equals(a.intersect(not(b))));
        assert.ok(not(not(a)).equals(a));
        assert.equal(a.size() + not(a).size(), PORTS);
      }),
      { numRuns: 300 },
    );
  });
});

describe('PortSet behaviour on realistic inputs', () => {
  test('named constructors', () => {
    assert.equal(PortSet.all().toString(), '0-65535');
    assert.equal(PortSet.all().size(), 65536);
    assert.equal(PortSet.empty().toString(), '(none)');
    assert.ok(PortSet.empty().isEmpty());
    assert.equal(PortSet.range(22, 22).toString(), '22');
    assert.ok(PortSet.range(443, 80).isEmpty(), 'from > to is empty');
    assert.deepEqual(PortSet.range(1024, 65535).ranges(), [[1024, 65535]]);
  });

  test('adjacent ranges merge and the text reads like a rule list', () => {
    const web = PortSet.fromRanges([[81, 81], [22, 22], [80, 80]]);
    assert.equal(web.toString(), '22, 80-81');
    assert.deepEqual(web.ranges(), [[22, 22], [80, 81]]);
    assert.ok(web.equals(PortSet.range(22, 22).union(PortSet.range(80, 81))));
  });

  test('everything except SSH', () => {
    const rest = PortSet.all().subtract(PortSet.range(22, 22));
    assert.equal(rest.toString(), '0-21, 23-65535');
    assert.ok(!rest.has(22));
    assert.ok(rest.has(0) && rest.has(65535));
    assert.ok(!rest.has(65536) && !rest.has(-1) && !rest.has(22.5));
    assert.equal(rest.intersect(PortSet.range(20, 23)).toString(), '20-21, 23');
  });

  test('ports outside 0-65535 are refused, AWS\'s -1 included', () => {
    assert.throws(() => PortSet.range(-1, -1), RangeError);
    assert.throws(() => PortSet.range(0, 65536), RangeError);
    assert.throws(() => PortSet.range(1.5, 2), RangeError);
    assert.throws(() => PortSet.fromRanges([[0, Number.NaN]]), RangeError);
  });

  test('sets are immutable', () => {
    const ssh = PortSet.range(22, 22);
    ssh.union(PortSet.range(23, 23));
    assert.equal(ssh.toString(), '22');
    assert.throws(() => (ssh.ranges() as Array<readonly [number, number]>).push([1, 1]));
  });
});
