// Finding a snapshot's JSON files: every *.json below the folder, in sorted order, with the
// account and region that the folder levels above each file name.
import { compareText } from '../model/compare-text.js';
import { closeSync, lstatSync, openSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { printable } from '../model/printable.js';
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

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function errorCode(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return null;
}

/**
 * File system failures (permissions, races) as SnapshotErrors: one line, never a stack trace.
 * The loader's file system calls are synchronous: through libuv's thread pool, reading the 8,811
 * files of a 100,000-instance estate took 4.6 s against 0.12 s with the synchronous calls.
 */
export function unreadable<T>(relativePath: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw new SnapshotError(relativePath, '$', `expected a readable file or folder, got ${errorCode(error) ?? 'an error'}`);
  }
}

/** `use` of the file opened for reading; the file is closed after, whatever happens. */
export function withOpenFile<T>(absolutePath: string, relativePath: string, use: (fd: number) => T): T {
  const fd = unreadable(relativePath, () => openSync(absolutePath, 'r'));
  try {
    return use(fd);
  } finally {
    try {
      closeSync(fd);
    } catch {
      // closing a file that was only read cannot lose anything
    }
  }
}

interface PendingLink {
  readonly entryPath: string;
  readonly relativePath: string;
  readonly name: string;
  readonly scope: Scope;
}

/**
 * Every *.json below `dir`, at most `maxFiles` of them: the real folders depth first in sorted
 * order, then what symbolic links lead to. A link is followed only inside the folder and only to
 * a file or folder not read already (so loops and aliases end); each link not followed is a
 * warning.
 */
export function findJsonFiles(dir: string, maxFiles = Number.POSITIVE_INFINITY): FoundFiles {
  let root: string;
  try {
    root = realpathSync(dir);
  } catch (error) {
    const code = errorCode(error);
    throw new SnapshotError(dir, '$', `expected a snapshot folder, got ${code === 'ENOENT' ? 'nothing (no such folder)' : `an unreadable path (${code ?? 'error'})`}`);
  }
  if (!statSync(root).isDirectory()) throw new SnapshotError(dir, '$', 'expected a snapshot folder, got a file');

  const files: SnapshotFile[] = [];
  const warnings: string[] = [];
  const visited = new Set<string>([root]);
  const links: PendingLink[] = [];
  // Folder levels at and above the snapshot folder count too: `snapshots/123456789012/us-east-1`.
  let rootScope: Scope = { account: null, region: null };
  for (const level of path.resolve(dir).split(path.sep)) rootScope = scopeBelow(rootScope, level);

  function addFile(target: string, relativePath: string, scope: Scope): void {
    if (files.length >= maxFiles) {
      throw new SnapshotError(dir, '$', `expected at most ${maxFiles} JSON files (--max-files), got more`);
    }
    visited.add(target);
    files.push({ absolutePath: target, relativePath, account: scope.account, region: scope.region });
  }

  function visit(target: string, info: Stats, relativePath: string, name: string, scope: Scope): void {
    if (info.isDirectory()) {
      visited.add(target);
      walk(target, relativePath, scopeBelow(scope, name));
    } else if (name.toLowerCase().endsWith('.json')) {
      // A FIFO or a device would block or never end.
      if (info.isFile()) addFile(target, relativePath, scope);
      else warnings.push(`${printable(relativePath)}: not a regular file, skipped`);
    }
  }

  function walk(realDir: string, relativeDir: string, scope: Scope): void {
    const names = unreadable(relativeDir || '.', () => readdirSync(realDir)).sort(compareText);
    for (const name of names) {
      const relativePath = relativeDir === '' ? name : `${relativeDir}/${name}`;
      const entryPath = path.join(realDir, name);
      const info = unreadable(relativePath, () => lstatSync(entryPath));
      if (info.isSymbolicLink()) links.push({ entryPath, relativePath, name, scope });
      else visit(entryPath, info, relativePath, name, scope);
    }
  }

  function follow(link: PendingLink): void {
    const shown = printable(link.relativePath);
    let target: string;
    try {
      target = realpathSync(link.entryPath);
    } catch {
      warnings.push(`${shown}: broken symbolic link (or a loop of links), skipped`);
      return;
    }
    if (!isInside(root, target)) {
      warnings.push(`${shown}: symbolic link to outside the snapshot folder, not followed`);
      return;
    }
    const info = unreadable(link.relativePath, () => statSync(target));
    if (!info.isDirectory() && !link.name.toLowerCase().endsWith('.json')) return;
    if (visited.has(target)) {
      warnings.push(`${shown}: symbolic link to ${info.isDirectory() ? 'a folder' : 'a file'} read already (a loop or an alias), skipped`);
      return;
    }
    visit(target, info, link.relativePath, link.name, link.scope);
  }

  walk(root, '', rootScope);
  // Links found while following links join the queue: each target is read once, so it ends.
  for (let i = 0; i < links.length; i++) follow(links[i]);
  return { files, warnings };
}
