// The validated raw records of a snapshot, each with the file (and folder scope) it came from.
// Reading fills this; building the model reads it.
import type { RawDirectConnectGatewayAssociation, RawVirtualInterface } from './dx-schemas.js';
import type {
  RawAddress,
  RawEgressOnlyInternetGateway,
  RawInstance,
  RawStandaloneInterface,
  RawInternetGateway,
  RawNatGateway,
  RawNetworkAcl,
  RawPeeringConnection,
  RawPrefixList,
  RawPrefixListEntries,
  RawRouteTable,
  RawSecurityGroup,
  RawSubnet,
  RawVpc,
  RawVpcEndpoint,
  RawVpnConnection,
  RawVpnGateway,
} from './ec2-schemas.js';
import type {
  RawClassicLoadBalancer,
  RawListener,
  RawLoadBalancer,
  RawLoadBalancerAttributes,
  RawRule,
  RawTargetGroup,
  RawTargetGroupAttributes,
  RawTargetHealth,
} from './elb-schemas.js';
import type { RawListenerData } from './listener-data-schema.js';
import type {
  RawTransitGateway,
  RawTransitGatewayAttachment,
  RawTransitGatewayRouteTable,
  RawTransitGatewayTablePropagations,
  RawTransitGatewayTableRoutes,
  RawTransitGatewayVpcAttachment,
} from './tgw-schemas.js';

export interface Origin {
  /** Relative to the snapshot folder. */
  readonly file: string;
  readonly account: string | null;
  readonly region: string | null;
}

export interface Found<T> {
  readonly item: T;
  readonly origin: Origin;
}

export interface FoundInstance {
  readonly instance: RawInstance;
  readonly reservationOwnerId: string | null;
}

export interface FoundListener {
  readonly loadBalancerArn: string;
  readonly listener: RawListener;
}

export interface FoundRule {
  readonly listenerArn: string;
  readonly rule: RawRule;
}

export class RawSnapshot {
  readonly vpcs: Found<RawVpc>[] = [];
  readonly subnets: Found<RawSubnet>[] = [];
  readonly routeTables: Found<RawRouteTable>[] = [];
  readonly networkAcls: Found<RawNetworkAcl>[] = [];
  readonly securityGroups: Found<RawSecurityGroup>[] = [];
  readonly networkInterfaces: Found<RawStandaloneInterface>[] = [];
  readonly instances: Found<FoundInstance>[] = [];
  readonly addresses: Found<RawAddress>[] = [];
  readonly natGateways: Found<RawNatGateway>[] = [];
  readonly internetGateways: Found<RawInternetGateway>[] = [];
  readonly egressOnlyInternetGateways: Found<RawEgressOnlyInternetGateway>[] = [];
  readonly vpnGateways: Found<RawVpnGateway>[] = [];
  readonly vpnConnections: Found<RawVpnConnection>[] = [];
  readonly vpcEndpoints: Found<RawVpcEndpoint>[] = [];
  readonly peeringConnections: Found<RawPeeringConnection>[] = [];
  readonly prefixLists: Found<RawPrefixList>[] = [];
  readonly prefixListEntries: Found<RawPrefixListEntries>[] = [];
  readonly transitGateways: Found<RawTransitGateway>[] = [];
  readonly transitGatewayAttachments: Found<RawTransitGatewayAttachment>[] = [];
  readonly transitGatewayVpcAttachments: Found<RawTransitGatewayVpcAttachment>[] = [];
  readonly transitGatewayRouteTables: Found<RawTransitGatewayRouteTable>[] = [];
  readonly transitGatewayTableRoutes: Found<RawTransitGatewayTableRoutes>[] = [];
  readonly transitGatewayTablePropagations: Found<RawTransitGatewayTablePropagations>[] = [];
  readonly classicLoadBalancers: Found<RawClassicLoadBalancer>[] = [];
  readonly loadBalancers: Found<RawLoadBalancer>[] = [];
  readonly listeners: Found<FoundListener>[] = [];
  readonly rules: Found<FoundRule>[] = [];
  readonly targetGroups: Found<RawTargetGroup>[] = [];
  readonly targetHealth: Found<RawTargetHealth>[] = [];
  readonly targetGroupAttributes: Found<RawTargetGroupAttributes>[] = [];
  readonly loadBalancerAttributes: Found<RawLoadBalancerAttributes>[] = [];
  readonly virtualInterfaces: Found<RawVirtualInterface>[] = [];
  readonly directConnectGatewayAssociations: Found<RawDirectConnectGatewayAssociation>[] = [];
  readonly listenerData: Found<RawListenerData>[] = [];

  /** TGW route tables whose routes came from Batfish's TransitGatewayStaticRoutes (static routes only). */
  readonly staticRouteTables = new Set<string>();
  /** Load balancers whose listener data was seen (even an empty list): their listeners are known. */
  readonly loadBalancersWithListenerData = new Set<string>();
  /**
   * Parents whose child data was partly skipped in lenient mode: their data is incomplete and
   * must read as "not collected" (null), never as complete.
   */
  readonly incomplete = {
    loadBalancerListeners: new Set<string>(),
    listenerRules: new Set<string>(),
    targetGroupTargets: new Set<string>(),
    transitGatewayRouteTableRoutes: new Set<string>(),
    prefixListEntries: new Set<string>(),
  };

  /** Top-level keys of the AWS data seen (network.kindsPresent). */
  readonly kindsPresent = new Set<string>();
  /** AWS calls the manifest records as failed (network.failedCalls). */
  readonly failedCalls = new Set<string>();
  collectedAt: string | null = null;

  /**
   * Adds everything `part` holds, in order. A streamed file is read into a part of its own first,
   * so that a file lenient loading skips halfway (a syntax error deep inside) leaves nothing.
   */
  absorb(part: RawSnapshot): void {
    for (const key of Object.keys(part)) absorbValue(Reflect.get(this, key), Reflect.get(part, key));
    this.collectedAt ??= part.collectedAt;
  }
}

function absorbValue(mine: unknown, theirs: unknown): void {
  if (Array.isArray(mine) && Array.isArray(theirs)) {
    for (const item of theirs) mine.push(item);
  } else if (mine instanceof Set && theirs instanceof Set) {
    for (const item of theirs) mine.add(item);
  } else if (typeof mine === 'object' && mine !== null && typeof theirs === 'object' && theirs !== null) {
    for (const key of Object.keys(theirs)) absorbValue(Reflect.get(mine, key), Reflect.get(theirs, key));
  }
}
