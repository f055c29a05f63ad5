// A /proc tree in a temporary folder: the captured net/ tables of fixtures/proc plus processes
// whose fd links name sockets, laid out as Linux lays them out.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export interface FakeProcess {
  readonly pid: number;
  readonly comm: string;
  /** Absent: no exe link (a kernel thread, or hidden). */
  readonly exe?: string;
  /** fd number → link target, e.g. socket:[18320]; null: the fd folder can't be read. */
  readonly fds: Readonly<Record<number, string>> | null;
}

export function procTree(processes: readonly FakeProcess[]): { root: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'netreach-proc-'));
  cpSync(join(FIXTURES, 'proc'), root, { recursive: true });
  symlinkSync('4242', join(root, 'self'));
  for (const p of processes) {
    const dir = join(root, String(p.pid));
    mkdirSync(dir);
    writeFileSync(join(dir, 'comm'), `${p.comm}\n`);
    if (p.exe !== undefined) symlinkSync(p.exe, join(dir, 'exe'));
    // A file where the folder should be fails like a folder we may not read.
    if (p.fds === null) writeFileSync(join(dir, 'fd'), '');
    else {
      mkdirSync(join(dir, 'fd'));
      for (const [fd, target] of Object.entries(p.fds)) symlinkSync(target, join(dir, 'fd', fd));
    }
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export function scratchDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'netreach-agent-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
