// Transit gateways, their attachments and route tables. Routes come from
// search-transit-gateway-routes files or Batfish's TransitGatewayStaticRoutes; a table that none
// of them mentions has routes null (not collected), never an empty table.
import type {
  CoverageNote,
  PrefixList,
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayRoute,
  TransitGatewayRouteTable,
  Vpc,
  VpnConnection,
} from '../model/types.js';
import { indexById, sortedUnique } from './merge.js';
import type { RawSnapshot } from './raw-snapshot.js';
import type { RawTransitGatewayRoute } from './tgw-schemas.js';
import { vpnRoutedCidrs } from '../model/vpn-routes.js';
import { attachmentInService } from '../model/transit-gateway-states.js';

const TGW_ROUTE_TABLE = 'AWS::EC2::TransitGatewayRouteTable';
const GONE = new Set(['deleting', 'deleted']);
const NOT_ASSOCIATED = new Set(['disassociating', 'disassociated']);

export interface TransitGatewayParts {
  readonly transitGateways: Map<string, TransitGateway>;
  readonly transitGatewayAttachments: Map<string, TransitGatewayAttachment>;
  readonly transitGatewayRouteTables: Map<string, TransitGatewayRouteTable>;
}

interface Known {
  readonly vpcs: ReadonlyMap<string, Vpc>;
  readonly vpnConnections: ReadonlyMap<string, VpnConnection>;
  readonly prefixLists: ReadonlyMap<string, PrefixList>;
}

function buildAttachments(raw: RawSnapshot): Map<string, TransitGatewayAttachment> {
  const records: TransitGatewayAttachment[] = raw.transitGatewayAttachments.map(({ item, origin }) => {
    const association = item.Association;
    const associated = association != null && !NOT_ASSOCIATED.has(association.State ?? '');
    // Without an Association, the gateway owner's record says "none"; another account's may not see it.
    const owner = item.TransitGatewayOwnerId ?? null;
    const known = association != null || owner === null || origin.account === null || origin.account === owner;
    return {
      id: item.TransitGatewayAttachmentId,
      transitGatewayId: item.TransitGatewayId,
      resourceType: item.ResourceType ?? 'unknown',
      resourceId: item.ResourceId ?? null,
      state: item.State ?? 'unknown',
      subnetIds: [],
      associatedRouteTableId: associated ? (association.TransitGatewayRouteTableId ?? null) : null,
      ...(known ? {} : { associationUnknown: true as const }),
    };
  });
  // describe-transit-gateway-vpc-attachments adds the subnets (one per AZ the TGW can reach); it has no Association.
  for (const { item } of raw.transitGatewayVpcAttachments) {
    records.push({
      id: item.TransitGatewayAttachmentId,
      transitGatewayId: item.TransitGatewayId,
      resourceType: 'vpc',
      resourceId: item.VpcId,
      state: item.State ?? 'unknown',
      subnetIds: sortedUnique(item.SubnetIds ?? []),
      associatedRouteTableId: null,
      associationUnknown: true,
    });
  }
  return indexById(records, (kept, other) => {
    // The two sides of a peering attachment: each keeps its own gateway's association.
    if (other.transitGatewayId !== kept.transitGatewayId) {
      return kept.otherSide?.associatedRouteTableId != null
        ? kept
        : { ...kept, otherSide: { transitGatewayId: other.transitGatewayId, associatedRouteTableId: other.associatedRouteTableId } };
    }
    return mergedAttachment(kept, other);
  });
}

function mergedAttachment(kept: TransitGatewayAttachment, other: TransitGatewayAttachment): TransitGatewayAttachment {
  const { associationUnknown, ...known } = kept;
  return {
    ...known,
    resourceType: kept.resourceType === 'unknown' ? other.resourceType : kept.resourceType,
    resourceId: kept.resourceId ?? other.resourceId,
    state: kept.state === 'unknown' ? other.state : kept.state,
    subnetIds: sortedUnique([...kept.subnetIds, ...other.subnetIds]),
    associatedRouteTableId: kept.associatedRouteTableId ?? other.associatedRouteTableId,
    // Unknown only while no record knows it.
    ...(associationUnknown === true && other.associationUnknown === true ? { associationUnknown } : {}),
  };
}

function routeKey(r: TransitGatewayRoute): string {
  return `${r.type} ${r.cidr} ${r.attachmentIds.join(',')} ${r.blackhole} ${r.prefixListId ?? ''}`;
}

/** A table's routes, each once. */
class RouteList {
  readonly routes: TransitGatewayRoute[] = [];
  /** The search that listed them said more routes were available (AdditionalRoutesAvailable). */
  partial = false;
  private readonly keys = new Set<string>();

