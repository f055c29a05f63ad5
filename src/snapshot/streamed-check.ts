// How a document the user names is checked when it is read through the streaming cut: the
// elements of its long top-level lists one at a time, as the cut reads them, so that only the
// checked copy of each is kept; then the rest of the document.
import type { z } from 'zod';

export interface StreamedCheck<T> {
  /** The schema of each element of these top-level lists. */
  readonly items: Readonly<Record<string, z.ZodType>>;
  /** The document's schema with those lists' elements taken as they are (they were checked one by one). */
  readonly shell: z.ZodType<T>;
}
