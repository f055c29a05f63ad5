// fast-check arbitraries over the AWS JSON the snapshot loader reads (SPEC §1): estates of
// describe-* documents whose ids come from small pools (so references mostly resolve and the
// engine runs), and corruptions that make them subtly invalid: a hostile value in place of any
// node, a field removed, a prototype or hostile key added, a duplicate key, nesting pushed to
// the depth limit.
import fc from 'fast-check';
import { fields, isEntries, nodeAt, obj, removeAt, serialize, treePaths, updateAt, type JsonTree } from './json-tree.js';
import type { CaseFile, SnapshotCase } from './snapshot-case.js';
import { hostileString, hostileValue, nested, PROTOTYPE_KEYS, TERMINAL_ESCAPES } from './hostile-values.js';

const VPCS = ['vpc-0a1', 'vpc-0b2'];
const SUBNETS = ['subnet-0a1', 'subnet-0a2', 'subnet-0b1'];
const ROUTE_TABLES = ['rtb-0a1', 'rtb-0b1'];
const ACLS = ['acl-0a1', 'acl-0b1'];
const GROUPS = ['sg-0a1', 'sg-0a2', 'sg-0b1'];
const INSTANCES = ['i-0a1', 'i-0a2', 'i-0b1'];
const ENIS = ['eni-0a1', 'eni-0a2', 'eni-0b1', 'eni-0lb'];
const IGWS = ['igw-0a1'];
const VGWS = ['vgw-0a1'];
const PCXS = ['pcx-0ab'];
const TGWS = ['tgw-01'];
const TGW_ATTACHMENTS = ['tgw-attach-0a', 'tgw-attach-0b'];
const TGW_TABLES = ['tgw-rtb-01'];
const PREFIX_LISTS = ['pl-0a1'];
const LB_ARNS = [
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1a',
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb/2b',
];
const LISTENER_ARNS = [
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/1a/l1',
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/nlb/2b/l2',
];
const TG_ARNS = [
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/3c',
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nlb/4d',
];

const idOf = (pool: readonly string[]): fc.Arbitrary<string> => fc.constantFrom(...pool);

function maybe<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined, freq: 3 });
}

const octet = fc.integer({ min: 0, max: 255 });

function ipv4Text(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

const ipv4Cidr: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('0.0.0.0/0', '10.0.0.0/16', '10.0.1.0/24', '10.1.0.0/16', '192.168.0.0/16', '203.0.113.0/24', '10.0.0.0/8'),
  fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 })).map(([a, len]) => {
    const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
    return `${ipv4Text((a & mask) >>> 0)}/${len}`;
  }),
);

const ipv6Cidr: fc.Arbitrary<string> = fc.constantFrom('::/0', '2600:1f18:abcd:1200::/56', '2600:1f18:abcd:1201::/64', '2001:db8::/32');
const ipv4Address = fc.oneof(fc.constantFrom('10.0.1.10', '10.0.1.11', '10.0.2.5', '10.1.0.9'), fc.tuple(octet, octet, octet, octet).map((o) => o.join('.')));
const publicIp = fc.constantFrom('54.1.2.3', '3.4.5.6', '198.51.100.7');
const ipv6Address = fc.constantFrom('2600:1f18:abcd:1201::10', '2600:1f18:abcd:1201::11');
const port = fc.oneof(fc.constantFrom(22, 80, 443, 3389, 1024, 65535, 0, 53, 445), fc.integer({ min: 0, max: 65535 }));
const protocol = fc.constantFrom<JsonTree>('-1', '6', '17', '1', 'tcp', 'udp', 'icmp', '58', -1, 6);
const state = (words: readonly string[]) => fc.constantFrom(...words);

function list<T extends JsonTree>(arb: fc.Arbitrary<T>, maxLength = 3): fc.Arbitrary<JsonTree> {
  return fc.array(arb, { maxLength });
}

const vpc = fc
  .record({ id: idOf(VPCS), cidr: ipv4Cidr, v6: maybe(ipv6Cidr), owner: maybe(fc.constantFrom('123456789012', '210987654321')) })
  .map((v) =>
    fields({
      VpcId: v.id,
      OwnerId: v.owner,
      CidrBlock: v.cidr,
      CidrBlockAssociationSet: [fields({ CidrBlock: v.cidr, CidrBlockState: fields({ State: 'associated' }) })],
      Ipv6CidrBlockAssociationSet: v.v6 === undefined ? undefined : [fields({ Ipv6CidrBlock: v.v6, Ipv6CidrBlockState: fields({ State: 'associated' }) })],
    }),
  );

