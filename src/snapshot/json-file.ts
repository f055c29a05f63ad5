// Reading one JSON file within fixed limits, so that a hostile or broken file gives a
// SnapshotError rather than an out-of-memory crash or a stack overflow.
import { isUtf8 } from 'node:buffer';
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

/** Whether the bytes start with a UTF-16 byte-order mark (little- or big-endian). */
export function utf16Order(bytes: Buffer): 'le' | 'be' | null {
  if (bytes.length < 2) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'le';
  return bytes[0] === 0xfe && bytes[1] === 0xff ? 'be' : null;
}

/**
 * Where the first byte sequence that is not UTF-8 lies, for bytes `isUtf8` refused: the first
 * replacement character of the decoded text that the bytes do not spell out themselves (EF BF BD).
 * Every replacement character before it is a real one, three bytes long, so the text before it
 * measures its byte offset.
 */
function firstInvalidUtf8(bytes: Buffer, text: string): number {
  for (let at = text.indexOf('\ufffd'); at !== -1; at = text.indexOf('\ufffd', at + 1)) {
    const offset = Buffer.byteLength(text.slice(0, at), 'utf8');
    if (bytes[offset] !== 0xef || bytes[offset + 1] !== 0xbf || bytes[offset + 2] !== 0xbd) return at;
  }
  return text.length;
}

/** Refuses bytes that are not UTF-8 (JSON's encoding, RFC 8259 §8.1), naming where they go wrong. */
export function checkUtf8(bytes: Buffer, relativePath: string, jsonPath: string, start?: { readonly line: number; readonly column: number }): void {
  if (isUtf8(bytes)) return;
  const text = bytes.toString('utf8');
  const where = lineAndColumn(text, firstInvalidUtf8(bytes, text), start?.line ?? 1, start?.column ?? 1);
  throw new MalformedJsonError(relativePath, jsonPath, `expected UTF-8 text, got bytes that are not UTF-8 at ${where}`);
}

/**
 * The file's text: UTF-8 (a byte-order mark dropped), or UTF-16 that starts with its byte-order
 * mark, as Windows PowerShell's `aws ... > x.json` writes it. JavaScript strings have a length
 * limit below the largest --max-file-size.
 */
function fileText(bytes: Buffer, relativePath: string, maxBytes: number): string {
  const utf16 = utf16Order(bytes);
  if (utf16 === null) checkUtf8(bytes, relativePath, '$');
  else if (bytes.length % 2 !== 0) throw new MalformedJsonError(relativePath, '$', 'expected UTF-16 text (the file starts with its byte-order mark), got an odd number of bytes');
  try {
    if (utf16 === null) return bytes.toString('utf8');
    const units = bytes.subarray(2);
    return (utf16 === 'be' ? units.swap16() : units).toString('utf16le');
  } catch {
    throw tooLarge(relativePath, maxBytes, `${bytes.length} bytes, more text than JavaScript can hold`);
  }
}

export function readJsonFile(absolutePath: string, relativePath: string, limits: SnapshotLimits = DEFAULT_LIMITS): unknown {
  // The bytes are no one's once they are text, so they can be freed while the text is parsed.
  let text = fileText(readBounded(absolutePath, relativePath, limits.maxFileBytes), relativePath, limits.maxFileBytes);
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
