// The 15 Batfish-derived scenarios load as they are, and the model says what the files say.
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadSnapshot, type LoadedSnapshot } from '../../src/snapshot/index.js';
import { CONFORMANCE_DIR, conformanceSnapshot } from './snapshot-fixtures.js';

const scenarios = readdirSync(CONFORMANCE_DIR)
  .filter((name) => statSync(path.join(CONFORMANCE_DIR, name)).isDirectory())
  .sort();

function get<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  const value = map.get(key);
  assert.ok(value !== undefined, `missing ${String(key)}`);
  return value;
}

async function load(scenario: string): Promise<LoadedSnapshot> {
  return loadSnapshot(conformanceSnapshot(scenario), { lenient: false });
}

describe('conformance scenarios', () => {
  test('there are 15 of them', () => {
    assert.equal(scenarios.length, 15);
  });

  for (const scenario of scenarios) {
    test(`${scenario} loads strictly, without coverage gaps, twice the same`, async () => {
      const first = await load(scenario);
      assert.ok(first.files > 0);
      assert.ok(first.network.vpcs.size > 0);
      assert.ok(first.network.instances.size > 0);
      assert.deepEqual(first.network.coverage, []);
      for (const w of first.warnings) assert.match(w, /AvailabilityZones\.json: unknown top-level key 'AvailabilityZones', skipped$/);
      const second = await load(scenario);
      assert.deepEqual(second, first);
      assert.deepEqual([...second.network.instances.keys()], [...first.network.instances.keys()]);
    });
  }
});

