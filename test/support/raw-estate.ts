// Builds small estates as raw AWS CLI JSON (describe-* output shapes), writes them to a temp
// folder and runs the real loader and engine on them, so engine tests start from what a user has.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSnapshot } from '../../src/snapshot/index.js';
import { assessNetwork, DEFAULT_EPHEMERAL_PORTS } from '../../src/engine/index.js';
import type { EngineOptions, EngineResult, ReachabilityType } from '../../src/engine/index.js';
import { AddressSet, type IpFamily } from '../../src/net/index.js';
import type { Transport } from '../../src/model/types.js';

type Json = Record<string, unknown>;

export const OWNER = '123456789012';

export interface SgPermission {
  readonly protocol: string;
  readonly from?: number;
  readonly to?: number;
  readonly cidrs?: readonly string[];
  readonly ipv6Cidrs?: readonly string[];
  readonly groups?: readonly string[];
  readonly prefixLists?: readonly string[];
}

export interface NaclRule {
  readonly rule: number;
  readonly egress?: boolean;
  readonly protocol?: string;
  readonly action?: 'allow' | 'deny';
  readonly cidr?: string;
  readonly ipv6Cidr?: string;
  readonly ports?: readonly [number, number];
}

export interface RouteSpec {
  readonly dest?: string;
  readonly dest6?: string;
  readonly prefixList?: string;
  readonly gateway?: string;
  readonly nat?: string;
  readonly pcx?: string;
  readonly tgw?: string;
  readonly eni?: string;
  readonly propagated?: boolean;
  readonly blackhole?: boolean;
}

function permission(p: SgPermission): Json {
  const all = p.protocol === '-1';
  return {
    IpProtocol: p.protocol,
    ...(all ? {} : { FromPort: p.from ?? 0, ToPort: p.to ?? p.from ?? 65535 }),
    IpRanges: (p.cidrs ?? []).map((c) => ({ CidrIp: c })),
    Ipv6Ranges: (p.ipv6Cidrs ?? []).map((c) => ({ CidrIpv6: c })),
    PrefixListIds: (p.prefixLists ?? []).map((id) => ({ PrefixListId: id })),
    UserIdGroupPairs: (p.groups ?? []).map((g) => ({ GroupId: g, UserId: OWNER })),
  };
}

