// Byte-level mutation of real snapshot files (the bundled example and the Batfish conformance
// scenarios, read in place and never written): bit flips, interesting bytes, truncation, removed
// and duplicated spans, splices from other files, and token-aware edits of numbers, CIDR
// prefixes and strings.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { hostileString, INTERESTING_NUMBERS } from './hostile-values.js';
import { serialize } from './json-tree.js';
import type { CaseFile, SnapshotCase } from './snapshot-case.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = path.resolve(here, '..', '..');
export const SEED_ARTICLE = path.join(PROJECT_ROOT, 'examples', 'seed-article');
export const CONFORMANCE_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'conformance', 'batfish');

export interface SeedSnapshot {
  readonly name: string;
  readonly files: readonly { readonly path: string; readonly content: Uint8Array }[];
}

function filesBelow(dir: string, relative = ''): { path: string; content: Uint8Array }[] {
  const out: { path: string; content: Uint8Array }[] = [];
  for (const name of readdirSync(path.join(dir, relative)).sort()) {
    const rel = relative === '' ? name : `${relative}/${name}`;
    const full = path.join(dir, rel);
    if (statSync(full).isDirectory()) out.push(...filesBelow(dir, rel));
    else out.push({ path: rel, content: new Uint8Array(readFileSync(full)) });
  }
  return out;
}

/** The seed-article example and every conformance scenario's aws_configs, read once. */
export function loadSeedSnapshots(): SeedSnapshot[] {
  const seeds: SeedSnapshot[] = [{ name: 'examples/seed-article', files: filesBelow(SEED_ARTICLE) }];
  for (const scenario of readdirSync(CONFORMANCE_DIR).sort()) {
    const configs = path.join(CONFORMANCE_DIR, scenario, 'aws_configs');
    if (statSync(path.join(CONFORMANCE_DIR, scenario)).isDirectory()) {
      seeds.push({ name: `conformance/${scenario}`, files: filesBelow(configs) });
    }
  }
  return seeds;
}

export type ByteMutation =
  | { readonly kind: 'flip'; readonly file: number; readonly at: number; readonly bit: number }
  | { readonly kind: 'set'; readonly file: number; readonly at: number; readonly byte: number }
  | { readonly kind: 'truncate'; readonly file: number; readonly at: number }
  | { readonly kind: 'remove'; readonly file: number; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly file: number; readonly at: number; readonly length: number }
  | { readonly kind: 'splice'; readonly file: number; readonly at: number; readonly length: number; readonly from: number; readonly fromAt: number }
  | { readonly kind: 'number'; readonly file: number; readonly which: number; readonly value: string }
  | { readonly kind: 'prefix'; readonly file: number; readonly which: number; readonly value: string }
  | { readonly kind: 'string'; readonly file: number; readonly which: number; readonly value: string; readonly raw: boolean }
  | { readonly kind: 'dropFile'; readonly file: number };

const INTERESTING_BYTES = [0x00, 0xff, 0x22, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x5c, 0x2d, 0x39, 0x30, 0x0a, 0x1b, 0x80, 0xc3, 0xef, 0x20, 0x6e];

const numberText = fc.oneof(
  fc.constantFrom(...INTERESTING_NUMBERS.map((n) => serialize(n))),
  fc.constantFrom('NaN', 'Infinity', '0x10', '1e', '--1', '+1', '.5', '01', '-', '9'.repeat(400)),
  fc.integer().map(String),
);

const span = fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 4096 }));

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), file: fc.nat(), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), file: fc.nat(), at: fc.nat(), byte: fc.oneof(fc.constantFrom(...INTERESTING_BYTES), fc.integer({ min: 0, max: 255 })) }),
  fc.record({ kind: fc.constant('truncate' as const), file: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant('remove' as const), file: fc.nat(), at: fc.nat(), length: span }),
  fc.record({ kind: fc.constant('duplicate' as const), file: fc.nat(), at: fc.nat(), length: span }),
  fc.record({ kind: fc.constant('splice' as const), file: fc.nat(), at: fc.nat(), length: span, from: fc.nat(), fromAt: fc.nat() }),
  { arbitrary: fc.record({ kind: fc.constant('number' as const), file: fc.nat(), which: fc.nat(), value: numberText }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('prefix' as const), file: fc.nat(), which: fc.nat(), value: fc.constantFrom('33', '-1', '129', '', '08', '32', '0', '4294967296') }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('string' as const), file: fc.nat(), which: fc.nat(), value: hostileString, raw: fc.boolean() }), weight: 3 },
  fc.record({ kind: fc.constant('dropFile' as const), file: fc.nat() }),
);