describe('scenario contents', () => {
  test('vpc-peering-multi-account: accounts and regions from the folder levels', async () => {
    const { network } = await load('vpc-peering-multi-account');
    const bat = get(network.vpcs, 'vpc-0f44fae3468d2b998');
    const fish = get(network.vpcs, 'vpc-05951c91977125d2e');
    assert.deepEqual([bat.ownerId, bat.region, bat.cidrs], ['028403472736', 'us-east-1', ['10.1.0.0/16']]);
    assert.deepEqual([fish.ownerId, fish.region, fish.cidrs], ['951601349076', 'us-east-1', ['10.2.0.0/16']]);
    const batWeb = get(network.instances, 'i-07ae69cc808e8804e');
    assert.deepEqual([batWeb.ownerId, batWeb.region, batWeb.state], ['028403472736', 'us-east-1', 'running']);
    // Both accounts describe the peering connection: one record.
    const pcx = get(network.peeringConnections, 'pcx-0040f7640e10191f4');
    assert.equal(pcx.status, 'active');
    assert.deepEqual(pcx.requester, { vpcId: 'vpc-0f44fae3468d2b998', ownerId: '028403472736', region: 'us-east-1', cidrs: ['10.1.0.0/16'], ipv6Cidrs: [] });
    assert.deepEqual(pcx.accepter, { vpcId: 'vpc-05951c91977125d2e', ownerId: '951601349076', region: 'us-east-1', cidrs: ['10.2.0.0/16'], ipv6Cidrs: [] });
    assert.equal(network.kindsPresent.has('NetworkAcls'), false);
    assert.equal(network.kindsPresent.has('VpcPeeringConnections'), true);
  });

  test('load-balancer: NLB listener → target group → targets with ports', async () => {
    const { network } = await load('load-balancer');
    const lbArn = 'arn:aws:elasticloadbalancing:us-east-2:554773406868:loadbalancer/net/test-lb/725b996cb6be8fba';
    const tgArn = 'arn:aws:elasticloadbalancing:us-east-2:554773406868:targetgroup/test-lb-tg/8e891d8fcdf8ece8';
    const lb = get(network.loadBalancers, lbArn);
    assert.equal(lb.kind, 'network');
    assert.equal(lb.scheme, 'internal');
    assert.equal(lb.securityGroupIds, null);
    assert.equal(lb.crossZone, true);
    assert.deepEqual(lb.subnetIds, ['subnet-0873d71031a560a88', 'subnet-090fe152cd18ced20']);
    assert.deepEqual(lb.listeners, [
      {
        port: 80,
        protocol: 'TCP',
        instancePort: null,
        targetGroupArns: [tgArn],
        listenerArn: 'arn:aws:elasticloadbalancing:us-east-2:554773406868:listener/net/test-lb/725b996cb6be8fba/bad604160f6b5da7',
      },
    ]);
    const tg = get(network.targetGroups, tgArn);
    assert.equal(tg.targetType, 'instance');
    assert.equal(tg.port, 80);
    assert.deepEqual(tg.loadBalancerArns, [lbArn]);
    assert.deepEqual(tg.targets, [
      { id: 'i-055b0db7be365202c', port: 22, availabilityZone: null },
      { id: 'i-0f4af951d61a19245', port: 22, availabilityZone: null },
    ]);
    assert.equal(tg.preserveClientIp, null);
    // Target groups without health data have unknown targets, not none.
    assert.equal(get(network.targetGroups, 'arn:aws:elasticloadbalancing:us-east-2:554773406868:targetgroup/target1/10b6be82e58c40a8').targets, null);
    // The NLB's own ENIs are there, unattached to any instance.
    const node = get(network.networkInterfaces, 'eni-01f261dccaba46564');
    assert.deepEqual([node.interfaceType, node.instanceId, node.privateIps, node.requesterManaged], ['network_load_balancer', null, ['10.1.1.237'], true]);
    assert.equal(get(network.prefixLists, 'pl-7ba54012').cidrs?.length, 5);
  });

  test('public-private-subnet: route origins and targets, main table, VPN', async () => {
    const { network } = await load('public-private-subnet');
    const main = get(network.routeTables, 'rtb-002f0eabf583bf991');
    assert.equal(main.main, true);
    assert.deepEqual(main.subnetIds, []);
    assert.deepEqual(main.routes, [
      { destination: { kind: 'cidr', cidr: '10.0.0.0/16' }, target: { kind: 'local', id: 'local' }, origin: 'local', blackhole: false },
      { destination: { kind: 'cidr', cidr: '0.0.0.0/0' }, target: { kind: 'vgw', id: 'vgw-070087240d6fa2989' }, origin: 'static', blackhole: false },
    ]);
    const publicTable = get(network.routeTables, 'rtb-0d20fcae075afe460');
    assert.deepEqual([publicTable.main, publicTable.subnetIds], [false, ['subnet-0cf7a93fbd779f3a3']]);
    assert.deepEqual(publicTable.routes[1].target, { kind: 'igw', id: 'igw-0eac198308206c358' });
    assert.deepEqual(get(network.vpnGateways, 'vgw-070087240d6fa2989').vpcIds, ['vpc-0b966fdeb36d5e43f']);
    const vpn = get(network.vpnConnections, 'vpn-05044757278685fd3');
    assert.deepEqual([vpn.state, vpn.vpnGatewayId, vpn.staticRoutes], ['available', 'vgw-070087240d6fa2989', ['19.168.0.0/16']]);
    const eni = get(network.networkInterfaces, 'eni-09da8cad43844dc1f');
    assert.deepEqual(eni.publicIps, [{ publicIp: '13.58.55.60', privateIp: '10.0.0.47', allocationId: null }]);
  });

  test('vpc-peering: a blackhole route and peering targets', async () => {
    const { network } = await load('vpc-peering');
    const routes = [...network.routeTables.values()].flatMap((t) => t.routes);
    assert.ok(routes.some((r) => r.blackhole && r.target.kind === 'igw'));
    assert.ok(routes.some((r) => r.target.kind === 'pcx' && !r.blackhole));
  });

  test('vpc-endpoint-gateway: prefix-list routes to the gateway endpoint', async () => {
    const { network } = await load('vpc-endpoint-gateway');
    const table = get(network.routeTables, 'rtb-04f71fc2caa8d94cf');
    assert.deepEqual(table.routes[1], {
      destination: { kind: 'prefixList', prefixListId: 'pl-63a5400a' },
      target: { kind: 'vpce', id: 'vpce-0b7357542bb7b83ec' },
      origin: 'static',
      blackhole: false,
    });
    const endpoint = get(network.vpcEndpoints, 'vpce-0b7357542bb7b83ec');
    assert.deepEqual([endpoint.type, endpoint.routeTableIds], ['Gateway', ['rtb-04f71fc2caa8d94cf', 'rtb-0efde4139784b75b0']]);
    assert.ok(get(network.prefixLists, 'pl-63a5400a').cidrs !== null);
    assert.equal(get(network.vpcs, 'vpc-05d56c7295fca139b').region, 'us-east-1');
  });

  test('nat-gateway: NACL entries keep number, direction, action, protocol, CIDR', async () => {
    const { network } = await load('nat-gateway');
    const acl = get(network.networkAcls, 'acl-0792adae678b88f85');
    assert.equal(acl.isDefault, false);
    assert.deepEqual(acl.subnetIds, ['subnet-0428892a357fa1f94']);
    assert.deepEqual(acl.entries, [
      { ruleNumber: 100, egress: true, action: 'allow', protocol: 'all', cidr: '0.0.0.0/0', ports: null },
      { ruleNumber: 32767, egress: true, action: 'deny', protocol: 'all', cidr: '0.0.0.0/0', ports: null },
      { ruleNumber: 100, egress: false, action: 'allow', protocol: 1, cidr: '10.1.1.0/24', ports: null },
      { ruleNumber: 200, egress: false, action: 'allow', protocol: 'all', cidr: '0.0.0.0/0', ports: null },
      { ruleNumber: 32767, egress: false, action: 'deny', protocol: 'all', cidr: '0.0.0.0/0', ports: null },
    ]);
    const nat = get(network.natGateways, 'nat-07ab4846da51f4612');
    assert.deepEqual([nat.privateIps, nat.publicIps], [['10.1.250.210'], ['3.135.127.225']]);
  });

  test('transit-gateway-asymmetric-paths: security group permissions flattened', async () => {
    const { network } = await load('transit-gateway-asymmetric-paths');
    const sg = get(network.securityGroups, 'sg-002171e90685d74fa');
    assert.deepEqual(sg.ingress, [
      { protocol: 17, ports: [33434, 33534], source: { kind: 'cidr', cidr: '0.0.0.0/0' }, description: 'Traceroute Access', ruleId: null },
      { protocol: 6, ports: [22, 22], source: { kind: 'cidr', cidr: '0.0.0.0/0' }, description: 'SSH Access', ruleId: null },
      { protocol: 1, ports: null, source: { kind: 'cidr', cidr: '0.0.0.0/0' }, description: 'ICMP Access', ruleId: null },
    ]);
    const self = get(network.securityGroups, 'sg-02dabc1da85668c2e');
    assert.deepEqual(self.ingress, [
      { protocol: 'all', ports: null, source: { kind: 'group', groupId: 'sg-02dabc1da85668c2e', userId: '554773406868', vpcId: null }, description: null, ruleId: null },
    ]);
  });

  test('transit-gateway-multi-table: propagated routes synthesised from the VPC attachments', async () => {
    const { network } = await load('transit-gateway-multi-table');
    for (const table of network.transitGatewayRouteTables.values()) {
      assert.ok(table.routes !== null);
      assert.equal(table.routes.length, 1);
      const [route] = table.routes;
      assert.equal(route.type, 'propagated');
      const attachment = get(network.transitGatewayAttachments, route.attachmentIds[0]);
      assert.equal(attachment.resourceType, 'vpc');
      assert.deepEqual(get(network.vpcs, attachment.resourceId ?? '').cidrs, [route.cidr]);
      // Each table gets the other VPC's routes: the attachment associated with it is not the one propagating.
      assert.notEqual(attachment.associatedRouteTableId, table.id);
    }
  });

  test('transit-gateway-multi-account: the shared TGW and attachment appear once, with subnets', async () => {
    const { network } = await load('transit-gateway-multi-account');
    assert.deepEqual([...network.transitGateways.keys()], ['tgw-0efdeab79e9a8e490']);
    assert.equal(get(network.transitGateways, 'tgw-0efdeab79e9a8e490').ownerId, '028403472736');
    const shared = get(network.transitGatewayAttachments, 'tgw-attach-0f8397dbb9b9bce0d');
    assert.deepEqual(shared, {
      id: 'tgw-attach-0f8397dbb9b9bce0d',
      transitGatewayId: 'tgw-0efdeab79e9a8e490',
      resourceType: 'vpc',
      resourceId: 'vpc-08287a9084472b276',
      state: 'available',
      subnetIds: ['subnet-0ffa87ae0b553703e'],
      associatedRouteTableId: 'tgw-rtb-0b2c8eeefcf19371b',
    });
    const table = get(network.transitGatewayRouteTables, 'tgw-rtb-0b2c8eeefcf19371b');
    assert.deepEqual([table.defaultAssociation, table.defaultPropagation], [true, true]);
    assert.deepEqual(table.routes?.map((r) => [r.cidr, r.type, r.attachmentIds]).sort(), [
      ['10.1.0.0/16', 'propagated', ['tgw-attach-0f832eb2ca4a975a4']],
      ['10.2.0.0/16', 'propagated', ['tgw-attach-0f8397dbb9b9bce0d']],
    ]);
  });

  test('transit-gateway-peering: static routes to the peering attachment, regions per account', async () => {
    const { network } = await load('transit-gateway-peering');
    const table = get(network.transitGatewayRouteTables, 'tgw-rtb-018a5e572ec3088d1');
    assert.deepEqual(table.routes?.[0], { cidr: '192.168.0.0/16', attachmentIds: ['tgw-attach-012e5d602f859dd80'], blackhole: false, type: 'static' });
    assert.equal(get(network.transitGatewayAttachments, 'tgw-attach-012e5d602f859dd80').resourceType, 'peering');
    assert.equal(get(network.vpcs, 'vpc-0ecbcbd110fd839d1').region, 'us-west-1');
    assert.equal(get(network.instances, 'i-0afb0a59f6bf36397').ownerId, '804819755326');
  });

  test('terminated instances are kept with their state', async () => {
    const { network } = await load('vpc-peering-multi-account');
    const gone = get(network.instances, 'i-022b9fb2c0a0c72c1');
    assert.deepEqual([gone.state, gone.networkInterfaceIds, gone.subnetId], ['terminated', [], null]);
  });
});
