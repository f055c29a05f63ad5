// Where traffic comes from (SPEC §2): for a VPC, each gateway or peering that can carry
// inbound-initiated traffic into it, with the address set it can carry and the route target
// the reply must find.
import { AddressSet, parseCidr, type IpFamily } from '../net/index.js';
import type { RouteTarget, Subnet, TransitGatewayAttachment, Vpc, VpnGateway } from '../model/types.js';
import type { EngineOptions, GatewayVia, PathStep, ReachabilityType } from './types.js';
import type { NetworkIndex } from './network-index.js';
import type { GroupReferenceMatch } from './security-groups.js';

export interface TrafficSource {
  readonly reachabilityType: ReachabilityType;
  readonly via: GatewayVia;
  readonly family: IpFamily;
  /** Every address this source can send from, before the subnet's routes are consulted. */
  readonly candidates: AddressSet;
  /** The reply must be routed back here: the longest-prefix route must target this. */
  readonly accepts: (target: RouteTarget) => boolean;
  readonly refs: GroupReferenceMatch;
  readonly gatewayStep: PathStep;
  /** False for a subnet that cannot send the reply to this source (a TGW with no attachment subnet in its AZ). */
  readonly servesSubnet: (subnet: Subnet) => boolean;
}

const PRIVATE_IPV4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

function familyCidrs(cidrs: readonly string[], family: IpFamily): string[] {
  return cidrs.filter((c) => parseCidr(c)?.family === family);
}

function vpcAddresses(vpc: Vpc, family: IpFamily): AddressSet {
  return AddressSet.fromCidrs(family, familyCidrs(family === 4 ? vpc.cidrs : vpc.ipv6Cidrs, family));
}

const always = (): boolean => true;

function internetSources(vpc: Vpc, index: NetworkIndex): TrafficSource[] {
  const out: TrafficSource[] = [];
  for (const igw of index.internetGatewaysOf(vpc.id)) {
    const base = {
      reachabilityType: 'Internet' as const,
      via: { type: 'IGW' as const, id: igw.id },
      accepts: (t: RouteTarget) => t.kind === 'igw' && t.id === igw.id,
      refs: 'none' as const,
      gatewayStep: { componentType: 'AWS::EC2::InternetGateway', componentId: igw.id },
      servesSubnet: always,
    };
    out.push({ ...base, family: 4, candidates: AddressSet.all(4).subtract(AddressSet.fromCidrs(4, PRIVATE_IPV4)).subtract(vpcAddresses(vpc, 4)) });
    out.push({ ...base, family: 6, candidates: AddressSet.all(6).subtract(vpcAddresses(vpc, 6)) });
  }
  return out;
}

/** A VGW carries traffic only with an available VPN connection or Direct Connect path (SPEC §2). */
function vgwConnected(vgw: VpnGateway, index: NetworkIndex): boolean {
  const network = index.network;
  const haveVpn = network.kindsPresent.has('VpnConnections');
  const haveDx = ['virtualInterfaces', 'directConnectGateways', 'directConnectGatewayAssociations'].some((kind) => network.kindsPresent.has(kind));
  if (!haveVpn && !haveDx) {
    index.coverage.add('AWS::EC2::VPNGateway', vgw.id, 'no VPN connection or Direct Connect data in the snapshot; the gateway is assumed connected');
    return true;
  }
  for (const vpn of network.vpnConnections.values()) if (vpn.vpnGatewayId === vgw.id && vpn.state === 'available') return true;
  for (const vif of network.dxVirtualInterfaces.values()) if (vif.virtualGatewayId === vgw.id && vif.state === 'available') return true;
  return network.dxGatewayAssociations.some((a) => a.associatedGatewayId === vgw.id && a.state === 'associated');
}

function vgwSources(vpc: Vpc, index: NetworkIndex, options: EngineOptions): TrafficSource[] {
  const out: TrafficSource[] = [];
  for (const vgw of index.vpnGatewaysOf(vpc.id)) {
    if (vgw.state !== 'available' || !vgwConnected(vgw, index)) continue;
    let candidates = AddressSet.all(4).subtract(vpcAddresses(vpc, 4));
    if (options.onpremCidrs !== null) candidates = candidates.intersect(AddressSet.fromCidrs(4, familyCidrs(options.onpremCidrs, 4)));
    out.push({
      reachabilityType: 'VGW',
      via: { type: 'VGW', id: vgw.id },
      family: 4,
      candidates,
      accepts: (t) => t.kind === 'vgw' && t.id === vgw.id,
      refs: 'none',
      gatewayStep: { componentType: 'AWS::EC2::VPNGateway', componentId: vgw.id },
      servesSubnet: always,
    });
  }
  return out;
}

