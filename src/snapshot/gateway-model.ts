// Gateways and connections: internet, egress-only, virtual private and NAT gateways, VPN
// connections, VPC endpoints, peering connections and Direct Connect.
import { compareText } from '../model/compare-text.js';
import type {
  DxGatewayAssociation,
  DxVirtualInterface,
  EgressOnlyInternetGateway,
  InternetGateway,
  NatGateway,
  PeeringConnection,
  PeeringSide,
  VpcEndpoint,
  VpnConnection,
  VpnGateway,
} from '../model/types.js';
import type { RawDirectConnectGatewayAssociation, RawVirtualInterface } from './dx-schemas.js';
import type {
  RawEgressOnlyInternetGateway,
  RawInternetGateway,
  RawNatGateway,
  RawPeeringConnection,
  RawPeeringSide,
  RawVpcEndpoint,
  RawVpnConnection,
  RawVpnGateway,
} from './ec2-schemas.js';
import { indexById, sortedUnique, unionInOrder } from './merge.js';
import type { Found } from './raw-snapshot.js';

type VpcAttachments = readonly { readonly VpcId: string; readonly State?: string | null }[] | null | undefined;

function attachedVpcs(attachments: VpcAttachments, states: ReadonlySet<string>): string[] {
  return sortedUnique((attachments ?? []).filter((a) => a.State == null || states.has(a.State)).map((a) => a.VpcId));
}

const IGW_ATTACHED = new Set(['available', 'attached']);
const VGW_ATTACHED = new Set(['attached']);

export function buildInternetGateways(found: readonly Found<RawInternetGateway>[]): Map<string, InternetGateway> {
  return indexById(found.map(({ item }) => ({ id: item.InternetGatewayId, vpcIds: attachedVpcs(item.Attachments, IGW_ATTACHED) })));
}

export function buildEgressOnlyInternetGateways(
  found: readonly Found<RawEgressOnlyInternetGateway>[],
): Map<string, EgressOnlyInternetGateway> {
  return indexById(
    found.map(({ item }) => ({ id: item.EgressOnlyInternetGatewayId, vpcIds: attachedVpcs(item.Attachments, IGW_ATTACHED) })),
  );
}

export function buildVpnGateways(found: readonly Found<RawVpnGateway>[]): Map<string, VpnGateway> {
  return indexById(
    found.map(({ item }) => ({
      id: item.VpnGatewayId,
      state: item.State ?? 'unknown',
      vpcIds: attachedVpcs(item.VpcAttachments, VGW_ATTACHED),
    })),
  );
}

/** VPN static route states that do not route (yet or any more): only `available` ones do. */
const NOT_ROUTING = new Set(['pending', 'deleting', 'deleted']);

export function buildVpnConnections(found: readonly Found<RawVpnConnection>[]): Map<string, VpnConnection> {
  return indexById(
    found.map(({ item }) => ({
      id: item.VpnConnectionId,
      state: item.State ?? 'unknown',
      vpnGatewayId: item.VpnGatewayId ?? null,
      transitGatewayId: item.TransitGatewayId ?? null,
      customerGatewayId: item.CustomerGatewayId ?? null,
      staticRoutes: unionInOrder(
        (item.Routes ?? []).filter((r) => !NOT_ROUTING.has(r.State ?? '')).map((r) => r.DestinationCidrBlock),
        [],
      ),
      staticRoutesOnly: item.Options?.StaticRoutesOnly ?? null,
    })),
  );
}

export function buildNatGateways(found: readonly Found<RawNatGateway>[]): Map<string, NatGateway> {
  return indexById(
    found.map(({ item }) => {
      const addresses = item.NatGatewayAddresses ?? [];
      return {
        id: item.NatGatewayId,
        vpcId: item.VpcId,
        subnetId: item.SubnetId ?? null,
        state: item.State ?? 'unknown',
        privateIps: unionInOrder(addresses.flatMap((a) => (a.PrivateIp != null ? [a.PrivateIp] : [])), []),
        publicIps: unionInOrder(addresses.flatMap((a) => (a.PublicIp != null ? [a.PublicIp] : [])), []),
      };
    }),
  );
}

