// What every run of netreach must look like, whatever the input (SPEC §1): exit 0 with the
// report, or exit 2 with exactly one line `netreach: <file>: <JSON path>: <problem>` that holds no
// control characters or terminal escapes; never exit 3 (internal error) nor any code but 0 and 2,
// never an exception, never a hang; the same input gives the same bytes.
import type { RunResult } from './cli-runner.js';

/** C0 and C1 controls, DEL, line/paragraph separators and bidirectional overrides/isolates. */
export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;

/** How a message shows an unprintable character of a name or value: JSON's \u escape. */
export function escapedForMessage(text: string): string {
  return text.replace(new RegExp(UNPRINTABLE.source, 'gu'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Longest error line accepted: a line, not a dump of the input. */
export const MAX_LINE = 1_500;

/** Words of JavaScript, not of netreach: a value was turned into text without being described. */
const JAVASCRIPT_LEAK = /\[object \w+\]|\[native code\]|\bundefined\b|\bNaN\b|\bfunction \w*\(/;

/**
 * Whether `message` holds JavaScript words that are not quotes of the input: quoted strings are
 * taken out, and a word the input itself contains (a value "undefined" put in unquoted) is not
 * a leak.
 */
export function leaksJavaScript(message: string, inputContains: (word: string) => boolean = () => false): boolean {
  // JSON.parse's own reason quotes the input around the error (…"FromPort": NaN, "…).
  if (message.includes('got a syntax error')) return false;
  const unquoted = message.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/'[^']*'/g, "''");
  const words = unquoted.match(new RegExp(JAVASCRIPT_LEAK.source, 'g')) ?? [];
  return words.some((word) => !inputContains(word));
}

export interface ExitedRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function exited(result: RunResult, what: string, problems: string[]): ExitedRun | null {
  switch (result.kind) {
    case 'exited':
      return result;
    case 'threw':
      problems.push(`${what}: main() threw: ${result.error}`);
      return null;
    case 'hung':
      problems.push(`${what}: no answer after ${result.afterMs} ms (hang)`);
      return null;
    case 'died':
      problems.push(`${what}: the run died: ${result.error}`);
      return null;
  }
}

/** `$`, then `.Name`, `[3]` or `["any key"]` segments; the length of the path text, or -1. */
export function jsonPathLength(text: string): number {
  if (!text.startsWith('$')) return -1;
  let i = 1;
  for (;;) {
    const rest = text.slice(i);
    const dotted = /^\.[A-Za-z_$][A-Za-z0-9_$-]*/.exec(rest);
    const indexed = /^\[\d+\]/.exec(rest);
    const quoted = /^\["(?:[^"\\]|\\.)*"\]/.exec(rest);
    const segment = dotted ?? indexed ?? quoted;
    if (segment === null) return i;
    i += segment[0].length;
  }
}

export interface ErrorLine {
  readonly file: string;
  readonly jsonPath: string;
  readonly problem: string;
}

/**
 * Splits `netreach: <file>: <path>: <problem>` with `file` one of `places` (as a message shows
 * it); null when the line names none of them or has no JSON path.
 */
export function parseErrorLine(line: string, places: readonly string[]): ErrorLine | null {
  const body = line.replace(/^netreach: /, '');
  const candidates = places.map(escapedForMessage).sort((a, b) => b.length - a.length);
  for (const file of candidates) {
    if (!body.startsWith(`${file}: $`)) continue;
    const rest = body.slice(file.length + 2);
    const length = jsonPathLength(rest);
    if (length > 0 && rest.slice(length).startsWith(': ')) {
      return { file, jsonPath: rest.slice(0, length), problem: rest.slice(length + 2) };
    }
  }
  return null;
}

/** Problems with one exit-2 stderr; `places` are the files and folders the line may name. */
export function checkErrorLine(
  stderr: string,
  places: readonly string[] | null,
  what: string,
  problems: string[],
  inputContains: (word: string) => boolean = () => false,
): ErrorLine | null {
  if (!stderr.endsWith('\n') || stderr.indexOf('\n') !== stderr.length - 1) {
    problems.push(`${what}: expected one line on stderr, got ${JSON.stringify(stderr.slice(0, 400))}`);
    return null;
  }
  const line = stderr.slice(0, -1);
  if (!line.startsWith('netreach: ')) problems.push(`${what}: the line does not start with "netreach: ": ${JSON.stringify(line.slice(0, 200))}`);
  if (UNPRINTABLE.test(line)) problems.push(`${what}: raw control character or escape in ${JSON.stringify(line.slice(0, 300))}`);
  if (leaksJavaScript(line, inputContains)) problems.push(`${what}: JavaScript leaked into the message: ${JSON.stringify(line.slice(0, 300))}`);
  if (line.length > MAX_LINE) problems.push(`${what}: a line of ${line.length} characters: ${JSON.stringify(line.slice(0, 200))}…`);
  if (places === null) return null;
  const parsed = parseErrorLine(line, places);
  if (parsed === null) problems.push(`${what}: the line names no snapshot file and JSON path: ${JSON.stringify(line.slice(0, 300))}`);
  return parsed;
}

export interface AssessRuns {
  /** assess DIR --format json */
  readonly strict: RunResult;
  /** assess DIR --format json --lenient */
  readonly lenient: RunResult;
  /** the strict run again */
  readonly strictAgain: RunResult;
  /** assess DIR --format table --lenient */
  readonly lenientTable: RunResult;
}

export interface AssessVerdict {
  readonly problems: string[];
  /**
   * What the runs came to, with ids and numbers taken out: the strict error, each part lenient
   * loading skipped, each kind of warning. A case that shows a feature no earlier case showed
   * joins the corpus.
   */
  readonly features: string[];
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function checkReport(run: ExitedRun, what: string, problems: string[]): void {
  if (run.stderr !== '') problems.push(`${what}: exit 0 with stderr ${JSON.stringify(run.stderr.slice(0, 300))}`);
  if (!isJson(run.stdout)) problems.push(`${what}: exit 0 but stdout is not JSON: ${JSON.stringify(run.stdout.slice(0, 200))}`);
}

/** One run: exit 0 with a report, or exit 2 with one line naming a place; never anything else. */
function checkRun(
  run: ExitedRun,
  places: readonly string[],
  what: string,
  json: boolean,
  problems: string[],
  inputContains: (word: string) => boolean,
): ErrorLine | null {
  if (run.code === 0) {
    if (json) checkReport(run, what, problems);
    else if (run.stderr !== '') problems.push(`${what}: exit 0 with stderr ${JSON.stringify(run.stderr.slice(0, 300))}`);
    return null;
  }
  if (run.code !== 2) {
    problems.push(`${what}: exit ${run.code}: ${JSON.stringify(run.stderr.slice(0, 600))}`);
    return null;
  }
  if (run.stdout !== '') problems.push(`${what}: exit 2 after writing to stdout`);
  return checkErrorLine(run.stderr, places, what, problems, inputContains);
}

function problemShape(problem: string): string {
  return problem
    .replace(/, got .*$/, ', got …')
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/'[^']*'/g, "''")
    .replace(/\d+/g, '#');
}

function pathShape(jsonPath: string): string {
  return jsonPath.replace(/\[\d+\]/g, '[]').replace(/\["(?:[^"\\]|\\.)*"\]/g, '[""]');
}

/** Numbers, quoted values and ids out: "expected a port 0-65535, got 70000" → its shape. */
export function outcomeShape(line: ErrorLine | null, code: number): string {
  if (line === null) return String(code);
  return `${code} ${pathShape(line.jsonPath)}: ${problemShape(line.problem)}`;
}

/** The shapes of what lenient loading skipped and of the warnings, from a JSON report. */
function reportFeatures(stdout: string, problems: string[], inputContains: (word: string) => boolean): string[] {
  let report: unknown;
  try {
    report = JSON.parse(stdout);
  } catch {
    return [];
  }
  const assessment = (report as { assessment?: { coverage?: { resourceType?: string; reason?: string }[]; warnings?: string[] } }).assessment;
  const features: string[] = [];
  for (const note of assessment?.coverage ?? []) {
    const skipped = /^skipped: (\$\S*): (.*)$/.exec(note.reason ?? '');
    if (skipped !== null) features.push(`skip ${note.resourceType} ${pathShape(skipped[1])}: ${problemShape(skipped[2])}`);
    else features.push(`gap ${note.resourceType} ${problemShape((note.reason ?? '').replace(/\b[a-z]+-[0-9a-z]+\b|arn:\S+/g, 'ID'))}`);
  }
  for (const warning of assessment?.warnings ?? []) features.push(`warn ${problemShape(warning.replace(/^[^:]*: /, ''))}`);
  for (const text of [...(assessment?.warnings ?? []), ...(assessment?.coverage ?? []).map((n) => n.reason ?? '')]) {
    if (leaksJavaScript(text, inputContains)) problems.push(`lenient: JavaScript leaked into the report: ${JSON.stringify(text.slice(0, 300))}`);
  }
  return features;
}

type PathSegment = string | number;

/** `$.A[0]["b c"]` → ['A', 0, 'b c']; null when a segment was cut short (…) or does not parse. */
export function pathSegments(jsonPath: string): PathSegment[] | null {
  const segments: PathSegment[] = [];
  const pattern = /\.([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  pattern.lastIndex = 1;
  for (let m = pattern.exec(jsonPath); m !== null; m = pattern.exec(jsonPath)) {
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else {
      const key = JSON.parse(m[3]) as string;
      if (key.endsWith('…')) return null;
      segments.push(key);
    }
  }
  return segments;
}

/**
 * Whether the JSON path of an error names a place in the file: every segment but the last must
 * exist, and the last too unless the problem says the field is missing.
 */
export function pathFitsFile(line: ErrorLine, content: string | Uint8Array): string | null {
  if (line.jsonPath === '$') return null;
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(content).toString('utf8').replace(/^\ufeff/, ''));
  } catch {
    return `${line.jsonPath} names a place in a file that is not JSON`;
  }
  const segments = pathSegments(line.jsonPath);
  if (segments === null) return null;
  let node: unknown = doc;
  for (const [i, segment] of segments.entries()) {
    const exists = typeof segment === 'number' ? Array.isArray(node) && segment < node.length : typeof node === 'object' && node !== null && !Array.isArray(node) && Object.hasOwn(node, segment);
    if (!exists) {
      const last = i === segments.length - 1;
      return last && /got nothing \(the field is missing\)$/.test(line.problem) ? null : `${line.jsonPath} does not exist in ${line.file} (no ${JSON.stringify(segment)})`;
    }
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return /got nothing \(the field is missing\)$/.test(line.problem) ? `${line.jsonPath} exists in ${line.file}, but the message says it is missing` : null;
}

/**
 * `contents`: the files by the name a message shows them by (for JSON path checks); `input`:
 * every file of the case (a word the input holds is no JavaScript leak).
 */
export function checkAssessRuns(
  runs: AssessRuns,
  places: readonly string[],
  contents: ReadonlyMap<string, string | Uint8Array> = new Map(),
  input: readonly (string | Uint8Array)[] = [...contents.values()],
): AssessVerdict {
  const problems: string[] = [];
  const strict = exited(runs.strict, 'strict', problems);
  const lenient = exited(runs.lenient, 'lenient', problems);
  const again = exited(runs.strictAgain, 'strict, again', problems);
  const table = exited(runs.lenientTable, 'lenient table', problems);
  let inputText: string | null = null;
  const inputContains = (word: string): boolean => {
    inputText ??= input.map((c) => Buffer.from(c).toString('utf8')).join('\n');
    return inputText.includes(word);
  };
  const strictLine = strict === null ? null : checkRun(strict, places, 'strict', true, problems, inputContains);
  const lenientLine = lenient === null ? null : checkRun(lenient, places, 'lenient', true, problems, inputContains);
  if (table !== null) {
    checkRun(table, places, 'lenient table', false, problems, inputContains);
    // A table goes to a terminal: what the snapshot names must not drive it.
    const unprintable = new RegExp(UNPRINTABLE.source.replace('\\u0000-\\u001f', '\\u0000-\\u0009\\u000b-\\u001f'), 'u').exec(table.stdout);
    if (unprintable !== null) {
      const at = unprintable.index;
      problems.push(`lenient table: raw control character or escape in the table: ${JSON.stringify(table.stdout.slice(Math.max(0, at - 60), at + 20))}`);
    }
  }
  for (const [what, line] of [['strict', strictLine], ['lenient', lenientLine]] as const) {
    const content = line === null ? undefined : contents.get(line.file);
    const misfit = line === null || content === undefined ? null : pathFitsFile(line, content);
    if (misfit !== null) problems.push(`${what}: ${misfit}`);
  }
  if (strict !== null && again !== null && (strict.code !== again.code || strict.stdout !== again.stdout || strict.stderr !== again.stderr)) {
    problems.push('strict, again: the same input gave different output');
  }
  if (lenient !== null && table !== null && lenient.code !== table.code) {
    problems.push(`lenient table: exit ${table.code} where the JSON report exited ${lenient.code}`);
  }
  if (strict !== null && lenient !== null) {
    if (strict.code === 0 && (lenient.code !== 0 || lenient.stdout !== strict.stdout)) {
      problems.push('lenient: differs from the strict run on input that loads strictly');
    }
    // Lenient loading skips bad parts: only whole-file and whole-folder problems may stop it.
    if (lenientLine !== null && lenientLine.jsonPath !== '$') problems.push(`lenient: stopped at ${lenientLine.jsonPath} instead of skipping it`);
  }
  const features = [
    `strict ${strict === null ? 'x' : outcomeShape(strictLine, strict.code)}`,
    `lenient ${lenient === null ? 'x' : outcomeShape(lenientLine, lenient.code)}`,
    ...(lenient !== null && lenient.code === 0 ? reportFeatures(lenient.stdout, problems, inputContains) : []),
  ];
  return { problems, features: [...new Set(features)] };
}
