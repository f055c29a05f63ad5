// Transit gateways as a source (issue #5, SPEC §2): the senders are the addresses behind the other
// attachments — VPC CIDRs, a VPN's static routes — when their table routes to this VPC's
// attachment, this attachment's table routes the reply back, and the subnet routes it to the TGW.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALLOW_ALL_NACL, RawEstate, cidrsAt, sourcesAt } from '../support/raw-estate.js';
import { tgwEstate, tgwSpoke, type TgwIds } from '../support/tgw-estate.js';
import { ask, blockersOf, loadEstate } from '../support/ask.js';
import { NetworkIndex } from '../../src/engine/network-index.js';
import { relayedBy } from '../../src/engine/transit-gateways.js';
import { AddressSet } from '../../src/net/index.js';
import { buildFindings } from '../../src/findings/index.js';
import type { PathStep } from '../../src/engine/types.js';

const SSH = [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }] as const;
const SSH_AT_A = (instanceId: string) => ({ instanceId, reachabilityType: 'TransitGateway' as const, protocol: 'tcp' as const, port: 22 });

test('transit gateway: the other attachments\' CIDRs that the tables route both ways, not every address', async () => {
  const { e, a, b, ids } = tgwEstate();
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, SSH_AT_A(a.instanceId)), ['10.2.0.0/16', '192.168.0.0/16']);
  // B's subnet only routes A's CIDR to the TGW: the VPN cannot get a reply from B.
  assert.deepEqual(cidrsAt(result, SSH_AT_A(b.instanceId)), ['10.1.0.0/16']);
  assert.deepEqual(result.reachabilities.map((r) => r.via), [{ type: 'TGW', id: ids.tgw }, { type: 'TGW', id: ids.tgw }]);
});

test('transit gateway: a blackhole in the sender\'s table drops what it would forward, in ours the reply', async () => {
  const forward = tgwEstate({
    routes: (ids) => [
      { cidr: '10.1.0.0/16', attachment: ids.attachA, propagated: true },
      { cidr: '10.1.1.0/24', blackhole: true },
      { cidr: '10.2.0.0/16', attachment: ids.attachB, propagated: true },
      { cidr: '192.168.0.0/16', attachment: ids.attachVpn },
    ],
  });
  assert.deepEqual(cidrsAt(await forward.e.assess(), SSH_AT_A(forward.a.instanceId)), []);
  const reply = tgwEstate({
    routes: (ids) => [
      { cidr: '10.1.0.0/16', attachment: ids.attachA, propagated: true },
      { cidr: '10.2.0.0/16', attachment: ids.attachB, propagated: true },
      { cidr: '10.2.128.0/17', blackhole: true },
      { cidr: '192.168.0.0/16', attachment: ids.attachVpn },
    ],
  });
  assert.deepEqual(cidrsAt(await reply.e.assess(), SSH_AT_A(reply.a.instanceId)), ['10.2.0.0/17', '192.168.0.0/16']);
});

test("transit gateway: the path names the attachment's table and the routes in it that carry the reply back", async () => {
  const { e, a, ids, rtbA } = tgwEstate({
    routes: (ids) => [
      { cidr: '10.1.0.0/16', attachment: ids.attachA, propagated: true },
      { cidr: '10.2.0.0/16', attachment: ids.attachB, propagated: true },
      { cidr: '10.2.128.0/17', blackhole: true },
      { cidr: '192.168.0.0/16', attachment: ids.attachVpn },
    ],
  });
  const reach = (await e.assess()).reachabilities.find((r) => r.instanceId === a.instanceId && r.reachabilityType === 'TransitGateway')!;
  const cell = reach.cells.find((c) => c.protocol === 'tcp' && c.ports[0] <= 22 && 22 <= c.ports[1])!;
  assert.deepEqual(
    cell.networkPath.slice(0, 3).map((s) => `${s.componentType} ${s.componentId}: ${s.rule ?? ''}`),
    [
      `AWS::EC2::TransitGateway ${ids.tgw}: attachment ${ids.attachA}`,
      // The blackhole wins only for addresses that are not senders; the VPC's own route is no sender's.
      `AWS::EC2::TransitGatewayRouteTable ${ids.table}: 192.168.0.0/16 -> ${ids.attachVpn}; 10.2.0.0/16 -> ${ids.attachB}, propagated`,
      `AWS::EC2::RouteTable ${rtbA}: 10.2.0.0/16 -> ${ids.tgw}; 192.168.0.0/16 -> ${ids.tgw}`,
    ],
  );
});

test("query: an on-premises sender through a TGW: the forward path names its attachment's table and route on, the reply the target attachment's table and its route back", async () => {
  const { e, a, ids, rtbA } = tgwEstate();
  const answer = await ask(e, { from: '192.168.1.5', to: a.instanceId, port: 22 });
  assert.equal(answer.verdict, 'reachable');
  assert.deepEqual(
    answer.paths[0]!.forward.slice(0, 2).map((s) => `${s.componentType} ${s.componentId}${s.rule === undefined ? '' : `: ${s.rule}`}`),
    [`AWS::EC2::TransitGatewayRouteTable ${ids.table}: 10.1.0.0/16 -> ${ids.attachA}, propagated`, `AWS::EC2::TransitGateway ${ids.tgw}: attachment ${ids.attachA}`],
  );
  assert.deepEqual(
    answer.paths[0]!.return.slice(-3).map((s) => `${s.componentType} ${s.componentId}${s.rule === undefined ? '' : `: ${s.rule}`}`),
    [`AWS::EC2::RouteTable ${rtbA}: 192.168.0.0/16 -> ${ids.tgw}`, `AWS::EC2::TransitGatewayRouteTable ${ids.table}: 192.168.0.0/16 -> ${ids.attachVpn}`, `AWS::EC2::TransitGateway ${ids.tgw}`],
  );
});

