// Point queries on raw AWS JSON estates: reachable flows (inbound, instance to instance, outbound
// through every kind of gateway, any IP protocol) and, for each blocker code, a flow it blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALLOW_ALL_NACL, RawEstate, publicInstance, publicSubnet, type NaclRule } from '../support/raw-estate.js';
import { ask, askNetwork, blockersOf, loadEstate } from '../support/ask.js';
import { lbEstate, natEstate, peeredEstate, vgwEstate } from '../support/query-estates.js';
import { QueryError } from '../../src/engine/query/endpoints.js';

const SSH = [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }] as const;

test('internet to an instance: through the IGW to its public IP, with the rule of every hop both ways', async () => {
  const { e, instanceId, igw, sg, acl, rtb } = publicInstance(SSH);
  const answer = await ask(e, { from: '8.8.8.8', to: instanceId, port: 22 });
  assert.equal(answer.verdict, 'reachable');
  assert.deepEqual(answer.blockers, []);
  const [path] = answer.paths;
  assert.deepEqual(path!.via, { type: 'IGW', id: igw });
  assert.deepEqual(
    path!.forward.map((s) => [s.componentId, s.rule ?? '']),
    [
      ['internet', ''],
      [igw, ''],
      [acl, 'inbound rule 100 ALLOW all traffic from 0.0.0.0/0'],
      [sg, 'inbound tcp port 22 from 0.0.0.0/0'],
      [path!.forward[4]!.componentId, ''],
      [instanceId, ''],
    ],
  );
  assert.deepEqual(
    path!.return.map((s) => s.componentId).slice(2),
    [acl, rtb, igw, 'internet'],
  );
  assert.equal(path!.return.find((s) => s.componentId === rtb)!.rule, `0.0.0.0/0 -> ${igw}`);
});

test('ENI_SG_RULES_MISMATCH: the receiver\'s groups, one blocker per group; the sender\'s egress rules too', async () => {
  const { e, instanceId, sg } = publicInstance(SSH);
  assert.deepEqual(blockersOf(await ask(e, { from: '8.8.8.8', to: instanceId, port: 80 })), [`ENI_SG_RULES_MISMATCH ${sg}`]);
  const { e: e2, vpc, subnet } = publicSubnet();
  const tight = e2.securityGroup(vpc, 'tight', [], [{ protocol: 'tcp', from: 443, to: 443, cidrs: ['0.0.0.0/0'] }]);
  const open = e2.securityGroup(vpc, 'open', [{ protocol: '-1', cidrs: ['0.0.0.0/0'] }]);
  const a = e2.instance(subnet, { groups: [tight], privateIp: '10.0.1.5' });
  const b = e2.instance(subnet, { groups: [open], privateIp: '10.0.1.6' });
  assert.deepEqual(blockersOf(await ask(e2, { from: a.instanceId, to: b.instanceId, port: 22 })), [`ENI_SG_RULES_MISMATCH ${tight}`]);
  assert.equal((await ask(e2, { from: a.instanceId, to: b.instanceId, port: 443 })).verdict, 'reachable');
});

test('blocked lists every blocking component, not only the first', async () => {
  const nacl: NaclRule[] = [
    { rule: 90, protocol: '6', action: 'deny', cidr: '0.0.0.0/0', ports: [22, 22] },
    ...ALLOW_ALL_NACL,
  ];
  const { e, instanceId, sg, acl } = publicInstance([{ protocol: 'tcp', from: 80, to: 80, cidrs: ['0.0.0.0/0'] }], { nacl });
  const answer = await ask(e, { from: '8.8.8.8', to: instanceId, port: 22 });
  assert.equal(answer.verdict, 'blocked');
  assert.deepEqual(blockersOf(answer), [`SUBNET_ACL_RESTRICTION ${acl}`, `ENI_SG_RULES_MISMATCH ${sg}`]);
  assert.match(answer.blockers[0]!.detail, /inbound rule 90 DENY tcp port 22 from 0\.0\.0\.0\/0 decides first/);
});

test('SUBNET_ACL_RESTRICTION on the stateless reply: outbound entries must let the reply go to a client port', async () => {
  const nacl: NaclRule[] = [
    { rule: 100, protocol: '-1', cidr: '0.0.0.0/0' },
    { rule: 100, egress: true, protocol: '6', cidr: '0.0.0.0/0', ports: [80, 80] },
  ];
  const { e, instanceId, acl } = publicInstance(SSH, { nacl });
  const answer = await ask(e, { from: '8.8.8.8', to: instanceId, port: 22 });
  assert.deepEqual(blockersOf(answer), [`SUBNET_ACL_RESTRICTION ${acl}`]);
  assert.match(answer.blockers[0]!.detail, /outbound entries deny the reply to 8\.8\.8\.8 at ports 1024-65535/);
  // A client port that the outbound entries allow.
  assert.equal((await ask(e, { from: '8.8.8.8', to: instanceId, port: 22, srcPort: 80 })).verdict, 'reachable');
});

test('NO_RETURN_ROUTE: the subnet must route the reply back to the gateway the request came through', async () => {
  const { e, instanceId, rtb } = publicInstance(SSH, { routes: [{ dest: '8.0.0.0/8', gateway: 'igw-0fffffffffffffff0' }] });
  assert.deepEqual(blockersOf(await ask(e, { from: '8.8.8.8', to: instanceId, port: 22 })), [`NO_RETURN_ROUTE ${rtb}`]);
  assert.equal((await ask(e, { from: '8.8.8.8', to: instanceId, port: 22 })).blockers[0]!.detail, 'route 8.0.0.0/8 -> igw-0fffffffffffffff0 sends the reply elsewhere');
});

