// A transit gateway hub, the way large organisations connect their VPCs: every VPC attached in one
// private subnet per zone, one route table that every attachment is associated with and propagates
// its CIDR to, on-premises behind a VPN attachment that advertises its range over BGP, and every
// VPC route table sending 10.0.0.0/8 and on-premises to the gateway (peering routes, more specific,
// still win for the peered VPCs). One private subnet of the eighth VPC is quarantined: the hub's
// table blackholes it, so the spokes reach the rest of its VPC but not it. Drawn from a random generator of its own, so that an estate
// without the hub is the same bytes as before the hub existed.
import { ipv4 } from './addresses.js';
import type { SeededRandom } from './random.js';
import type { VpcPlan } from './vpc-network.js';

type Json = Record<string, unknown>;

/** On-premises behind the hub's VPN attachment (the VGWs' on-premises range is 192.168.0.0/16). */
/** The VPC (by index) one of whose private subnets the hub's table blackholes. */
const QUARANTINED_VPC = 7;

export const HUB_ON_PREMISES = '172.20.0.0/16';

/** What every VPC route table of a hub estate sends to the gateway. */
export const HUB_DESTINATIONS: readonly string[] = ['10.0.0.0/8', HUB_ON_PREMISES];

export interface TransitGatewayHub {
  readonly transitGateways: Json[];
  readonly routeTables: Json[];
  readonly attachments: Json[];
  readonly vpcAttachments: Json[];
  readonly vpnConnections: Json[];
  readonly customerGateways: Json[];
  /** search-transit-gateway-routes of the one table, as the collector writes it. */
  readonly routes: { readonly parent: string; readonly doc: Json };
}

export function transitGatewayHub(random: SeededRandom, transitGatewayId: string, owner: string, vpcs: readonly VpcPlan[], customerGatewayIp: string): TransitGatewayHub {
  const table = random.awsId('tgw-rtb');
  const association = { TransitGatewayRouteTableId: table, State: 'associated' };
  const attachments: Json[] = [];
  const vpcAttachments: Json[] = [];
  const routes: Json[] = [];
  for (const vpc of vpcs) {
    const id = random.awsId('tgw-attach');
    const zones = new Set<string>();
    const subnets = vpc.subnets.filter((s) => s.tier === 'private' && !zones.has(s.zone) && zones.add(s.zone)).map((s) => s.id);
    attachments.push({ TransitGatewayAttachmentId: id, TransitGatewayId: transitGatewayId, TransitGatewayOwnerId: owner, ResourceOwnerId: owner, ResourceType: 'vpc', ResourceId: vpc.id, State: 'available', Association: association, CreationTime: '2025-03-02T10:00:00+00:00', Tags: [] });
    vpcAttachments.push({ TransitGatewayAttachmentId: id, TransitGatewayId: transitGatewayId, VpcId: vpc.id, VpcOwnerId: owner, State: 'available', SubnetIds: subnets, CreationTime: '2025-03-02T10:00:00+00:00', Options: { DnsSupport: 'enable', Ipv6Support: 'disable', ApplianceModeSupport: 'disable' }, Tags: [] });
    routes.push({ DestinationCidrBlock: vpc.cidr, TransitGatewayAttachments: [{ ResourceId: vpc.id, TransitGatewayAttachmentId: id, ResourceType: 'vpc' }], Type: 'propagated', State: 'active' });
    const quarantined = vpc.index === QUARANTINED_VPC ? vpc.subnets.find((s) => s.tier === 'private' && !subnets.includes(s.id)) : undefined;
    if (quarantined !== undefined) routes.push({ DestinationCidrBlock: `${ipv4(quarantined.base)}/22`, TransitGatewayAttachments: [], Type: 'static', State: 'blackhole' });
  }
  const vpn = random.awsId('vpn');
  const customerGateway = random.awsId('cgw');
  const vpnAttachment = random.awsId('tgw-attach');
  attachments.push({ TransitGatewayAttachmentId: vpnAttachment, TransitGatewayId: transitGatewayId, TransitGatewayOwnerId: owner, ResourceOwnerId: owner, ResourceType: 'vpn', ResourceId: vpn, State: 'available', Association: association, CreationTime: '2025-03-02T10:00:00+00:00', Tags: [] });
  routes.push({ DestinationCidrBlock: HUB_ON_PREMISES, TransitGatewayAttachments: [{ ResourceId: vpn, TransitGatewayAttachmentId: vpnAttachment, ResourceType: 'vpn' }], Type: 'propagated', State: 'active' });
  return {
    transitGateways: [{ TransitGatewayId: transitGatewayId, TransitGatewayArn: `arn:aws:ec2:us-east-1:${owner}:transit-gateway/${transitGatewayId}`, State: 'available', OwnerId: owner, Options: { AmazonSideAsn: 64512, AutoAcceptSharedAttachments: 'disable', DefaultRouteTableAssociation: 'enable', AssociationDefaultRouteTableId: table, DefaultRouteTablePropagation: 'enable', PropagationDefaultRouteTableId: table, VpnEcmpSupport: 'enable', DnsSupport: 'enable' }, Tags: [] }],
    routeTables: [{ TransitGatewayRouteTableId: table, TransitGatewayId: transitGatewayId, State: 'available', DefaultAssociationRouteTable: true, DefaultPropagationRouteTable: true, CreationTime: '2025-03-02T10:00:00+00:00', Tags: [] }],
    attachments,
    vpcAttachments,
    vpnConnections: [{ CustomerGatewayId: customerGateway, Category: 'VPN', State: 'available', Type: 'ipsec.1', VpnConnectionId: vpn, TransitGatewayId: transitGatewayId, Options: { StaticRoutesOnly: false, TunnelInsideIpVersion: 'ipv4' }, Routes: [], VgwTelemetry: [] }],
    customerGateways: [{ BgpAsn: '65010', CustomerGatewayId: customerGateway, IpAddress: customerGatewayIp, State: 'available', Type: 'ipsec.1' }],
    routes: { parent: table, doc: { TransitGatewayRouteTableId: table, Routes: routes, AdditionalRoutesAvailable: false } },
  };
}