/** A search-transit-gateway-routes document for the estate's table. */
function searchedRoutes(e: ReturnType<typeof tgwEstate>['e'], ids: TgwIds, routes: readonly Record<string, unknown>[]): void {
  e.document(`tgw-routes-${ids.table}`, { TransitGatewayRouteTableId: ids.table, AdditionalRoutesAvailable: false, Routes: routes });
}

const route = (cidr: string, attachment: string | null, type: 'static' | 'propagated', extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  DestinationCidrBlock: cidr,
  TransitGatewayAttachments: attachment === null ? [] : [{ TransitGatewayAttachmentId: attachment }],
  Type: type,
  State: attachment === null ? 'blackhole' : 'active',
  ...extra,
});

test('transit gateway: a prefix-list route, listed per entry with its CIDR and Type propagated, beats propagated routes and loses to static ones', async () => {
  // AWS lists each entry of a referenced prefix list as a route of Type propagated with the list's id
  // (https://docs.aws.amazon.com/vpc/latest/tgw/view-prefix-list-reference.html); it ranks above
  // propagated routes and below static ones, whatever the order of the list.
  const blackholed = tgwEstate();
  searchedRoutes(blackholed.e, blackholed.ids, [
    route('10.1.0.0/16', blackholed.ids.attachA, 'propagated'),
    route('10.2.0.0/16', blackholed.ids.attachB, 'propagated'),
    route('10.2.0.0/16', null, 'propagated', { PrefixListId: 'pl-0blocked' }),
    route('192.168.0.0/16', blackholed.ids.attachVpn, 'static'),
  ]);
  assert.deepEqual(cidrsAt(await blackholed.e.assess(), SSH_AT_A(blackholed.a.instanceId)), ['192.168.0.0/16']);
  const overruled = tgwEstate();
  searchedRoutes(overruled.e, overruled.ids, [
    route('10.1.0.0/16', overruled.ids.attachB, 'static', { PrefixListId: 'pl-0elsewhere' }),
    route('10.1.0.0/16', overruled.ids.attachA, 'static'),
    route('10.2.0.0/16', overruled.ids.attachB, 'propagated'),
    route('192.168.0.0/16', overruled.ids.attachVpn, 'static'),
  ]);
  assert.deepEqual(cidrsAt(await overruled.e.assess(), SSH_AT_A(overruled.a.instanceId)), ['10.2.0.0/16', '192.168.0.0/16']);
});

test("transit gateway: of two propagated routes for one prefix, a VPC's beats a VPN's, whichever is listed first", async () => {
  for (const vpnFirst of [true, false]) {
    const { e, ids, a } = tgwEstate();
    // On-premises advertises A's CIDR over BGP too; the route record may or may not name the resource type.
    const fromVpn = route('10.1.0.0/16', ids.attachVpn, 'propagated', vpnFirst ? { TransitGatewayAttachments: [{ TransitGatewayAttachmentId: ids.attachVpn, ResourceType: 'vpn' }] } : {});
    const fromVpc = route('10.1.0.0/16', ids.attachA, 'propagated');
    searchedRoutes(e, ids, [...(vpnFirst ? [fromVpn, fromVpc] : [fromVpc, fromVpn]), route('10.2.0.0/16', ids.attachB, 'propagated'), route('192.168.0.0/16', ids.attachVpn, 'static')]);
    assert.deepEqual(cidrsAt(await e.assess(), SSH_AT_A(a.instanceId)), ['10.2.0.0/16', '192.168.0.0/16'], `VPN route first: ${vpnFirst}`);
  }
});

test('transit gateway: an attachment out of service propagates no routes (aggregate form)', async () => {
  const { e, ids, a } = tgwEstate({ routesA: (tgw) => [{ dest: '10.0.0.0/8', tgw }] });
  const vpcE = e.vpc('10.5.0.0/16');
  const subnetE = e.subnet(vpcE, '10.5.1.0/24');
  const attachE = e.tgwAttachment(ids.tgw, ids.table, { vpc: vpcE, subnets: [subnetE] });
  for (const key of ['TransitGatewayAttachments', 'TransitGatewayVpcAttachments']) {
    for (const attachment of e.files[key]!) if (attachment['TransitGatewayAttachmentId'] === attachE) attachment['State'] = 'rejected';
  }
  // Batfish's form: the static routes, and the propagations apart. The VPN routes all of 10/8.
  e.document(`tgw-routes-${ids.table}`, { TransitGatewayStaticRoutes: [{ TransitGatewayRouteTableId: ids.table, Routes: [route('10.0.0.0/8', ids.attachVpn, 'static')] }] });
  e.document('tgw-propagations', {
    TransitGatewayPropagations: [
      { TransitGatewayRouteTableId: ids.table, TransitGatewayRouteTablePropagations: [ids.attachA, ids.attachB, attachE].map((id) => ({ TransitGatewayAttachmentId: id, State: 'enabled' })) },
    ],
  });
  // 10.5/16 follows 10/8 to the VPN, since the rejected attachment installed no route for it.
  assert.deepEqual(cidrsAt(await e.assess(), SSH_AT_A(a.instanceId)), ['10.0.0.0/16', '10.2.0.0/15', '10.4.0.0/14', '10.8.0.0/13', '10.16.0.0/12', '10.32.0.0/11', '10.64.0.0/10', '10.128.0.0/9']);
});

