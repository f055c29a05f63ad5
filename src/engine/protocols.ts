// The IP protocol of a flow: the set-based engine speaks of tcp and udp only, point queries of any
// protocol number (icmp, gre, 0 ...). Rules name protocols by number, or 'all' for AWS's "-1".
import { IP_PROTOCOL_TCP, IP_PROTOCOL_UDP, type IpProtocol, type Transport } from '../model/types.js';

export const IP_PROTOCOL_ICMP = 1;

/** The transports the set-based engine analyses, in the order it reports them. */
export const TRANSPORTS: readonly Transport[] = ['tcp', 'udp'];

/** A transport name, or any IP protocol number 0–255. */
export type FlowProtocol = Transport | number;

export function protocolNumber(protocol: FlowProtocol): number {
  if (protocol === 'tcp') return IP_PROTOCOL_TCP;
  if (protocol === 'udp') return IP_PROTOCOL_UDP;
  return protocol;
}

/** Only tcp and udp rules carry port ranges; other protocols are matched on the protocol alone. */
export function carriesPorts(protocol: FlowProtocol): boolean {
  const number = protocolNumber(protocol);
  return number === IP_PROTOCOL_TCP || number === IP_PROTOCOL_UDP;
}

/** Whether a rule's protocol covers the flow's: "-1" covers every protocol, a number only itself. */
export function ruleMatchesProtocol(rule: IpProtocol, protocol: FlowProtocol): boolean {
  return rule === 'all' || rule === protocolNumber(protocol);
}
