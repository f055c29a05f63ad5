// Point queries (SPEC §6): one flow from an address, instance or gateway to an instance, interface
// or address, answered `reachable` with every path or `blocked` with every blocking component.
import type { PathStep } from '../types.js';
import type { FlowProtocol } from '../protocols.js';
import type { BlockerCode } from './blocker-codes.js';

export type QueryFrom =
  /** Any internet host, or the one at `address`. */
  | { readonly kind: 'internet'; readonly address: string | null }
  /** Sent by the instance (its primary interface, or the one owning `address`). */
  | { readonly kind: 'instance'; readonly instanceId: string; readonly address: string | null }
  | { readonly kind: 'interface'; readonly networkInterfaceId: string; readonly address: string | null }
  /** Sent from this address: an interface's, one in a subnet (`subnetId` settles overlapping VPCs), or one outside. */
  | { readonly kind: 'address'; readonly address: string; readonly subnetId: string | null }
  /** Arriving through an internet gateway, VGW, peering connection or transit gateway (from `address`, else from any sender it carries). */
  | { readonly kind: 'gateway'; readonly gatewayId: string; readonly address: string | null };

export type QueryTo =
  | { readonly kind: 'instance'; readonly instanceId: string }
  | { readonly kind: 'interface'; readonly networkInterfaceId: string }
  | { readonly kind: 'address'; readonly address: string }
  | { readonly kind: 'load-balancer'; readonly loadBalancerId: string };

export interface FlowQuery {
  readonly from: QueryFrom;
  readonly to: QueryTo;
  readonly protocol: FlowProtocol;
  /** Destination port; null for protocols without ports. */
  readonly port: number | null;
  /** The client's source port; null means any port of the ephemeral range. */
  readonly srcPort: number | null;
}

/** How a path enters or leaves: a gateway, a load balancer listener, the VPC's local route, a NAT gateway or an endpoint. */
export type QueryVia =
  | { readonly type: 'IGW' | 'VGW' | 'PCX' | 'TGW' | 'NAT' | 'VPCE' | 'EIGW' | 'VPC'; readonly id: string }
  | { readonly type: 'CLB' | 'ALB' | 'NLB'; readonly id: string; readonly listenerPort: number };

export interface QueryPath {
  readonly via: QueryVia;
  readonly forward: readonly PathStep[];
  readonly return: readonly PathStep[];
}

export interface Blocker {
  readonly code: BlockerCode;
  readonly componentType: string;
  readonly componentId: string;
  readonly detail: string;
}

export interface QueryAnswer {
  readonly verdict: 'reachable' | 'blocked';
  /** Empty when blocked. */
  readonly paths: readonly QueryPath[];
  /** Empty when reachable; sorted, each once. */
  readonly blockers: readonly Blocker[];
}
