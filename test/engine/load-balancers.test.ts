import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSnapshot } from '../../src/snapshot/index.js';
import { assessNetwork, DEFAULT_EPHEMERAL_PORTS } from '../../src/engine/index.js';
import { ALLOW_ALL_NACL, INTERNET_V4, OWNER, RawEstate, cidrsAt, sourcesAt, type NaclRule } from '../support/raw-estate.js';
import { lbEstate } from '../support/query-estates.js';
import { ask, askNetwork } from '../support/ask.js';
import { QueryError } from '../../src/engine/query/index.js';
import { asOtherAccount, copyAsOtherAccount } from '../support/other-account.js';
import { scratch } from '../support/scratch.js';

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012';

/** VPC with public subnets a/b (IGW route) and a private subnet; returns ids. */
function baseEstate(privateNacl: readonly NaclRule[] = ALLOW_ALL_NACL) {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const igw = e.internetGateway(vpc);
  const publicA = e.subnet(vpc, '10.0.1.0/24', { az: 'us-east-1a' });
  const publicB = e.subnet(vpc, '10.0.2.0/24', { az: 'us-east-1b' });
  const privateA = e.subnet(vpc, '10.0.11.0/24', { az: 'us-east-1a' });
  e.routeTable(vpc, { subnets: [publicA, publicB], routes: [{ dest: '0.0.0.0/0', gateway: igw }] });
  e.routeTable(vpc, { main: true, routes: [] });
  e.nacl(vpc, { subnets: [publicA, publicB], entries: ALLOW_ALL_NACL, isDefault: true });
  e.nacl(vpc, { subnets: [privateA], entries: privateNacl });
  return { e, vpc, igw, publicA, publicB, privateA };
}

test('classic ELB: the internet reaches the instance port behind the listener, and only that', async () => {
  const { e, vpc, publicA, publicB, privateA } = baseEstate();
  const elbGroup = e.securityGroup(vpc, 'elb', [{ protocol: 'tcp', from: 80, to: 80, cidrs: ['0.0.0.0/0'] }, { protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }]);
  const webGroup = e.securityGroup(vpc, 'web', [{ protocol: 'tcp', from: 8080, to: 8080, groups: [elbGroup] }, { protocol: 'tcp', from: 22, to: 22, groups: [elbGroup] }]);
  const web = e.instance(privateA, { groups: [webGroup], privateIp: '10.0.11.10' });
  e.document('elb', {
    LoadBalancerDescriptions: [
      {
        LoadBalancerName: 'front',
        DNSName: 'front-1.us-east-1.elb.amazonaws.com',
        Scheme: 'internet-facing',
        VPCId: vpc,
        Subnets: [publicA, publicB],
        SecurityGroups: [elbGroup],
        ListenerDescriptions: [{ Listener: { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 8080 }, PolicyNames: [] }],
        Instances: [{ InstanceId: web.instanceId }],
        AvailabilityZones: ['us-east-1a', 'us-east-1b'],
      },
    ],
  });
  const result = await e.assess();
  const q = { instanceId: web.instanceId, reachabilityType: 'Internet', protocol: 'tcp' } as const;
  assert.ok(sourcesAt(result, { ...q, port: 8080 }).equals(INTERNET_V4));
  assert.ok(sourcesAt(result, { ...q, port: 22 }).isEmpty());
  assert.ok(sourcesAt(result, { ...q, port: 80 }).isEmpty());
  const reach = result.reachabilities.find((r) => r.instanceId === web.instanceId)!;
  assert.deepEqual(reach.via, { type: 'CLB', id: 'front', listenerPort: 80 });
  assert.deepEqual(reach.destinationAddresses, ['10.0.11.10']);
  const types = reach.cells[0]!.networkPath.map((s) => s.componentType);
  assert.equal(types[0], 'AWS::EC2::InternetGateway');
  assert.ok(types.includes('AWS::ElasticLoadBalancing::LoadBalancer'));
  assert.equal(types[types.length - 1], 'AWS::EC2::Instance');
});