test('NO_PUBLIC_IP and IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS: the internet gateway translates public addresses only', async () => {
  const { e, vpc, subnet, igw } = publicSubnet();
  const sg = e.securityGroup(vpc, 'ssh', SSH);
  const { instanceId, eniId } = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5' });
  assert.deepEqual(blockersOf(await ask(e, { from: 'internet', to: instanceId })), [`NO_PUBLIC_IP ${eniId}`]);
  assert.deepEqual(blockersOf(await ask(e, { from: igw, to: '10.0.1.5' })), [`IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS ${igw}`]);
  assert.deepEqual(blockersOf(await ask(e, { from: instanceId, to: '8.8.8.8', port: 443 })), [`NO_PUBLIC_IP ${igw}`]);
  // To a private address: a public IP would not help either, and both are said.
  assert.deepEqual(blockersOf(await ask(e, { from: instanceId, to: '192.168.51.20', port: 443 })), [`NO_PUBLIC_IP ${igw}`, 'NO_ROUTE_TO_DESTINATION internet']);
});

test('SOURCE_NOT_ROUTABLE and NO_ROUTE_TO_DESTINATION on the internet: private addresses do not cross it', async () => {
  const { e, instanceId } = publicInstance(SSH);
  assert.deepEqual(blockersOf(await ask(e, { from: 'internet', fromAddress: '10.9.9.9', to: instanceId })), ['SOURCE_NOT_ROUTABLE internet']);
  assert.deepEqual(blockersOf(await ask(e, { from: '8.8.8.8', to: '10.0.1.10' })), ['NO_ROUTE_TO_DESTINATION internet']);
  assert.deepEqual(blockersOf(await ask(e, { from: '8.8.8.8', to: '54.99.99.99' })), ['NO_ROUTE_TO_DESTINATION internet']);
});

test('NO_ROUTE_TO_DESTINATION and BLACKHOLE_ROUTE in the sender\'s route table', async () => {
  const { e, instanceId, rtb } = publicInstance(SSH, { routes: [{ dest: '8.8.0.0/16', gateway: 'igw-0fffffffffffffff0', blackhole: true }] });
  assert.deepEqual(blockersOf(await ask(e, { from: instanceId, to: '9.9.9.9', port: 443 })), [`NO_ROUTE_TO_DESTINATION ${rtb}`]);
  assert.deepEqual(blockersOf(await ask(e, { from: instanceId, to: '8.8.8.8', port: 443 })), [`BLACKHOLE_ROUTE ${rtb}`]);
});

test('instance to instance in one VPC: the NACLs only across subnets, group references resolved', async () => {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const front = e.subnet(vpc, '10.0.1.0/24');
  const back = e.subnet(vpc, '10.0.2.0/24');
  e.routeTable(vpc, { main: true });
  const frontAcl = e.nacl(vpc, { subnets: [front], entries: ALLOW_ALL_NACL, isDefault: true });
  const backAcl = e.nacl(vpc, { subnets: [back], entries: [{ rule: 100, protocol: '6', cidr: '10.0.1.0/24', ports: [5432, 5432] }, { rule: 100, egress: true, protocol: '-1', cidr: '0.0.0.0/0' }] });
  const web = e.securityGroup(vpc, 'web', []);
  const db = e.securityGroup(vpc, 'db', [{ protocol: 'tcp', from: 5432, to: 5432, groups: [web] }]);
  const w = e.instance(front, { groups: [web], privateIp: '10.0.1.5' });
  const w2 = e.instance(front, { groups: [db], privateIp: '10.0.1.6' });
  const d = e.instance(back, { groups: [db], privateIp: '10.0.2.5' });
  const answer = await ask(e, { from: w.instanceId, to: d.instanceId, port: 5432 });
  assert.equal(answer.verdict, 'reachable');
  assert.deepEqual(answer.paths[0]!.via, { type: 'VPC', id: vpc });
  assert.deepEqual(
    answer.paths[0]!.forward.filter((s) => s.componentType === 'AWS::EC2::NetworkAcl' || s.componentType === 'AWS::EC2::SecurityGroup').map((s) => s.componentId),
    [web, frontAcl, backAcl, db],
  );
  // A sender outside the referenced group does not match the reference.
  assert.deepEqual(blockersOf(await ask(e, { from: w2.instanceId, to: d.instanceId, port: 5432 })), [`ENI_SG_RULES_MISMATCH ${db}`]);
  // Same subnet: no NACL on the way (the back NACL would deny 10.0.1.6 -> 10.0.1.5 on 22).
  const same = await ask(e, { from: w2.instanceId, to: w.instanceId, port: 22 });
  assert.deepEqual(blockersOf(same), [`ENI_SG_RULES_MISMATCH ${web}`]);
});

