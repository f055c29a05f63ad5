// Load balancers (SPEC §4): clients reach the LB's nodes by one hop, each listener forwards to
// its targets, and the second hop is judged with the nodes (or, with client-IP preservation,
// the clients themselves) as senders.
import { membersOf } from './security-groups.js';
import { compareText } from '../model/compare-text.js';
import { AddressSet } from '../net/index.js';
import type { Instance, LoadBalancer, LoadBalancerListener, NetworkInterface, SecurityGroup, Transport, Vpc } from '../model/types.js';
import type { EngineOptions, GroupAdmission, LoadBalancerVia, PathStep, Reachability, ReachabilityType, ReachCell } from './types.js';
import { loadBalancerType, type LoadBalancerNode, type NetworkIndex } from './network-index.js';
import { mergeCells } from './cells.js';
import { entrySteps, interfaceSteps } from './direct.js';
import { hopInto, hopIntoReused, type HopCell, type HopInto } from './hop.js';
import { routedTo } from './routes.js';
import { candidatesToward, trafficSources, type TrafficSource } from './sources.js';

export const VIA_TYPE: Readonly<Record<LoadBalancer['kind'], LoadBalancerVia['type'] | null>> = {
  classic: 'CLB',
  application: 'ALB',
  network: 'NLB',
  gateway: null,
};

/** NLB target-group protocols whose client-IP preservation is on and cannot be turned off. */
const ALWAYS_PRESERVED: ReadonlySet<string> = new Set(['UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC']);

export function listenerTransports(protocol: string): Transport[] {
  const p = protocol.toUpperCase();
  // QUIC runs over UDP; a TCP_QUIC listener takes TCP and QUIC on one port.
  if (p === 'UDP' || p === 'QUIC') return ['udp'];
  if (p === 'TCP_UDP' || p === 'TCP_QUIC') return ['tcp', 'udp'];
  if (p === 'GENEVE') return [];
  return ['tcp'];
}

function cellAt(cells: readonly HopCell[], port: number): HopCell | null {
  return cells.find((c) => c.ports[0] <= port && port <= c.ports[1]) ?? null;
}

