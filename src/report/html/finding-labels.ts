// How a finding's fields read in the HTML report's cells: short enough for a dense table, with
// the whole value kept for the detail row and for tooltips.
import type { Via } from '../../engine/types.js';
import type { Finding } from '../../findings/finding.js';
import { portRangesPhrase, sourcesForPeople } from '../../findings/wording.js';
import { keptFor } from '../../engine/answer-memo.js';
import { familyOf } from '../../net/index.js';
import { shortId } from '../table.js';

/** "TCP 22", or for NetworkExposure the ranges the group admits: "TCP 21-22, 80 and UDP 53". */
export function portsLabel(f: Finding): string {
  if (f.protocol !== null && f.port !== null) return `${f.protocol.toUpperCase()} ${f.port}`;
  return portRangesPhrase(f.tcpPorts ?? [], f.udpPorts ?? []);
}

/** Sorts TCP before UDP, then by the (first) port number. */
export function portsSortKey(f: Finding): string {
  const protocol = f.protocol ?? ((f.tcpPorts ?? []).length > 0 ? 'tcp' : 'udp');
  const port = f.port ?? (f.tcpPorts ?? [])[0]?.[0] ?? (f.udpPorts ?? [])[0]?.[0] ?? 0;
  return `${protocol} ${String(port).padStart(5, '0')}`;
}

/** The recognized service, else the listening process; NetworkExposure has neither. */
export function serviceLabel(f: Finding): string {
  return f.portGroupName ?? f.listener?.process?.name ?? '';
}

/** "IGW igw-0abc" or "ALB web:443". */
export function viaLabel(via: Via): string {
  return 'listenerPort' in via ? `${via.type} ${shortId(via.id)}:${via.listenerPort}` : `${via.type} ${via.id}`;
}

export function reachabilityLabel(f: Finding): string {
  return `${f.reachabilityType}${f.ipVersion === 6 ? ' IPv6' : ''}`;
}

// The findings of one cell share their source list, and each finding shows it twice.
const sendersLabels = new WeakMap<readonly string[], string>();

/** "0.0.0.0/0 except 10.0.0.0/8, …" when that is the shorter form, else every CIDR. */
export function sendersLabel(sources: readonly string[]): string {
  if (sources.length === 0) return 'no addresses';
  return keptFor(sendersLabels, sources, () => {
    const shown = sourcesForPeople(sources);
    const everything = familyOf(sources[0]!) === 6 ? '::/0' : '0.0.0.0/0';
    return shown.except ? `${everything} except ${shown.cidrs.join(', ')}` : shown.cidrs.join(', ');
  });
}

export function listenerLabel(f: Finding): string {
  const l = f.listener;
  if (l !== null) {
    const p = l.process;
    const details = p === null ? [] : [p.pid === null ? null : `pid ${p.pid}`, p.path].filter((d): d is string => d !== null);
    const process = `${p === null ? 'a process' : p.name}${details.length === 0 ? '' : ` (${details.join(', ')})`}`;
    return `${process} listening on ${l.address}:${l.port}/${l.protocol}`;
  }
  if (f.ruleType === 'RecognizedPortNoAgent') return 'unknown: no listener data for this instance';
  if (f.ruleType === 'NetworkExposure') return 'not checked for exposure findings';
  return 'none on this port';
}
