// Text for ASFF fields. Security Hub checks its strings against `.*\S.*` (a Java pattern: no
// line breaks) and caps their length, so text from the snapshot is made one visible line and cut
// with an ellipsis rather than rejected by BatchImportFindings.
import { printable, shortened } from '../model/printable.js';

/** One line of at most `max` characters; null when nothing visible is left (the field is then left out). */
export function asffText(text: string, max: number): string | null {
  const line = printable(text);
  if (!/\S/.test(line)) return null;
  // shortened() appends its ellipsis after `max` characters.
  return shortened(line, max - 1);
}

/** As asffText, for fields that must be there; the writer never passes blank text to them. */
export function requiredAsffText(text: string, max: number): string {
  return asffText(text, max) ?? '-';
}
