import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALLOW_ALL_NACL, RawEstate, cidrsAt, publicInstance, publicSubnet, sourcesAt } from '../support/raw-estate.js';
import { ask } from '../support/ask.js';

const SSH_ANYWHERE = [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }] as const;

test('internet traffic needs a public IPv4 address on the interface', async () => {
  const { e, vpc, subnet } = publicSubnet();
  const sg = e.securityGroup(vpc, 'ssh', SSH_ANYWHERE);
  const privateOnly = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5' });
  const stopped = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.6', publicIp: '54.1.1.6', state: 'stopped' });
  const result = await e.assess();
  assert.equal(result.reachabilities.length, 0);
  assert.equal(result.analysed.runningInstances, 1);
  void privateOnly;
  void stopped;
});

test('the internet as a source excludes RFC 1918 space and the VPC itself', async () => {
  const { e, instanceId } = publicInstance([{ protocol: 'tcp', from: 22, to: 22, cidrs: ['10.0.0.0/8', '172.16.0.0/12', '100.64.0.0/10'] }]);
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }), ['100.64.0.0/10']);
});

test('an internet gateway that is not attached carries nothing', async () => {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const detached = e.internetGateway(null);
  const subnet = e.subnet(vpc, '10.0.1.0/24');
  e.routeTable(vpc, { subnets: [subnet], routes: [{ dest: '0.0.0.0/0', gateway: detached }] });
  e.nacl(vpc, { subnets: [subnet], entries: ALLOW_ALL_NACL, isDefault: true });
  const sg = e.securityGroup(vpc, 'ssh', SSH_ANYWHERE);
  e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5', publicIp: '54.1.1.1' });
  assert.equal((await e.assess()).reachabilities.length, 0);
});

function vpnEstate(connection: 'available' | 'deleted' | 'none', withVpnData = true) {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const subnet = e.subnet(vpc, '10.0.11.0/24');
  const vgw = e.vpnGateway(vpc, { connection });
  if (!withVpnData) delete e.files['VpnConnections'];
  e.routeTable(vpc, { subnets: [subnet], routes: [{ dest: '192.168.0.0/16', gateway: vgw, propagated: true }, { dest: '172.20.0.0/16', gateway: vgw }] });
  e.nacl(vpc, { subnets: [subnet], entries: ALLOW_ALL_NACL, isDefault: true });
  const sg = e.securityGroup(vpc, 'ssh', SSH_ANYWHERE);
  const { instanceId } = e.instance(subnet, { groups: [sg], privateIp: '10.0.11.5' });
  return { e, vgw, instanceId };
}

test('VPN traffic comes from the addresses routed to the VGW, static or propagated', async () => {
  const { e, instanceId, vgw } = vpnEstate('available');
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, { instanceId, reachabilityType: 'VGW', protocol: 'tcp', port: 22 }), ['172.20.0.0/16', '192.168.0.0/16']);
  assert.deepEqual(result.reachabilities.map((r) => r.via), [{ type: 'VGW', id: vgw }]);
  const narrowed = await e.assess({ onpremCidrs: ['192.168.10.0/24', '10.99.0.0/16'] });
  assert.deepEqual(cidrsAt(narrowed, { instanceId, reachabilityType: 'VGW', protocol: 'tcp', port: 22 }), ['192.168.10.0/24']);
});

test('a VGW without an available VPN connection carries nothing; without VPN data it is assumed connected', async () => {
  const deleted = vpnEstate('deleted');
  assert.equal((await deleted.e.assess()).reachabilities.length, 0);
  const unknown = vpnEstate('none', false);
  const result = await unknown.e.assess();
  assert.deepEqual(cidrsAt(result, { instanceId: unknown.instanceId, reachabilityType: 'VGW', protocol: 'tcp', port: 22 }), ['172.20.0.0/16', '192.168.0.0/16']);
  assert.ok(result.coverage.some((c) => c.resourceId === unknown.vgw && /assumed connected/.test(c.reason)));
});