test("transit gateway: a table that routes addresses beyond a VPC's CIDRs to its attachment (an inspection VPC) is a coverage note, not silence", async () => {
  const plain = tgwEstate();
  assert.deepEqual((await plain.e.assess()).coverage.filter((c) => c.resourceId === plain.ids.attachB), []);
  const { e, ids, a } = tgwEstate({
    routes: (ids) => [
      { cidr: '10.1.0.0/16', attachment: ids.attachA, propagated: true },
      { cidr: '10.2.0.0/16', attachment: ids.attachB, propagated: true },
      { cidr: '0.0.0.0/0', attachment: ids.attachB },
      { cidr: '192.168.0.0/16', attachment: ids.attachVpn },
    ],
  });
  const result = await e.assess();
  // Only B's own addresses count as senders through it; what an appliance there forwards is named as not modelled.
  assert.deepEqual(cidrsAt(result, SSH_AT_A(a.instanceId)), ['10.2.0.0/16', '192.168.0.0/16']);
  assert.deepEqual(
    result.coverage.filter((c) => c.resourceId === ids.attachB).map((c) => c.reason),
    [
      `${ids.table} routes any address except 10.1.0.0/16, 10.2.0.0/16, 192.168.0.0/16 to this attachment, beyond ${e.files['TransitGatewayVpcAttachments']!.find((v) => v['TransitGatewayAttachmentId'] === ids.attachB)!['VpcId']}'s own CIDRs: the transit gateway's other attachments are followed through that VPC when it hands traffic back (an inspection VPC), but traffic that enters it another way (its internet gateway, a VPN gateway, a peering) and is forwarded into the transit gateway is not modelled`,
    ],
  );
});

/**
 * Centralised inspection (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html):
 * A and B on a spoke table that sends everything to the inspection VPC I (10.9.0.0/16), I on a table
 * with the spokes' routes. `inside` is where I's attachment subnet sends traffic that is not I's own.
 */
function inspectionEstate(inside: 'tgw' | 'appliance' | 'nat', opts: { s3Endpoint?: boolean } = {}) {
  const built = tgwEstate({ routesA: (tgw) => [{ dest: '0.0.0.0/0', tgw }], routesB: (tgw) => [{ dest: '0.0.0.0/0', tgw }] });
  const { e, ids } = built;
  const vpcI = e.vpc('10.9.0.0/16');
  const subnetI = e.subnet(vpcI, '10.9.1.0/24', { az: 'us-east-1a' });
  const appliance = e.instance(subnetI, { groups: [], privateIp: '10.9.1.50' });
  const nat = e.natGateway(vpcI, subnetI, '10.9.1.60', '3.3.3.3');
  const onward = inside === 'tgw' ? { tgw: ids.tgw } : inside === 'appliance' ? { eni: appliance.eniId } : { nat };
  // S3 through a gateway endpoint, as most VPCs have it: S3's prefixes go to S3, not back to the gateway.
  const s3 = opts.s3Endpoint === true ? [{ prefixList: e.prefixList('com.amazonaws.us-east-1.s3', ['52.216.0.0/15', '3.5.0.0/19']), gateway: e.gatewayEndpoint(vpcI, []) }] : [];
  e.routeTable(vpcI, { subnets: [subnetI], routes: [{ dest: '0.0.0.0/0', ...onward }, ...s3] });
  e.nacl(vpcI, { subnets: [subnetI], entries: ALLOW_ALL_NACL, isDefault: true });
  const inspectionTable = e.tgwRouteTable(ids.tgw);
  const attachI = e.tgwAttachment(ids.tgw, inspectionTable, { vpc: vpcI, subnets: [subnetI] });
  // The spokes (and the VPN) go through inspection; its own table knows where everything is.
  e.tgwRoutes(ids.table, [{ cidr: '0.0.0.0/0', attachment: attachI }]);
  e.tgwRoutes(inspectionTable, [
    { cidr: '10.1.0.0/16', attachment: ids.attachA, propagated: true },
    { cidr: '10.2.0.0/16', attachment: ids.attachB, propagated: true },
    { cidr: '192.168.0.0/16', attachment: ids.attachVpn },
  ]);
  return { ...built, attachI, inspectionTable };
}

