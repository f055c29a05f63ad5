// Arriving in a VPC: the subnet that holds the destination, who owns the address there (an
// interface, a load-balancer node, a NAT gateway, nobody), the subnet's NACL, the reply's route
// back, and the receiver's security groups.
import { AddressSet } from '../../net/index.js';
import type { NetworkInterface, SecurityGroup, Subnet, Vpc } from '../../model/types.js';
import type { NetworkIndex } from '../network-index.js';
import type { GroupReferenceMatch } from '../security-groups.js';
import { groupsRequest, naclRequest, returnRoute, type Filtered } from './checks.js';
import { addressesText } from '../rule-text.js';
import type { ComponentRef, PathDraft } from './draft.js';
import { arriveAtLoadBalancer, loadBalancerAt } from './walk-lb.js';
import { endPath, leaveEdge } from './walk-out.js';
import {
  INTERNET,
  PRIVATE_IPV4,
  aclOf,
  interfaceSteps,
  ref,
  subnetHolding,
  subnetRef,
  type Entry,
  type PublicOwner,
  type SubnetSender,
  type WalkContext,
} from './walk-context.js';
import { ownsAddress } from '../interface-addresses.js';
import { IPV6_THROUGH_LOAD_BALANCERS, QueryError } from './endpoints.js';

/** Where the flow comes from when it reaches the destination's VPC: a subnet of it, or a gateway. */
export type Arrival = { readonly kind: 'local'; readonly sender: SubnetSender } | { readonly kind: 'gateway'; readonly entry: Entry };

export function refsOf(from: Arrival): GroupReferenceMatch {
  return from.kind === 'local' ? 'members' : from.entry.refs;
}

/** A security-group check: when nothing passes, each of the groups is a blocker. */
export function groupsFilter(draft: PathDraft, result: Filtered, groups: readonly SecurityGroup[], holder: ComponentRef): void {
  if (!result.passed.isEmpty()) {
    draft.filter(result, 'ENI_SG_RULES_MISMATCH', holder);
    return;
  }
  for (const group of groups) draft.block('ENI_SG_RULES_MISMATCH', ref('AWS::EC2::SecurityGroup', group.id), result.denial);
  if (groups.length === 0) draft.block('ENI_SG_RULES_MISMATCH', holder, result.denial);
}

/**
 * The destination subnet's side of the hop: the reply's route back to the gateway (and the
 * gateway's own reply checks), the NACL inbound for the request and outbound for the reply.
 */
export function arriveInSubnet(ctx: WalkContext, draft: PathDraft, subnet: Subnet, vpc: Vpc, from: Arrival, sameSubnet: boolean): void {
  const { index } = ctx;
  if (from.kind === 'gateway') {
    from.entry.replyChecks?.(ctx, draft, subnet);
    const table = index.routeTableFor(subnet);
    if (table === null) draft.block('NO_RETURN_ROUTE', subnetRef(subnet), 'the snapshot has no route table for this subnet');
    else draft.filterReply(returnRoute(table, vpc, draft.sources, from.entry.accepts, index), 'NO_RETURN_ROUTE', ref('AWS::EC2::RouteTable', table.id));
  }
  if (sameSubnet) return;
  const acl = aclOf(subnet, index);
  if (acl === null) return;
  draft.filter(naclRequest(acl, false, draft.sources, draft.flow), 'SUBNET_ACL_RESTRICTION', ref('AWS::EC2::NetworkAcl', acl.id));
  draft.replyNacl({ acl, egress: true, judges: 'client' });
}

function deliverToInterface(ctx: WalkContext, draft: PathDraft, eni: NetworkInterface, subnet: Subnet, vpc: Vpc, from: Arrival, sameSubnet: boolean): void {
  arriveInSubnet(ctx, draft, subnet, vpc, from, sameSubnet);
  const groups = ctx.index.groups(eni.groupIds, 'AWS::EC2::NetworkInterface', eni.id);
  groupsFilter(draft, groupsRequest(groups, 'ingress', draft.sources, refsOf(from), draft.flow, ctx.index), groups, ref('AWS::EC2::NetworkInterface', eni.id));
  const steps = interfaceSteps(eni);
  draft.step(...steps);
  draft.replySteps(...[...steps].reverse());
  draft.arrived = true;
  endPath(ctx, draft);
}

