// From validated raw records to the vendor-neutral model.
import { compareText } from '../model/compare-text.js';
import type { CoverageNote, Network } from '../model/types.js';
import { conflictingCopies } from './conflicting-copies.js';
import {
  buildDxGatewayAssociations,
  buildDxVirtualInterfaces,
  buildEgressOnlyInternetGateways,
  buildInternetGateways,
  buildNatGateways,
  buildPeeringConnections,
  buildVpcEndpoints,
  buildVpnConnections,
  buildVpnGateways,
} from './gateway-model.js';
import { buildInterfacesAndInstances } from './interface-model.js';
import { buildLoadBalancers, buildTargetGroups } from './load-balancer-model.js';
import { buildNetworkAcls, carriesEntries } from './network-acl-model.js';
import { buildPrefixLists } from './prefix-list-model.js';
import type { Found, RawSnapshot } from './raw-snapshot.js';
import { buildRouteTables, carriesRoutes } from './route-table-model.js';
import { buildSecurityGroups, carriesPermissions, portlessRuleNotes } from './security-group-model.js';
import { buildTransitGatewayParts } from './transit-gateway-model.js';
import { buildSubnets, buildVpcs } from './vpc-model.js';

function noteKey(n: CoverageNote): string {
  return `${n.file ?? ''}\u0000${n.resourceType}\u0000${n.resourceId}\u0000${n.reason}`;
}

/** Ids of the records of which no copy carries a list AWS always writes (a trimmed or hand-made file may not). */
function idsLacking<T>(found: readonly Found<T>[], idOf: (item: T) => string, has: (item: T) => boolean): string[] {
  const carrying = new Set<string>();
  for (const { item } of found) if (has(item)) carrying.add(idOf(item));
  return [...new Set(found.map(({ item }) => idOf(item)))].filter((id) => !carrying.has(id)).sort(compareText);
}

/**
 * Route tables, NACLs and security groups, where a record without its rules is unknown rather
 * than empty: an empty list would read as "routes nothing" or "denies everything", i.e. as safe
 * (SPEC §1). Such a NACL's checks are skipped, such a table's subnets have no known table, such a
 * group is missing; each is a coverage gap.
 */
function withoutListsAsUnknown(raw: RawSnapshot, coverage: CoverageNote[]): Pick<Network, 'routeTables' | 'networkAcls' | 'securityGroups'> {
  const routeTables = buildRouteTables(raw.routeTables);
  for (const id of idsLacking(raw.routeTables, (t) => t.RouteTableId, carriesRoutes)) {
    routeTables.set(id, { ...routeTables.get(id)!, routesMissing: true });
    coverage.push({ resourceType: 'AWS::EC2::RouteTable', resourceId: id, reason: 'its routes (Routes) are not in the snapshot; its subnets are analysed as without a route table', file: null });
  }
  const networkAcls = buildNetworkAcls(raw.networkAcls);
  for (const id of idsLacking(raw.networkAcls, (a) => a.NetworkAclId, carriesEntries)) {
    networkAcls.set(id, { ...networkAcls.get(id)!, entriesMissing: true });
    coverage.push({ resourceType: 'AWS::EC2::NetworkAcl', resourceId: id, reason: 'its entries (Entries) are not in the snapshot; the NACL checks of its subnets are skipped', file: null });
  }
  const securityGroups = buildSecurityGroups(raw.securityGroups);
  for (const id of idsLacking(raw.securityGroups, (g) => g.GroupId, carriesPermissions)) {
    securityGroups.delete(id);
    coverage.push({ resourceType: 'AWS::EC2::SecurityGroup', resourceId: id, reason: 'its inbound rules (IpPermissions) are not in the snapshot; it is treated as missing', file: null });
  }
  coverage.push(...portlessRuleNotes(raw.securityGroups));
  return { routeTables, networkAcls, securityGroups };
}

export function buildNetwork(raw: RawSnapshot, readingNotes: readonly CoverageNote[]): Network {
  const coverage: CoverageNote[] = [...readingNotes];
  const subnets = buildSubnets(raw.subnets);
  const vpcs = buildVpcs(raw.vpcs, subnets);
  const { networkInterfaces, instances } = buildInterfacesAndInstances(
    raw.networkInterfaces,
    raw.instances,
    raw.addresses,
    coverage,
  );
  const vpnConnections = buildVpnConnections(raw.vpnConnections);
  const prefixLists = buildPrefixLists(raw.prefixLists, raw.prefixListEntries, raw.incomplete.prefixListEntries, coverage);
  const tgw = buildTransitGatewayParts(raw, { vpcs, vpnConnections, prefixLists }, coverage);
  const ruleLists = withoutListsAsUnknown(raw, coverage);
  coverage.push(...conflictingCopies(raw));
  const uniqueCoverage = new Map(coverage.map((n) => [noteKey(n), n]));
  return {
    vpcs,
    subnets,
    ...ruleLists,
    networkInterfaces,
    instances,
    internetGateways: buildInternetGateways(raw.internetGateways),
    egressOnlyInternetGateways: buildEgressOnlyInternetGateways(raw.egressOnlyInternetGateways),
    vpnGateways: buildVpnGateways(raw.vpnGateways),
    vpnConnections,
    dxVirtualInterfaces: buildDxVirtualInterfaces(raw.virtualInterfaces),
    dxGatewayAssociations: buildDxGatewayAssociations(raw.directConnectGatewayAssociations),
    peeringConnections: buildPeeringConnections(raw.peeringConnections),
    natGateways: buildNatGateways(raw.natGateways),
    vpcEndpoints: buildVpcEndpoints(raw.vpcEndpoints),
    transitGateways: tgw.transitGateways,
    transitGatewayAttachments: tgw.transitGatewayAttachments,
    transitGatewayRouteTables: tgw.transitGatewayRouteTables,
    prefixLists,
    loadBalancers: buildLoadBalancers(raw),
    targetGroups: buildTargetGroups(raw),
    kindsPresent: new Set([...raw.kindsPresent].sort(compareText)),
    failedCalls: new Set([...raw.failedCalls].sort(compareText)),
    collectedAt: raw.collectedAt,
    coverage: [...uniqueCoverage.entries()].sort(([a], [b]) => compareText(a, b)).map(([, n]) => n),
  };
}