test('classic ELBs of one name in two accounts are two load balancers, each with its own instances and listeners', async (t) => {
  // Account 111111111111: internet-facing "web", HTTP 80 -> 8080. Account 222222222222: the same
  // estate under other ids, its "web" internal, TCP 22 -> 22. A classic ELB's name is unique only
  // per account and region, so neither may lend the other its instances, subnets or listeners.
  const { e, vpc, publicA, publicB, privateA } = baseEstate();
  const elbGroup = e.securityGroup(vpc, 'elb', [{ protocol: 'tcp', from: 80, to: 80, cidrs: ['0.0.0.0/0'] }, { protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }]);
  const webGroup = e.securityGroup(vpc, 'web', [{ protocol: 'tcp', from: 8080, to: 8080, groups: [elbGroup] }, { protocol: 'tcp', from: 22, to: 22, groups: [elbGroup] }]);
  const web = e.instance(privateA, { groups: [webGroup], privateIp: '10.0.11.10' });
  const elb = (scheme: string, port: number, instancePort: number, ids: (id: string) => string) => ({
    LoadBalancerDescriptions: [
      {
        LoadBalancerName: 'web',
        Scheme: scheme,
        VPCId: ids(vpc),
        Subnets: [ids(publicA), ids(publicB)],
        SecurityGroups: [ids(elbGroup)],
        ListenerDescriptions: [{ Listener: { Protocol: 'TCP', LoadBalancerPort: port, InstanceProtocol: 'TCP', InstancePort: instancePort }, PolicyNames: [] }],
        Instances: [{ InstanceId: ids(web.instanceId) }],
      },
    ],
  });
  const other = (text: string): string => asOtherAccount(text, OWNER, '222222222222');
  const dir = scratch(t, 'two-accounts');
  const first = join(dir, '111111111111', 'us-east-1');
  const second = join(dir, '222222222222', 'us-east-1');
  e.write(first);
  copyAsOtherAccount(first, second, OWNER, '222222222222');
  writeFileSync(join(first, 'elb.json'), JSON.stringify(elb('internet-facing', 80, 8080, (id) => id)));
  writeFileSync(join(second, 'elb.json'), JSON.stringify(elb('internal', 22, 22, other)));
  const { network } = await loadSnapshot(dir, { lenient: false });
  const arnA = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/web';
  const arnB = 'arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer/web';
  assert.deepEqual([...network.loadBalancers.keys()], [arnA, arnB]);
  const [a, b] = [network.loadBalancers.get(arnA)!, network.loadBalancers.get(arnB)!];
  assert.deepEqual([a.name, a.scheme, a.instanceIds, a.subnetIds, a.listeners?.map((l) => l.port)], ['web', 'internet-facing', [web.instanceId], [publicA, publicB].sort(), [80]]);
  assert.deepEqual([b.name, b.scheme, b.instanceIds, b.subnetIds, b.listeners?.map((l) => l.port)], ['web', 'internal', [other(web.instanceId)], [other(publicA), other(publicB)].sort(), [22]]);
  const result = assessNetwork(network, { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null });
  const q = { reachabilityType: 'Internet', protocol: 'tcp', port: 8080 } as const;
  assert.ok(sourcesAt(result, { ...q, instanceId: web.instanceId }).equals(INTERNET_V4));
  assert.deepEqual(result.reachabilities.filter((r) => r.instanceId === web.instanceId).map((r) => r.via), [{ type: 'CLB', id: arnA, listenerPort: 80 }]);
  // The internal "web" takes no internet clients, and the estate has no other senders.
  assert.deepEqual(result.reachabilities.filter((r) => r.instanceId === other(web.instanceId)), []);
  // A point query names one of them by its ARN; the bare name is ambiguous and says so.
  assert.equal(askNetwork(network, { from: '8.8.8.8', to: arnA, port: 80 }).verdict, 'reachable');
  assert.equal(askNetwork(network, { from: '8.8.8.8', to: arnB, port: 22 }).verdict, 'blocked');
  assert.throws(
    () => askNetwork(network, { from: '8.8.8.8', to: 'web', port: 80 }),
    (error: unknown) => error instanceof QueryError && error.message === `load balancer name web is held by 2 load balancers; name one by its ARN: ${arnA}, ${arnB}`,
  );
});

