// The engine: for every running instance's interfaces, what reaches them from outside the VPC,
// directly through a gateway or peering, or through a load balancer (SPEC §2–4).
import type { Network, NetworkInterface, Subnet } from '../model/types.js';
import type { EngineOptions, EngineResult, EngineScope, Reachability } from './types.js';
import { NetworkIndex } from './network-index.js';
import { directReachability } from './direct.js';
import { LoadBalancerAnalysis } from './load-balancers.js';
import { trafficSources, type TrafficSource } from './sources.js';

export type * from './types.js';

export const DEFAULT_EPHEMERAL_PORTS: readonly [number, number] = [1024, 65535];

function compareIds(a: { readonly id: string }, b: { readonly id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function viaKey(r: Reachability): string {
  return 'listenerPort' in r.via ? `${r.via.type} ${r.via.id} ${String(r.via.listenerPort).padStart(5, '0')}` : `${r.via.type} ${r.via.id}`;
}

type SortKey = readonly [string, string, string, string, string];

function sortKey(r: Reachability): SortKey {
  return [r.instanceId, r.networkInterfaceId, r.reachabilityType, viaKey(r), String(r.ipVersion)];
}

function compareKeys(ka: SortKey, kb: SortKey): number {
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
}

/** Sorted by instance, interface, reachability type, via and IP version; each key made once, not per comparison. */
function sortReachabilities(reachabilities: readonly Reachability[]): Reachability[] {
  const keyed = reachabilities.map((r) => ({ r, key: sortKey(r) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  return keyed.map((k) => k.r);
}

/** Whether a change to the scope's components can alter the direct paths into `eni` in `subnet`. */
function inScope(scope: EngineScope, eni: NetworkInterface, subnet: Subnet, index: NetworkIndex): boolean {
  if (eni.groupIds.some((id) => scope.securityGroupIds.has(id))) return true;
  const acl = index.naclFor(subnet);
  if (acl !== null && scope.networkAclIds.has(acl.id)) return true;
  const table = index.routeTableFor(subnet);
  return table !== null && scope.routeTableIds.has(table.id);
}

/** What reaches every running instance's interfaces; with a scope, only what a change to its components can alter (see EngineScope). */
export function assessNetwork(network: Network, options: EngineOptions, scope?: EngineScope): EngineResult {
  const index = new NetworkIndex(network, { reuseAnswers: options.reuseAnswers ?? true });
  const reachabilities: Reachability[] = [];
  const sourcesByVpc = new Map<string, readonly TrafficSource[]>();
  let runningInstances = 0;
  let networkInterfaces = 0;
  const scopedInterfaces = new Set<string>();
  for (const instance of [...network.instances.values()].sort(compareIds)) {
    if (instance.state !== 'running') continue;
    runningInstances++;
    if (instance.networkInterfaceIds.length === 0) index.coverage.add('AWS::EC2::Instance', instance.id, 'the snapshot has no network interface for this instance');
    for (const eniId of instance.networkInterfaceIds) {
      const eni = network.networkInterfaces.get(eniId);
      if (eni === undefined) {
        index.coverage.add('AWS::EC2::Instance', instance.id, `network interface ${eniId} is not in the snapshot`);
        continue;
      }
      networkInterfaces++;
      const subnet = index.subnet(eni.subnetId);
      if (subnet === null) {
        index.coverage.add('AWS::EC2::Instance', instance.id, `subnet ${eni.subnetId} of ${eni.id} is not in the snapshot; the interface is not analysed`);
        continue;
      }
      if (scope !== undefined) {
        if (!inScope(scope, eni, subnet, index)) continue;
        scopedInterfaces.add(eni.id);
      }
      const vpc = network.vpcs.get(subnet.vpcId) ?? null;
      if (vpc === null) {
        index.coverage.add('AWS::EC2::Instance', instance.id, `VPC ${subnet.vpcId} of ${eni.id} is not in the snapshot; the interface is not analysed`);
        continue;
      }
      let sources = sourcesByVpc.get(vpc.id);
      if (sources === undefined) {
        sources = trafficSources(vpc, index, options);
        sourcesByVpc.set(vpc.id, sources);
      }
      sources.forEach((source, i) => {
        const reach = directReachability(instance, eni, subnet, vpc, source, `${vpc.id}#${i}`, options, index);
        if (reach !== null) reachabilities.push(reach);
      });
    }
  }
  const loadBalancers = [...network.loadBalancers.values()].sort(compareIds);
  for (const lb of loadBalancers) {
    reachabilities.push(...(LoadBalancerAnalysis.of(lb, options, index)?.reachabilities() ?? []));
  }
  return {
    reachabilities: sortReachabilities(reachabilities),
    coverage: index.coverage.sorted(),
    ...(scope === undefined ? {} : { scopedInterfaces }),
    analysed: {
      instances: network.instances.size,
      runningInstances,
      networkInterfaces,
      loadBalancers: loadBalancers.length,
    },
  };
}
