// The remaining SPEC §2–4 cases: transit gateways, Elastic IPs and secondary addresses, internal
// load balancers, same-subnet NACL rules behind load balancers, LBs without groups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALLOW_ALL_NACL, publicSubnet, INTERNET_V4, OWNER, RawEstate, cidrsAt, sourcesAt, type NaclRule } from '../support/raw-estate.js';

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012';
const SSH = [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }] as const;

function tgwEstate(opts: { routesInTable: boolean; attachmentAz: string; blackhole?: boolean }) {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const subnet = e.subnet(vpc, '10.0.1.0/24', { az: 'us-east-1a' });
  const attachSubnet = e.subnet(vpc, '10.0.250.0/28', { az: opts.attachmentAz });
  const tgw = 'tgw-0aaaaaaaaaaaaaaa1';
  const attachment = 'tgw-attach-0aaaaaaaaaaaaaa1';
  const other = 'tgw-attach-0bbbbbbbbbbbbbb2';
  const table = 'tgw-rtb-0aaaaaaaaaaaaaa1';
  e.routeTable(vpc, { subnets: [subnet, attachSubnet], routes: [{ dest: '10.8.0.0/13', tgw }] });
  e.nacl(vpc, { subnets: [subnet, attachSubnet], entries: ALLOW_ALL_NACL, isDefault: true });
  const sg = e.securityGroup(vpc, 'ssh', SSH);
  const { instanceId } = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5' });
  e.document('tgws', { TransitGateways: [{ TransitGatewayId: tgw, State: 'available', OwnerId: OWNER, Options: { AssociationDefaultRouteTableId: table, PropagationDefaultRouteTableId: table } }] });
  e.document('tgw-attachments', {
    TransitGatewayAttachments: [
      { TransitGatewayAttachmentId: attachment, TransitGatewayId: tgw, ResourceType: 'vpc', ResourceId: vpc, State: 'available', Association: { TransitGatewayRouteTableId: table, State: 'associated' } },
      { TransitGatewayAttachmentId: other, TransitGatewayId: tgw, ResourceType: 'vpc', ResourceId: 'vpc-0ccccccccccccccc3', State: 'available', Association: { TransitGatewayRouteTableId: table, State: 'associated' } },
    ],
  });
  e.document('tgw-vpc-attachments', { TransitGatewayVpcAttachments: [{ TransitGatewayAttachmentId: attachment, TransitGatewayId: tgw, VpcId: vpc, SubnetIds: [attachSubnet], State: 'available' }] });
  e.document('tgw-route-tables', { TransitGatewayRouteTables: [{ TransitGatewayRouteTableId: table, TransitGatewayId: tgw, State: 'available', DefaultAssociationRouteTable: true, DefaultPropagationRouteTable: true }] });
  if (opts.routesInTable) {
    e.document('tgw-routes', {
      TransitGatewayRouteTableId: table,
      Routes: [
        { DestinationCidrBlock: '10.8.0.0/16', TransitGatewayAttachments: [{ TransitGatewayAttachmentId: other, ResourceType: 'vpc' }], Type: 'propagated', State: 'active' },
        { DestinationCidrBlock: '10.9.0.0/16', TransitGatewayAttachments: opts.blackhole === true ? [] : [{ TransitGatewayAttachmentId: other, ResourceType: 'vpc' }], Type: 'static', State: opts.blackhole === true ? 'blackhole' : 'active' },
        { DestinationCidrBlock: '10.0.0.0/16', TransitGatewayAttachments: [{ TransitGatewayAttachmentId: attachment, ResourceType: 'vpc' }], Type: 'propagated', State: 'active' },
      ],
    });
  }
  return { e, instanceId, tgw };
}

