// A VPC's load balancers: an internet-facing ALB in front of web and app hosts, an internal ALB,
// an internet-facing NLB to app hosts on 8443 and (every other VPC) a classic ELB, written in the
// per-parent form `netreach collect` writes (listeners per balancer, rules per listener, target
// health and attributes per target group).
import type { InstancePlan } from './instances.js';
import type { SeededRandom } from './random.js';
import type { VpcGroups } from './security-groups.js';
import type { VpcPlan } from './vpc-network.js';

type Json = Record<string, unknown>;

export interface PerParentDocument {
  /** The parent's id or ARN (the file is named after it). */
  readonly parent: string;
  readonly doc: Json;
}

export interface LoadBalancerRecords {
  readonly loadBalancers: Json[];
  readonly classicLoadBalancers: Json[];
  readonly targetGroups: Json[];
  readonly listeners: PerParentDocument[];
  readonly rules: PerParentDocument[];
  readonly targetHealth: PerParentDocument[];
  readonly targetGroupAttributes: PerParentDocument[];
  readonly loadBalancerAttributes: PerParentDocument[];
}

export interface LoadBalancerContext {
  readonly random: SeededRandom;
  readonly owner: string;
  readonly region: string;
  readonly vpc: VpcPlan;
  readonly groups: VpcGroups;
  readonly instances: readonly InstancePlan[];
  readonly count: number;
}

interface Shape {
  readonly type: 'application' | 'network' | 'classic';
  readonly scheme: 'internet-facing' | 'internal';
  readonly port: number;
  readonly targetPort: number;
  readonly roles: readonly string[];
}

const SHAPES: readonly Shape[] = [
  { type: 'application', scheme: 'internet-facing', port: 443, targetPort: 8080, roles: ['web', 'app'] },
  { type: 'application', scheme: 'internal', port: 443, targetPort: 8080, roles: ['app'] },
  { type: 'network', scheme: 'internet-facing', port: 443, targetPort: 8443, roles: ['app'] },
  { type: 'classic', scheme: 'internet-facing', port: 80, targetPort: 80, roles: ['web'] },
];

const TARGETS_PER_GROUP = 12;

function attributes(pairs: Readonly<Record<string, string>>): Json[] {
  return Object.entries(pairs).map(([Key, Value]) => ({ Key, Value }));
}