const subnet = fc
  .record({ id: idOf(SUBNETS), vpc: idOf(VPCS), cidr: ipv4Cidr, v6: maybe(ipv6Cidr), zone: maybe(fc.constantFrom('us-east-1a', 'us-east-1b', 'xx')) })
  .map((s) =>
    fields({
      SubnetId: s.id,
      VpcId: s.vpc,
      CidrBlock: s.cidr,
      AvailabilityZone: s.zone,
      Ipv6CidrBlockAssociationSet: s.v6 === undefined ? undefined : [fields({ Ipv6CidrBlock: s.v6 })],
    }),
  );

const routeTarget = fc.oneof(
  fc.record({ GatewayId: fc.constantFrom('local', ...IGWS, ...VGWS) }),
  fc.record({ VpcPeeringConnectionId: idOf(PCXS) }),
  fc.record({ TransitGatewayId: idOf(TGWS) }),
  fc.record({ NatGatewayId: fc.constant('nat-0a1') }),
  fc.record({ NetworkInterfaceId: idOf(ENIS) }),
);

const route = fc
  .record({
    destination: fc.oneof(
      ipv4Cidr.map((c) => ({ DestinationCidrBlock: c })),
      ipv6Cidr.map((c) => ({ DestinationIpv6CidrBlock: c })),
      idOf(PREFIX_LISTS).map((p) => ({ DestinationPrefixListId: p })),
    ),
    target: routeTarget,
    origin: maybe(state(['CreateRouteTable', 'CreateRoute', 'EnableVgwRoutePropagation'])),
    state: maybe(state(['active', 'blackhole'])),
  })
  .map((r) => fields({ ...r.destination, ...r.target, Origin: r.origin, State: r.state }));

const routeTable = fc
  .record({
    id: idOf(ROUTE_TABLES),
    vpc: idOf(VPCS),
    main: fc.boolean(),
    subnets: fc.subarray(SUBNETS),
    routes: fc.array(route, { maxLength: 5 }),
  })
  .map((t) =>
    fields({
      RouteTableId: t.id,
      VpcId: t.vpc,
      Associations: [...(t.main ? [fields({ Main: true })] : []), ...t.subnets.map((s) => fields({ Main: false, SubnetId: s }))],
      Routes: t.routes,
    }),
  );

const naclEntry = fc
  .record({
    number: fc.oneof(fc.integer({ min: 1, max: 32766 }), fc.constantFrom(100, 200, 32767)),
    egress: fc.boolean(),
    action: fc.constantFrom('allow', 'deny'),
    protocol,
    cidr: fc.oneof(ipv4Cidr.map((c) => ({ CidrBlock: c })), ipv6Cidr.map((c) => ({ Ipv6CidrBlock: c }))),
    range: maybe(fc.tuple(port, port).map(([a, b]) => fields({ From: Math.min(a, b), To: Math.max(a, b) }))),
  })
  .map((e) => fields({ RuleNumber: e.number, Egress: e.egress, RuleAction: e.action, Protocol: e.protocol, ...e.cidr, PortRange: e.range }));

const networkAcl = fc
  .record({ id: idOf(ACLS), vpc: idOf(VPCS), subnets: fc.subarray(SUBNETS), entries: fc.array(naclEntry, { maxLength: 6 }), isDefault: maybe(fc.boolean()) })
  .map((a) =>
    fields({
      NetworkAclId: a.id,
      VpcId: a.vpc,
      IsDefault: a.isDefault,
      Associations: a.subnets.map((s) => fields({ SubnetId: s, NetworkAclId: a.id })),
      Entries: a.entries,
    }),
  );

const permission = fc
  .record({
    protocol,
    ports: maybe(fc.tuple(port, port).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const)),
    ranges: list(ipv4Cidr.map((c) => fields({ CidrIp: c }))),
    v6: list(ipv6Cidr.map((c) => fields({ CidrIpv6: c }))),
    lists: list(idOf(PREFIX_LISTS).map((p) => fields({ PrefixListId: p }))),
    pairs: list(idOf(GROUPS).map((g) => fields({ GroupId: g, UserId: '123456789012' }))),
  })
  .map((p) =>
    fields({
      IpProtocol: p.protocol,
      FromPort: p.ports?.[0],
      ToPort: p.ports?.[1],
      IpRanges: p.ranges,
      Ipv6Ranges: p.v6,
      PrefixListIds: p.lists,
      UserIdGroupPairs: p.pairs,
    }),
  );