test('transit gateway: routed to the TGW by the subnet, narrowed by the attachment\'s TGW route table', async () => {
  const { e, instanceId, tgw } = tgwEstate({ routesInTable: true, attachmentAz: 'us-east-1a' });
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, { instanceId, reachabilityType: 'TransitGateway', protocol: 'tcp', port: 22 }), ['10.8.0.0/15']);
  assert.deepEqual(result.reachabilities.map((r) => r.via), [{ type: 'TGW', id: tgw }]);
  const blackholed = tgwEstate({ routesInTable: true, attachmentAz: 'us-east-1a', blackhole: true });
  assert.deepEqual(cidrsAt(await blackholed.e.assess(), { instanceId: blackholed.instanceId, reachabilityType: 'TransitGateway', protocol: 'tcp', port: 22 }), ['10.8.0.0/16']);
});

test('transit gateway: without TGW routes the subnet routes decide and the coverage says so', async () => {
  const { e, instanceId } = tgwEstate({ routesInTable: false, attachmentAz: 'us-east-1a' });
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, { instanceId, reachabilityType: 'TransitGateway', protocol: 'tcp', port: 22 }), ['10.8.0.0/13']);
  assert.ok(result.coverage.some((c) => c.resourceType === 'AWS::EC2::TransitGatewayAttachment' && /not collected/.test(c.reason)));
});

test('transit gateway: a subnet in an AZ without an attachment subnet cannot send the reply', async () => {
  const { e } = tgwEstate({ routesInTable: true, attachmentAz: 'us-east-1b' });
  assert.equal((await e.assess()).reachabilities.length, 0);
});

test('Elastic IPs from describe-addresses and secondary private addresses are reachable from the internet', async () => {
  const { e, vpc, subnet } = publicSubnet();
  const sg = e.securityGroup(vpc, 'ssh', SSH);
  const { instanceId, eniId } = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5' });
  const reservation = e.files['Reservations']![0] as { Instances: { NetworkInterfaces: { PrivateIpAddresses: unknown[] }[] }[] };
  reservation.Instances[0]!.NetworkInterfaces[0]!.PrivateIpAddresses.push({ Primary: false, PrivateIpAddress: '10.0.1.6' });
  e.document('eips', { Addresses: [{ AllocationId: 'eipalloc-0aaaaaaaaaaaaaaa1', AssociationId: 'eipassoc-1', Domain: 'vpc', PublicIp: '3.3.3.3', NetworkInterfaceId: eniId, PrivateIpAddress: '10.0.1.6', InstanceId: instanceId, NetworkInterfaceOwnerId: OWNER }] });
  const result = await e.assess();
  assert.ok(sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }).equals(INTERNET_V4));
  assert.deepEqual(result.reachabilities[0]!.destinationAddresses, ['10.0.1.6']);
});

function lbInOneSubnet(kind: 'classic' | 'network', targetNacl: readonly NaclRule[], sameSubnet: boolean) {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const igw = e.internetGateway(vpc);
  const front = e.subnet(vpc, '10.0.1.0/24');
  const back = sameSubnet ? front : e.subnet(vpc, '10.0.2.0/24');
  e.routeTable(vpc, { subnets: sameSubnet ? [front] : [front, back], routes: [{ dest: '0.0.0.0/0', gateway: igw }] });
  // The front NACL admits the internet; the target NACL (the same one when sameSubnet) is given.
  e.nacl(vpc, { subnets: sameSubnet ? [front] : [front], entries: sameSubnet ? targetNacl : ALLOW_ALL_NACL, isDefault: true });
  if (!sameSubnet) e.nacl(vpc, { subnets: [back], entries: targetNacl });
  const lbGroup = e.securityGroup(vpc, 'lb', [{ protocol: 'tcp', from: 80, to: 80, cidrs: ['0.0.0.0/0'] }]);
  const app = e.securityGroup(vpc, 'app', [{ protocol: 'tcp', from: 8080, to: 8080, cidrs: ['10.0.0.0/16'] }]);
  const target = e.instance(back, { groups: [app], privateIp: sameSubnet ? '10.0.1.50' : '10.0.2.50' });
  if (kind === 'classic') {
    e.document('elb', { LoadBalancerDescriptions: [{ LoadBalancerName: 'front', Scheme: 'internet-facing', VPCId: vpc, Subnets: [front], SecurityGroups: [lbGroup], ListenerDescriptions: [{ Listener: { Protocol: 'TCP', LoadBalancerPort: 80, InstanceProtocol: 'TCP', InstancePort: 8080 } }], Instances: [{ InstanceId: target.instanceId }] }] });
  } else {
    const lbArn = `${ARN}:loadbalancer/net/front/0123456789abcdef`;
    const tg = `${ARN}:targetgroup/front/5555555555555555`;
    e.document('nlb', { LoadBalancers: [{ LoadBalancerArn: lbArn, LoadBalancerName: 'front', Scheme: 'internet-facing', VpcId: vpc, Type: 'network', State: { Code: 'active' }, AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: front }], SecurityGroups: [lbGroup] }] });
    e.document('nlb-listeners', { Listeners: [{ ListenerArn: `${lbArn}/l`, LoadBalancerArn: lbArn, Port: 80, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }] });
    e.document('nlb-tgs', { TargetGroups: [{ TargetGroupArn: tg, TargetGroupName: 'front', Protocol: 'TCP', Port: 8080, VpcId: vpc, TargetType: 'ip', LoadBalancerArns: [lbArn] }] });
    e.document('nlb-health', { TargetGroupArn: tg, TargetHealthDescriptions: [{ Target: { Id: sameSubnet ? '10.0.1.50' : '10.0.2.50', Port: 8080 } }] });
  }
  return { e, instanceId: target.instanceId };
}