export function vpcLoadBalancers(ctx: LoadBalancerContext): LoadBalancerRecords {
  const { random, owner, region, vpc } = ctx;
  const out: LoadBalancerRecords = { loadBalancers: [], classicLoadBalancers: [], targetGroups: [], listeners: [], rules: [], targetHealth: [], targetGroupAttributes: [], loadBalancerAttributes: [] };
  const arnPrefix = `arn:aws:elasticloadbalancing:${region}:${owner}`;
  for (let n = 0; n < ctx.count; n++) {
    let shape = SHAPES[n % SHAPES.length];
    if (shape.type === 'classic' && vpc.index % 2 === 1) shape = { ...SHAPES[2], scheme: 'internal' };
    const subnets = vpc.subnets.filter((s) => s.tier === (shape.scheme === 'internet-facing' ? 'public' : 'private'));
    const pool = ctx.instances.filter((i) => shape.roles.includes(i.role));
    const start = pool.length === 0 ? 0 : random.int(0, pool.length - 1);
    const targets = Array.from({ length: Math.min(TARGETS_PER_GROUP, pool.length) }, (_, k) => pool[(start + k) % pool.length]);
    const name = `${shape.type.slice(0, 3)}-${shape.scheme === 'internal' ? 'int' : 'ext'}-${vpc.index}-${n}`;
    const dnsName = `${name}-${random.int(100000000, 999999999)}.${region}.elb.amazonaws.com`;
    if (shape.type === 'classic') {
      out.classicLoadBalancers.push({
        LoadBalancerName: name,
        DNSName: dnsName,
        CanonicalHostedZoneNameID: 'Z35SXDOTRQ7X7K',
        ListenerDescriptions: [{ Listener: { Protocol: 'HTTP', LoadBalancerPort: shape.port, InstanceProtocol: 'HTTP', InstancePort: shape.targetPort }, PolicyNames: [] }],
        Policies: { AppCookieStickinessPolicies: [], LBCookieStickinessPolicies: [], OtherPolicies: [] },
        BackendServerDescriptions: [],
        AvailabilityZones: [...new Set(subnets.map((s) => s.zone))],
        Subnets: subnets.map((s) => s.id),
        VPCId: vpc.id,
        Instances: targets.map((t) => ({ InstanceId: t.id })),
        HealthCheck: { Target: `HTTP:${shape.targetPort}/health`, Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10 },
        SourceSecurityGroup: { OwnerAlias: owner, GroupName: 'elb' },
        SecurityGroups: [ctx.groups.loadBalancer],
        CreatedTime: '2025-03-02T10:00:00.000Z',
        Scheme: shape.scheme,
      });
      continue;
    }
    const kind = shape.type === 'application' ? 'app' : 'net';
    const lbArn = `${arnPrefix}:loadbalancer/${kind}/${name}/${random.hex(16)}`;
    const tgName = `tg-${name}`;
    const tgArn = `${arnPrefix}:targetgroup/${tgName}/${random.hex(16)}`;
    const protocol = shape.type === 'application' ? 'HTTPS' : 'TLS';
    out.loadBalancers.push({
      LoadBalancerArn: lbArn,
      DNSName: dnsName,
      CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      CreatedTime: '2025-03-02T10:00:00.000Z',
      LoadBalancerName: name,
      Scheme: shape.scheme,
      VpcId: vpc.id,
      State: { Code: 'active' },
      Type: shape.type,
      AvailabilityZones: subnets.map((s) => ({ ZoneName: s.zone, SubnetId: s.id, LoadBalancerAddresses: [] })),
      ...(shape.type === 'application' ? { SecurityGroups: [ctx.groups.loadBalancer] } : {}),
      IpAddressType: 'ipv4',
    });
    out.targetGroups.push({
      TargetGroupArn: tgArn,
      TargetGroupName: tgName,
      Protocol: shape.type === 'application' ? 'HTTP' : 'TCP',
      Port: shape.targetPort,
      VpcId: vpc.id,
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: 'traffic-port',
      HealthCheckEnabled: true,
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      HealthCheckPath: '/health',
      Matcher: { HttpCode: '200' },
      LoadBalancerArns: [lbArn],
      TargetType: 'instance',
      ProtocolVersion: 'HTTP1',
      IpAddressType: 'ipv4',
    });
    const listenerArn = `${arnPrefix}:listener/${kind}/${name}/${lbArn.slice(-16)}/${random.hex(16)}`;
    const forward = [{ Type: 'forward', TargetGroupArn: tgArn, Order: 1, ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgArn, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } } }];
    out.listeners.push({
      parent: lbArn,
      doc: { LoadBalancerListeners: [{ LoadBalancerArn: lbArn, Listeners: [{ ListenerArn: listenerArn, LoadBalancerArn: lbArn, Port: shape.port, Protocol: protocol, Certificates: [{ CertificateArn: `arn:aws:acm:${region}:${owner}:certificate/${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}` }], SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', DefaultActions: forward }] }] },
    });
    const ruleArn = (id: string): string => listenerArn.replace(':listener/', ':listener-rule/') + `/${id}`;
    out.rules.push({
      parent: listenerArn,
      doc: {
        Rules: [
          ...(shape.type === 'application' ? [{ RuleArn: ruleArn(random.hex(16)), Priority: '10', Conditions: [{ Field: 'path-pattern', Values: ['/api/*'], PathPatternConfig: { Values: ['/api/*'] } }], Actions: forward, IsDefault: false }] : []),
          { RuleArn: ruleArn(random.hex(16)), Priority: 'default', Conditions: [], Actions: forward, IsDefault: true },
        ],
      },
    });
    out.targetHealth.push({
      parent: tgArn,
      doc: {
        TargetGroupArn: tgArn,
        TargetHealthDescriptions: targets.map((t) => ({ Target: { Id: t.id, Port: shape.targetPort }, HealthCheckPort: String(shape.targetPort), TargetHealth: t.running ? { State: 'healthy' } : { State: 'unused', Reason: 'Target.InvalidState', Description: 'Target is in the stopped state' } })),
      },
    });
    out.targetGroupAttributes.push({ parent: tgArn, doc: { TargetGroupArn: tgArn, Attributes: attributes({ 'deregistration_delay.timeout_seconds': '300', 'stickiness.enabled': 'false', 'load_balancing.algorithm.type': 'round_robin' }) } });
    out.loadBalancerAttributes.push({ parent: lbArn, doc: { LoadBalancerArn: lbArn, Attributes: attributes({ 'deletion_protection.enabled': 'true', 'load_balancing.cross_zone.enabled': 'true', 'access_logs.s3.enabled': 'false' }) } });
  }
  return out;
}