/** Steps in order, each distinct step once (nodes in several subnets often share them). */
class StepList {
  private readonly seen = new Set<string>();
  readonly steps: PathStep[] = [];
  add(...steps: readonly PathStep[]): void {
    for (const step of steps) {
      const key = `${step.componentType}\u0000${step.componentId}\u0000${step.rule ?? ''}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.steps.push(step);
    }
  }
}

/** The clients of one reachability type that some node of the listener accepts. */
interface ListenerClients {
  readonly reachabilityType: ReachabilityType;
  readonly sources: AddressSet;
  readonly steps: readonly PathStep[];
}

export interface ForwardTarget {
  readonly instance: Instance;
  readonly eni: NetworkInterface;
  readonly address: string;
  readonly port: number;
  readonly preserveClientIp: boolean;
  readonly steps: readonly PathStep[];
}

function primaryInterface(instance: Instance, index: NetworkIndex): NetworkInterface | null {
  const eniId = instance.networkInterfaceIds[0];
  return eniId === undefined ? null : (index.network.networkInterfaces.get(eniId) ?? null);
}

function runningInstance(id: string, holderType: string, holderId: string, index: NetworkIndex): Instance | null {
  const instance = index.network.instances.get(id);
  if (instance === undefined) {
    index.coverage.add(holderType, holderId, `registered instance ${id} is not in the snapshot`);
    return null;
  }
  return instance.state === 'running' ? instance : null;
}

/** Where a listener forwards: each registered target (running instance or ip target) at its port, with the steps naming the listener and target group. */
export function listenerTargets(lb: LoadBalancer, vpcId: string, listener: LoadBalancerListener, index: NetworkIndex): ForwardTarget[] {
  const lbStep: PathStep = {
    componentType: loadBalancerType(lb),
    componentId: lb.id,
    rule: `listener ${listener.protocol} ${listener.port}`,
  };
  const out: ForwardTarget[] = [];
  if (lb.kind === 'classic') {
    if (listener.instancePort === null) return out;
    for (const id of [...lb.instanceIds].sort()) {
      const instance = runningInstance(id, loadBalancerType(lb), lb.id, index);
      const eni = instance === null ? null : primaryInterface(instance, index);
      if (instance === null || eni === null || eni.primaryPrivateIp === null) continue;
      out.push({ instance, eni, address: eni.primaryPrivateIp, port: listener.instancePort, preserveClientIp: false, steps: [{ ...lbStep, rule: `${lbStep.rule} -> instance port ${listener.instancePort}` }] });
    }
    return out;
  }
  for (const arn of [...listener.targetGroupArns].sort()) {
    const group = index.network.targetGroups.get(arn);
    if (group === undefined) {
      index.coverage.add(loadBalancerType(lb), lb.id, `target group ${arn} of listener ${listener.port} is not in the snapshot`);
      continue;
    }
    if (group.targets === null) {
      index.coverage.add('AWS::ElasticLoadBalancingV2::TargetGroup', arn, 'its registered targets (describe-target-health) were not collected; what it forwards to is not analysed');
      continue;
    }
    // AWS: UDP, TCP_UDP, QUIC and TCP_QUIC groups always keep the client address (the attribute
    // cannot turn it off); otherwise instance targets keep it and IP targets do not, unless the
    // preserve_client_ip.enabled attribute says otherwise.
    const alwaysPreserved = ALWAYS_PRESERVED.has((group.protocol ?? '').toUpperCase());
    const preserveClientIp = lb.kind === 'network' && (alwaysPreserved || (group.preserveClientIp ?? group.targetType === 'instance'));
    if (group.targetType !== 'instance' && group.targetType !== 'ip') {
      // SPEC §4: alb targets (an NLB in front of an ALB) and lambda targets are not followed; said, not silent.
      if (group.targets.length > 0) {
        index.coverage.add('AWS::ElasticLoadBalancingV2::TargetGroup', arn, `its targets are of type ${group.targetType}, which are not followed: what listener ${listener.port} of ${lb.name} reaches through them is not analysed`);
      }
      continue;
    }
    for (const target of group.targets) {
      const port = target.port ?? group.port;
      if (port === null) continue;
      const steps = [lbStep, { componentType: 'AWS::ElasticLoadBalancingV2::TargetGroup', componentId: arn, rule: `${group.targetType} ${target.id} port ${port}` }];
      if (group.targetType === 'instance') {
        const instance = runningInstance(target.id, 'AWS::ElasticLoadBalancingV2::TargetGroup', arn, index);
        const eni = instance === null ? null : primaryInterface(instance, index);
        if (instance === null || eni === null || eni.primaryPrivateIp === null) continue;
        out.push({ instance, eni, address: eni.primaryPrivateIp, port, preserveClientIp, steps });
      } else if (group.targetType === 'ip') {
        const targetVpcId = group.vpcId ?? vpcId;
        const eni = index.interfaceWithAddress(targetVpcId, target.id);
        if (eni === null) {
          // AWS lets an IP target sit outside the VPC (a peered VPC, on premises): not followed, and said so.
          index.coverage.add('AWS::ElasticLoadBalancingV2::TargetGroup', arn, `ip target ${target.id} is not the address of an interface in ${targetVpcId} (an address in a peered VPC or on premises, or an interface not in the snapshot); what reaches it is not analysed`);
          continue;
        }
        if (eni.instanceId === null) {
          // Another load balancer's node, an endpoint, a Lambda or container interface: where it sends the traffic on is not followed.
          index.coverage.add('AWS::ElasticLoadBalancingV2::TargetGroup', arn, `ip target ${target.id} is interface ${eni.id}, which belongs to no instance (another load balancer's node, an endpoint, a container task); what it passes the traffic on to is not analysed`);
          continue;
        }
        const instance = runningInstance(eni.instanceId, 'AWS::ElasticLoadBalancingV2::TargetGroup', arn, index);
        if (instance === null) continue;
        out.push({ instance, eni, address: target.id, port, preserveClientIp, steps });
      }
    }
  }
  return out;
}

export class LoadBalancerAnalysis {
  private readonly groups: readonly SecurityGroup[] | null;
  private readonly nodes: readonly LoadBalancerNode[];
  private readonly nodeSenders: readonly AddressSet[];
  private readonly viaType: LoadBalancerVia['type'];

  private constructor(
    private readonly lb: LoadBalancer,
    viaType: LoadBalancerVia['type'],
    groups: readonly SecurityGroup[] | null,
    private readonly vpc: Vpc,
    private readonly options: EngineOptions,
    private readonly index: NetworkIndex,
  ) {
    this.viaType = viaType;
    this.groups = groups;
    this.nodes = index.loadBalancerNodes(lb);
    // One set per node for all its targets, so the second hop is reused per (node, target configuration).
    this.nodeSenders = this.nodes.map((n) => AddressSet.fromAddresses(4, [n.address]));
  }