// Admits the internet but not the VPC's own addresses (the LB nodes).
const INTERNET_ONLY_NACL: NaclRule[] = [
  { rule: 10, protocol: '-1', action: 'deny', cidr: '10.0.0.0/16' },
  { rule: 100, protocol: '-1', cidr: '0.0.0.0/0' },
  { rule: 10, egress: true, protocol: '-1', action: 'deny', cidr: '10.0.0.0/16' },
  { rule: 100, egress: true, protocol: '-1', cidr: '0.0.0.0/0' },
];

test('LB node and target in one subnet skip the NACL, except behind a classic ELB', async () => {
  const nlbSame = lbInOneSubnet('network', INTERNET_ONLY_NACL, true);
  assert.ok(sourcesAt(await nlbSame.e.assess(), { instanceId: nlbSame.instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 8080 }).equals(INTERNET_V4));
  const nlbApart = lbInOneSubnet('network', INTERNET_ONLY_NACL, false);
  assert.equal((await nlbApart.e.assess()).reachabilities.length, 0, 'in another subnet the NACL denies the nodes');
  const clbSame = lbInOneSubnet('classic', INTERNET_ONLY_NACL, true);
  assert.equal((await clbSame.e.assess()).reachabilities.length, 0, 'a classic ELB\'s nodes pass the NACL even in the same subnet');
});

test('an internal load balancer takes VPN traffic routed back to the VGW, and no internet traffic', async () => {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  e.internetGateway(vpc);
  const subnet = e.subnet(vpc, '10.0.1.0/24');
  const back = e.subnet(vpc, '10.0.2.0/24');
  const vgw = e.vpnGateway(vpc);
  e.routeTable(vpc, { main: true, routes: [{ dest: '192.168.0.0/16', gateway: vgw, propagated: true }] });
  e.nacl(vpc, { subnets: [subnet, back], entries: ALLOW_ALL_NACL, isDefault: true });
  const lbGroup = e.securityGroup(vpc, 'lb', [{ protocol: 'tcp', from: 443, to: 443, cidrs: ['192.168.10.0/24', '8.8.8.0/24'] }]);
  const app = e.securityGroup(vpc, 'app', [{ protocol: 'tcp', from: 8443, to: 8443, groups: [lbGroup] }]);
  const target = e.instance(back, { groups: [app], privateIp: '10.0.2.9' });
  e.document('elb', { LoadBalancerDescriptions: [{ LoadBalancerName: 'intranet', Scheme: 'internal', VPCId: vpc, Subnets: [subnet], SecurityGroups: [lbGroup], ListenerDescriptions: [{ Listener: { Protocol: 'HTTPS', LoadBalancerPort: 443, InstanceProtocol: 'HTTP', InstancePort: 8443 } }], Instances: [{ InstanceId: target.instanceId }] }] });
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, { instanceId: target.instanceId, reachabilityType: 'VGW', protocol: 'tcp', port: 8443 }), ['192.168.10.0/24']);
  assert.ok(sourcesAt(result, { instanceId: target.instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 8443 }).isEmpty());
  assert.deepEqual(result.reachabilities.map((r) => [r.reachabilityType, r.via]), [['VGW', { type: 'CLB', id: 'intranet', listenerPort: 443 }]]);
});