test('transit gateway: senders behind other attachments reach a spoke through an inspection VPC that hands their traffic back', async () => {
  const hairpin = inspectionEstate('tgw');
  const result = await hairpin.e.assess();
  // B and the VPN through I, and I itself.
  assert.deepEqual(cidrsAt(result, SSH_AT_A(hairpin.a.instanceId)), ['10.2.0.0/16', '10.9.0.0/16', '192.168.0.0/16']);
  const answer = await ask(hairpin.e, { from: hairpin.b.instanceId, to: hairpin.a.instanceId, port: 22 });
  assert.equal(answer.verdict, 'reachable', JSON.stringify(answer.blockers));
  assert.ok(answer.paths[0]!.forward.some((s) => s.componentType === 'AWS::EC2::VPC' && s.rule === 'hands it back to the transit gateway'));
  assert.equal((await ask(hairpin.e, { from: '192.168.1.5', to: hairpin.a.instanceId, port: 22 })).verdict, 'reachable');

  // Through a firewall appliance in I: the same senders, and the coverage names the assumption.
  const appliance = inspectionEstate('appliance');
  const throughAppliance = await appliance.e.assess();
  assert.deepEqual(cidrsAt(throughAppliance, SSH_AT_A(appliance.a.instanceId)), ['10.2.0.0/16', '10.9.0.0/16', '192.168.0.0/16']);
  assert.ok(
    throughAppliance.coverage.some((c) => c.resourceId === appliance.attachI && /goes to an appliance \(rtb-\S+: 0\.0\.0\.0\/0 -> eni-\S+\), which is assumed to return it to the transit gateway$/.test(c.reason)),
    JSON.stringify(throughAppliance.coverage),
  );
  // The relay's assumption is its own: it adds no note that the traffic is lost at the appliance.
  const network = await loadEstate(appliance.e);
  const index = new NetworkIndex(network);
  const relay = relayedBy(network.transitGatewayAttachments.get(appliance.attachI)!, appliance.ids.tgw, AddressSet.fromCidr('10.2.0.0/16'), index);
  assert.deepEqual(relay?.throughAppliance.toCidrs(), ['10.2.0.0/16']);
  assert.deepEqual(index.coverage.sorted(), []);
  assert.equal((await ask(appliance.e, { from: appliance.b.instanceId, to: appliance.a.instanceId, port: 22 })).verdict, 'reachable');

  // An egress VPC sends it to a NAT gateway, which does not hand it back: only I's own addresses.
  const egress = inspectionEstate('nat');
  assert.deepEqual(cidrsAt(await egress.e.assess(), SSH_AT_A(egress.a.instanceId)), ['10.9.0.0/16']);
  const blocked = await ask(egress.e, { from: egress.b.instanceId, to: egress.a.instanceId, port: 22 });
  assert.equal(blocked.verdict, 'blocked');
  assert.ok(blockersOf(blocked).some((b) => b.startsWith('NO_ROUTE_TO_DESTINATION vpc-')), blockersOf(blocked).join('; '));
});

test("transit gateway: an inspection VPC's route to S3 through a gateway endpoint is no appliance on the way", async () => {
  const { e, a, attachI } = inspectionEstate('tgw', { s3Endpoint: true });
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, SSH_AT_A(a.instanceId)), ['10.2.0.0/16', '10.9.0.0/16', '192.168.0.0/16']);
  const notes = result.coverage.filter((c) => c.resourceId === attachI).map((c) => c.reason);
  assert.ok(!notes.some((n) => n.includes('appliance')), notes.join('\n'));
});

test('query: a request that leaves over a VPN instead of reaching the target is blocked there, not at the sender', async () => {
  // Two transit gateways, not peered: B's sends 10.0.0.0/8 to on-premises, where A is not.
  const e = new RawEstate();
  const one = e.transitGateway();
  const two = e.transitGateway();
  const { instance: a, attachment: attachA } = tgwSpoke(e, one.tgw, one.table, { name: 'a', cidr: '10.1.0.0/16', subnet: '10.1.1.0/24', privateIp: '10.1.1.10', routesTo: ['10.0.0.0/8'] });
  const { instance: b, attachment: attachB } = tgwSpoke(e, two.tgw, two.table, { name: 'b', cidr: '10.2.0.0/16', subnet: '10.2.1.0/24', privateIp: '10.2.1.10', routesTo: ['10.0.0.0/8'] });
  const vpn = e.tgwAttachment(two.tgw, two.table, { vpnStaticRoutes: [] });
  e.tgwRoutes(one.table, [{ cidr: '10.1.0.0/16', attachment: attachA, propagated: true }]);
  e.tgwRoutes(two.table, [{ cidr: '10.2.0.0/16', attachment: attachB, propagated: true }, { cidr: '10.0.0.0/8', attachment: vpn }]);
  const answer = await ask(e, { from: b.instanceId, to: a.instanceId, port: 22 });
  assert.equal(answer.verdict, 'blocked');
  assert.deepEqual(blockersOf(answer), [`NO_ROUTE_TO_DESTINATION ${vpn}`]);
});

