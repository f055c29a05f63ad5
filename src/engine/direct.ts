// Traffic that enters the VPC through a gateway or peering and goes straight to an interface.
import { AddressSet } from '../net/index.js';
import type { Instance, NetworkAcl, NetworkInterface, RouteTable, SecurityGroup, Subnet, Transport, Vpc } from '../model/types.js';
import type { EngineOptions, PathStep, Reachability, ReachCell } from './types.js';
import type { NetworkIndex } from './network-index.js';
import { mergeCells } from './cells.js';
import { keptFor, memoOf, type AnswerMemo } from './answer-memo.js';
import { hopInto } from './hop.js';
import { mayAdmit } from './security-groups.js';
import { TRANSPORTS } from './protocols.js';
import { ipv4Destinations, ipv6Destinations } from './interface-addresses.js';
import { joinedPath } from './path-parts.js';
import { routedTo, type RoutedSet } from './routes.js';
import { candidatesToward, towardKey, type TrafficSource } from './sources.js';

export function routeStep(tableId: string, routed: RoutedSet, sources: AddressSet): PathStep {
  const rules = routed.routes.filter((r) => r.addresses.overlaps(sources)).map((r) => r.text);
  return { componentType: 'AWS::EC2::RouteTable', componentId: tableId, rule: rules.join('; ') };
}

/** How `sources` enter: the gateway (and its own route table, a TGW's), then the subnet's route table with the routes back to them. */
export function entrySteps(source: TrafficSource, tableId: string, routed: RoutedSet, sources: AddressSet): PathStep[] {
  const gateway = source.gatewayRouteStep === undefined ? [source.gatewayStep] : [source.gatewayStep, source.gatewayRouteStep(sources)];
  return [...gateway, routeStep(tableId, routed, sources)];
}

const stepsOfInterface = new WeakMap<NetworkInterface, { readonly instance: Instance; readonly steps: readonly PathStep[] }>();

/**
 * The last two steps of every path into an interface. One list per interface, shared by all its
 * paths, so that findings put the steps (and the two together) in words once per interface.
 */
export function interfaceSteps(eni: NetworkInterface, instance: Instance): readonly PathStep[] {
  const kept = stepsOfInterface.get(eni);
  if (kept !== undefined && kept.instance === instance) return kept.steps;
  const steps: readonly PathStep[] = [
    { componentType: 'AWS::EC2::NetworkInterface', componentId: eni.id },
    { componentType: 'AWS::EC2::Instance', componentId: instance.id },
  ];
  stepsOfInterface.set(eni, { instance, steps });
  return steps;
}

/** What an interface's reachabilities need of it, worked out once however many sources it has. */
interface InterfaceFacts {
  /** Private addresses behind a public IPv4 address, sorted and unique. */
  readonly publicTargets: readonly string[];
  /** Private addresses and delegated prefixes (CIDRs) of each family. */
  readonly privateIps: readonly string[];
  readonly ipv6Addresses: readonly string[];
}

const factsOf = new WeakMap<NetworkInterface, InterfaceFacts>();

function interfaceFacts(eni: NetworkInterface): InterfaceFacts {
  return keptFor(factsOf, eni, () => ({
    publicTargets: [...new Set(eni.publicIps.map((p) => p.privateIp))].sort(),
    privateIps: ipv4Destinations(eni),
    ipv6Addresses: ipv6Destinations(eni),
  }));
}

const NONE: readonly string[] = [];

/** The interface addresses a source delivers to; empty when it cannot address this interface. */
function deliveryAddresses(facts: InterfaceFacts, source: TrafficSource): readonly string[] {
  if (source.family === 6) return source.reachabilityType === 'Internet' ? facts.ipv6Addresses : NONE;
  return source.reachabilityType === 'Internet' ? facts.publicTargets : facts.privateIps;
}

/** What every interface of one configuration gets, before its own steps are added. */
interface ConfigurationAnswer {
  /** Merged cells whose paths end at the security groups; the interface and instance steps follow. */
  readonly cells: readonly ReachCell[];
}

const answerMemos = new WeakMap<NetworkIndex, AnswerMemo<ConfigurationAnswer | null>>();

/**
 * The key of what the routes let through: the route table, the source (which names the VPC), and
 * for a source whose senders depend on the destination (TGW routes) which of them reach the
 * destination addresses (interfaces whose addresses the same senders reach share the answer).
 * Many configurations (one per NACL and group set) share one such routing.
 */
