// Linux's socket tables, /proc/net/{tcp,tcp6,udp,udp6}: one row per socket, addresses in hex.
//
// The kernel prints each 32-bit word of an address with %08X as a host-order integer, so on a
// little-endian host the bytes of every word come out reversed (127.0.0.1 is 0100007F, and ::1 is
// 00000000000000000000000001000000: four words, each reversed on its own). Ports are printed
// after ntohs and read as they are.
import type { IpFamily } from '../net/index.js';
import type { Transport } from '../model/types.js';
import { boundAddress } from './bound-address.js';
import { AgentError } from './errors.js';

export type Endianness = 'LE' | 'BE';

/** A listening TCP socket or a bound UDP socket. */
export interface ProcSocket {
  readonly protocol: Transport;
  readonly address: string;
  readonly port: number;
  /** The socket's inode, as /proc/<pid>/fd/* links name it: socket:[inode]. */
  readonly inode: string;
}

export interface ProcNetTable {
  readonly protocol: Transport;
  readonly family: IpFamily;
  /** The file below the proc root, e.g. net/tcp6. */
  readonly file: string;
}

export const PROC_NET_TABLES: readonly ProcNetTable[] = [
  { protocol: 'tcp', family: 4, file: 'net/tcp' },
  { protocol: 'tcp', family: 6, file: 'net/tcp6' },
  { protocol: 'udp', family: 4, file: 'net/udp' },
  { protocol: 'udp', family: 6, file: 'net/udp6' },
];

// include/net/tcp_states.h
const TCP_LISTEN = '0A';
// A UDP socket that is bound but not connect()ed sits in TCP_CLOSE; a connected one (01) only
// takes datagrams from its peer, so it listens for nobody.
const UDP_UNCONNECTED = '07';

/** The hex of a /proc/net address (8 or 32 hex digits, as checked by the caller) → its value. */
export function procHexAddress(hex: string, endianness: Endianness): bigint {
  let value = 0n;
  for (let word = 0; word < hex.length; word += 8) {
    const bytes = hex.slice(word, word + 8).match(/../g)!;
    const ordered = endianness === 'LE' ? bytes.reverse() : bytes;
    value = (value << 32n) | BigInt(`0x${ordered.join('')}`);
  }
  return value;
}

const LOCAL_ADDRESS: Readonly<Record<IpFamily, RegExp>> = {
  4: /^([0-9A-Fa-f]{8}):([0-9A-Fa-f]{4})$/,
  6: /^([0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/,
};

function isListening(protocol: Transport, state: string, port: number): boolean {
  return protocol === 'tcp' ? state === TCP_LISTEN : state === UDP_UNCONNECTED && port !== 0;
}

/** The listening (TCP) or bound (UDP) sockets of one table's text; the header row is skipped. */
export function parseProcNetTable(text: string, table: ProcNetTable, endianness: Endianness, fileName = table.file): ProcSocket[] {
  const sockets: ProcSocket[] = [];
  text.split('\n').forEach((line, index) => {
    const fields = line.trim().split(/\s+/);
    if (index === 0 || fields[0] === '') return;
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
    const [, local = '', , state = '', , , , , , inode = ''] = fields;
    const address = LOCAL_ADDRESS[table.family].exec(local);
    if (address === null || !/^[0-9A-Fa-f]{2}$/.test(state) || !/^\d+$/.test(inode)) {
      throw AgentError.at(
        fileName,
        index + 1,
        `expected "sl local_address rem_address st … inode" with IPv${table.family} addresses, got "${line.trim()}"`,
      );
    }
    const port = parseInt(address[2], 16);
    if (!isListening(table.protocol, state.toUpperCase(), port)) return;
    const value = procHexAddress(address[1], endianness);
    sockets.push({ protocol: table.protocol, address: boundAddress(table.family, value), port, inode });
  });
  return sockets;
}
