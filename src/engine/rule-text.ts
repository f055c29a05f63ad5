// How routes, NACL entries and security-group rules are named in paths and recommendations:
// in the AWS console's words, so a reader can find the exact line to change.
import { AddressSet } from '../net/index.js';
import type { IpProtocol, NaclEntry, PortRange, Route, SgRule } from '../model/types.js';

const PROTOCOL_NAMES: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6' };

export function protocolName(protocol: IpProtocol): string {
  if (protocol === 'all') return 'all';
  return PROTOCOL_NAMES[protocol] ?? `protocol ${protocol}`;
}

function portText(ports: PortRange | null): string {
  if (ports === null || (ports[0] === 0 && ports[1] === 65535)) return 'all ports';
  return ports[0] === ports[1] ? `port ${ports[0]}` : `ports ${ports[0]}-${ports[1]}`;
}

function protocolAndPorts(protocol: IpProtocol, ports: PortRange | null): string {
  if (protocol === 'all') return 'all traffic';
  if (protocol !== 6 && protocol !== 17) return protocolName(protocol);
  return `${protocolName(protocol)} ${portText(ports)}`;
}

export function routeText(route: Route, destination: string): string {
  const via = route.destination.kind === 'prefixList' ? ` (prefix list ${route.destination.prefixListId})` : '';
  const origin = route.origin === 'propagated' ? ', propagated' : '';
  const state = route.blackhole ? ', blackhole' : '';
  return `${destination}${via} -> ${route.target.id}${origin}${state}`;
}

export function naclEntryText(entry: NaclEntry): string {
  const direction = entry.egress ? 'outbound' : 'inbound';
  const rule = entry.ruleNumber === 32767 ? '*' : String(entry.ruleNumber);
  const towards = entry.egress ? 'to' : 'from';
  return `${direction} rule ${rule} ${entry.action.toUpperCase()} ${protocolAndPorts(entry.protocol, entry.ports)} ${towards} ${entry.cidr}`;
}

export function sgSourceText(rule: SgRule): string {
  switch (rule.source.kind) {
    case 'cidr':
      return rule.source.cidr;
    case 'prefixList':
      return `prefix list ${rule.source.prefixListId}`;
    case 'group':
      return `group ${rule.source.groupId}`;
  }
}

export function sgRuleText(rule: SgRule, direction: 'ingress' | 'egress' = 'ingress'): string {
  const id = rule.ruleId === null ? '' : ` (${rule.ruleId})`;
  const [way, peer] = direction === 'ingress' ? ['inbound', 'from'] : ['outbound', 'to'];
  return `${way} ${protocolAndPorts(rule.protocol, rule.ports)} ${peer} ${sgSourceText(rule)}${id}`;
}

function cidrList(cidrs: readonly string[]): string {
  return cidrs.length <= 3 ? cidrs.join(', ') : `${cidrs.slice(0, 3).join(', ')} and ${cidrs.length - 3} more ranges`;
}

/** "8.8.8.8", "10.0.0.0/16, 10.2.0.0/16", or "any address except 10.0.0.0/16" when that is shorter. */
export function addressesText(set: AddressSet): string {
  const cidrs = set.toCidrs();
  if (set.size() === 1n) return cidrs[0]!.replace(/\/(32|128)$/, '');
  if (set.isAll()) return 'any address';
  const missing = AddressSet.all(set.family).subtract(set).toCidrs();
  return missing.length < cidrs.length ? `any address except ${cidrList(missing)}` : cidrList(cidrs);
}
