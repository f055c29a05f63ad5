// Security groups are stateful allow-lists (SPEC §3.5): the union of the ingress rules of every
// group on the interface; egress rules never block a reply. Point queries also check the sender's
// egress rules, which judge the receiver the same way.
import { AddressSet, parseCidr, type IpFamily } from '../net/index.js';
import type { PortRange, SecurityGroup, SgRule } from '../model/types.js';
import { compareText } from '../model/compare-text.js';
import type { NetworkIndex } from './network-index.js';
import { protocolNumber, ruleMatchesProtocol, TRANSPORTS, type FlowProtocol } from './protocols.js';
import { cachedPer, keptFor, memoOf, type AnswerMemo } from './answer-memo.js';
import { splitPorts, type PortCell } from './port-cells.js';
import { sgRuleText } from './rule-text.js';

/** What one rule of one group admits. */
export interface RuleAdmission {
  readonly groupId: string;
  readonly text: string;
  readonly addresses: AddressSet;
}

/**
 * How a rule that references a group matches senders: `members`, by the addresses of the group's
 * interfaces (a peer VPC's instance); `none`, never (internet, VGW or TGW traffic, a client
 * address preserved through an NLB); `of:<ids>`, the
 * senders are members of exactly these groups (a load balancer's nodes: SPEC §4 makes them members
 * of the LB's groups, and a node placed at a subnet's address + 4 may share that address with
 * another load balancer's node or an instance, so its membership is not judged by address).
 */
export type GroupReferenceMatch = 'members' | 'none' | `of:${string}`;

/** Senders that are members of exactly these groups (and of no other). */
export function membersOf(groupIds: readonly string[]): GroupReferenceMatch {
  return `of:${[...groupIds].sort().join(',')}`;
}

/** Whether the two groups' VPCs are known to lie in different regions. */
function inOtherRegions(group: SecurityGroup, referenced: SecurityGroup, index: NetworkIndex): boolean {
  const regionOf = (g: SecurityGroup): string | null => (g.vpcId === null ? null : (index.network.vpcs.get(g.vpcId)?.region ?? null));
  const mine = regionOf(group);
  const theirs = regionOf(referenced);
  return mine !== null && theirs !== null && mine !== theirs;
}

function ruleSources(rule: SgRule, group: SecurityGroup, family: IpFamily, refs: GroupReferenceMatch, index: NetworkIndex): AddressSet {
  switch (rule.source.kind) {
    case 'cidr': {
      const cidr = parseCidr(rule.source.cidr);
      return cidr === null || cidr.family !== family ? AddressSet.empty(family) : AddressSet.fromCidr(cidr);
    }
    case 'prefixList':
      return index.prefixListCidrs(rule.source.prefixListId, family, 'AWS::EC2::SecurityGroup', group.id) ?? AddressSet.empty(family);
    case 'group': {
      if (refs === 'none' || family === 6) return AddressSet.empty(family);
      const referenced = rule.source.groupId;
      if (refs !== 'members') return refs.slice(3).split(',').includes(referenced) ? AddressSet.all(family) : AddressSet.empty(family);
      // A group of another account or region (a peer's) was not collected: who is in it is unknown.
      const known = index.network.securityGroups.get(referenced);
      if (known === undefined) {
        index.coverage.add('AWS::EC2::SecurityGroup', group.id, `a rule references security group ${referenced}, which is not in the snapshot; senders in it are counted only where the snapshot has their interfaces`);
      } else if (inOtherRegions(group, known, index)) {
        // AWS: "You can't reference the security group of a peer VPC that's in a different Region."
        index.coverage.add('AWS::EC2::SecurityGroup', group.id, `a rule references security group ${referenced}, which is in another region; AWS matches no sender by a group of another region, so it matches no one`);
        return AddressSet.empty(family);
      } else if (known.vpcId !== null && !index.hasInterfacesIn(known.vpcId)) {
        // The group was collected but not one interface of its VPC: its members are unknown, not none.
        index.coverage.add('AWS::EC2::SecurityGroup', group.id, `a rule references security group ${referenced}, but no network interface of its VPC ${known.vpcId} is in the snapshot; who is in it is unknown, so it matches no one here`);
      }
      return index.groupMembers(referenced);
    }
  }
}

export type RuleDirection = 'ingress' | 'egress';

/**
 * For every destination port (cells covering 0–65535), what each rule of these groups admits:
 * ingress rules judge the sender, egress rules the receiver. One sweep over the sorted port
 * boundaries, adding a rule where its range starts and dropping it where it ends, so a group with
 * thousands of rules costs the cells times the rules active in each, not cells times all rules.
 */
