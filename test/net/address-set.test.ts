import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AddressError, AddressSet, parseIp, type IpFamily } from '../../src/net/index.js';

const MAX: Record<IpFamily, bigint> = { 4: 2n ** 32n - 1n, 6: 2n ** 128n - 1n };

function ip(text: string): bigint {
  const parsed = parseIp(text);
  assert.ok(parsed !== null, text);
  return parsed.value;
}

function assertNormalized(set: AddressSet): void {
  const ranges = set.ranges();
  for (let i = 0; i < ranges.length; i++) {
    const [first, last] = ranges[i];
    assert.ok(first <= last && first >= 0n && last <= MAX[set.family]);
    if (i > 0) assert.ok(ranges[i - 1][1] + 1n < first, 'ranges must be sorted, disjoint and not adjacent');
  }
}

// Laws over the whole address space, where the complement reaches 0 and the maximum.
function fullRangeSet(family: IpFamily): fc.Arbitrary<AddressSet> {
  const max = MAX[family];
  const edge = fc.constantFrom(0n, 1n, max - 1n, max, max / 2n, max / 2n + 1n);
  const point = fc.oneof(edge, fc.bigInt({ min: 0n, max }));
  const range = fc.oneof(
    fc.tuple(point, point).map(([x, y]): [bigint, bigint] => (x <= y ? [x, y] : [y, x])),
    fc.tuple(point, fc.bigInt({ min: 0n, max: 300n })).map(([x, n]): [bigint, bigint] => [x, x + n > max ? max : x + n]),
  );
  return fc.array(range, { maxLength: 6 }).map((ranges) => AddressSet.fromRanges(family, ranges));
}

for (const family of [4, 6] as const) {
  describe(`AddressSet laws over all of IPv${family}`, () => {
    const all = AddressSet.all(family);
    const not = (s: AddressSet): AddressSet => all.subtract(s);
    const sets = fullRangeSet(family);

    test('De Morgan, double complement, and subtract = intersect with the complement', () => {
      fc.assert(
        fc.property(sets, sets, (a, b) => {
          assert.ok(not(a.union(b)).equals(not(a).intersect(not(b))));
          assert.ok(not(a.intersect(b)).equals(not(a).union(not(b))));
          assert.ok(not(not(a)).equals(a));
          assert.ok(a.subtract(b).equals(a.intersect(not(b))));
          assert.ok(a.union(not(a)).isAll());
          assert.ok(a.intersect(not(a)).isEmpty());
          assert.equal(a.size() + not(a).size(), MAX[family] + 1n);
          assert.equal(a.overlaps(b), !a.intersect(b).isEmpty());
          assert.equal(a.covers(b), b.subtract(a).isEmpty());
          assertNormalized(not(a));
        }),
        { numRuns: 200 },
      );
    });

    test('union and intersect are commutative, associative and distribute', () => {
      fc.assert(
        fc.property(sets, sets, sets, (a, b, c) => {
          assert.ok(a.union(b).equals(b.union(a)));
          assert.ok(a.intersect(b).equals(b.intersect(a)));
          assert.ok(a.union(b).union(c).equals(a.union(b.union(c))));
          assert.ok(a.intersect(b).intersect(c).equals(a.intersect(b.intersect(c))));
          assert.ok(a.intersect(b.union(c)).equals(a.intersect(b).union(a.intersect(c))));
          assert.ok(a.union(b.intersect(c)).equals(a.union(b).intersect(a.union(c))));
          assert.ok(a.subtract(b.union(c)).equals(a.subtract(b).subtract(c)));
        }),
        { numRuns: 150 },
      );
    });

    // A rule's few CIDRs against a source set of many ranges takes the binary-search path of
    // intersect; it must agree with the linear merge (reached here through subtract).
    test('intersecting a few ranges with many agrees with the linear merge, either way round', () => {
      const many = fc.array(fc.tuple(fc.bigInt({ min: 0n, max: MAX[family] }), fc.bigInt({ min: 0n, max: 5000n })), { minLength: 40, maxLength: 120 })
        .map((ranges) => AddressSet.fromRanges(family, ranges.map(([x, n]): [bigint, bigint] => [x, x + n > MAX[family] ? MAX[family] : x + n])));
      const few = fc.array(fc.tuple(fc.bigInt({ min: 0n, max: MAX[family] }), fc.bigInt({ min: 0n, max: MAX[family] / 8n })), { minLength: 1, maxLength: 2 })
        .map((ranges) => AddressSet.fromRanges(family, ranges.map(([x, n]): [bigint, bigint] => [x, x + n > MAX[family] ? MAX[family] : x + n])));
      fc.assert(
        fc.property(many, few, (a, b) => {
          const merged = a.subtract(a.subtract(b));
          assert.ok(a.intersect(b).equals(merged));
          assert.ok(b.intersect(a).equals(merged));
          assertNormalized(a.intersect(b));
          // Ranges of a lying exactly on b's edges.
          for (const [first, last] of b.ranges()) {
            const edges = AddressSet.fromRanges(family, [[first, first], [last, last]]).union(a);
            assert.ok(edges.intersect(b).equals(edges.subtract(edges.subtract(b))));
          }
        }),
        { numRuns: 200 },
      );
    });

    test('unionAll is the chain of pairwise unions', () => {
      fc.assert(
        fc.property(fc.array(sets, { maxLength: 8 }), (list) => {
          const chained = list.reduce((u, s) => u.union(s), AddressSet.empty(family));
          assert.ok(AddressSet.unionAll(family, list).equals(chained));
        }),
        { numRuns: 200 },
      );
    });

    test('toCidrs round-trips and every block is aligned, ascending and disjoint', () => {
      fc.assert(
        fc.property(sets, (a) => {
          for (const s of [a, not(a)]) {
            const cidrs = s.toCidrs();
            assert.ok(AddressSet.fromCidrs(family, cidrs).equals(s));
            let previousEnd = -1n;
            for (const text of cidrs) {
              const block = AddressSet.fromCidr(text);
              const [[first, last]] = block.ranges();
              assert.ok(first > previousEnd);
              previousEnd = last;
              assert.ok(s.covers(block));
            }
          }
        }),
        { numRuns: 60 },
      );
    });
  });
}

