// The vendor-neutral network model that the snapshot loader builds and the engine reads.
// Plain readonly data; AWS ids are kept as they are so that findings can name them.

/** IP protocol of a rule: a protocol number, or 'all' for AWS's "-1". */
export type IpProtocol = number | 'all';

/** Transport protocols that carry ports and that findings are about. */
export type Transport = 'tcp' | 'udp';

export const IP_PROTOCOL_TCP = 6;
export const IP_PROTOCOL_UDP = 17;

/** An inclusive port range. */
export type PortRange = readonly [from: number, to: number];

export interface Vpc {
  readonly id: string;
  readonly ownerId: string | null;
  readonly region: string | null;
  /** IPv4 CIDRs (primary and associated ones in state associated). */
  readonly cidrs: readonly string[];
  readonly ipv6Cidrs: readonly string[];
}

export interface Subnet {
  readonly id: string;
  readonly vpcId: string;
  readonly cidr: string | null;
  readonly ipv6Cidrs: readonly string[];
  readonly availabilityZone: string | null;
  readonly availabilityZoneId: string | null;
}

export type RouteTargetKind =
  | 'local'
  | 'igw'
  | 'eigw'
  | 'vgw'
  | 'nat'
  | 'pcx'
  | 'tgw'
  | 'eni'
  | 'instance'
  | 'vpce'
  | 'other';

export interface RouteTarget {
  readonly kind: RouteTargetKind;
  /** The target's id ('local' for the local route). */
  readonly id: string;
}

export type RouteDestination =
  | { readonly kind: 'cidr'; readonly cidr: string }
  | { readonly kind: 'prefixList'; readonly prefixListId: string };

/** Route origin, in tie-break order: local > static > prefix-list (a static route to a list) > propagated. */
export type RouteOrigin = 'local' | 'static' | 'propagated';

export interface Route {
  readonly destination: RouteDestination;
  readonly target: RouteTarget;
  readonly origin: RouteOrigin;
  /** AWS State 'blackhole': the target is gone; matching traffic is dropped. */
  readonly blackhole: boolean;
}

export interface RouteTable {
  readonly id: string;
  readonly vpcId: string;
  readonly main: boolean;
  /** Subnets explicitly associated with this table. */
  readonly subnetIds: readonly string[];
  /**
   * Internet or virtual private gateways this table is edge-associated with (a gateway route table:
   * ingress routing of the traffic entering through them, e.g. to a firewall appliance).
   */
  readonly gatewayIds: readonly string[];
  readonly routes: readonly Route[];
  /** Set when no copy in the snapshot carried its Routes: its subnets are treated as having no known table. */
  readonly routesMissing?: true;
}

export interface NaclEntry {
  readonly ruleNumber: number;
  readonly egress: boolean;
  readonly action: 'allow' | 'deny';
  readonly protocol: IpProtocol;
  /** CidrBlock or Ipv6CidrBlock; the family follows from it. */
  readonly cidr: string;
  /** PortRange for tcp/udp; null means all ports (or not a port protocol). */
  readonly ports: PortRange | null;
}

export interface NetworkAcl {
  readonly id: string;
  readonly vpcId: string;
  readonly isDefault: boolean;
  readonly subnetIds: readonly string[];
  readonly entries: readonly NaclEntry[];
  /** Set when no copy in the snapshot carried its Entries: its checks are skipped, never read as deny-all. */
  readonly entriesMissing?: true;
}

export type SgSource =
  | { readonly kind: 'cidr'; readonly cidr: string }
  | { readonly kind: 'prefixList'; readonly prefixListId: string }
  | { readonly kind: 'group'; readonly groupId: string; readonly userId: string | null; readonly vpcId: string | null };

/** One (permission, source) pair of a security group: AWS's IpPermissions flattened. */
export interface SgRule {
  readonly protocol: IpProtocol;
  /** FromPort..ToPort for tcp/udp; null means all ports. */
  readonly ports: PortRange | null;
  readonly source: SgSource;
  readonly description: string | null;
  /** SecurityGroupRuleId when the data has it. */
  readonly ruleId: string | null;
}

