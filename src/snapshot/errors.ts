// One error type for the loader: a snapshot file, a JSON path into it and one sentence saying
// what was expected and what was found. The CLI prints `message` as it is (one line, no stack).

export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
  /** The file, relative to the snapshot folder (or the folder itself for folder-level problems). */
  readonly file: string;
  /** Where in the file, e.g. `$.NetworkAcls[0].Entries[2].PortRange.From`; `$` for the whole file. */
  readonly jsonPath: string;
  /** The problem without the location, e.g. `expected a port 0-65535, got 70000`. */
  readonly problem: string;

  constructor(file: string, jsonPath: string, problem: string) {
    super(`${file}: ${jsonPath}: ${oneLine(problem)}`);
    this.file = file;
    this.jsonPath = jsonPath;
    this.problem = oneLine(problem);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `['NetworkAcls', 0, 'Entries']` → `$.NetworkAcls[0].Entries`. */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = '$';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'string' && IDENTIFIER.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(String(s))}]`;
  }
  return out;
}

const MAX_SHOWN = 60;

/** A found value in words for "…, got <value>": short, one line, never the whole input. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