test('any IP protocol: only "-1" rules match protocols other than tcp, udp and icmp', async () => {
  const { e, vpc, subnet } = publicSubnet();
  const tcpOnly = e.securityGroup(vpc, 'tcp', [{ protocol: 'tcp', from: 0, to: 65535, cidrs: ['10.0.0.0/16'] }]);
  const all = e.securityGroup(vpc, 'all', [{ protocol: '-1', cidrs: ['10.0.0.0/16'] }]);
  const a = e.instance(subnet, { groups: [all], privateIp: '10.0.1.5' });
  const b = e.instance(subnet, { groups: [tcpOnly], privateIp: '10.0.1.6' });
  assert.deepEqual(blockersOf(await ask(e, { from: a.instanceId, to: b.instanceId, protocol: 47, port: null })), [`ENI_SG_RULES_MISMATCH ${tcpOnly}`]);
  assert.equal((await ask(e, { from: b.instanceId, to: a.instanceId, protocol: 47, port: null })).verdict, 'reachable');
  assert.equal((await ask(e, { from: b.instanceId, to: a.instanceId, protocol: 0, port: null })).verdict, 'reachable');
});

test('outbound through a NAT gateway: its subnet must route to an internet gateway; TCP, UDP and ICMP only', async () => {
  const { e, nat, igw, app } = natEstate();
  const answer = await ask(e, { from: app.instanceId, to: '8.8.8.8', port: 443 });
  assert.equal(answer.verdict, 'reachable');
  assert.deepEqual(answer.paths[0]!.via, { type: 'NAT', id: nat });
  assert.ok(answer.paths[0]!.forward.some((s) => s.componentId === igw));
  assert.deepEqual(blockersOf(await ask(e, { from: app.instanceId, to: '8.8.8.8', protocol: 47, port: null })), [`NAT_GATEWAY_UNSUPPORTED_PROTOCOL ${nat}`]);
  assert.equal((await ask(e, { from: app.instanceId, to: '8.8.8.8', protocol: 1, port: null })).verdict, 'reachable');
  const noRoute = natEstate({ natSubnetRoute: false });
  assert.deepEqual(blockersOf(await ask(noRoute.e, { from: noRoute.app.instanceId, to: '8.8.8.8', port: 443 })).map((b) => b.split(' ')[0]), ['NO_ROUTE_TO_DESTINATION']);
  const privateNat = natEstate({ natPublic: false });
  assert.deepEqual(blockersOf(await ask(privateNat.e, { from: privateNat.app.instanceId, to: '8.8.8.8', port: 443 })), [`NO_PUBLIC_IP ${privateNat.igw}`]);
});

test('NAT_GATEWAY_NOT_A_DESTINATION: nothing may connect to a NAT gateway, from outside or inside', async () => {
  const { e, nat, app } = natEstate();
  assert.deepEqual(blockersOf(await ask(e, { from: '8.8.8.8', to: '3.3.3.3', port: 443 })), [`NAT_GATEWAY_NOT_A_DESTINATION ${nat}`]);
  assert.deepEqual(blockersOf(await ask(e, { from: app.instanceId, to: '10.0.0.9', port: 443 })), [`NAT_GATEWAY_NOT_A_DESTINATION ${nat}`]);
});

test('outbound to a gateway VPC endpoint through its prefix-list route, which beats the default route', async () => {
  const { e, vpc, subnet, rtb } = publicSubnet();
  const list = e.prefixList('com.amazonaws.us-east-1.s3', ['52.216.0.0/15']);
  const vpce = e.gatewayEndpoint(vpc, [rtb]);
  (e.files['RouteTables']![0]!['Routes'] as unknown[]).push({ DestinationPrefixListId: list, GatewayId: vpce, Origin: 'CreateRoute', State: 'active' });
  const sg = e.securityGroup(vpc, 'app', []);
  const app = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5', publicIp: '54.1.1.1' });
  const answer = await ask(e, { from: app.instanceId, to: '52.216.1.1', port: 443 });
  assert.equal(answer.verdict, 'reachable');
  assert.deepEqual(answer.paths[0]!.via, { type: 'VPCE', id: vpce });
  assert.deepEqual((await ask(e, { from: app.instanceId, to: '8.8.8.8', port: 443 })).paths[0]!.via.type, 'IGW');
});

test('to a peer VPC: both sides\' routes, a group reference across the peering matches', async () => {
  const { e, pcx, ia, ib } = peeredEstate();
  const answer = await ask(e, { from: ia.instanceId, to: ib.instanceId });
  assert.equal(answer.verdict, 'reachable');
  assert.deepEqual(answer.paths[0]!.via, { type: 'PCX', id: pcx });
  const oneWay = peeredEstate('active', false);
  assert.deepEqual(blockersOf(await ask(oneWay.e, { from: oneWay.ia.instanceId, to: oneWay.ib.instanceId })), [`NO_RETURN_ROUTE ${oneWay.rtbB}`]);
  assert.deepEqual(blockersOf(await ask(oneWay.e, { from: oneWay.ib.instanceId, to: oneWay.ia.instanceId })), [`NO_ROUTE_TO_DESTINATION ${oneWay.rtbB}`]);
});

test('PEERING_NOT_ACTIVE, and peering is not transitive', async () => {
  const { e, pcx, ia, ib } = peeredEstate('pending-acceptance');
  assert.deepEqual(blockersOf(await ask(e, { from: ia.instanceId, to: ib.instanceId })), [`PEERING_NOT_ACTIVE ${pcx}`]);
  const active = peeredEstate();
  (active.e.files['RouteTables']![0]!['Routes'] as unknown[]).push({ DestinationCidrBlock: '10.3.0.0/16', VpcPeeringConnectionId: active.pcx, Origin: 'CreateRoute', State: 'active' });
  assert.deepEqual(blockersOf(await ask(active.e, { from: active.ia.instanceId, to: '10.3.0.5' })), [`NO_ROUTE_TO_DESTINATION ${active.pcx}`]);
});

