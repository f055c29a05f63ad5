// Small estates for point-query tests, as raw AWS JSON: a NAT gateway, a peering, a VPN gateway,
// a load balancer in front of one instance, a public subnet behind a firewall appliance.
import { ALLOW_ALL_NACL, RawEstate, type RouteSpec } from './raw-estate.js';

const SSH = [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }] as const;

export function natEstate(opts: { natSubnetRoute?: boolean; natPublic?: boolean } = {}) {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const igw = e.internetGateway(vpc);
  const pub = e.subnet(vpc, '10.0.0.0/24');
  const priv = e.subnet(vpc, '10.0.1.0/24');
  const nat = e.natGateway(vpc, pub, '10.0.0.9', opts.natPublic === false ? null : '3.3.3.3');
  e.routeTable(vpc, { subnets: [pub], routes: opts.natSubnetRoute === false ? [] : [{ dest: '0.0.0.0/0', gateway: igw }] });
  e.routeTable(vpc, { subnets: [priv], routes: [{ dest: '0.0.0.0/0', nat }] });
  e.nacl(vpc, { subnets: [pub, priv], entries: ALLOW_ALL_NACL, isDefault: true });
  const sg = e.securityGroup(vpc, 'app', []);
  const app = e.instance(priv, { groups: [sg], privateIp: '10.0.1.5' });
  return { e, vpc, igw, nat, app };
}

export function peeredEstate(status = 'active', backRoute = true) {
  const e = new RawEstate();
  const a = e.vpc('10.1.0.0/16');
  const b = e.vpc('10.2.0.0/16');
  const sa = e.subnet(a, '10.1.1.0/24');
  const sb = e.subnet(b, '10.2.1.0/24');
  const pcx = e.peering(a, '10.1.0.0/16', b, '10.2.0.0/16', status);
  const rtbA = e.routeTable(a, { subnets: [sa], routes: [{ dest: '10.2.0.0/16', pcx }] });
  const rtbB = e.routeTable(b, { subnets: [sb], routes: backRoute ? [{ dest: '10.1.0.0/16', pcx }] : [] });
  e.nacl(a, { subnets: [sa], entries: ALLOW_ALL_NACL, isDefault: true });
  e.nacl(b, { subnets: [sb], entries: ALLOW_ALL_NACL, isDefault: true });
  const sgA = e.securityGroup(a, 'a', []);
  const sgB = e.securityGroup(b, 'b', [{ protocol: 'tcp', from: 22, to: 22, groups: [sgA] }]);
  const ia = e.instance(sa, { groups: [sgA], privateIp: '10.1.1.5' });
  const ib = e.instance(sb, { groups: [sgB], privateIp: '10.2.1.5' });
  return { e, pcx, rtbA, rtbB, ia, ib, sgB };
}

export function vgwEstate(connection: 'available' | 'deleted') {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const subnet = e.subnet(vpc, '10.0.1.0/24');
  const vgw = e.vpnGateway(vpc, { connection });
  const vpn = e.files['VpnConnections']![0];
  if (vpn !== undefined) Object.assign(vpn, { Options: { StaticRoutesOnly: true }, Routes: [{ DestinationCidrBlock: '192.168.0.0/16', State: 'available' }] });
  e.routeTable(vpc, { subnets: [subnet], routes: [{ dest: '0.0.0.0/0', gateway: vgw }] });
  e.nacl(vpc, { subnets: [subnet], entries: ALLOW_ALL_NACL, isDefault: true });
  const sg = e.securityGroup(vpc, 'ssh', SSH);
  const app = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.5' });
  return { e, vgw, app };
}

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012';

