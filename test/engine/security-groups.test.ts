import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressSet } from '../../src/net/index.js';
import { ALLOW_ALL_NACL, INTERNET_V4, RawEstate, cidrsAt, publicInstance, publicSubnet, sourcesAt } from '../support/raw-estate.js';
import { peeredEstate } from '../support/query-estates.js';
import { loadEstate } from '../support/ask.js';

test('the groups of an interface are a union of their ingress rules', async () => {
  const { e, vpc, subnet } = publicSubnet();
  const office = e.securityGroup(vpc, 'office', [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['198.51.100.0/24'] }]);
  const partners = e.securityGroup(vpc, 'partners', [{ protocol: 'tcp', from: 20, to: 25, cidrs: ['203.0.113.0/24'] }]);
  const { instanceId } = e.instance(subnet, { groups: [office, partners], privateIp: '10.0.1.5', publicIp: '54.1.1.1' });
  const result = await e.assess();
  const q = { instanceId, reachabilityType: 'Internet', protocol: 'tcp' } as const;
  assert.deepEqual(cidrsAt(result, { ...q, port: 22 }), ['198.51.100.0/24', '203.0.113.0/24']);
  assert.deepEqual(cidrsAt(result, { ...q, port: 25 }), ['203.0.113.0/24']);
  const cell22 = result.reachabilities[0]!.cells.find((c) => c.ports[0] <= 22 && 22 <= c.ports[1])!;
  assert.deepEqual(cell22.groups.map((g) => g.groupId), [office, partners].sort());
  assert.ok(cidrsAt(result, { ...q, port: 26 }).length === 0);
});

test('a group reference never matches internet traffic', async () => {
  const { e, instanceId, sg } = publicInstance([]);
  const groups = e.files['SecurityGroups']!;
  (groups[0]!['IpPermissions'] as unknown[]).push({ IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: sg, UserId: '123456789012' }] });
  const result = await e.assess();
  assert.equal(result.reachabilities.length, 0);
  assert.ok(sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }).isEmpty());
});

test('prefix-list sources match their entries, IPv6 ranges only IPv6', async () => {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16', { ipv6: '2600:1f18:aaaa:bb00::/56' });
  const igw = e.internetGateway(vpc);
  const subnet = e.subnet(vpc, '10.0.1.0/24', { ipv6: '2600:1f18:aaaa:bb01::/64' });
  e.routeTable(vpc, { subnets: [subnet], routes: [{ dest: '0.0.0.0/0', gateway: igw }, { dest6: '::/0', gateway: igw }] });
  e.nacl(vpc, {
    subnets: [subnet],
    entries: [
      { rule: 100, protocol: '-1', cidr: '0.0.0.0/0' },
      { rule: 101, protocol: '-1', ipv6Cidr: '::/0' },
      { rule: 100, egress: true, protocol: '-1', cidr: '0.0.0.0/0' },
      { rule: 101, egress: true, protocol: '-1', ipv6Cidr: '::/0' },
    ],
    isDefault: true,
  });
  const pl = e.prefixList('vpn-users', ['198.51.100.0/24', '192.0.2.0/24']);
  const sg = e.securityGroup(vpc, 'web', [
    { protocol: 'tcp', from: 443, to: 443, prefixLists: [pl] },
    { protocol: 'tcp', from: 80, to: 80, ipv6Cidrs: ['2001:db8::/32'] },
  ]);
  const { instanceId } = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5', publicIp: '54.1.1.1', ipv6: ['2600:1f18:aaaa:bb01::5'] });
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 443 }), ['192.0.2.0/24', '198.51.100.0/24']);
  assert.deepEqual(cidrsAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 80 }), []);
  assert.deepEqual(cidrsAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 80, ipVersion: 6 }), ['2001:db8::/32']);
});

test('an all-traffic rule opens every TCP and UDP port; an ICMP rule opens none', async () => {
  const all = publicInstance([{ protocol: '-1', cidrs: ['0.0.0.0/0'] }]);
  const result = await all.e.assess();
  for (const [protocol, port] of [['tcp', 0], ['tcp', 65535], ['udp', 53]] as const) {
    assert.ok(sourcesAt(result, { instanceId: all.instanceId, reachabilityType: 'Internet', protocol, port }).equals(INTERNET_V4));
  }
  const cells = result.reachabilities[0]!.cells;
  assert.deepEqual(cells.map((c) => [c.protocol, c.ports]), [['tcp', [0, 65535]], ['udp', [0, 65535]]]);
  const icmp = publicInstance([{ protocol: 'icmp', from: -1, to: -1, cidrs: ['0.0.0.0/0'] }]);
  assert.equal((await icmp.e.assess()).reachabilities.length, 0);
});

test('a group missing from the snapshot is a coverage gap, not a silent pass', async () => {
  const { e, instanceId, eniId } = publicInstance([{ protocol: 'tcp', from: 80, to: 80, cidrs: ['0.0.0.0/0'] }]);
  const reservation = e.files['Reservations']![0]! as { Instances: { NetworkInterfaces: { Groups: unknown[] }[] }[] };
  reservation.Instances[0]!.NetworkInterfaces[0]!.Groups.push({ GroupId: 'sg-0123456789abcdef0', GroupName: 'gone' });
  const result = await e.assess();
  assert.ok(sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 80 }).equals(INTERNET_V4));
  assert.ok(result.coverage.some((c) => c.resourceId === eniId && c.reason.includes('sg-0123456789abcdef0')));
});