export function groupsAdmit(
  groups: readonly SecurityGroup[],
  family: IpFamily,
  protocol: FlowProtocol,
  refs: GroupReferenceMatch,
  index: NetworkIndex,
  direction: RuleDirection = 'ingress',
): readonly PortCell<readonly RuleAdmission[]>[] {
  // Group members are the whole estate's, so the answer depends on the group set alone, not on the interface.
  const key = `${groups.map((g) => g.id).join(',')}/${family}/${protocolNumber(protocol)}/${refs}/${direction}`;
  return memoOf(admissionMemos, index).get(key, () => sweepRules(groups, family, protocol, refs, index, direction));
}

const admissionMemos = new WeakMap<NetworkIndex, AnswerMemo<readonly PortCell<readonly RuleAdmission[]>[]>>();

const mayAdmitMemos = new WeakMap<NetworkIndex, WeakMap<AddressSet, Map<string, boolean>>>();

/**
 * Whether some ingress rule of the group admits one of these senders over TCP or UDP. A group that
 * admits none of them adds nothing to what its interface's groups admit from them, so interfaces
 * that differ only in such groups (a group of its own per instance, admitting its VPC) share one
 * answer. Kept per sender set (the same object) and group.
 */
export function mayAdmit(group: SecurityGroup, senders: AddressSet, refs: GroupReferenceMatch, index: NetworkIndex): boolean {
  const bySenders = keptFor(mayAdmitMemos, index, () => new WeakMap());
  return cachedPer(bySenders, senders, `${group.id}/${refs}`, () =>
    TRANSPORTS.some((protocol) => admittingRules(group, senders.family, protocol, refs, index, 'ingress').some((r) => r.admission.addresses.overlaps(senders))),
  );
}

interface AdmittingRule {
  readonly ports: PortRange | null;
  readonly admission: RuleAdmission;
}

const groupRuleMemos = new WeakMap<NetworkIndex, AnswerMemo<readonly AdmittingRule[]>>();

/** One group's rules that can admit something, once per group however many group sets it is in. */
function admittingRules(group: SecurityGroup, family: IpFamily, protocol: FlowProtocol, refs: GroupReferenceMatch, index: NetworkIndex, direction: RuleDirection): readonly AdmittingRule[] {
  return memoOf(groupRuleMemos, index).get(`${group.id}/${family}/${protocolNumber(protocol)}/${refs}/${direction}`, () => {
    const rules: AdmittingRule[] = [];
    for (const rule of direction === 'ingress' ? group.ingress : group.egress) {
      if (!ruleMatchesProtocol(rule.protocol, protocol)) continue;
      const addresses = ruleSources(rule, group, family, refs, index);
      if (!addresses.isEmpty()) rules.push({ ports: rule.ports, admission: { groupId: group.id, text: sgRuleText(rule, direction), addresses } });
    }
    // By text, not by the order AWS happened to list them in: the same group gives the same paths,
    // descriptions and report bytes however its permissions and ranges are ordered.
    return rules.sort((a, b) => compareText(a.admission.text, b.admission.text));
  });
}

function sweepRules(
  groups: readonly SecurityGroup[],
  family: IpFamily,
  protocol: FlowProtocol,
  refs: GroupReferenceMatch,
  index: NetworkIndex,
  direction: RuleDirection,
): PortCell<RuleAdmission[]>[] {
  const rules = groups.flatMap((group) => admittingRules(group, family, protocol, refs, index, direction));
  // Rule indices by the first port they cover and by the first port past their end.
  const startingAt = new Map<number, number[]>();
  const endingBefore = new Map<number, number[]>();
  rules.forEach(({ ports }, i) => {
    const [from, to] = ports ?? ALL_PORTS;
    if (from > to) return; // covers no port, though its bounds still split the cells
    pushTo(startingAt, from, i);
    pushTo(endingBefore, to + 1, i);
  });
  const active = new Set<number>();
  return splitPorts(rules.map((r) => r.ports)).map((ports) => {
    for (const i of endingBefore.get(ports[0]) ?? []) active.delete(i);
    for (const i of startingAt.get(ports[0]) ?? []) active.add(i);
    // Rule order within a cell: the groups' order (sorted by id), then each group's rules by text.
    const value = [...active].sort((a, b) => a - b).map((i) => rules[i]!.admission);
    return { ports, value };
  });
}

const ALL_PORTS: PortRange = [0, 65535];

function pushTo(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
