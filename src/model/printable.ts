// Text that came from input (file names, ids, JSON keys and values) shown to people: characters
// that would drive a terminal or reorder what is read (C0/C1 controls, DEL, line separators,
// bidirectional overrides, the byte order mark) become `\u001b`-style escapes, so one line stays
// one line and an ANSI escape sequence stays visible text.

const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/gu;

function escaped(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escaped);
}

/** The same characters but line breaks and tabs, for formats that quote those themselves (CSV). */
const UNPRINTABLE_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/gu;

export function printableKeepingLines(text: string): string {
  return text.replace(UNPRINTABLE_BUT_LINES, escaped);
}

/** At most `max` characters of `text` (an ellipsis marks the cut), never splitting a surrogate pair. */
export function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, cut)}…`;
}