const securityGroup = fc
  .record({ id: idOf(GROUPS), vpc: idOf(VPCS), name: maybe(fc.constantFrom('web', 'default', 'db')), in: fc.array(permission, { maxLength: 4 }), out: fc.array(permission, { maxLength: 2 }) })
  .map((g) => fields({ GroupId: g.id, GroupName: g.name, VpcId: g.vpc, IpPermissions: g.in, IpPermissionsEgress: g.out }));

const eni = fc
  .record({
    id: idOf(ENIS),
    subnet: idOf(SUBNETS),
    vpc: idOf(VPCS),
    ip: ipv4Address,
    publicIp: maybe(publicIp),
    v6: maybe(ipv6Address),
    groups: fc.subarray(GROUPS),
    instance: maybe(idOf(INSTANCES)),
    type: maybe(fc.constantFrom('interface', 'network_load_balancer', 'nat_gateway')),
    description: maybe(fc.constantFrom('ELB app/web/1a', 'ELB net/nlb/2b', 'primary')),
  })
  .map((e) =>
    fields({
      NetworkInterfaceId: e.id,
      SubnetId: e.subnet,
      VpcId: e.vpc,
      PrivateIpAddress: e.ip,
      PrivateIpAddresses: [fields({ PrivateIpAddress: e.ip, Primary: true, Association: e.publicIp === undefined ? undefined : fields({ PublicIp: e.publicIp }) })],
      Association: e.publicIp === undefined ? undefined : fields({ PublicIp: e.publicIp }),
      Ipv6Addresses: e.v6 === undefined ? undefined : [fields({ Ipv6Address: e.v6 })],
      Groups: e.groups.map((g) => fields({ GroupId: g })),
      Attachment: e.instance === undefined ? undefined : fields({ InstanceId: e.instance, DeviceIndex: 0, Status: 'attached' }),
      InterfaceType: e.type,
      Description: e.description,
    }),
  );

const instance = fc
  .record({
    id: idOf(INSTANCES),
    state: fc.constantFrom('running', 'running', 'stopped', 'terminated'),
    subnet: maybe(idOf(SUBNETS)),
    vpc: maybe(idOf(VPCS)),
    ip: maybe(ipv4Address),
    publicIp: maybe(publicIp),
    groups: fc.subarray(GROUPS),
    enis: fc.array(eni, { maxLength: 2 }),
  })
  .map((i) =>
    fields({
      InstanceId: i.id,
      State: fields({ Name: i.state }),
      SubnetId: i.subnet,
      VpcId: i.vpc,
      PrivateIpAddress: i.ip,
      PublicIpAddress: i.publicIp,
      SecurityGroups: i.groups.map((g) => fields({ GroupId: g, GroupName: g })),
      NetworkInterfaces: i.enis.length === 0 ? undefined : i.enis,
      Tags: [fields({ Key: 'Name', Value: 'web' })],
    }),
  );

const reservation = fc
  .record({ owner: maybe(fc.constant('123456789012')), instances: fc.array(instance, { minLength: 1, maxLength: 3 }) })
  .map((r) => fields({ ReservationId: 'r-0a1', OwnerId: r.owner, Instances: r.instances }));

const attachments = (pool: readonly string[]) => list(fc.record({ VpcId: idOf(pool), State: fc.constantFrom('attached', 'available', 'detached') }).map((a) => fields(a)), 2);

const internetGateway = fc.record({ id: idOf(IGWS), at: attachments(VPCS) }).map((g) => fields({ InternetGatewayId: g.id, Attachments: g.at }));
const vpnGateway = fc.record({ id: idOf(VGWS), at: attachments(VPCS) }).map((g) => fields({ VpnGatewayId: g.id, State: 'available', VpcAttachments: g.at }));
const vpnConnection = fc
  .record({ vgw: idOf(VGWS), state: fc.constantFrom('available', 'deleted', 'pending'), routes: list(ipv4Cidr.map((c) => fields({ DestinationCidrBlock: c, State: 'available' }))) })
  .map((v) => fields({ VpnConnectionId: 'vpn-0a1', State: v.state, VpnGatewayId: v.vgw, CustomerGatewayId: 'cgw-0a1', Routes: v.routes }));

