// `JSON.stringify(value, null, 2)` in pieces. A document can be longer than V8's longest string
// (2^29-24 characters, about 512 MiB): the large estate's report in any JSON format (the report,
// SARIF, ASFF), or a describe-instances of a region with 100,000 instances as the collector writes
// it. Such documents are small apart from one or a few long lists, so each long list (a
// StreamedList, anywhere in the document) is written a batch of elements per JSON.stringify and
// handed out in chunks of about a MiB; the bytes are exactly those of one JSON.stringify.

/** A list written a batch at a time, each element made by `map` (when given) only when its batch is written. */
export class StreamedList<T = unknown> {
  constructor(
    readonly items: readonly T[],
    readonly map?: (item: T) => unknown,
  ) {}
}

/** About this many characters per chunk: large enough to write fast, far below V8's string limit. */
const CHUNK_CHARACTERS = 1 << 20;

/** Elements put in JSON by one JSON.stringify: enough to spend little per call, few enough to keep a batch's text small. */
const ELEMENTS_PER_BATCH = 64;

/** Whether `value` is, or holds in its plain objects and arrays, a StreamedList. */
function holdsStream(value: unknown): boolean {
  if (value instanceof StreamedList) return true;
  if (typeof value !== 'object' || value === null || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  for (const member of Array.isArray(value) ? value : Object.values(value)) {
    if (typeof member === 'object' && member !== null && holdsStream(member)) return true;
  }
  return false;
}

/**
 * The elements of a batch as they stand at `level` (indented 2 × level spaces), with the `,\n`
 * between them. JSON.stringify of the batch wrapped in level - 1 lists writes each element exactly
 * there; cutting off the wrappers' opening and closing lines leaves the elements. Done natively,
 * this beats stringifying each element and re-indenting it.
 */
function batchText(batch: readonly unknown[], level: number): string {
  let wrapped: unknown = batch;
  for (let i = 1; i < level; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Each wrapper line is its indentation and a bracket, before the elements and after them.
  const cut = level * (level + 1);
  return text.slice(cut, text.length - cut);
}

function* listPieces(list: StreamedList, level: number): Generator<string> {
  const { items, map } = list;
  if (items.length === 0) {
    yield '[]';
    return;
  }
  yield '[\n';
  for (let from = 0; from < items.length; from += ELEMENTS_PER_BATCH) {
    const batch = items.slice(from, from + ELEMENTS_PER_BATCH);
    const text = batchText(map === undefined ? batch : batch.map(map), level + 1);
    yield from > 0 ? `,\n${text}` : text;
  }
  yield `\n${'  '.repeat(level)}]`;
}

/** JSON.stringify(value, null, 2) as it stands at `level`; undefined where JSON.stringify gives undefined (a function, undefined). */
function wholeText(value: unknown, level: number): string | undefined {
  const text: string | undefined = JSON.stringify(value, null, 2);
  // Safe: JSON.stringify escapes every newline inside strings, so each newline here is layout.
  return text === undefined || level === 0 ? text : text.replace(/\n/g, `\n${'  '.repeat(level)}`);
}

/** The pieces of `value` (which holds a StreamedList) at `level`. */
function* streamPieces(value: unknown, level: number): Generator<string> {
  if (value instanceof StreamedList) {
    yield* listPieces(value, level);
    return;
  }
  const inner = `\n${'  '.repeat(level + 1)}`;
  const isList = Array.isArray(value);
  // Array.from visits holes (as undefined), as JSON.stringify does.
  const entries: [string | null, unknown][] = isList ? Array.from(value as unknown[], (v): [null, unknown] => [null, v]) : Object.entries(value as object);
  let first = true;
  for (const [key, member] of entries) {
    const streamed = holdsStream(member);
    // What JSON.stringify leaves out of an object (undefined, functions, symbols) and writes as null in a list.
    const whole = streamed ? '' : wholeText(member, level + 1);
    if (whole === undefined && !isList) continue;
    yield `${first ? (isList ? '[' : '{') : ','}${inner}${key === null ? '' : `${JSON.stringify(key)}: `}`;
    first = false;
    if (streamed) yield* streamPieces(member, level + 1);
    else yield whole ?? 'null';
  }
  yield first ? (isList ? '[]' : '{}') : `\n${'  '.repeat(level)}${isList ? ']' : '}'}`;
}

/** The pieces joined into chunks of about a MiB, and the closing newline. */
function* chunksOf(pieces: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const piece of pieces) {
    chunk += piece;
    if (chunk.length >= CHUNK_CHARACTERS) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n`;
}

/**
 * `JSON.stringify(value, null, 2)` and a newline, in chunks of about a MiB, each StreamedList in
 * `value` written as the list of its (mapped) items, a batch at a time. The items must be plain
 * JSON values (a StreamedList inside one is not streamed).
 */
export function prettyJsonStream(value: unknown): Iterable<string> {
  return holdsStream(value) ? chunksOf(streamPieces(value, 0)) : [`${JSON.stringify(value, null, 2)}\n`];
}

/**
 * `JSON.stringify(document, null, 2)` and a newline, in chunks, each top-level list written a
 * batch at a time (an AWS answer: its records are in the top-level lists).
 */
export function prettyJsonChunks(document: object): Generator<string> {
  const streamed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) {
    // Own properties, as JSON.parse sets them (even `__proto__`).
    Object.defineProperty(streamed, key, { value: Array.isArray(value) ? new StreamedList(value) : value, enumerable: true, writable: true, configurable: true });
  }
  return chunksOf(streamPieces(streamed, 0));
}
