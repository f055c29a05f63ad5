// Which process holds each socket: /proc/<pid>/fd/* are links named socket:[inode]. Without root
// only one's own processes' fd folders can be read; the others' sockets stay unattributed.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ListenerProcess } from '../model/types.js';

const SOCKET_LINK = /^socket:\[(\d+)\]$/;

async function orNull<T>(read: Promise<T>): Promise<T | null> {
  // EACCES (not ours), ENOENT (the process or fd went away meanwhile): either way, not known.
  return read.catch(() => null);
}

async function processIds(procRoot: string): Promise<number[]> {
  const entries = await readdir(procRoot);
  return entries
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
}

async function socketInodesOf(procRoot: string, pid: number): Promise<string[]> {
  const fdDir = join(procRoot, String(pid), 'fd');
  const fds = await orNull(readdir(fdDir));
  if (fds === null) return [];
  const links = await Promise.all(fds.map((fd) => orNull(readlink(join(fdDir, fd)))));
  return links.flatMap((link) => {
    const socket = link === null ? null : SOCKET_LINK.exec(link);
    return socket === null ? [] : [socket[1]];
  });
}

async function describeProcess(procRoot: string, pid: number): Promise<ListenerProcess | null> {
  const comm = await orNull(readFile(join(procRoot, String(pid), 'comm'), 'utf8'));
  if (comm === null) return null;
  // Kernel threads have no exe; another user's process may hide it.
  const path = await orNull(readlink(join(procRoot, String(pid), 'exe')));
  return { name: comm.replace(/\n$/, ''), pid, path };
}

/**
 * The process holding each of `inodes`. A socket shared by several processes (a forking server's
 * workers inherit the listening socket) goes to the lowest pid, normally the one that opened it.
 */
export async function socketOwners(procRoot: string, inodes: ReadonlySet<string>): Promise<Map<string, ListenerProcess>> {
  const owners = new Map<string, ListenerProcess>();
  for (const pid of await processIds(procRoot)) {
    if (owners.size === inodes.size) break;
    const held = (await socketInodesOf(procRoot, pid)).filter((inode) => inodes.has(inode) && !owners.has(inode));
    if (held.length === 0) continue;
    const owner = await describeProcess(procRoot, pid);
    if (owner === null) continue;
    for (const inode of held) owners.set(inode, owner);
  }
  return owners;
}
