import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import fc from 'fast-check';
import { familyOf, formatCidr, formatIp, parseCidr, parseIp } from '../../src/net/index.js';

const MAX_V4 = 2n ** 32n - 1n;
const MAX_V6 = 2n ** 128n - 1n;

function v6(text: string): bigint {
  const parsed = parseIp(text);
  assert.ok(parsed !== null && parsed.family === 6, `${text} should parse as IPv6`);
  return parsed.value;
}

// Groups biased towards zero so that runs of zeros (what RFC 5952 is about) are common.
const ipv6Group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 0xf }), fc.integer({ min: 0, max: 0xffff }));
const ipv6Value = fc
  .array(ipv6Group, { minLength: 8, maxLength: 8 })
  .map((groups) => groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n));

/** WHATWG URL hosts serialize IPv6 the RFC 5952 way, except IPv4-mapped ones (kept in hex). */
function urlCanonical(value: bigint): string {
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

describe('parseIp / formatIp: IPv4', () => {
  test('accepts dotted quads at the edges of the address space', () => {
    assert.deepEqual(parseIp('0.0.0.0'), { family: 4, value: 0n });
    assert.deepEqual(parseIp('255.255.255.255'), { family: 4, value: MAX_V4 });
    assert.deepEqual(parseIp('10.0.1.2'), { family: 4, value: 0x0a000102n });
    assert.equal(formatIp(4, 0x0a000102n), '10.0.1.2');
    assert.equal(formatIp(4, MAX_V4), '255.255.255.255');
  });

  test('rejects malformed IPv4 text', () => {
    for (const bad of ['', '256.1.1.1', '1.2.3', '1.2.3.4.5', '010.1.1.1', '1.2.3.04', '1.2.3.4 ', ' 1.2.3.4', '1..2.3', '1.2.3.', '-1.2.3.4', '1.2.3.4/', '0x1.2.3.4', '1.2.3.1000', '１.2.3.4']) {
      assert.equal(parseIp(bad), null, JSON.stringify(bad));
    }
  });

  test('format then parse is the identity on every IPv4 value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_V4 }), (value) => {
        const text = formatIp(4, value);
        const octets = [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n));
        assert.equal(text, octets.join('.'));
        assert.deepEqual(parseIp(text), { family: 4, value });
      }),
    );
  });

  test('formatIp refuses values outside the family', () => {
    assert.throws(() => formatIp(4, MAX_V4 + 1n));
    assert.throws(() => formatIp(4, -1n));
    assert.throws(() => formatIp(6, MAX_V6 + 1n));
  });
});

describe('parseIp / formatIp: IPv6', () => {
  test('RFC 5952 canonical forms', () => {
    const cases: Array<[string, string]> = [
      ['2001:db8::1', '2001:db8::1'],
      ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['::', '::'],
      ['0:0:0:0:0:0:0:0', '::'],
      ['::1', '::1'],
      ['1::', '1::'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // tie: the first run is compressed
      ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run wins over the first
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group is never "::"
      ['2001:DB8::ABCD', '2001:db8::abcd'],
      ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
      ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
      ['2600:1f18:0:0::', '2600:1f18::'],
      ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
      ['::FFFF:0102:0304', '::ffff:1.2.3.4'], // RFC 5952 5: IPv4-mapped in mixed notation
      ['::1.2.3.4', '::102:304'], // only ::ffff:0:0/96 is written mixed
      ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
      ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
      ['fe80::', 'fe80::'],
    ];
    for (const [input, canonical] of cases) {
      assert.equal(formatIp(6, v6(input)), canonical, input);
    }
  });

  test('rejects malformed IPv6 text, including zone ids', () => {
    const bad = [
      '::g', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::', ':1:2:3:4:5:6:7', '1:2:3:4:5:6:7:',
      'fe80::1%eth0', 'fe80::1%1', '::1.2.3', '::1.2.3.4.5', '::256.1.1.1', '::ffff:01.2.3.4', '1.2.3.4::',
      '::1.2.3.4:1', '1:2:3:4:5:6:7:1.2.3.4', '[::1]', ':', '1:', ' ::1', '::1 ', '1:2:3:4:5:6:7:8::', '::1:2:3:4:5:6:7:8',
    ];
    for (const text of bad) assert.equal(parseIp(text), null, JSON.stringify(text));
  });

  test('formatting agrees with the WHATWG URL serializer and parses back', () => {
    fc.assert(
      fc.property(ipv6Value, (value) => {
        const text = formatIp(6, value);
        if (value >> 32n !== 0xffffn) assert.equal(text, urlCanonical(value));
        assert.deepEqual(parseIp(text), { family: 6, value });
      }),
      { numRuns: 500 },
    );
  });

  test('full uncompressed text in any case and with leading zeros parses to the same value', () => {
    fc.assert(
      fc.property(ipv6Value, fc.boolean(), (value, upper) => {
        const groups: string[] = [];
        for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16).padStart(4, '0'));
        const text = groups.join(':');
        assert.deepEqual(parseIp(upper ? text.toUpperCase() : text), { family: 6, value });
      }),
    );
  });
});

