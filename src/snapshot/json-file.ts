// Reading one JSON file within fixed limits, so that a hostile or broken file gives a
// SnapshotError rather than an out-of-memory crash or a stack overflow.
import { fstatSync, readSync, statSync } from 'node:fs';
import { SnapshotError } from './errors.js';
import { nestedDeeperThan, nestingDepth } from './json-depth.js';
import { DEFAULT_LIMITS, formatBytes, type SnapshotLimits } from './limits.js';
import { unreadable, withOpenFile } from './snapshot-files.js';

/** Thrown for a file that is not JSON; lenient loading may skip such a file. */
export class MalformedJsonError extends SnapshotError {}

/** Where `position` of `text` is, for text that starts at `firstLine`, `firstColumn` of its file. */
function lineAndColumn(text: string, position: number, firstLine: number, firstColumn: number): string {
  let line = firstLine;
  let lineStart = 0;
  let column = firstColumn;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
      column = 1;
    }
  }
  return `line ${line}, column ${position - lineStart + column}`;
}

/**
 * JSON.parse's complaint about `text` in the loader's words, with the line and column. `record`
 * says where `text` starts when it is one record of a larger file: V8 gives no position for some
 * errors ("Unexpected token"), and then the record's start is the best place to name.
 */
export function syntaxProblem(text: string, error: unknown, record?: { readonly line: number; readonly column: number }): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  const offset = position !== null ? Number(position[1]) : /end of JSON input/.test(message) ? text.length : null;
  const where =
    offset !== null
      ? ` at ${lineAndColumn(text, offset, record?.line ?? 1, record?.column ?? 1)}`
      : record !== undefined
        ? ` in the record that starts at line ${record.line}, column ${record.column}`
        : '';
  const reason = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position \d+/, '')
    .replace(/\s+/g, ' ')
    .slice(0, 120);
  return `expected JSON, got a syntax error${where} (${reason})`;
}

export function tooDeep(relativePath: string, maxDepth: number): SnapshotError {
  return new SnapshotError(relativePath, '$', `expected JSON nested at most ${maxDepth} levels deep (--max-depth), got deeper nesting`);
}

export function tooLarge(relativePath: string, maxBytes: number, found: string): SnapshotError {
  return new SnapshotError(relativePath, '$', `expected a file of at most ${formatBytes(maxBytes)} (--max-file-size), got ${found}`);
}

/**
 * The file's bytes, never more than `maxBytes`: the size is checked before reading and the read
 * stops one byte past the limit, so a file that grows meanwhile (or a device that reports no
 * size) cannot get a larger buffer allocated.
 */
function readBounded(absolutePath: string, relativePath: string, maxBytes: number): Buffer {
  return withOpenFile(absolutePath, relativePath, (fd) => {
    const { size } = unreadable(relativePath, () => fstatSync(fd));
    if (size > maxBytes) throw tooLarge(relativePath, maxBytes, `${size} bytes`);
    let buffer = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (buffer.length > maxBytes) throw tooLarge(relativePath, maxBytes, `more than ${maxBytes} bytes`);
        const larger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(larger);
        buffer = larger;
      }
      const target = buffer;
      const bytesRead = unreadable(relativePath, () => readSync(fd, target, filled, target.length - filled, null));
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  });
}

/** The file's size in bytes, refused past `limits.maxFileBytes`. */
export function fileSize(absolutePath: string, relativePath: string, limits: SnapshotLimits): number {
  const { size } = unreadable(relativePath, () => statSync(absolutePath));
  if (size > limits.maxFileBytes) throw tooLarge(relativePath, limits.maxFileBytes, `${size} bytes`);
  return size;
}

/** UTF-8 text; JavaScript strings have a length limit below the largest --max-file-size. */
function utf8Text(bytes: Buffer, relativePath: string, maxBytes: number): string {
  try {
    return bytes.toString('utf8');
  } catch {
    throw tooLarge(relativePath, maxBytes, `${bytes.length} bytes, more text than JavaScript can hold`);
  }
}

export function readJsonFile(absolutePath: string, relativePath: string, limits: SnapshotLimits = DEFAULT_LIMITS): unknown {
  // The bytes are no one's once they are text, so they can be freed while the text is parsed.
  let text = utf8Text(readBounded(absolutePath, relativePath, limits.maxFileBytes), relativePath, limits.maxFileBytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    if (nestingDepth(text, limits.maxDepth) > limits.maxDepth) throw tooDeep(relativePath, limits.maxDepth);
    throw new MalformedJsonError(relativePath, '$', syntaxProblem(text, error));
  }
  // V8's JSON.parse keeps its own stack, so a deep file parses before its depth is refused.
  if (nestedDeeperThan(document, limits.maxDepth)) throw tooDeep(relativePath, limits.maxDepth);
  return document;
}
