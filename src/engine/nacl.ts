// Network ACLs are stateless and first-match (SPEC §3.3–3.4): inbound entries judge the request,
// outbound entries judge the reply to the client's ephemeral port.
import { AddressSet, parseCidr, type IpFamily } from '../net/index.js';
import type { NaclEntry, NetworkAcl } from '../model/types.js';
import { protocolNumber, ruleMatchesProtocol, type FlowProtocol } from './protocols.js';
import { coversCell, splitPorts, type PortCell } from './port-cells.js';
import { naclEntryText } from './rule-text.js';
import { cachedPer } from './answer-memo.js';

/** The addresses a set of entries lets through, and which entry let which part through. */
export interface NaclVerdict {
  readonly allowed: AddressSet;
  readonly entries: readonly { readonly text: string; readonly addresses: AddressSet }[];
}

function applicableEntries(acl: NetworkAcl, egress: boolean, family: IpFamily, protocol: FlowProtocol): { entry: NaclEntry; addresses: AddressSet }[] {
  return acl.entries
    .filter((e) => e.egress === egress && ruleMatchesProtocol(e.protocol, protocol))
    .map((entry) => ({ entry, cidr: parseCidr(entry.cidr) }))
    .filter((e): e is { entry: NaclEntry; cidr: NonNullable<typeof e.cidr> } => e.cidr !== null && e.cidr.family === family)
    .sort((a, b) => a.entry.ruleNumber - b.entry.ruleNumber)
    .map(({ entry, cidr }) => ({ entry, addresses: AddressSet.fromCidr(cidr) }));
}

/** First match over addresses for one port cell; whatever no entry matches is denied. */
function firstMatch(entries: readonly { entry: NaclEntry; addresses: AddressSet }[], cell: readonly [number, number], family: IpFamily): NaclVerdict {
  let remaining = AddressSet.all(family);
  let allowed = AddressSet.empty(family);
  const admitted: { text: string; addresses: AddressSet }[] = [];
  for (const { entry, addresses } of entries) {
    if (!coversCell(entry.ports, cell)) continue;
    const matched = remaining.intersect(addresses);
    if (matched.isEmpty()) continue;
    remaining = remaining.subtract(addresses);
    if (entry.action === 'allow') {
      allowed = allowed.union(matched);
      admitted.push({ text: naclEntryText(entry), addresses: matched });
    }
    if (remaining.isEmpty()) break;
  }
  return { allowed, entries: admitted };
}

const inboundCache = new WeakMap<NetworkAcl, Map<string, PortCell<NaclVerdict>[]>>();
const returnCache = new WeakMap<NetworkAcl, Map<string, NaclVerdict>>();

/**
 * For every destination port (as cells covering 0–65535), the addresses one direction's entries
 * allow: inbound they judge the sender, outbound the receiver. Protocols without ports have one cell.
 */
export function naclCells(acl: NetworkAcl, egress: boolean, family: IpFamily, protocol: FlowProtocol): PortCell<NaclVerdict>[] {
  return cachedPer(inboundCache, acl, `${egress ? 'out' : 'in'}/${family}/${protocolNumber(protocol)}`, () => {
    const entries = applicableEntries(acl, egress, family, protocol);
    return splitPorts(entries.map((e) => e.entry.ports)).map((ports) => ({ ports, value: firstMatch(entries, ports, family) }));
  });
}

/** For every destination port (as cells covering 0–65535), the sources the inbound entries allow. */
export function naclInbound(acl: NetworkAcl, family: IpFamily, protocol: FlowProtocol): PortCell<NaclVerdict>[] {
  return naclCells(acl, false, family, protocol);
}

/**
 * The client addresses the reply can go back to: some client port in the ephemeral range must be
 * allowed outbound. Independent of the service port, since outbound entries judge the reply's
 * destination port.
 */
export function naclReturn(
  acl: NetworkAcl,
  family: IpFamily,
  protocol: FlowProtocol,
  ephemeral: readonly [number, number],
  egress = true,
): NaclVerdict {
  return cachedPer(returnCache, acl, `${egress ? 'out' : 'in'}/${family}/${protocolNumber(protocol)}/${ephemeral[0]}-${ephemeral[1]}`, () => {
    const entries = applicableEntries(acl, egress, family, protocol);
    let allowed = AddressSet.empty(family);
    const byText = new Map<string, AddressSet>();
    for (const ports of splitPorts(entries.map((e) => e.entry.ports), ephemeral[0], ephemeral[1])) {
      const verdict = firstMatch(entries, ports, family);
      allowed = allowed.union(verdict.allowed);
      for (const e of verdict.entries) byText.set(e.text, (byText.get(e.text) ?? AddressSet.empty(family)).union(e.addresses));
    }
    return { allowed, entries: [...byText].map(([text, addresses]) => ({ text, addresses })) };
  });
}

/** The entry that decides for one address and port (first match), in the console's words; '*' is the implicit deny. */
export function naclDecidingEntry(acl: NetworkAcl, egress: boolean, address: AddressSet, protocol: FlowProtocol, port: number): string {
  for (const { entry, addresses } of applicableEntries(acl, egress, address.family, protocol)) {
    if (coversCell(entry.ports, [port, port]) && addresses.overlaps(address)) return naclEntryText(entry);
  }
  return `${egress ? 'outbound' : 'inbound'} rule * DENY all traffic (no entry matches)`;
}