test('on-premises through a VGW: the VPN\'s static routes decide what leaves; VGW_NOT_CONNECTED without a connection', async () => {
  const { e, vgw, app } = vgwEstate('available');
  const out = await ask(e, { from: app.instanceId, to: '192.168.4.4', port: 443 });
  assert.equal(out.verdict, 'reachable');
  assert.deepEqual(out.paths[0]!.via, { type: 'VGW', id: vgw });
  assert.deepEqual(blockersOf(await ask(e, { from: app.instanceId, to: '8.8.8.8', port: 443 })), [`NO_ROUTE_TO_DESTINATION ${vgw}`]);
  assert.equal((await ask(e, { from: '192.168.4.4', to: app.instanceId })).verdict, 'reachable');
  assert.equal((await ask(e, { from: vgw, to: app.instanceId })).verdict, 'reachable');
  const down = vgwEstate('deleted');
  assert.deepEqual(blockersOf(await ask(down.e, { from: down.vgw, to: down.app.instanceId })), [`VGW_NOT_CONNECTED ${down.vgw}`]);
  // A static route still being created routes nothing yet.
  const pending = vgwEstate('available');
  Object.assign(pending.e.files['VpnConnections']![0]!, { Routes: [{ DestinationCidrBlock: '192.168.0.0/16', State: 'pending' }] });
  assert.deepEqual(blockersOf(await ask(pending.e, { from: pending.app.instanceId, to: '192.168.4.4', port: 443 })), [`NO_ROUTE_TO_DESTINATION ${pending.vgw}`]);
});

test('from a VGW: the replies leave it only toward what its VPNs route, as from an on-premises address; every blocker is named', async () => {
  const { e, vgw, app } = vgwEstate('available');
  Object.assign(e.files['VpnConnections']![0]!, { Routes: [{ DestinationCidrBlock: '192.168.50.0/24', State: 'available' }] });
  const route = (e.files['RouteTables']![0]!['Routes'] as Record<string, unknown>[]).find((r) => r['GatewayId'] === vgw)!;
  route['DestinationCidrBlock'] = '192.168.51.0/24';
  // The subnet sends replies to 192.168.51.0/24 to the VGW, but no VPN route carries them on.
  assert.equal((await ask(e, { from: vgw, to: app.instanceId, port: 22 })).verdict, 'blocked');
  assert.deepEqual(blockersOf(await ask(e, { from: '192.168.51.20', to: app.instanceId, port: 22 })), [`NO_ROUTE_TO_DESTINATION ${vgw}`]);
  // A gateway that carries nothing blocks, and so does the group behind it.
  const down = vgwEstate('deleted');
  assert.deepEqual(blockersOf(await ask(down.e, { from: '192.168.4.4', to: down.app.instanceId, port: 80 })).sort(), [`ENI_SG_RULES_MISMATCH ${down.e.files['SecurityGroups']![0]!['GroupId'] as string}`, `VGW_NOT_CONNECTED ${down.vgw}`]);
});

test('a public or carrier-grade NAT address on-premises: through a VGW routed 0.0.0.0/0, as assess counts it', async () => {
  const { e, vgw, app } = vgwEstate('available');
  // A BGP VPN: the gateway takes whatever its subnet routes to it back to on-premises.
  Object.assign(e.files['VpnConnections']![0]!, { Options: { StaticRoutesOnly: false }, Routes: [] });
  for (const from of ['203.0.113.5', '100.64.1.5']) {
    const answer = await ask(e, { from, to: app.instanceId, port: 22 });
    assert.equal(answer.verdict, 'reachable', `${from}: ${JSON.stringify(answer.blockers)}`);
    assert.deepEqual(answer.paths.map((p) => p.via), [{ type: 'VGW', id: vgw }]);
  }
  // Blocked both ways: the internet's reason, without "nothing else carries it".
  const { e: open, instanceId } = publicInstance([]);
  assert.deepEqual(blockersOf(await ask(open, { from: '203.0.113.5', to: instanceId, port: 22 })).filter((b) => b.startsWith('SOURCE_NOT_ROUTABLE')), []);
});

test('load balancers sharing a subnet without node interfaces in the snapshot: each query goes through its own load balancer', async () => {
  const { e, target } = lbEstate({ classic: true });
  // An ALB in the same subnet, placed at the same fallback node address, forwarding port 80 to nobody.
  const alb = `${'arn:aws:elasticloadbalancing:us-east-1:123456789012'}:loadbalancer/app/other/0123456789abcdef`;
  const subnet = (e.files['Subnets']![0] as { SubnetId: string }).SubnetId;
  const vpc = (e.files['Vpcs']![0] as { VpcId: string }).VpcId;
  const group = (e.files['SecurityGroups']![0] as { GroupId: string }).GroupId;
  e.document('alb', { LoadBalancers: [{ LoadBalancerArn: alb, LoadBalancerName: 'other', Scheme: 'internet-facing', VpcId: vpc, Type: 'application', SecurityGroups: [group], State: { Code: 'active' }, AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: subnet }] }] });
  e.document('alb-listeners', { Listeners: [{ ListenerArn: `${alb}/l`, LoadBalancerArn: alb, Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'fixed-response' }] }] });
  const viaClassic = await ask(e, { from: '8.8.8.8', to: target.instanceId, port: 8080 });
  assert.equal(viaClassic.verdict, 'reachable', JSON.stringify(viaClassic.blockers));
  assert.deepEqual(viaClassic.paths.map((p) => p.via), [{ type: 'CLB', id: 'front', listenerPort: 80 }]);
  const toClassic = await ask(e, { from: '8.8.8.8', to: 'front', port: 80 });
  assert.deepEqual(toClassic.paths.map((p) => p.via), [{ type: 'CLB', id: 'front', listenerPort: 80 }]);
});

