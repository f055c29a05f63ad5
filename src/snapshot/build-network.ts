// From validated raw records to the vendor-neutral model.
import { compareText } from '../model/compare-text.js';
import type { CoverageNote, Network } from '../model/types.js';
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
import { buildNetworkAcls } from './network-acl-model.js';
import { buildPrefixLists } from './prefix-list-model.js';
import type { RawSnapshot } from './raw-snapshot.js';
import { buildRouteTables } from './route-table-model.js';
import { buildSecurityGroups } from './security-group-model.js';
import { buildTransitGatewayParts } from './transit-gateway-model.js';
import { buildSubnets, buildVpcs } from './vpc-model.js';

function noteKey(n: CoverageNote): string {
  return `${n.file ?? ''}\u0000${n.resourceType}\u0000${n.resourceId}\u0000${n.reason}`;
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
  const uniqueCoverage = new Map(coverage.map((n) => [noteKey(n), n]));
  return {
    vpcs,
    subnets,
    routeTables: buildRouteTables(raw.routeTables),
    networkAcls: buildNetworkAcls(raw.networkAcls),
    securityGroups: buildSecurityGroups(raw.securityGroups),
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
    collectedAt: raw.collectedAt,
    coverage: [...uniqueCoverage.entries()].sort(([a], [b]) => compareText(a, b)).map(([, n]) => n),
  };
}
