// Leaving a subnet: the sender's egress rules, the subnet's route for the destination, and the
// gateway it leads to — the local route, an internet gateway, a NAT gateway, a virtual private
// gateway, a peering connection, a transit gateway or a VPC endpoint.
import { AddressSet, parseCidr } from '../../net/index.js';
import type { RouteTarget, Subnet } from '../../model/types.js';
import { routeFor } from '../routes.js';
import { directConnectLinked, vgwConnected, vgwConnectionUnknown, vgwInService } from '../sources.js';
import { IP_PROTOCOL_ICMP, protocolNumber } from '../protocols.js';
import { IP_PROTOCOL_TCP, IP_PROTOCOL_UDP } from '../../model/types.js';
import { groupsRequest, naclRequest } from './checks.js';
import type { PathDraft } from './draft.js';
import { deliverInVpc, internetIn } from './walk-in.js';
import { tgwOut } from './walk-tgw.js';
import { INTERNET, MAX_HOPS, aclOf, internetRoutable, publicOwner, ref, single, subnetRef, type SubnetSender, type WalkContext } from './walk-context.js';
import { vpnRoutedCidrs } from '../../model/vpn-routes.js';
import { QueryError, ipv6NotAnalysed } from './endpoints.js';

/** The NACL of a subnet the request leaves: outbound entries judge the destination; the reply comes back in. */
export function leaveEdge(ctx: WalkContext, draft: PathDraft, subnet: Subnet, destination: string): void {
  const acl = aclOf(subnet, ctx.index);
  if (acl === null) return;
  draft.filter(naclRequest(acl, true, single(destination), draft.flow), 'SUBNET_ACL_RESTRICTION', ref('AWS::EC2::NetworkAcl', acl.id), false);
  draft.replyNacl({ acl, egress: false, judges: 'server' });
}

export function endPath(ctx: WalkContext, draft: PathDraft): void {
  ctx.ended.push(draft);
}

function arriveOutside(ctx: WalkContext, draft: PathDraft): void {
  draft.arrived = true;
  endPath(ctx, draft);
}

/** The sender's egress rules judge the destination; group references match only interfaces reached through the VPC or a peering. */
function senderEgress(ctx: WalkContext, draft: PathDraft, sender: SubnetSender, destination: string, target: RouteTarget | null): void {
  if (sender.groups === null) return;
  const refs = target === null || target.kind === 'pcx' ? 'members' : 'none';
  const result = groupsRequest(sender.groups, 'egress', single(destination), refs, draft.flow, ctx.index);
  if (!result.passed.isEmpty()) {
    draft.step(...result.steps);
    return;
  }
  for (const group of sender.groups) draft.block('ENI_SG_RULES_MISMATCH', ref('AWS::EC2::SecurityGroup', group.id), result.denial);
  if (sender.groups.length === 0) draft.block('ENI_SG_RULES_MISMATCH', sender.component, result.denial);
}

export function leaveSubnet(ctx: WalkContext, draft: PathDraft, sender: SubnetSender, destination: string, hops: number): void {
  const { index } = ctx;
  const table = index.routeTableFor(sender.subnet);
  if (table === null) {
    senderEgress(ctx, draft, sender, destination, null);
    draft.block('NO_ROUTE_TO_DESTINATION', subnetRef(sender.subnet), 'the snapshot has no route table for this subnet (no explicit association and no main table)');
    return endPath(ctx, draft);
  }
  const tableRef = ref('AWS::EC2::RouteTable', table.id);
  const choice = routeFor(table, sender.vpc, single(destination), index);
  senderEgress(ctx, draft, sender, destination, choice.kind === 'route' ? choice.route.target : null);
  if (choice.kind === 'local') {
    draft.step({ ...tableRef, rule: 'local' });
    return deliverInVpc(ctx, draft, sender.vpc, destination, { kind: 'local', sender }, hops);
  }
  if (choice.kind === 'none') {
    draft.block('NO_ROUTE_TO_DESTINATION', tableRef, `no route for ${destination}`);
    return endPath(ctx, draft);
  }
  draft.step({ ...tableRef, rule: choice.text });
  if (choice.route.blackhole) {
    draft.block('BLACKHOLE_ROUTE', tableRef, `route ${choice.text} drops the traffic`);
    return endPath(ctx, draft);
  }
  if (hops >= MAX_HOPS) {
    draft.block('NO_ROUTE_TO_DESTINATION', tableRef, `the path loops (more than ${MAX_HOPS} gateway hops)`);
    return endPath(ctx, draft);
  }
  const target = choice.route.target;
  switch (target.kind) {
    case 'igw':
      return internetOut(ctx, draft, sender, target.id, destination, hops);
    case 'nat':
      return natOut(ctx, draft, sender, target.id, destination, hops);
    case 'vgw':
      return vgwOut(ctx, draft, sender, target.id, destination);
    case 'pcx':
      return peeringOut(ctx, draft, sender, target.id, destination, hops);
    case 'tgw':
      return tgwOut(ctx, draft, sender, target.id, destination, hops);
    case 'vpce':
      return endpointOut(ctx, draft, sender, target.id, destination);
    case 'eigw':
      return egressOnlyOut(ctx, draft, sender, target.id, destination);
    default:
      draft.block('ROUTE_TARGET_NOT_FOLLOWED', tableRef, `route ${choice.text} leads to ${target.kind === 'other' ? 'a target' : `${target.kind} ${target.id}`} that netreach does not follow`);
      return endPath(ctx, draft);
  }
}

