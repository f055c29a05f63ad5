// One VPC's network records as describe-* prints them: the VPC, its subnets in three zones
// (public, private behind NAT, data), route tables, NACLs (most subnets on the default one, the
// public and data tiers on their own with DENY entries), gateways and a gateway endpoint.
import { ipv4, subnetBase, subnetIpv6, vpcBase, vpcIpv6, type PublicAddressPool } from './addresses.js';
import type { SeededRandom } from './random.js';
import { HUB_DESTINATIONS } from './transit-gateway.js';

type Json = Record<string, unknown>;

export type Tier = 'public' | 'private' | 'data';

export interface SubnetPlan {
  readonly id: string;
  readonly index: number;
  readonly tier: Tier;
  readonly zone: string;
  readonly base: number;
  readonly ipv6: boolean;
  /** Next host offset to hand out (AWS reserves the first four addresses). */
  nextHost: number;
}

export interface VpcPlan {
  readonly id: string;
  readonly index: number;
  readonly cidr: string;
  readonly ipv6: string | null;
  readonly subnets: readonly SubnetPlan[];
}

export interface VpcRecords {
  readonly vpc: Json;
  readonly subnets: Json[];
  readonly routeTables: Json[];
  readonly networkAcls: Json[];
  readonly internetGateways: Json[];
  readonly egressOnlyInternetGateways: Json[];
  readonly natGateways: Json[];
  readonly addresses: Json[];
  readonly vpnGateways: Json[];
  readonly vpnConnections: Json[];
  readonly customerGateways: Json[];
  readonly vpcEndpoints: Json[];
}

export interface VpcContext {
  readonly random: SeededRandom;
  readonly owner: string;
  readonly region: string;
  readonly index: number;
  readonly subnetCount: number;
  readonly naclCount: number;
  readonly ipv6: boolean;
  readonly withVpn: boolean;
  readonly s3PrefixList: string;
  readonly publicAddresses: PublicAddressPool;
  /** Routes this VPC's tables get to peers: destination CIDR → pcx id. */
  readonly peerRoutes: readonly { readonly cidr: string; readonly pcx: string }[];
  /** The hub every route table sends HUB_DESTINATIONS to, or null. */
  readonly transitGatewayId: string | null;
}

const TIERS: readonly Tier[] = ['public', 'public', 'public', 'private', 'private', 'private', 'private', 'private', 'data', 'data'];
const ON_PREMISES = '192.168.0.0/16';
const BLOCKLIST = ['198.51.100.0/24', '192.0.2.0/24', '185.220.100.0/22'];

function tags(name: string): Json[] {
  return [{ Key: 'Name', Value: name }, { Key: 'environment', Value: 'production' }];
}

function naclEntry(rule: number, egress: boolean, protocol: string, action: 'allow' | 'deny', cidr: string, ports?: [number, number]): Json {
  return {
    ...(cidr.includes(':') ? { Ipv6CidrBlock: cidr } : { CidrBlock: cidr }),
    Egress: egress,
    ...(ports === undefined ? {} : { PortRange: { From: ports[0], To: ports[1] } }),
    Protocol: protocol,
    RuleAction: action,
    RuleNumber: rule,
  };
}

function closingEntries(ipv6: boolean): Json[] {
  const out = [naclEntry(32767, false, '-1', 'deny', '0.0.0.0/0'), naclEntry(32767, true, '-1', 'deny', '0.0.0.0/0')];
  if (ipv6) out.push(naclEntry(32768, false, '-1', 'deny', '::/0'), naclEntry(32768, true, '-1', 'deny', '::/0'));
  return out;
}

