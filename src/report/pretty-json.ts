// `JSON.stringify(object, null, 2)` in pieces. A document can be longer than V8's longest string
// (2^29-24 characters, about 512 MiB): the large estate's report, or a describe-instances of a
// region with 100,000 instances as the collector writes it. Such documents are one object whose
// big members are lists, so each list is written a batch of elements per JSON.stringify and
// handed out in chunks of about a MiB; the bytes are exactly those of one JSON.stringify.

/** A member of the document; a list member's elements are put in JSON one batch at a time (after `map`, when given). */
export type JsonMember =
  | { readonly key: string; readonly value: unknown }
  | { readonly key: string; readonly list: readonly unknown[]; readonly map?: (item: unknown) => unknown };

/** A list member whose elements are turned into what the JSON holds by `map`, a batch at a time (so never all at once). */
export function mappedList<T>(key: string, list: readonly T[], map: (item: T) => unknown): JsonMember {
  return { key, list, map: (item) => map(item as T) };
}

/** About this many characters per chunk: large enough to write fast, far below V8's string limit. */
const CHUNK_CHARACTERS = 1 << 20;

/** Elements put in JSON by one JSON.stringify: enough to spend little per call, few enough to keep a batch's text small. */
const ELEMENTS_PER_BATCH = 64;

// JSON.stringify({ list: batch }, null, 2) writes each element exactly as it stands two levels down
// in the document; cutting off the wrapper's own first and last lines leaves them with the `,\n`
// between. Done natively, this beats stringifying each element and re-indenting it.
const WRAPPER_HEAD = '{\n  "list": [\n'.length;
const WRAPPER_TAIL = '\n  ]\n}'.length;

function* listChunks(items: readonly unknown[], map: ((item: unknown) => unknown) | undefined): Generator<string> {
  for (let from = 0; from < items.length; from += ELEMENTS_PER_BATCH) {
    const batch = items.slice(from, from + ELEMENTS_PER_BATCH);
    const text = JSON.stringify({ list: map === undefined ? batch : batch.map(map) }, null, 2);
    yield `${from > 0 ? ',\n' : ''}${text.slice(WRAPPER_HEAD, text.length - WRAPPER_TAIL)}`;
  }
}

/**
 * `JSON.stringify(Object.fromEntries(members), null, 2)` and a newline, in chunks: a list member
 * (or a `value` that is an array) is written batch by batch, any other value whole.
 */
export function* prettyJsonChunks(members: readonly JsonMember[]): Generator<string> {
  let chunk = '{';
  let first = true;
  for (const member of members) {
    const list = 'list' in member ? member.list : Array.isArray(member.value) ? (member.value as unknown[]) : null;
    // undefined for what JSON.stringify leaves out of an object (undefined, functions, symbols).
    const whole: string | undefined = list === null && 'value' in member ? JSON.stringify(member.value, null, 2) : '';
    if (whole === undefined) continue;
    chunk += `${first ? '' : ','}\n  ${JSON.stringify(member.key)}: `;
    first = false;
    if (list === null) {
      // Safe: JSON.stringify escapes every newline inside strings, so each newline here is layout.
      chunk += whole.replace(/\n/g, '\n  ');
    } else if (list.length === 0) {
      chunk += '[]';
    } else {
      chunk += '[\n';
      for (const piece of listChunks(list, 'list' in member ? member.map : undefined)) {
        chunk += piece;
        if (chunk.length >= CHUNK_CHARACTERS) {
          yield chunk;
          chunk = '';
        }
      }
      chunk += '\n  ]';
    }
  }
  yield `${chunk}${first ? '}' : '\n}'}\n`;
}