test('a VGW whose connection the snapshot cannot show is assumed connected, with the reason: routes it propagates, a failed call', async () => {
  // Routes it propagates while no VPN or Direct Connect record names it at all: its connection was
  // not collected (a Direct Connect gateway of another account).
  const unnamed = vpnEstate('none');
  const result = await unnamed.e.assess();
  assert.deepEqual(cidrsAt(result, { instanceId: unnamed.instanceId, reachabilityType: 'VGW', protocol: 'tcp', port: 22 }), ['172.20.0.0/16', '192.168.0.0/16']);
  assert.ok(result.coverage.some((c) => c.resourceId === unnamed.vgw && /^route table rtb-\S+ holds routes it propagates.*assumed connected$/.test(c.reason)), JSON.stringify(result.coverage));
  // Only static routes: nothing says the gateway is up.
  const staticOnly = vpnEstate('none');
  for (const route of staticOnly.e.files['RouteTables']![0]!['Routes'] as { Origin: string }[]) route.Origin = 'CreateRoute';
  assert.equal((await staticOnly.e.assess()).reachabilities.length, 0);
  // A call that would show its Direct Connect links failed.
  const failed = vpnEstate('deleted');
  failed.e.document('manifest', {
    collectedAt: '2026-11-20T09:30:00Z',
    calls: [{ call: 'directconnect:DescribeVirtualInterfaces', status: 'error', error: { code: 'AccessDeniedException', message: 'denied' } }],
  });
  const afterFailure = await failed.e.assess();
  assert.equal(afterFailure.reachabilities.length, 1);
  assert.ok(afterFailure.coverage.some((c) => c.resourceId === failed.vgw && /failed \(directconnect:DescribeVirtualInterfaces\); the gateway is assumed connected/.test(c.reason)));
});

test('a Direct Connect gateway association carries traffic while associated or updating (its prefixes being changed), not once disassociated', async () => {
  for (const [state, carries] of [['associated', true], ['updating', true], ['disassociating', false], ['disassociated', false]] as const) {
    const { e, vgw } = vpnEstate('deleted');
    e.document('dx', { directConnectGatewayAssociations: [{ directConnectGatewayId: 'dxgw-1', associationId: 'a-1', associatedGateway: { id: vgw, type: 'virtualPrivateGateway' }, associationState: state }] });
    assert.equal((await e.assess()).reachabilities.length, carries ? 1 : 0, state);
  }
});

test("a VGW's path step names what connects it: its available VPNs, Direct Connect links, or that it is assumed", async () => {
  const gatewayRule = async (e: RawEstate): Promise<string | undefined> => (await e.assess()).reachabilities[0]?.cells[0]?.networkPath[0]?.rule;
  const vpn = vpnEstate('available');
  const vpnId = (vpn.e.files['VpnConnections']![0] as { VpnConnectionId: string }).VpnConnectionId;
  assert.equal(await gatewayRule(vpn.e), `connected by VPN ${vpnId}`);
  // A query from the gateway names it the same way.
  const fromGateway = await ask(vpn.e, { from: vpn.vgw, to: vpn.instanceId, port: 22 });
  assert.equal(fromGateway.verdict, 'reachable');
  assert.deepEqual(fromGateway.paths[0]!.forward[0], { componentType: 'AWS::EC2::VPNGateway', componentId: vpn.vgw, rule: `connected by VPN ${vpnId}` });
  const dx = vpnEstate('deleted');
  dx.e.document('dx', {
    directConnectGatewayAssociations: [
      { directConnectGatewayId: 'dxgw-2', associationId: 'a-2', associatedGateway: { id: dx.vgw, type: 'virtualPrivateGateway' }, associationState: 'associated' },
      { directConnectGatewayId: 'dxgw-1', associationId: 'a-1', associatedGateway: { id: dx.vgw, type: 'virtualPrivateGateway' }, associationState: 'updating' },
      { directConnectGatewayId: 'dxgw-3', associationId: 'a-3', associatedGateway: { id: dx.vgw, type: 'virtualPrivateGateway' }, associationState: 'disassociated' },
    ],
    virtualInterfaces: [{ virtualInterfaceId: 'dxvif-1', virtualGatewayId: dx.vgw, virtualInterfaceState: 'available' }],
  });
  assert.equal(await gatewayRule(dx.e), 'connected by Direct Connect virtual interface dxvif-1; Direct Connect gateway dxgw-1, dxgw-2');
  assert.equal(await gatewayRule(vpnEstate('none', false).e), 'assumed connected (see the coverage)');
});

