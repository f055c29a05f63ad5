// One error type for the loader: a snapshot file, a JSON path into it and one sentence saying
// what was expected and what was found. The CLI prints `message` as it is (one line, no stack);
// names and values from the input are shown with control characters escaped (model/printable).
import { printable, shortened } from '../model/printable.js';

export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
  /** The file, relative to the snapshot folder (or the folder itself for folder-level problems). */
  readonly file: string;
  /** Where in the file, e.g. `$.NetworkAcls[0].Entries[2].PortRange.From`; `$` for the whole file. */
  readonly jsonPath: string;
  /** The problem without the location, e.g. `expected a port 0-65535, got 70000`. */
  readonly problem: string;

  constructor(file: string, jsonPath: string, problem: string) {
    const sentence = problemText(problem);
    super(`${printable(file)}: ${printable(jsonPath)}: ${sentence}`);
    this.file = file;
    this.jsonPath = jsonPath;
    this.problem = sentence;
  }
}

/** A problem as SnapshotError states it: one line, control characters shown as text. */
export function problemText(problem: string): string {
  return printable(oneLine(problem));
}

function oneLine(text: string): string {
  return text.replace(/[ \t]*[\r\n]+[ \t]*/g, ' ').replace(/^[ \t]+|[ \t]+$/g, '');
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

const MAX_SHOWN = 60;

/**
 * `['NetworkAcls', 0, 'Entries']` → `$.NetworkAcls[0].Entries`. Other keys are quoted, escaped
 * and cut to MAX_SHOWN characters: a path names a place, it does not repeat the input.
 */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = '$';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'string' && IDENTIFIER.test(s) && s.length <= MAX_SHOWN) out += `.${s}`;
    else out += `[${printable(JSON.stringify(shortened(String(s), MAX_SHOWN)))}]`;
  }
  return out;
}

/** A key or name from the input, quoted for a message: `'x'`, escaped and cut short. */
export function describeKey(key: string): string {
  return `'${printable(shortened(key, MAX_SHOWN))}'`;
}

/** A found value in words for "…, got <value>": short, one line, never the whole input. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') return printable(JSON.stringify(shortened(value, MAX_SHOWN)));
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