const peeringSide = fc.record({ vpc: idOf(VPCS), cidr: ipv4Cidr }).map((s) => fields({ VpcId: s.vpc, OwnerId: '123456789012', Region: 'us-east-1', CidrBlock: s.cidr, CidrBlockSet: [fields({ CidrBlock: s.cidr })] }));
const peering = fc
  .record({ id: idOf(PCXS), status: fc.constantFrom('active', 'pending-acceptance', 'deleted'), requester: peeringSide, accepter: peeringSide })
  .map((p) => fields({ VpcPeeringConnectionId: p.id, Status: fields({ Code: p.status }), RequesterVpcInfo: p.requester, AccepterVpcInfo: p.accepter }));

const prefixList = fc.record({ id: idOf(PREFIX_LISTS), cidrs: maybe(fc.array(ipv4Cidr, { maxLength: 3 })) }).map((p) => fields({ PrefixListId: p.id, PrefixListName: 'corp', Cidrs: p.cidrs }));
const prefixListEntries = fc
  .record({ id: idOf(PREFIX_LISTS), entries: list(fc.oneof(ipv4Cidr, ipv6Cidr).map((c) => fields({ Cidr: c, Description: 'office' })), 4) })
  .map((p) => fields({ PrefixListId: p.id, Entries: p.entries }));

const addressRecord = fc.record({ ip: publicIp, eni: maybe(idOf(ENIS)), inst: maybe(idOf(INSTANCES)), priv: maybe(ipv4Address) }).map((a) =>
  fields({ PublicIp: a.ip, AllocationId: 'eipalloc-0a1', NetworkInterfaceId: a.eni, InstanceId: a.inst, PrivateIpAddress: a.priv }),
);
const natGateway = fc.record({ vpc: idOf(VPCS), subnet: idOf(SUBNETS) }).map((n) => fields({ NatGatewayId: 'nat-0a1', VpcId: n.vpc, SubnetId: n.subnet, State: 'available', NatGatewayAddresses: [fields({ PrivateIp: '10.0.1.99', PublicIp: '3.3.3.3', NetworkInterfaceId: 'eni-0nat' })] }));
const vpcEndpoint = fc.record({ vpc: idOf(VPCS), type: fc.constantFrom('Gateway', 'Interface') }).map((e) => fields({ VpcEndpointId: 'vpce-0a1', VpcId: e.vpc, VpcEndpointType: e.type, ServiceName: 'com.amazonaws.us-east-1.s3', RouteTableIds: [ROUTE_TABLES[0]], Groups: [fields({ GroupId: GROUPS[0] })] }));

const classicLb = fc
  .record({
    scheme: fc.constantFrom('internet-facing', 'internal'),
    subnets: fc.subarray(SUBNETS),
    groups: maybe(fc.subarray(GROUPS)),
    listeners: list(fc.tuple(port, port).map(([lbPort, instancePort]) => fields({ Listener: fields({ Protocol: 'TCP', LoadBalancerPort: lbPort, InstancePort: instancePort }) }))),
    instances: fc.subarray(INSTANCES),
  })
  .map((lb) =>
    fields({
      LoadBalancerName: 'classic-web',
      DNSName: 'classic-web.example',
      Scheme: lb.scheme,
      VPCId: VPCS[0],
      Subnets: lb.subnets,
      SecurityGroups: lb.groups,
      ListenerDescriptions: lb.listeners,
      Instances: lb.instances.map((i) => fields({ InstanceId: i })),
    }),
  );

const loadBalancer = fc
  .record({ arn: idOf(LB_ARNS), type: fc.constantFrom('application', 'network', 'gateway'), scheme: fc.constantFrom('internet-facing', 'internal'), subnets: fc.subarray(SUBNETS), groups: maybe(fc.subarray(GROUPS)) })
  .map((lb) =>
    fields({
      LoadBalancerArn: lb.arn,
      LoadBalancerName: 'web',
      Type: lb.type,
      Scheme: lb.scheme,
      VpcId: VPCS[0],
      AvailabilityZones: lb.subnets.map((s) => fields({ SubnetId: s, ZoneName: 'us-east-1a' })),
      SecurityGroups: lb.groups,
    }),
  );