function naclEntries(kind: number, vpcCidr: string, ipv6: boolean): Json[] {
  const both = (rule: number, egress: boolean, protocol: string, action: 'allow' | 'deny', ports?: [number, number]): Json[] => [
    naclEntry(rule, egress, protocol, action, '0.0.0.0/0', ports),
    ...(ipv6 ? [naclEntry(rule + 1, egress, protocol, action, '::/0', ports)] : []),
  ];
  const deny = BLOCKLIST.map((cidr, i) => naclEntry(50 + i, false, '-1', 'deny', cidr));
  if (kind === 0) return [...deny, ...both(100, false, '-1', 'allow'), ...both(100, true, '-1', 'allow'), ...closingEntries(ipv6)];
  if (kind === 1) {
    return [
      ...deny,
      ...both(100, false, '6', 'allow', [80, 80]),
      ...both(110, false, '6', 'allow', [443, 443]),
      naclEntry(120, false, '6', 'allow', '203.0.113.0/24', [22, 22]),
      naclEntry(125, false, '6', 'deny', '0.0.0.0/0', [3389, 3389]),
      ...both(130, false, '6', 'allow', [1024, 65535]),
      naclEntry(140, false, '-1', 'allow', vpcCidr),
      ...both(100, true, '-1', 'allow'),
      ...closingEntries(ipv6),
    ];
  }
  if (kind === 2) {
    return [
      naclEntry(90, false, '6', 'deny', '10.0.0.0/8', [22, 22]),
      naclEntry(100, false, '-1', 'allow', vpcCidr),
      naclEntry(110, false, '-1', 'allow', '10.0.0.0/8'),
      naclEntry(120, false, '6', 'allow', '0.0.0.0/0', [1024, 65535]),
      naclEntry(100, true, '-1', 'allow', '0.0.0.0/0'),
      ...closingEntries(false),
    ];
  }
  return [naclEntry(10, false, '-1', 'deny', '0.0.0.0/0'), naclEntry(10, true, '-1', 'deny', '0.0.0.0/0'), ...closingEntries(false)];
}

function route(destination: string, target: Json, origin = 'CreateRoute'): Json {
  return { ...(destination.includes(':') ? { DestinationIpv6CidrBlock: destination } : { DestinationCidrBlock: destination }), ...target, Origin: origin, State: 'active' };
}

