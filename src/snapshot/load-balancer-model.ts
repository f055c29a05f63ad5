// Load balancers and target groups. ELBv2 listeners come from per-balancer describe-listeners
// files (grouped by the LoadBalancerArn inside) or Batfish's LoadBalancerListeners; a balancer
// with no listener data at all has listeners null, a coverage gap the engine reports.
import { compareText } from '../model/compare-text.js';
import type { LoadBalancer, LoadBalancerListener, Target, TargetGroup } from '../model/types.js';
import type { RawAction } from './elb-schemas.js';
import { indexBy, indexById, sortedUnique } from './merge.js';
import type { Origin, RawSnapshot } from './raw-snapshot.js';
import type { RawClassicLoadBalancer } from './elb-schemas.js';
import { classicLoadBalancerArn } from '../model/aws-partition.js';

/**
 * The target groups forward actions send traffic to. A ForwardConfig lists them with their weights
 * (the API repeats a single group as TargetGroupArn too); a group of weight 0 gets nothing.
 */
function forwardedTargetGroups(actions: readonly RawAction[] | null | undefined): string[] {
  const arns: string[] = [];
  for (const action of actions ?? []) {
    if (action.Type !== 'forward') continue;
    const weighted = action.ForwardConfig?.TargetGroups ?? [];
    if (weighted.length > 0) {
      for (const tg of weighted) if (tg.Weight !== 0) arns.push(tg.TargetGroupArn);
    } else if (action.TargetGroupArn != null) {
      arns.push(action.TargetGroupArn);
    }
  }
  return arns;
}

function attributeOf(attributes: readonly { Key: string; Value?: string | null }[], key: string): boolean | null {
  const value = attributes.find((a) => a.Key === key)?.Value;
  return value === 'true' ? true : value === 'false' ? false : null;
}

function byListenerOrder(a: LoadBalancerListener, b: LoadBalancerListener): number {
  return a.port - b.port || compareText(a.protocol, b.protocol) || compareText(a.listenerArn ?? '', b.listenerArn ?? '');
}

/** Where a record was collected, as far as its folders tell. */
function scopeKey(origin: Origin): string {
  return `${origin.account ?? ''} ${origin.region ?? ''}`;
}

/**
 * A classic load balancer is named only by its name, which is unique within one account and
 * region: the same name in two accounts or regions is two load balancers, each identified by its
 * ARN. A name held in one scope only keeps the name as its id, and its copies are merged.
 */
function classicIds(raw: RawSnapshot): (item: RawClassicLoadBalancer, origin: Origin) => string {
  const scopes = new Map<string, Set<string>>();
  for (const { item, origin } of raw.classicLoadBalancers) {
    const seen = scopes.get(item.LoadBalancerName) ?? new Set<string>();
    seen.add(scopeKey(origin));
    scopes.set(item.LoadBalancerName, seen);
  }
  return (item, origin) =>
    scopes.get(item.LoadBalancerName)!.size > 1 ? classicLoadBalancerArn(origin.region, origin.account, item.LoadBalancerName) : item.LoadBalancerName;
}

function classicLoadBalancers(raw: RawSnapshot): LoadBalancer[] {
  const idOf = classicIds(raw);
  return raw.classicLoadBalancers.map(({ item, origin }) => ({
    id: idOf(item, origin),
    name: item.LoadBalancerName,
    kind: 'classic',
    scheme: item.Scheme ?? 'internet-facing',
    vpcId: item.VPCId ?? null,
    subnetIds: sortedUnique(item.Subnets ?? []),
    securityGroupIds: item.SecurityGroups != null ? sortedUnique(item.SecurityGroups) : null,
    listeners:
      item.ListenerDescriptions != null
        ? item.ListenerDescriptions.map(
            ({ Listener: l }): LoadBalancerListener => ({
              port: l.LoadBalancerPort,
              protocol: l.Protocol,
              instancePort: l.InstancePort,
              targetGroupArns: [],
              listenerArn: null,
            }),
          ).sort(byListenerOrder)
        : null,
    instanceIds: sortedUnique((item.Instances ?? []).map((i) => i.InstanceId)),
    dnsName: item.DNSName ?? null,
    crossZone: null,
    ipAddressType: null,
  }));
}

