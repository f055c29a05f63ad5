// Transit gateways as a source (issue #5, SPEC §2): the senders are the addresses behind the other
// attachments — VPC CIDRs, a VPN's static routes — when their table routes to this VPC's
// attachment, this attachment's table routes the reply back, and the subnet routes it to the TGW.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrsAt } from '../support/raw-estate.js';
import { tgwEstate } from '../support/tgw-estate.js';

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

test('transit gateway: an attachment without an association neither sends nor answers', async () => {
  const senderUnassociated = tgwEstate({ unassociated: ['B'] });
  assert.deepEqual(cidrsAt(await senderUnassociated.e.assess(), SSH_AT_A(senderUnassociated.a.instanceId)), ['192.168.0.0/16']);
  const ownUnassociated = tgwEstate({ unassociated: ['A'] });
  assert.deepEqual(cidrsAt(await ownUnassociated.e.assess(), SSH_AT_A(ownUnassociated.a.instanceId)), []);
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