test('a VGW record without a State is analysed as available, with a note', async () => {
  const { e, vgw, instanceId } = vpnEstate('available');
  delete (e.files['VpnGateways']![0] as Record<string, unknown>)['State'];
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, { instanceId, reachabilityType: 'VGW', protocol: 'tcp', port: 22 }), ['172.20.0.0/16', '192.168.0.0/16']);
  assert.ok(result.coverage.some((c) => c.resourceId === vgw && /has no State; the gateway is analysed as available/.test(c.reason)));
});

function peeredEstate(status: string, routeBack: boolean) {
  const e = new RawEstate();
  const a = e.vpc('10.0.0.0/16');
  const b = e.vpc('10.1.0.0/16');
  const subnetA = e.subnet(a, '10.0.1.0/24');
  const subnetB = e.subnet(b, '10.1.1.0/24');
  const pcx = e.peering(b, '10.1.0.0/16', a, '10.0.0.0/16', status);
  e.routeTable(a, { subnets: [subnetA], routes: routeBack ? [{ dest: '10.1.1.0/24', pcx }] : [] });
  e.routeTable(b, { subnets: [subnetB], routes: [{ dest: '10.0.0.0/16', pcx }] });
  e.nacl(a, { subnets: [subnetA], entries: ALLOW_ALL_NACL, isDefault: true });
  e.nacl(b, { subnets: [subnetB], entries: ALLOW_ALL_NACL, isDefault: true });
  const peerGroup = e.securityGroup(b, 'app', []);
  const db = e.securityGroup(a, 'db', [
    { protocol: 'tcp', from: 5432, to: 5432, groups: [peerGroup] },
    { protocol: 'tcp', from: 22, to: 22, cidrs: ['10.0.0.0/8'] },
  ]);
  const target = e.instance(subnetA, { groups: [db], privateIp: '10.0.1.5' });
  e.instance(subnetB, { groups: [peerGroup], privateIp: '10.1.1.7' });
  return { e, pcx, instanceId: target.instanceId };
}

test('a peered VPC reaches what the target subnet routes back to the peering, group references by member address', async () => {
  const { e, pcx, instanceId } = peeredEstate('active', true);
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, { instanceId, reachabilityType: 'PeeredVpc', protocol: 'tcp', port: 22 }), ['10.1.1.0/24']);
  assert.deepEqual(cidrsAt(result, { instanceId, reachabilityType: 'PeeredVpc', protocol: 'tcp', port: 5432 }), ['10.1.1.7/32']);
  assert.deepEqual(result.reachabilities[0]!.via, { type: 'PCX', id: pcx });
});

test("a rule referencing a peer's group that was not collected is a coverage gap, not a silent 'no one'", async () => {
  const collected = peeredEstate('active', true);
  const resultCollected = await collected.e.assess();
  assert.ok(!resultCollected.coverage.some((c) => /references security group/.test(c.reason)));
  // The peer VPC belongs to another account: its group and instance are not in the snapshot.
  const { e, instanceId } = peeredEstate('active', true);
  const peerGroupId = (e.files['SecurityGroups']!.find((g) => g['GroupName'] === 'app')!)['GroupId'] as string;
  e.files['SecurityGroups'] = e.files['SecurityGroups']!.filter((g) => g['GroupId'] !== peerGroupId);
  e.files['Reservations'] = e.files['Reservations']!.filter((r) => !JSON.stringify(r).includes(peerGroupId));
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, { instanceId, reachabilityType: 'PeeredVpc', protocol: 'tcp', port: 5432 }), []);
  const gap = result.coverage.find((c) => c.reason.includes(`references security group ${peerGroupId}, which is not in the snapshot`));
  assert.ok(gap, JSON.stringify(result.coverage));
  assert.equal(gap.resourceType, 'AWS::EC2::SecurityGroup');
});