const forwardAction = fc
  .record({ tg: idOf(TG_ARNS), weighted: fc.boolean() })
  .map((a) => (a.weighted ? fields({ Type: 'forward', ForwardConfig: fields({ TargetGroups: [fields({ TargetGroupArn: a.tg, Weight: 1 })] }) }) : fields({ Type: 'forward', TargetGroupArn: a.tg })));

const listener = fc
  .record({ i: fc.integer({ min: 0, max: 1 }), port, protocol: fc.constantFrom('HTTP', 'TCP', 'HTTPS', 'UDP'), actions: list(forwardAction, 2) })
  .map((l) => fields({ ListenerArn: LISTENER_ARNS[l.i], LoadBalancerArn: LB_ARNS[l.i], Port: l.port, Protocol: l.protocol, DefaultActions: l.actions }));

const rule = fc
  .record({ i: fc.integer({ min: 0, max: 1 }), actions: list(forwardAction, 2), withListener: fc.boolean() })
  .map((r) =>
    fields({
      RuleArn: `${LISTENER_ARNS[r.i].replace(':listener/', ':listener-rule/')}/r${r.i}`,
      ListenerArn: r.withListener ? LISTENER_ARNS[r.i] : undefined,
      Priority: '1',
      Actions: r.actions,
    }),
  );

const targetGroup = fc
  .record({ arn: idOf(TG_ARNS), type: fc.constantFrom('instance', 'ip', 'lambda', 'alb'), port: maybe(port), lbs: fc.subarray(LB_ARNS) })
  .map((t) => fields({ TargetGroupArn: t.arn, TargetGroupName: 'tg', TargetType: t.type, Protocol: 'TCP', Port: t.port, VpcId: VPCS[0], LoadBalancerArns: t.lbs }));

const targetHealth = fc
  .record({ arn: idOf(TG_ARNS), targets: list(fc.record({ id: fc.oneof(idOf(INSTANCES), ipv4Address), port: maybe(port) }).map((t) => fields({ Target: fields({ Id: t.id, Port: t.port }), TargetHealth: fields({ State: 'healthy' }) }))) })
  .map((h) => fields({ TargetGroupArn: h.arn, TargetHealthDescriptions: h.targets }));

const attributes = (parentKey: string, pool: readonly string[]) =>
  fc.record({ arn: idOf(pool), on: fc.constantFrom('true', 'false') }).map((a) =>
    fields({ [parentKey]: a.arn, Attributes: [fields({ Key: parentKey === 'TargetGroupArn' ? 'preserve_client_ip.enabled' : 'load_balancing.cross_zone.enabled', Value: a.on })] }),
  );

const transitGateway = fc.constant(fields({ TransitGatewayId: TGWS[0], OwnerId: '123456789012', State: 'available', Options: fields({ AssociationDefaultRouteTableId: TGW_TABLES[0], PropagationDefaultRouteTableId: TGW_TABLES[0] }) }));
const tgwAttachment = fc
  .record({ id: idOf(TGW_ATTACHMENTS), type: fc.constantFrom('vpc', 'vpn', 'peering', 'direct-connect-gateway'), resource: fc.oneof(idOf(VPCS), fc.constant('vpn-0a1')) })
  .map((a) => fields({ TransitGatewayAttachmentId: a.id, TransitGatewayId: TGWS[0], ResourceType: a.type, ResourceId: a.resource, State: 'available', Association: fields({ TransitGatewayRouteTableId: TGW_TABLES[0], State: 'associated' }) }));
const tgwVpcAttachment = fc
  .record({ id: idOf(TGW_ATTACHMENTS), vpc: idOf(VPCS), subnets: fc.subarray(SUBNETS) })
  .map((a) => fields({ TransitGatewayAttachmentId: a.id, TransitGatewayId: TGWS[0], VpcId: a.vpc, SubnetIds: a.subnets, State: 'available' }));
