// What a query's `from` and `to` name, looked up in the snapshot: an interface that sends, an
// address in a subnet, the internet, a gateway, an address outside; an interface, an address or
// a load balancer to reach.
import { AddressSet, formatIp, parseIp } from '../../net/index.js';
import type { Instance, LoadBalancer, NetworkInterface, Subnet, Vpc } from '../../model/types.js';
import type { NetworkIndex } from '../network-index.js';
import type { QueryFrom, QueryTo } from './types.js';
import { interfaceSteps, ref, single, subnetHolding, type SubnetSender } from './walk-context.js';
import { firstIpv6Address, ownsAddress } from '../interface-addresses.js';

/** Input the snapshot cannot answer (an unknown id, an address that is no address): exit 2 at the CLI. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
}

/** SPEC §2: IPv6 is analysed for traffic that reaches an interface directly; `through` names what it would cross instead. */
export function ipv6NotAnalysed(through: string): string {
  return `IPv6 ${through} is not analysed in this version (SPEC §2: IPv6 only for traffic that reaches an interface directly); ask with IPv4 addresses`;
}

export const IPV6_THROUGH_LOAD_BALANCERS = ipv6NotAnalysed('through a load balancer');

export type Origin =
  | { readonly kind: 'inside'; readonly sender: SubnetSender }
  | { readonly kind: 'internet'; readonly address: string | null }
  | { readonly kind: 'gateway'; readonly gatewayId: string; readonly address: string | null }
  /** A private address outside every VPC of the snapshot (on-premises, a VPC not collected). */
  | { readonly kind: 'outside'; readonly address: string };

export type Target =
  /** `eni`: the primary interface; `enis`: every interface traffic can be addressed to (an instance's all). */
  | { readonly kind: 'interface'; readonly eni: NetworkInterface; readonly enis: readonly NetworkInterface[]; readonly instance: Instance | null }
  | { readonly kind: 'address'; readonly address: string }
  | { readonly kind: 'load-balancer'; readonly lb: LoadBalancer };

/** The address in the form the snapshot's records are read into (IPv6 lower-case and shortest), so `2600:1F18::A` finds `2600:1f18::a`. */
function checkedAddress(text: string, what: string): string {
  const parsed = parseIp(text);
  if (parsed === null) throw new QueryError(`${what} "${text}" is not an IP address`);
  return formatIp(parsed.family, parsed.value);
}

function byId<T extends { readonly id: string }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function interfaceSender(eni: NetworkInterface, address: string | null, index: NetworkIndex, family: 4 | 6): SubnetSender {
  const subnet = index.subnet(eni.subnetId);
  const vpc = index.network.vpcs.get(eni.vpcId);
  if (subnet === null || vpc === undefined) throw new QueryError(`the subnet or VPC of ${eni.id} is not in the snapshot`);
  const own = address ?? (family === 6 ? firstIpv6Address(eni) : (eni.primaryPrivateIp ?? eni.privateIps[0])) ?? null;
  if (own === null) throw new QueryError(`${eni.id} has no ${family === 6 ? 'IPv6' : 'private'} address in the snapshot`);
  if (!ownsAddress(eni, own)) throw new QueryError(`${own} is not an address of ${eni.id}`);
  return {
    subnet,
    vpc,
    address: own,
    publicIp: eni.publicIps.find((p) => p.privateIp === own)?.publicIp ?? null,
    component: ref('AWS::EC2::NetworkInterface', eni.id),
    groups: index.groups(eni.groupIds, 'AWS::EC2::NetworkInterface', eni.id),
    interfaceSteps: interfaceSteps(eni),
  };
}

function bareSender(subnet: Subnet, vpc: Vpc, address: string): SubnetSender {
  return { subnet, vpc, address, publicIp: null, component: ref('AWS::EC2::Subnet', subnet.id), groups: null, interfaceSteps: [ref('AWS::EC2::Subnet', subnet.id)] };
}

function primaryInterface(instance: Instance, index: NetworkIndex): NetworkInterface {
  const eni = instance.networkInterfaceIds.map((id) => index.network.networkInterfaces.get(id)).find((e) => e !== undefined);
  if (eni === undefined) throw new QueryError(`the snapshot has no network interface of ${instance.id}`);
  return eni;
}

function instanceNamed(id: string, index: NetworkIndex): Instance {
  const instance = index.network.instances.get(id);
  if (instance === undefined) throw new QueryError(`instance ${id} is not in the snapshot`);
  return instance;
}

function interfaceNamed(id: string, index: NetworkIndex): NetworkInterface {
  const eni = index.network.networkInterfaces.get(id);
  if (eni === undefined) throw new QueryError(`network interface ${id} is not in the snapshot`);
  return eni;
}

