// Transit gateway routing (SPEC §2 TransitGateway): each attachment is associated with one TGW
// route table, which routes what enters through that attachment; longest prefix wins, a static
// route beats a propagated one, a blackhole drops.
import { compareText } from '../model/compare-text.js';
import { AddressSet, compareAddresses, parseCidr, type IpFamily } from '../net/index.js';
import type { RouteTarget, RouteTargetKind, TransitGatewayAttachment, TransitGatewayRoute, TransitGatewayRouteTable } from '../model/types.js';
import { attachmentInService } from '../model/transit-gateway-states.js';
import type { NetworkIndex } from './network-index.js';
import { routedTo } from './routes.js';
import { cachedPer, memoOf, type AnswerMemo } from './answer-memo.js';

/**
 * A Direct Connect gateway association that carries traffic: `associated`, or `updating` (its
 * allowed prefixes are being changed; the association stays in service meanwhile).
 */
export const DX_ASSOCIATION_IN_SERVICE: ReadonlySet<string> = new Set(['associated', 'updating']);

export const TGW_ATTACHMENT_TYPE = 'AWS::EC2::TransitGatewayAttachment';
export const TGW_ROUTE_TABLE_TYPE = 'AWS::EC2::TransitGatewayRouteTable';

/** What the route table of an attachment is, seen from one transit gateway. */
export type AssociatedTable =
  | { readonly kind: 'table'; readonly table: TransitGatewayRouteTable; readonly assumed: boolean }
  | { readonly kind: 'not-associated' }
  | { readonly kind: 'not-collected'; readonly tableId: string };

interface RankedRoute {
  readonly route: TransitGatewayRoute;
  readonly addresses: AddressSet;
  readonly prefixLength: number;
  readonly network: bigint;
  readonly text: string;
}

const rankedCache = new WeakMap<TransitGatewayRouteTable, Map<IpFamily, RankedRoute[]>>();

/** Propagated routes of one prefix, by the kind of attachment that propagates them. */
const PROPAGATED_RANK: ReadonlyMap<string, number> = new Map([
  ['vpc', 0],
  ['direct-connect-gateway', 1],
  ['connect', 2],
  ['vpn', 3],
]);

/**
 * Among routes for the same destination (https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html,
 * route evaluation order): static routes, then routes that reference a prefix list (which AWS
 * lists with Type propagated), then propagated routes — a VPC's, then Direct Connect's, Connect's,
 * a VPN's, then any other.
 */
function routeRank(route: TransitGatewayRoute): number {
  if (route.prefixListId !== undefined) return 1;
  if (route.type !== 'propagated') return 0;
  return 2 + (PROPAGATED_RANK.get(route.resourceType ?? '') ?? PROPAGATED_RANK.size);
}

/** Routes of one family, longest prefix first, by routeRank at equal length. */
function rankedRoutes(table: TransitGatewayRouteTable, family: IpFamily): RankedRoute[] {
  return cachedPer(rankedCache, table, family, () =>
    (table.routes ?? [])
      .map((route) => ({ route, cidr: parseCidr(route.cidr) }))
      .filter((r): r is { route: TransitGatewayRoute; cidr: NonNullable<typeof r.cidr> } => r.cidr !== null && r.cidr.family === family)
      .map(({ route, cidr }) => ({ route, addresses: AddressSet.fromCidr(cidr), prefixLength: cidr.prefixLength, network: cidr.network, text: tgwRouteText(route) }))
      // Among routes the table does not tell apart, the lower network first, then by text: never the order AWS listed them in.
      .sort((a, b) => b.prefixLength - a.prefixLength || routeRank(a.route) - routeRank(b.route) || compareAddresses(a.network, b.network) || compareText(a.text, b.text)),
  );
}

export function tgwRouteText(route: TransitGatewayRoute): string {
  const target = route.blackhole ? 'blackhole' : route.attachmentIds.join(', ');
  const list = route.prefixListId === undefined ? '' : ` (prefix list ${route.prefixListId})`;
  return `${route.cidr}${list} -> ${target}${route.type === 'propagated' ? ', propagated' : ''}`;
}

