// Every value in the HTML report comes from the snapshot (Name tags, ids, rule text) and may be
// hostile: `</script>`, quotes, bidirectional overrides. It goes through `text()` on its way into
// markup, which makes controls visible (as the terminal table does) and escapes what HTML parses.
import { printable } from '../../model/printable.js';

const MARKUP: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe as element text and as a double- or single-quoted attribute value, in HTML and in inline SVG. */
export function text(value: string | number): string {
  return printable(String(value)).replace(/[&<>"']/g, (c) => MARKUP[c]!);
}

/**
 * `items` rendered and joined by `separator`, `perChunk` at a time (a page's chunks of about a
 * MiB): the chunks join to `items.map(render).join(separator)` without that string being made.
 */
export function* joinedInChunks<T>(items: readonly T[], render: (item: T, index: number) => string, separator: string, perChunk: number): Generator<string> {
  for (let from = 0; from < items.length; from += perChunk) {
    const batch = items.slice(from, from + perChunk).map((item, i) => render(item, from + i));
    yield (from === 0 ? '' : separator) + batch.join(separator);
  }
}