function routingKey(table: RouteTable, sourceId: string, source: TrafficSource, destinations: readonly string[]): string {
  return `${table.id}|${sourceId}|${towardKey(source, destinations)}`;
}

/**
 * The key of everything the answer depends on: the routing (above), the network ACL (not the
 * subnet: the subnets of a VPC share a few of each), the ids of the interface's groups that may
 * admit some of the routed senders (members are the estate's, not the interface's; a group that
 * admits none of them changes nothing) and the options. The interface, instance and subnet ids
 * are not in it and must not be in the answer.
 */
function configurationKey(routing: string, acl: NetworkAcl | null, groups: readonly SecurityGroup[], options: EngineOptions): string {
  return `${routing}|${acl?.id ?? '-'}|${groups.map((g) => g.id).sort().join(',')}|${options.ephemeralPorts[0]}-${options.ephemeralPorts[1]}`;
}

const routingMemos = new WeakMap<NetworkIndex, AnswerMemo<RoutedSet>>();

/** Each interface's groups (found once per interface: its missing ones are noted as coverage gaps then). */
const groupMemos = new WeakMap<NetworkIndex, AnswerMemo<SecurityGroup[]>>();

export function directReachability(
  instance: Instance,
  eni: NetworkInterface,
  subnet: Subnet,
  vpc: Vpc | null,
  source: TrafficSource,
  /** Names the source among all VPCs' sources, for reusing answers (see answer-memo.ts). */
  sourceId: string,
  options: EngineOptions,
  index: NetworkIndex,
): Reachability | null {
  const facts = interfaceFacts(eni);
  const destinationAddresses = deliveryAddresses(facts, source);
  if (destinationAddresses.length === 0 || !source.servesSubnet(subnet)) return null;
  const table = index.routeTableFor(subnet);
  if (table === null) {
    index.coverage.add('AWS::EC2::Subnet', subnet.id, 'no route table for this subnet (no explicit association and no main table) in the snapshot; nothing can be routed back from it');
    return null;
  }
  const acl = index.naclFor(subnet);
  const routing = routingKey(table, sourceId, source, destinationAddresses);
  const routed = memoOf(routingMemos, index).get(routing, () =>
    routedTo(table, vpc, source.family, candidatesToward(source, destinationAddresses), source.accepts, index),
  );
  if (routed.addresses.isEmpty()) return null;
  // Gaps of this subnet and interface are noted for each, as the computation without reuse notes them.
  if (acl === null) index.coverage.add('AWS::EC2::Subnet', subnet.id, 'the network ACL of this subnet is not in the snapshot; its NACL checks are skipped');
  const groups = memoOf(groupMemos, index)
    .get(eni.id, () => index.groups(eni.groupIds, 'AWS::EC2::NetworkInterface', eni.id))
    .filter((group) => mayAdmit(group, routed.addresses, source.refs, index));
  const key = configurationKey(routing, acl, groups, options);
  const answer = memoOf(answerMemos, index).get(key, () => configurationAnswer(table, acl, source, groups, routed, options, index));
  if (answer === null) return null;
  const own = interfaceSteps(eni, instance);
  return {
    instanceId: instance.id,
    networkInterfaceId: eni.id,
    vpcId: subnet.vpcId,
    subnetId: subnet.id,
    aclId: acl?.id ?? null,
    reachabilityType: source.reachabilityType,
    via: source.via,
    ipVersion: source.family,
    destinationAddresses,
    cells: answer.cells.map((cell) => ({ ...cell, networkPath: joinedPath(cell.networkPath, own) })),
  };
}

function configurationAnswer(
  table: RouteTable,
  acl: NetworkAcl | null,
  source: TrafficSource,
  groups: readonly SecurityGroup[],
  routed: RoutedSet,
  options: EngineOptions,
  index: NetworkIndex,
): ConfigurationAnswer | null {
  const cells: ReachCell[] = [];
  for (const protocol of TRANSPORTS) {
    for (const cell of hopInto({ acl, groups }, { family: source.family, addresses: routed.addresses, refs: source.refs }, protocol, options.ephemeralPorts, index)) {
      cells.push({
        protocol,
        ports: cell.ports,
        sources: cell.sources,
        groups: cell.groups,
        networkPath: [...entrySteps(source, table.id, routed, cell.sources), ...cell.steps],
      });
    }
  }
  // Every cell of one interface ends in the same interface steps, so merging without them merges alike.
  return cells.length === 0 ? null : { cells: mergeCells(cells) };
}