function internetOut(ctx: WalkContext, draft: PathDraft, sender: SubnetSender, igwId: string, destination: string, hops: number): void {
  const igwRef = ref('AWS::EC2::InternetGateway', igwId);
  const igw = ctx.index.network.internetGateways.get(igwId);
  if (igw === undefined || !igw.vpcIds.includes(sender.vpc.id)) {
    draft.block('BAD_STATE', igwRef, igw === undefined ? 'the internet gateway is not in the snapshot' : `the internet gateway is not attached to ${sender.vpc.id}`);
    return endPath(ctx, draft);
  }
  leaveEdge(ctx, draft, sender.subnet, destination);
  draft.step(igwRef);
  draft.setVia({ type: 'IGW', id: igwId });
  draft.replySteps(igwRef);
  const routable = internetRoutable(destination);
  const blockPrivate = (): void => draft.block('NO_ROUTE_TO_DESTINATION', INTERNET, `${destination} is a private address; the internet does not route it`);
  if (!destination.includes(':')) {
    if (sender.publicIp === null) {
      draft.block('NO_PUBLIC_IP', igwRef, `${sender.address} has no public IPv4 address for the internet gateway to translate it to`);
      // A public address would not help a private destination: say that too (every blocker, SPEC §6).
      if (!routable) blockPrivate();
      return endPath(ctx, draft);
    }
    draft.translateSource(single(sender.publicIp), destination, draft.flow.clientPorts);
  }
  if (!routable) {
    blockPrivate();
    return endPath(ctx, draft);
  }
  const owner = publicOwner(destination, ctx.index);
  if (owner === null) {
    draft.step(INTERNET);
    draft.replySteps(INTERNET);
    return arriveOutside(ctx, draft);
  }
  // Back into AWS through the internet: to another public address of the snapshot.
  internetIn(ctx, draft, owner, destination, hops + 1);
}

/** NAT gateways translate TCP, UDP and ICMP only. */
const NAT_PROTOCOLS = new Set([IP_PROTOCOL_TCP, IP_PROTOCOL_UDP, IP_PROTOCOL_ICMP]);
/** The source ports a NAT gateway picks for its translated connections. */
const NAT_SOURCE_PORTS: readonly [number, number] = [1024, 65535];

function natOut(ctx: WalkContext, draft: PathDraft, sender: SubnetSender, natId: string, destination: string, hops: number): void {
  // DNS64/NAT64 (64:ff9b::/96 to a NAT gateway) translates IPv6 to IPv4: not analysed (SPEC §2).
  if (destination.includes(':')) throw new QueryError(ipv6NotAnalysed(`through NAT gateway ${natId} (NAT64)`));
  const { index } = ctx;
  const natRef = ref('AWS::EC2::NatGateway', natId);
  const nat = index.network.natGateways.get(natId);
  if (nat === undefined || nat.state !== 'available' || nat.privateIps.length === 0) {
    draft.block('BAD_STATE', natRef, nat === undefined ? 'the NAT gateway is not in the snapshot' : `the NAT gateway is ${nat.state}`);
    return endPath(ctx, draft);
  }
  if (!NAT_PROTOCOLS.has(protocolNumber(draft.flow.protocol))) {
    draft.block('NAT_GATEWAY_UNSUPPORTED_PROTOCOL', natRef, `protocol ${protocolNumber(draft.flow.protocol)} is neither TCP, UDP nor ICMP`);
  }
  const natSubnet = nat.subnetId === null ? null : index.subnet(nat.subnetId);
  if (natSubnet === null) {
    const why = nat.subnetId === null ? 'a regional NAT gateway has no subnet whose routes netreach can follow' : `its subnet ${nat.subnetId} is not in the snapshot`;
    index.coverage.add('AWS::EC2::NatGateway', nat.id, `${why}; what the NAT gateway forwards is not followed`);
    draft.block('BAD_STATE', natRef, why);
    return endPath(ctx, draft);
  }
  if (natSubnet.id !== sender.subnet.id) {
    leaveEdge(ctx, draft, sender.subnet, destination);
    const acl = aclOf(natSubnet, index);
    if (acl !== null) {
      draft.filter(naclRequest(acl, false, draft.sources, draft.flow), 'SUBNET_ACL_RESTRICTION', ref('AWS::EC2::NetworkAcl', acl.id));
      draft.replyNacl({ acl, egress: true, judges: 'client' });
    }
  }
  draft.step(natRef);
  draft.setVia({ type: 'NAT', id: natId });
  draft.replySteps(natRef);
  const natIp = nat.privateIps[0]!;
  draft.translateSource(single(natIp), destination, NAT_SOURCE_PORTS);
  const natSender: SubnetSender = {
    subnet: natSubnet,
    vpc: sender.vpc,
    address: natIp,
    publicIp: nat.publicIps[0] ?? null,
    component: natRef,
    groups: null,
    interfaceSteps: [natRef],
  };
  leaveSubnet(ctx, draft, natSender, destination, hops + 1);
}

