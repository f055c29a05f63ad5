// Point queries through transit gateways: the sender's attachment (AZ, association), its table's
// route, the attachment it leads to, and the same tables for the reply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tgwEstate } from '../support/tgw-estate.js';
import { ask, blockersOf } from '../support/ask.js';

test('VPC to VPC through a transit gateway: each TGW route table hop named, both ways', async () => {
  const { e, ids, a, b } = tgwEstate();
  const answer = await ask(e, { from: a.instanceId, to: b.instanceId });
  assert.equal(answer.verdict, 'reachable');
  const path = answer.paths[0]!;
  assert.deepEqual(path.via, { type: 'TGW', id: ids.tgw });
  assert.deepEqual(path.forward.filter((s) => s.componentType === 'AWS::EC2::TransitGatewayRouteTable').map((s) => s.rule), [`10.2.0.0/16 -> ${ids.attachB}, propagated`]);
  assert.deepEqual(path.return.filter((s) => s.componentType === 'AWS::EC2::TransitGatewayRouteTable').map((s) => s.rule), [`10.1.0.0/16 -> ${ids.attachA}, propagated`]);
  // To the VPN attachment's static route: the flow leaves AWS there.
  assert.equal((await ask(e, { from: a.instanceId, to: '192.168.7.7' })).verdict, 'reachable');
});

test('TGW_ROUTE_BLACKHOLE and TGW_ROUTE_NOT_FOUND in the table of the attachment the flow enters by', async () => {
  const blackholed = tgwEstate({
    routes: (ids) => [
      { cidr: '10.1.0.0/16', attachment: ids.attachA, propagated: true },
      { cidr: '10.2.0.0/16', blackhole: true },
    ],
  });
  assert.deepEqual(blockersOf(await ask(blackholed.e, { from: blackholed.a.instanceId, to: blackholed.b.instanceId })), [`TGW_ROUTE_BLACKHOLE ${blackholed.ids.table}`]);
  const missing = tgwEstate({ routes: (ids) => [{ cidr: '10.1.0.0/16', attachment: ids.attachA, propagated: true }] });
  assert.deepEqual(blockersOf(await ask(missing.e, { from: missing.a.instanceId, to: missing.b.instanceId })), [`TGW_ROUTE_NOT_FOUND ${missing.ids.table}`]);
});

test('TGW_ATTACHMENT_NOT_ASSOCIATED: the sender\'s attachment, or the receiver\'s for the reply', async () => {
  const sender = tgwEstate({ unassociated: ['A'] });
  assert.deepEqual(blockersOf(await ask(sender.e, { from: sender.a.instanceId, to: sender.b.instanceId })), [`TGW_ATTACHMENT_NOT_ASSOCIATED ${sender.ids.attachA}`]);
  const receiver = tgwEstate({ unassociated: ['B'] });
  assert.deepEqual(blockersOf(await ask(receiver.e, { from: receiver.a.instanceId, to: receiver.b.instanceId })), [`TGW_ATTACHMENT_NOT_ASSOCIATED ${receiver.ids.attachB}`]);
});

test('a missing return route: in the receiver\'s subnet, or in the receiver attachment\'s TGW table', async () => {
  const subnet = tgwEstate({ routesB: () => [] });
  assert.deepEqual(blockersOf(await ask(subnet.e, { from: subnet.a.instanceId, to: subnet.b.instanceId })), [`NO_RETURN_ROUTE ${subnet.rtbB}`]);
  const table = tgwEstate({ routes: (ids) => [{ cidr: '10.2.0.0/16', attachment: ids.attachB, propagated: true }] });
  const answer = await ask(table.e, { from: table.a.instanceId, to: table.b.instanceId });
  assert.deepEqual(blockersOf(answer), [`TGW_ROUTE_NOT_FOUND ${table.ids.table}`]);
  assert.match(answer.blockers[0]!.detail, /no route for the reply to 10\.1\.1\.10/);
});

test('TGW_ATTACHMENT_NOT_IN_AZ: a subnet in an AZ where the attachment has no subnet cannot reach the TGW', async () => {
  const { e, a, b, subnetA, vpcA } = tgwEstate();
  const subnets = e.files['Subnets']!;
  subnets.find((s) => s['SubnetId'] === subnetA)!['AvailabilityZone'] = 'us-east-1b';
  const attachments = e.files['TransitGatewayVpcAttachments']!;
  // A's attachment keeps a subnet in us-east-1a only.
  attachments[0]!['SubnetIds'] = [e.subnet(vpcA, '10.1.200.0/28', { az: 'us-east-1a' })];
  const answer = await ask(e, { from: a.instanceId, to: b.instanceId });
  assert.deepEqual(blockersOf(answer), [`TGW_ATTACHMENT_NOT_IN_AZ ${subnetA}`]);
  // Arriving traffic is still delivered; the reply is what cannot leave.
  assert.deepEqual(blockersOf(await ask(e, { from: b.instanceId, to: a.instanceId })), [`TGW_ATTACHMENT_NOT_IN_AZ ${subnetA}`]);
});

test('a group reference never matches traffic through a transit gateway', async () => {
  const { e, a, b, sgA } = tgwEstate({ ingressA: (groupB) => [{ protocol: 'tcp', from: 22, to: 22, groups: [groupB] }] });
  assert.deepEqual(blockersOf(await ask(e, { from: b.instanceId, to: a.instanceId })), [`ENI_SG_RULES_MISMATCH ${sgA}`]);
});