test("transit gateway: on-premises behind Direct Connect reaches only what the association's allowed prefixes advertise", async () => {
  const dxEstate = (allowed: readonly string[], state = 'associated') => {
    const built = tgwEstate({
      routesA: (tgw) => [{ dest: '10.2.0.0/16', tgw }, { dest: '172.16.0.0/12', tgw }],
      routesB: (tgw) => [{ dest: '10.1.0.0/16', tgw }, { dest: '172.16.0.0/12', tgw }],
      routes: (ids) => [
        { cidr: '10.1.0.0/16', attachment: ids.attachA, propagated: true },
        { cidr: '10.2.0.0/16', attachment: ids.attachB, propagated: true },
        { cidr: '172.16.0.0/12', attachment: 'tgw-attach-0dx', propagated: true },
      ],
    });
    const { e, ids } = built;
    e.document('dx-attachment', {
      TransitGatewayAttachments: [
        { TransitGatewayAttachmentId: 'tgw-attach-0dx', TransitGatewayId: ids.tgw, ResourceType: 'direct-connect-gateway', ResourceId: 'dxgw-1', State: 'available', Association: { TransitGatewayRouteTableId: ids.table, State: 'associated' } },
      ],
    });
    e.document('dx-association', {
      directConnectGatewayAssociations: [
        { directConnectGatewayId: 'dxgw-1', associationId: 'a-1', associatedGateway: { id: ids.tgw, type: 'transitGateway' }, associationState: state, allowedPrefixesToDirectConnectGateway: allowed.map((cidr) => ({ cidr })) },
      ],
    });
    return built;
  };
  // Only B's VPC is advertised: on-premises has no route to A.
  const onlyB = dxEstate(['10.2.0.0/16']);
  const result = await onlyB.e.assess();
  assert.deepEqual(cidrsAt(result, SSH_AT_A(onlyB.a.instanceId)), ['10.2.0.0/16']);
  assert.deepEqual(cidrsAt(result, SSH_AT_A(onlyB.b.instanceId)), ['10.1.0.0/16', '172.16.0.0/12']);
  assert.equal((await ask(onlyB.e, { from: '172.16.5.5', to: onlyB.a.instanceId, port: 22 })).verdict, 'blocked');
  const outbound = await ask(onlyB.e, { from: onlyB.a.instanceId, to: '172.16.5.5', port: 22 });
  assert.deepEqual(blockersOf(outbound), ['NO_RETURN_ROUTE tgw-attach-0dx']);
  // Both advertised: both reachable from on-premises.
  const both = dxEstate(['10.1.0.0/16', '10.2.0.0/16']);
  assert.deepEqual(cidrsAt(await both.e.assess(), SSH_AT_A(both.a.instanceId)), ['10.2.0.0/16', '172.16.0.0/12']);
  // The association disassociated: nothing is advertised any more.
  const gone = dxEstate(['10.1.0.0/16', '10.2.0.0/16'], 'disassociated');
  assert.deepEqual(cidrsAt(await gone.e.assess(), SSH_AT_A(gone.a.instanceId)), ['10.2.0.0/16']);
});

test('transit gateway: an attachment without an association neither sends nor answers', async () => {
  const senderUnassociated = tgwEstate({ unassociated: ['B'] });
  assert.deepEqual(cidrsAt(await senderUnassociated.e.assess(), SSH_AT_A(senderUnassociated.a.instanceId)), ['192.168.0.0/16']);
  const ownUnassociated = tgwEstate({ unassociated: ['A'] });
  assert.deepEqual(cidrsAt(await ownUnassociated.e.assess(), SSH_AT_A(ownUnassociated.a.instanceId)), []);
});

test('transit gateway: a delegated prefix is reached when the senders\' table forwards some of its addresses, whichever route covers it whole', async () => {
  // The /28 delegated to A's interface is blackholed as a whole, but its upper half is routed on to A;
  // A's own address is blackholed too, so only the prefix's upper half can be reached.
  const { e, a } = tgwEstate({
    ipv4PrefixesA: ['10.1.1.32/28'],
    routes: (ids) => [
      { cidr: '10.1.0.0/16', attachment: ids.attachA, propagated: true },
      { cidr: '10.1.1.0/28', blackhole: true },
      { cidr: '10.1.1.32/28', blackhole: true },
      { cidr: '10.1.1.40/29', attachment: ids.attachA },
      { cidr: '10.2.0.0/16', attachment: ids.attachB, propagated: true },
      { cidr: '192.168.0.0/16', attachment: ids.attachVpn },
    ],
  });
  assert.deepEqual(cidrsAt(await e.assess(), SSH_AT_A(a.instanceId)), ['10.2.0.0/16', '192.168.0.0/16']);
  assert.equal((await ask(e, { from: '10.2.1.10', to: '10.1.1.41', port: 22 })).verdict, 'reachable');
  assert.equal((await ask(e, { from: '10.2.1.10', to: '10.1.1.33', port: 22 })).verdict, 'blocked');
});

test("transit gateway: a finding names the first routes back of a hub's table and counts the rest; the engine and a query keep every route", async () => {
  const onPremises = Array.from({ length: 12 }, (_, i) => `192.168.${i * 16}.0/20`);
  const { e, a, ids } = tgwEstate({
    routes: (ids) => [
      { cidr: '10.1.0.0/16', attachment: ids.attachA, propagated: true },
      { cidr: '10.2.0.0/16', attachment: ids.attachB, propagated: true },
      ...onPremises.map((cidr) => ({ cidr, attachment: ids.attachVpn })),
    ],
  });
  const result = await e.assess();
  const tableStep = (path: readonly PathStep[]): string => path.find((s) => s.componentType === 'AWS::EC2::TransitGatewayRouteTable')!.rule!;
  const reach = result.reachabilities.find((r) => r.instanceId === a.instanceId && r.reachabilityType === 'TransitGateway')!;
  assert.equal(tableStep(reach.cells[0]!.networkPath).split('; ').length, 13);
  const findings = buildFindings(result, new Map()).filter((f) => f.instanceId === a.instanceId && f.reachabilityType === 'TransitGateway');
  assert.ok(findings.some((f) => f.ruleType === 'NetworkExposure') && findings.some((f) => f.port === 22), findings.map((f) => f.title).join('\n'));
  for (const finding of findings) {
    const rule = tableStep(finding.networkPath);
    assert.equal(rule.split('; ').length, 9, rule);
    assert.ok(rule.startsWith(`${onPremises[0]} -> ${ids.attachVpn}; `) && rule.endsWith('; and 5 more routes'), rule);
    assert.ok(finding.description.includes(`(${rule})`), finding.description);
  }
  const answer = await ask(e, { from: '192.168.180.9', to: a.instanceId, port: 22 });
  assert.equal(answer.verdict, 'reachable', JSON.stringify(answer.blockers));
  assert.ok(answer.paths[0]!.return.some((s) => s.rule === `192.168.176.0/20 -> ${ids.attachVpn}`), JSON.stringify(answer.paths[0]!.return));
});

