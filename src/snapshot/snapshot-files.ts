// Finding a snapshot's JSON files: every *.json below the folder, in sorted order, with the
// account and region that the folder levels above each file name.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { SnapshotError } from './errors.js';

export interface SnapshotFile {
  readonly absolutePath: string;
  /** Relative to the snapshot folder, '/'-separated: the name errors and notes use. */
  readonly relativePath: string;
  /** The nearest folder level above the file named like a 12-digit account id. */
  readonly account: string | null;
  /** The nearest folder level above the file named like an AWS region. */
  readonly region: string | null;
}

export interface FoundFiles {
  readonly files: readonly SnapshotFile[];
  readonly warnings: readonly string[];
}

const REGION_NAME =
  /^[a-z]{2}(?:-gov|-iso[a-z]?)?-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d{1,2}$/;
const ACCOUNT_NAME = /^\d{12}$/;

export function isRegionName(name: string): boolean {
  return REGION_NAME.test(name);
}

/** us-east-1a, us-east-1-bos-1a (local zone) → us-east-1; null when the zone names no region. */
export function regionOfZone(zone: string | null | undefined): string | null {
  if (zone == null) return null;
  const m = /^([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2})/.exec(zone);
  return m !== null && isRegionName(m[1]) ? m[1] : null;
}

interface Scope {
  readonly account: string | null;
  readonly region: string | null;
}

function scopeBelow(scope: Scope, folderName: string): Scope {
  if (ACCOUNT_NAME.test(folderName)) return { ...scope, account: folderName };
  if (isRegionName(folderName)) return { ...scope, region: folderName };
  return scope;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function errorCode(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return null;
}

/** File system failures (permissions, races) as SnapshotErrors: one line, never a stack trace. */
export async function unreadable<T>(relativePath: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new SnapshotError(relativePath, '$', `expected a readable file or folder, got ${errorCode(error) ?? 'an error'}`);
  }
}

/** Every *.json below `dir` (sorted, depth first). Symlinks are followed only inside the folder. */
export async function findJsonFiles(dir: string): Promise<FoundFiles> {
  let root: string;
  try {
    root = await realpath(dir);
  } catch (error) {
    const code = errorCode(error);
    throw new SnapshotError(dir, '$', `expected a snapshot folder, got ${code === 'ENOENT' ? 'nothing (no such folder)' : `an unreadable path (${code ?? 'error'})`}`);
  }
  if (!(await stat(root)).isDirectory()) throw new SnapshotError(dir, '$', 'expected a snapshot folder, got a file');

  const files: SnapshotFile[] = [];
  const warnings: string[] = [];
  const visited = new Set<string>([root]);
  // Folder levels at and above the snapshot folder count too: `snapshots/123456789012/us-east-1`.
  let rootScope: Scope = { account: null, region: null };
  for (const level of path.resolve(dir).split(path.sep)) rootScope = scopeBelow(rootScope, level);

  async function walk(realDir: string, relativeDir: string, scope: Scope): Promise<void> {
    const names = (await unreadable(relativeDir || '.', () => readdir(realDir))).sort(byCodeUnit);
    for (const name of names) {
      const relativePath = relativeDir === '' ? name : `${relativeDir}/${name}`;
      const entryPath = path.join(realDir, name);
      let target = entryPath;
      const info = await unreadable(relativePath, () => lstat(entryPath));
      if (info.isSymbolicLink()) {
        try {
          target = await realpath(entryPath);
        } catch {
          warnings.push(`${relativePath}: broken symbolic link, skipped`);
          continue;
        }
        if (!isInside(root, target)) {
          warnings.push(`${relativePath}: symbolic link to outside the snapshot folder, not followed`);
          continue;
        }
      }
      const targetInfo = info.isSymbolicLink() ? await unreadable(relativePath, () => stat(target)) : info;
      if (targetInfo.isDirectory()) {
        if (visited.has(target)) continue;
        visited.add(target);
        await walk(target, relativePath, scopeBelow(scope, name));
      } else if (targetInfo.isFile() && name.toLowerCase().endsWith('.json')) {
        files.push({ absolutePath: target, relativePath, account: scope.account, region: scope.region });
      }
    }
  }

  await walk(root, '', rootScope);
  return { files, warnings };
}