const tgwRouteTable = fc.constant(fields({ TransitGatewayRouteTableId: TGW_TABLES[0], TransitGatewayId: TGWS[0], DefaultAssociationRouteTable: true, DefaultPropagationRouteTable: true, State: 'available' }));
const tgwRoute = fc
  .record({ cidr: ipv4Cidr, attachment: idOf(TGW_ATTACHMENTS), type: fc.constantFrom('static', 'propagated'), state: fc.constantFrom('active', 'blackhole') })
  .map((r) => fields({ DestinationCidrBlock: r.cidr, TransitGatewayAttachments: [fields({ TransitGatewayAttachmentId: r.attachment, ResourceType: 'vpc' })], Type: r.type, State: r.state }));
const tgwTableRoutes = fc.array(tgwRoute, { maxLength: 4 }).map((routes) => fields({ TransitGatewayRouteTableId: TGW_TABLES[0], Routes: routes, AdditionalRoutesAvailable: false }));
const tgwPropagations = list(idOf(TGW_ATTACHMENTS).map((a) => fields({ TransitGatewayAttachmentId: a, ResourceType: 'vpc', State: 'enabled' }))).map((p) =>
  fields({ TransitGatewayRouteTableId: TGW_TABLES[0], TransitGatewayRouteTablePropagations: p }),
);

const virtualInterface = fc.constantFrom('available', 'down').map((s) => fields({ virtualInterfaceId: 'dxvif-0a1', virtualInterfaceState: s, virtualGatewayId: VGWS[0] }));
const dxAssociation = fc.constantFrom('associated', 'disassociated').map((s) => fields({ directConnectGatewayId: 'dxgw-1', associationState: s, associatedGateway: fields({ id: VGWS[0], type: 'virtualPrivateGateway' }) }));

const listenerEntry = fc
  .record({ protocol: fc.constantFrom('tcp', 'udp'), port, address: fc.constantFrom('0.0.0.0', '::', '10.0.1.10', '127.0.0.1'), name: maybe(fc.constantFrom('sshd', 'nginx')) })
  .map((l) => fields({ protocol: l.protocol, port: l.port, address: l.address, process: l.name === undefined ? null : fields({ name: l.name, pid: 812, path: `/usr/sbin/${l.name}` }) }));

/** One instance's listener data file (SPEC §1, the agent). */
export const listenerDataDocument: fc.Arbitrary<JsonTree> = fc
  .record({ id: idOf(INSTANCES), at: fc.constantFrom('2026-11-20T09:00:00Z', '2026-11-19T09:00:00Z', '2020-01-01T00:00:00Z'), listeners: list(listenerEntry, 4) })
  .map((d) => fields({ instanceId: d.id, collectedAt: d.at, listeners: d.listeners }));

/** A top-level key holding a list of records, as the describe-* calls return them. */
function listDocument(key: string, record: fc.Arbitrary<JsonTree>, maxLength = 3): fc.Arbitrary<JsonTree> {
  return fc.array(record, { maxLength }).map((records) => obj([[key, records]]));
}