test('transit gateway: a missing return route, in the subnet or in the TGW table, closes the path', async () => {
  const subnet = tgwEstate({ routesA: (tgw) => [{ dest: '192.168.0.0/16', tgw }] });
  assert.deepEqual(cidrsAt(await subnet.e.assess(), SSH_AT_A(subnet.a.instanceId)), ['192.168.0.0/16']);
  const table = tgwEstate({
    routes: (ids) => [
      { cidr: '10.1.0.0/16', attachment: ids.attachA, propagated: true },
      { cidr: '192.168.0.0/16', attachment: ids.attachVpn },
    ],
  });
  assert.deepEqual(cidrsAt(await table.e.assess(), SSH_AT_A(table.a.instanceId)), ['192.168.0.0/16']);
});

test('transit gateway: a group reference never matches traffic through a TGW', async () => {
  const { e, a } = tgwEstate({ ingressA: (groupB) => [{ protocol: 'tcp', from: 22, to: 22, groups: [groupB] }] });
  assert.deepEqual(cidrsAt(await e.assess(), SSH_AT_A(a.instanceId)), []);
});

test('transit gateway: a route list the search cut short (AdditionalRoutesAvailable) is not read as the whole table', async () => {
  const { e, a, ids } = tgwEstate();
  e.document(`tgw-routes-${ids.table}`, {
    TransitGatewayRouteTableId: ids.table,
    AdditionalRoutesAvailable: true,
    Routes: [{ DestinationCidrBlock: '10.1.0.0/16', TransitGatewayAttachments: [{ TransitGatewayAttachmentId: ids.attachA }], Type: 'propagated', State: 'active' }],
  });
  const result = await e.assess();
  assert.ok(cidrsAt(result, SSH_AT_A(a.instanceId)).includes('10.2.0.0/16'), 'B is not cut off by the missing half of the list');
  const notes = (await loadEstate(e)).coverage.map((c) => c.reason);
  assert.ok(notes.includes('more routes than the search returned (AdditionalRoutesAvailable): the route list is partial, so its routes are treated as not collected'), notes.join('\n'));
});

/** The estate's table in Batfish's aggregate form: static routes only, propagations apart (or absent). */
function batfishTable(e: ReturnType<typeof tgwEstate>['e'], ids: TgwIds, propagations: readonly string[] | null): void {
  e.document(`tgw-routes-${ids.table}`, { TransitGatewayStaticRoutes: [{ TransitGatewayRouteTableId: ids.table, Routes: [] }] });
  if (propagations !== null) {
    e.document('tgw-propagations', {
      TransitGatewayPropagations: [
        { TransitGatewayRouteTableId: ids.table, TransitGatewayRouteTablePropagations: propagations.map((id) => ({ TransitGatewayAttachmentId: id, State: 'enabled' })) },
      ],
    });
  }
}

test('transit gateway: static routes alone with no word on propagations leave the table unknown, not empty', async () => {
  const { e, a, ids } = tgwEstate();
  batfishTable(e, ids, null);
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, SSH_AT_A(a.instanceId)), ['10.2.0.0/16', '192.168.0.0/16']);
  const notes = (await loadEstate(e)).coverage.filter((c) => c.resourceId === ids.table).map((c) => c.reason);
  assert.ok(notes.some((r) => r.startsWith('its propagated routes are not in the snapshot (TransitGatewayStaticRoutes lists static routes only')), notes.join('\n'));
  // With the propagations known the table is read as it is.
  const known = tgwEstate();
  batfishTable(known.e, known.ids, [known.ids.attachA, known.ids.attachB]);
  assert.deepEqual(cidrsAt(await known.e.assess(), SSH_AT_A(known.a.instanceId)), ['10.2.0.0/16']);
});

test('transit gateway: routes a BGP VPN propagates are unknown, so any address may come back through it', async () => {
  const { e, a, ids } = tgwEstate({ routesA: (tgw) => [{ dest: '0.0.0.0/0', tgw }] });
  const vpn = e.files['VpnConnections']!.find((v) => v['TransitGatewayId'] === ids.tgw)!;
  Object.assign(vpn, { Options: { StaticRoutesOnly: false }, Routes: [] });
  batfishTable(e, ids, [ids.attachA, ids.attachB, ids.attachVpn]);
  const sources = sourcesAt(await e.assess(), SSH_AT_A(a.instanceId));
  assert.ok(sources.has('192.168.7.7') && sources.has('172.20.0.1') && sources.has('10.2.1.10'), sources.toString());
  assert.ok(!sources.has('10.1.1.10'), 'its own VPC is not behind the TGW');
});