test('UDP rules admit UDP only', async () => {
  const { e, instanceId } = publicInstance([{ protocol: 'udp', from: 500, to: 500, cidrs: ['0.0.0.0/0'] }]);
  const result = await e.assess();
  assert.ok(sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'udp', port: 500 }).equals(INTERNET_V4));
  assert.ok(sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 500 }).isEmpty());
  assert.ok(AddressSet.fromCidr('8.8.8.8/32').overlaps(sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'udp', port: 500 })));
});

// AWS allows up to 1,000 rules across an interface's groups. The cells are found in one sweep
// over the port boundaries; each must still hold exactly the union of the rules covering it.
test('a group of 1,000 overlapping rules: each port admits exactly the union of the rules covering it', async () => {
  const rules = Array.from({ length: 1000 }, (_, i) => {
    const from = 1000 + ((i * 37) % 50000);
    return { protocol: 'tcp', from, to: Math.min(65535, from + (i % 3 === 0 ? 12000 : i % 40)), cidrs: [`${11 + (i % 150)}.${(i * 7) % 256}.0.0/16`] };
  });
  const { e, instanceId, sg } = publicInstance(rules);
  const result = await e.assess();
  const q = { instanceId, reachabilityType: 'Internet', protocol: 'tcp' } as const;
  for (const port of [999, 1000, 1036, 13000, 25037, 50999, 51000, 62999, 65535]) {
    const covering = rules.filter((r) => r.from <= port && port <= r.to);
    const expected = AddressSet.fromCidrs(4, covering.flatMap((r) => r.cidrs)).intersect(INTERNET_V4);
    assert.ok(sourcesAt(result, { ...q, port }).equals(expected), `port ${port}`);
    const cell = result.reachabilities[0]!.cells.find((c) => c.protocol === 'tcp' && c.ports[0] <= port && port <= c.ports[1]);
    const texts = covering.map((r) => (r.from === r.to ? `port ${r.from}` : `ports ${r.from}-${r.to}`));
    assert.equal(cell?.groups[0]?.rules.length ?? 0, new Set(covering.map((r) => `${r.from}-${r.to}-${r.cidrs[0]}`)).size, `port ${port}`);
    if (cell !== undefined) assert.equal(cell.groups[0]!.groupId, sg);
    for (const text of texts) assert.ok(cell!.groups[0]!.rules.some((rule) => rule.includes(text)), `port ${port}: ${text}`);
  }
});

test("a reference to a group of a peer VPC in another region matches no one (AWS refuses such references); same region it matches the peer's members", async () => {
  const same = peeredEstate();
  const reached = await same.e.assess();
  assert.deepEqual(cidrsAt(reached, { instanceId: same.ib.instanceId, reachabilityType: 'PeeredVpc', protocol: 'tcp', port: 22 }), ['10.1.1.5/32']);
  const other = peeredEstate();
  const peerSubnet = other.e.files['Subnets']!.find((s) => s['CidrBlock'] === '10.1.1.0/24')!;
  peerSubnet['AvailabilityZone'] = 'eu-west-1a';
  const result = await other.e.assess();
  assert.deepEqual(cidrsAt(result, { instanceId: other.ib.instanceId, reachabilityType: 'PeeredVpc', protocol: 'tcp', port: 22 }), []);
  assert.ok(
    result.coverage.some((c) => c.resourceId === other.sgB && /references security group sg-\S+, which is in another region/.test(c.reason)),
    JSON.stringify(result.coverage),
  );
});

test('the order AWS lists a group\'s permissions and ranges in does not change the paths (rules are named by text)', async () => {
  const rules = [
    { protocol: 'tcp', from: 22, to: 22, cidrs: ['198.51.100.0/24', '192.0.2.0/24'] },
    { protocol: 'tcp', from: 20, to: 30, cidrs: ['203.0.113.0/24'] },
  ] as const;
  const pathTexts = async (reverse: boolean): Promise<string[]> => {
    const { e } = publicInstance(rules);
    if (reverse) {
      for (const group of e.files['SecurityGroups']!) {
        const permissions = (group['IpPermissions'] as Record<string, unknown>[]).reverse();
        for (const p of permissions) (p['IpRanges'] as unknown[]).reverse();
      }
    }
    const result = await e.assess();
    return result.reachabilities.flatMap((r) => r.cells.flatMap((c) => c.networkPath.filter((s) => s.componentType === 'AWS::EC2::SecurityGroup').map((s) => `${c.ports.join('-')} ${s.rule ?? ''}`)));
  };
  const asListed = await pathTexts(false);
  assert.ok(asListed.some((t) => t.includes('; ')), `a cell names several rules: ${asListed.join(' | ')}`);
  assert.deepEqual(await pathTexts(true), asListed);
});

test('a TCP rule without FromPort/ToPort (AWS always records them) is read as all ports, and the coverage says so', async () => {
  const { e, instanceId, sg } = publicInstance([{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }]);
  const rule = (e.files['SecurityGroups']![0]!['IpPermissions'] as Record<string, unknown>[])[0]!;
  delete rule['FromPort'];
  delete rule['ToPort'];
  const result = await e.assess();
  assert.ok(cidrsAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 3389 }).length > 0);
  const network = await loadEstate(e);
  assert.ok(network.coverage.some((c) => c.resourceId === sg && c.reason === 'inbound rule 1 (tcp) has no FromPort or ToPort, which AWS always records; it is read as all ports'), JSON.stringify(network.coverage));
});
