// `netreach agent` on Linux: the host's listening sockets from /proc, each with its process.
import { readFile } from 'node:fs/promises';
import { endianness as hostEndianness } from 'node:os';
import { join } from 'node:path';
import type { Listener } from '../model/types.js';
import { AgentError } from './errors.js';
import { PROC_NET_TABLES, parseProcNetTable, type Endianness, type ProcSocket } from './proc-net.js';
import { socketOwners } from './proc-processes.js';

export interface ProcOptions {
  /** Normally /proc; tests pass a fixture tree laid out the same way. */
  readonly procRoot: string;
  /** How the kernel wrote the address words: the host's byte order. */
  readonly endianness: Endianness;
}

export const HOST_PROC: ProcOptions = { procRoot: '/proc', endianness: hostEndianness() };

function isMissing(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

async function listeningSockets(options: ProcOptions): Promise<ProcSocket[]> {
  const sockets: ProcSocket[] = [];
  let tablesRead = 0;
  for (const table of PROC_NET_TABLES) {
    const path = join(options.procRoot, table.file);
    // tcp6/udp6 are absent when the kernel runs without IPv6.
    const text = await readFile(path, 'utf8').catch((error: unknown) => {
      if (isMissing(error)) return null;
      throw new AgentError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (text === null) continue;
    tablesRead++;
    sockets.push(...parseProcNetTable(text, table, options.endianness, path));
  }
  if (tablesRead === 0) {
    throw new AgentError(
      `no socket tables under ${join(options.procRoot, 'net')}: the agent reads Linux's /proc; elsewhere capture ss or netstat output and use "netreach agent import"`,
    );
  }
  return sockets;
}

/** Every listening TCP and bound UDP socket; `process` is null where the owner can't be seen. */
export async function collectListeners(options: ProcOptions = HOST_PROC): Promise<Listener[]> {
  const sockets = await listeningSockets(options);
  const owners = await socketOwners(options.procRoot, new Set(sockets.map((s) => s.inode)));
  return sockets.map((s) => ({ protocol: s.protocol, port: s.port, address: s.address, process: owners.get(s.inode) ?? null }));
}
