// What the engine hands to findings: per interface, source and entry point, the reachable
// packets as (protocol, port range) cells, each with its exact source set and provenance.
import type { AddressSet, IpFamily } from '../net/index.js';
import type { Transport, CoverageNote } from '../model/types.js';

export const REACHABILITY_TYPES = ['Internet', 'VGW', 'PeeredVpc', 'TransitGateway'] as const;
export type ReachabilityType = (typeof REACHABILITY_TYPES)[number];

export type GatewayVia = { readonly type: 'IGW' | 'VGW' | 'PCX' | 'TGW'; readonly id: string };
export type LoadBalancerVia = { readonly type: 'CLB' | 'ALB' | 'NLB'; readonly id: string; readonly listenerPort: number };
export type Via = GatewayVia | LoadBalancerVia;

/**
 * One step of a network path, with the CloudFormation type name of the component and, where a
 * rule decided, the rule in the console's words (e.g. "100 ALLOW tcp 0-65535 0.0.0.0/0").
 */
export interface PathStep {
  readonly componentType: string;
  readonly componentId: string;
  readonly rule?: string;
}

/** The subset of a cell's sources that one security group admits, and the rules that admit it. */
export interface GroupAdmission {
  readonly groupId: string;
  readonly sources: AddressSet;
  /** Rule descriptions, e.g. "ingress tcp 22 from 0.0.0.0/0". */
  readonly rules: readonly string[];
}

export interface ReachCell {
  readonly protocol: Transport;
  /** Destination ports on the interface (for an LB path: the target port). */
  readonly ports: readonly [number, number];
  /** Exactly the source addresses that reach these ports. Never empty. */
  readonly sources: AddressSet;
  /** Groups whose rules admit some of the sources, sorted by id. */
  readonly groups: readonly GroupAdmission[];
  /** Ordered path from the entry gateway to the instance, naming the matching rules. */
  readonly networkPath: readonly PathStep[];
}

export interface Reachability {
  readonly instanceId: string;
  readonly networkInterfaceId: string;
  readonly vpcId: string;
  readonly subnetId: string;
  /** The NACL of the interface's subnet; null when not in the snapshot (checks skipped). */
  readonly aclId: string | null;
  readonly reachabilityType: ReachabilityType;
  readonly via: Via;
  readonly ipVersion: IpFamily;
  /** The interface addresses the traffic is delivered to (private IPv4 or IPv6), for listener matching. */
  readonly destinationAddresses: readonly string[];
  /** Sorted by protocol then port; cells are disjoint. */
  readonly cells: readonly ReachCell[];
}

export interface EngineOptions {
  /** Client ports a stateless return must be allowed to (default 1024–65535). */
  readonly ephemeralPorts: readonly [number, number];
  /** Narrow VGW sources to these on-premises CIDRs when given. */
  readonly onpremCidrs: readonly string[] | null;
  /**
   * Reuse one answer for every interface of the same configuration (subnet, group set, source);
   * default true. Off only to show that reuse changes nothing.
   */
  readonly reuseAnswers?: boolean;
}

/**
 * Components whose rules were changed (explain's closing changes): the direct paths of an
 * interface depend on its groups' rules and its subnet's network ACL and route table only, so a
 * run limited to this scope analyses only the interfaces holding one of these groups or in a
 * subnet using one of these ACLs or tables. Load-balancer paths are always analysed in full.
 */
export interface EngineScope {
  readonly securityGroupIds: ReadonlySet<string>;
  readonly networkAclIds: ReadonlySet<string>;
  readonly routeTableIds: ReadonlySet<string>;
}

export interface EngineResult {
  readonly reachabilities: readonly Reachability[];
  /** Gaps the engine found (missing subnets, route tables, groups, targets...). */
  readonly coverage: readonly CoverageNote[];
  /**
   * Only in a run limited by an EngineScope: the interfaces whose direct paths it analysed (the
   * reachabilities of every other interface are missing, not empty; load-balancer paths are all
   * there). The coverage and counts of such a run are partial too.
   */
  readonly scopedInterfaces?: ReadonlySet<string>;
  /** Counts of what was analysed. */
  readonly analysed: {
    readonly instances: number;
    readonly runningInstances: number;
    readonly networkInterfaces: number;
    readonly loadBalancers: number;
  };
}