export function vpcNetwork(ctx: VpcContext): { plan: VpcPlan; records: VpcRecords } {
  const { random, owner, index } = ctx;
  const vpcId = random.awsId('vpc');
  const cidr = `${ipv4(vpcBase(index))}/18`;
  const v6 = ctx.ipv6 ? vpcIpv6(index) : null;
  const zones = ['a', 'b', 'c'].map((z) => `${ctx.region}${z}`);
  const subnets: SubnetPlan[] = Array.from({ length: ctx.subnetCount }, (_, i) => ({
    id: random.awsId('subnet'),
    index: i,
    tier: TIERS[i % TIERS.length],
    zone: zones[i % zones.length],
    base: subnetBase(index, i),
    ipv6: v6 !== null && TIERS[i % TIERS.length] !== 'data',
    nextHost: 10,
  }));
  const igw = random.awsId('igw');
  const eigw = v6 === null ? null : random.awsId('eigw');
  const vgw = ctx.withVpn ? random.awsId('vgw') : null;
  const publicSubnets = subnets.filter((s) => s.tier === 'public');
  const nats = zones.map((zone) => ({ id: random.awsId('nat'), zone, subnet: publicSubnets.find((s) => s.zone === zone) ?? publicSubnets[0] ?? subnets[0] }));
  const endpoint = random.awsId('vpce');

  const vpc: Json = {
    CidrBlock: cidr,
    DhcpOptionsId: random.awsId('dopt'),
    State: 'available',
    VpcId: vpcId,
    OwnerId: owner,
    InstanceTenancy: 'default',
    ...(v6 === null ? {} : { Ipv6CidrBlockAssociationSet: [{ AssociationId: random.awsId('vpc-cidr-assoc'), Ipv6CidrBlock: v6, Ipv6CidrBlockState: { State: 'associated' }, NetworkBorderGroup: ctx.region, Ipv6Pool: 'Amazon' }] }),
    CidrBlockAssociationSet: [{ AssociationId: random.awsId('vpc-cidr-assoc'), CidrBlock: cidr, CidrBlockState: { State: 'associated' } }],
    IsDefault: false,
    Tags: tags(`vpc-${index}`),
  };
  const subnetRecords = subnets.map((s) => ({
    AvailabilityZone: s.zone,
    AvailabilityZoneId: `use1-az${(s.index % 3) + 1}`,
    AvailableIpAddressCount: 1019,
    CidrBlock: `${ipv4(s.base)}/22`,
    DefaultForAz: false,
    MapPublicIpOnLaunch: s.tier === 'public',
    State: 'available',
    SubnetId: s.id,
    VpcId: vpcId,
    OwnerId: owner,
    AssignIpv6AddressOnCreation: s.ipv6,
    Ipv6CidrBlockAssociationSet: s.ipv6 ? [{ AssociationId: random.awsId('subnet-cidr-assoc'), Ipv6CidrBlock: subnetIpv6(index, s.index), Ipv6CidrBlockState: { State: 'associated' } }] : [],
    Tags: tags(`${s.tier}-${s.zone}-${s.index}`),
    SubnetArn: `arn:aws:ec2:${ctx.region}:${owner}:subnet/${s.id}`,
    EnableDns64: false,
    Ipv6Native: false,
    PrivateDnsNameOptionsOnLaunch: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
  }));

  const local = [route(cidr, { GatewayId: 'local' }, 'CreateRouteTable'), ...(v6 === null ? [] : [route(v6, { GatewayId: 'local' }, 'CreateRouteTable')])];
  const peers = ctx.peerRoutes.map((p) => route(p.cidr, { VpcPeeringConnectionId: p.pcx }));
  const hub = ctx.transitGatewayId === null ? [] : HUB_DESTINATIONS.map((cidr) => route(cidr, { TransitGatewayId: ctx.transitGatewayId }));
  const onPremises = vgw === null ? [] : [route(ON_PREMISES, { GatewayId: vgw }, 'EnableVgwRoutePropagation')];
  const s3 = { DestinationPrefixListId: ctx.s3PrefixList, GatewayId: endpoint, Origin: 'CreateRoute', State: 'active' };
  const association = (table: string, subnet: string | null): Json => ({
    Main: subnet === null,
    RouteTableAssociationId: random.awsId('rtbassoc'),
    RouteTableId: table,
    ...(subnet === null ? {} : { SubnetId: subnet }),
    AssociationState: { State: 'associated' },
  });
  const table = (name: string, routes: Json[], subnetIds: readonly string[], main: boolean): Json => {
    const id = random.awsId('rtb');
    return {
      Associations: [...subnetIds.map((s) => association(id, s)), ...(main ? [association(id, null)] : [])],
      PropagatingVgws: vgw === null ? [] : [{ GatewayId: vgw }],
      RouteTableId: id,
      Routes: [...local, ...routes],
      Tags: tags(name),
      VpcId: vpcId,
      OwnerId: owner,
    };
  };
  const routeTables = [
    table('main', [], [], true),
    table('public', [route('0.0.0.0/0', { GatewayId: igw }), ...(v6 === null ? [] : [route('::/0', { GatewayId: igw })]), s3, ...peers, ...hub], publicSubnets.map((s) => s.id), false),
    ...nats.map((nat) =>
      table(
        `private-${nat.zone}`,
        [route('0.0.0.0/0', { NatGatewayId: nat.id }), ...(eigw === null ? [] : [route('::/0', { EgressOnlyInternetGatewayId: eigw })]), s3, ...onPremises, ...peers, ...hub],
        subnets.filter((s) => s.tier !== 'public' && s.zone === nat.zone).map((s) => s.id),
        false,
      ),
    ),
  ];

  const naclSubnets: string[][] = [[], [], [], []];
  for (const s of subnets) naclSubnets[s.tier === 'public' && s.index % 3 !== 2 ? 1 : s.tier === 'data' ? 2 : 0].push(s.id);
  const networkAcls = Array.from({ length: ctx.naclCount }, (_, n) => {
    const id = random.awsId('acl');
    return {
      Associations: (naclSubnets[n] ?? []).map((s) => ({ NetworkAclAssociationId: random.awsId('aclassoc'), NetworkAclId: id, SubnetId: s })),
      Entries: naclEntries(n % 4, cidr, v6 !== null),
      IsDefault: n === 0,
      NetworkAclId: id,
      Tags: tags(['default', 'public', 'data', 'quarantine'][n % 4]),
      VpcId: vpcId,
      OwnerId: owner,
    };
  });

  const addresses: Json[] = [];
  const natGateways = nats.map((nat) => {
    const publicIp = ctx.publicAddresses.take();
    const allocation = random.awsId('eipalloc');
    const eni = random.awsId('eni');
    const privateIp = ipv4(nat.subnet.base + nat.subnet.nextHost++);
    addresses.push({ AllocationId: allocation, AssociationId: random.awsId('eipassoc'), Domain: 'vpc', NetworkInterfaceId: eni, NetworkInterfaceOwnerId: owner, PrivateIpAddress: privateIp, PublicIp: publicIp, PublicIpv4Pool: 'amazon', NetworkBorderGroup: ctx.region });
    return {
      CreateTime: '2025-03-02T10:00:00+00:00',
      NatGatewayAddresses: [{ AllocationId: allocation, NetworkInterfaceId: eni, PrivateIp: privateIp, PublicIp: publicIp, AssociationId: random.awsId('eipassoc'), IsPrimary: true, Status: 'succeeded' }],
      NatGatewayId: nat.id,
      State: 'available',
      SubnetId: nat.subnet.id,
      VpcId: vpcId,
      Tags: tags(`nat-${nat.zone}`),
      ConnectivityType: 'public',
    };
  });
  const customerGateway = vgw === null ? null : random.awsId('cgw');
  return {
    plan: { id: vpcId, index, cidr, ipv6: v6, subnets },
    records: {
      vpc,
      subnets: subnetRecords,
      routeTables,
      networkAcls,
      internetGateways: [{ Attachments: [{ State: 'available', VpcId: vpcId }], InternetGatewayId: igw, OwnerId: owner, Tags: tags(`igw-${index}`) }],
      egressOnlyInternetGateways: eigw === null ? [] : [{ Attachments: [{ State: 'attached', VpcId: vpcId }], EgressOnlyInternetGatewayId: eigw, Tags: [] }],
      natGateways,
      addresses,
      vpnGateways: vgw === null ? [] : [{ State: 'available', Type: 'ipsec.1', VpcAttachments: [{ State: 'attached', VpcId: vpcId }], VpnGatewayId: vgw, AmazonSideAsn: 64512, Tags: tags(`vgw-${index}`) }],
      vpnConnections:
        vgw === null || customerGateway === null
          ? []
          : [{ CustomerGatewayId: customerGateway, Category: 'VPN', State: 'available', Type: 'ipsec.1', VpnConnectionId: random.awsId('vpn'), VpnGatewayId: vgw, Options: { StaticRoutesOnly: false, TunnelInsideIpVersion: 'ipv4' }, Routes: [], VgwTelemetry: [] }],
      customerGateways: customerGateway === null ? [] : [{ BgpAsn: '65000', CustomerGatewayId: customerGateway, IpAddress: ctx.publicAddresses.take(), State: 'available', Type: 'ipsec.1' }],
      vpcEndpoints: [{ VpcEndpointId: endpoint, VpcEndpointType: 'Gateway', VpcId: vpcId, ServiceName: `com.amazonaws.${ctx.region}.s3`, State: 'available', RouteTableIds: routeTables.slice(1).map((t) => t['RouteTableId']), OwnerId: owner }],
    },
  };
}