export function buildVpcEndpoints(found: readonly Found<RawVpcEndpoint>[]): Map<string, VpcEndpoint> {
  return indexById(
    found.map(({ item }) => {
      const routeTableIds = sortedUnique(item.RouteTableIds ?? []);
      return {
        id: item.VpcEndpointId,
        vpcId: item.VpcId,
        // Only gateway endpoints are route targets; an untyped record is judged by that.
        type: item.VpcEndpointType ?? (routeTableIds.length > 0 ? 'Gateway' : 'Interface'),
        serviceName: item.ServiceName ?? '',
        state: item.State ?? 'unknown',
        routeTableIds,
        subnetIds: sortedUnique(item.SubnetIds ?? []),
        networkInterfaceIds: sortedUnique(item.NetworkInterfaceIds ?? []),
        groupIds: sortedUnique((item.Groups ?? []).map((g) => g.GroupId)),
      };
    }),
  );
}

function peeringSideOf(side: RawPeeringSide): PeeringSide {
  return {
    vpcId: side.VpcId,
    ownerId: side.OwnerId ?? null,
    region: side.Region ?? null,
    cidrs: unionInOrder(side.CidrBlock != null ? [side.CidrBlock] : [], (side.CidrBlockSet ?? []).map((c) => c.CidrBlock)),
    ipv6Cidrs: unionInOrder((side.Ipv6CidrBlockSet ?? []).map((c) => c.Ipv6CidrBlock), []),
  };
}

function mergePeeringSides(kept: PeeringSide, other: PeeringSide): PeeringSide {
  return {
    vpcId: kept.vpcId,
    ownerId: kept.ownerId ?? other.ownerId,
    region: kept.region ?? other.region,
    cidrs: kept.cidrs.length > 0 ? kept.cidrs : other.cidrs,
    ipv6Cidrs: kept.ipv6Cidrs.length > 0 ? kept.ipv6Cidrs : other.ipv6Cidrs,
  };
}

export function buildPeeringConnections(found: readonly Found<RawPeeringConnection>[]): Map<string, PeeringConnection> {
  return indexById(
    found.map(({ item }) => ({
      id: item.VpcPeeringConnectionId,
      status: item.Status?.Code ?? 'unknown',
      requester: peeringSideOf(item.RequesterVpcInfo),
      accepter: peeringSideOf(item.AccepterVpcInfo),
    })),
    (kept, other) => ({
      ...kept,
      requester: mergePeeringSides(kept.requester, other.requester),
      accepter: mergePeeringSides(kept.accepter, other.accepter),
    }),
  );
}

function nonEmpty(text: string | null | undefined): string | null {
  return text == null || text === '' ? null : text;
}

export function buildDxVirtualInterfaces(found: readonly Found<RawVirtualInterface>[]): Map<string, DxVirtualInterface> {
  return indexById(
    found.map(({ item }) => ({
      id: item.virtualInterfaceId,
      state: item.virtualInterfaceState ?? 'unknown',
      virtualGatewayId: nonEmpty(item.virtualGatewayId),
      directConnectGatewayId: nonEmpty(item.directConnectGatewayId),
    })),
  );
}

function allowedPrefixesOf(item: RawDirectConnectGatewayAssociation): string[] | null {
  const cidrs = (item.allowedPrefixesToDirectConnectGateway ?? []).flatMap((p) => (p.cidr != null ? [p.cidr] : []));
  return cidrs.length === 0 ? null : sortedUnique(cidrs);
}

export function buildDxGatewayAssociations(found: readonly Found<RawDirectConnectGatewayAssociation>[]): DxGatewayAssociation[] {
  const byKey = new Map<string, DxGatewayAssociation>();
  for (const { item } of found) {
    const association: DxGatewayAssociation = {
      directConnectGatewayId: item.directConnectGatewayId,
      associatedGatewayId: nonEmpty(item.associatedGateway?.id) ?? nonEmpty(item.virtualGatewayId),
      state: item.associationState ?? 'unknown',
      allowedPrefixes: allowedPrefixesOf(item),
    };
    const key = `${association.directConnectGatewayId} ${association.associatedGatewayId ?? ''}`;
    if (!byKey.has(key)) byKey.set(key, association);
  }
  return [...byKey.entries()].sort(([a], [b]) => compareText(a, b)).map(([, v]) => v);
}