/** Every document kind the loader knows, by the top-level key(s) it is recognized by. */
export const DOCUMENT_KINDS: Readonly<Record<string, fc.Arbitrary<JsonTree>>> = {
  Vpcs: listDocument('Vpcs', vpc),
  Subnets: listDocument('Subnets', subnet),
  RouteTables: listDocument('RouteTables', routeTable),
  NetworkAcls: listDocument('NetworkAcls', networkAcl),
  SecurityGroups: listDocument('SecurityGroups', securityGroup),
  Reservations: listDocument('Reservations', reservation, 2),
  NetworkInterfaces: listDocument('NetworkInterfaces', eni),
  InternetGateways: listDocument('InternetGateways', internetGateway),
  EgressOnlyInternetGateways: listDocument('EgressOnlyInternetGateways', fc.constant(fields({ EgressOnlyInternetGatewayId: 'eigw-0a1', Attachments: [fields({ VpcId: VPCS[0], State: 'attached' })] }))),
  VpnGateways: listDocument('VpnGateways', vpnGateway),
  VpnConnections: listDocument('VpnConnections', vpnConnection),
  CustomerGateways: listDocument('CustomerGateways', fc.constant(fields({ CustomerGatewayId: 'cgw-0a1' }))),
  VpcPeeringConnections: listDocument('VpcPeeringConnections', peering),
  PrefixLists: listDocument('PrefixLists', prefixList),
  Entries: prefixListEntries,
  Addresses: listDocument('Addresses', addressRecord),
  NatGateways: listDocument('NatGateways', natGateway),
  VpcEndpoints: listDocument('VpcEndpoints', vpcEndpoint),
  LoadBalancerDescriptions: listDocument('LoadBalancerDescriptions', classicLb, 2),
  LoadBalancers: listDocument('LoadBalancers', loadBalancer),
  Listeners: listDocument('Listeners', listener),
  Rules: listDocument('Rules', rule),
  TargetGroups: listDocument('TargetGroups', targetGroup),
  TargetHealthDescriptions: targetHealth,
  TargetGroupAttributes: attributes('TargetGroupArn', TG_ARNS),
  LoadBalancerAttributes: attributes('LoadBalancerArn', LB_ARNS),
  LoadBalancerListeners: fc
    .record({ i: fc.integer({ min: 0, max: 1 }), listeners: fc.array(listener, { maxLength: 2 }) })
    .map((e) => obj([['LoadBalancerListeners', [fields({ LoadBalancerArn: LB_ARNS[e.i], Listeners: e.listeners })]]])),
  LoadBalancerTargetHealth: fc.array(targetHealth, { maxLength: 2 }).map((h) => obj([['LoadBalancerTargetHealth', h]])),
  TransitGateways: listDocument('TransitGateways', transitGateway, 1),
  TransitGatewayAttachments: listDocument('TransitGatewayAttachments', tgwAttachment),
  TransitGatewayVpcAttachments: listDocument('TransitGatewayVpcAttachments', tgwVpcAttachment),
  TransitGatewayRouteTables: listDocument('TransitGatewayRouteTables', tgwRouteTable, 1),
  Routes: tgwTableRoutes,
  TransitGatewayStaticRoutes: fc.array(tgwTableRoutes, { maxLength: 2 }).map((r) => obj([['TransitGatewayStaticRoutes', r]])),
  TransitGatewayPropagations: fc.array(tgwPropagations, { maxLength: 2 }).map((p) => obj([['TransitGatewayPropagations', p]])),
  virtualInterfaces: listDocument('virtualInterfaces', virtualInterface, 2),
  directConnectGatewayAssociations: listDocument('directConnectGatewayAssociations', dxAssociation, 2),
  listenerData: listenerDataDocument,
  manifest: fc.constantFrom('2026-11-20T09:30:00Z', '2026-11-20T09:30:00.123+01:00').map((at) => fields({ collectedAt: at, tool: 'fuzz' })),
};

/** The documents most estates have, so that instances are usually analysed end to end. */
const CORE_KINDS = ['Vpcs', 'Subnets', 'RouteTables', 'NetworkAcls', 'SecurityGroups', 'Reservations', 'InternetGateways'];
const EXTRA_KINDS = Object.keys(DOCUMENT_KINDS).filter((k) => !CORE_KINDS.includes(k));

// ---- corruptions ----------------------------------------------------------------------------

export type Corruption =
  | { readonly kind: 'replace'; readonly at: number; readonly value: JsonTree }
  | { readonly kind: 'remove'; readonly at: number }
  | { readonly kind: 'addKey'; readonly at: number; readonly key: string; readonly value: JsonTree }
  | { readonly kind: 'duplicateKey'; readonly at: number; readonly value: JsonTree }
  | { readonly kind: 'wrap'; readonly at: number }
  | { readonly kind: 'deepen'; readonly at: number; readonly total: number }
  | { readonly kind: 'multiply'; readonly at: number; readonly count: number };

const hostileKey = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), hostileString, fc.constantFrom('Vpcs', 'Subnets', 'Reservations', 'Entries', 'PrefixListId', 'instanceId', 'listeners'));

export const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('addKey' as const), at: fc.nat(), key: hostileKey, value: hostileValue }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('duplicateKey' as const), at: fc.nat(), value: hostileValue }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('wrap' as const), at: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('deepen' as const), at: fc.nat(), total: fc.integer({ min: 62, max: 66 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('multiply' as const), at: fc.nat(), count: fc.integer({ min: 20, max: 600 }) }), weight: 1 },
);