export function lbEstate(opts: { scheme?: 'internet-facing' | 'internal'; targets?: 'registered' | 'none'; classic?: boolean } = {}) {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const igw = e.internetGateway(vpc);
  const front = e.subnet(vpc, '10.0.1.0/24');
  const back = e.subnet(vpc, '10.0.2.0/24');
  e.routeTable(vpc, { subnets: [front, back], routes: [{ dest: '0.0.0.0/0', gateway: igw }] });
  e.nacl(vpc, { subnets: [front, back], entries: ALLOW_ALL_NACL, isDefault: true });
  const lbGroup = e.securityGroup(vpc, 'lb', [{ protocol: 'tcp', from: 80, to: 80, cidrs: ['0.0.0.0/0'] }]);
  const app = e.securityGroup(vpc, 'app', [{ protocol: 'tcp', from: 8080, to: 8080, cidrs: ['0.0.0.0/0'] }]);
  const target = e.instance(back, { groups: [app], privateIp: '10.0.2.50' });
  const scheme = opts.scheme ?? 'internet-facing';
  const lbArn = `${ARN}:loadbalancer/net/front/0123456789abcdef`;
  const tg = `${ARN}:targetgroup/front/5555555555555555`;
  if (opts.classic === true) {
    e.document('elb', { LoadBalancerDescriptions: [{ LoadBalancerName: 'front', Scheme: scheme, VPCId: vpc, Subnets: [front], SecurityGroups: [lbGroup], ListenerDescriptions: [{ Listener: { Protocol: 'TCP', LoadBalancerPort: 80, InstanceProtocol: 'TCP', InstancePort: 8080 } }], Instances: [{ InstanceId: target.instanceId }] }] });
  } else {
    e.document('nlb', { LoadBalancers: [{ LoadBalancerArn: lbArn, LoadBalancerName: 'front', Scheme: scheme, VpcId: vpc, Type: 'network', State: { Code: 'active' }, AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: front }] }] });
    e.document('nlb-listeners', { Listeners: [{ ListenerArn: `${lbArn}/l`, LoadBalancerArn: lbArn, Port: 80, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }] });
    e.document('nlb-tgs', { TargetGroups: [{ TargetGroupArn: tg, TargetGroupName: 'front', Protocol: 'TCP', Port: 8080, VpcId: vpc, TargetType: 'instance', LoadBalancerArns: [lbArn] }] });
    e.document('nlb-health', { TargetGroupArn: tg, TargetHealthDescriptions: opts.targets === 'none' ? [] : [{ Target: { Id: target.instanceId, Port: 8080 } }] });
  }
  return { e, lbArn, tg, target, lbGroup, app };
}

/**
 * AWS Network Firewall's (and any Gateway Load Balancer appliance's) architecture for a public
 * subnet: the internet gateway's edge table sends what comes in to the endpoint, the subnet's
 * default route sends replies to it, and the endpoint's own subnet routes them to the gateway. The
 * same with a firewall instance's interface instead of an endpoint (before Gateway Load Balancers).
 */
export function firewalledSubnet(opts: { appliance: 'endpoint' | 'undescribed endpoint' | 'interface'; ingress?: boolean; firewallRoute?: RouteSpec[] }) {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const igw = e.internetGateway(vpc);
  const web = e.subnet(vpc, '10.0.1.0/24');
  const firewall = e.subnet(vpc, '10.0.100.0/28');
  const sg = e.securityGroup(vpc, 'web', [{ protocol: 'tcp', from: 443, to: 443, cidrs: ['0.0.0.0/0'] }]);
  const appliance =
    opts.appliance === 'endpoint'
      ? e.gatewayLoadBalancerEndpoint(vpc, firewall)
      : opts.appliance === 'interface'
        ? e.instance(firewall, { groups: [sg], privateIp: '10.0.100.5' }).eniId
        : 'vpce-0f1f2f3f4f5f6f7f8';
  const toAppliance = (dest: string): RouteSpec => (opts.appliance === 'interface' ? { dest, eni: appliance } : { dest, gateway: appliance });
  const webTable = e.routeTable(vpc, { subnets: [web], routes: [toAppliance('0.0.0.0/0')] });
  const firewallTable = e.routeTable(vpc, { subnets: [firewall], routes: opts.firewallRoute ?? [{ dest: '0.0.0.0/0', gateway: igw }] });
  if (opts.ingress !== false) e.routeTable(vpc, { gateways: [igw], routes: [toAppliance('10.0.1.0/24')] });
  e.routeTable(vpc, { main: true, routes: [] });
  e.nacl(vpc, { subnets: [web, firewall], entries: ALLOW_ALL_NACL, isDefault: true });
  const { instanceId } = e.instance(web, { groups: [sg], privateIp: '10.0.1.10', publicIp: '54.1.2.3' });
  return { e, igw, appliance, webTable, firewallTable, instanceId };
}