test('BAD_STATE: a route to an internet gateway that is not attached', async () => {
  const { e, vpc, subnet } = publicSubnet({ routes: [] });
  const detached = e.internetGateway(null);
  (e.files['RouteTables']![0]!['Routes'] as unknown[]).push({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: detached, Origin: 'CreateRoute', State: 'active' });
  const app = e.instance(subnet, { groups: [e.securityGroup(vpc, 'app', [])], privateIp: '10.0.1.5', publicIp: '54.1.1.1' });
  assert.deepEqual(blockersOf(await ask(e, { from: app.instanceId, to: '8.8.8.8', port: 443 })), [`BAD_STATE ${detached}`]);
});

test('NO_HOST_AT_ADDRESS and ROUTE_TARGET_NOT_FOLLOWED', async () => {
  const { e, vpc, subnet, rtb } = publicSubnet({ routes: [{ dest: '0.0.0.0/0', eni: 'eni-0aaaaaaaaaaaaaaa9' }] });
  const sg = e.securityGroup(vpc, 'app', []);
  const app = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5' });
  assert.deepEqual(blockersOf(await ask(e, { from: app.instanceId, to: '10.0.1.99' })), [`NO_HOST_AT_ADDRESS ${subnet}`]);
  assert.deepEqual(blockersOf(await ask(e, { from: app.instanceId, to: '8.8.8.8' })), [`ROUTE_TARGET_NOT_FOLLOWED ${rtb}`]);
});

test('bad input is a QueryError: unknown ids, a TCP query without a port', async () => {
  const { e, instanceId } = publicInstance(SSH);
  await assert.rejects(ask(e, { from: 'i-0000000000000dead', to: instanceId }), /instance i-0000000000000dead is not in the snapshot/);
  await assert.rejects(ask(e, { from: '8.8.8.8', to: instanceId, port: null }), /needs a destination port/);
});

test('IPv6: from the internet straight to the interface\'s address, and out through an egress-only gateway', async () => {
  const v6Nacl: NaclRule[] = [...ALLOW_ALL_NACL, { rule: 101, protocol: '-1', ipv6Cidr: '::/0' }, { rule: 101, egress: true, protocol: '-1', ipv6Cidr: '::/0' }];
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16', { ipv6: '2600:1f18:1::/56' });
  const igw = e.internetGateway(vpc);
  const subnet = e.subnet(vpc, '10.0.1.0/24', { ipv6: '2600:1f18:1:1::/64' });
  const rtb = e.routeTable(vpc, { subnets: [subnet], routes: [{ dest6: '::/0', gateway: igw }] });
  e.nacl(vpc, { subnets: [subnet], entries: v6Nacl, isDefault: true });
  const sg = e.securityGroup(vpc, 'ssh6', [{ protocol: 'tcp', from: 22, to: 22, ipv6Cidrs: ['::/0'] }], [{ protocol: '-1', cidrs: ['0.0.0.0/0'], ipv6Cidrs: ['::/0'] }]);
  const { instanceId } = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5', ipv6: ['2600:1f18:1:1::5'] });
  const inbound = await ask(e, { from: '2001:db8::1', to: instanceId });
  assert.equal(inbound.verdict, 'reachable');
  assert.deepEqual(inbound.paths[0]!.via, { type: 'IGW', id: igw });
  assert.deepEqual(blockersOf(await ask(e, { from: '2001:db8::1', to: instanceId, port: 80 })), [`ENI_SG_RULES_MISMATCH ${sg}`]);
  // Out through an egress-only internet gateway instead.
  const eigw = 'eigw-0aaaaaaaaaaaaaaa1';
  e.document('eigw', { EgressOnlyInternetGateways: [{ EgressOnlyInternetGatewayId: eigw, Attachments: [{ State: 'attached', VpcId: vpc }] }] });
  const table = e.files['RouteTables']!.find((t) => t['RouteTableId'] === rtb)!;
  table['Routes'] = [{ DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: eigw, Origin: 'CreateRoute', State: 'active' }];
  const out = await ask(e, { from: instanceId, to: '2001:4860:4860::8888', port: 443 });
  assert.equal(out.verdict, 'reachable');
  assert.deepEqual(out.paths[0]!.via, { type: 'EIGW', id: eigw });
  assert.deepEqual(blockersOf(await ask(e, { from: '2001:db8::1', to: instanceId })), [`NO_RETURN_ROUTE ${rtb}`]);
});