/** The route that wins for one address; null when the table has none for it. */
export function tgwRouteFor(table: TransitGatewayRouteTable, destination: AddressSet): TransitGatewayRoute | null {
  for (const r of rankedRoutes(table, destination.family)) if (r.addresses.covers(destination)) return r.route;
  return null;
}

const routedCache = new WeakMap<TransitGatewayRouteTable, Map<IpFamily, ReadonlyMap<string, AddressSet>>>();

/**
 * Each attachment's share of the address space in this table: the addresses whose winning route
 * is active and leads to it (an ECMP route leads to each of its attachments). One sweep over the
 * table, kept, so that asking for one attachment costs an intersection, not a sweep.
 */
function routedByAttachment(table: TransitGatewayRouteTable, family: IpFamily): ReadonlyMap<string, AddressSet> {
  return cachedPer(routedCache, table, family, () => {
    const won = new Map<string, AddressSet[]>();
    let remaining = AddressSet.all(family);
    for (const r of rankedRoutes(table, family)) {
      if (remaining.isEmpty()) break;
      const share = remaining.intersect(r.addresses);
      if (share.isEmpty()) continue;
      remaining = remaining.subtract(r.addresses);
      if (r.route.blackhole) continue;
      for (const id of r.route.attachmentIds) {
        let shares = won.get(id);
        if (shares === undefined) won.set(id, (shares = []));
        shares.push(share);
      }
    }
    return new Map([...won].map(([id, shares]) => [id, AddressSet.unionAll(family, shares)]));
  });
}

/** Of `candidates`, the addresses whose winning route is active and leads to the attachment. */
export function tgwRoutedTo(table: TransitGatewayRouteTable, candidates: AddressSet, attachmentId: string): AddressSet {
  const routed = routedByAttachment(table, candidates.family).get(attachmentId);
  return routed === undefined ? AddressSet.empty(candidates.family) : candidates.intersect(routed);
}

/** The routes that win for some of `addresses`, in the table's order of evaluation: what a path through the table names. */
export function tgwRoutesFor(table: TransitGatewayRouteTable, addresses: AddressSet): TransitGatewayRoute[] {
  let remaining = addresses;
  const won: TransitGatewayRoute[] = [];
  for (const r of rankedRoutes(table, addresses.family)) {
    if (remaining.isEmpty()) break;
    if (!remaining.overlaps(r.addresses)) continue;
    remaining = remaining.subtract(r.addresses);
    won.push(r.route);
  }
  return won;
}

/**
 * The table routing traffic that enters `transitGatewayId` through the attachment. A peering
 * attachment has one id and a record on each side: the side of `transitGatewayId` gives its
 * association there; when the snapshot lacks that side's record, the gateway's default association
 * table is assumed.
 */
export function associatedTable(attachment: TransitGatewayAttachment, transitGatewayId: string, index: NetworkIndex): AssociatedTable {
  const ownSide = attachment.transitGatewayId === transitGatewayId;
  const otherSide = !ownSide && attachment.otherSide?.transitGatewayId === transitGatewayId ? attachment.otherSide : null;
  let tableId = ownSide ? attachment.associatedRouteTableId : (otherSide?.associatedRouteTableId ?? null);
  // No record of this side says how it is associated: the gateway's default association table is assumed.
  const assumed = ownSide ? tableId === null && attachment.associationUnknown === true : otherSide === null;
  if (assumed) {
    tableId = index.network.transitGateways.get(transitGatewayId)?.associationDefaultRouteTableId ?? null;
    const note = !ownSide
      ? `its association on ${transitGatewayId} is not in the snapshot; the gateway's default association table ${tableId ?? '(none)'} is assumed`
      : tableId === null
        ? `whether it is associated with a route table of ${transitGatewayId} is not in the snapshot, nor is the gateway's default; it is treated as not associated`
        : `whether it is associated with a route table of ${transitGatewayId} is not in the snapshot (no describe-transit-gateway-attachments record of the gateway's owner); the gateway's default association table ${tableId} is assumed`;
    index.coverage.add(TGW_ATTACHMENT_TYPE, attachment.id, note);
  }
  if (tableId === null) return { kind: 'not-associated' };
  const table = index.network.transitGatewayRouteTables.get(tableId);
  if (table === undefined || table.routes === null) {
    index.coverage.add(TGW_ATTACHMENT_TYPE, attachment.id, `the routes of its transit gateway route table ${tableId} were not collected; they are not checked`);
    return { kind: 'not-collected', tableId };
  }
  return { kind: 'table', table, assumed };
}