describe('AddressSet behaviour on realistic inputs', () => {
  test('all and empty', () => {
    assert.deepEqual(AddressSet.all(4).toCidrs(), ['0.0.0.0/0']);
    assert.deepEqual(AddressSet.all(6).toCidrs(), ['::/0']);
    assert.equal(AddressSet.empty(4).toString(), '(none)');
    assert.equal(AddressSet.all(4).size(), 2n ** 32n);
    assert.equal(AddressSet.all(6).size(), 2n ** 128n);
    assert.deepEqual(AddressSet.all(4).ranges(), [[0n, MAX[4]]]);
    assert.ok(AddressSet.fromCidr('0.0.0.0/0').isAll());
    assert.ok(AddressSet.fromCidr('::/0').isAll());
    assert.ok(AddressSet.empty(6).isEmpty());
    assert.ok(!AddressSet.empty(6).equals(AddressSet.empty(4)));
  });

  test('the internet minus RFC 1918 is the expected 31-block cover', () => {
    const rfc1918 = AddressSet.fromCidrs(4, ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
    const publicV4 = AddressSet.all(4).subtract(rfc1918);
    assert.deepEqual(publicV4.toCidrs(), [
      '0.0.0.0/5', '8.0.0.0/7', '11.0.0.0/8', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/3',
      '160.0.0.0/5', '168.0.0.0/6', '172.0.0.0/12', '172.32.0.0/11', '172.64.0.0/10', '172.128.0.0/9', '173.0.0.0/8',
      '174.0.0.0/7', '176.0.0.0/4', '192.0.0.0/9', '192.128.0.0/11', '192.160.0.0/13', '192.169.0.0/16',
      '192.170.0.0/15', '192.172.0.0/14', '192.176.0.0/12', '192.192.0.0/10', '193.0.0.0/8', '194.0.0.0/7',
      '196.0.0.0/6', '200.0.0.0/5', '208.0.0.0/4', '224.0.0.0/3',
    ]);
    assert.ok(publicV4.has('8.8.8.8'));
    assert.ok(!publicV4.has('10.1.2.3'));
    assert.ok(!publicV4.has('::1'), 'an IPv6 address is simply not in an IPv4 set');
    assert.ok(publicV4.has('255.255.255.255'));
  });

  test('adjacent and overlapping CIDRs merge into one block', () => {
    const s = AddressSet.fromCidrs(4, ['10.0.1.0/24', '10.0.0.0/24', '10.0.0.128/25']);
    assert.deepEqual(s.toCidrs(), ['10.0.0.0/23']);
    assert.deepEqual(s.ranges(), [[ip('10.0.0.0'), ip('10.0.1.255')]]);
    assert.equal(s.toString(), '10.0.0.0/23');
  });

  test('host bits in a CIDR are masked, as AWS does', () => {
    assert.ok(AddressSet.fromCidr('10.0.0.5/24').equals(AddressSet.fromCidr('10.0.0.0/24')));
    assert.ok(AddressSet.fromCidr({ family: 4, network: ip('10.0.0.5'), prefixLength: 24 }).equals(AddressSet.fromCidr('10.0.0.0/24')));
  });

  test('an odd range splits into the expected blocks', () => {
    const s = AddressSet.fromRanges(4, [[ip('10.0.0.1'), ip('10.0.0.10')]]);
    assert.deepEqual(s.toCidrs(), ['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/30', '10.0.0.8/31', '10.0.0.10/32']);
    const v6 = AddressSet.fromRanges(6, [[ip('2001:db8::1'), ip('2001:db8::2')]]);
    assert.deepEqual(v6.toCidrs(), ['2001:db8::1/128', '2001:db8::2/128']);
    assert.deepEqual(AddressSet.all(6).subtract(AddressSet.fromCidr('::/1')).toCidrs(), ['8000::/1']);
  });

  test('IPv6 VPC blocks', () => {
    const vpc = AddressSet.fromCidr('2600:1f18:abc:de00::/56');
    const subnet = AddressSet.fromCidr('2600:1f18:abc:de01::/64');
    assert.ok(vpc.covers(subnet));
    assert.ok(!subnet.covers(vpc));
    assert.ok(vpc.overlaps(subnet));
    assert.equal(vpc.subtract(subnet).toCidrs().length, 8);
    assert.equal(vpc.size(), 2n ** 72n);
    assert.ok(vpc.has('2600:1f18:abc:deff:ffff:ffff:ffff:ffff'));
    assert.ok(!vpc.has('2600:1f18:abc:df00::'));
  });

  test('invalid input throws AddressError', () => {
    for (const bad of ['10.0.0.0/33', '256.1.1.1/32', '10.0.0.0/', '', '10.0.0.0/8/8', '::g/64']) {
      assert.throws(() => AddressSet.fromCidr(bad), AddressError, bad);
    }
    assert.throws(() => AddressSet.fromCidrs(4, ['10.0.0.0/8', '::/0']), AddressError);
    assert.throws(() => AddressSet.fromCidrs(6, ['10.0.0.0/8']), AddressError);
    assert.throws(() => AddressSet.fromAddresses(4, ['10.0.0.1', '10.0.0']), AddressError);
    assert.throws(() => AddressSet.fromAddresses(4, ['::1']), AddressError);
    assert.throws(() => AddressSet.fromRanges(4, [[0n, 2n ** 32n]]), AddressError);
    assert.throws(() => AddressSet.fromRanges(6, [[-1n, 0n]]), AddressError);
    assert.throws(() => AddressSet.fromCidr({ family: 4, network: 0n, prefixLength: 33 }), AddressError);
    assert.throws(() => AddressSet.all(4).has('10.0.0.256'), AddressError);
    assert.ok(AddressSet.fromRanges(4, [[5n, 4n]]).isEmpty(), 'first > last is an empty range');
  });

  test('mixing families is a programming error', () => {
    const v4 = AddressSet.fromCidr('10.0.0.0/8');
    const v6 = AddressSet.fromCidr('::/0');
    assert.throws(() => v4.union(v6), AddressError);
    assert.throws(() => v4.intersect(v6), AddressError);
    assert.throws(() => v4.subtract(v6), AddressError);
    assert.throws(() => v4.covers(v6), AddressError);
    assert.throws(() => v4.overlaps(v6), AddressError);
    assert.throws(() => AddressSet.empty(4).union(AddressSet.empty(6)), AddressError);
    assert.equal(v4.equals(v6), false);
  });

  test('has() with bigints outside the family is false', () => {
    assert.equal(AddressSet.all(4).has(2n ** 32n), false);
    assert.equal(AddressSet.all(4).has(-1n), false);
    assert.equal(AddressSet.all(6).has(2n ** 128n - 1n), true);
  });

  test('sets are immutable', () => {
    const s = AddressSet.fromCidr('10.0.0.0/8');
    const ranges = s.ranges();
    assert.throws(() => (ranges as Array<readonly [bigint, bigint]>).push([0n, 0n]));
    s.union(AddressSet.fromCidr('11.0.0.0/8'));
    assert.equal(s.toString(), '10.0.0.0/8');
  });

  test('a result equal to an operand is that operand, so what is kept per set (its CIDRs) is shared', () => {
    // A load balancer's clients, as one listener forwards them to each of its targets.
    const clients = AddressSet.fromCidrs(4, ['203.0.113.0/24', '198.51.100.7/32', '100.64.3.0/24']);
    const inside = AddressSet.fromCidr('203.0.113.128/25');
    const apart = AddressSet.fromCidr('192.0.2.0/24');
    assert.equal(clients.union(clients), clients);
    assert.equal(clients.union(inside), clients);
    assert.equal(inside.union(clients), clients);
    assert.equal(clients.intersect(clients), clients);
    assert.equal(clients.intersect(AddressSet.fromCidrs(4, ['64.0.0.0/2', '128.0.0.0/1'])), clients);
    assert.equal(inside.intersect(clients), inside);
    assert.equal(clients.subtract(apart), clients);
    assert.equal(clients.union(inside).toCidrs(), clients.toCidrs());
    // A result that differs from both operands is a set of its own, equal by value.
    const joined = clients.union(apart);
    assert.notEqual(joined, clients);
    assert.ok(joined.equals(AddressSet.fromCidrs(4, ['203.0.113.0/24', '198.51.100.7/32', '100.64.3.0/24', '192.0.2.0/24'])));
    assert.ok(clients.subtract(inside).equals(AddressSet.fromCidrs(4, ['203.0.113.0/25', '198.51.100.7/32', '100.64.3.0/24'])));
  });
});