test('BAD_STATE: an instance that is not running neither sends nor receives', async () => {
  const { e, vpc, subnet } = publicSubnet();
  const sg = e.securityGroup(vpc, 'all', [{ protocol: '-1', cidrs: ['0.0.0.0/0'] }]);
  const up = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5' });
  const down = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.6', state: 'stopped' });
  assert.deepEqual(blockersOf(await ask(e, { from: up.instanceId, to: down.instanceId })), [`BAD_STATE ${down.instanceId}`]);
  assert.deepEqual(blockersOf(await ask(e, { from: down.instanceId, to: up.instanceId })), [`BAD_STATE ${down.instanceId}`]);
});

test('internet to an instance: every interface and every public address counts, and IPv6 when nothing names IPv4', async () => {
  // An instance whose primary interface has no public address; its second interface has an Elastic IP.
  const { e, vpc, subnet, igw } = publicSubnet();
  const sg = e.securityGroup(vpc, 'web', SSH);
  const { instanceId, eniId } = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.10' });
  const second = {
    NetworkInterfaceId: 'eni-0second0000000001',
    SubnetId: subnet,
    VpcId: vpc,
    Status: 'in-use',
    InterfaceType: 'interface',
    Description: '',
    PrivateIpAddress: '10.0.1.20',
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.0.1.20', Association: { PublicIp: '54.10.20.40', IpOwnerId: 'amazon' } }],
    Association: { PublicIp: '54.10.20.40', IpOwnerId: 'amazon' },
    Ipv6Addresses: [],
    Groups: [{ GroupId: sg, GroupName: 'web' }],
    Attachment: { AttachmentId: 'eni-attach-0second', DeviceIndex: 1, InstanceId: instanceId, Status: 'attached' },
  };
  const reservation = e.files['Reservations']!.at(-1)! as { Instances: { NetworkInterfaces: unknown[] }[] };
  reservation.Instances[0]!.NetworkInterfaces.push(second);
  const answer = await ask(e, { from: 'internet', to: instanceId, port: 22 });
  assert.equal(answer.verdict, 'reachable', JSON.stringify(answer.blockers));
  assert.deepEqual(answer.paths.map((p) => p.forward.map((s) => s.componentId)), [['internet', igw, answer.paths[0]!.forward[2]!.componentId, sg, 'eni-0second0000000001', instanceId]]);
  // Only the primary interface named: no public address, one blocker.
  assert.deepEqual(blockersOf(await ask(e, { from: 'internet', to: eniId, port: 22 })), [`NO_PUBLIC_IP ${eniId}`]);

  // An IPv6-only instance is reached from the internet over IPv6.
  const open6 = ipv6OnlyEstate({ protocol: 'tcp', from: 22, to: 22, ipv6Cidrs: ['::/0'] });
  const answer6 = await ask(open6.e, { from: 'internet', to: open6.instanceId, port: 22 });
  assert.equal(answer6.verdict, 'reachable', JSON.stringify(answer6.blockers));
  assert.ok(answer6.paths.every((p) => p.forward.some((s) => s.componentId === open6.igw)));
  // ICMP is not tried over IPv6 (ICMPv6 is another protocol): only the IPv4 way in, which has no public address.
  assert.deepEqual(blockersOf(await ask(open6.e, { from: 'internet', to: open6.instanceId, protocol: 1, port: null })), [`NO_PUBLIC_IP ${open6.eniId}`]);
  // Without an IPv6 rule, both ways in are named as blocked: no public IPv4, and the group.
  const { e: closed, sg: sgC, ...c } = ipv6OnlyEstate({ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] });
  const blocked = await ask(closed, { from: 'internet', to: c.instanceId, port: 22 });
  assert.equal(blocked.verdict, 'blocked');
  assert.deepEqual(blockersOf(blocked).sort(), [`ENI_SG_RULES_MISMATCH ${sgC}`, `NO_PUBLIC_IP ${c.eniId}`]);
});

/** An instance with a private IPv4 and an IPv6 address, no public IPv4, in a subnet routing ::/0 to an internet gateway. */
function ipv6OnlyEstate(rule: Parameters<RawEstate['securityGroup']>[2][number]) {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16', { ipv6: '2600:1f18:aaaa:bb00::/56' });
  const igw = e.internetGateway(vpc);
  const subnet = e.subnet(vpc, '10.0.1.0/24', { ipv6: '2600:1f18:aaaa:bb01::/64' });
  e.routeTable(vpc, { subnets: [subnet], routes: [{ dest6: '::/0', gateway: igw }] });
  e.nacl(vpc, { subnets: [subnet], entries: [...ALLOW_ALL_NACL, { rule: 101, protocol: '-1', ipv6Cidr: '::/0' }, { rule: 101, egress: true, protocol: '-1', ipv6Cidr: '::/0' }], isDefault: true });
  const sg = e.securityGroup(vpc, 'ssh', [rule]);
  const { instanceId, eniId } = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5', ipv6: ['2600:1f18:aaaa:bb01::5'] });
  return { e, igw, sg, instanceId, eniId };
}

test('from on premises: a static VPN that does not route the sender blocks the reply; a VPN gateway with no connection is the blocker named', async () => {
  const { e, vgw, app } = vgwEstate('available');
  // The VPN routes only 192.168.0.0/16; the subnet sends everything to the gateway.
  assert.equal((await ask(e, { from: '192.168.7.7', to: app.instanceId, port: 22 })).verdict, 'reachable');
  const unrouted = await ask(e, { from: '172.20.0.9', to: app.instanceId, port: 22 });
  assert.deepEqual(blockersOf(unrouted), [`NO_ROUTE_TO_DESTINATION ${vgw}`]);
  assert.match(unrouted.blockers[0]!.detail, /reply to 172\.20\.0\.9 .*route only 192\.168\.0\.0\/16/);
  const down = vgwEstate('deleted');
  assert.deepEqual(blockersOf(await ask(down.e, { from: '192.168.7.7', to: down.app.instanceId, port: 22 })), [`VGW_NOT_CONNECTED ${down.vgw}`]);
});