export function deliverInVpc(ctx: WalkContext, draft: PathDraft, vpc: Vpc, destination: string, from: Arrival, hops: number): void {
  const { index } = ctx;
  if (from.kind === 'gateway') draft.setVia(from.entry.via);
  const subnet = subnetHolding(vpc, destination, index);
  if (subnet === null) {
    draft.block('NO_ROUTE_TO_DESTINATION', ref('AWS::EC2::VPC', vpc.id), `${destination} is in the VPC's CIDR but in none of its subnets`);
    return endPath(ctx, draft);
  }
  if (from.kind === 'local') draft.setVia({ type: 'VPC', id: vpc.id });
  const sameSubnet = from.kind === 'local' && from.sender.subnet.id === subnet.id;
  if (from.kind === 'local' && !sameSubnet) leaveEdge(ctx, draft, from.sender.subnet, destination);
  const nat = [...index.network.natGateways.values()].find((n) => n.vpcId === vpc.id && n.privateIps.includes(destination));
  if (nat !== undefined) {
    draft.block('NAT_GATEWAY_NOT_A_DESTINATION', ref('AWS::EC2::NatGateway', nat.id), `${destination} is the NAT gateway's own address; it admits no connection addressed to it`);
    return endPath(ctx, draft);
  }
  const eni =
    index.interfaceWithAddress(vpc.id, destination) ??
    [...index.network.networkInterfaces.values()].find((e) => e.vpcId === vpc.id && destination.includes(':') && ownsAddress(e, destination)) ??
    null;
  const node = loadBalancerAt(ctx, vpc, destination, eni);
  if (node !== null && destination.includes(':')) throw new QueryError(IPV6_THROUGH_LOAD_BALANCERS);
  if (node !== null) return arriveAtLoadBalancer(ctx, draft, node.lb, node.node, vpc, from, sameSubnet);
  if (eni === null) {
    draft.block('NO_HOST_AT_ADDRESS', subnetRef(subnet), `no network interface in ${subnet.id} owns ${destination}`);
    return endPath(ctx, draft);
  }
  deliverToInterface(ctx, draft, eni, subnet, vpc, from, sameSubnet);
}

export function igwEntry(igwId: string): Entry {
  return { via: { type: 'IGW', id: igwId }, refs: 'none', accepts: (t) => t.kind === 'igw' && t.id === igwId, internet: true };
}

/** What an internet gateway of this VPC can carry in: not private space, not the VPC's own addresses. */
export function internetSenders(vpc: Vpc, family: 4 | 6): AddressSet {
  const own = AddressSet.fromCidrs(family, (family === 4 ? vpc.cidrs : vpc.ipv6Cidrs).filter((c) => c.includes(':') === (family === 6)));
  return family === 4 ? AddressSet.all(4).subtract(PRIVATE_IPV4).subtract(own) : AddressSet.all(6).subtract(own);
}

/** Through one internet gateway to a private address of its VPC (the public address already translated). */
export function enterThroughIgw(ctx: WalkContext, draft: PathDraft, igwId: string, vpc: Vpc, privateDestination: string, hops: number): void {
  const igwRef = ref('AWS::EC2::InternetGateway', igwId);
  const senders = draft.sources;
  draft.filter({ passed: senders.intersect(internetSenders(vpc, senders.family)), steps: [], denial: `${addressesText(senders)} cannot come from the internet into ${vpc.id}` }, 'SOURCE_NOT_ROUTABLE', INTERNET);
  draft.step(igwRef);
  draft.replySteps(igwRef);
  deliverInVpc(ctx, draft, vpc, privateDestination, { kind: 'gateway', entry: igwEntry(igwId) }, hops);
}

/** From the internet to a public address of the snapshot: the internet gateway of its VPC translates it. */
export function internetIn(ctx: WalkContext, draft: PathDraft, owner: PublicOwner, destination: string, hops: number): void {
  const { index } = ctx;
  if (owner.kind === 'nat') {
    draft.block('NAT_GATEWAY_NOT_A_DESTINATION', ref('AWS::EC2::NatGateway', owner.natGatewayId), `${destination} is the NAT gateway's public address; it admits no connection from outside`);
    return endPath(ctx, draft);
  }
  const vpc = index.network.vpcs.get(owner.eni.vpcId);
  const igws = index.internetGatewaysOf(owner.eni.vpcId);
  if (vpc === undefined || igws.length === 0) {
    draft.block('NO_ROUTE_TO_DESTINATION', ref('AWS::EC2::VPC', owner.eni.vpcId), `no internet gateway is attached to ${owner.eni.vpcId}, so ${destination} is not reachable from the internet`);
    return endPath(ctx, draft);
  }
  const drafts = igws.map((_, i) => (i === 0 ? draft : draft.clone()));
  igws.forEach((igw, i) => enterThroughIgw(ctx, drafts[i]!, igw.id, vpc, owner.privateIp, hops));
}

export function subnetOf(eni: NetworkInterface, index: NetworkIndex): Subnet | null {
  return index.subnet(eni.subnetId);
}
