// Reading one JSON file within fixed limits, so that a hostile or broken file gives a
// SnapshotError rather than an out-of-memory crash or a stack overflow.
import { readFile, stat } from 'node:fs/promises';
import { SnapshotError } from './errors.js';
import { unreadable } from './snapshot-files.js';

export const MAX_FILE_BYTES = 256 * 1024 * 1024;
export const MAX_JSON_DEPTH = 64;

/** Thrown for a file that is not JSON; lenient loading may skip such a file. */
export class MalformedJsonError extends SnapshotError {}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The nesting depth of JSON text, counted outside strings (stops early past `limit`). */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}

function lineAndColumn(text: string, position: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${position - lineStart + 1}`;
}

function syntaxProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  const offset = position !== null ? Number(position[1]) : /end of JSON input/.test(message) ? text.length : null;
  const where = offset !== null ? ` at ${lineAndColumn(text, offset)}` : '';
  const reason = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position \d+/, '')
    .replace(/\s+/g, ' ')
    .slice(0, 120);
  return `expected JSON, got a syntax error${where} (${reason})`;
}

export async function readJsonFile(absolutePath: string, relativePath: string): Promise<unknown> {
  const { size } = await unreadable(relativePath, () => stat(absolutePath));
  if (size > MAX_FILE_BYTES) {
    throw new SnapshotError(relativePath, '$', `expected a file of at most 256 MiB, got ${size} bytes`);
  }
  let text = await unreadable(relativePath, () => readFile(absolutePath, 'utf8'));
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (nestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new SnapshotError(relativePath, '$', `expected JSON nested at most ${MAX_JSON_DEPTH} levels deep, got deeper nesting`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MalformedJsonError(relativePath, '$', syntaxProblem(text, error));
  }
}