export interface SecurityGroup {
  readonly id: string;
  readonly name: string;
  readonly vpcId: string | null;
  readonly ownerId: string | null;
  readonly ingress: readonly SgRule[];
  readonly egress: readonly SgRule[];
}

export interface PublicIpAssociation {
  readonly publicIp: string;
  readonly privateIp: string;
  /** Elastic IP allocation id when known. */
  readonly allocationId: string | null;
}

export interface NetworkInterface {
  readonly id: string;
  readonly subnetId: string;
  readonly vpcId: string;
  readonly availabilityZone: string | null;
  readonly primaryPrivateIp: string | null;
  readonly privateIps: readonly string[];
  readonly publicIps: readonly PublicIpAssociation[];
  readonly ipv6Addresses: readonly string[];
  /** Delegated prefixes (CIDRs): each of their addresses is the interface's too (EKS prefix mode, …). */
  readonly ipv4Prefixes: readonly string[];
  readonly ipv6Prefixes: readonly string[];
  readonly groupIds: readonly string[];
  readonly instanceId: string | null;
  readonly interfaceType: string;
  readonly description: string;
  readonly requesterManaged: boolean;
}

export interface Instance {
  readonly id: string;
  /** State.Name: only 'running' instances are analysed. */
  readonly state: string;
  readonly name: string | null;
  readonly vpcId: string | null;
  readonly subnetId: string | null;
  /** ENIs attached to the instance, in device-index order. */
  readonly networkInterfaceIds: readonly string[];
  readonly ownerId: string | null;
  readonly region: string | null;
}

export interface InternetGateway {
  readonly id: string;
  /** VPCs it is attached to (attachment state available/attached). */
  readonly vpcIds: readonly string[];
}

export interface EgressOnlyInternetGateway {
  readonly id: string;
  readonly vpcIds: readonly string[];
}

export interface VpnGateway {
  readonly id: string;
  readonly state: string;
  /** VPCs it is attached to (attachment state attached). */
  readonly vpcIds: readonly string[];
}

export interface VpnConnection {
  readonly id: string;
  readonly state: string;
  readonly vpnGatewayId: string | null;
  readonly transitGatewayId: string | null;
  readonly customerGatewayId: string | null;
  /** Static routes of a static-routing VPN (DestinationCidrBlock). */
  readonly staticRoutes: readonly string[];
  /** Options.StaticRoutesOnly: true routes only staticRoutes, false learns routes by BGP; null when not recorded. */
  readonly staticRoutesOnly: boolean | null;
}

export interface DxVirtualInterface {
  readonly id: string;
  readonly state: string;
  readonly virtualGatewayId: string | null;
  readonly directConnectGatewayId: string | null;
}

export interface DxGatewayAssociation {
  readonly directConnectGatewayId: string;
  readonly associatedGatewayId: string | null;
  readonly state: string;
  /** The prefixes it advertises to on-premises; null when the record lists none. */
  readonly allowedPrefixes: readonly string[] | null;
}

export interface PeeringSide {
  readonly vpcId: string;
  readonly ownerId: string | null;
  readonly region: string | null;
  readonly cidrs: readonly string[];
  readonly ipv6Cidrs: readonly string[];
}

export interface PeeringConnection {
  readonly id: string;
  /** Status.Code: only 'active' connections carry traffic. */
  readonly status: string;
  readonly requester: PeeringSide;
  readonly accepter: PeeringSide;
}

export interface NatGateway {
  readonly id: string;
  readonly vpcId: string;
  /** Null for a regional NAT gateway, which has no subnet of its own. */
  readonly subnetId: string | null;
  readonly state: string;
  readonly privateIps: readonly string[];
  readonly publicIps: readonly string[];
}