  /** Null (with the reason in the coverage) when the LB cannot be analysed from the snapshot. */
  static of(lb: LoadBalancer, options: EngineOptions, index: NetworkIndex): LoadBalancerAnalysis | null {
    const viaType = VIA_TYPE[lb.kind];
    if (viaType === null) {
      index.coverage.add(loadBalancerType(lb), lb.id, 'gateway load balancers are not analysed');
      return null;
    }
    const vpc = lb.vpcId === null ? undefined : index.network.vpcs.get(lb.vpcId);
    if (vpc === undefined) {
      index.coverage.add(loadBalancerType(lb), lb.id, `its VPC ${lb.vpcId ?? '(none given)'} is not in the snapshot; it is not analysed`);
      return null;
    }
    if (lb.listeners === null) {
      index.coverage.add(loadBalancerType(lb), lb.id, 'its listeners were not collected; nothing it forwards is analysed');
      return null;
    }
    if (lb.ipAddressType !== null && lb.ipAddressType.startsWith('dualstack')) {
      index.coverage.add(loadBalancerType(lb), lb.id, `its IPv6 front (IpAddressType ${lb.ipAddressType}) is not analysed: IPv6 clients are analysed only where they reach an interface directly (SPEC §2)`);
    }
    let groups: readonly SecurityGroup[] | null = null;
    if (lb.securityGroupIds !== null && lb.securityGroupIds.length > 0) groups = index.groups(lb.securityGroupIds, loadBalancerType(lb), lb.id);
    else if (lb.kind !== 'network') {
      index.coverage.add(loadBalancerType(lb), lb.id, 'the snapshot lists no security groups for it; it is taken to admit nothing');
      return null;
    }
    return new LoadBalancerAnalysis(lb, viaType, groups, vpc, options, index);
  }

