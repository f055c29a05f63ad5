import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressSet } from '../../src/net/index.js';
import { assessNetwork, DEFAULT_EPHEMERAL_PORTS, type EngineResult } from '../../src/engine/index.js';
import { loadEstate } from '../support/ask.js';
import { firewalledSubnet } from '../support/query-estates.js';
import { ALLOW_ALL_NACL, INTERNET_V4, RawEstate, cidrsAt, publicInstance, sourcesAt, type RouteSpec } from '../support/raw-estate.js';

const TCP22 = { protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] } as const;

test('a default route to the internet gateway makes the whole internet a source', async () => {
  const { e, instanceId } = publicInstance([TCP22]);
  const result = await e.assess();
  assert.ok(sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }).equals(INTERNET_V4));
  assert.ok(sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 23 }).isEmpty());
});

test('without a route to the internet gateway nothing from the internet gets a reply', async () => {
  const { e, instanceId } = publicInstance([TCP22], { routes: [] });
  const result = await e.assess();
  assert.equal(result.reachabilities.length, 0);
  assert.ok(sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }).isEmpty());
});

test('a more specific route elsewhere and a blackhole route carve their addresses out', async () => {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const igw = e.internetGateway(vpc);
  const subnet = e.subnet(vpc, '10.0.1.0/24');
  e.routeTable(vpc, {
    subnets: [subnet],
    routes: [
      { dest: '0.0.0.0/0', gateway: igw },
      { dest: '203.0.113.0/24', nat: 'nat-0aaaaaaaaaaaaaaaa' },
      { dest: '198.51.100.0/25', gateway: 'igw-0deadbeefdeadbeef', blackhole: true },
    ],
  });
  e.nacl(vpc, { subnets: [subnet], entries: ALLOW_ALL_NACL, isDefault: true });
  const sg = e.securityGroup(vpc, 'ssh', [TCP22]);
  const { instanceId } = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5', publicIp: '54.1.1.1' });
  const result = await e.assess();
  const expected = INTERNET_V4.subtract(AddressSet.fromCidrs(4, ['203.0.113.0/24', '198.51.100.0/25']));
  assert.ok(sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }).equals(expected));
  const path = result.reachabilities[0]!.cells[0]!.networkPath;
  assert.deepEqual(path.map((s) => s.componentType), [
    'AWS::EC2::InternetGateway',
    'AWS::EC2::RouteTable',
    'AWS::EC2::NetworkAcl',
    'AWS::EC2::NetworkAcl',
    'AWS::EC2::SecurityGroup',
    'AWS::EC2::NetworkInterface',
    'AWS::EC2::Instance',
  ]);
  assert.match(path[1]!.rule ?? '', /0\.0\.0\.0\/0 -> igw-/);
});

test('a prefix-list route takes the addresses of its entries; uncollected entries are a coverage gap', async () => {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const igw = e.internetGateway(vpc);
  const subnet = e.subnet(vpc, '10.0.1.0/24');
  const known = e.prefixList('partners', ['198.51.100.0/24', '203.0.113.128/25']);
  const unknown = e.prefixList('unknown', null);
  e.routeTable(vpc, {
    subnets: [subnet],
    routes: [
      { dest: '0.0.0.0/0', gateway: igw },
      { prefixList: known, nat: 'nat-0aaaaaaaaaaaaaaaa' },
      { prefixList: unknown, nat: 'nat-0aaaaaaaaaaaaaaaa' },
    ],
  });
  e.nacl(vpc, { subnets: [subnet], entries: ALLOW_ALL_NACL, isDefault: true });
  const sg = e.securityGroup(vpc, 'ssh', [TCP22]);
  const { instanceId } = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5', publicIp: '54.1.1.1' });
  const result = await e.assess();
  const expected = INTERNET_V4.subtract(AddressSet.fromCidrs(4, ['198.51.100.0/24', '203.0.113.128/25']));
  assert.ok(sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }).equals(expected));
  assert.ok(result.coverage.some((c) => c.resourceType === 'AWS::EC2::RouteTable' && c.reason.includes(unknown)));
});

