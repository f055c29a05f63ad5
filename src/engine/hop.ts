// One hop into an interface (SPEC §3.3–3.5): NACL in, NACL out for the reply, security groups,
// computed per port cell as set operations that remember what let each part through.
import { compareText } from '../model/compare-text.js';
import { AddressSet, type IpFamily } from '../net/index.js';
import type { NetworkAcl, SecurityGroup, Transport } from '../model/types.js';
import type { GroupAdmission, PathStep } from './types.js';
import type { NetworkIndex } from './network-index.js';
import { naclInbound, naclReturn, type NaclVerdict } from './nacl.js';
import { overlayCells, type PortCell } from './port-cells.js';
import { AnswerMemo, keptFor } from './answer-memo.js';
import { groupsAdmit, type GroupReferenceMatch, type RuleAdmission } from './security-groups.js';

export interface HopInto {
  /** The destination subnet's ACL; null when its checks are skipped (same subnet, or not in the snapshot). */
  readonly acl: NetworkAcl | null;
  /** The destination's groups; null when there are none to pass (an NLB without groups). */
  readonly groups: readonly SecurityGroup[] | null;
}

export interface HopFrom {
  readonly family: IpFamily;
  readonly addresses: AddressSet;
  readonly refs: GroupReferenceMatch;
}

export interface HopCell {
  readonly protocol: Transport;
  readonly ports: readonly [number, number];
  readonly sources: AddressSet;
  readonly groups: readonly GroupAdmission[];
  /** NACL and security-group steps, naming the entries and rules that let `sources` through. */
  readonly steps: readonly PathStep[];
}

const ALL_PORTS: readonly [number, number] = [0, 65535];

function naclStep(aclId: string, verdict: NaclVerdict, sources: AddressSet): PathStep {
  const rules = verdict.entries.filter((e) => e.addresses.overlaps(sources)).map((e) => e.text);
  return { componentType: 'AWS::EC2::NetworkAcl', componentId: aclId, rule: rules.join('; ') };
}

function admissionsByGroup(admissions: readonly RuleAdmission[], sources: AddressSet): GroupAdmission[] {
  const byGroup = new Map<string, { parts: AddressSet[]; rules: Set<string> }>();
  for (const a of admissions) {
    const part = a.addresses.intersect(sources);
    if (part.isEmpty()) continue;
    const entry = byGroup.get(a.groupId);
    if (entry === undefined) byGroup.set(a.groupId, { parts: [part], rules: new Set([a.text]) });
    else {
      entry.parts.push(part);
      entry.rules.add(a.text);
    }
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([groupId, e]) => ({ groupId, sources: AddressSet.unionAll(sources.family, e.parts), rules: [...e.rules] }));
}

export function hopInto(into: HopInto, from: HopFrom, protocol: Transport, ephemeral: readonly [number, number], index: NetworkIndex): HopCell[] {
  const family = from.family;
  const naclCells: PortCell<NaclVerdict | null>[] = into.acl === null ? [{ ports: ALL_PORTS, value: null }] : naclInbound(into.acl, family, protocol);
  const reply = into.acl === null ? null : naclReturn(into.acl, family, protocol, ephemeral);
  const sgCells: readonly PortCell<readonly RuleAdmission[] | null>[] =
    into.groups === null ? [{ ports: ALL_PORTS, value: null }] : groupsAdmit(into.groups, family, protocol, from.refs, index);
  const out: HopCell[] = [];
  let afterReply = from.addresses;
  if (reply !== null) afterReply = afterReply.intersect(reply.allowed);
  if (afterReply.isEmpty()) return out;
  for (const { ports, value: [inbound, admissions] } of overlayCells(naclCells, sgCells)) {
    let sources = afterReply;
    if (inbound !== null) sources = sources.intersect(inbound.allowed);
    if (sources.isEmpty()) continue;
    if (admissions !== null) {
      sources = sources.intersect(AddressSet.unionAll(family, admissions.map((a) => a.addresses)));
      if (sources.isEmpty()) continue;
    }
    const steps: PathStep[] = [];
    if (into.acl !== null && inbound !== null && reply !== null) {
      steps.push(naclStep(into.acl.id, inbound, sources), naclStep(into.acl.id, reply, sources));
    }
    const groups = admissions === null ? [] : admissionsByGroup(admissions, sources);
    for (const g of groups) steps.push({ componentType: 'AWS::EC2::SecurityGroup', componentId: g.groupId, rule: g.rules.join('; ') });
    out.push({ protocol, ports, sources, groups, steps });
  }
  return out;
}

const hopMemos = new WeakMap<NetworkIndex, WeakMap<AddressSet, AnswerMemo<readonly HopCell[]>>>();

/**
 * hopInto, reused while the same sender set (the same object) meets the same ACL, groups and
 * protocol again: a load balancer's node, or its pooled clients, against each of its targets.
 */
export function hopIntoReused(into: HopInto, from: HopFrom, protocol: Transport, ephemeral: readonly [number, number], index: NetworkIndex): readonly HopCell[] {
  const bySenders = keptFor(hopMemos, index, () => new WeakMap());
  const memo = keptFor(bySenders, from.addresses, () => new AnswerMemo<readonly HopCell[]>(index.reuseAnswers));
  const groups = into.groups === null ? '-' : into.groups.map((g) => g.id).join(',');
  const key = `${into.acl?.id ?? '-'}|${groups}|${from.refs}|${protocol}|${ephemeral.join('-')}`;
  return memo.get(key, () => hopInto(into, from, protocol, ephemeral, index));
}
