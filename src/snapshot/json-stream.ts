// Reading a JSON file too large for one string. V8 strings stop at 2^29-24 characters (~512 MiB)
// and a describe-instances of 100,000 instances is larger. AWS output is one object whose
// members are mostly lists of records, so the file is read in chunks of bytes, each top-level
// member and each element of a top-level list is cut out by its brackets, and only that piece
// is handed to JSON.parse. The JavaScript streaming tokenizers (stream-json,
// @streamparser/json) parse at a few MB/s, fifty times slower than JSON.parse; cutting at the
// brackets keeps native speed and never holds more than a chunk as text. Pretty-printed lists
// (the AWS CLI's) are not even cut record by record: once one record's closing line is known,
// the run of records up to its last repetition in the chunk is parsed as one list, which only
// parses when the guess was right (otherwise the file is cut byte by byte from there).
//
// Bad input keeps the loader's contract: a syntax error names the JSON path of the record it is
// in and its line and column in the file; nesting deeper than the limit is refused.
import { isUtf8 } from 'node:buffer';
import { readSync } from 'node:fs';
import { SnapshotError, jsonPath } from './errors.js';
import { checkUtf8, MalformedJsonError, syntaxProblem, tooDeep, tooLarge, utf16Order } from './json-file.js';
import { nestedDeeperThan } from './json-depth.js';
import { formatBytes, type SnapshotLimits } from './limits.js';
import { unreadable, withOpenFile } from './snapshot-files.js';

export interface TopLevelReader {
  /** A top-level member whose value is a list: its elements follow through item(). */
  list(key: string): void;
  item(key: string, index: number, value: unknown): void;
  /** A top-level member whose value is not a list. */
  member(key: string, value: unknown): void;
}

const CHUNK_BYTES = 8 * 1024 * 1024;
/** How much of an unfinished record is parsed to find its first error. */
const EXPLAIN_BYTES = 16 * 1024 * 1024;

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB;
}

const enum Expect {
  Document,
  KeyOrEnd,
  /** After a comma between members: `}` would be a trailing comma. */
  KeyRequired,
  Key,
  Colon,
  Value,
  ElementOrEnd,
  Element,
  AfterElement,
  MemberValue,
  AfterMember,
  Nothing,
}

/** Cuts one file's bytes into top-level members and list elements, chunk by chunk. */
class TopLevelScanner {
  private expect = Expect.Document;
  private key = '';
  private index = 0;
  /** After a comma in a list, `]` would be a trailing comma. */
  private afterComma = false;
  /** Bytes of the piece being cut that arrived in earlier chunks. */
  private carried: Buffer[] = [];
  private pieceStart = -1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Where the chunk being scanned starts in the file's text, in bytes. */
  private chunkOffset = 0;
  /** Where the piece being cut starts in the file's text, in bytes. */
  private pieceOffset = 0;
  private nextBackslash = -2;
  /**
   * How the last element cut byte by byte ended, when it ended on a line of its own: a line feed,
   * the indentation, `}` (pretty-printed JSON, as the AWS CLI writes it). JSON strings hold no raw
   * line feed and deeper objects close with more indentation, so these bytes mark where elements
   * of this level end, and whole runs of elements can go to one JSON.parse (see batchEnd).
   */
  private closing: Buffer | null = null;
  /** A batch failed to parse (a broken record, or output not laid out alike): cut byte by byte. */
  private batchesOff = false;

  constructor(
    private readonly file: string,
    private readonly maxDepth: number,
    private readonly reader: TopLevelReader,
    /** The line and column of a byte of the file's text: counted only when an error names them. */
    private readonly positionOf: (offset: number) => TextPosition,
  ) {}

  private syntaxError(at: number, path: readonly PropertyKey[], reason: string): MalformedJsonError {
    const { line, column } = this.positionOf(this.chunkOffset + at);
    return new MalformedJsonError(this.file, jsonPath(path), `expected JSON, got a syntax error at line ${line}, column ${column} (${reason})`);
  }

  private startPiece(at: number, inString: boolean): void {
    this.pieceStart = at;
    this.pieceOffset = this.chunkOffset + at;
    this.carried = [];
    this.depth = 0;
    this.inString = inString;
    this.escaped = false;
  }

  private pieceValue(chunk: Buffer, end: number, path: readonly PropertyKey[]): unknown {
    const tail = chunk.subarray(this.pieceStart, end);
    const bytes = this.carried.length === 0 ? tail : Buffer.concat([...this.carried, tail]);
    this.carried = [];
    this.pieceStart = -1;
    if (!isUtf8(bytes)) checkUtf8(bytes, this.file, jsonPath(path), this.positionOf(this.pieceOffset));
    let text: string;
    try {
      text = bytes.toString('utf8');
    } catch {
      throw new SnapshotError(this.file, jsonPath(path), 'expected a record small enough to read, got more text than JavaScript can hold');
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new MalformedJsonError(this.file, jsonPath(path), syntaxProblem(text, error, this.positionOf(this.pieceOffset)));
    }
  }