export interface ByteCase {
  /** Index into the seed pool (modulo its size). */
  readonly seed: number;
  readonly mutations: readonly ByteMutation[];
}

export const byteCase: fc.Arbitrary<ByteCase> = fc.record({ seed: fc.nat(), mutations: fc.array(byteMutation, { minLength: 1, maxLength: 5 }) });

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** Replaces the `which`-th match of `pattern` (modulo the number of matches) in the text. */
function replaceMatch(bytes: Uint8Array, pattern: RegExp, which: number, replace: (match: RegExpExecArray) => string): Uint8Array {
  const text = decoder.decode(bytes);
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return bytes;
  const m = matches[which % matches.length];
  const index = m.index ?? 0;
  return encoder.encode(text.slice(0, index) + replace(m) + text.slice(index + m[0].length));
}

const NUMBER_TOKEN = /(?<=[:[,]\s*)-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?=\s*[,}\]])/g;
const CIDR_PREFIX = /(?<=\d\/)\d{1,3}(?=")/g;
const STRING_TOKEN = /"(?:[^"\\\n]|\\.)*"/g;

function applyOne(bytes: Uint8Array, m: ByteMutation, allFiles: readonly Uint8Array[]): Uint8Array {
  const at = bytes.length === 0 ? 0 : ('at' in m ? m.at : 0) % (bytes.length + 1);
  switch (m.kind) {
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const out = bytes.slice();
      out[at % bytes.length] ^= 1 << m.bit;
      return out;
    }
    case 'set': {
      if (bytes.length === 0) return bytes;
      const out = bytes.slice();
      out[at % bytes.length] = m.byte;
      return out;
    }
    case 'truncate':
      return bytes.slice(0, at);
    case 'remove':
      return concat(bytes.slice(0, at), bytes.slice(at + m.length));
    case 'duplicate':
      return concat(bytes.slice(0, at + m.length), bytes.slice(at, at + m.length), bytes.slice(at + m.length));
    case 'splice': {
      const source = allFiles[m.from % allFiles.length];
      const from = source.length === 0 ? 0 : m.fromAt % source.length;
      return concat(bytes.slice(0, at), source.slice(from, from + m.length), bytes.slice(at + m.length));
    }
    case 'number':
      return replaceMatch(bytes, NUMBER_TOKEN, m.which, () => m.value);
    case 'prefix':
      return replaceMatch(bytes, CIDR_PREFIX, m.which, () => m.value);
    case 'string':
      return replaceMatch(bytes, STRING_TOKEN, m.which, () => (m.raw ? `"${m.value.replace(/["\\]/g, '')}"` : JSON.stringify(m.value)));
    case 'dropFile':
      return bytes;
  }
}

/** The snapshot `c` makes of its seed: only *.json files are mutated, the rest are copied. */
export function materializeByteCase(c: ByteCase, pool: readonly { readonly files: readonly CaseFile[] }[], allFiles: readonly Uint8Array[]): SnapshotCase {
  const seed = pool[c.seed % pool.length];
  const files = seed.files.map((f) => ({ path: f.path, content: typeof f.content === 'string' ? encoder.encode(f.content) : f.content }));
  const jsonIndexes = files.map((f, i) => (f.path.toLowerCase().endsWith('.json') ? i : -1)).filter((i) => i >= 0);
  const dropped = new Set<number>();
  for (const m of c.mutations) {
    if (jsonIndexes.length === 0) break;
    const index = jsonIndexes[m.file % jsonIndexes.length];
    if (m.kind === 'dropFile') dropped.add(index);
    else files[index] = { path: files[index].path, content: applyOne(files[index].content, m, allFiles) };
  }
  return { files: files.filter((_, i) => !dropped.has(i)), agentFiles: null };
}
