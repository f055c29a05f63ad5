// Windows `netstat -ano` output → listeners, named from `tasklist /fo csv` when given.
//   Proto  Local Address          Foreign Address        State           PID
//   TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1012
//   UDP    [::]:500               *:*                                    3348
// The lines before the first TCP/UDP line ("Active Connections", the column header) are
// translated on non-English Windows and are skipped; every later line must be a socket.
import type { Listener } from '../model/types.js';
import { AgentError } from './errors.js';
import { parseHostPort } from './host-port.js';

const TCP_LINE = /^TCP\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(\d+))?$/;
const UDP_LINE = /^UDP\s+(\S+)\s+\*:\*(?:\s+(\d+))?$/;
// A listening socket has no peer. Testing that rather than the word LISTENING keeps German
// ("ABHÖREN"), French ("ÉCOUTE") … output readable; BOUND (netstat -q) sockets don't listen.
const NO_PEER = new Set(['0.0.0.0:0', '[::]:0']);

interface NetstatSocket {
  readonly protocol: 'tcp' | 'udp';
  readonly local: string;
  readonly pid: string | undefined;
  readonly listening: boolean;
}

function socketOf(line: string): NetstatSocket | null {
  const tcp = TCP_LINE.exec(line);
  if (tcp !== null) {
    const [, local, peer, state, pid] = tcp;
    const listening = state.toUpperCase() === 'LISTENING' || (NO_PEER.has(peer) && state.toUpperCase() !== 'BOUND');
    return { protocol: 'tcp', local, pid, listening };
  }
  const udp = UDP_LINE.exec(line);
  return udp === null ? null : { protocol: 'udp', local: udp[1], pid: udp[2], listening: true };
}

/** `names`: image name by PID (tasklist); a PID it lacks (the process ended) leaves `process` null. */
export function parseNetstatWindows(text: string, file: string, names: ReadonlyMap<number, string> | null): Listener[] {
  const listeners: Listener[] = [];
  let inTable = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const socket = socketOf(line);
    if (socket === null && !inTable && !/^(TCP|UDP)\s/.test(line)) return;
    inTable = true;
    const bound = socket === null ? null : parseHostPort(socket.local);
    if (socket === null || bound === null) {
      throw AgentError.at(file, index + 1, `expected a TCP or UDP line of "netstat -ano" output (Proto Local Foreign State PID), got ${JSON.stringify(line.slice(0, 80))}`);
    }
    if (!socket.listening || bound.port === 0) return;
    const pid = socket.pid === undefined ? null : Number(socket.pid);
    const name = pid === null ? undefined : names?.get(pid);
    listeners.push({ protocol: socket.protocol, port: bound.port, address: bound.address, process: name === undefined ? null : { name, pid, path: null } });
  });
  if (!inTable) throw AgentError.at(file, 1, 'expected "netstat -ano" output, found no TCP or UDP line');
  return listeners;
}
