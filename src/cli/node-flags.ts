// The node flags bin/netreach.js starts the CLI's node with (the bench runs with them too).
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';

// Larger semi-spaces, so the short-lived objects of a large assessment die young instead of
// costing old-generation collections: 32 MB made a 100,000-instance assessment about 7% faster on
// a 2-core machine (mean of 7 runs each, alternated: 49.4 s -> 46.2 s end to end; single runs
// vary by ±10%), at the same peak memory; 64 and 128 MB gave the same within the noise.
export const SEMI_SPACE_FLAG = '--max-semi-space-size=32';

/** Share of the machine's (or the container's) memory the JavaScript heap may grow to. */
const HEAP_SHARE = 0.75;

export interface MemoryFacts {
  /** os.totalmem(). */
  readonly totalBytes: number;
  /** process.constrainedMemory(): a cgroup's limit, or a huge number / 0 / undefined without one. */
  readonly constrainedBytes: number | undefined;
  /** v8.getHeapStatistics().heap_size_limit of a node started without flags. */
  readonly heapLimitBytes: number;
}

/** This machine's facts, as the running node sees them. */
export function machineMemory(): MemoryFacts {
  return { totalBytes: totalmem(), constrainedBytes: process.constrainedMemory?.(), heapLimitBytes: getHeapStatistics().heap_size_limit };
}

/**
 * V8's old space stops at about 4 GiB unless told otherwise, whatever the machine has: a
 * 250,000-instance estate (2.3 GB of JSON) then took 150 s at 3.8 GB, collecting garbage ever
 * more often near the limit, and a larger one would stop with "heap out of memory". With the
 * limit at three quarters of the memory it took 122 s (same report, 4.0 GB). Null when that
 * would not raise node's own limit.
 */
export function heapLimitFlag(memory: MemoryFacts): string | null {
  const constrained = memory.constrainedBytes;
  const available = constrained !== undefined && constrained > 0 && constrained < memory.totalBytes ? constrained : memory.totalBytes;
  const megabytes = Math.floor((available * HEAP_SHARE) / 2 ** 20);
  return megabytes * 2 ** 20 > memory.heapLimitBytes ? `--max-old-space-size=${megabytes}` : null;
}

/**
 * The flags to start node once more with, given the flags node already has (its execArgv and
 * NODE_OPTIONS); none when node already has a semi-space size (whoever set it chose its flags).
 */
export function respawnFlags(given: readonly string[], memory: MemoryFacts): string[] {
  if (given.some((arg) => arg.startsWith('--max-semi-space-size'))) return [];
  const heap = given.some((arg) => arg.startsWith('--max-old-space-size')) ? null : heapLimitFlag(memory);
  return heap === null ? [SEMI_SPACE_FLAG] : [SEMI_SPACE_FLAG, heap];
}