test('classic ELB: the target subnet NACL applies to the nodes, and a group not admitting the nodes blocks', async () => {
  const denyNodes: NaclRule[] = [
    { rule: 50, protocol: '-1', action: 'deny', cidr: '10.0.0.0/16' },
    { rule: 100, protocol: '-1', cidr: '0.0.0.0/0' },
    { rule: 100, egress: true, protocol: '-1', cidr: '0.0.0.0/0' },
  ];
  const { e, vpc, publicA, privateA } = baseEstate(denyNodes);
  const elbGroup = e.securityGroup(vpc, 'elb', [{ protocol: 'tcp', from: 80, to: 80, cidrs: ['0.0.0.0/0'] }]);
  const webGroup = e.securityGroup(vpc, 'web', [{ protocol: 'tcp', from: 80, to: 80, cidrs: ['0.0.0.0/0'] }]);
  const web = e.instance(privateA, { groups: [webGroup], privateIp: '10.0.11.10' });
  e.document('elb', {
    LoadBalancerDescriptions: [
      { LoadBalancerName: 'front', Scheme: 'internet-facing', VPCId: vpc, Subnets: [publicA], SecurityGroups: [elbGroup], ListenerDescriptions: [{ Listener: { Protocol: 'TCP', LoadBalancerPort: 80, InstanceProtocol: 'TCP', InstancePort: 80 } }], Instances: [{ InstanceId: web.instanceId }] },
    ],
  });
  const result = await e.assess();
  assert.ok(sourcesAt(result, { instanceId: web.instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 80 }).isEmpty());
});

function albEstate(opts: { scheme?: 'internet-facing' | 'internal'; withHealth?: boolean } = {}) {
  const { e, vpc, publicA, publicB, privateA } = baseEstate();
  const albGroup = e.securityGroup(vpc, 'alb', [{ protocol: 'tcp', from: 443, to: 443, cidrs: ['0.0.0.0/0'] }]);
  const appGroup = e.securityGroup(vpc, 'app', [{ protocol: 'tcp', from: 8000, to: 8001, groups: [albGroup] }]);
  const app = e.instance(privateA, { groups: [appGroup], privateIp: '10.0.11.20' });
  const lbArn = `${ARN}:loadbalancer/app/shop/0123456789abcdef`;
  const tgDefault = `${ARN}:targetgroup/shop-web/1111111111111111`;
  const tgApi = `${ARN}:targetgroup/shop-api/2222222222222222`;
  e.document('elbv2-lbs', {
    LoadBalancers: [
      {
        LoadBalancerArn: lbArn,
        LoadBalancerName: 'shop',
        DNSName: 'shop-1.us-east-1.elb.amazonaws.com',
        Scheme: opts.scheme ?? 'internet-facing',
        VpcId: vpc,
        State: { Code: 'active' },
        Type: 'application',
        AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: publicA }, { ZoneName: 'us-east-1b', SubnetId: publicB }],
        SecurityGroups: [albGroup],
        IpAddressType: 'ipv4',
      },
    ],
  });
  const listenerArn = `${ARN}:listener/app/shop/0123456789abcdef/3333333333333333`;
  e.document('elbv2-listeners', {
    Listeners: [{ ListenerArn: listenerArn, LoadBalancerArn: lbArn, Port: 443, Protocol: 'HTTPS', DefaultActions: [{ Type: 'forward', TargetGroupArn: tgDefault }] }],
  });
  e.document('elbv2-rules', {
    Rules: [
      { RuleArn: `${listenerArn}/rule1`, ListenerArn: listenerArn, Priority: '10', Conditions: [], Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgApi, Weight: 1 }] } }], IsDefault: false },
      { RuleArn: `${listenerArn}/rule2`, ListenerArn: listenerArn, Priority: '20', Conditions: [], Actions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }], IsDefault: false },
    ],
  });
  e.document('elbv2-tgs', {
    TargetGroups: [
      { TargetGroupArn: tgDefault, TargetGroupName: 'shop-web', Protocol: 'HTTP', Port: 8000, VpcId: vpc, TargetType: 'instance', LoadBalancerArns: [lbArn] },
      { TargetGroupArn: tgApi, TargetGroupName: 'shop-api', Protocol: 'HTTP', Port: 9000, VpcId: vpc, TargetType: 'instance', LoadBalancerArns: [lbArn] },
    ],
  });
  if (opts.withHealth !== false) {
    e.document('health-web', { TargetGroupArn: tgDefault, TargetHealthDescriptions: [{ Target: { Id: app.instanceId, Port: 8000 }, TargetHealth: { State: 'healthy' } }] });
    e.document('health-api', { TargetGroupArn: tgApi, TargetHealthDescriptions: [{ Target: { Id: app.instanceId, Port: 8001 }, TargetHealth: { State: 'unhealthy' } }] });
  }
  return { e, app, lbArn, tgApi };
}