/**
 * What the VGW sends on to on-premises: its available VPNs' static routes, or null when that is
 * not in the snapshot (BGP, Direct Connect, a connection assumed) and so is taken to be everything.
 */
export function vgwStaticRoutes(ctx: WalkContext, vgwId: string): string[] | null {
  const network = ctx.index.network;
  const vpns = [...network.vpnConnections.values()].filter((v) => v.vpnGatewayId === vgwId && v.state === 'available');
  const dynamic = vpns.some((v) => vpnRoutedCidrs(v) === null);
  if (dynamic || directConnectLinked(vgwId, network) || vgwConnectionUnknown(vgwId, ctx.index) !== null) {
    ctx.index.coverage.add('AWS::EC2::VPNGateway', vgwId, 'routes learned over BGP or Direct Connect are not in the snapshot; the gateway is assumed to route every on-premises destination');
    return null;
  }
  return [...new Set(vpns.flatMap((v) => vpnRoutedCidrs(v) ?? []))];
}

/** Why the VGW cannot send `statics`' complement on: the words for a destination its VPNs do not route. */
export function vgwRoutesOnly(statics: readonly string[]): string {
  return statics.length === 0 ? 'it has no available VPN connection with routes' : `its VPN connections route only ${statics.join(', ')}`;
}

/** Whether the VGW sends this destination on to on-premises: VPN static routes, else BGP or Direct Connect (not in the snapshot, assumed). */
export function vgwRoutes(ctx: WalkContext, vgwId: string, destination: string): string | null {
  const d = single(destination);
  const onprem = ctx.options.onpremCidrs;
  if (onprem !== null && !AddressSet.fromCidrs(d.family, onprem.filter((c) => parseCidr(c)?.family === d.family)).covers(d)) {
    return `${destination} is outside --onprem-cidrs`;
  }
  const statics = vgwStaticRoutes(ctx, vgwId);
  if (statics === null || statics.some((c) => parseCidr(c)?.family === d.family && AddressSet.fromCidr(c).covers(d))) return null;
  return vgwRoutesOnly(statics);
}

function vgwOut(ctx: WalkContext, draft: PathDraft, sender: SubnetSender, vgwId: string, destination: string): void {
  const { index } = ctx;
  const vgwRef = ref('AWS::EC2::VPNGateway', vgwId);
  const vgw = index.network.vpnGateways.get(vgwId);
  if (vgw === undefined || !vgw.vpcIds.includes(sender.vpc.id) || !vgwInService(vgw, index)) {
    draft.block('BAD_STATE', vgwRef, vgw === undefined ? 'the virtual private gateway is not in the snapshot' : `the gateway is ${vgw.state} and attached to ${vgw.vpcIds.join(', ') || 'no VPC'}`);
    return endPath(ctx, draft);
  }
  if (!vgwConnected(vgw, index)) draft.block('VGW_NOT_CONNECTED', vgwRef, 'no VPN connection is available and no Direct Connect path leads to it');
  leaveEdge(ctx, draft, sender.subnet, destination);
  draft.step(vgwRef);
  draft.setVia({ type: 'VGW', id: vgwId });
  draft.replySteps(vgwRef);
  const noRoute = vgwRoutes(ctx, vgwId, destination);
  if (noRoute !== null) {
    draft.block('NO_ROUTE_TO_DESTINATION', vgwRef, `no route for ${destination}: ${noRoute}`);
    return endPath(ctx, draft);
  }
  arriveOutside(ctx, draft);
}