/** The table when it is known: null when the attachment is not associated or its table's routes were not collected. */
export function knownTable(associated: AssociatedTable): TransitGatewayRouteTable | null {
  return associated.kind === 'table' ? associated.table : null;
}

/** The gateway at the other end of a peering attachment, seen from `fromGateway`; null when the record does not name it. */
export function peerGatewayOf(peering: TransitGatewayAttachment, fromGateway: string): string | null {
  return peering.transitGatewayId === fromGateway ? peering.resourceId : peering.transitGatewayId;
}

/** Attachments in service of one transit gateway, including peering attachments recorded on the peer's side. */
export function attachmentsOf(transitGatewayId: string, index: NetworkIndex): TransitGatewayAttachment[] {
  return [...index.network.transitGatewayAttachments.values()]
    .filter((a) => attachmentInService(a) && (a.transitGatewayId === transitGatewayId || (a.resourceType === 'peering' && a.resourceId === transitGatewayId)))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The addresses behind an attachment that can send through it: a VPC's CIDRs. Null when they
 * cannot be known from the snapshot (a VPN, Direct Connect, peering): then the transit gateway's
 * own routes toward the attachment say which addresses can get a reply. A VPN on a transit gateway
 * keeps no routes of its own — its static routes live in the transit gateway's route tables
 * (https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-edit-static-routes.html) — so its Routes
 * list, empty in AWS's records, says nothing of who is behind it.
 */
export function attachmentAddresses(attachment: TransitGatewayAttachment, index: NetworkIndex): AddressSet | null {
  const id = attachment.resourceId;
  if (id === null || attachment.resourceType !== 'vpc') return null;
  // Asked for each attachment by every other one: its VPC's CIDRs are parsed once.
  return memoOf(vpcAddressMemos, index).get(id, () => {
    const vpc = index.network.vpcs.get(id);
    return vpc === undefined ? null : AddressSet.fromCidrs(4, vpc.cidrs.filter((c) => parseCidr(c)?.family === 4));
  });
}

const vpcAddressMemos = new WeakMap<NetworkIndex, AnswerMemo<AddressSet | null>>();

/** Route targets that are an appliance: an instance, its interface, a Gateway Load Balancer or firewall endpoint. */
const APPLIANCE_TARGETS: ReadonlySet<RouteTargetKind> = new Set(['eni', 'instance', 'vpce']);

/**
 * Whether a route sends traffic to an appliance. A gateway endpoint (S3, DynamoDB) is a `vpce`
 * target too, but what it receives goes to the AWS service, not back; an endpoint the snapshot
 * does not describe is taken for an appliance's (Gateway Load Balancer, Network Firewall).
 */
function isAppliance(target: RouteTarget, index: NetworkIndex): boolean {
  if (!APPLIANCE_TARGETS.has(target.kind)) return false;
  return target.kind !== 'vpce' || index.network.vpcEndpoints.get(target.id)?.type !== 'Gateway';
}

/** What a VPC sends back into its transit gateway, of what arrives from it. */
export interface Relay {
  /** Addresses its attachment subnets route back to the transit gateway, or to an appliance assumed to return them. */
  readonly addresses: AddressSet;
  /** The part that goes through an appliance (assumed to hand it back), with the routes that send it there. */
  readonly throughAppliance: AddressSet;
  readonly applianceRoutes: readonly string[];
}

/**
 * Of `candidates`, what the VPC behind a VPC attachment hands back to the same transit gateway
 * (an inspection or hairpin VPC): traffic arrives in the attachment's subnets, whose route tables
 * send it to the gateway again or to an appliance. What an appliance does is not in any snapshot;
 * it is assumed to return the traffic, as an inspection VPC's firewall does. Null when the
 * attachment's subnets are not known.
 */
export function relayedBy(attachment: TransitGatewayAttachment, transitGatewayId: string, candidates: AddressSet, index: NetworkIndex): Relay | null {
  if (attachment.resourceType !== 'vpc' || attachment.subnetIds.length === 0 || attachment.resourceId === null) return null;
  const vpc = index.network.vpcs.get(attachment.resourceId) ?? null;
  const toGateway = (t: RouteTarget): boolean => t.kind === 'tgw' && t.id === transitGatewayId;
  const toAppliance = (t: RouteTarget): boolean => isAppliance(t, index);
  let direct = AddressSet.empty(candidates.family);
  let throughAppliance = AddressSet.empty(candidates.family);
  const applianceRoutes = new Set<string>();
  for (const subnetId of attachment.subnetIds) {
    const table = index.routeTableOfSubnet(subnetId);
    if (table === null) continue;
    // What an appliance does here is this relay's own assumption (noteApplianceRelay), not routedTo's for replies.
    direct = direct.union(routedTo(table, vpc, candidates.family, candidates, toGateway, index, 'not followed').addresses);
    const appliance = routedTo(table, vpc, candidates.family, candidates, toAppliance, index, 'not followed');
    throughAppliance = throughAppliance.union(appliance.addresses);
    for (const r of appliance.routes) applianceRoutes.add(`${table.id}: ${r.text}`);
  }
  throughAppliance = throughAppliance.subtract(direct);
  return { addresses: direct.union(throughAppliance), throughAppliance, applianceRoutes: [...applianceRoutes].sort() };
}

const handedBackMemos = new WeakMap<NetworkIndex, AnswerMemo<AddressSet>>();

/** Every address a VPC on the way hands back to the gateway (relayedBy of all addresses), worked out once per attachment. */
export function handedBackBy(attachment: TransitGatewayAttachment, transitGatewayId: string, index: NetworkIndex): AddressSet {
  return memoOf(handedBackMemos, index).get(`${attachment.id} ${transitGatewayId}`, () => relayedBy(attachment, transitGatewayId, AddressSet.all(4), index)?.addresses ?? AddressSet.empty(4));
}

/** The coverage names the appliance a relay is assumed to go through. */
export function noteApplianceRelay(attachment: TransitGatewayAttachment, relay: Relay, index: NetworkIndex): void {
  if (relay.throughAppliance.isEmpty()) return;
  index.coverage.add(
    TGW_ATTACHMENT_TYPE,
    attachment.id,
    `traffic the transit gateway hands to ${attachment.resourceId ?? 'this VPC'} for other networks goes to an appliance (${relay.applianceRoutes.join('; ')}), which is assumed to return it to the transit gateway`,
  );
}

/**
 * What hosts behind a Direct Connect gateway attachment can address: the allowed prefixes of that
 * gateway's association with the transit gateway, which are all it advertises to on-premises
 * (https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html). Null when
 * no limit is known: another kind of attachment, or no association record listing prefixes.
 */
export function advertisedToOnPremises(attachment: TransitGatewayAttachment, index: NetworkIndex): AddressSet | null {
  if (attachment.resourceType !== 'direct-connect-gateway' || attachment.resourceId === null) return null;
  const recorded = index.network.dxGatewayAssociations.filter(
    (a) => a.directConnectGatewayId === attachment.resourceId && a.associatedGatewayId === attachment.transitGatewayId,
  );
  // Recorded, but none in service (disassociated): nothing is advertised any more.
  const associations = recorded.filter((a) => DX_ASSOCIATION_IN_SERVICE.has(a.state));
  if (recorded.length > 0 && associations.length === 0) return AddressSet.empty(4);
  if (associations.length === 0 || associations.some((a) => a.allowedPrefixes === null)) return null;
  return AddressSet.fromCidrs(4, associations.flatMap((a) => a.allowedPrefixes ?? []).filter((c) => parseCidr(c)?.family === 4));
}