  add(route: TransitGatewayRoute): void {
    const key = routeKey(route);
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.routes.push(route);
  }
}

/** Routes listed in files, by table id; prefix-list routes become one route per list CIDR. */
function listedRoutes(raw: RawSnapshot, known: Known, attachments: ReadonlyMap<string, TransitGatewayAttachment>, coverage: CoverageNote[]): Map<string, RouteList> {
  const byTable = new Map<string, RouteList>();
  for (const { item, origin } of raw.transitGatewayTableRoutes) {
    const tableId = item.TransitGatewayRouteTableId;
    const routes = byTable.get(tableId) ?? new RouteList();
    byTable.set(tableId, routes);
    if (item.AdditionalRoutesAvailable === true) {
      routes.partial = true;
      coverage.push({
        resourceType: TGW_ROUTE_TABLE,
        resourceId: tableId,
        reason: 'more routes than the search returned (AdditionalRoutesAvailable): the route list is partial, so its routes are treated as not collected',
        file: origin.file,
      });
    }
    for (const r of item.Routes) {
      if (GONE.has(r.State ?? '')) continue;
      // A prefix-list reference is listed as one route per entry, each with its CIDR, the list's id and Type propagated.
      const prefixListId = r.PrefixListId ?? null;
      const targets = r.TransitGatewayAttachments ?? [];
      const attachmentIds = sortedUnique(targets.flatMap((a) => a.TransitGatewayAttachmentId ?? []));
      // Which kind of attachment propagated a route orders it among the propagated routes of its prefix.
      const resourceType =
        r.Type === 'propagated' && prefixListId === null
          ? (targets.find((a) => a.ResourceType != null)?.ResourceType ?? attachments.get(attachmentIds[0] ?? '')?.resourceType ?? null)
          : null;
      for (const cidr of destinationsOf(r, tableId, known, coverage, origin.file)) {
        routes.add({
          cidr,
          attachmentIds,
          blackhole: r.State === 'blackhole',
          type: r.Type ?? 'static',
          ...(prefixListId === null ? {} : { prefixListId }),
          ...(resourceType === null || resourceType === 'unknown' ? {} : { resourceType }),
        });
      }
    }
  }
  return byTable;
}

function destinationsOf(
  route: RawTransitGatewayRoute,
  tableId: string,
  known: Known,
  coverage: CoverageNote[],
  file: string,
): readonly string[] {
  if (route.DestinationCidrBlock != null) return [route.DestinationCidrBlock];
  const listId = route.PrefixListId ?? '';
  const cidrs = known.prefixLists.get(listId)?.cidrs;
  if (cidrs != null) return cidrs;
  coverage.push({
    resourceType: TGW_ROUTE_TABLE,
    resourceId: tableId,
    reason: `route to prefix list ${listId} skipped: the list's entries are not in the snapshot`,
    file,
  });
  return [];
}

/**
 * Propagated routes are not in Batfish's TransitGatewayStaticRoutes. When a table has enabled
 * propagations but no propagated route is listed, they are synthesised as AWS would create them:
 * a VPC attachment propagates its VPC's IPv4 CIDRs, a static VPN its static routes. BGP-learned
 * routes (dynamic VPN, Direct Connect, Connect) cannot be known and go to the coverage.
 */
function synthesisePropagatedRoutes(
  raw: RawSnapshot,
  routesByTable: ReadonlyMap<string, RouteList>,
  attachments: ReadonlyMap<string, TransitGatewayAttachment>,
  known: Known,
  coverage: CoverageNote[],
): void {
  const listsPropagated = new Set(
    [...routesByTable].filter(([, list]) => list.routes.some((r) => r.type === 'propagated')).map(([tableId]) => tableId),
  );
  for (const { item, origin } of raw.transitGatewayTablePropagations) {
    const tableId = item.TransitGatewayRouteTableId;
    const routes = routesByTable.get(tableId);
    // A search (search-transit-gateway-routes) lists propagated routes too: only Batfish's static-only form lacks them.
    if (routes === undefined || listsPropagated.has(tableId) || !raw.staticRouteTables.has(tableId)) continue;
    for (const p of item.TransitGatewayRouteTablePropagations) {
      if (p.State != null && p.State !== 'enabled') continue;
      const attachment = attachments.get(p.TransitGatewayAttachmentId);
      // An attachment out of service (rejected, pending acceptance, deleted) installs no routes.
      if (attachment !== undefined && attachment.state !== 'unknown' && !attachmentInService(attachment)) continue;
      const resourceType = p.ResourceType ?? attachment?.resourceType ?? 'unknown';
      const typed = resourceType === 'unknown' ? {} : { resourceType };
      const resourceId = p.ResourceId ?? attachment?.resourceId ?? null;
      const cidrs = propagatedCidrs(resourceType, resourceId, known);
      if (cidrs === null) {
        // Learned over BGP (a dynamic VPN, Direct Connect): unknown, so any address may be routed
        // there — a route for everything, which every more specific known route still beats.
        coverage.push({
          resourceType: TGW_ROUTE_TABLE,
          resourceId: tableId,
          reason: `routes propagated from ${p.TransitGatewayAttachmentId} (${resourceType}${resourceId !== null ? ` ${resourceId}` : ''}) are not in the snapshot; any address no other route takes is assumed to go there`,
          file: origin.file,
        });
        routes.add({ cidr: '0.0.0.0/0', attachmentIds: [p.TransitGatewayAttachmentId], blackhole: false, type: 'propagated', ...typed });
        continue;
      }
      for (const cidr of cidrs) {
        routes.add({ cidr, attachmentIds: [p.TransitGatewayAttachmentId], blackhole: false, type: 'propagated', ...typed });
      }
    }
  }
}