test("a referenced peer group whose VPC has no interface in the snapshot is a coverage gap: its members are unknown", async () => {
  // The peer account's groups were collected, its instances and ENIs were not.
  const { e, instanceId } = peeredEstate('active', true);
  const peerGroup = e.files['SecurityGroups']!.find((g) => g['GroupName'] === 'app')!;
  e.files['Reservations'] = e.files['Reservations']!.filter((r) => !JSON.stringify(r).includes(peerGroup['GroupId'] as string));
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, { instanceId, reachabilityType: 'PeeredVpc', protocol: 'tcp', port: 5432 }), []);
  const gap = result.coverage.find((c) => c.reason.includes(`no network interface of its VPC ${String(peerGroup['VpcId'])} is in the snapshot`));
  assert.ok(gap, JSON.stringify(result.coverage));
  assert.equal(gap.resourceType, 'AWS::EC2::SecurityGroup');
});

test('a peering that is not active, or without a route back, carries nothing', async () => {
  assert.equal((await peeredEstate('pending-acceptance', true).e.assess()).reachabilities.length, 0);
  assert.equal((await peeredEstate('active', false).e.assess()).reachabilities.length, 0);
});

test('instances whose subnet is missing are coverage gaps', async () => {
  const { e, instanceId } = publicInstance(SSH_ANYWHERE);
  e.files['Subnets'] = [];
  const result = await e.assess();
  assert.equal(result.reachabilities.length, 0);
  assert.ok(result.coverage.some((c) => c.resourceId === instanceId && /subnet .* is not in the snapshot/.test(c.reason)));
});

test('results are ordered and repeatable', async () => {
  const { e, instanceId } = publicInstance(SSH_ANYWHERE);
  const one = await e.assess();
  const two = await e.assess();
  assert.deepEqual(
    one.reachabilities.map((r) => [r.instanceId, r.cells.map((c) => c.sources.toCidrs())]),
    two.reachabilities.map((r) => [r.instanceId, r.cells.map((c) => c.sources.toCidrs())]),
  );
  assert.ok(sourcesAt(one, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }).size() > 0n);
});

test('a route to a target netreach does not follow (a Cloud WAN core network) or to no target at all is a coverage gap, not a silent nothing', async () => {
  const { e, instanceId } = publicInstance(SSH_ANYWHERE);
  const table = e.files['RouteTables']![0]!;
  const routes = table['Routes'] as Record<string, unknown>[];
  routes.push({ DestinationCidrBlock: '172.16.0.0/12', CoreNetworkArn: 'arn:aws:networkmanager::123456789012:core-network/core-network-0abc', Origin: 'CreateRoute', State: 'active' });
  routes.push({ DestinationCidrBlock: '192.168.0.0/16', Origin: 'CreateRoute', State: 'active' });
  // An Oracle Database@AWS network, and the next hop VPC Route Server propagates (API_Route's odbNetworkArn, ipAddress).
  routes.push({ DestinationCidrBlock: '100.64.0.0/10', OdbNetworkArn: 'arn:aws:odb:us-east-1:123456789012:odb-network/odbnet_abc', Origin: 'CreateRoute', State: 'active' });
  routes.push({ DestinationCidrBlock: '198.18.0.0/15', IpAddress: '10.0.1.50', Origin: 'CreateRoute', State: 'active' });
  const result = await e.assess();
  assert.ok(cidrsAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }).length > 0);
  const notes = result.coverage.filter((c) => c.resourceId === table['RouteTableId']).map((c) => c.reason);
  assert.deepEqual(notes.sort(), [
    'a route names no target (AWS always names one); what comes in through it is not analysed',
    'a route sends traffic to arn:aws:networkmanager::123456789012:core-network/core-network-0abc, which netreach does not follow; what comes in through it is not analysed',
    'a route sends traffic to arn:aws:odb:us-east-1:123456789012:odb-network/odbnet_abc, which netreach does not follow; what comes in through it is not analysed',
    'a route sends traffic to next hop 10.0.1.50, which netreach does not follow; what comes in through it is not analysed',
  ]);
});