/** Applies `c` to the node it picks (`at` modulo the number of nodes). */
export function corrupt(tree: JsonTree, c: Corruption): JsonTree {
  const all = treePaths(tree);
  // Multiplying needs a list: pick among the lists.
  const lists = c.kind === 'multiply' ? all.filter((p) => Array.isArray(nodeAt(tree, p))) : [];
  const paths = lists.length > 0 ? lists : all;
  const path = paths[c.at % paths.length];
  switch (c.kind) {
    case 'replace':
      return updateAt(tree, path, () => c.value);
    case 'remove':
      return removeAt(tree, path);
    case 'addKey':
      return updateAt(tree, path, (node) => (isEntries(node) ? obj([...node.entries, [c.key, c.value]]) : node));
    case 'duplicateKey':
      return updateAt(tree, path, (node) => (isEntries(node) && node.entries.length > 0 ? obj([...node.entries, [node.entries[0][0], c.value]]) : node));
    case 'wrap':
      return updateAt(tree, path, (node) => [node]);
    case 'deepen':
      // The path's length is the node's own depth in containers; nest it to `total` in all.
      return updateAt(tree, path, (node) => nested(Math.max(1, c.total - path.length), node));
    case 'multiply':
      // Many copies of one record (or value): big estates must stay quick, never hang.
      return updateAt(tree, path, (node) => (Array.isArray(node) && node.length > 0 ? Array.from({ length: c.count }, (_, i) => node[i % node.length]) : node));
  }
}

// ---- snapshot cases -------------------------------------------------------------------------

const folder = fc.constantFrom('', 'aws_configs/', '123456789012/us-east-1/', 'account-data/123456789012/eu-west-1/', 'agent/');
const hostileFileName = fc.constantFrom(...TERMINAL_ESCAPES.filter((s) => !s.includes('/') && !s.includes('\u0000')).map((s) => `${s}.json`), '__proto__.json', 'constructor.json', 'ünï©ødé.json', ' space .JSON');

interface GeneratedDocument {
  readonly tree: JsonTree;
  readonly folder: string;
  readonly hostileName: string | null;
  readonly indent: number;
  readonly bom: boolean;
}

const generatedDocument = (kind: string): fc.Arbitrary<GeneratedDocument> =>
  fc.record({
    tree: DOCUMENT_KINDS[kind],
    folder: kind === 'manifest' ? fc.constant('') : folder,
    hostileName: fc.option(hostileFileName, { freq: 12 }),
    indent: fc.constantFrom(0, 2, 4),
    bom: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  });

function fileName(kind: string, d: GeneratedDocument, index: number): string {
  if (kind === 'manifest') return 'manifest.json';
  return `${d.folder}${d.hostileName ?? `${index}-${kind}.json`}`;
}

/** Picks the corruption's document by `at` too, so one number says where in the estate. */
function corruptEstate(docs: JsonTree[], c: Corruption): void {
  const i = c.at % docs.length;
  docs[i] = corrupt(docs[i], { ...c, at: Math.floor(c.at / docs.length) });
}

/** A snapshot folder's worth of generated files, corrupted 0–3 times. */
export const snapshotCase: fc.Arbitrary<SnapshotCase> = fc
  .record({
    core: fc.subarray(CORE_KINDS, { minLength: 1 }),
    extra: fc.subarray(EXTRA_KINDS, { maxLength: 6 }),
    corruptions: fc.array(corruption, { maxLength: 3 }),
    agent: fc.option(fc.array(listenerDataDocument, { minLength: 1, maxLength: 2 }), { freq: 5 }),
    agentCorruption: fc.option(corruption, { freq: 2 }),
  })
  .chain((plan) =>
    fc
      .tuple(...[...plan.core, ...plan.extra].map((kind) => generatedDocument(kind)))
      .map((generated) => {
        const kinds = [...plan.core, ...plan.extra];
        const trees = generated.map((g) => g.tree);
        for (const c of plan.corruptions) corruptEstate(trees, c);
        const seen = new Set<string>();
        const files: CaseFile[] = [];
        generated.forEach((g, i) => {
          const path = fileName(kinds[i], g, i);
          if (seen.has(path.toLowerCase())) return;
          seen.add(path.toLowerCase());
          files.push({ path, content: `${g.bom ? '\ufeff' : ''}${serialize(trees[i], g.indent)}\n` });
        });
        let agentFiles: CaseFile[] | null = null;
        if (plan.agent !== null) {
          const agentTrees = [...plan.agent];
          if (plan.agentCorruption !== null) corruptEstate(agentTrees, plan.agentCorruption);
          agentFiles = agentTrees.map((t, i) => ({ path: `i-${i}.json`, content: serialize(t, 2) }));
        }
        return { files, agentFiles };
      }),
  );
