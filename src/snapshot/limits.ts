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
}

export const DEFAULT_LIMITS: SnapshotLimits = {
  maxFileBytes: 256 * 1024 * 1024,
  maxDepth: 64,
  maxFiles: 100_000,
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