test('from on premises: a static-only VPN whose static routes were all deleted routes nothing (it is not read as BGP)', async () => {
  const { e, vgw, app } = vgwEstate('available');
  const vpn = e.files['VpnConnections']![0]!;
  vpn['Routes'] = [{ DestinationCidrBlock: '192.168.0.0/16', State: 'deleted' }];
  const answer = await ask(e, { from: '192.168.7.7', to: app.instanceId, port: 22 });
  assert.deepEqual(blockersOf(answer), [`NO_ROUTE_TO_DESTINATION ${vgw}`]);
  // Not recorded as static-only and without static routes: BGP, so any on-premises address.
  vpn['Options'] = {};
  assert.equal((await ask(e, { from: '192.168.7.7', to: app.instanceId, port: 22 })).verdict, 'reachable');
});

test('from on premises: a blackhole return route is named BLACKHOLE_ROUTE, not a missing one', async () => {
  const { e, app } = vgwEstate('available');
  const table = e.files['RouteTables']![0]!;
  table['Routes'] = (table['Routes'] as Record<string, unknown>[]).map((r) => (r['GatewayId'] === 'local' ? r : { ...r, State: 'blackhole' }));
  const answer = await ask(e, { from: '192.168.7.7', to: app.instanceId, port: 22 });
  assert.deepEqual(blockersOf(answer), [`BLACKHOLE_ROUTE ${String(table['RouteTableId'])}`]);
  assert.match(answer.blockers[0]!.detail, /drops the reply/);
});

test('from a peering connection: only peer subnets whose route to the target is that peering send (both sides checked)', async () => {
  const both = peeredEstate('active', true);
  assert.equal((await ask(both.e, { from: both.pcx, to: both.ib.instanceId, port: 22 })).verdict, 'reachable');
  // The target's side routes back, the sender's side (VPC a) has no route to VPC b.
  const e = peeredEstate('active', true);
  const tableA = e.e.files['RouteTables']!.find((t) => t['RouteTableId'] === e.rtbA)!;
  tableA['Routes'] = (tableA['Routes'] as { GatewayId?: string }[]).filter((r) => r.GatewayId === 'local');
  assert.deepEqual(blockersOf(await ask(e.e, { from: e.pcx, to: e.ib.instanceId, port: 22 })), [`NO_ROUTE_TO_DESTINATION ${e.rtbA}`]);
});

test('IPv6 towards a load balancer, or to its target with no direct IPv6 path, is refused with a reason (it was an internal error)', async () => {
  const { e, target } = lbEstate();
  const network = await loadEstate(e);
  const refusal = /IPv6 through a load balancer is not analysed in this version/;
  assert.throws(() => askNetwork(network, { from: '2001:db8::1', to: 'front', port: 80 }), (error: unknown) => error instanceof QueryError && refusal.test(error.message));
  assert.throws(() => askNetwork(network, { from: '2001:db8::1', to: target.instanceId, port: 8080 }), (error: unknown) => error instanceof QueryError && refusal.test(error.message));
  assert.equal(askNetwork(network, { from: '8.8.8.8', to: target.instanceId, port: 8080 }).verdict, 'reachable', 'IPv4 through the NLB still answers');
});

test('overlapping CIDRs: traffic for the target\'s address that lands on another VPC\'s interface does not reach the target', async () => {
  const e = new RawEstate();
  const a = e.vpc('10.0.0.0/16');
  const b = e.vpc('10.1.0.0/16');
  const c = e.vpc('10.1.0.0/16');
  const sa = e.subnet(a, '10.0.1.0/24');
  const sb = e.subnet(b, '10.1.1.0/24');
  const sc = e.subnet(c, '10.1.1.0/24');
  const pab = e.peering(a, '10.0.0.0/16', b, '10.1.0.0/16');
  const pac = e.peering(a, '10.0.0.0/16', c, '10.1.0.0/16');
  e.routeTable(a, { subnets: [sa], routes: [{ dest: '10.1.1.0/24', pcx: pab }] });
  e.routeTable(b, { subnets: [sb], routes: [{ dest: '10.0.0.0/16', pcx: pab }] });
  e.routeTable(c, { subnets: [sc], routes: [{ dest: '10.0.0.0/16', pcx: pac }] });
  for (const [vpc, subnet] of [[a, sa], [b, sb], [c, sc]] as const) e.nacl(vpc, { subnets: [subnet], entries: ALLOW_ALL_NACL, isDefault: true });
  const db = [{ protocol: 'tcp', from: 5432, to: 5432, cidrs: ['10.0.0.0/16'] }] as const;
  const ia = e.instance(sa, { groups: [e.securityGroup(a, 'app', [])], privateIp: '10.0.1.10' });
  const ib = e.instance(sb, { groups: [e.securityGroup(b, 'db', db)], privateIp: '10.1.1.20' });
  const ic = e.instance(sc, { groups: [e.securityGroup(c, 'db', db)], privateIp: '10.1.1.20' });
  assert.equal((await ask(e, { from: ia.instanceId, to: ib.instanceId, port: 5432 })).verdict, 'reachable');
  const toC = await ask(e, { from: ia.instanceId, to: ic.instanceId, port: 5432 });
  assert.equal(toC.verdict, 'blocked');
  assert.deepEqual(blockersOf(toC), [`NO_ROUTE_TO_DESTINATION ${ib.eniId}`]);
});

