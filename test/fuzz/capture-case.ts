// Fuzz inputs for `netreach agent import`: the ss and Windows netstat/tasklist captures in
// test/agent/fixtures, mutated line by line (lines dropped, repeated, swapped, a field replaced
// by a hostile one) and byte by byte. What the importer writes must be listener data the loader
// accepts; what it refuses must be one line naming the file and line.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { listenerDataSchema } from '../../src/snapshot/listener-data-schema.js';
import type { CliRunner, RunResult } from './cli-runner.js';
import { PROJECT_ROOT } from './byte-mutations.js';
import { hostileString } from './hostile-values.js';
import { checkErrorLine, escapedForMessage } from './oracle.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'agent', 'fixtures');

export interface Capture {
  readonly name: string;
  readonly from: 'ss' | 'netstat-windows';
  readonly text: string;
}

export function loadCaptures(): { captures: Capture[]; tasklist: string } {
  const ss = readdirSync(path.join(FIXTURES, 'ss'))
    .sort()
    .map((name) => ({ name: `ss/${name}`, from: 'ss' as const, text: readFileSync(path.join(FIXTURES, 'ss', name), 'utf8') }));
  const netstat = { name: 'windows/netstat-ano.txt', from: 'netstat-windows' as const, text: readFileSync(path.join(FIXTURES, 'windows', 'netstat-ano.txt'), 'utf8') };
  return { captures: [...ss, netstat], tasklist: readFileSync(path.join(FIXTURES, 'windows', 'tasklist.csv'), 'utf8') };
}

const HOSTILE_FIELDS = [
  '*:70000',
  '0.0.0.0:-2',
  '[::1]:99999',
  '1.2.3.4:',
  ':::',
  '[::]:0',
  '*:*',
  '[fe80::1%eth0]:22',
  '999.1.1.1:22',
  'users:(("a\\"b",pid=99999999999999999999,fd=3))',
  'users:(("",pid=1,fd=3))',
  'users:((',
  'LISTEN',
  'UNCONN',
  'ESTAB',
  'LISTENING',
  '4294967296',
  '"evil","12"',
  '"unterminated',
];

export type LineMutation =
  | { readonly kind: 'drop'; readonly line: number }
  | { readonly kind: 'repeat'; readonly line: number; readonly times: number }
  | { readonly kind: 'swap'; readonly line: number; readonly other: number }
  | { readonly kind: 'field'; readonly line: number; readonly field: number; readonly value: string }
  | { readonly kind: 'insert'; readonly line: number; readonly value: string }
  | { readonly kind: 'bytes'; readonly at: number; readonly value: string; readonly cut: number };

const hostileField = fc.oneof(fc.constantFrom(...HOSTILE_FIELDS), hostileString);

export const lineMutation: fc.Arbitrary<LineMutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('repeat' as const), line: fc.nat(), times: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant(5000)) }),
  fc.record({ kind: fc.constant('swap' as const), line: fc.nat(), other: fc.nat() }),
  { arbitrary: fc.record({ kind: fc.constant('field' as const), line: fc.nat(), field: fc.nat({ max: 8 }), value: hostileField }), weight: 4 },
  fc.record({ kind: fc.constant('insert' as const), line: fc.nat(), value: fc.oneof(hostileString, fc.array(hostileField, { maxLength: 7 }).map((f) => f.join(' '))) }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), value: fc.oneof(fc.constantFrom('\u0000', '\r', '\n', ' ', '\t', ':', '"', '\ufeff'), hostileString), cut: fc.nat({ max: 8 }) }),
);

export interface CaptureCase {
  readonly capture: number;
  readonly mutations: readonly LineMutation[];
  /** For netstat: pass a tasklist, mutated with these. */
  readonly tasklist: readonly LineMutation[] | null;
}

export const captureCase: fc.Arbitrary<CaptureCase> = fc.record({
  capture: fc.nat(),
  mutations: fc.array(lineMutation, { minLength: 1, maxLength: 4 }),
  tasklist: fc.option(fc.array(lineMutation, { maxLength: 2 }), { freq: 2 }),
});