test('ALB: listener default action and rules forward to each registered target at its port', async () => {
  const { e, app, lbArn } = albEstate();
  const result = await e.assess();
  const q = { instanceId: app.instanceId, reachabilityType: 'Internet', protocol: 'tcp' } as const;
  assert.ok(sourcesAt(result, { ...q, port: 8000 }).equals(INTERNET_V4));
  assert.ok(sourcesAt(result, { ...q, port: 8001 }).equals(INTERNET_V4), 'target health is ignored; the port override counts');
  assert.ok(sourcesAt(result, { ...q, port: 9000 }).isEmpty());
  assert.ok(sourcesAt(result, { ...q, port: 443 }).isEmpty());
  const reach = result.reachabilities.filter((r) => r.instanceId === app.instanceId);
  assert.deepEqual(reach.map((r) => r.via), [{ type: 'ALB', id: lbArn, listenerPort: 443 }]);
});

test('ALB: an internal load balancer takes no internet traffic', async () => {
  const { e } = albEstate({ scheme: 'internal' });
  assert.equal((await e.assess()).reachabilities.length, 0);
});

test('ALB: target groups without collected targets are a coverage gap', async () => {
  const { e, tgApi } = albEstate({ withHealth: false });
  const result = await e.assess();
  assert.equal(result.reachabilities.length, 0);
  assert.ok(result.coverage.some((c) => c.resourceId === tgApi && /not collected/.test(c.reason)));
});

function nlbEstate(opts: { preserve?: boolean; targetType?: 'instance' | 'ip'; targetIp?: string; appCidrs: readonly string[]; withEnis?: boolean; protocol?: string }) {
  const { e, vpc, publicA, privateA } = baseEstate();
  const protocol = opts.protocol ?? 'TCP';
  const appGroup = e.securityGroup(vpc, 'app', (['tcp', 'udp'] as const).map((p) => ({ protocol: p, from: 5000, to: 5000, cidrs: opts.appCidrs })));
  const app = e.instance(privateA, { groups: [appGroup], privateIp: '10.0.11.30' });
  const lbArn = `${ARN}:loadbalancer/net/edge/0123456789abcdef`;
  const tg = `${ARN}:targetgroup/edge/4444444444444444`;
  e.document('nlb', {
    LoadBalancers: [{ LoadBalancerArn: lbArn, LoadBalancerName: 'edge', Scheme: 'internet-facing', VpcId: vpc, Type: 'network', State: { Code: 'active' }, AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: publicA }] }],
  });
  e.document('nlb-listeners', { Listeners: [{ ListenerArn: `${lbArn}/l`, LoadBalancerArn: lbArn, Port: 443, Protocol: protocol, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }] });
  const targetType = opts.targetType ?? 'instance';
  e.document('nlb-tgs', { TargetGroups: [{ TargetGroupArn: tg, TargetGroupName: 'edge', Protocol: protocol, Port: 5000, VpcId: vpc, TargetType: targetType, LoadBalancerArns: [lbArn] }] });
  e.document('nlb-health', { TargetGroupArn: tg, TargetHealthDescriptions: [{ Target: { Id: targetType === 'ip' ? (opts.targetIp ?? '10.0.11.30') : app.instanceId, Port: 5000 } }] });
  if (opts.preserve !== undefined) {
    e.document('nlb-tg-attrs', { TargetGroupArn: tg, Attributes: [{ Key: 'preserve_client_ip.enabled', Value: String(opts.preserve) }] });
  }
  if (opts.withEnis === true) {
    const eni = { NetworkInterfaceId: 'eni-0nlb00000000000a1', SubnetId: publicA, VpcId: vpc, Description: 'ELB net/edge/0123456789abcdef', InterfaceType: 'network_load_balancer', RequesterManaged: true, Status: 'in-use', OwnerId: OWNER, PrivateIpAddress: '10.0.1.77', PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.0.1.77' }], Groups: [], Ipv6Addresses: [] };
    e.document('nlb-enis', { NetworkInterfaces: [eni] });
  }
  return { e, app };
}

