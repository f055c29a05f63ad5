// Strings kept for the whole run (every finding's id) made flat as they are made.
/**
 * The text as one flat string. A text built by concatenation is a tree of pieces until something
 * reads it; 170,000 findings' ids, kept until the report is written, would be many small
 * objects for every young-generation collection to copy. Reading one character flattens it now,
 * while the pieces can still die young.
 */
export function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}
