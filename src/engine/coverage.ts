import { compareText } from '../model/compare-text.js';
import type { CoverageNote } from '../model/types.js';

/** Collects coverage gaps once each (the same gap is met by many interfaces) in a stable order. */
export class CoverageLog {
  private readonly notes = new Map<string, CoverageNote>();

  add(resourceType: string, resourceId: string, reason: string, file: string | null = null): void {
    const key = `${resourceType}\u0000${resourceId}\u0000${reason}`;
    if (!this.notes.has(key)) this.notes.set(key, { resourceType, resourceId, reason, file });
  }

  sorted(): CoverageNote[] {
    return [...this.notes.entries()].sort(([a], [b]) => compareText(a, b)).map(([, note]) => note);
  }
}
