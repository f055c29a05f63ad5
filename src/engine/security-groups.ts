// Security groups are stateful allow-lists (SPEC §3.5): the union of the ingress rules of every
// group on the interface; egress rules never block a reply. Point queries also check the sender's
// egress rules, which judge the receiver the same way.
import { AddressSet, parseCidr, type IpFamily } from '../net/index.js';
import type { SecurityGroup, SgRule } from '../model/types.js';
import type { NetworkIndex } from './network-index.js';
import { ruleMatchesProtocol, type FlowProtocol } from './protocols.js';
import { coversCell, splitPorts, type PortCell } from './port-cells.js';
import { sgRuleText } from './rule-text.js';

/** What one rule of one group admits. */
export interface RuleAdmission {
  readonly groupId: string;
  readonly text: string;
  readonly addresses: AddressSet;
}

/**
 * Who a group-reference source can match: 'members' when the sender is itself an interface
 * (a peer VPC's instance, a load-balancer node), 'none' for internet, VPN and TGW traffic and for
 * client addresses preserved through an NLB.
 */
export type GroupReferenceMatch = 'members' | 'none';

function ruleSources(rule: SgRule, group: SecurityGroup, family: IpFamily, refs: GroupReferenceMatch, index: NetworkIndex): AddressSet {
  switch (rule.source.kind) {
    case 'cidr': {
      const cidr = parseCidr(rule.source.cidr);
      return cidr === null || cidr.family !== family ? AddressSet.empty(family) : AddressSet.fromCidr(cidr);
    }
    case 'prefixList':
      return index.prefixListCidrs(rule.source.prefixListId, family, 'AWS::EC2::SecurityGroup', group.id) ?? AddressSet.empty(family);
    case 'group':
      return refs === 'none' || family === 6 ? AddressSet.empty(family) : index.groupMembers(rule.source.groupId);
  }
}

export type RuleDirection = 'ingress' | 'egress';

/**
 * For every destination port (cells covering 0–65535), what each rule of these groups admits:
 * ingress rules judge the sender, egress rules the receiver.
 */
export function groupsAdmit(
  groups: readonly SecurityGroup[],
  family: IpFamily,
  protocol: FlowProtocol,
  refs: GroupReferenceMatch,
  index: NetworkIndex,
  direction: RuleDirection = 'ingress',
): PortCell<RuleAdmission[]>[] {
  const rules: { group: SecurityGroup; rule: SgRule; addresses: AddressSet }[] = [];
  for (const group of groups) {
    for (const rule of direction === 'ingress' ? group.ingress : group.egress) {
      if (!ruleMatchesProtocol(rule.protocol, protocol)) continue;
      const addresses = ruleSources(rule, group, family, refs, index);
      if (!addresses.isEmpty()) rules.push({ group, rule, addresses });
    }
  }
  return splitPorts(rules.map((r) => r.rule.ports)).map((ports) => ({
    ports,
    value: rules
      .filter((r) => coversCell(r.rule.ports, ports))
      .map((r) => ({ groupId: r.group.id, text: sgRuleText(r.rule, direction), addresses: r.addresses })),
  }));
}