/** The interface owning a private address (in `subnet` when given), or the subnet holding it, or null. */
function inside(address: string, subnetId: string | null, index: NetworkIndex, family: 4 | 6): SubnetSender | null {
  const network = index.network;
  const subnet = subnetId === null ? null : index.subnet(subnetId);
  if (subnetId !== null && subnet === null) throw new QueryError(`subnet ${subnetId} is not in the snapshot`);
  const eni = byId(network.networkInterfaces.values()).find((e) => ownsAddress(e, address) && (subnet === null || e.subnetId === subnet.id));
  if (eni !== undefined) return interfaceSender(eni, address, index, family);
  for (const vpc of byId(network.vpcs.values())) {
    const holder = subnetHolding(vpc, address, index);
    if (holder !== null && (subnet === null || holder.id === subnet.id)) return bareSender(holder, vpc, address);
  }
  return null;
}

const GATEWAY_PREFIXES = ['igw-', 'vgw-', 'pcx-', 'tgw-'];

/** `family`: the IP version of the flow, from the addresses the query names (IPv4 unless one is IPv6). */
export function resolveOrigin(from: QueryFrom, index: NetworkIndex, family: 4 | 6): Origin {
  switch (from.kind) {
    case 'internet':
      return { kind: 'internet', address: from.address === null ? null : checkedAddress(from.address, 'source address') };
    case 'instance': {
      const instance = instanceNamed(from.instanceId, index);
      const address = from.address === null ? null : checkedAddress(from.address, 'source address');
      const enis = instance.networkInterfaceIds.flatMap((id) => index.network.networkInterfaces.get(id) ?? []);
      const eni = address === null ? primaryInterface(instance, index) : enis.find((e) => ownsAddress(e, address));
      if (eni === undefined) throw new QueryError(`${address ?? ''} is not an address of ${instance.id}`);
      return { kind: 'inside', sender: interfaceSender(eni, address, index, family) };
    }
    case 'interface':
      return { kind: 'inside', sender: interfaceSender(interfaceNamed(from.networkInterfaceId, index), from.address === null ? null : checkedAddress(from.address, 'source address'), index, family) };
    case 'gateway': {
      if (!GATEWAY_PREFIXES.some((p) => from.gatewayId.startsWith(p))) throw new QueryError(`"${from.gatewayId}" is not an internet gateway, VPN gateway, peering connection or transit gateway id`);
      return { kind: 'gateway', gatewayId: from.gatewayId, address: from.address === null ? null : checkedAddress(from.address, 'source address') };
    }
    case 'address': {
      const address = checkedAddress(from.address, 'source address');
      const sender = inside(address, from.subnetId, index, family);
      if (sender !== null) return { kind: 'inside', sender };
      if (from.subnetId !== null) throw new QueryError(`${address} is not in subnet ${from.subnetId}`);
      const ip = single(address);
      const isPrivate = ip.family === 4 && AddressSet.fromCidrs(4, ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']).covers(ip);
      return isPrivate ? { kind: 'outside', address } : { kind: 'internet', address };
    }
  }
}

export function resolveTarget(to: QueryTo, index: NetworkIndex): Target {
  switch (to.kind) {
    case 'instance': {
      const instance = instanceNamed(to.instanceId, index);
      const enis = instance.networkInterfaceIds.flatMap((id) => index.network.networkInterfaces.get(id) ?? []);
      return { kind: 'interface', eni: primaryInterface(instance, index), enis, instance };
    }
    case 'interface': {
      const eni = interfaceNamed(to.networkInterfaceId, index);
      return { kind: 'interface', eni, enis: [eni], instance: eni.instanceId === null ? null : (index.network.instances.get(eni.instanceId) ?? null) };
    }
    case 'address':
      return { kind: 'address', address: checkedAddress(to.address, 'destination address') };
    case 'load-balancer': {
      const all = byId(index.network.loadBalancers.values());
      const named = all.filter((l) => l.name === to.loadBalancerId);
      const lb = all.find((l) => l.id === to.loadBalancerId) ?? named[0];
      if (lb === undefined) throw new QueryError(`load balancer ${to.loadBalancerId} is not in the snapshot`);
      // One name in two accounts or regions names two load balancers: which one is the user's to say.
      if (lb.id !== to.loadBalancerId && named.length > 1) {
        throw new QueryError(`load balancer name ${to.loadBalancerId} is held by ${named.length} load balancers; name one by its ARN: ${named.map((l) => l.id).join(', ')}`);
      }
      return { kind: 'load-balancer', lb };
    }
  }
}
