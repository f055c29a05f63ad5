// Every value in the HTML report comes from the snapshot (Name tags, ids, rule text) and may be
// hostile: `</script>`, quotes, bidirectional overrides. It goes through `text()` on its way into
// markup, which makes controls visible (as the terminal table does) and escapes what HTML parses.
import { printable } from '../../model/printable.js';

const MARKUP: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe as element text and as a double- or single-quoted attribute value, in HTML and in inline SVG. */
export function text(value: string | number): string {
  return printable(String(value)).replace(/[&<>"']/g, (c) => MARKUP[c]!);
}