test('NLB with client IP preservation: the target group judges the client address', async () => {
  const open = nlbEstate({ appCidrs: ['0.0.0.0/0'] });
  const result = await open.e.assess();
  assert.ok(sourcesAt(result, { instanceId: open.app.instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 5000, viaType: 'NLB' }).equals(INTERNET_V4));
  const vpcOnly = nlbEstate({ appCidrs: ['10.0.0.0/16'] });
  assert.equal((await vpcOnly.e.assess()).reachabilities.length, 0, 'the VPC CIDR does not admit preserved internet clients');
  const partners = nlbEstate({ appCidrs: ['198.51.100.0/24'] });
  assert.deepEqual(cidrsAt(await partners.e.assess(), { instanceId: partners.app.instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 5000 }), ['198.51.100.0/24']);
});

test('NLB without client IP preservation: the nodes are the senders, at their ENI addresses when known', async () => {
  const off = nlbEstate({ preserve: false, appCidrs: ['10.0.1.0/24'] });
  assert.ok(sourcesAt(await off.e.assess(), { instanceId: off.app.instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 5000 }).equals(INTERNET_V4));
  const ipTargets = nlbEstate({ targetType: 'ip', appCidrs: ['10.0.1.77/32'], withEnis: true });
  assert.ok(sourcesAt(await ipTargets.e.assess(), { instanceId: ipTargets.app.instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 5000 }).equals(INTERNET_V4));
  const wrongNode = nlbEstate({ targetType: 'ip', appCidrs: ['10.0.1.4/32'], withEnis: true });
  assert.equal((await wrongNode.e.assess()).reachabilities.length, 0, 'with the ENI known, subnet+4 is not a node');
});

test('an ip target outside the VPC (a peered VPC, on premises) is a coverage gap, not silently dropped', async () => {
  const outside = nlbEstate({ targetType: 'ip', targetIp: '10.1.0.10', appCidrs: ['0.0.0.0/0'] });
  const result = await outside.e.assess();
  assert.equal(result.reachabilities.length, 0);
  assert.ok(result.coverage.some((c) => c.resourceType === 'AWS::ElasticLoadBalancingV2::TargetGroup' && /ip target 10\.1\.0\.10 is not the address of an interface in vpc-/.test(c.reason)), JSON.stringify(result.coverage));
  const inside = nlbEstate({ targetType: 'ip', appCidrs: ['0.0.0.0/0'] });
  const found = await inside.e.assess();
  assert.ok(found.reachabilities.length > 0);
  assert.ok(!found.coverage.some((c) => /ip target/.test(c.reason)));
});

test('NLB: QUIC is UDP and TCP_QUIC both; UDP, TCP_UDP, QUIC and TCP_QUIC groups keep the client address even when the attribute says off', async () => {
  const transports = async (protocol: string, preserve?: boolean) => {
    const est = nlbEstate({ targetType: 'ip', protocol, appCidrs: ['0.0.0.0/0'], ...(preserve === undefined ? {} : { preserve }) });
    const result = await est.e.assess();
    return [...new Set(result.reachabilities.flatMap((r) => r.cells.map((c) => c.protocol)))].sort();
  };
  assert.deepEqual(await transports('QUIC'), ['udp']);
  assert.deepEqual(await transports('TCP_QUIC'), ['tcp', 'udp']);
  assert.deepEqual(await transports('TCP'), ['tcp']);
  for (const protocol of ['UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC']) {
    // Open only to the VPC: preserved internet clients are not admitted, the nodes would be.
    const est = nlbEstate({ targetType: 'ip', protocol, preserve: false, appCidrs: ['10.0.0.0/16'] });
    assert.equal((await est.e.assess()).reachabilities.length, 0, `${protocol}: client address kept`);
  }
  const tcpOff = nlbEstate({ targetType: 'ip', protocol: 'TCP', appCidrs: ['10.0.0.0/16'] });
  assert.ok((await tcpOff.e.assess()).reachabilities.length > 0, 'TCP ip targets: the nodes are the senders');
});

/** The ALB estate's documents, to bend in a test. */
function albDocument(e: RawEstate, name: string): Record<string, unknown> {
  return (e as unknown as { extra: Record<string, Record<string, unknown>> }).extra[name]!;
}