test('a subnet without an explicit association falls back to the main route table', async () => {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const igw = e.internetGateway(vpc);
  const subnet = e.subnet(vpc, '10.0.1.0/24');
  const other = e.subnet(vpc, '10.0.2.0/24');
  e.routeTable(vpc, { main: true, routes: [{ dest: '0.0.0.0/0', gateway: igw }] });
  e.routeTable(vpc, { subnets: [other], routes: [] });
  e.nacl(vpc, { subnets: [subnet, other], entries: ALLOW_ALL_NACL, isDefault: true });
  const sg = e.securityGroup(vpc, 'ssh', [TCP22]);
  const viaMain = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5', publicIp: '54.1.1.1' });
  const viaOwn = e.instance(other, { groups: [sg], privateIp: '10.0.2.5', publicIp: '54.1.1.2' });
  const result = await e.assess();
  assert.ok(!sourcesAt(result, { instanceId: viaMain.instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }).isEmpty());
  assert.ok(sourcesAt(result, { instanceId: viaOwn.instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }).isEmpty());
});

test('at equal prefix length a static route beats a propagated one', async () => {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const subnet = e.subnet(vpc, '10.0.1.0/24');
  const vgw = e.vpnGateway(vpc);
  e.routeTable(vpc, {
    subnets: [subnet],
    routes: [
      { dest: '192.168.0.0/16', gateway: vgw, propagated: true },
      { dest: '172.16.0.0/12', gateway: vgw, propagated: true },
      { dest: '172.16.0.0/12', pcx: 'pcx-0aaaaaaaaaaaaaaaa' },
    ],
  });
  e.nacl(vpc, { subnets: [subnet], entries: ALLOW_ALL_NACL, isDefault: true });
  const sg = e.securityGroup(vpc, 'ssh', [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }]);
  const { instanceId } = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5' });
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, { instanceId, reachabilityType: 'VGW', protocol: 'tcp', port: 22 }), ['192.168.0.0/16']);
});

test('routes of one length are named lowest network first, whatever order the table lists them in', async () => {
  const named = async (order: readonly string[]): Promise<string | undefined> => {
    const e = new RawEstate();
    const vpc = e.vpc('10.0.0.0/16');
    const subnet = e.subnet(vpc, '10.0.1.0/24');
    const vgw = e.vpnGateway(vpc);
    e.routeTable(vpc, { subnets: [subnet], routes: order.map((dest) => ({ dest, gateway: vgw, propagated: true })) });
    e.nacl(vpc, { subnets: [subnet], entries: ALLOW_ALL_NACL, isDefault: true });
    const sg = e.securityGroup(vpc, 'ssh', [TCP22]);
    e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5' });
    const result = await e.assess();
    const reach = result.reachabilities.find((r) => r.reachabilityType === 'VGW');
    return reach?.cells[0]?.networkPath.find((step) => step.componentType === 'AWS::EC2::RouteTable')?.rule;
  };
  const offices = ['192.168.20.0/24', '172.16.5.0/24', '192.168.3.0/24'];
  // In numeric order, which is not the order of the texts (192.168.20 sorts before 192.168.3 as text).
  const expected = ['172.16.5.0/24 -> ', '192.168.3.0/24 -> ', '192.168.20.0/24 -> '];
  for (const order of [offices, [...offices].reverse(), [offices[1]!, offices[2]!, offices[0]!]]) {
    const rule = await named(order);
    assert.ok(rule !== undefined);
    assert.deepEqual(rule.split('; ').map((route) => route.slice(0, route.indexOf('-> ') + 3)), expected);
  }
});

test('behind a firewall appliance, replies reach the internet gateway through it: reachable, the assumption in the coverage', async () => {
  for (const kind of ['endpoint', 'undescribed endpoint', 'interface'] as const) {
    const { e, igw, appliance, webTable, firewallTable, instanceId } = firewalledSubnet({ appliance: kind });
    const result = await e.assess();
    const q = { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 443 } as const;
    assert.ok(sourcesAt(result, q).equals(INTERNET_V4), kind);
    const reach = result.reachabilities.find((r) => r.instanceId === instanceId)!;
    const step = reach.cells[0]!.networkPath.find((s) => s.componentType === 'AWS::EC2::RouteTable')!;
    assert.equal(step.componentId, webTable);
    assert.equal(
      step.rule,
      kind === 'undescribed endpoint'
        ? `0.0.0.0/0 -> ${appliance} (appliance, assumed to pass them on)`
        : `0.0.0.0/0 -> ${appliance} (appliance, then route table ${firewallTable}: 0.0.0.0/0 -> ${igw})`,
    );
    const named = kind === 'interface' ? `interface ${appliance} \\(which a gateway's ingress routing also sends traffic to\\)` : `endpoint ${appliance} \\(a Gateway Load Balancer or Network Firewall endpoint\\)`;
    const note = result.coverage.find((c) => c.resourceId === webTable);
    assert.match(note?.reason ?? '', new RegExp(`^replies go through ${named}; the appliance is assumed to pass them on`), kind);
  }
});

