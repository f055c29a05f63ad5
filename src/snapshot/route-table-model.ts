import type { Route, RouteOrigin, RouteTable, RouteTarget } from '../model/types.js';
import type { RawRoute, RawRouteTable } from './ec2-schemas.js';
import { carryingFirst, indexById, mergeRecords, sortedUnique } from './merge.js';
import type { Found } from './raw-snapshot.js';

const GATEWAY_PREFIXES: readonly (readonly [string, RouteTarget['kind']])[] = [
  ['igw-', 'igw'],
  ['vgw-', 'vgw'],
  ['vpce-', 'vpce'],
];

export function routeTargetOf(route: RawRoute): RouteTarget {
  const gateway = route.GatewayId;
  if (gateway != null) {
    if (gateway === 'local') return { kind: 'local', id: 'local' };
    const prefixed = GATEWAY_PREFIXES.find(([prefix]) => gateway.startsWith(prefix));
    return { kind: prefixed?.[1] ?? 'other', id: gateway };
  }
  if (route.NatGatewayId != null) return { kind: 'nat', id: route.NatGatewayId };
  if (route.VpcPeeringConnectionId != null) return { kind: 'pcx', id: route.VpcPeeringConnectionId };
  if (route.TransitGatewayId != null) return { kind: 'tgw', id: route.TransitGatewayId };
  if (route.EgressOnlyInternetGatewayId != null) return { kind: 'eigw', id: route.EgressOnlyInternetGatewayId };
  // An instance route names both the instance and its ENI; the ENI is what forwards.
  if (route.NetworkInterfaceId != null) return { kind: 'eni', id: route.NetworkInterfaceId };
  if (route.InstanceId != null) return { kind: 'instance', id: route.InstanceId };
  const nextHop = route.IpAddress != null && route.IpAddress !== '' ? `next hop ${route.IpAddress}` : null;
  const other = route.CarrierGatewayId ?? route.LocalGatewayId ?? route.CoreNetworkArn ?? route.OdbNetworkArn ?? nextHop ?? 'unknown';
  return { kind: 'other', id: other };
}

function routeOriginOf(origin: string | null | undefined, target: RouteTarget): RouteOrigin {
  if (origin === 'CreateRouteTable') return 'local';
  if (origin === 'EnableVgwRoutePropagation') return 'propagated';
  if (origin == null && target.kind === 'local') return 'local';
  return 'static';
}

function routeOf(route: RawRoute): Route {
  const target = routeTargetOf(route);
  const cidr = route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock;
  return {
    destination:
      cidr != null ? { kind: 'cidr', cidr } : { kind: 'prefixList', prefixListId: route.DestinationPrefixListId ?? '' },
    target,
    origin: routeOriginOf(route.Origin, target),
    blackhole: route.State === 'blackhole',
  };
}

export const GONE_ASSOCIATION = new Set(['disassociating', 'disassociated', 'failed']);

/** Whether a copy carries its Routes (AWS always writes them; a record without them says nothing of its routes). */
export const carriesRoutes = (table: RawRouteTable): boolean => table.Routes != null;

export function buildRouteTables(found: readonly Found<RawRouteTable>[]): Map<string, RouteTable> {
  return indexById(
    carryingFirst(found, ({ item }) => carriesRoutes(item)).map(({ item }): RouteTable => {
      const associations = (item.Associations ?? []).filter((a) => !GONE_ASSOCIATION.has(a.AssociationState?.State ?? ''));
      return {
        id: item.RouteTableId,
        vpcId: item.VpcId,
        main: associations.some((a) => a.Main === true),
        subnetIds: sortedUnique(associations.flatMap((a) => (a.SubnetId != null ? [a.SubnetId] : []))),
        gatewayIds: sortedUnique(associations.flatMap((a) => (a.GatewayId != null ? [a.GatewayId] : []))),
        routes: (item.Routes ?? []).map(routeOf),
      };
    }),
    (kept, other) => ({ ...mergeRecords(kept, other), routes: kept.routes }),
  );
}