test('ALB: a target group of weight 0 in a forward gets no traffic', async () => {
  const { e, app, tgApi } = albEstate();
  const rules = albDocument(e, 'elbv2-rules')['Rules'] as Record<string, unknown>[];
  const tgWeb = `${ARN}:targetgroup/shop-web/1111111111111111`;
  rules[0]!['Actions'] = [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgWeb, Weight: 5 }, { TargetGroupArn: tgApi, Weight: 0 }] } }];
  const q = { instanceId: app.instanceId, reachabilityType: 'Internet', protocol: 'tcp' } as const;
  const result = await e.assess();
  assert.ok(sourcesAt(result, { ...q, port: 8000 }).equals(INTERNET_V4));
  assert.ok(sourcesAt(result, { ...q, port: 8001 }).isEmpty(), 'the weight-0 group forwards nothing');
  rules[0]!['Actions'] = [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgWeb, Weight: 5 }, { TargetGroupArn: tgApi, Weight: 1 }] } }];
  assert.ok(sourcesAt(await e.assess(), { ...q, port: 8001 }).equals(INTERNET_V4), 'a weight above 0 forwards');
});

test('ALB: dualstack-without-public-ipv4 takes no IPv4 internet clients; a dual-stack front is named in the coverage', async () => {
  const { e, app, lbArn } = albEstate();
  const lb = (albDocument(e, 'elbv2-lbs')['LoadBalancers'] as Record<string, unknown>[])[0]!;
  lb['IpAddressType'] = 'dualstack-without-public-ipv4';
  const result = await e.assess();
  assert.equal(result.reachabilities.filter((r) => r.instanceId === app.instanceId).length, 0);
  assert.ok(result.coverage.some((c) => c.resourceId === lbArn && /its IPv6 front \(IpAddressType dualstack-without-public-ipv4\) is not analysed/.test(c.reason)), JSON.stringify(result.coverage));
  lb['IpAddressType'] = 'dualstack';
  const dual = await e.assess();
  assert.ok(sourcesAt(dual, { instanceId: app.instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 8000 }).equals(INTERNET_V4));
  assert.ok(dual.coverage.some((c) => c.resourceId === lbArn && /IpAddressType dualstack\)/.test(c.reason)));
});

test('ALB: lambda targets and ip targets that are no instance\'s interface are named in the coverage, not dropped silently', async () => {
  const { e, tgApi } = albEstate();
  const groups = albDocument(e, 'elbv2-tgs')['TargetGroups'] as Record<string, unknown>[];
  groups[1]!['TargetType'] = 'lambda';
  albDocument(e, 'health-api')['TargetHealthDescriptions'] = [{ Target: { Id: 'arn:aws:lambda:us-east-1:123456789012:function:api' } }];
  const lambda = await e.assess();
  assert.ok(lambda.coverage.some((c) => c.resourceId === tgApi && /its targets are of type lambda, which are not followed/.test(c.reason)), JSON.stringify(lambda.coverage));
  // An ip target that is an interface with no instance (another load balancer's node).
  groups[1]!['TargetType'] = 'ip';
  const subnet = e.files['Subnets']![2]!['SubnetId'] as string;
  e.files['NetworkInterfaces'] = [{ NetworkInterfaceId: 'eni-0othernode000000', SubnetId: subnet, VpcId: e.files['Vpcs']![0]!['VpcId'], PrivateIpAddress: '10.0.11.99', PrivateIpAddresses: [{ PrivateIpAddress: '10.0.11.99', Primary: true }], Groups: [], InterfaceType: 'interface', Description: 'ELB app/inner/0123' }];
  albDocument(e, 'health-api')['TargetHealthDescriptions'] = [{ Target: { Id: '10.0.11.99', Port: 8001 } }];
  const ip = await e.assess();
  assert.ok(ip.coverage.some((c) => c.resourceId === tgApi && /ip target 10\.0\.11\.99 is interface eni-0othernode000000, which belongs to no instance/.test(c.reason)), JSON.stringify(ip.coverage));
});

