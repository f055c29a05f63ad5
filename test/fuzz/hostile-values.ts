// Values that have broken parsers before: control characters and terminal escapes, very long
// strings, prototype keys, numbers JSON can write but JavaScript reads oddly, near-miss CIDRs,
// ports and protocols.
import fc from 'fast-check';
import { obj, type JsonTree } from './json-tree.js';

export const TERMINAL_ESCAPES: readonly string[] = [
  '\u001b[31mred\u001b[0m',
  '\u001b]0;pwned\u0007',
  '\u001b]8;;https://evil.example/\u001b\\link\u001b]8;;\u001b\\',
  '\u001b[2J\u001b[H',
  '\u009b31m', // C1 CSI
  '\u0085next line',
  'bell\u0007',
  'back\bspace',
  'carriage\rreturn',
  'line\nfeed',
  'nul\u0000byte',
  'del\u007f',
  'line\u2028separator',
  'para\u2029separator',
  'right-to-left \u202eevil\u202c',
  'isolate \u2066x\u2069',
  '\ufeffbom',
];

export const PROTOTYPE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

const NUMBER_WORDS: readonly string[] = ['NaN', 'Infinity', '-Infinity', '1e999', '0x16', ' 22', '22 ', '', '-0', '1_000', 'null', 'undefined', 'true', '٢٢', '22'];

export const NEAR_MISS_CIDRS: readonly string[] = [
  '10.0.0.0/33',
  '10.0.0.0/-1',
  '10.0.0.0/',
  '/8',
  '10.0.0.256/8',
  '10.0.0.0/08',
  '10.0.0.1/8',
  '::/129',
  '2001:db8::/64/1',
  '10.0.0.0/8/8',
  '0.0.0.0/0\n',
  ' 1.2.3.4/32',
  '１０.0.0.0/8',
  '10.0.0.0\u0000/8',
  '10.0.0/8',
  '1.2.3.4',
  '::ffff:10.0.0.0/104',
  '2001:db8::g/64',
  '0/0',
];

export const NEAR_MISS_ADDRESSES: readonly string[] = ['999.1.1.1', '1.2.3', '1.2.3.04', '::ffff:1.2.3.4', 'fe80::1%eth0', '::1', '0.0.0.0', '255.255.255.255', '1.2.3.4 ', '1:2:3:4:5:6:7:8:9'];

export const NEAR_MISS_PROTOCOLS: readonly string[] = ['sctp', 'TCP', '06', '256', '-2', 'icmp6', 'all ', '', '6.0', '+6', '0', '255', '-1'];

export const INTERESTING_NUMBERS: readonly JsonTree[] = [
  70000,
  -2,
  -1,
  0,
  65535,
  65536,
  1.5,
  32767,
  32768,
  32769,
  33,
  2 ** 31,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  { raw: '1e999' },
  { raw: '-1e999' },
  { raw: '-0' },
  { raw: '1e-400' },
  { raw: '123456789012345678901234567890' },
  { raw: '22.0' },
  { raw: '2.2e1' },
];

const longString = fc
  .tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.constantFrom('a', 'é', '\u001b[1m', '\u0000', '🦊', '[', '"'))
  .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...TERMINAL_ESCAPES),
  fc.constantFrom(...PROTOTYPE_KEYS),
  fc.constantFrom(...NUMBER_WORDS),
  fc.constantFrom(...NEAR_MISS_CIDRS),
  fc.constantFrom(...NEAR_MISS_ADDRESSES),
  fc.constantFrom(...NEAR_MISS_PROTOCOLS),
  { arbitrary: longString, weight: 1 },
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
  fc.constantFrom('\ud800', 'x\udfffy', '🦊'.repeat(3), 'e\u0301', 'Ω≈ç√'),
);

export const hostileNumber: fc.Arbitrary<JsonTree> = fc.oneof(
  fc.constantFrom(...INTERESTING_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** A JSON value `depth` levels deep (arrays and objects alternating). */
export function nested(depth: number, leaf: JsonTree = 1): JsonTree {
  let tree: JsonTree = leaf;
  for (let i = 0; i < depth; i++) tree = i % 2 === 0 ? [tree] : obj([['x', tree]]);
  return tree;
}

export const hostileStructure: fc.Arbitrary<JsonTree> = fc.oneof(
  fc.constantFrom<JsonTree>([], obj([]), [[[]]], null, true, false, [null], obj([['__proto__', obj([['polluted', true]])]])),
  fc.integer({ min: 1, max: 70 }).map((d) => nested(d)),
);

/** Any hostile value: a string, a number or a structure where another was expected. */
export const hostileValue: fc.Arbitrary<JsonTree> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: hostileNumber, weight: 3 },
  { arbitrary: hostileStructure, weight: 2 },
);
