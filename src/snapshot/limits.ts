// How much of a snapshot the loader reads before refusing it: a hostile or broken folder gets one
// clear line naming the limit and the option that raises it, not an out-of-memory crash, a stack
// overflow or a walk that never ends.

export interface SnapshotLimits {
  /** Largest JSON file read, in bytes (--max-file-size). */
  readonly maxFileBytes: number;
  /** Deepest nesting of arrays and objects in one file (--max-depth). */
  readonly maxDepth: number;
  /** Most *.json files below the folder (--max-files). */
  readonly maxFiles: number;
  /**
   * Files larger than this are read record by record (json-stream.ts) instead of as one string:
   * above V8's string limit (~512 MiB) nothing else works, and below it streaming still saves
   * holding the file's bytes and its text at once.
   */
  readonly streamAboveBytes: number;
}

// 2 GiB: files past the stream threshold are never one string, so the file size limit no longer
// guards the string length but the memory the records take: a 2 GiB describe-instances (about
// 250,000 full instance records) loads in well under the memory of a machine that runs it.
export const DEFAULT_LIMITS: SnapshotLimits = {
  maxFileBytes: 2 * 1024 ** 3,
  maxDepth: 64,
  maxFiles: 100_000,
  streamAboveBytes: 64 * 1024 ** 2,
};

const UNITS: readonly [string, number][] = [
  ['GiB', 1024 ** 3],
  ['MiB', 1024 ** 2],
  ['KiB', 1024],
];

/** 268435456 → "256 MiB", 1536 → "1.5 KiB", 100 → "100 bytes". */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of UNITS) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}
