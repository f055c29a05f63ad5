// What every step of a point query's walk shares: the network, the options, the finished paths,
// and the few AWS facts asked of several places (who owns an address, which subnet holds it).
import { AddressSet, parseCidr } from '../../net/index.js';
import type { NetworkAcl, NetworkInterface, RouteTarget, SecurityGroup, Subnet, Vpc } from '../../model/types.js';
import type { EngineOptions, PathStep } from '../types.js';
import type { NetworkIndex } from '../network-index.js';
import type { GroupReferenceMatch } from '../security-groups.js';
import type { ComponentRef, PathDraft } from './draft.js';
import type { QueryVia } from './types.js';
import { ownsAddress } from '../interface-addresses.js';

/** Beyond this many gateway hops a path is taken to loop (NAT to NAT, TGW peering rings). */
export const MAX_HOPS = 8;

export interface WalkContext {
  readonly index: NetworkIndex;
  readonly options: EngineOptions;
  /** Paths that have ended: arrived, or stopped by a component that leaves no way on. */
  readonly ended: PathDraft[];
  /** Set when the query asks for an instance behind load balancers: only listeners forwarding to it at this port count. */
  readonly lbTarget: { readonly instanceId: string; readonly port: number } | null;
  /**
   * The load balancer whose node the walk is sent to, when it is: load balancers sharing a subnet
   * share the address a node without an interface in the snapshot is placed at (SPEC §4).
   */
  readonly loadBalancerId?: string;
}

/** Something in a subnet that sends: an interface, a NAT gateway, or an address nothing owns. */
export interface SubnetSender {
  readonly subnet: Subnet;
  readonly vpc: Vpc;
  readonly address: string;
  /** The public IPv4 the internet gateway translates it to. */
  readonly publicIp: string | null;
  readonly component: ComponentRef;
  /** The interface's groups (their egress rules judge the destination); null for NAT gateways and bare addresses. */
  readonly groups: readonly SecurityGroup[] | null;
  readonly interfaceSteps: readonly PathStep[];
}

/** How the flow enters a VPC from a gateway, and what the reply needs to get back out. */
export interface Entry {
  readonly via: QueryVia;
  readonly refs: GroupReferenceMatch;
  /** The destination subnet's route for the senders must lead here. */
  readonly accepts: (target: RouteTarget) => boolean;
  /** 'Internet' sources reach only internet-facing load balancers, the others only internal ones. */
  readonly internet: boolean;
  /** Checks of the reply beyond the subnet's route (transit gateway AZs and tables). */
  readonly replyChecks?: (ctx: WalkContext, draft: PathDraft, subnet: Subnet) => void;
}

export const INTERNET: ComponentRef = { componentType: 'Internet', componentId: 'internet' };

export function ref(componentType: string, componentId: string): ComponentRef {
  return { componentType, componentId };
}

export function subnetRef(subnet: Subnet): ComponentRef {
  return ref('AWS::EC2::Subnet', subnet.id);
}

export function single(address: string): AddressSet {
  return AddressSet.fromAddresses(address.includes(':') ? 6 : 4, [address]);
}

function cidrHas(cidr: string | null, address: string): boolean {
  if (cidr === null) return false;
  const parsed = parseCidr(cidr);
  const ip = single(address);
  return parsed !== null && parsed.family === ip.family && AddressSet.fromCidr(parsed).covers(ip);
}

export function vpcHas(vpc: Vpc, address: string): boolean {
  return [...vpc.cidrs, ...vpc.ipv6Cidrs].some((c) => cidrHas(c, address));
}

/** The subnet of the VPC whose CIDR holds the address. */
export function subnetHolding(vpc: Vpc, address: string, index: NetworkIndex): Subnet | null {
  for (const subnet of [...index.network.subnets.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (subnet.vpcId === vpc.id && (cidrHas(subnet.cidr, address) || subnet.ipv6Cidrs.some((c) => cidrHas(c, address)))) return subnet;
  }
  return null;
}

export const PRIVATE_IPV4 = AddressSet.fromCidrs(4, ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);

/** Addresses the internet cannot route: RFC 1918 space (IPv4 only). */
export function internetRoutable(address: string): boolean {
  const ip = single(address);
  return ip.family === 6 || !PRIVATE_IPV4.covers(ip);
}

/** Who holds a public address: an interface (with the private address it maps to) or a NAT gateway. */
export type PublicOwner =
  | { readonly kind: 'interface'; readonly eni: NetworkInterface; readonly privateIp: string }
  | { readonly kind: 'nat'; readonly natGatewayId: string };

export function publicOwner(address: string, index: NetworkIndex): PublicOwner | null {
  const network = index.network;
  // A NAT gateway's own interface holds its address too: the NAT gateway is what answers there.
  for (const nat of [...network.natGateways.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (nat.publicIps.includes(address)) return { kind: 'nat', natGatewayId: nat.id };
  }
  for (const eni of [...network.networkInterfaces.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const association = eni.publicIps.find((p) => p.publicIp === address);
    if (association !== undefined) return { kind: 'interface', eni, privateIp: association.privateIp };
    if (address.includes(':') && ownsAddress(eni, address)) return { kind: 'interface', eni, privateIp: address };
  }
  return null;
}

/** The subnet's ACL; a missing one is a coverage gap and its checks are skipped. */
export function aclOf(subnet: Subnet, index: NetworkIndex): NetworkAcl | null {
  const acl = index.naclFor(subnet);
  if (acl === null) index.coverage.add('AWS::EC2::Subnet', subnet.id, 'the network ACL of this subnet is not in the snapshot; its NACL checks are skipped');
  return acl;
}

export function interfaceSteps(eni: NetworkInterface): PathStep[] {
  const steps: PathStep[] = [{ componentType: 'AWS::EC2::NetworkInterface', componentId: eni.id }];
  if (eni.instanceId !== null) steps.push({ componentType: 'AWS::EC2::Instance', componentId: eni.instanceId });
  return steps;
}