test('a node placed at a subnet\'s address + 4 is a member of its own load balancer\'s groups only, not of whatever shares that address', async () => {
  const { e, target, app } = lbEstate({ classic: true });
  const vpc = (e.files['Vpcs']![0] as { VpcId: string }).VpcId;
  const subnet = (e.files['Subnets']![0] as { SubnetId: string }).SubnetId;
  // An internal ALB in the same subnet, also without node interfaces: its node sits at the same address.
  const albGroup = e.securityGroup(vpc, 'alb', []);
  const alb = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/other/0123456789abcdef';
  e.document('alb', { LoadBalancers: [{ LoadBalancerArn: alb, LoadBalancerName: 'other', Scheme: 'internal', VpcId: vpc, Type: 'application', SecurityGroups: [albGroup], State: { Code: 'active' }, AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: subnet }] }] });
  // The target admits port 8080 from the ALB's group only; the classic ELB in front of it is not in it.
  const group = (e.files['SecurityGroups'] as { GroupId: string; IpPermissions: unknown[] }[]).find((g) => g.GroupId === app)!;
  group.IpPermissions = [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: albGroup, UserId: '123456789012' }] }];
  const result = await e.assess();
  assert.deepEqual(result.reachabilities.filter((r) => r.instanceId === target.instanceId).map((r) => r.via), []);
  assert.equal((await ask(e, { from: '8.8.8.8', to: target.instanceId, port: 8080 })).verdict, 'blocked');
  // The classic ELB's own group admitted instead: reachable through it.
  const lbGroupId = (e.files['SecurityGroups'] as { GroupId: string; GroupName: string }[]).find((g) => g.GroupName === 'lb')!.GroupId;
  (group.IpPermissions[0] as { UserIdGroupPairs: { GroupId: string }[] }).UserIdGroupPairs = [{ GroupId: lbGroupId }];
  assert.deepEqual((await e.assess()).reachabilities.filter((r) => r.instanceId === target.instanceId).map((r) => r.via), [{ type: 'CLB', id: 'front', listenerPort: 80 }]);
});

test('the targets of one listener share their clients: one source set, so one list of CIDRs for all their findings', async () => {
  const { e, vpc, publicA, publicB, privateA } = baseEstate();
  // Clients from many ranges, as a partner allow-list or a prefix list of hundreds of entries gives them.
  const partners = Array.from({ length: 40 }, (_, i) => `198.51.${i}.0/24`);
  const albGroup = e.securityGroup(vpc, 'alb', [{ protocol: 'tcp', from: 443, to: 443, cidrs: partners }]);
  const appGroup = e.securityGroup(vpc, 'app', [{ protocol: 'tcp', from: 8080, to: 8080, groups: [albGroup] }]);
  const apps = [30, 31, 32, 33].map((host) => e.instance(privateA, { groups: [appGroup], privateIp: `10.0.11.${host}` }));
  const lbArn = `${ARN}:loadbalancer/app/partners/0123456789abcdef`;
  const tg = `${ARN}:targetgroup/partners/5555555555555555`;
  e.document('alb', {
    LoadBalancers: [{ LoadBalancerArn: lbArn, LoadBalancerName: 'partners', Scheme: 'internet-facing', VpcId: vpc, Type: 'application', State: { Code: 'active' }, SecurityGroups: [albGroup], AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: publicA }, { ZoneName: 'us-east-1b', SubnetId: publicB }] }],
  });
  e.document('alb-listeners', { Listeners: [{ ListenerArn: `${lbArn}/l`, LoadBalancerArn: lbArn, Port: 443, Protocol: 'HTTPS', DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }] });
  e.document('alb-tgs', { TargetGroups: [{ TargetGroupArn: tg, TargetGroupName: 'partners', Protocol: 'HTTP', Port: 8080, VpcId: vpc, TargetType: 'instance', LoadBalancerArns: [lbArn] }] });
  e.document('alb-health', { TargetGroupArn: tg, TargetHealthDescriptions: apps.map((app) => ({ Target: { Id: app.instanceId, Port: 8080 } })) });
  const result = await e.assess();
  const cells = apps.map((app) => {
    const reach = result.reachabilities.filter((r) => r.instanceId === app.instanceId);
    assert.equal(reach.length, 1);
    assert.equal(reach[0]!.cells.length, 1);
    return reach[0]!.cells[0]!;
  });
  assert.deepEqual(cells[0]!.sources.toCidrs(), ['198.51.0.0/19', '198.51.32.0/21']);
  // Both nodes forward every pooled client to every target: the same set, not an equal copy per target
  // (with hundreds of targets and thousands of CIDRs, copies were gigabytes of findings).
  for (const cell of cells) {
    assert.equal(cell.sources, cells[0]!.sources);
    assert.equal(cell.groups[0]!.sources, cells[0]!.sources);
  }
});