function propagatedCidrs(resourceType: string, resourceId: string | null, known: Known): readonly string[] | null {
  if (resourceId === null) return null;
  if (resourceType === 'vpc') return known.vpcs.get(resourceId)?.cidrs ?? null;
  if (resourceType === 'vpn') {
    const vpn = known.vpnConnections.get(resourceId);
    return vpn === undefined ? null : vpnRoutedCidrs(vpn);
  }
  return null;
}

/**
 * Tables whose listed routes are not all of them: a search that said more routes were available,
 * or Batfish's TransitGatewayStaticRoutes (static routes only) with no propagation entry for the
 * table, so its propagated routes are unknown. Their routes read as not collected, never as a
 * table that routes nothing.
 */
function partialTables(raw: RawSnapshot, routesByTable: ReadonlyMap<string, RouteList>, coverage: CoverageNote[]): string[] {
  const partial = new Set([...routesByTable].filter(([, list]) => list.partial).map(([tableId]) => tableId));
  const propagationsKnown = new Set(raw.transitGatewayTablePropagations.map(({ item }) => item.TransitGatewayRouteTableId));
  for (const { item, origin } of raw.transitGatewayTableRoutes) {
    const tableId = item.TransitGatewayRouteTableId;
    if (!raw.staticRouteTables.has(tableId) || propagationsKnown.has(tableId) || partial.has(tableId)) continue;
    if (routesByTable.get(tableId)?.routes.some((r) => r.type === 'propagated') === true) continue;
    partial.add(tableId);
    coverage.push({
      resourceType: TGW_ROUTE_TABLE,
      resourceId: tableId,
      reason: 'its propagated routes are not in the snapshot (TransitGatewayStaticRoutes lists static routes only, and no TransitGatewayPropagations entry names this table); its routes are treated as not collected',
      file: origin.file,
    });
  }
  return [...partial];
}

export function buildTransitGatewayParts(raw: RawSnapshot, known: Known, coverage: CoverageNote[]): TransitGatewayParts {
  const transitGateways = indexById(
    raw.transitGateways.map(({ item, origin }): TransitGateway => ({
      id: item.TransitGatewayId,
      ownerId: item.OwnerId ?? origin.account,
      state: item.State ?? 'unknown',
      associationDefaultRouteTableId: item.Options?.AssociationDefaultRouteTableId ?? null,
      propagationDefaultRouteTableId: item.Options?.PropagationDefaultRouteTableId ?? null,
    })),
  );
  const transitGatewayAttachments = buildAttachments(raw);
  const routesByTable = listedRoutes(raw, known, transitGatewayAttachments, coverage);
  synthesisePropagatedRoutes(raw, routesByTable, transitGatewayAttachments, known, coverage);
  const incomplete = new Set([...raw.incomplete.transitGatewayRouteTableRoutes, ...partialTables(raw, routesByTable, coverage)]);
  const transitGatewayRouteTables = indexById(
    raw.transitGatewayRouteTables.map(({ item }): TransitGatewayRouteTable => {
      const id = item.TransitGatewayRouteTableId;
      return {
        id,
        transitGatewayId: item.TransitGatewayId,
        defaultAssociation: item.DefaultAssociationRouteTable ?? false,
        defaultPropagation: item.DefaultPropagationRouteTable ?? false,
        routes: incomplete.has(id) ? null : (routesByTable.get(id)?.routes ?? null),
      };
    }),
  );
  return { transitGateways, transitGatewayAttachments, transitGatewayRouteTables };
}