  /** The next backslash at or after `at` (-1: none); remembered, as most chunks have none. */
  private backslashFrom(chunk: Buffer, at: number): number {
    if (this.nextBackslash !== -1 && this.nextBackslash < at) this.nextBackslash = chunk.indexOf(BACKSLASH, at);
    return this.nextBackslash;
  }

  /** Moves through a string from `at`; returns the position after its closing quote, or -1. */
  private scanString(chunk: Buffer, at: number): number {
    let i = at;
    for (;;) {
      if (this.escaped) {
        if (i >= chunk.length) return -1;
        this.escaped = false;
        i++;
      }
      const quote = chunk.indexOf(QUOTE, i);
      const backslash = this.backslashFrom(chunk, i);
      if (backslash !== -1 && (quote === -1 || backslash < quote)) {
        this.escaped = true;
        i = backslash + 1;
      } else if (quote !== -1) {
        this.inString = false;
        return quote + 1;
      } else {
        return -1;
      }
    }
  }

  /**
   * Scans a piece (a list element or a member's value) from `at`; returns where it ended (the
   * comma or closing bracket after it) or -1 when the chunk ended first. Most of a file's bytes
   * pass through this loop, so its state lives in locals.
   */
  private scanPiece(chunk: Buffer, at: number, baseDepth: number): number {
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    const deepest = this.maxDepth - baseDepth;
    let end = -1;
    for (let i = at; i < chunk.length; i++) {
      const c = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
      } else if (c === QUOTE) {
        inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (++depth > deepest) throw tooDeep(this.file, this.maxDepth);
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (depth === 0) {
          end = i;
          break;
        }
        depth--;
      } else if (c === COMMA && depth === 0) {
        end = i;
        break;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return end;
  }

  push(chunk: Buffer): void {
    this.nextBackslash = -2;
    if (this.pieceStart !== -1) this.pieceStart = 0;
    let i = 0;
    while (i < chunk.length) {
      if (this.expect === Expect.Key) {
        const end = this.scanString(chunk, i);
        if (end === -1) return this.carry(chunk);
        const key = this.pieceValue(chunk, end, []);
        this.key = typeof key === 'string' ? key : '';
        this.expect = Expect.Colon;
        i = end;
      } else if (this.expect === Expect.Element) {
        const batchEnd = this.batchEnd(chunk, i);
        if (batchEnd !== -1 && this.readBatch(chunk, i, batchEnd)) {
          this.expect = Expect.AfterElement;
          i = batchEnd;
          continue;
        }
        const end = this.scanPiece(chunk, i, 2);
        if (end === -1) return this.carry(chunk);
        if (this.closing === null && this.carried.length === 0) this.learnClosing(chunk, i, end);
        const path = [this.key, this.index];
        this.reader.item(this.key, this.index, this.pieceValue(chunk, end, path));
        this.index++;
        this.expect = Expect.AfterElement;
        i = end;
      } else if (this.expect === Expect.MemberValue) {
        const end = this.scanPiece(chunk, i, 1);
        if (end === -1) return this.carry(chunk);
        this.reader.member(this.key, this.pieceValue(chunk, end, [this.key]));
        this.expect = Expect.AfterMember;
        i = end;
      } else if (isSpace(chunk[i])) {
        i++;
      } else {
        i = this.structure(chunk, i, chunk[i]);
      }
    }
    this.finishChunk(chunk);
  }

  /** Remembers how the element in chunk[start, end) closed, if it closed on a line of its own. */
  private learnClosing(chunk: Buffer, start: number, end: number): void {
    let brace = end - 1;
    while (brace > start && isSpace(chunk[brace])) brace--;
    if (chunk[brace] !== CLOSE_BRACE) return;
    let lineFeed = brace - 1;
    while (lineFeed > start && (chunk[lineFeed] === SPACE || chunk[lineFeed] === TAB)) lineFeed--;
    if (chunk[lineFeed] === LF) this.closing = Buffer.from(chunk.subarray(lineFeed, brace + 1));
  }

  /**
   * Where a run of whole elements starting at `start` ends: just after the last closing line (see
   * `closing`) in the chunk that a ',' or ']' follows; -1 when there is none to try. A wrong guess
   * cannot pass: the run is parsed as one list, which holds only when it ends where an element of
   * this level ends.
   */
  private batchEnd(chunk: Buffer, start: number): number {
    const closing = this.closing;
    if (closing === null || this.batchesOff || this.carried.length > 0 || start !== this.pieceStart) return -1;
    let at = chunk.lastIndexOf(closing);
    for (let tries = 0; tries < 3 && at > start; tries++) {
      let next = at + closing.length;
      while (next < chunk.length && isSpace(chunk[next])) next++;
      if (next < chunk.length && (chunk[next] === COMMA || chunk[next] === CLOSE_BRACKET)) return at + closing.length;
      at = chunk.lastIndexOf(closing, at - 1);
    }
    return -1;
  }

  /**
   * Hands the elements in chunk[start, end) to the reader, parsed as one list; false (and batches
   * off for the rest of the file) when that list does not parse, so that the elements are cut and
   * checked one by one and a real error is named where it is.
   */
  private readBatch(chunk: Buffer, start: number, end: number): boolean {
    let elements: unknown;
    // Bytes that are not UTF-8 are named per element, with its path.
    if (!isUtf8(chunk.subarray(start, end))) {
      this.batchesOff = true;
      return false;
    }
    try {
      elements = JSON.parse(`[${chunk.toString('utf8', start, end)}]`);
    } catch {
      elements = null;
    }
    if (!Array.isArray(elements)) {
      this.batchesOff = true;
      return false;
    }
    const deepest = this.maxDepth - 2;
    for (const element of elements) {
      if (nestedDeeperThan(element, deepest)) throw tooDeep(this.file, this.maxDepth);
      this.reader.item(this.key, this.index, element);
      this.index++;
    }
    this.pieceStart = -1;
    return true;
  }

  private carry(chunk: Buffer): void {
    // A copy: the chunk's buffer is read into again.
    this.carried.push(Buffer.from(chunk.subarray(this.pieceStart)));
    this.finishChunk(chunk);
  }

  private finishChunk(chunk: Buffer): void {
    this.chunkOffset += chunk.length;
  }

  /** Handles one structural byte between pieces; returns the next position. */
  private structure(chunk: Buffer, i: number, c: number): number {
    const unexpected = (wanted: string, path: readonly PropertyKey[] = []): MalformedJsonError =>
      this.syntaxError(i, path, `expected ${wanted}, got '${String.fromCharCode(c)}'`);
    switch (this.expect) {
      case Expect.Document:
        if (c !== OPEN_BRACE) throw new NotAnObject(c === OPEN_BRACKET ? 'a list' : 'a value other than an object');
        this.expect = Expect.KeyOrEnd;
        return i + 1;
      case Expect.KeyOrEnd:
      case Expect.KeyRequired:
        if (c === CLOSE_BRACE && this.expect === Expect.KeyOrEnd) {
          this.expect = Expect.Nothing;
          return i + 1;
        }
        if (c !== QUOTE) throw unexpected('a key');
        this.startPiece(i, true);
        this.expect = Expect.Key;
        return i + 1;
      case Expect.AfterMember:
        if (c === COMMA) {
          this.expect = Expect.KeyRequired;
          return i + 1;
        }
        if (c === CLOSE_BRACE) {
          this.expect = Expect.Nothing;
          return i + 1;
        }
        throw unexpected("',' or '}'", [this.key]);
      case Expect.Colon:
        if (c !== COLON) throw unexpected("':'", [this.key]);
        this.expect = Expect.Value;
        return i + 1;
      case Expect.Value:
        if (c === OPEN_BRACKET) {
          this.reader.list(this.key);
          this.index = 0;
          this.afterComma = false;
          this.expect = Expect.ElementOrEnd;
          return i + 1;
        }
        this.startPiece(i, false);
        this.expect = Expect.MemberValue;
        return i;
      case Expect.ElementOrEnd:
        if (c === CLOSE_BRACKET) {
          if (this.afterComma) throw unexpected('a value after the comma', [this.key, this.index]);
          this.expect = Expect.AfterMember;
          return i + 1;
        }
        this.startPiece(i, false);
        this.expect = Expect.Element;
        return i;
      case Expect.AfterElement:
        if (c === COMMA) {
          this.afterComma = true;
          this.expect = Expect.ElementOrEnd;
          return i + 1;
        }
        if (c === CLOSE_BRACKET) {
          this.expect = Expect.AfterMember;
          return i + 1;
        }
        throw unexpected("',' or ']'", [this.key, this.index]);
      default:
        throw unexpected('nothing after the top-level object');
    }
  }

  end(): void {
    if (this.expect === Expect.Nothing) return;
    const inList = this.expect === Expect.Element || this.expect === Expect.AfterElement || this.expect === Expect.ElementOrEnd;
    const path = inList ? [this.key, this.index] : this.expect === Expect.Document || this.expect === Expect.KeyOrEnd || this.expect === Expect.KeyRequired ? [] : [this.key];
    if (this.pieceStart !== -1) this.explainUnfinishedPiece(path);
    const { line } = this.positionOf(this.chunkOffset);
    throw new MalformedJsonError(this.file, jsonPath(path), `expected JSON, got a syntax error at line ${line} (unexpected end of JSON input)`);
  }

  /**
   * A piece that never ended usually has a broken string (a lost quote turns the rest of the file
   * inside out): JSON.parse of its start finds the first error where it really is.
   */
  private explainUnfinishedPiece(path: readonly PropertyKey[]): void {
    const bytes = Buffer.concat(this.carried, Math.min(EXPLAIN_BYTES, this.carried.reduce((n, b) => n + b.length, 0)));
    const text = bytes.toString('utf8');
    try {
      JSON.parse(text);
    } catch (error) {
      const problem = syntaxProblem(text, error, this.positionOf(this.pieceOffset));
      if (!/end of JSON input/.test(problem)) throw new MalformedJsonError(this.file, jsonPath(path), problem);
    }
  }
}

/** The file's top level is not an object (it is skipped with a warning, as a parsed one is). */
export class NotAnObject extends Error {
  constructor(readonly found: string) {
    super(found);
  }
}

/** A line and column in a file, both from 1 (the column counts bytes). */
interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * The line and column of the byte at `offset` of the text that starts `textStart` bytes into the
 * open file (after a byte-order mark), read again from the start. Only an error needs a position,
 * so the scan does not count the lines of every chunk (30 million in a large describe-instances).
 */
function positionInFile(fd: number, relativePath: string, textStart: number, offset: number): TextPosition {
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, offset)));
  let line = 1;
  let lineStart = 0;
  for (let done = 0; done < offset; ) {
    const want = Math.min(buffer.length, offset - done);
    const bytesRead = unreadable(relativePath, () => readSync(fd, buffer, 0, want, textStart + done));
    if (bytesRead === 0) break;
    for (let at = buffer.indexOf(LF); at !== -1 && at < bytesRead; at = buffer.indexOf(LF, at + 1)) {
      line++;
      lineStart = done + at + 1;
    }
    done += bytesRead;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Reads `absolutePath` chunk by chunk, handing its top-level members to `reader`. */
export function streamTopLevel(absolutePath: string, relativePath: string, limits: SnapshotLimits, reader: TopLevelReader): void {
  withOpenFile(absolutePath, relativePath, (fd) => {
    let textStart = 0;
    const scanner = new TopLevelScanner(relativePath, limits.maxDepth, reader, (offset) => positionInFile(fd, relativePath, textStart, offset));
    let first = true;
    let total = 0;
    // One buffer for the whole file: the scanner copies what it keeps of a chunk.
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const bytesRead = unreadable(relativePath, () => readSync(fd, buffer, 0, CHUNK_BYTES, null));
      if (bytesRead === 0) break;
      // The size was checked before; a file that grows meanwhile stops at the limit too.
      total += bytesRead;
      if (total > limits.maxFileBytes) throw tooLarge(relativePath, limits.maxFileBytes, `more than ${limits.maxFileBytes} bytes`);
      let chunk = buffer.subarray(0, bytesRead);
      if (first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
        textStart = 3;
      }
      if (first && utf16Order(chunk) !== null) {
        throw new MalformedJsonError(relativePath, '$', `expected UTF-8 text in a file this large (over ${formatBytes(limits.streamAboveBytes)}), got UTF-16 (its byte-order mark): save it as UTF-8`);
      }
      first = false;
      scanner.push(chunk);
    }
    scanner.end();
  });
}

/**
 * A whole JSON object read through the streaming cut, for a document the user names that may be
 * longer than V8's longest string (a large estate's report, for `diff` and `baseline create`):
 * its members set as JSON.parse sets them (own properties, even `__proto__`; the last of a
 * repeated key wins). A top level that is not an object is an error naming the file.
 */
export function streamedJsonObject(
  absolutePath: string,
  relativePath: string,
  limits: SnapshotLimits,
  /** What each element of a top-level list becomes (checked, say) as it is read; the element itself by default. */
  element: (key: string, index: number, value: unknown) => unknown = (_key, _index, value) => value,
): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  const set = (key: string, value: unknown): void => {
    Object.defineProperty(document, key, { value, enumerable: true, writable: true, configurable: true });
  };
  let list: unknown[] = [];
  try {
    streamTopLevel(absolutePath, relativePath, limits, {
      list(key) {
        list = [];
        set(key, list);
      },
      item(key, index, value) {
        list.push(element(key, index, value));
      },
      member(key, value) {
        set(key, value);
      },
    });
  } catch (error) {
    if (error instanceof NotAnObject) throw new SnapshotError(relativePath, '$', `expected an object, got ${error.found}`);
    throw error;
  }
  return document;
}
