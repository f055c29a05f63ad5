// Traffic that enters the VPC through a gateway or peering and goes straight to an interface.
import { AddressSet } from '../net/index.js';
import type { Instance, NetworkInterface, Subnet, Transport, Vpc } from '../model/types.js';
import type { EngineOptions, PathStep, Reachability, ReachCell } from './types.js';
import type { NetworkIndex } from './network-index.js';
import { mergeCells } from './cells.js';
import { hopInto } from './hop.js';
import { routedTo, type RoutedSet } from './routes.js';
import { candidatesToward, type TrafficSource } from './sources.js';

const TRANSPORTS: readonly Transport[] = ['tcp', 'udp'];

export function routeStep(tableId: string, routed: RoutedSet, sources: AddressSet): PathStep {
  const rules = routed.routes.filter((r) => r.addresses.overlaps(sources)).map((r) => r.text);
  return { componentType: 'AWS::EC2::RouteTable', componentId: tableId, rule: rules.join('; ') };
}

export function interfaceSteps(eni: NetworkInterface, instance: Instance): PathStep[] {
  return [
    { componentType: 'AWS::EC2::NetworkInterface', componentId: eni.id },
    { componentType: 'AWS::EC2::Instance', componentId: instance.id },
  ];
}

/** The interface addresses a source delivers to; empty when it cannot address this interface. */
function deliveryAddresses(eni: NetworkInterface, source: TrafficSource): string[] {
  if (source.family === 6) return source.reachabilityType === 'Internet' ? [...eni.ipv6Addresses] : [];
  if (source.reachabilityType === 'Internet') return [...new Set(eni.publicIps.map((p) => p.privateIp))].sort();
  return [...eni.privateIps];
}

export function directReachability(
  instance: Instance,
  eni: NetworkInterface,
  subnet: Subnet,
  vpc: Vpc | null,
  source: TrafficSource,
  options: EngineOptions,
  index: NetworkIndex,
): Reachability | null {
  const destinationAddresses = deliveryAddresses(eni, source);
  if (destinationAddresses.length === 0 || !source.servesSubnet(subnet)) return null;
  const table = index.routeTableFor(subnet);
  if (table === null) {
    index.coverage.add('AWS::EC2::Subnet', subnet.id, 'no route table for this subnet (no explicit association and no main table) in the snapshot; nothing can be routed back from it');
    return null;
  }
  const routed = routedTo(table, vpc, source.family, candidatesToward(source, destinationAddresses), source.accepts, index);
  if (routed.addresses.isEmpty()) return null;
  const acl = index.naclFor(subnet);
  if (acl === null) index.coverage.add('AWS::EC2::Subnet', subnet.id, 'the network ACL of this subnet is not in the snapshot; its NACL checks are skipped');
  const groups = index.groups(eni.groupIds, 'AWS::EC2::NetworkInterface', eni.id);
  const cells: ReachCell[] = [];
  for (const protocol of TRANSPORTS) {
    for (const cell of hopInto({ acl, groups }, { family: source.family, addresses: routed.addresses, refs: source.refs }, protocol, options.ephemeralPorts, index)) {
      cells.push({
        protocol,
        ports: cell.ports,
        sources: cell.sources,
        groups: cell.groups,
        networkPath: [source.gatewayStep, routeStep(table.id, routed, cell.sources), ...cell.steps, ...interfaceSteps(eni, instance)],
      });
    }
  }
  if (cells.length === 0) return null;
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
    cells: mergeCells(cells),
  };
}