function peeringOut(ctx: WalkContext, draft: PathDraft, sender: SubnetSender, pcxId: string, destination: string, hops: number): void {
  if (destination.includes(':')) throw new QueryError(ipv6NotAnalysed(`over peering connection ${pcxId}`));
  const { index } = ctx;
  const pcxRef = ref('AWS::EC2::VPCPeeringConnection', pcxId);
  const pcx = index.network.peeringConnections.get(pcxId);
  const peer = pcx === undefined ? null : pcx.requester.vpcId === sender.vpc.id ? pcx.accepter : pcx.accepter.vpcId === sender.vpc.id ? pcx.requester : null;
  if (pcx === undefined || peer === null) {
    draft.block('BAD_STATE', pcxRef, pcx === undefined ? 'the peering connection is not in the snapshot' : `${sender.vpc.id} is on neither side of it`);
    return endPath(ctx, draft);
  }
  if (pcx.status !== 'active') draft.block('PEERING_NOT_ACTIVE', pcxRef, `its status is ${pcx.status}`);
  leaveEdge(ctx, draft, sender.subnet, destination);
  const peerVpc = index.network.vpcs.get(peer.vpcId);
  const peerCidrs = peer.cidrs.length > 0 ? peer.cidrs : (peerVpc?.cidrs ?? []);
  const d = single(destination);
  if (!peerCidrs.some((c) => parseCidr(c)?.family === d.family && AddressSet.fromCidr(c).covers(d))) {
    draft.block('NO_ROUTE_TO_DESTINATION', pcxRef, `${destination} is not in peer VPC ${peer.vpcId} (${peerCidrs.join(', ') || 'CIDRs unknown'}); peering is not transitive`);
    return endPath(ctx, draft);
  }
  draft.step({ ...pcxRef, rule: `peer ${peer.vpcId}` });
  draft.setVia({ type: 'PCX', id: pcxId });
  draft.replySteps(pcxRef);
  if (peerVpc === undefined) {
    draft.step(ref('AWS::EC2::VPC', peer.vpcId));
    index.coverage.add('AWS::EC2::VPCPeeringConnection', pcxId, `peer VPC ${peer.vpcId} is not in the snapshot; what it does with the traffic is not followed`);
    return arriveOutside(ctx, draft);
  }
  deliverInVpc(
    ctx,
    draft,
    peerVpc,
    destination,
    { kind: 'gateway', entry: { via: { type: 'PCX', id: pcxId }, refs: 'members', accepts: (t) => t.kind === 'pcx' && t.id === pcxId, internet: false } },
    hops + 1,
  );
}

function endpointOut(ctx: WalkContext, draft: PathDraft, sender: SubnetSender, endpointId: string, destination: string): void {
  const endpointRef = ref('AWS::EC2::VPCEndpoint', endpointId);
  const endpoint = ctx.index.network.vpcEndpoints.get(endpointId);
  if (endpoint === undefined || endpoint.vpcId !== sender.vpc.id || !['available', 'Available'].includes(endpoint.state)) {
    draft.block('BAD_STATE', endpointRef, endpoint === undefined ? 'the VPC endpoint is not in the snapshot' : `the endpoint is ${endpoint.state} in ${endpoint.vpcId}`);
    return endPath(ctx, draft);
  }
  leaveEdge(ctx, draft, sender.subnet, destination);
  draft.step({ ...endpointRef, rule: endpoint.serviceName });
  draft.setVia({ type: 'VPCE', id: endpointId });
  draft.replySteps(endpointRef);
  arriveOutside(ctx, draft);
}

function egressOnlyOut(ctx: WalkContext, draft: PathDraft, sender: SubnetSender, eigwId: string, destination: string): void {
  const eigwRef = ref('AWS::EC2::EgressOnlyInternetGateway', eigwId);
  const eigw = ctx.index.network.egressOnlyInternetGateways.get(eigwId);
  if (eigw === undefined || !eigw.vpcIds.includes(sender.vpc.id) || !destination.includes(':')) {
    draft.block('BAD_STATE', eigwRef, eigw === undefined ? 'the egress-only internet gateway is not in the snapshot' : `it carries only IPv6 from ${eigw.vpcIds.join(', ') || 'no VPC'}`);
    return endPath(ctx, draft);
  }
  leaveEdge(ctx, draft, sender.subnet, destination);
  draft.step(eigwRef, INTERNET);
  draft.setVia({ type: 'EIGW', id: eigwId });
  draft.replySteps(INTERNET, eigwRef);
  arriveOutside(ctx, draft);
}