test('no reply from the internet: an appliance subnet without a route to the gateway, or an interface no ingress routing uses (a NAT instance, say)', async () => {
  for (const firewallRoute of [[], [{ dest: '0.0.0.0/0', nat: 'nat-0aaaaaaaaaaaaaaaa' }]]) {
    const { e, instanceId } = firewalledSubnet({ appliance: 'endpoint', firewallRoute });
    assert.ok(sourcesAt(await e.assess(), { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 443 }).isEmpty());
  }
  const { e, instanceId, appliance, webTable } = firewalledSubnet({ appliance: 'interface', ingress: false });
  const result = await e.assess();
  assert.ok(sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 443 }).isEmpty());
  // What that may hide is said.
  assert.deepEqual(
    result.coverage.filter((c) => c.resourceId === webTable).map((c) => c.reason),
    [
      `replies to some senders go to interface ${appliance}, which no gateway's ingress routing sends traffic to (a NAT instance, or an appliance used one way): they are taken as not returned; if it forwards them without translating addresses, those senders reach the subnet`,
    ],
  );
});

test('a gateway route table (ingress routing to an appliance or a blackhole) is named in the coverage; the paths are analysed as if delivered directly', async () => {
  const estate = (edgeRoutes: readonly RouteSpec[] | null) => {
    const e = new RawEstate();
    const vpc = e.vpc('10.0.0.0/16');
    const igw = e.internetGateway(vpc);
    const subnet = e.subnet(vpc, '10.0.1.0/24');
    e.routeTable(vpc, { subnets: [subnet], routes: [{ dest: '0.0.0.0/0', gateway: igw }] });
    if (edgeRoutes !== null) e.routeTable(vpc, { gateways: [igw], routes: edgeRoutes });
    e.nacl(vpc, { subnets: [subnet], entries: ALLOW_ALL_NACL, isDefault: true });
    const sg = e.securityGroup(vpc, 'ssh', [TCP22]);
    const { instanceId } = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5', publicIp: '54.1.1.1' });
    return { e, instanceId, igw };
  };
  const ingressNotes = (result: Awaited<ReturnType<RawEstate['assess']>>) => result.coverage.filter((c) => /ingress routing/.test(c.reason));
  const plain = estate(null);
  assert.deepEqual(ingressNotes(await plain.e.assess()), []);
  const onlyLocal = estate([]);
  assert.deepEqual(ingressNotes(await onlyLocal.e.assess()), [], 'a gateway table with only the local route changes nothing');
  for (const [route, words] of [
    [{ dest: '10.0.1.0/24', eni: 'eni-0f1e2d3c4b5a69788' }, '10.0.1.0/24 -> eni-0f1e2d3c4b5a69788'],
    [{ dest: '10.0.1.0/24', eni: 'eni-0f1e2d3c4b5a69788', blackhole: true }, '10.0.1.0/24 -> eni-0f1e2d3c4b5a69788, blackhole'],
  ] as const) {
    const { e, instanceId, igw } = estate([route]);
    const result = await e.assess();
    const notes = ingressNotes(result);
    assert.equal(notes.length, 1, JSON.stringify(result.coverage));
    assert.equal(notes[0]!.resourceType, 'AWS::EC2::RouteTable');
    assert.ok(notes[0]!.reason.includes(`internet gateway ${igw}`) && notes[0]!.reason.includes(words), notes[0]!.reason);
    assert.ok(!sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }).isEmpty(), 'still analysed as if delivered directly');
  }
});