describe('parseIp agrees with node:net isIP on near-valid text', () => {
  const alphabet = fc.constantFrom(...'0123456789abcdefABCDEF:.:.'.split(''), '00', '::', '255', '256');
  const edit = fc.tuple(fc.nat(), fc.nat(3), alphabet);
  const validText = fc.oneof(
    ipv6Value.map((v) => formatIp(6, v)),
    fc.bigInt({ min: 0n, max: MAX_V4 }).map((v) => formatIp(4, v)),
    fc.bigInt({ min: 0n, max: MAX_V4 }).map((v) => `::ffff:${formatIp(4, v)}`),
  );
  // Small edits of valid addresses land right on the boundary between valid and invalid.
  const nearValid = fc.tuple(validText, fc.array(edit, { maxLength: 3 })).map(([text, edits]) => {
    let s = text;
    for (const [at, kind, piece] of edits) {
      const i = s.length === 0 ? 0 : at % s.length;
      if (kind === 0) s = s.slice(0, i) + s.slice(i + 1);
      else if (kind === 1) s = s.slice(0, i) + piece + s.slice(i);
      else s = s.slice(0, i) + piece + s.slice(i + 1);
    }
    return s;
  });

  test('accepts exactly what node accepts (no zone ids are generated)', () => {
    fc.assert(
      fc.property(fc.oneof(nearValid, fc.string({ unit: alphabet, maxLength: 16 })), (text) => {
        const parsed = parseIp(text);
        const expected = isIP(text);
        assert.equal(parsed === null ? 0 : parsed.family, expected, JSON.stringify(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseCidr / formatCidr / familyOf', () => {
  test('parses IPv4 and IPv6 blocks', () => {
    assert.deepEqual(parseCidr('10.0.0.0/16'), { family: 4, network: 0x0a000000n, prefixLength: 16 });
    assert.deepEqual(parseCidr('0.0.0.0/0'), { family: 4, network: 0n, prefixLength: 0 });
    assert.deepEqual(parseCidr('2600:1f18::/56'), { family: 6, network: v6('2600:1f18::'), prefixLength: 56 });
    assert.deepEqual(parseCidr('::/0'), { family: 6, network: 0n, prefixLength: 0 });
    assert.equal(formatCidr(parseCidr('2600:1F18:0:0::/56')!), '2600:1f18::/56');
  });

  test('a bare address is a host route', () => {
    assert.deepEqual(parseCidr('10.1.2.3'), { family: 4, network: 0x0a010203n, prefixLength: 32 });
    assert.deepEqual(parseCidr('::1'), { family: 6, network: 1n, prefixLength: 128 });
    assert.equal(formatCidr(parseCidr('203.0.113.9')!), '203.0.113.9/32');
  });

  test('host bits are masked off, as AWS does for security group rules', () => {
    assert.equal(formatCidr(parseCidr('10.0.0.5/24')!), '10.0.0.0/24');
    assert.equal(formatCidr(parseCidr('255.255.255.255/1')!), '128.0.0.0/1');
    assert.equal(formatCidr(parseCidr('2001:db8::ffff/64')!), '2001:db8::/64');
    assert.equal(formatCidr(parseCidr('ffff::1/0')!), '::/0');
  });

  test('rejects malformed blocks', () => {
    const bad = [
      '', '/', '/8', '10.0.0.0/', '10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/8/8', '10.0.0.0/8a', '10.0.0.0/ 8', '10.0.0.0/+8',
      '10.0.0.0/08', '10.0.0.0/1e1', '256.0.0.0/8', '::/129', '::/', '2001:db8::/64/64', 'fe80::1%eth0/64', '1.2.3/24',
      '10.0.0.0/0x10', '10.0.0.0/1000000000000000000000',
    ];
    for (const text of bad) assert.equal(parseCidr(text), null, JSON.stringify(text));
  });

  test('format then parse round-trips every masked block', () => {
    fc.assert(
      fc.property(fc.constantFrom<4 | 6>(4, 6), fc.bigInt({ min: 0n, max: MAX_V6 }), fc.nat(128), (family, raw, p) => {
        const bits = family === 4 ? 32 : 128;
        const prefixLength = p % (bits + 1);
        const value = family === 4 ? raw & MAX_V4 : raw;
        const hostBits = BigInt(bits - prefixLength);
        const network = (value >> hostBits) << hostBits;
        const text = formatCidr({ family, network, prefixLength });
        assert.deepEqual(parseCidr(text), { family, network, prefixLength });
        assert.deepEqual(parseCidr(`${formatIp(family, value)}/${prefixLength}`), { family, network, prefixLength });
      }),
    );
  });

  test('familyOf reads addresses and blocks', () => {
    assert.equal(familyOf('10.0.0.1'), 4);
    assert.equal(familyOf('10.0.0.0/8'), 4);
    assert.equal(familyOf('::/0'), 6);
    assert.equal(familyOf('2600:1f18::/56'), 6);
    assert.equal(familyOf('::ffff:1.2.3.4'), 6);
    assert.equal(familyOf('10.0.0.0/33'), null);
    assert.equal(familyOf('sg-0123456789abcdef0'), null);
    assert.equal(familyOf('pl-63a5400a'), null);
  });
});