test('an IPv6 address on the command line is matched however it is written (upper case, long form)', async () => {
  const { e, instanceId } = ipv6OnlyEstate({ protocol: 'tcp', from: 22, to: 22, ipv6Cidrs: ['::/0'] });
  const network = await loadEstate(e);
  for (const to of ['2600:1f18:aaaa:bb01::5', '2600:1F18:AAAA:BB01::5', '2600:1f18:aaaa:bb01:0:0:0:5']) {
    assert.equal(askNetwork(network, { from: '2001:DB8::7', to, port: 22 }).verdict, 'reachable', to);
  }
  // As a source: the instance's own address, written otherwise, is still the instance (its outbound rules judge it).
  const out = askNetwork(network, { from: instanceId, fromAddress: '2600:1F18:AAAA:BB01::5', to: '2600:9000::1', port: 443 });
  assert.equal(out.verdict, askNetwork(network, { from: instanceId, fromAddress: '2600:1f18:aaaa:bb01::5', to: '2600:9000::1', port: 443 }).verdict);
});

test('IPv6 through a NAT gateway (NAT64) or over a peering connection is refused with a reason (an internal error, or a wrong routing reason, before)', async () => {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16', { ipv6: '2600:1f18:aaaa:bb00::/56' });
  const peerVpc = e.vpc('10.1.0.0/16', { ipv6: '2600:1f18:cccc:cc00::/56' });
  const igw = e.internetGateway(vpc);
  const pub = e.subnet(vpc, '10.0.0.0/24', { ipv6: '2600:1f18:aaaa:bb00::/64' });
  const priv = e.subnet(vpc, '10.0.1.0/24', { ipv6: '2600:1f18:aaaa:bb01::/64' });
  const peerSubnet = e.subnet(peerVpc, '10.1.1.0/24', { ipv6: '2600:1f18:cccc:cc01::/64' });
  const pcx = e.peering(vpc, '10.0.0.0/16', peerVpc, '10.1.0.0/16');
  const nat = e.natGateway(vpc, pub, '10.0.0.9', '54.1.1.9');
  e.routeTable(vpc, { subnets: [pub], routes: [{ dest: '0.0.0.0/0', gateway: igw }] });
  e.routeTable(vpc, { subnets: [priv], routes: [{ dest6: '64:ff9b::/96', nat }, { dest6: '2600:1f18:cccc:cc00::/56', pcx }] });
  e.routeTable(peerVpc, { subnets: [peerSubnet], routes: [{ dest6: '2600:1f18:aaaa:bb00::/56', pcx }] });
  e.nacl(vpc, { subnets: [pub, priv], entries: ALLOW_ALL_NACL, isDefault: true });
  e.nacl(peerVpc, { subnets: [peerSubnet], entries: ALLOW_ALL_NACL, isDefault: true });
  const app = e.instance(priv, { groups: [e.securityGroup(vpc, 'app', [])], privateIp: '10.0.1.5', ipv6: ['2600:1f18:aaaa:bb01::5'] });
  const peer = e.instance(peerSubnet, { groups: [e.securityGroup(peerVpc, 'db', [{ protocol: 'tcp', from: 5432, to: 5432, ipv6Cidrs: ['::/0'] }])], privateIp: '10.1.1.5', ipv6: ['2600:1f18:cccc:cc01::5'] });
  const network = await loadEstate(e);
  assert.throws(() => askNetwork(network, { from: app.instanceId, to: '64:ff9b::808:808', port: 443 }), (error: unknown) => error instanceof QueryError && /NAT64\) is not analysed/.test(error.message));
  assert.throws(() => askNetwork(network, { from: app.instanceId, to: '2600:1f18:cccc:cc01::5', port: 5432 }), (error: unknown) => error instanceof QueryError && /IPv6 over peering connection pcx-\S+ is not analysed/.test(error.message));
  assert.equal(askNetwork(network, { from: app.instanceId, to: peer.instanceId, port: 5432 }).verdict, 'blocked', 'IPv4 is answered (no IPv4 route to the peer here)');
});

test('icmp between IPv6 addresses is ICMPv6 (58): a group admitting ICMPv6 lets a ping6 in, one admitting only ICMP does not', async () => {
  const icmpv6 = ipv6OnlyEstate({ protocol: '58', from: -1, to: -1, ipv6Cidrs: ['::/0'] });
  assert.equal((await ask(icmpv6.e, { from: '2001:db8::7', to: '2600:1f18:aaaa:bb01::5', protocol: 1, port: null })).verdict, 'reachable');
  const icmpv4 = ipv6OnlyEstate({ protocol: 'icmp', from: -1, to: -1, ipv6Cidrs: ['::/0'] });
  assert.deepEqual(blockersOf(await ask(icmpv4.e, { from: '2001:db8::7', to: '2600:1f18:aaaa:bb01::5', protocol: 1, port: null })), [`ENI_SG_RULES_MISMATCH ${icmpv4.sg}`]);
});