test('a route to a gateway, peering or transit gateway the snapshot lacks is a coverage gap on the route table', async () => {
  const { e, rtb, igw } = publicInstance([TCP22]);
  assert.deepEqual((await e.assess()).coverage.filter((c) => c.resourceId === rtb), []);
  // The internet gateway's describe call was not collected: the route to it remains.
  e.files['InternetGateways'] = [];
  const missingIgw = await e.assess();
  assert.equal(missingIgw.reachabilities.length, 0);
  assert.ok(missingIgw.coverage.some((c) => c.resourceType === 'AWS::EC2::RouteTable' && c.resourceId === rtb && c.reason.includes(`internet gateway ${igw} is not in the snapshot`)), JSON.stringify(missingIgw.coverage));
  for (const [route, words] of [
    [{ dest: '192.168.0.0/16', gateway: 'vgw-0aaaaaaaaaaaaaaaa' }, 'virtual private gateway vgw-0aaaaaaaaaaaaaaaa is not in the snapshot'],
    [{ dest: '10.9.0.0/16', pcx: 'pcx-0aaaaaaaaaaaaaaaa' }, 'peering connection pcx-0aaaaaaaaaaaaaaaa is not in the snapshot'],
    [{ dest: '10.8.0.0/16', tgw: 'tgw-0aaaaaaaaaaaaaaaa' }, 'no attachment of vpc-'],
    [{ dest: '10.7.0.0/16', tgw: 'tgw-0aaaaaaaaaaaaaaaa', blackhole: true }, null],
  ] as const) {
    const est = publicInstance([TCP22], { routes: [route] });
    const notes = (await est.e.assess()).coverage.filter((c) => c.resourceId === est.rtb);
    if (words === null) assert.deepEqual(notes, [], 'a blackhole route goes nowhere: nothing is missing');
    else assert.ok(notes.some((c) => c.reason.includes(words)), JSON.stringify(notes));
  }
});

test('an interface attached to an instance the snapshot lacks is a coverage gap', async () => {
  const { e, eniId, instanceId } = publicInstance([TCP22]);
  const eni = (e.files['Reservations']![0]!['Instances'] as { NetworkInterfaces: unknown[] }[])[0]!.NetworkInterfaces[0]!;
  e.files['NetworkInterfaces'] = [eni as Record<string, unknown>];
  e.files['Reservations'] = [];
  const result = await e.assess();
  assert.equal(result.reachabilities.length, 0);
  assert.ok(result.coverage.some((c) => c.resourceId === eniId && c.reason.includes(`attached to instance ${instanceId}, which is not in the snapshot`)), JSON.stringify(result.coverage));
});

test('a route table, NACL or group record without its rules is unknown, not empty: a gap, never read as safe', async () => {
  // A NACL without Entries: its checks are skipped (an empty list would deny everything).
  const nacl = publicInstance([TCP22]);
  delete (nacl.e.files['NetworkAcls']![0] as Record<string, unknown>)['Entries'];
  const naclResult = await withLoadingGaps(nacl.e);
  assert.ok(!sourcesAt(naclResult, { instanceId: nacl.instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }).isEmpty(), 'a NACL without entries is skipped, not deny-all');
  assert.ok(naclResult.coverage.some((c) => c.resourceId === nacl.acl && /entries \(Entries\) are not in the snapshot/.test(c.reason)), JSON.stringify(naclResult.coverage));
  // A route table without Routes, a group without IpPermissions: named as missing.
  const table = publicInstance([TCP22]);
  delete (table.e.files['RouteTables']![0] as Record<string, unknown>)['Routes'];
  const tableResult = await withLoadingGaps(table.e);
  assert.ok(tableResult.coverage.some((c) => c.resourceId === table.rtb && /routes \(Routes\) are not in the snapshot/.test(c.reason)), JSON.stringify(tableResult.coverage));
  const group = publicInstance([TCP22]);
  delete (group.e.files['SecurityGroups']![0] as Record<string, unknown>)['IpPermissions'];
  const groupResult = await withLoadingGaps(group.e);
  assert.ok(groupResult.coverage.some((c) => c.resourceId === group.sg && /inbound rules \(IpPermissions\) are not in the snapshot/.test(c.reason)), JSON.stringify(groupResult.coverage));
  assert.ok(groupResult.coverage.some((c) => c.resourceId === group.eniId && c.reason.includes(`security group ${group.sg} is not in the snapshot`)), JSON.stringify(groupResult.coverage));
  // A second copy that carries the list (another file) makes it known again.
  const twice = publicInstance([TCP22]);
  const copy = structuredClone(twice.e.files['NetworkAcls']![0]!);
  delete (twice.e.files['NetworkAcls']![0] as Record<string, unknown>)['Entries'];
  twice.e.document('acl-copy', { NetworkAcls: [copy] });
  assert.ok(!(await withLoadingGaps(twice.e)).coverage.some((c) => c.resourceId === twice.acl), 'a copy with the entries makes them known');
});

/** The engine's result with the loader's coverage notes in front, as an assessment reports them. */
async function withLoadingGaps(e: RawEstate): Promise<EngineResult> {
  const network = await loadEstate(e);
  const result = assessNetwork(network, { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null });
  return { ...result, coverage: [...network.coverage, ...result.coverage] };
}
