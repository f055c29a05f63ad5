// A snapshot file too large to parse whole (json-stream.ts): its top-level lists are read in
// parts of PART_SIZE records as they stream by, everything else is gathered into a small
// document that readDocument reads as usual.
import { readDocument, readListPart, readsListInParts, type DocumentContext } from './file-kinds.js';
import { NotAnObject, streamTopLevel } from './json-stream.js';
import type { SnapshotLimits } from './limits.js';
import { printable } from '../model/printable.js';
import { RawSnapshot } from './raw-snapshot.js';
import type { CoverageNote } from '../model/types.js';

const PART_SIZE = 1000;

export function readStreamedDocument(ctx: DocumentContext, absolutePath: string, limits: SnapshotLimits): void {
  const part = new RawSnapshot();
  const coverage: CoverageNote[] = [];
  const warnings: string[] = [];
  const local: DocumentContext = { ...ctx, raw: part, coverage, warnings };
  const rest: Record<string, unknown> = {};
  let partKey: string | null = null;
  /** A list that is not read in parts, gathered whole for readDocument. */
  let wholeList: unknown[] = [];
  let items: unknown[] = [];
  let firstIndex = 0;
  const readPart = (): void => {
    if (partKey !== null && items.length > 0) readListPart(local, partKey, items, firstIndex);
    items = [];
  };
  try {
    streamTopLevel(absolutePath, ctx.origin.file, limits, {
      list(key) {
        readPart();
        partKey = readsListInParts(key) ? key : null;
        if (partKey !== null) {
          readListPart(local, key, [], 0);
        } else {
          wholeList = [];
          rest[key] = wholeList;
        }
      },
      item(_key, index, value) {
        if (partKey === null) {
          wholeList.push(value);
          return;
        }
        if (items.length === 0) firstIndex = index;
        items.push(value);
        if (items.length >= PART_SIZE) readPart();
      },
      member(key, value) {
        readPart();
        partKey = null;
        rest[key] = value;
      },
    });
    readPart();
  } catch (error) {
    if (!(error instanceof NotAnObject)) throw error;
    warnings.push(`${printable(ctx.origin.file)}: not an object of AWS data (${error.found} at the top level), skipped`);
  }
  if (Object.keys(rest).length > 0) readDocument(local, rest);
  ctx.raw.absorb(part);
  for (const note of coverage) ctx.coverage.push(note);
  for (const warning of warnings) ctx.warnings.push(warning);
}