export interface VpcEndpoint {
  readonly id: string;
  readonly vpcId: string;
  readonly type: string;
  readonly serviceName: string;
  readonly state: string;
  readonly routeTableIds: readonly string[];
  readonly subnetIds: readonly string[];
  readonly networkInterfaceIds: readonly string[];
  readonly groupIds: readonly string[];
}

export interface TransitGateway {
  readonly id: string;
  readonly ownerId: string | null;
  readonly state: string;
  readonly associationDefaultRouteTableId: string | null;
  readonly propagationDefaultRouteTableId: string | null;
}

export interface TransitGatewayAttachment {
  readonly id: string;
  readonly transitGatewayId: string;
  /** vpc, vpn, direct-connect-gateway, peering, connect, ... */
  readonly resourceType: string;
  readonly resourceId: string | null;
  readonly state: string;
  /** VPC attachments: the subnets the TGW uses, one per AZ. Empty when unknown. */
  readonly subnetIds: readonly string[];
  readonly associatedRouteTableId: string | null;
  /**
   * Set when no record says whether it is associated: describe-transit-gateway-vpc-attachments has
   * no Association, and an account other than the gateway's owner may not see it. Absent in the
   * owner's describe-transit-gateway-attachments, an Association means there is none.
   */
  readonly associationUnknown?: true;
  /**
   * A peering attachment has one id and a record on each side: the other side's transit gateway
   * and its association there, when the snapshot holds that record too.
   */
  readonly otherSide?: { readonly transitGatewayId: string; readonly associatedRouteTableId: string | null };
}

export interface TransitGatewayRoute {
  readonly cidr: string;
  readonly attachmentIds: readonly string[];
  readonly blackhole: boolean;
  readonly type: 'static' | 'propagated';
  /** A route that references a managed prefix list (one route per list CIDR, listed as propagated by AWS): it ranks below static routes, above propagated ones. */
  readonly prefixListId?: string;
  /** The resource type of the attachment a propagated route leads to (vpc, vpn, direct-connect-gateway, connect, …): it orders propagated routes of one prefix. */
  readonly resourceType?: string;
}

export interface TransitGatewayRouteTable {
  readonly id: string;
  readonly transitGatewayId: string;
  readonly defaultAssociation: boolean;
  readonly defaultPropagation: boolean;
  /** null when the table's routes were not collected. */
  readonly routes: readonly TransitGatewayRoute[] | null;
}

export interface PrefixList {
  readonly id: string;
  readonly name: string | null;
  /** null when the entries were not collected (a coverage gap for rules and routes that use it). */
  readonly cidrs: readonly string[] | null;
}

export type LoadBalancerKind = 'classic' | 'application' | 'network' | 'gateway';

export interface LoadBalancerListener {
  readonly port: number;
  /** Listener protocol as AWS names it (HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, SSL, GENEVE). */
  readonly protocol: string;
  /** Classic ELB: InstancePort. */
  readonly instancePort: number | null;
  /** ALB/NLB: target groups of the default actions and of the listener's rules (forward actions only). */
  readonly targetGroupArns: readonly string[];
  readonly listenerArn: string | null;
}

export interface LoadBalancer {
  /** Classic: the load balancer name; v2: the ARN. */
  readonly id: string;
  readonly name: string;
  readonly kind: LoadBalancerKind;
  readonly scheme: 'internet-facing' | 'internal';
  readonly vpcId: string | null;
  readonly subnetIds: readonly string[];
  /** null when the data lists no groups (NLB without groups, or groups not collected). */
  readonly securityGroupIds: readonly string[] | null;
  /** null when the listeners were not collected. */
  readonly listeners: readonly LoadBalancerListener[] | null;
  /** Classic ELB: registered instances. */
  readonly instanceIds: readonly string[];
  readonly dnsName: string | null;
  /** load_balancing.cross_zone.enabled, when known. */
  readonly crossZone: boolean | null;
  /** IpAddressType: ipv4, dualstack or dualstack-without-public-ipv4 (no public IPv4: no IPv4 internet clients); null when not recorded. */
  readonly ipAddressType: string | null;
}

