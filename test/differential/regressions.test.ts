// Minimal estates for the disagreements the differential test found, each asserting what SPEC
// says. A test marked todo documents an engine bug that is not fixed yet; drop the todo (and its
// entry in reference.ts KNOWN_ENGINE_DEVIATIONS) when the engine is fixed. Both bugs below were
// fixed in 041cf0b; the tests keep them fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALLOW_ALL_NACL, OWNER, RawEstate, sourcesAt } from '../support/raw-estate.js';
import { AddressSet } from '../../src/net/index.js';

/** A VPC whose subnet routes everything to a VGW that no VPN connection data describes; SSH open to all. */
function vgwEstate() {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const subnet = e.subnet(vpc, '10.0.1.0/24');
  const vgw = 'vgw-0dx0000000000001';
  e.document('vgws', { VpnGateways: [{ VpnGatewayId: vgw, State: 'available', Type: 'ipsec.1', VpcAttachments: [{ State: 'attached', VpcId: vpc }] }] });
  e.routeTable(vpc, { subnets: [subnet], routes: [{ dest: '0.0.0.0/0', gateway: vgw }] });
  e.nacl(vpc, { subnets: [subnet], entries: ALLOW_ALL_NACL, isDefault: true });
  const sg = e.securityGroup(vpc, 'ssh', [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }]);
  const { instanceId } = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.10' });
  return { e, instanceId };
}

const ON_PREMISES = AddressSet.all(4).subtract(AddressSet.fromCidrs(4, ['10.0.0.0/16']));

test('VGW: with no VPN connection or Direct Connect data at all, the VGW is assumed connected', async () => {
  const { e, instanceId } = vgwEstate();
  const result = await e.assess();
  assert.ok(sourcesAt(result, { instanceId, reachabilityType: 'VGW', protocol: 'tcp', port: 22 }).equals(ON_PREMISES));
});

test(
  'VGW: Direct Connect gateway data without a virtual interface or association naming the VGW leaves it unconnected (found by the differential test)',
  async () => {
    const { e, instanceId } = vgwEstate();
    e.document('dx-gateways', {
      directConnectGateways: [{ directConnectGatewayId: 'dxgw-0000000000000001', directConnectGatewayName: 'corp', amazonSideAsn: 64512, ownerAccount: OWNER, directConnectGatewayState: 'available' }],
    });
    const result = await e.assess();
    // SPEC §2: the snapshot holds Direct Connect data, and nothing connects this VGW.
    assert.ok(sourcesAt(result, { instanceId, reachabilityType: 'VGW', protocol: 'tcp', port: 22 }).isEmpty());
  },
);

/**
 * Two VPCs with the same CIDR (common: every account's first VPC is 10.0.0.0/16). The other VPC's
 * instance at 10.0.1.10 is created first, so its ENI id sorts first; the ALB's ip target 10.0.1.10
 * is the instance in the ALB's own VPC.
 */
function overlappingVpcsEstate() {
  const e = new RawEstate();
  const otherVpc = e.vpc('10.0.0.0/16');
  const otherSubnet = e.subnet(otherVpc, '10.0.1.0/24');
  e.routeTable(otherVpc, { main: true, routes: [] });
  e.nacl(otherVpc, { subnets: [otherSubnet], entries: ALLOW_ALL_NACL, isDefault: true });
  const otherGroup = e.securityGroup(otherVpc, 'other', [{ protocol: 'tcp', from: 8080, to: 8080, cidrs: ['10.0.0.0/16'] }]);
  const other = e.instance(otherSubnet, { groups: [otherGroup], privateIp: '10.0.1.10' });

  const vpc = e.vpc('10.0.0.0/16');
  const igw = e.internetGateway(vpc);
  const publicSubnet = e.subnet(vpc, '10.0.0.0/24');
  const appSubnet = e.subnet(vpc, '10.0.1.0/24');
  e.routeTable(vpc, { subnets: [publicSubnet], routes: [{ dest: '0.0.0.0/0', gateway: igw }] });
  e.routeTable(vpc, { main: true, routes: [] });
  e.nacl(vpc, { subnets: [publicSubnet, appSubnet], entries: ALLOW_ALL_NACL, isDefault: true });
  const albGroup = e.securityGroup(vpc, 'alb', [{ protocol: 'tcp', from: 443, to: 443, cidrs: ['0.0.0.0/0'] }]);
  const appGroup = e.securityGroup(vpc, 'app', [{ protocol: 'tcp', from: 8080, to: 8080, cidrs: ['10.0.0.0/16'] }]);
  const app = e.instance(appSubnet, { groups: [appGroup], privateIp: '10.0.1.10' });

  const arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012';
  const lbArn = `${arn}:loadbalancer/app/shop/0123456789abcdef`;
  const tg = `${arn}:targetgroup/shop-ip/1111111111111111`;
  e.document('alb', {
    LoadBalancers: [{ LoadBalancerArn: lbArn, LoadBalancerName: 'shop', Scheme: 'internet-facing', VpcId: vpc, Type: 'application', State: { Code: 'active' }, AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: publicSubnet }], SecurityGroups: [albGroup] }],
  });
  e.document('alb-listeners', { Listeners: [{ ListenerArn: `${lbArn}/l`, LoadBalancerArn: lbArn, Port: 443, Protocol: 'HTTPS', DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }] });
  e.document('alb-tgs', { TargetGroups: [{ TargetGroupArn: tg, TargetGroupName: 'shop-ip', Protocol: 'HTTP', Port: 8080, VpcId: vpc, TargetType: 'ip', LoadBalancerArns: [lbArn] }] });
  e.document('alb-health', { TargetGroupArn: tg, TargetHealthDescriptions: [{ Target: { Id: '10.0.1.10', Port: 8080 } }] });
  return { e, app, other };
}

test(
  "ALB ip target: the address is the interface in the target group's VPC, not an overlapping VPC's (found by the differential test)",
  async () => {
    const { e, app, other } = overlappingVpcsEstate();
    const result = await e.assess();
    const q = { reachabilityType: 'Internet', protocol: 'tcp', port: 8080, viaType: 'ALB' } as const;
    const internet = AddressSet.all(4).subtract(AddressSet.fromCidrs(4, ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']));
    assert.ok(sourcesAt(result, { ...q, instanceId: app.instanceId }).equals(internet), 'the ALB reaches its own VPC\'s 10.0.1.10');
    assert.ok(sourcesAt(result, { ...q, instanceId: other.instanceId }).isEmpty(), 'the ALB does not reach the other VPC\'s 10.0.1.10');
  },
);