test('query: a TGW route to an attachment that is not available carries nothing (BAD_STATE)', async () => {
  const { e, a, b, ids } = tgwEstate();
  for (const key of ['TransitGatewayAttachments', 'TransitGatewayVpcAttachments']) {
    for (const attachment of e.files[key]!) if (attachment['TransitGatewayAttachmentId'] === ids.attachA) attachment['State'] = 'deleted';
  }
  const answer = await ask(e, { from: b.instanceId, to: a.instanceId, port: 22 });
  assert.equal(answer.verdict, 'blocked');
  assert.deepEqual(blockersOf(answer), [`BAD_STATE ${ids.attachA}`]);
});

test('transit gateway: a static VPN keeps no routes of its own; the TGW table\'s static routes to it say who is behind it', async () => {
  const { e, a, ids } = tgwEstate();
  // As AWS records it: StaticRoutesOnly, and Routes empty (they live in the TGW route table).
  const vpn = e.files['VpnConnections']!.find((v) => v['TransitGatewayId'] === ids.tgw)!;
  Object.assign(vpn, { Options: { StaticRoutesOnly: true }, Routes: [] });
  assert.deepEqual(cidrsAt(await e.assess(), SSH_AT_A(a.instanceId)), ['10.2.0.0/16', '192.168.0.0/16']);
  assert.equal((await ask(e, { from: '192.168.1.5', to: a.instanceId, port: 22 })).verdict, 'reachable');
});

test('transit gateway: at equal prefix length a static route beats one that references a prefix list, whatever the order listed', async () => {
  for (const staticBlackhole of [false, true]) {
    const { e, a, ids } = tgwEstate();
    const list = e.prefixList('onprem', ['192.168.0.0/16']);
    const toVpn = { TransitGatewayAttachments: [{ TransitGatewayAttachmentId: ids.attachVpn }], Type: 'static', State: 'active' };
    const blackhole = { TransitGatewayAttachments: [], Type: 'static', State: 'blackhole' };
    e.document(`tgw-routes-${ids.table}`, {
      TransitGatewayRouteTableId: ids.table,
      AdditionalRoutesAvailable: false,
      Routes: [
        { DestinationCidrBlock: '10.1.0.0/16', TransitGatewayAttachments: [{ TransitGatewayAttachmentId: ids.attachA }], Type: 'propagated', State: 'active' },
        { DestinationCidrBlock: '10.2.0.0/16', TransitGatewayAttachments: [{ TransitGatewayAttachmentId: ids.attachB }], Type: 'propagated', State: 'active' },
        // Listed first: the prefix-list route (pl = 192.168.0.0/16), the opposite of the static one.
        { PrefixListId: list, ...(staticBlackhole ? toVpn : blackhole) },
        { DestinationCidrBlock: '192.168.0.0/16', ...(staticBlackhole ? blackhole : toVpn) },
      ],
    });
    const sources = cidrsAt(await e.assess(), SSH_AT_A(a.instanceId));
    assert.deepEqual(sources, staticBlackhole ? ['10.2.0.0/16'] : ['10.2.0.0/16', '192.168.0.0/16'], `static ${staticBlackhole ? 'blackhole' : 'route'}`);
  }
});

test('transit gateway: a complete route search lists propagated routes, so a BGP propagation with none learned adds nothing', async () => {
  const { e, a, ids } = tgwEstate();
  const vpn = e.files['VpnConnections']!.find((v) => v['TransitGatewayId'] === ids.tgw)!;
  Object.assign(vpn, { Options: { StaticRoutesOnly: false }, Routes: [] });
  // All static, as when the VPCs' routes were entered by hand: the search lists no propagated route.
  e.tgwRoutes(ids.table, [
    { cidr: '10.1.0.0/16', attachment: ids.attachA },
    { cidr: '10.2.0.0/16', attachment: ids.attachB },
  ]);
  e.document('tgw-propagations', {
    TransitGatewayPropagations: [{ TransitGatewayRouteTableId: ids.table, TransitGatewayRouteTablePropagations: [ids.attachA, ids.attachB, ids.attachVpn].map((id) => ({ TransitGatewayAttachmentId: id, State: 'enabled' })) }],
  });
  assert.deepEqual(cidrsAt(await e.assess(), SSH_AT_A(a.instanceId)), ['10.2.0.0/16']);
});

/**
 * Two transit gateways joined by a peering: east with A (10.1.0.0/16), west with W (10.60.0.0/16).
 * On the west side the peering is associated with a non-default table, which alone routes to A.
 */
