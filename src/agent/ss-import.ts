// `ss -tulpnH` output (iproute2) → listeners. Columns: Netid State Recv-Q Send-Q Local Peer
// Process, where Netid is missing when only one of -t/-u was given and Process when -p was not
// (or ss could not see the owner: without root, other users' processes stay unnamed).
import type { Listener, ListenerProcess, Transport } from '../model/types.js';
import { shortened } from '../model/printable.js';
import { AgentError } from './errors.js';
import { parseHostPort } from './host-port.js';

const LISTENING_STATE: Readonly<Record<string, Transport>> = { LISTEN: 'tcp', UNCONN: 'udp' };
const SS_STATES = new Set(['LISTEN', 'UNCONN', 'ESTAB', 'SYN-SENT', 'SYN-RECV', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSING', 'UNKNOWN']);
const HEADER = /^(Netid|State)\s+/;
// users:(("sshd",pid=812,fd=3)) since iproute2 4.0; users:(("sshd",812,3)) before.
const USER = /\("((?:[^"\\]|\\.)*)",(?:pid=)?(\d+),(?:fd=)?\d+\)/g;

interface SsLine {
  readonly lineNumber: number;
  readonly text: string;
  readonly netid: string | null;
  readonly state: string;
  readonly local: string;
}

function splitLine(text: string, lineNumber: number): SsLine | null {
  const fields = text.trim().split(/\s+/);
  const hasNetid = !SS_STATES.has(fields[0]);
  const [netid, state, recvQ, sendQ, local] = hasNetid ? fields : ['', ...fields];
  if (state === undefined || local === undefined || !SS_STATES.has(state)) return null;
  if (!/^\d+$/.test(recvQ) || !/^\d+$/.test(sendQ)) return null;
  return { lineNumber, text, netid: hasNetid ? netid : null, state, local };
}

/**
 * What a bare `*:22` means. Today's ss (iproute2 6.1, checked) writes IPv4 "any" as 0.0.0.0,
 * brackets IPv6 and uses `*` for an IPv6 `::` socket that also takes IPv4 (`[::]` when it is
 * IPV6_V6ONLY). Old releases wrote `*` for IPv4 "any" and IPv6 unbracketed (`:::22`), which gives
 * that format away. Without any IPv6 line to tell, `::` is assumed: it counts for IPv4 as well,
 * so no reachable listener is missed.
 */
function wildcardOf(lines: readonly SsLine[]): string {
  const oldFormat = lines.some((l) => !l.local.startsWith('[') && l.local.indexOf(':') !== l.local.lastIndexOf(':'));
  return oldFormat ? '0.0.0.0' : '::';
}

function processesOf(text: string): (ListenerProcess | null)[] {
  const users = [...text.matchAll(USER)].map((m) => ({ name: m[1], pid: Number(m[2]), path: null }));
  return users.length === 0 ? [null] : users;
}

/** One line's listeners (one per process sharing the socket), [] for sockets that don't listen. */
function lineListeners(line: SsLine, wildcard: string, file: string): Listener[] {
  const protocol = LISTENING_STATE[line.state];
  // Other netids (raw, sctp, mptcp) and sockets in other states take no new connections.
  if (protocol === undefined || (line.netid !== null && line.netid !== protocol)) return [];
  const bound = parseHostPort(line.local, wildcard);
  if (bound === null) throw AgentError.at(file, line.lineNumber, `expected a local address:port, got ${JSON.stringify(shortened(line.local, 80))}`);
  if (bound.port === 0) return [];
  // Today's ss brackets an IPV6_V6ONLY socket's "any" (`[::]`) and writes a dual-stack one `*`.
  const ipv6Only = wildcard === '::' && /^\[::\]:/.test(line.local);
  return processesOf(line.text).map((process) => ({ protocol, port: bound.port, address: bound.address, process, ...(ipv6Only ? { ipv6Only: true } : {}) }));
}

/** All listeners in ss output; an unreadable line is an AgentError naming `file` and the line. */
export function parseSsOutput(text: string, file: string): Listener[] {
  const lines: SsLine[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || HEADER.test(line)) return;
    const split = splitLine(line, index + 1);
    if (split === null) {
      throw AgentError.at(
        file,
        index + 1,
        `expected a line of "ss -tulpnH" output (Netid State Recv-Q Send-Q Local:Port Peer:Port users:(…)), got ${JSON.stringify(line.trim().slice(0, 80))}`,
      );
    }
    lines.push(split);
  });
  const wildcard = wildcardOf(lines);
  return lines.flatMap((line) => lineListeners(line, wildcard, file));
}