test('an ALB listed without security groups admits nothing, and the coverage says so', async () => {
  const { e, vpc, subnet } = publicSubnet();
  const app = e.securityGroup(vpc, 'app', [{ protocol: 'tcp', from: 80, to: 80, cidrs: ['10.0.0.0/16'] }]);
  const target = e.instance(subnet, { groups: [app], privateIp: '10.0.1.9' });
  const lbArn = `${ARN}:loadbalancer/app/bare/0123456789abcdef`;
  const tg = `${ARN}:targetgroup/bare/6666666666666666`;
  e.document('alb', { LoadBalancers: [{ LoadBalancerArn: lbArn, LoadBalancerName: 'bare', Scheme: 'internet-facing', VpcId: vpc, Type: 'application', State: { Code: 'active' }, AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: subnet }] }] });
  e.document('alb-listeners', { Listeners: [{ ListenerArn: `${lbArn}/l`, LoadBalancerArn: lbArn, Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }] });
  e.document('alb-tgs', { TargetGroups: [{ TargetGroupArn: tg, TargetGroupName: 'bare', Protocol: 'HTTP', Port: 80, VpcId: vpc, TargetType: 'instance', LoadBalancerArns: [lbArn] }] });
  e.document('alb-health', { TargetGroupArn: tg, TargetHealthDescriptions: [{ Target: { Id: target.instanceId, Port: 80 } }] });
  const result = await e.assess();
  assert.equal(result.reachabilities.length, 0);
  assert.ok(result.coverage.some((c) => c.resourceId === lbArn && /no security groups/.test(c.reason)));
});

test('every interface of a multi-homed instance is analysed on its own', async () => {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const igw = e.internetGateway(vpc);
  const pub = e.subnet(vpc, '10.0.1.0/24');
  const priv = e.subnet(vpc, '10.0.2.0/24');
  e.routeTable(vpc, { subnets: [pub], routes: [{ dest: '0.0.0.0/0', gateway: igw }] });
  e.routeTable(vpc, { subnets: [priv], routes: [] });
  e.nacl(vpc, { subnets: [pub, priv], entries: ALLOW_ALL_NACL, isDefault: true });
  const sg = e.securityGroup(vpc, 'ssh', SSH);
  const { instanceId } = e.instance(pub, { groups: [sg], privateIp: '10.0.1.5', publicIp: '54.1.1.5' });
  const reservation = e.files['Reservations']![0] as { Instances: { NetworkInterfaces: unknown[] }[] };
  reservation.Instances[0]!.NetworkInterfaces.push({
    NetworkInterfaceId: 'eni-0second0000000001', SubnetId: priv, VpcId: vpc, Status: 'in-use', InterfaceType: 'interface', Description: '',
    PrivateIpAddress: '10.0.2.5', PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.0.2.5', Association: { PublicIp: '54.1.1.6' } }],
    Association: { PublicIp: '54.1.1.6' }, Ipv6Addresses: [], Groups: [{ GroupId: sg, GroupName: 'ssh' }],
    Attachment: { AttachmentId: 'eni-attach-2', DeviceIndex: 1, InstanceId: instanceId, Status: 'attached' },
  });
  const result = await e.assess();
  assert.equal(result.analysed.networkInterfaces, 2);
  assert.deepEqual(result.reachabilities.map((r) => r.subnetId), [pub], 'the second ENI has a public IP but its subnet has no route back');
});
