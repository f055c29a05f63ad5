// Generated estates are kept (by size and seed) so that reruns of the benchmark skip generation:
// a folder whose manifest.json names the same generator version, seed and size is reused.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EstateSize } from './sizes.js';
import { GENERATOR_VERSION, writeEstate, type EstateCounts } from './write-estate.js';

export function defaultEstateDir(label: string, seed: number): string {
  return join(tmpdir(), 'netreach-bench', `${label}-${seed}`);
}

interface GeneratedManifest {
  readonly generatorVersion?: number;
  readonly seed?: number;
  readonly size?: EstateSize;
  readonly estate?: EstateCounts;
}

function reusable(dir: string, size: EstateSize, seed: number): EstateCounts | null {
  const manifest = join(dir, 'manifest.json');
  if (!existsSync(manifest)) return null;
  const found = JSON.parse(readFileSync(manifest, 'utf8')) as GeneratedManifest;
  if (found.generatorVersion !== GENERATOR_VERSION || found.seed !== seed || JSON.stringify(found.size) !== JSON.stringify(size) || found.estate === undefined) return null;
  return found.estate;
}

/** The estate's folder, generated unless a finished one of this size and seed is there. */
export async function ensureEstate(dir: string, size: EstateSize, seed: number): Promise<{ counts: EstateCounts; generated: boolean }> {
  const kept = reusable(dir, size, seed);
  if (kept !== null) return { counts: kept, generated: false };
  rmSync(dir, { recursive: true, force: true });
  return { counts: await writeEstate(dir, size, seed), generated: true };
}
