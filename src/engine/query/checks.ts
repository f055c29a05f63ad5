// The engine's NACL, security-group and route functions asked about one flow: a destination
// address and port, and a set of senders (one address, or every sender a gateway carries).
import { addressesText } from '../rule-text.js';
import { AddressSet, type IpFamily } from '../../net/index.js';
import type { NetworkAcl, RouteTable, RouteTarget, SecurityGroup, Vpc } from '../../model/types.js';
import type { PathStep } from '../types.js';
import type { BlockerCode } from './blocker-codes.js';
import type { NetworkIndex } from '../network-index.js';
import { naclCells, naclDecidingEntry } from '../nacl.js';
import { carriesPorts, protocolNumber, type FlowProtocol } from '../protocols.js';
import { routeFor, routedTo } from '../routes.js';
import { groupsAdmit, type GroupReferenceMatch, type RuleDirection } from '../security-groups.js';
import { protocolName } from '../rule-text.js';
import { routeStep } from '../direct.js';

export interface FlowSpec {
  readonly family: IpFamily;
  readonly protocol: FlowProtocol;
  /** Destination port, or null for protocols without ports. */
  readonly port: number | null;
  /** The client's source ports: the one asked for, else the ephemeral range. */
  readonly clientPorts: readonly [number, number];
}

/** "tcp port 22", "udp port 53", "icmp", "protocol 0". */
export function flowText(flow: FlowSpec): string {
  const name = protocolName(protocolNumber(flow.protocol));
  return flow.port === null || !carriesPorts(flow.protocol) ? name : `${name} port ${flow.port}`;
}

function portOf(flow: FlowSpec): number {
  return flow.port !== null && carriesPorts(flow.protocol) ? flow.port : 0;
}

export interface Filtered {
  /** What passes; empty when the component blocks. */
  readonly passed: AddressSet;
  readonly steps: readonly PathStep[];
  /** Why nothing passes (set when `passed` is empty). */
  readonly denial: string;
  /** A more exact code for the denial than the caller's (a blackhole route). */
  readonly code?: BlockerCode;
}

/**
 * A NACL on the request: inbound entries judge the senders (`judged`), outbound entries the
 * receiver; either way at the destination port.
 */
export function naclRequest(acl: NetworkAcl, egress: boolean, judged: AddressSet, flow: FlowSpec): Filtered {
  const port = portOf(flow);
  const cell = naclCells(acl, egress, flow.family, flow.protocol).find((c) => c.ports[0] <= port && port <= c.ports[1])!;
  const passed = judged.intersect(cell.value.allowed);
  const rules = cell.value.entries.filter((e) => e.addresses.overlaps(passed)).map((e) => e.text);
  const step: PathStep = { componentType: 'AWS::EC2::NetworkAcl', componentId: acl.id, rule: rules.join('; ') };
  const first = judged.size() === 1n ? naclDecidingEntry(acl, egress, judged, flow.protocol, port) : null;
  const denial = first !== null ? `${first} decides first` : `no ${egress ? 'outbound' : 'inbound'} entry allows ${addressesText(judged)}`;
  return { passed, steps: [step], denial };
}

/** The union of the groups' rules of one direction; ingress rules judge the senders, egress rules the receiver. */
export function groupsRequest(
  groups: readonly SecurityGroup[],
  direction: RuleDirection,
  judged: AddressSet,
  refs: GroupReferenceMatch,
  flow: FlowSpec,
  index: NetworkIndex,
): Filtered {
  const port = portOf(flow);
  const cell = groupsAdmit(groups, flow.family, flow.protocol, refs, index, direction).find((c) => c.ports[0] <= port && port <= c.ports[1]);
  const admissions = cell?.value ?? [];
  let admitted = AddressSet.empty(flow.family);
  for (const a of admissions) admitted = admitted.union(a.addresses);
  const passed = judged.intersect(admitted);
  const steps: PathStep[] = [];
  for (const group of groups) {
    const rules = admissions.filter((a) => a.groupId === group.id && a.addresses.overlaps(passed)).map((a) => a.text);
    if (rules.length > 0) steps.push({ componentType: 'AWS::EC2::SecurityGroup', componentId: group.id, rule: [...new Set(rules)].join('; ') });
  }
  const way = direction === 'ingress' ? 'inbound rule' : 'outbound rule';
  const peer = direction === 'ingress' ? 'from' : 'to';
  const names = groups.map((g) => g.id).join(', ') || '(none)';
  return { passed, steps, denial: `no ${way} of ${names} allows ${flowText(flow)} ${peer} ${addressesText(judged)}` };
}

