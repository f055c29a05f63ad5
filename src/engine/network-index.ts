// Lookups the engine needs, built once per assessment: which table and ACL a subnet uses, who is
// a member of a group, which gateways a VPC has, where a load balancer's nodes are.
import { attachmentInService } from '../model/transit-gateway-states.js';
import { AddressSet, formatIp, parseCidr, type IpFamily } from '../net/index.js';
import type {
  InternetGateway,
  LoadBalancer,
  Network,
  NetworkAcl,
  NetworkInterface,
  PeeringConnection,
  RouteTable,
  SecurityGroup,
  Subnet,
  TransitGatewayAttachment,
  VpnGateway,
} from '../model/types.js';
import { CoverageLog } from './coverage.js';
import { ipv4Destinations, ownsAddress } from './interface-addresses.js';

/** A load-balancer node: the address it sends from and the subnet it sits in. */
export interface LoadBalancerNode {
  readonly address: string;
  readonly subnet: Subnet;
  /** The node's ENI when the snapshot has it; null for a node placed at the subnet's address + 4. */
  readonly networkInterfaceId: string | null;
}

/** The CloudFormation type of a load balancer, as coverage and paths name it. */
export function loadBalancerType(lb: LoadBalancer): string {
  return lb.kind === 'classic' ? 'AWS::ElasticLoadBalancing::LoadBalancer' : 'AWS::ElasticLoadBalancingV2::LoadBalancer';
}

function byId<T extends { readonly id: string }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** The ENI description AWS gives a load balancer's interfaces: "ELB name" or "ELB app|net/name/id". */
function loadBalancerEniDescription(lb: LoadBalancer): string {
  if (lb.kind === 'classic') return `ELB ${lb.name}`;
  const marker = ':loadbalancer/';
  const at = lb.id.indexOf(marker);
  return at < 0 ? `ELB ${lb.name}` : `ELB ${lb.id.slice(at + marker.length)}`;
}

/** AWS reserves the first four addresses of a subnet; +4 is the first an LB node can take. */
function firstUsableAddress(subnet: Subnet): string | null {
  if (subnet.cidr === null) return null;
  const cidr = parseCidr(subnet.cidr);
  if (cidr === null || cidr.family !== 4) return null;
  return formatIp(4, cidr.network + 4n);
}

export class NetworkIndex {
  readonly coverage = new CoverageLog();
  private readonly explicitTables = new Map<string, RouteTable>();
  private readonly mainTables = new Map<string, RouteTable>();
  private readonly gatewayTables = new Map<string, RouteTable[]>();
  private readonly vpcTables = new Map<string, RouteTable[]>();
  private readonly subnetAcls = new Map<string, NetworkAcl>();
  private readonly defaultAcls = new Map<string, NetworkAcl>();
  /** VPCs some of whose network ACLs list subnet associations. */
  private readonly vpcsWithAclAssociations = new Set<string>();
  private readonly members = new Map<string, string[]>();
  private readonly memberSets = new Map<string, AddressSet>();
  private readonly prefixListSets = new Map<string, AddressSet>();
  private readonly igws = new Map<string, InternetGateway[]>();
  private readonly vgws = new Map<string, VpnGateway[]>();
  private readonly tgwAttachments = new Map<string, TransitGatewayAttachment[]>();
  private readonly eniByAddress = new Map<string, NetworkInterface>();
  /** By VPC: interfaces with delegated prefixes, whose addresses are not in eniByAddress one by one. */
  private readonly enisWithPrefixes = new Map<string, NetworkInterface[]>();
  private readonly vpcsWithInterfaces = new Set<string>();
  private readonly nodes = new Map<string, LoadBalancerNode[]>();
  /** Interfaces by their description, in id order: how load-balancer nodes are found. */
  private readonly enisByDescription = new Map<string, NetworkInterface[]>();
  /** Whether answers are reused across interfaces of one configuration (see answer-memo.ts). */
  readonly reuseAnswers: boolean;