  reachabilities(): Reachability[] {
    const out: Reachability[] = [];
    for (const listener of [...(this.lb.listeners ?? [])].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol))) {
      out.push(...this.listenerReachabilities(listener));
    }
    return out;
  }

  private sources(): TrafficSource[] {
    const internetFacing = this.lb.scheme === 'internet-facing';
    // Such a load balancer has a public IPv6 front only: no IPv4 client on the internet reaches it.
    const noPublicIpv4 = this.lb.ipAddressType === 'dualstack-without-public-ipv4';
    return trafficSources(this.vpc, this.index, this.options).filter(
      (s) => s.family === 4 && (s.reachabilityType === 'Internet') === internetFacing && !(noPublicIpv4 && s.reachabilityType === 'Internet'),
    );
  }

  /** Clients of each reachability type, pooled over the listener's nodes. */
  private clients(port: number, protocol: Transport): ListenerClients[] {
    const byType = new Map<ReachabilityType, { sources: AddressSet; steps: StepList }>();
    for (const source of this.sources()) {
      for (const node of this.nodes) {
        if (!source.servesSubnet(node.subnet)) continue;
        const table = this.index.routeTableFor(node.subnet);
        if (table === null) {
          this.index.coverage.add('AWS::EC2::Subnet', node.subnet.id, 'no route table for this subnet (no explicit association and no main table) in the snapshot; nothing can be routed back from it');
          continue;
        }
        const routed = routedTo(table, this.vpc, 4, candidatesToward(source, [node.address]), source.accepts, this.index);
        if (routed.addresses.isEmpty()) continue;
        const acl = this.index.naclFor(node.subnet);
        if (acl === null) this.index.coverage.add('AWS::EC2::Subnet', node.subnet.id, 'the network ACL of this subnet is not in the snapshot; its NACL checks are skipped');
        const cells = hopInto({ acl, groups: this.groups }, { family: 4, addresses: routed.addresses, refs: source.refs }, protocol, this.options.ephemeralPorts, this.index);
        const cell = cellAt(cells, port);
        if (cell === null) continue;
        let entry = byType.get(source.reachabilityType);
        if (entry === undefined) {
          entry = { sources: AddressSet.empty(4), steps: new StepList() };
          byType.set(source.reachabilityType, entry);
        }
        entry.sources = entry.sources.union(cell.sources);
        entry.steps.add(...entrySteps(source, table.id, routed, cell.sources), ...cell.steps);
      }
    }
    return [...byType.entries()].map(([reachabilityType, e]) => ({ reachabilityType, sources: e.sources, steps: e.steps.steps }));
  }

  private targets(listener: LoadBalancerListener): ForwardTarget[] {
    return listenerTargets(this.lb, this.vpc.id, listener, this.index);
  }

  /** The second hop, LB node → target, for one transport; null when nothing passes. */
  private forward(target: ForwardTarget, clients: AddressSet, protocol: Transport): { sources: AddressSet; groups: GroupAdmission[]; steps: PathStep[] } | null {
    const subnet = this.index.subnet(target.eni.subnetId);
    if (subnet === null) {
      this.index.coverage.add('AWS::EC2::NetworkInterface', target.eni.id, `subnet ${target.eni.subnetId} is not in the snapshot`);
      return null;
    }
    const acl = this.index.naclFor(subnet);
    if (acl === null) this.index.coverage.add('AWS::EC2::Subnet', subnet.id, 'the network ACL of this subnet is not in the snapshot; its NACL checks are skipped');
    const groups = this.index.groups(target.eni.groupIds, 'AWS::EC2::NetworkInterface', target.eni.id);
    // Node and target in one subnet skip the NACL, except behind a classic ELB (SPEC §4).
    const into = (node: LoadBalancerNode): HopInto => ({ acl: node.subnet.id === subnet.id && this.lb.kind !== 'classic' ? null : acl, groups });
    let sources = AddressSet.empty(4);
    const admissions = new Map<string, { sources: AddressSet; rules: Set<string> }>();
    const steps = new StepList();
    this.nodes.forEach((node, i) => {
      const from = target.preserveClientIp ? clients : this.nodeSenders[i]!;
      const cell = cellAt(hopIntoReused(into(node), { family: 4, addresses: from, refs: target.preserveClientIp ? 'none' : membersOf(this.lb.securityGroupIds ?? []) }, protocol, this.options.ephemeralPorts, this.index), target.port);
      if (cell === null) return;
      // A node that passes forwards every client the listener pooled.
      const passed = target.preserveClientIp ? cell.sources : clients;
      sources = sources.union(passed);
      steps.add(...cell.steps);
      for (const g of cell.groups) {
        const entry = admissions.get(g.groupId) ?? { sources: AddressSet.empty(4), rules: new Set<string>() };
        entry.sources = entry.sources.union(target.preserveClientIp ? g.sources : clients);
        g.rules.forEach((r) => entry.rules.add(r));
        admissions.set(g.groupId, entry);
      }
    });
    if (sources.isEmpty()) return null;
    const groupAdmissions = [...admissions.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([groupId, e]) => ({ groupId, sources: e.sources, rules: [...e.rules] }));
    return { sources, groups: groupAdmissions, steps: steps.steps };
  }

  private listenerReachabilities(listener: LoadBalancerListener): Reachability[] {
    const via: LoadBalancerVia = { type: this.viaType, id: this.lb.id, listenerPort: listener.port };
    // A target registered at the same port through several of the listener's groups is one path.
    const seen = new Set<string>();
    const targets = this.targets(listener).filter((t) => {
      const key = `${t.eni.id}:${t.address}:${t.port}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (targets.length === 0) return [];
    const byKey = new Map<string, { target: ForwardTarget; reachabilityType: ReachabilityType; cells: ReachCell[]; addresses: Set<string> }>();
    for (const protocol of listenerTransports(listener.protocol)) {
      for (const clients of this.clients(listener.port, protocol)) {
        for (const target of targets) {
          const forwarded = this.forward(target, clients.sources, protocol);
          if (forwarded === null) continue;
          const key = `${target.eni.id}\u0000${clients.reachabilityType}`;
          let entry = byKey.get(key);
          if (entry === undefined) {
            entry = { target, reachabilityType: clients.reachabilityType, cells: [], addresses: new Set() };
            byKey.set(key, entry);
          }
          entry.addresses.add(target.address);
          entry.cells.push({
            protocol,
            ports: [target.port, target.port],
            sources: forwarded.sources,
            groups: forwarded.groups,
            networkPath: [...clients.steps, ...target.steps, ...forwarded.steps, ...interfaceSteps(target.eni, target.instance)],
          });
        }
      }
    }
    return [...byKey.values()].map(({ target, reachabilityType, cells, addresses }) => ({
      instanceId: target.instance.id,
      networkInterfaceId: target.eni.id,
      vpcId: target.eni.vpcId,
      subnetId: target.eni.subnetId,
      aclId: this.index.subnet(target.eni.subnetId) === null ? null : (this.index.naclFor(this.index.subnet(target.eni.subnetId)!)?.id ?? null),
      reachabilityType,
      via,
      ipVersion: 4 as const,
      destinationAddresses: [...addresses].sort(),
      cells: mergeCells(cells),
    }));
  }
}
