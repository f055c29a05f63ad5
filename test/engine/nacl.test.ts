import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressSet } from '../../src/net/index.js';
import { INTERNET_V4, RawEstate, cidrsAt, publicInstance, sourcesAt, type NaclRule } from '../support/raw-estate.js';

const OPEN = [{ protocol: '-1', cidrs: ['0.0.0.0/0'] }] as const;

function reach(result: Awaited<ReturnType<RawEstate['assess']>>, instanceId: string, port: number, protocol: 'tcp' | 'udp' = 'tcp') {
  return sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol, port });
}

test('NACL entries are evaluated in rule-number order, first match wins', async () => {
  const nacl: NaclRule[] = [
    { rule: 200, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
    { rule: 100, protocol: '6', action: 'deny', cidr: '0.0.0.0/0', ports: [22, 22] },
    { rule: 90, protocol: '-1', action: 'deny', cidr: '198.51.100.0/24' },
    { rule: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
  ];
  const { e, instanceId } = publicInstance(OPEN, { nacl });
  const result = await e.assess();
  assert.ok(reach(result, instanceId, 22).isEmpty());
  assert.ok(reach(result, instanceId, 80).equals(INTERNET_V4.subtract(AddressSet.fromCidr('198.51.100.0/24'))));
  // UDP 22 is not matched by the TCP deny.
  assert.ok(!reach(result, instanceId, 22, 'udp').isEmpty());
});

test('an allow after a deny for the same addresses does not reopen them', async () => {
  const nacl: NaclRule[] = [
    { rule: 10, protocol: '6', action: 'deny', cidr: '0.0.0.0/1', ports: [0, 65535] },
    { rule: 20, protocol: '6', action: 'allow', cidr: '0.0.0.0/0', ports: [443, 443] },
    { rule: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
  ];
  const { e, instanceId } = publicInstance(OPEN, { nacl });
  const result = await e.assess();
  assert.ok(reach(result, instanceId, 443).equals(INTERNET_V4.intersect(AddressSet.fromCidr('128.0.0.0/1'))));
  assert.ok(reach(result, instanceId, 444).isEmpty());
});

test('the reply needs some ephemeral port allowed outbound (stateless return)', async () => {
  const inbound: NaclRule = { rule: 100, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' };
  const partial = publicInstance(OPEN, { nacl: [inbound, { rule: 100, egress: true, protocol: '6', cidr: '0.0.0.0/0', ports: [1024, 2048] }] });
  const partialResult = await partial.e.assess();
  assert.ok(reach(partialResult, partial.instanceId, 22).equals(INTERNET_V4), 'part of the range is enough for a client to use');
  assert.ok(reach(partialResult, partial.instanceId, 53, 'udp').isEmpty(), 'the outbound entry is TCP only');
  const narrowed = await partial.e.assess({ ephemeralPorts: [32768, 60999] });
  assert.ok(reach(narrowed, partial.instanceId, 22).isEmpty(), 'with Linux client ports nothing gets back');

  const servicePortsOnly = publicInstance(OPEN, { nacl: [inbound, { rule: 100, egress: true, protocol: '6', cidr: '0.0.0.0/0', ports: [80, 443] }] });
  assert.ok(reach(await servicePortsOnly.e.assess(), servicePortsOnly.instanceId, 80).isEmpty());
});

test('an outbound deny for some clients removes exactly them', async () => {
  const { e, instanceId } = publicInstance(OPEN, {
    nacl: [
      { rule: 100, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
      { rule: 50, egress: true, protocol: '-1', action: 'deny', cidr: '203.0.113.0/24' },
      { rule: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
    ],
  });
  const result = await e.assess();
  assert.ok(reach(result, instanceId, 8080).equals(INTERNET_V4.subtract(AddressSet.fromCidr('203.0.113.0/24'))));
});

test('IPv6 entries judge only IPv6 traffic, and IPv6 without entries is denied', async () => {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16', { ipv6: '2600:1f18:aaaa:bb00::/56' });
  const igw = e.internetGateway(vpc);
  const subnet = e.subnet(vpc, '10.0.1.0/24', { ipv6: '2600:1f18:aaaa:bb01::/64' });
  const other = e.subnet(vpc, '10.0.2.0/24', { ipv6: '2600:1f18:aaaa:bb02::/64' });
  e.routeTable(vpc, { subnets: [subnet, other], routes: [{ dest: '0.0.0.0/0', gateway: igw }, { dest6: '::/0', gateway: igw }] });
  e.nacl(vpc, {
    subnets: [subnet],
    entries: [
      { rule: 100, protocol: '-1', cidr: '0.0.0.0/0' },
      { rule: 101, protocol: '6', ipv6Cidr: '::/0', ports: [443, 443] },
      { rule: 100, egress: true, protocol: '-1', cidr: '0.0.0.0/0' },
      { rule: 101, egress: true, protocol: '-1', ipv6Cidr: '::/0' },
    ],
  });
  e.nacl(vpc, { subnets: [other], entries: [{ rule: 100, protocol: '-1', cidr: '0.0.0.0/0' }, { rule: 100, egress: true, protocol: '-1', cidr: '0.0.0.0/0' }] });
  const sg = e.securityGroup(vpc, 'web', [{ protocol: 'tcp', from: 0, to: 65535, cidrs: ['0.0.0.0/0'], ipv6Cidrs: ['::/0'] }]);
  const a = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5', publicIp: '54.1.1.1', ipv6: ['2600:1f18:aaaa:bb01::5'] });
  const b = e.instance(other, { groups: [sg], privateIp: '10.0.2.5', ipv6: ['2600:1f18:aaaa:bb02::5'] });
  const result = await e.assess();
  const v6 = (instanceId: string, port: number) => sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port, ipVersion: 6 });
  assert.ok(v6(a.instanceId, 443).equals(AddressSet.all(6).subtract(AddressSet.fromCidr('2600:1f18:aaaa:bb00::/56'))));
  assert.ok(v6(a.instanceId, 22).isEmpty());
  assert.ok(!reach(result, a.instanceId, 22).isEmpty(), 'IPv4 is judged by the IPv4 entries');
  assert.ok(v6(b.instanceId, 443).isEmpty(), 'no IPv6 entries: implicit deny');
  assert.ok(reach(result, b.instanceId, 443).isEmpty(), 'no public IPv4 address');
});

test('a subnet whose NACL is missing has its NACL checks skipped and says so', async () => {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const igw = e.internetGateway(vpc);
  const subnet = e.subnet(vpc, '10.0.1.0/24');
  e.routeTable(vpc, { subnets: [subnet], routes: [{ dest: '0.0.0.0/0', gateway: igw }] });
  const sg = e.securityGroup(vpc, 'ssh', [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }]);
  const { instanceId } = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5', publicIp: '54.1.1.1' });
  const result = await e.assess();
  assert.ok(reach(result, instanceId, 22).equals(INTERNET_V4));
  assert.equal(result.reachabilities[0]!.aclId, null);
  assert.ok(result.coverage.some((c) => c.resourceId === subnet && /NACL checks are skipped/.test(c.reason)));
});

test('a subnet in no ACL\'s associations while the VPC\'s ACLs list theirs: its ACL was not collected, so its checks are skipped (the default ACL is not guessed)', async () => {
  const deny: NaclRule[] = [];
  const { e, instanceId, vpc, subnet } = publicInstance(OPEN, { nacl: deny });
  // The deny-all default ACL lists another subnet only, as describe-network-acls would if the
  // target subnet's own ACL had been left out.
  const other = e.subnet(vpc, '10.0.9.0/24');
  const acl = e.files['NetworkAcls']![0] as { Associations: { SubnetId: string }[] };
  acl.Associations = acl.Associations.filter((a) => a.SubnetId !== subnet).concat([{ SubnetId: other }]);
  const result = await e.assess();
  assert.ok(cidrsAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }).length > 0);
  assert.ok(result.coverage.some((c) => c.resourceId === subnet && /its ACL was not collected/.test(c.reason)), JSON.stringify(result.coverage));
  // Without any association in the VPC's ACLs (written by hand), the default ACL is assumed, and said.
  acl.Associations = [];
  const assumed = await e.assess();
  assert.equal(assumed.reachabilities.length, 0);
  assert.ok(assumed.coverage.some((c) => c.resourceId === subnet && /the VPC's default ACL acl-\S+ is assumed/.test(c.reason)));
});