  constructor(
    readonly network: Network,
    options: { readonly reuseAnswers?: boolean } = {},
  ) {
    this.reuseAnswers = options.reuseAnswers ?? true;
    for (const table of byId(network.routeTables.values())) {
      if (table.main && !this.mainTables.has(table.vpcId)) this.mainTables.set(table.vpcId, table);
      for (const subnetId of table.subnetIds) if (!this.explicitTables.has(subnetId)) this.explicitTables.set(subnetId, table);
      for (const gatewayId of table.gatewayIds) pushTo(this.gatewayTables, gatewayId, table);
      pushTo(this.vpcTables, table.vpcId, table);
    }
    for (const acl of byId(network.networkAcls.values())) {
      if (acl.isDefault && !this.defaultAcls.has(acl.vpcId)) this.defaultAcls.set(acl.vpcId, acl);
      for (const subnetId of acl.subnetIds) if (!this.subnetAcls.has(subnetId)) this.subnetAcls.set(subnetId, acl);
      if (acl.subnetIds.length > 0) this.vpcsWithAclAssociations.add(acl.vpcId);
    }
    for (const eni of byId(network.networkInterfaces.values())) {
      if (eni.description !== null) pushTo(this.enisByDescription, eni.description, eni);
      if (eni.instanceId !== null && !network.instances.has(eni.instanceId)) {
        this.coverage.add('AWS::EC2::NetworkInterface', eni.id, `it is attached to instance ${eni.instanceId}, which is not in the snapshot; what reaches it is not analysed`);
      }
      // A member sends from any of its addresses, those of its delegated IPv4 prefixes too.
      for (const groupId of eni.groupIds) for (const ip of ipv4Destinations(eni)) pushTo(this.members, groupId, ip);
      for (const ip of eni.privateIps) {
        const key = `${eni.vpcId} ${ip}`;
        if (!this.eniByAddress.has(key)) this.eniByAddress.set(key, eni);
      }
      if (eni.ipv4Prefixes.length > 0 || eni.ipv6Prefixes.length > 0) pushTo(this.enisWithPrefixes, eni.vpcId, eni);
      this.vpcsWithInterfaces.add(eni.vpcId);
    }
    for (const igw of byId(network.internetGateways.values())) for (const vpcId of igw.vpcIds) pushTo(this.igws, vpcId, igw);
    for (const vgw of byId(network.vpnGateways.values())) for (const vpcId of vgw.vpcIds) pushTo(this.vgws, vpcId, vgw);
    for (const attachment of byId(network.transitGatewayAttachments.values())) {
      if (attachment.resourceType === 'vpc' && attachment.resourceId !== null) pushTo(this.tgwAttachments, attachment.resourceId, attachment);
    }
    for (const lb of byId(network.loadBalancers.values())) {
      const nodes = this.findLoadBalancerNodes(lb);
      this.nodes.set(lb.id, nodes);
      // Nodes placed without an ENI are still members of the LB's groups when they send on other
      // paths (a peer's LB reaching an IP target); the LB's own second hop judges them by the LB's
      // groups alone (membersOf), since another node or an instance may share the placed address.
      for (const node of nodes) {
        if (node.networkInterfaceId !== null) continue;
        for (const groupId of lb.securityGroupIds ?? []) pushTo(this.members, groupId, node.address);
      }
    }
  }

  subnet(id: string): Subnet | null {
    return this.network.subnets.get(id) ?? null;
  }

  /** The subnet's explicitly associated table, else its VPC's main table. */
  routeTableFor(subnet: Subnet): RouteTable | null {
    const table = this.explicitTables.get(subnet.id) ?? this.mainTables.get(subnet.vpcId) ?? null;
    return table?.routesMissing === true ? null : table;
  }

  /** routeTableFor the subnet with this id; null when the subnet or its table is not in the snapshot. */
  routeTableOfSubnet(subnetId: string): RouteTable | null {
    const subnet = this.subnet(subnetId);
    return subnet === null ? null : this.routeTableFor(subnet);
  }

  /** The VPC's route tables, in id order. */
  routeTablesOf(vpcId: string): readonly RouteTable[] {
    return this.vpcTables.get(vpcId) ?? [];
  }

  /** Gateway route tables (ingress routing) edge-associated with this internet or virtual private gateway, in id order. */
  gatewayRouteTables(gatewayId: string): readonly RouteTable[] {
    return this.gatewayTables.get(gatewayId) ?? [];
  }

  /**
   * The subnet's network ACL, null when the snapshot does not hold it. AWS associates every subnet
   * with exactly one ACL and describe-network-acls lists every association, the default ACL's too:
   * a subnet in no association while the VPC's ACLs list theirs has an ACL that was not collected
   * (its checks are skipped, never guessed). Only when no ACL of the VPC lists any subnet (written
   * by hand, without associations) is the VPC's default ACL assumed, with a note.
   */
  naclFor(subnet: Subnet): NetworkAcl | null {
    let acl = this.subnetAcls.get(subnet.id) ?? null;
    if (acl === null) {
      const fallback = this.defaultAcls.get(subnet.vpcId) ?? null;
      if (fallback !== null && this.vpcsWithAclAssociations.has(subnet.vpcId)) {
        this.coverage.add('AWS::EC2::Subnet', subnet.id, `no network ACL in the snapshot lists this subnet among its associations, though the VPC's ACLs list theirs (AWS lists every subnet's, the default ACL's too): its ACL was not collected`);
      } else if (fallback !== null) {
        this.coverage.add('AWS::EC2::Subnet', subnet.id, `no network ACL of ${subnet.vpcId} lists its subnets; the VPC's default ACL ${fallback.id} is assumed`);
        acl = fallback;
      }
    }
    return acl?.entriesMissing === true ? null : acl;
  }

  /** The groups with these ids that the snapshot has; the missing ones are coverage gaps. */
  groups(groupIds: readonly string[], holderType: string, holderId: string): SecurityGroup[] {
    const found: SecurityGroup[] = [];
    for (const id of [...groupIds].sort()) {
      const group = this.network.securityGroups.get(id);
      if (group === undefined) this.coverage.add(holderType, holderId, `security group ${id} is not in the snapshot; its rules are not counted`);
      else found.push(group);
    }
    return found;
  }