/** The return route: of the senders, those whose winning route in the table leads back to `accepts`. */
export function returnRoute(
  table: RouteTable,
  vpc: Vpc,
  senders: AddressSet,
  accepts: (target: RouteTarget) => boolean,
  index: NetworkIndex,
): Filtered {
  const routed = routedTo(table, vpc, senders.family, senders, accepts, index);
  const choice = senders.size() === 1n ? routeFor(table, vpc, senders, index) : null;
  const denial =
    choice === null
      ? `no route sends replies to ${addressesText(senders)} back`
      : choice.kind === 'none'
        ? `no route for ${addressesText(senders)}`
        : choice.kind === 'local'
          ? `${addressesText(senders)} is inside the VPC (local route)`
          : `route ${choice.text} ${choice.route.blackhole ? 'drops' : 'sends'} the reply ${choice.route.blackhole ? '' : 'elsewhere'}`.trimEnd();
  const blackhole = choice !== null && choice.kind !== 'none' && choice.kind !== 'local' && choice.route.blackhole;
  return { passed: routed.addresses, steps: [routeStep(table.id, routed, routed.addresses)], denial, ...(blackhole ? { code: 'BLACKHOLE_ROUTE' as const } : {}) };
}

/** One NACL a stateless reply must pass: at the server's subnet (outbound, judging the client) or the client's (inbound, judging the server). */
export interface ReplyCheck {
  readonly acl: NetworkAcl;
  readonly egress: boolean;
  readonly judges: 'client' | 'server';
}

/**
 * One leg of a reply: from `server` back to the clients, to a client port in `ports` that every
 * NACL on the way must allow (the same port at each: it is one packet).
 */
export interface ReplyLeg {
  /** 'origin': the query's senders as they are when the flow arrives; else a fixed address (a NAT gateway's). */
  readonly clients: AddressSet | 'origin';
  readonly server: string;
  readonly ports: readonly [number, number];
  readonly checks: ReplyCheck[];
}

export interface ReplyOutcome {
  readonly passed: AddressSet;
  readonly steps: readonly PathStep[];
  /** The checks that block, each with why; empty when something passes. */
  readonly blocking: readonly { readonly check: ReplyCheck; readonly detail: string }[];
}

/** Port cells over `ports` within which every check's verdict is constant. */
function replyCells(checks: readonly ReplyCheck[], flow: FlowSpec, ports: readonly [number, number]): (readonly [number, number])[] {
  const starts = new Set<number>([ports[0]]);
  for (const check of checks) {
    for (const cell of naclCells(check.acl, check.egress, flow.family, flow.protocol)) {
      if (cell.ports[0] > ports[0] && cell.ports[0] <= ports[1]) starts.add(cell.ports[0]);
    }
  }
  const sorted = [...starts].sort((a, b) => a - b);
  return sorted.map((start, i) => [start, i + 1 < sorted.length ? sorted[i + 1]! - 1 : ports[1]] as const);
}

export function evaluateReply(leg: ReplyLeg, clients: AddressSet, flow: FlowSpec): ReplyOutcome {
  if (leg.checks.length === 0) return { passed: clients, steps: [], blocking: [] };
  const server = AddressSet.fromAddresses(flow.family, [leg.server]);
  const verdictAt = (check: ReplyCheck, port: number) =>
    naclCells(check.acl, check.egress, flow.family, flow.protocol).find((c) => c.ports[0] <= port && port <= c.ports[1])!.value;
  const passesAlone = (check: ReplyCheck, port: number): AddressSet => {
    const v = verdictAt(check, port);
    return check.judges === 'client' ? clients.intersect(v.allowed) : v.allowed.covers(server) ? clients : AddressSet.empty(flow.family);
  };
  let passed = AddressSet.empty(flow.family);
  const rules = new Map<ReplyCheck, Set<string>>(leg.checks.map((c) => [c, new Set<string>()]));
  const alone = new Map<ReplyCheck, boolean>(leg.checks.map((c) => [c, false]));
  // Without port numbers (icmp, other protocols) the reply has one cell.
  const cells = carriesPorts(flow.protocol) ? replyCells(leg.checks, flow, leg.ports) : [[0, 0] as const];
  for (const [from] of cells) {
    let here = clients;
    for (const check of leg.checks) {
      const part = passesAlone(check, from);
      if (!part.isEmpty()) alone.set(check, true);
      here = here.intersect(part);
    }
    if (here.isEmpty()) continue;
    passed = passed.union(here);
    for (const check of leg.checks) {
      const v = verdictAt(check, from);
      const judged = check.judges === 'client' ? here : server;
      for (const e of v.entries) if (e.addresses.overlaps(judged)) rules.get(check)!.add(e.text);
    }
  }
  const steps = leg.checks.map((c) => ({ componentType: 'AWS::EC2::NetworkAcl', componentId: c.acl.id, rule: [...rules.get(c)!].join('; ') }));
  if (!passed.isEmpty()) return { passed, steps, blocking: [] };
  const portsText = carriesPorts(flow.protocol) ? (leg.ports[0] === leg.ports[1] ? ` at port ${leg.ports[0]}` : ` at ports ${leg.ports[0]}-${leg.ports[1]}`) : '';
  const describe = (check: ReplyCheck): string =>
    check.judges === 'client'
      ? `outbound entries deny the reply to ${addressesText(clients)}${portsText}`
      : `inbound entries deny the reply from ${leg.server}${portsText}`;
  const individually = leg.checks.filter((c) => !alone.get(c));
  const blocking =
    individually.length > 0
      ? individually.map((check) => ({ check, detail: describe(check) }))
      : leg.checks.map((check) => ({ check, detail: `no client port${portsText} is allowed by every network ACL the reply crosses` }));
  return { passed, steps, blocking };
}