function mutateLines(text: string, m: LineMutation): string {
  if (m.kind === 'bytes') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.value + text.slice(at + m.cut);
  }
  const lines = text.split('\n');
  const i = m.line % lines.length;
  switch (m.kind) {
    case 'drop':
      lines.splice(i, 1);
      break;
    case 'repeat':
      // Many copies of a short line; a long one (a hostile field) only a few times.
      lines.splice(i, 0, ...Array.from({ length: lines[i].length > 1000 ? Math.min(m.times, 3) : m.times }, () => lines[i]));
      break;
    case 'swap': {
      const j = m.other % lines.length;
      [lines[i], lines[j]] = [lines[j], lines[i]];
      break;
    }
    case 'field': {
      const fields = lines[i].split(/(\s+)/);
      const words = fields.map((f, k) => (/^\s+$/.test(f) || f === '' ? -1 : k)).filter((k) => k >= 0);
      if (words.length > 0) fields[words[m.field % words.length]] = m.value;
      lines[i] = fields.join('');
      break;
    }
    case 'insert':
      lines.splice(i, 0, m.value);
      break;
  }
  return lines.join('\n');
}

export function materializeCapture(c: CaptureCase, captures: readonly Capture[], tasklist: string): { capture: Capture; text: string; tasklist: string | null } {
  const capture = captures[c.capture % captures.length];
  const text = c.mutations.reduce(mutateLines, capture.text);
  const tasks = capture.from === 'netstat-windows' && c.tasklist !== null ? c.tasklist.reduce(mutateLines, tasklist) : null;
  return { capture, text, tasklist: tasks };
}

export const IMPORT_INSTANCE = 'i-0f0e0d0c0b0a09080';
const COLLECTED_AT = '2026-11-20T09:30:00Z';

export interface CaptureVerdict {
  readonly problems: string[];
  readonly features: string[];
}

function checkImport(result: RunResult, places: readonly string[], what: string, problems: string[]): string {
  if (result.kind !== 'exited') {
    problems.push(`${what}: ${result.kind}: ${'error' in result ? result.error : ''}`);
    return result.kind;
  }
  if (result.code === 0) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(result.stdout);
    } catch {
      problems.push(`${what}: exit 0 but the listener file is not JSON`);
      return '0';
    }
    const check = listenerDataSchema.safeParse(parsed);
    if (!check.success) problems.push(`${what}: the listener file does not load: ${JSON.stringify(check.error.issues[0]).slice(0, 300)}`);
    if (result.stderr !== '') problems.push(`${what}: exit 0 with stderr ${JSON.stringify(result.stderr.slice(0, 200))}`);
    return '0';
  }
  if (result.code !== 2) {
    problems.push(`${what}: exit ${result.code}: ${JSON.stringify(result.stderr.slice(0, 600))}`);
    return String(result.code);
  }
  checkErrorLine(result.stderr, null, what, problems);
  const line = result.stderr.replace(/\n$/, '');
  const named = places.map(escapedForMessage).find((p) => line.startsWith(`netreach: ${p}:`) && /^:\d+: /.test(line.slice(`netreach: ${p}`.length)));
  if (named === undefined) problems.push(`${what}: the line names no file and line number: ${JSON.stringify(line.slice(0, 300))}`);
  return `2 ${line.replace(/^netreach: [^:]*:\d+: /, '').replace(/, got .*$/, '').replace(/\d+/g, '#')}`;
}

/** Runs one import twice (the same bytes both times) and judges it. */
export async function runCaptureCase(runner: CliRunner, c: CaptureCase, captures: readonly Capture[], tasklistText: string): Promise<CaptureVerdict> {
  const { capture, text, tasklist } = materializeCapture(c, captures, tasklistText);
  return runImport(runner, capture.from, text, tasklist);
}

/** `netreach agent import` on this capture (and tasklist), twice, judged. */
export async function runImport(runner: CliRunner, from: Capture['from'], text: string, tasklist: string | null): Promise<CaptureVerdict> {
  const root = await mkdtemp(path.join(tmpdir(), 'netreach-fuzz-import-'));
  try {
    const file = path.join(root, 'capture.txt');
    await writeFile(file, text);
    const argv = ['agent', 'import', file, '--from', from, '--instance-id', IMPORT_INSTANCE, '--collected-at', COLLECTED_AT];
    const places = [file];
    if (tasklist !== null) {
      const tasks = path.join(root, 'tasklist.csv');
      await writeFile(tasks, tasklist);
      argv.push('--tasklist', tasks);
      places.push(tasks);
    }
    const [first, second] = await runner.run([argv, argv]);
    const problems: string[] = [];
    const outcome = checkImport(first, places, from, problems);
    if (second === undefined || JSON.stringify(first) !== JSON.stringify(second)) problems.push(`${from}: the same capture gave different output`);
    return { problems, features: [`import ${from} ${outcome}`] };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