  /** Private IPv4 addresses (and delegated prefixes) of every interface in the group (and of LB nodes placed without an ENI). */
  groupMembers(groupId: string): AddressSet {
    let set = this.memberSets.get(groupId);
    if (set === undefined) {
      set = AddressSet.fromCidrs(4, (this.members.get(groupId) ?? []).filter((ip) => !ip.includes(':')));
      this.memberSets.set(groupId, set);
    }
    return set;
  }

  /** A managed prefix list's CIDRs of one family, or null when its entries were not collected. */
  prefixListCidrs(prefixListId: string, family: IpFamily, holderType: string, holderId: string): AddressSet | null {
    const list = this.network.prefixLists.get(prefixListId);
    if (list === undefined || list.cidrs === null) {
      const why = list === undefined ? 'is not in the snapshot' : 'has no collected entries';
      this.coverage.add(holderType, holderId, `prefix list ${prefixListId} ${why}; what it matches is not counted`);
      return null;
    }
    const key = `${prefixListId}/${family}`;
    let set = this.prefixListSets.get(key);
    if (set === undefined) {
      set = AddressSet.fromCidrs(family, list.cidrs.filter((c) => (family === 6) === c.includes(':')));
      this.prefixListSets.set(key, set);
    }
    return set;
  }

  internetGatewaysOf(vpcId: string): InternetGateway[] {
    return this.igws.get(vpcId) ?? [];
  }

  vpnGatewaysOf(vpcId: string): VpnGateway[] {
    return this.vgws.get(vpcId) ?? [];
  }

  /** Active peering connections with this VPC on either side, with the peer's side. */
  peeringsOf(vpcId: string): { connection: PeeringConnection; peerVpcId: string; peerCidrs: readonly string[] }[] {
    const out: { connection: PeeringConnection; peerVpcId: string; peerCidrs: readonly string[] }[] = [];
    for (const pcx of byId(this.network.peeringConnections.values())) {
      if (pcx.status !== 'active') continue;
      const peer = pcx.requester.vpcId === vpcId ? pcx.accepter : pcx.accepter.vpcId === vpcId ? pcx.requester : null;
      if (peer === null) continue;
      const peerCidrs = peer.cidrs.length > 0 ? peer.cidrs : (this.network.vpcs.get(peer.vpcId)?.cidrs ?? []);
      if (peerCidrs.length === 0) this.coverage.add('AWS::EC2::VPCPeeringConnection', pcx.id, `the CIDRs of peer VPC ${peer.vpcId} are not in the snapshot`);
      out.push({ connection: pcx, peerVpcId: peer.vpcId, peerCidrs });
    }
    return out;
  }

  /** Whether the snapshot has an attachment of this VPC to the transit gateway, in any state. */
  hasTransitGatewayAttachment(vpcId: string, transitGatewayId: string): boolean {
    return (this.tgwAttachments.get(vpcId) ?? []).some((a) => a.transitGatewayId === transitGatewayId);
  }

  transitGatewayAttachmentsOf(vpcId: string): TransitGatewayAttachment[] {
    return (this.tgwAttachments.get(vpcId) ?? []).filter(attachmentInService);
  }

  /** Whether the snapshot has any network interface in the VPC (else who is in its groups is unknown). */
  hasInterfacesIn(vpcId: string): boolean {
    return this.vpcsWithInterfaces.has(vpcId);
  }

  /** The interface owning a private address (or a delegated prefix holding it); VPCs may overlap, so the address is looked up in one. */
  interfaceWithAddress(vpcId: string, ip: string): NetworkInterface | null {
    return this.eniByAddress.get(`${vpcId} ${ip}`) ?? (this.enisWithPrefixes.get(vpcId) ?? []).find((eni) => ownsAddress(eni, ip)) ?? null;
  }

  loadBalancerNodes(lb: LoadBalancer): LoadBalancerNode[] {
    return this.nodes.get(lb.id) ?? [];
  }

  private findLoadBalancerNodes(lb: LoadBalancer): LoadBalancerNode[] {
    const description = loadBalancerEniDescription(lb);
    const fromEnis: LoadBalancerNode[] = [];
    for (const eni of this.enisByDescription.get(description) ?? []) {
      if (lb.vpcId !== null && eni.vpcId !== lb.vpcId) continue;
      const subnet = this.subnet(eni.subnetId);
      if (subnet === null || eni.primaryPrivateIp === null) continue;
      fromEnis.push({ address: eni.primaryPrivateIp, subnet, networkInterfaceId: eni.id });
    }
    if (fromEnis.length > 0) return fromEnis;
    const placed: LoadBalancerNode[] = [];
    for (const subnetId of [...lb.subnetIds].sort()) {
      const subnet = this.subnet(subnetId);
      const address = subnet === null ? null : firstUsableAddress(subnet);
      if (subnet === null || address === null) {
        this.coverage.add(loadBalancerType(lb), lb.id, `subnet ${subnetId} is not in the snapshot; the load balancer's node there is not analysed`);
        continue;
      }
      placed.push({ address, subnet, networkInterfaceId: null });
    }
    return placed;
  }
}