export interface Target {
  readonly id: string;
  readonly port: number | null;
  readonly availabilityZone: string | null;
}

export interface TargetGroup {
  readonly arn: string;
  readonly name: string;
  readonly targetType: 'instance' | 'ip' | 'lambda' | 'alb';
  readonly protocol: string | null;
  readonly port: number | null;
  readonly vpcId: string | null;
  readonly loadBalancerArns: readonly string[];
  /** null when target health (the registered targets) was not collected. */
  readonly targets: readonly Target[] | null;
  /** preserve_client_ip.enabled; null when the attribute was not collected (AWS default applies). */
  readonly preserveClientIp: boolean | null;
}

/** Something the snapshot lacks or that was skipped; shown in the assessment's coverage. */
export interface CoverageNote {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly reason: string;
  /** The snapshot file involved, relative to the snapshot folder, when there is one. */
  readonly file: string | null;
}

export interface Network {
  readonly vpcs: ReadonlyMap<string, Vpc>;
  readonly subnets: ReadonlyMap<string, Subnet>;
  readonly routeTables: ReadonlyMap<string, RouteTable>;
  readonly networkAcls: ReadonlyMap<string, NetworkAcl>;
  readonly securityGroups: ReadonlyMap<string, SecurityGroup>;
  readonly networkInterfaces: ReadonlyMap<string, NetworkInterface>;
  readonly instances: ReadonlyMap<string, Instance>;
  readonly internetGateways: ReadonlyMap<string, InternetGateway>;
  readonly egressOnlyInternetGateways: ReadonlyMap<string, EgressOnlyInternetGateway>;
  readonly vpnGateways: ReadonlyMap<string, VpnGateway>;
  readonly vpnConnections: ReadonlyMap<string, VpnConnection>;
  readonly dxVirtualInterfaces: ReadonlyMap<string, DxVirtualInterface>;
  readonly dxGatewayAssociations: readonly DxGatewayAssociation[];
  readonly peeringConnections: ReadonlyMap<string, PeeringConnection>;
  readonly natGateways: ReadonlyMap<string, NatGateway>;
  readonly vpcEndpoints: ReadonlyMap<string, VpcEndpoint>;
  readonly transitGateways: ReadonlyMap<string, TransitGateway>;
  readonly transitGatewayAttachments: ReadonlyMap<string, TransitGatewayAttachment>;
  readonly transitGatewayRouteTables: ReadonlyMap<string, TransitGatewayRouteTable>;
  readonly prefixLists: ReadonlyMap<string, PrefixList>;
  readonly loadBalancers: ReadonlyMap<string, LoadBalancer>;
  readonly targetGroups: ReadonlyMap<string, TargetGroup>;
  /** Which kinds of data the snapshot holds at all (top-level keys seen), e.g. 'VpnConnections'. */
  readonly kindsPresent: ReadonlySet<string>;
  /** AWS calls the snapshot's manifest records as failed (e.g. 'directconnect:DescribeVirtualInterfaces'): their data is missing, not empty. */
  readonly failedCalls: ReadonlySet<string>;
  /** The snapshot's own collection time (manifest.json), ISO-8601, when known. */
  readonly collectedAt: string | null;
  /** Gaps and skipped parts found while loading. */
  readonly coverage: readonly CoverageNote[];
}

/** One instance's listener data (SPEC §1, the "agent"). */
export interface ListenerProcess {
  readonly name: string;
  readonly pid: number | null;
  readonly path: string | null;
}

export interface Listener {
  readonly protocol: Transport;
  readonly port: number;
  readonly address: string;
  readonly process: ListenerProcess | null;
  /** A `::` socket known to be IPV6_V6ONLY (ss prints it `[::]`): it takes no IPv4 traffic. Absent: dual-stack. */
  readonly ipv6Only?: boolean;
}

export interface ListenerData {
  readonly instanceId: string;
  readonly collectedAt: string | null;
  readonly listeners: readonly Listener[];
}
