// Prefix delegation (EKS prefix mode and the like): every address of an interface's Ipv4Prefixes
// and Ipv6Prefixes is the interface's own, to receive on, to send from and to bind listeners to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALLOW_ALL_NACL, RawEstate, cidrsAt, sourcesAt } from '../support/raw-estate.js';
import { ask } from '../support/ask.js';
import { ListenerMatcher } from '../../src/findings/listener-match.js';
import type { Listener } from '../../src/model/types.js';

/** A public subnet with IPv6 (::/0 and 0.0.0.0/0 to the IGW) and one instance whose ENI has only delegated IPv6 addresses. */
function ipv6PrefixOnly() {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16', { ipv6: '2600:1f18:aaaa:1100::/56' });
  const igw = e.internetGateway(vpc);
  const subnet = e.subnet(vpc, '10.0.1.0/24', { ipv6: '2600:1f18:aaaa:1101::/64' });
  e.routeTable(vpc, { subnets: [subnet], routes: [{ dest: '0.0.0.0/0', gateway: igw }, { dest6: '::/0', gateway: igw }] });
  e.nacl(vpc, { subnets: [subnet], entries: [...ALLOW_ALL_NACL, { rule: 101, ipv6Cidr: '::/0' }, { rule: 101, egress: true, ipv6Cidr: '::/0' }], isDefault: true });
  const sg = e.securityGroup(vpc, 'pods', [{ protocol: 'tcp', from: 22, to: 22, ipv6Cidrs: ['::/0'] }]);
  const { instanceId } = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.10', ipv6Prefixes: ['2600:1f18:aaaa:1101:1234::/80'] });
  return { e, instanceId };
}

test('an interface whose only IPv6 addresses are a delegated prefix is reachable from the internet over IPv6', async () => {
  const { e, instanceId } = ipv6PrefixOnly();
  const result = await e.assess();
  const sources = sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22, ipVersion: 6 });
  assert.ok(sources.has('2001:db8:1::7') && !sources.has('2600:1f18:aaaa:1100::1'), sources.toString());
  const reach = result.reachabilities.find((r) => r.instanceId === instanceId && r.ipVersion === 6);
  assert.ok(reach !== undefined, 'an IPv6 reachability for the instance');
  assert.deepEqual(reach.destinationAddresses, ['2600:1f18:aaaa:1101:1234::/80']);
  const answer = await ask(e, { from: '2001:db8:1::7', to: '2600:1f18:aaaa:1101:1234::5', port: 22 });
  assert.equal(answer.verdict, 'reachable', JSON.stringify(answer.blockers));
});

test('a peer sending from a delegated IPv4 prefix is a member of its group: the prefix is among the sources', async () => {
  const e = new RawEstate();
  const vpcA = e.vpc('10.0.0.0/16');
  const vpcB = e.vpc('10.1.0.0/16');
  const subnetA = e.subnet(vpcA, '10.0.1.0/24');
  const subnetB = e.subnet(vpcB, '10.1.1.0/24');
  const pcx = e.peering(vpcA, '10.0.0.0/16', vpcB, '10.1.0.0/16');
  e.routeTable(vpcA, { subnets: [subnetA], routes: [{ dest: '10.1.0.0/16', pcx }] });
  e.routeTable(vpcB, { subnets: [subnetB], routes: [{ dest: '10.0.0.0/16', pcx }] });
  e.nacl(vpcA, { subnets: [subnetA], entries: ALLOW_ALL_NACL, isDefault: true });
  e.nacl(vpcB, { subnets: [subnetB], entries: ALLOW_ALL_NACL, isDefault: true });
  const pods = e.securityGroup(vpcB, 'pods', []);
  e.instance(subnetB, { groups: [pods], privateIp: '10.1.1.10', ipv4Prefixes: ['10.1.1.32/28'] });
  const db = e.securityGroup(vpcA, 'db', [{ protocol: 'tcp', from: 5432, to: 5432, groups: [pods] }]);
  const { instanceId } = e.instance(subnetA, { groups: [db], privateIp: '10.0.1.20', ipv4Prefixes: ['10.0.1.48/28'] });
  const result = await e.assess();
  assert.deepEqual(cidrsAt(result, { instanceId, reachabilityType: 'PeeredVpc', protocol: 'tcp', port: 5432 }), ['10.1.1.10/32', '10.1.1.32/28']);
  const reach = result.reachabilities.find((r) => r.instanceId === instanceId && r.reachabilityType === 'PeeredVpc');
  assert.deepEqual(reach?.destinationAddresses, ['10.0.1.20', '10.0.1.48/28'], 'the peer can address the delegated addresses too');
  const answer = await ask(e, { from: '10.1.1.40', to: '10.0.1.50', port: 5432 });
  assert.equal(answer.verdict, 'reachable', JSON.stringify(answer.blockers));
});

test('a listener bound to an address of a delegated prefix counts; one outside it does not', () => {
  const listener = (address: string): Listener => ({ protocol: 'tcp', port: 22, address, process: null });
  const v4 = new ListenerMatcher(4, ['10.0.1.10', '10.0.1.48/28']);
  assert.equal(v4.counts(listener('10.0.1.50')), true);
  assert.equal(v4.counts(listener('10.0.1.10')), true);
  assert.equal(v4.counts(listener('10.0.1.64')), false);
  const v6 = new ListenerMatcher(6, ['2600:1f18:aaaa:1101:1234::/80']);
  assert.equal(v6.counts(listener('2600:1f18:aaaa:1101:1234:0:0:5')), true);
  assert.equal(v6.counts(listener('2600:1f18:aaaa:1101:1235::5')), false);
  assert.equal(v6.counts(listener('0.0.0.0')), false, 'an IPv4 socket takes no IPv6 traffic');
});