function peeringSources(vpc: Vpc, index: NetworkIndex): TrafficSource[] {
  return index.peeringsOf(vpc.id).map(({ connection, peerVpcId, peerCidrs }) => ({
    reachabilityType: 'PeeredVpc' as const,
    via: { type: 'PCX' as const, id: connection.id },
    family: 4 as const,
    candidates: AddressSet.fromCidrs(4, familyCidrs(peerCidrs, 4)),
    accepts: (t: RouteTarget) => t.kind === 'pcx' && t.id === connection.id,
    refs: 'members' as const,
    gatewayStep: { componentType: 'AWS::EC2::VPCPeeringConnection', componentId: connection.id, rule: `peer ${peerVpcId}` },
    servesSubnet: always,
  }));
}

/**
 * Addresses the TGW can carry a reply to: the attachment's associated TGW route table routes
 * traffic leaving this VPC; only destinations it sends to another attachment are reachable.
 */
function tgwReturnAddresses(attachment: TransitGatewayAttachment, index: NetworkIndex): AddressSet {
  const all = AddressSet.all(4);
  const tableId = attachment.associatedRouteTableId;
  const table = tableId === null ? undefined : index.network.transitGatewayRouteTables.get(tableId);
  if (table === undefined || table.routes === null) {
    index.coverage.add('AWS::EC2::TransitGatewayAttachment', attachment.id, 'the transit gateway route table of this attachment was not collected; its routes are not checked');
    return all;
  }
  const routes = table.routes
    .map((r) => ({ r, cidr: parseCidr(r.cidr) }))
    .filter((x) => x.cidr !== null && x.cidr.family === 4)
    .sort((a, b) => b.cidr!.prefixLength - a.cidr!.prefixLength || (a.r.type === 'static' ? 0 : 1) - (b.r.type === 'static' ? 0 : 1));
  let remaining = all;
  let reachable = AddressSet.empty(4);
  for (const { r, cidr } of routes) {
    const set = AddressSet.fromCidr(cidr!);
    const won = remaining.intersect(set);
    remaining = remaining.subtract(set);
    if (!r.blackhole && r.attachmentIds.some((id) => id !== attachment.id)) reachable = reachable.union(won);
  }
  return reachable;
}

function tgwSources(vpc: Vpc, index: NetworkIndex): TrafficSource[] {
  return index.transitGatewayAttachmentsOf(vpc.id).map((attachment) => {
    const azs = new Set(attachment.subnetIds.map((id) => index.subnet(id)?.availabilityZone ?? null).filter((az) => az !== null));
    return {
      reachabilityType: 'TransitGateway' as const,
      via: { type: 'TGW' as const, id: attachment.transitGatewayId },
      family: 4 as const,
      candidates: AddressSet.all(4).subtract(vpcAddresses(vpc, 4)).intersect(tgwReturnAddresses(attachment, index)),
      accepts: (t: RouteTarget) => t.kind === 'tgw' && t.id === attachment.transitGatewayId,
      refs: 'none' as const,
      gatewayStep: { componentType: 'AWS::EC2::TransitGateway', componentId: attachment.transitGatewayId, rule: `attachment ${attachment.id}` },
      // A subnet in an AZ where the attachment has no subnet cannot hand its reply to the TGW.
      servesSubnet: (subnet: Subnet) => azs.size === 0 || subnet.availabilityZone === null || azs.has(subnet.availabilityZone),
    };
  });
}

/** Every source of inbound-initiated traffic into the VPC, in a stable order. */
export function trafficSources(vpc: Vpc, index: NetworkIndex, options: EngineOptions): TrafficSource[] {
  return [...internetSources(vpc, index), ...vgwSources(vpc, index, options), ...peeringSources(vpc, index), ...tgwSources(vpc, index)];
}
