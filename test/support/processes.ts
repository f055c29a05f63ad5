// Looking at processes through Linux's /proc, for tests of what the CLI and the test runner start
// and stop.
import { readFileSync } from 'node:fs';

/** The pids of `pid`'s child processes (of its main thread); none once it is gone. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter((c) => c !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/** The process's command line; null once it is gone. */
export function commandLine(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((a) => a !== '');
  } catch {
    return null;
  }
}

/**
 * Whether the process still runs: not gone and not only a zombie (a killed orphan stays one until
 * init reaps it, which in a sandbox may be never).
 */
export function isRunning(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "pid (command) S …": the state follows the command, which may itself hold spaces or ')'.
  const state = stat.charAt(stat.lastIndexOf(')') + 2);
  return state !== 'Z';
}
