// Amazon Inspector (Classic)'s recognized ports (SPEC §5), with netreach's base severities.
import type { Transport } from '../model/types.js';
import type { Severity } from './severity.js';

export interface RecognizedService {
  /** The PORT_GROUP_NAME Inspector reports, e.g. 'SSH'. */
  readonly name: string;
  readonly baseSeverity: Severity;
}

interface ServicePorts {
  readonly name: string;
  readonly baseSeverity: Severity;
  readonly tcp: readonly number[];
  readonly udp: readonly number[];
}

const NFS_PORTS = [111, 2049, 4045, 1110];
const RPC_PORTS = [111, 135, 530];
const WINS_PORTS = [42, 1512];
const DHCP_PORTS = [67, 68, 546, 547];

/**
 * Inspector's table, in its order. Port 111 appears under both NFS and RPC; Inspector names it
 * NFS, so NFS is listed first and the first service to claim a port keeps it.
 */
export const RECOGNIZED_SERVICES: readonly ServicePorts[] = [
  { name: 'SMB', baseSeverity: 'High', tcp: [445], udp: [445] },
  { name: 'NetBIOS', baseSeverity: 'High', tcp: [137, 139], udp: [137, 138] },
  { name: 'LDAP', baseSeverity: 'Medium', tcp: [389], udp: [389] },
  { name: 'LDAP over TLS', baseSeverity: 'Medium', tcp: [636], udp: [] },
  { name: 'Global catalog LDAP', baseSeverity: 'Medium', tcp: [3268], udp: [] },
  { name: 'Global catalog LDAP over TLS', baseSeverity: 'Medium', tcp: [3269], udp: [] },
  { name: 'NFS', baseSeverity: 'High', tcp: NFS_PORTS, udp: NFS_PORTS },
  { name: 'Kerberos', baseSeverity: 'Medium', tcp: [88, 464, 543, 544, 749, 751], udp: [88, 464, 749, 750, 751, 752] },
  { name: 'RPC', baseSeverity: 'High', tcp: RPC_PORTS, udp: RPC_PORTS },
  { name: 'WINS', baseSeverity: 'High', tcp: WINS_PORTS, udp: WINS_PORTS },
  { name: 'DHCP', baseSeverity: 'Medium', tcp: DHCP_PORTS, udp: DHCP_PORTS },
  { name: 'Syslog', baseSeverity: 'Medium', tcp: [601], udp: [514] },
  { name: 'Print services', baseSeverity: 'Medium', tcp: [515], udp: [] },
  { name: 'Telnet', baseSeverity: 'High', tcp: [23], udp: [23] },
  { name: 'FTP', baseSeverity: 'High', tcp: [21], udp: [21] },
  { name: 'SSH', baseSeverity: 'Medium', tcp: [22], udp: [22] },
  { name: 'RDP', baseSeverity: 'High', tcp: [3389], udp: [3389] },
  { name: 'MongoDB', baseSeverity: 'Medium', tcp: [27017, 27018, 27019, 28017], udp: [] },
  { name: 'SQL Server', baseSeverity: 'Medium', tcp: [1433], udp: [1434] },
  { name: 'MySQL', baseSeverity: 'Medium', tcp: [3306], udp: [] },
  { name: 'PostgreSQL', baseSeverity: 'Medium', tcp: [5432], udp: [] },
  { name: 'Oracle', baseSeverity: 'Medium', tcp: [1521, 1630], udp: [] },
  { name: 'Elasticsearch', baseSeverity: 'Medium', tcp: [9200, 9300], udp: [] },
  { name: 'HTTP', baseSeverity: 'Informational', tcp: [80], udp: [80] },
  { name: 'HTTPS', baseSeverity: 'Informational', tcp: [443], udp: [443] },
];

function portIndex(protocol: Transport): ReadonlyMap<number, RecognizedService> {
  const index = new Map<number, RecognizedService>();
  for (const service of RECOGNIZED_SERVICES) {
    for (const port of service[protocol]) {
      if (!index.has(port)) index.set(port, { name: service.name, baseSeverity: service.baseSeverity });
    }
  }
  return index;
}

const BY_PROTOCOL: Readonly<Record<Transport, ReadonlyMap<number, RecognizedService>>> = {
  tcp: portIndex('tcp'),
  udp: portIndex('udp'),
};

/** Recognized ports of one protocol, ascending. */
export const RECOGNIZED_PORTS: Readonly<Record<Transport, readonly number[]>> = {
  tcp: [...BY_PROTOCOL.tcp.keys()].sort((a, b) => a - b),
  udp: [...BY_PROTOCOL.udp.keys()].sort((a, b) => a - b),
};

export function recognizedService(protocol: Transport, port: number): RecognizedService | null {
  return BY_PROTOCOL[protocol].get(port) ?? null;
}

/** The recognized ports of `protocol` inside the inclusive range [from, to], ascending. */
export function recognizedPortsIn(protocol: Transport, from: number, to: number): number[] {
  return RECOGNIZED_PORTS[protocol].filter((port) => port >= from && port <= to);
}