function peeringEstate(
  westRoutes: (ids: { attachW: string; peer: string }) => readonly { cidr: string; attachment?: string; blackhole?: boolean; propagated?: boolean }[],
  westAssociated = true,
) {
  const e = new RawEstate();
  const east = e.transitGateway();
  const west = e.transitGateway();
  const westOther = e.tgwRouteTable(west.tgw);
  const { instance: a, attachment: attachA } = tgwSpoke(e, east.tgw, east.table, { name: 'a', cidr: '10.1.0.0/16', subnet: '10.1.1.0/24', privateIp: '10.1.1.10', routesTo: ['10.60.0.0/16'] });
  const { instance: w, attachment: attachW } = tgwSpoke(e, west.tgw, westOther, { name: 'w', cidr: '10.60.0.0/16', subnet: '10.60.1.0/24', privateIp: '10.60.1.10', routesTo: ['10.1.0.0/16'] });
  const peer = 'tgw-attach-0peer';
  const side = (tgw: string, other: string, table: string) => ({
    TransitGatewayAttachmentId: peer, TransitGatewayId: tgw, ResourceType: 'peering', ResourceId: other, State: 'available',
    Association: { TransitGatewayRouteTableId: table, State: 'associated' },
  });
  // One record per region, as describe-transit-gateway-attachments returns them on each side.
  e.document('peer-east', { TransitGatewayAttachments: [side(east.tgw, west.tgw, east.table)] });
  const westSide: Record<string, unknown> = side(west.tgw, east.tgw, westOther);
  if (!westAssociated) delete westSide['Association'];
  e.document('peer-west', { TransitGatewayAttachments: [westSide] });
  e.tgwRoutes(east.table, [{ cidr: '10.1.0.0/16', attachment: attachA, propagated: true }, { cidr: '10.60.0.0/16', attachment: peer }]);
  e.tgwRoutes(westOther, westRoutes({ attachW, peer }));
  // The west default table routes nothing: assumed for the peering, it would cut W off.
  e.tgwRoutes(west.table, []);
  return { e, a, w };
}

test('transit gateway peering: each side of the peering attachment is routed by its own association', async () => {
  const { e, a, w } = peeringEstate(({ attachW, peer }) => [{ cidr: '10.60.0.0/16', attachment: attachW, propagated: true }, { cidr: '10.1.0.0/16', attachment: peer }]);
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, SSH_AT_A(a.instanceId)), ['10.60.0.0/16']);
  assert.deepEqual(cidrsAt(result, SSH_AT_A(w.instanceId)), ['10.1.0.0/16']);
  assert.equal((await ask(e, { from: w.instanceId, to: a.instanceId, port: 22 })).verdict, 'reachable');
  assert.ok(!result.coverage.some((c) => /association on .* is not in the snapshot/.test(c.reason)), JSON.stringify(result.coverage));
  // The far side is in the snapshot: who is behind the peering is known, not assumed.
  assert.ok(!result.coverage.some((c) => /the addresses behind this attachment are not in the snapshot/.test(c.reason)), JSON.stringify(result.coverage));
});

test("transit gateway peering: the far gateway's table decides who is behind it — its forward routes and its blackholes", async () => {
  // West never added the route to A (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering-add-route.html): W cannot reach A.
  const noForward = peeringEstate(({ attachW }) => [{ cidr: '10.60.0.0/16', attachment: attachW, propagated: true }]);
  const result = await noForward.e.assess();
  assert.deepEqual(cidrsAt(result, SSH_AT_A(noForward.a.instanceId)), []);
  assert.equal((await ask(noForward.e, { from: noForward.w.instanceId, to: noForward.a.instanceId, port: 22 })).verdict, 'blocked');
  // A blackhole on the far side drops the replies to part of W.
  const blackholed = peeringEstate(({ attachW, peer }) => [
    { cidr: '10.60.0.0/16', attachment: attachW, propagated: true },
    { cidr: '10.60.128.0/17', blackhole: true },
    { cidr: '10.1.0.0/16', attachment: peer },
  ]);
  assert.deepEqual(cidrsAt(await blackholed.e.assess(), SSH_AT_A(blackholed.a.instanceId)), ['10.60.0.0/17']);
  // The gateway owner's record says the peering is associated with no table on the far side: no reply gets back.
  const unassociated = peeringEstate(({ attachW, peer }) => [{ cidr: '10.60.0.0/16', attachment: attachW, propagated: true }, { cidr: '10.1.0.0/16', attachment: peer }], false);
  assert.deepEqual(cidrsAt(await unassociated.e.assess(), SSH_AT_A(unassociated.a.instanceId)), []);
  assert.equal((await ask(blackholed.e, { from: '10.60.200.1', to: blackholed.a.instanceId, port: 22 })).verdict, 'blocked');
});

test('transit gateway: attachments known only from describe-transit-gateway-vpc-attachments (no Association) are assumed on the default table, and said', async () => {
  const { e, a, ids } = tgwEstate();
  delete e.files['TransitGatewayAttachments'];
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, SSH_AT_A(a.instanceId)), ['10.2.0.0/16']);
  assert.ok(result.coverage.some((c) => c.resourceId === ids.attachA && c.reason.endsWith(`the gateway's default association table ${ids.table} is assumed`)), JSON.stringify(result.coverage));
  // The gateway owner's own record without an Association: not associated, as AWS means it.
  const owned = tgwEstate();
  for (const record of owned.e.files['TransitGatewayAttachments']!) if (record['TransitGatewayAttachmentId'] === owned.ids.attachA) delete record['Association'];
  assert.deepEqual(cidrsAt(await owned.e.assess(), SSH_AT_A(owned.a.instanceId)), []);
});

test('transit gateway: an attachment being modified (modifying) stays in service', async () => {
  const { e, a, b, ids } = tgwEstate();
  for (const key of ['TransitGatewayAttachments', 'TransitGatewayVpcAttachments']) {
    for (const attachment of e.files[key]!) if (attachment['TransitGatewayAttachmentId'] === ids.attachB) attachment['State'] = 'modifying';
  }
  assert.deepEqual(cidrsAt(await e.assess(), SSH_AT_A(a.instanceId)), ['10.2.0.0/16', '192.168.0.0/16']);
  assert.equal((await ask(e, { from: a.instanceId, to: b.instanceId, port: 22 })).verdict, 'reachable');
});