export const ALLOW_ALL_NACL: readonly NaclRule[] = [
  { rule: 100, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
  { rule: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
];

export class RawEstate {
  private seq = 0;
  readonly files: Record<string, Json[]> = {};
  private readonly extra: Record<string, unknown> = {};

  private id(prefix: string): string {
    this.seq++;
    return `${prefix}-0${this.seq.toString(16).padStart(16, '0')}`;
  }

  private add(key: string, item: Json): void {
    (this.files[key] ??= []).push(item);
  }

  /** Extra top-level documents written as their own files (e.g. TargetHealthDescriptions). */
  document(name: string, doc: unknown): void {
    this.extra[name] = doc;
  }

  vpc(cidr: string, opts: { ipv6?: string; extraCidrs?: readonly string[] } = {}): string {
    const id = this.id('vpc');
    this.add('Vpcs', {
      VpcId: id,
      OwnerId: OWNER,
      CidrBlock: cidr,
      State: 'available',
      IsDefault: false,
      CidrBlockAssociationSet: [cidr, ...(opts.extraCidrs ?? [])].map((c, i) => ({ AssociationId: `vpc-cidr-assoc-${i}`, CidrBlock: c, CidrBlockState: { State: 'associated' } })),
      ...(opts.ipv6 === undefined ? {} : { Ipv6CidrBlockAssociationSet: [{ AssociationId: 'vpc-cidr-assoc-6', Ipv6CidrBlock: opts.ipv6, Ipv6CidrBlockState: { State: 'associated' } }] }),
    });
    return id;
  }

  internetGateway(vpcId: string | null): string {
    const id = this.id('igw');
    this.add('InternetGateways', { InternetGatewayId: id, OwnerId: OWNER, Attachments: vpcId === null ? [] : [{ State: 'available', VpcId: vpcId }], Tags: [] });
    return id;
  }

  vpnGateway(vpcId: string, opts: { connection?: 'available' | 'deleted' | 'none' } = {}): string {
    const id = this.id('vgw');
    this.add('VpnGateways', { VpnGatewayId: id, State: 'available', Type: 'ipsec.1', VpcAttachments: [{ State: 'attached', VpcId: vpcId }] });
    const connection = opts.connection ?? 'available';
    this.files['VpnConnections'] ??= [];
    if (connection !== 'none') {
      this.add('VpnConnections', { VpnConnectionId: this.id('vpn'), VpnGatewayId: id, CustomerGatewayId: this.id('cgw'), State: connection, Type: 'ipsec.1' });
    }
    return id;
  }

  peering(requesterVpc: string, requesterCidr: string, accepterVpc: string, accepterCidr: string, status = 'active'): string {
    const id = this.id('pcx');
    this.add('VpcPeeringConnections', {
      VpcPeeringConnectionId: id,
      Status: { Code: status, Message: status },
      RequesterVpcInfo: { VpcId: requesterVpc, OwnerId: OWNER, Region: 'us-east-1', CidrBlock: requesterCidr, CidrBlockSet: [{ CidrBlock: requesterCidr }] },
      AccepterVpcInfo: { VpcId: accepterVpc, OwnerId: OWNER, Region: 'us-east-1', CidrBlock: accepterCidr, CidrBlockSet: [{ CidrBlock: accepterCidr }] },
    });
    return id;
  }

  subnet(vpcId: string, cidr: string, opts: { az?: string; ipv6?: string } = {}): string {
    const id = this.id('subnet');
    this.add('Subnets', {
      SubnetId: id,
      VpcId: vpcId,
      CidrBlock: cidr,
      AvailabilityZone: opts.az ?? 'us-east-1a',
      State: 'available',
      OwnerId: OWNER,
      ...(opts.ipv6 === undefined ? {} : { Ipv6CidrBlockAssociationSet: [{ AssociationId: 'subnet-cidr-assoc', Ipv6CidrBlock: opts.ipv6, Ipv6CidrBlockState: { State: 'associated' } }] }),
    });
    return id;
  }

  routeTable(vpcId: string, opts: { subnets?: readonly string[]; main?: boolean; routes?: readonly RouteSpec[]; vpcCidr?: string; gateways?: readonly string[] }): string {
    const id = this.id('rtb');
    const vpc = this.files['Vpcs']?.find((v) => v['VpcId'] === vpcId);
    const locals = [vpc?.['CidrBlock'] as string | undefined].filter((c): c is string => c !== undefined);
    const routes: Json[] = locals.map((c) => ({ DestinationCidrBlock: c, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }));
    for (const r of opts.routes ?? []) {
      routes.push({
        ...(r.dest === undefined ? {} : { DestinationCidrBlock: r.dest }),
        ...(r.dest6 === undefined ? {} : { DestinationIpv6CidrBlock: r.dest6 }),
        ...(r.prefixList === undefined ? {} : { DestinationPrefixListId: r.prefixList }),
        ...(r.gateway === undefined ? {} : { GatewayId: r.gateway }),
        ...(r.nat === undefined ? {} : { NatGatewayId: r.nat }),
        ...(r.pcx === undefined ? {} : { VpcPeeringConnectionId: r.pcx }),
        ...(r.tgw === undefined ? {} : { TransitGatewayId: r.tgw }),
        ...(r.eni === undefined ? {} : { NetworkInterfaceId: r.eni }),
        Origin: r.propagated === true ? 'EnableVgwRoutePropagation' : 'CreateRoute',
        State: r.blackhole === true ? 'blackhole' : 'active',
      });
    }
    const associations: Json[] = (opts.subnets ?? []).map((s, i) => ({ Main: false, RouteTableAssociationId: `rtbassoc-${id}-${i}`, RouteTableId: id, SubnetId: s }));
    if (opts.main === true) associations.push({ Main: true, RouteTableAssociationId: `rtbassoc-${id}-main`, RouteTableId: id });
    // Edge associations: a gateway route table (ingress routing).
    for (const [i, g] of (opts.gateways ?? []).entries()) associations.push({ Main: false, RouteTableAssociationId: `rtbassoc-${id}-gw${i}`, RouteTableId: id, GatewayId: g, AssociationState: { State: 'associated' } });
    this.add('RouteTables', { RouteTableId: id, VpcId: vpcId, OwnerId: OWNER, Associations: associations, Routes: routes, PropagatingVgws: [] });
    return id;
  }

  nacl(vpcId: string, opts: { subnets: readonly string[]; entries: readonly NaclRule[]; isDefault?: boolean }): string {
    const id = this.id('acl');
    const entries: Json[] = [];
    for (const e of [...opts.entries, { rule: 32767, action: 'deny' as const, protocol: '-1', cidr: '0.0.0.0/0' }, { rule: 32767, egress: true, action: 'deny' as const, protocol: '-1', cidr: '0.0.0.0/0' }]) {
      entries.push({
        RuleNumber: e.rule,
        Egress: e.egress ?? false,
        Protocol: e.protocol ?? '-1',
        RuleAction: e.action ?? 'allow',
        ...(e.ipv6Cidr === undefined ? { CidrBlock: e.cidr ?? '0.0.0.0/0' } : { Ipv6CidrBlock: e.ipv6Cidr }),
        ...(e.ports === undefined ? {} : { PortRange: { From: e.ports[0], To: e.ports[1] } }),
      });
    }
    this.add('NetworkAcls', {
      NetworkAclId: id,
      VpcId: vpcId,
      IsDefault: opts.isDefault ?? false,
      OwnerId: OWNER,
      Associations: opts.subnets.map((s, i) => ({ NetworkAclAssociationId: `aclassoc-${id}-${i}`, NetworkAclId: id, SubnetId: s })),
      Entries: entries,
    });
    return id;
  }

  securityGroup(vpcId: string, name: string, ingress: readonly SgPermission[], egress: readonly SgPermission[] = [{ protocol: '-1', cidrs: ['0.0.0.0/0'] }]): string {
    const id = this.id('sg');
    this.add('SecurityGroups', {
      GroupId: id,
      GroupName: name,
      Description: name,
      VpcId: vpcId,
      OwnerId: OWNER,
      IpPermissions: ingress.map(permission),
      IpPermissionsEgress: egress.map(permission),
    });
    return id;
  }

  prefixList(name: string, cidrs: readonly string[] | null): string {
    const id = this.id('pl');
    this.add('PrefixLists', { PrefixListId: id, PrefixListName: name, AddressFamily: 'IPv4', State: 'create-complete', OwnerId: OWNER, MaxEntries: 10 });
    if (cidrs !== null) this.extra[`entries-${id}`] = { PrefixListId: id, Entries: cidrs.map((c) => ({ Cidr: c })) };
    return id;
  }

  /** A running instance with one ENI; returns the instance id and its ENI id. */
  instance(
    subnetId: string,
    opts: { groups: readonly string[]; privateIp: string; publicIp?: string; ipv6?: readonly string[]; ipv4Prefixes?: readonly string[]; ipv6Prefixes?: readonly string[]; state?: string; eniElsewhere?: boolean },
  ): { instanceId: string; eniId: string } {
    const instanceId = this.id('i');
    const eniId = this.id('eni');
    const subnet = this.files['Subnets']?.find((s) => s['SubnetId'] === subnetId);
    const vpcId = (subnet?.['VpcId'] as string | undefined) ?? 'vpc-missing';
    const association = opts.publicIp === undefined ? {} : { Association: { PublicIp: opts.publicIp, IpOwnerId: 'amazon', PublicDnsName: '' } };
    const eni: Json = {
      NetworkInterfaceId: eniId,
      SubnetId: subnetId,
      VpcId: vpcId,
      Status: 'in-use',
      InterfaceType: 'interface',
      Description: '',
      PrivateIpAddress: opts.privateIp,
      PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: opts.privateIp, ...association }],
      Ipv6Addresses: (opts.ipv6 ?? []).map((a) => ({ Ipv6Address: a })),
      ...(opts.ipv4Prefixes === undefined ? {} : { Ipv4Prefixes: opts.ipv4Prefixes.map((p) => ({ Ipv4Prefix: p })) }),
      ...(opts.ipv6Prefixes === undefined ? {} : { Ipv6Prefixes: opts.ipv6Prefixes.map((p) => ({ Ipv6Prefix: p })) }),
      Groups: opts.groups.map((g) => ({ GroupId: g, GroupName: g })),
      Attachment: { AttachmentId: `eni-attach-${eniId}`, DeviceIndex: 0, InstanceId: instanceId, InstanceOwnerId: OWNER, Status: 'attached' },
      ...association,
    };
    this.add('Reservations', {
      ReservationId: this.id('r'),
      OwnerId: OWNER,
      Instances: [
        {
          InstanceId: instanceId,
          ImageId: 'ami-0abcdef1234567890',
          InstanceType: 't3.micro',
          State: { Code: opts.state === 'stopped' ? 80 : 16, Name: opts.state ?? 'running' },
          SubnetId: subnetId,
          VpcId: vpcId,
          PrivateIpAddress: opts.privateIp,
          ...(opts.publicIp === undefined ? {} : { PublicIpAddress: opts.publicIp }),
          SecurityGroups: opts.groups.map((g) => ({ GroupId: g, GroupName: g })),
          NetworkInterfaces: [eni],
          Tags: [{ Key: 'Name', Value: instanceId }],
        },
      ],
    });
    return { instanceId, eniId };
  }

  /** A transit gateway with its default route table (association and propagation default). */
  transitGateway(): { tgw: string; table: string } {
    const tgw = this.id('tgw');
    const table = this.id('tgw-rtb');
    this.add('TransitGateways', { TransitGatewayId: tgw, OwnerId: OWNER, State: 'available', Options: { AssociationDefaultRouteTableId: table, PropagationDefaultRouteTableId: table } });
    this.add('TransitGatewayRouteTables', { TransitGatewayRouteTableId: table, TransitGatewayId: tgw, State: 'available', DefaultAssociationRouteTable: true, DefaultPropagationRouteTable: true });
    return { tgw, table };
  }

  /** Another route table of a transit gateway. */
  tgwRouteTable(tgw: string): string {
    const table = this.id('tgw-rtb');
    this.add('TransitGatewayRouteTables', { TransitGatewayRouteTableId: table, TransitGatewayId: tgw, State: 'available', DefaultAssociationRouteTable: false, DefaultPropagationRouteTable: false });
    return table;
  }

  /** A VPC or VPN attachment, associated with `table` (null: not associated). */
  tgwAttachment(tgw: string, table: string | null, of: { vpc: string; subnets: readonly string[] } | { vpnStaticRoutes: readonly string[] }): string {
    const id = this.id('tgw-attach');
    const association = table === null ? {} : { Association: { TransitGatewayRouteTableId: table, State: 'associated' } };
    if ('vpc' in of) {
      this.add('TransitGatewayAttachments', { TransitGatewayAttachmentId: id, TransitGatewayId: tgw, ResourceType: 'vpc', ResourceId: of.vpc, State: 'available', ...association });
      this.add('TransitGatewayVpcAttachments', { TransitGatewayAttachmentId: id, TransitGatewayId: tgw, VpcId: of.vpc, SubnetIds: [...of.subnets], State: 'available' });
    } else {
      const vpn = this.id('vpn');
      this.add('TransitGatewayAttachments', { TransitGatewayAttachmentId: id, TransitGatewayId: tgw, ResourceType: 'vpn', ResourceId: vpn, State: 'available', ...association });
      this.add('VpnConnections', {
        VpnConnectionId: vpn, TransitGatewayId: tgw, CustomerGatewayId: this.id('cgw'), State: 'available', Type: 'ipsec.1',
        Options: { StaticRoutesOnly: of.vpnStaticRoutes.length > 0 },
        Routes: of.vpnStaticRoutes.map((c) => ({ DestinationCidrBlock: c, Source: 'Static', State: 'available' })),
      });
    }
    return id;
  }

  /** The routes of a TGW route table, as search-transit-gateway-routes returns them. */
  tgwRoutes(table: string, routes: readonly { cidr: string; attachment?: string; blackhole?: boolean; propagated?: boolean }[]): void {
    this.extra[`tgw-routes-${table}`] = {
      TransitGatewayRouteTableId: table,
      AdditionalRoutesAvailable: false,
      Routes: routes.map((r) => ({
        DestinationCidrBlock: r.cidr,
        TransitGatewayAttachments: r.attachment === undefined ? [] : [{ TransitGatewayAttachmentId: r.attachment }],
        Type: r.propagated === true ? 'propagated' : 'static',
        State: r.blackhole === true ? 'blackhole' : 'active',
      })),
    };
  }

  /** A NAT gateway in the subnet with one private and (public NAT) one public address. */
  natGateway(vpcId: string, subnetId: string, privateIp: string, publicIp: string | null, state = 'available'): string {
    const id = this.id('nat');
    this.add('NatGateways', {
      NatGatewayId: id,
      VpcId: vpcId,
      SubnetId: subnetId,
      State: state,
      ConnectivityType: publicIp === null ? 'private' : 'public',
      NatGatewayAddresses: [{ PrivateIp: privateIp, ...(publicIp === null ? {} : { PublicIp: publicIp, AllocationId: this.id('eipalloc') }), NetworkInterfaceId: this.id('eni') }],
    });
    return id;
  }

  /** A gateway VPC endpoint (S3-like) for these route tables. */
  gatewayEndpoint(vpcId: string, routeTableIds: readonly string[], serviceName = 'com.amazonaws.us-east-1.s3'): string {
    const id = this.id('vpce');
    this.add('VpcEndpoints', { VpcEndpointId: id, VpcEndpointType: 'Gateway', VpcId: vpcId, ServiceName: serviceName, State: 'available', RouteTableIds: [...routeTableIds] });
    return id;
  }

  /** A Gateway Load Balancer endpoint (an appliance's, such as a firewall's) in one subnet. */
  gatewayLoadBalancerEndpoint(vpcId: string, subnetId: string): string {
    const id = this.id('vpce');
    this.add('VpcEndpoints', { VpcEndpointId: id, VpcEndpointType: 'GatewayLoadBalancer', VpcId: vpcId, ServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718', State: 'available', SubnetIds: [subnetId], RouteTableIds: [] });
    return id;
  }

  /** Writes one file per top-level key, as `aws ec2 describe-* > Key.json` would. */
  write(dir: string): void {
    mkdirSync(dir, { recursive: true });
    for (const [key, items] of Object.entries(this.files)) writeFileSync(join(dir, `${key}.json`), JSON.stringify({ [key]: items }, null, 2));
    for (const [name, doc] of Object.entries(this.extra)) writeFileSync(join(dir, `${name}.json`), JSON.stringify(doc, null, 2));
  }

  async assess(options: Partial<EngineOptions> = {}): Promise<EngineResult> {
    const dir = mkdtempSync(join(tmpdir(), 'netreach-estate-'));
    try {
      this.write(dir);
      const { network } = await loadSnapshot(dir, { lenient: false });
      return assessNetwork(network, { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null, ...options });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

export interface ReachQuery {
  readonly instanceId: string;
  readonly reachabilityType: ReachabilityType;
  readonly protocol: Transport;
  readonly port: number;
  readonly ipVersion?: IpFamily;
  readonly viaType?: string;
}

/** The union of the sources that reach this port of this instance from this kind of source. */
export function sourcesAt(result: EngineResult, q: ReachQuery): AddressSet {
  const family = q.ipVersion ?? 4;
  let set = AddressSet.empty(family);
  for (const r of result.reachabilities) {
    if (r.instanceId !== q.instanceId || r.reachabilityType !== q.reachabilityType || r.ipVersion !== family) continue;
    if (q.viaType !== undefined && r.via.type !== q.viaType) continue;
    for (const c of r.cells) if (c.protocol === q.protocol && c.ports[0] <= q.port && q.port <= c.ports[1]) set = set.union(c.sources);
  }
  return set;
}

/** Sources as merged CIDRs, the form findings show. */
export function cidrsAt(result: EngineResult, q: ReachQuery): string[] {
  return [...sourcesAt(result, q).toCidrs()];
}

/** A VPC 10.0.0.0/16 with one subnet 10.0.1.0/24, by default public (0.0.0.0/0 to an IGW) with an allow-all NACL. */
export function publicSubnet(opts: { nacl?: readonly NaclRule[]; routes?: readonly RouteSpec[] } = {}) {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const igw = e.internetGateway(vpc);
  const subnet = e.subnet(vpc, '10.0.1.0/24');
  const rtb = e.routeTable(vpc, { subnets: [subnet], routes: opts.routes ?? [{ dest: '0.0.0.0/0', gateway: igw }] });
  const acl = e.nacl(vpc, { subnets: [subnet], entries: opts.nacl ?? ALLOW_ALL_NACL, isDefault: true });
  return { e, vpc, igw, subnet, rtb, acl };
}

/** publicSubnet() with one instance (10.0.1.10, public 54.10.20.30) in one group with these rules. */
export function publicInstance(ingress: readonly SgPermission[], opts: { nacl?: readonly NaclRule[]; routes?: readonly RouteSpec[] } = {}) {
  const { e, vpc, igw, subnet, rtb, acl } = publicSubnet(opts);
  const sg = e.securityGroup(vpc, 'web', ingress);
  const { instanceId, eniId } = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.10', publicIp: '54.10.20.30' });
  return { e, vpc, igw, subnet, rtb, acl, sg, instanceId, eniId };
}

/** The internet's IPv4 addresses as SPEC §2 defines them for a VPC of 10.0.0.0/16. */
export const INTERNET_V4 = AddressSet.all(4).subtract(AddressSet.fromCidrs(4, ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']));