function listenersByLoadBalancer(raw: RawSnapshot): Map<string, LoadBalancerListener[]> {
  const ruleTargets = new Map<string, string[]>();
  for (const { item } of raw.rules) {
    ruleTargets.set(item.listenerArn, [...(ruleTargets.get(item.listenerArn) ?? []), ...forwardedTargetGroups(item.rule.Actions)]);
  }
  const byBalancer = new Map<string, LoadBalancerListener[]>();
  for (const arn of raw.loadBalancersWithListenerData) byBalancer.set(arn, []);
  for (const { item } of raw.listeners) {
    const l = item.listener;
    const list = byBalancer.get(item.loadBalancerArn) ?? [];
    byBalancer.set(item.loadBalancerArn, list);
    // The same listener from two files (per-balancer call and aggregate form) counts once.
    if (l.ListenerArn != null && list.some((existing) => existing.listenerArn === l.ListenerArn)) continue;
    const gateway = l.Protocol == null && l.Port == null;
    list.push({
      port: l.Port ?? (gateway ? 6081 : 0),
      protocol: l.Protocol ?? (gateway ? 'GENEVE' : 'unknown'),
      instancePort: null,
      targetGroupArns: sortedUnique([
        ...forwardedTargetGroups(l.DefaultActions),
        ...(l.ListenerArn != null ? (ruleTargets.get(l.ListenerArn) ?? []) : []),
      ]),
      listenerArn: l.ListenerArn ?? null,
    });
  }
  // Partly skipped listener data (lenient loading), or a listener whose rules were partly
  // skipped, leaves the balancer's listeners unknown.
  const unknown = new Set(raw.incomplete.loadBalancerListeners);
  for (const { item } of raw.listeners) {
    const arn = item.listener.ListenerArn;
    if (arn != null && raw.incomplete.listenerRules.has(arn)) unknown.add(item.loadBalancerArn);
  }
  for (const arn of unknown) byBalancer.delete(arn);
  for (const list of byBalancer.values()) list.sort(byListenerOrder);
  return byBalancer;
}

function elbv2LoadBalancers(raw: RawSnapshot): LoadBalancer[] {
  const listeners = listenersByLoadBalancer(raw);
  const crossZone = new Map<string, boolean>();
  for (const { item } of raw.loadBalancerAttributes) {
    const value = attributeOf(item.Attributes, 'load_balancing.cross_zone.enabled');
    if (value !== null && !crossZone.has(item.LoadBalancerArn)) crossZone.set(item.LoadBalancerArn, value);
  }
  return raw.loadBalancers.map(({ item }) => {
    const kind = item.Type ?? 'application';
    return {
      id: item.LoadBalancerArn,
      name: item.LoadBalancerName ?? item.LoadBalancerArn,
      kind,
      // AWS's default scheme is internet-facing; gateway load balancers have none and take no clients.
      scheme: item.Scheme ?? (kind === 'gateway' ? 'internal' : 'internet-facing'),
      vpcId: item.VpcId ?? null,
      subnetIds: sortedUnique((item.AvailabilityZones ?? []).flatMap((z) => (z.SubnetId != null ? [z.SubnetId] : []))),
      securityGroupIds: item.SecurityGroups != null ? sortedUnique(item.SecurityGroups) : null,
      listeners: listeners.get(item.LoadBalancerArn) ?? null,
      instanceIds: [],
      dnsName: item.DNSName ?? null,
      crossZone: crossZone.get(item.LoadBalancerArn) ?? null,
      ipAddressType: item.IpAddressType ?? null,
    };
  });
}

export function buildLoadBalancers(raw: RawSnapshot): Map<string, LoadBalancer> {
  return indexById([...classicLoadBalancers(raw), ...elbv2LoadBalancers(raw)]);
}

function targetKey(t: Target): string {
  return `${t.id} ${t.port ?? ''} ${t.availabilityZone ?? ''}`;
}

export function buildTargetGroups(raw: RawSnapshot): Map<string, TargetGroup> {
  const targets = new Map<string, Map<string, Target>>();
  for (const { item } of raw.targetHealth) {
    const byKey = targets.get(item.TargetGroupArn) ?? new Map<string, Target>();
    targets.set(item.TargetGroupArn, byKey);
    for (const { Target: t } of item.TargetHealthDescriptions) {
      const target: Target = { id: t.Id, port: t.Port ?? null, availabilityZone: t.AvailabilityZone ?? null };
      byKey.set(targetKey(target), target);
    }
  }
  for (const arn of raw.incomplete.targetGroupTargets) targets.delete(arn);
  const targetsOf = (arn: string): Target[] | null => {
    const byKey = targets.get(arn);
    return byKey === undefined ? null : [...byKey.entries()].sort(([a], [b]) => compareText(a, b)).map(([, t]) => t);
  };
  const preserveClientIp = new Map<string, boolean>();
  for (const { item } of raw.targetGroupAttributes) {
    const value = attributeOf(item.Attributes, 'preserve_client_ip.enabled');
    if (value !== null && !preserveClientIp.has(item.TargetGroupArn)) preserveClientIp.set(item.TargetGroupArn, value);
  }
  return indexBy(
    raw.targetGroups.map(({ item }): TargetGroup => ({
      arn: item.TargetGroupArn,
      name: item.TargetGroupName ?? item.TargetGroupArn,
      targetType: item.TargetType ?? 'instance',
      protocol: item.Protocol ?? null,
      port: item.Port ?? null,
      vpcId: item.VpcId ?? null,
      loadBalancerArns: sortedUnique(item.LoadBalancerArns ?? []),
      targets: targetsOf(item.TargetGroupArn),
      preserveClientIp: preserveClientIp.get(item.TargetGroupArn) ?? null,
    })),
    (group) => group.arn,
  );
}
