// Where traffic comes from (SPEC §2): for a VPC, each gateway or peering that can carry
// inbound-initiated traffic into it, with the address set it can carry and the route target
// the reply must find.
import { AddressSet, compareAddresses, parseCidr, parseIp, type IpFamily } from '../net/index.js';
import type { Network, RouteTarget, Subnet, TransitGatewayAttachment, TransitGatewayRouteTable, Vpc, VpnGateway } from '../model/types.js';
import type { EngineOptions, GatewayVia, PathStep, ReachabilityType } from './types.js';
import type { NetworkIndex } from './network-index.js';
import type { GroupReferenceMatch } from './security-groups.js';
import { cachedPer, memoOf, type AnswerMemo } from './answer-memo.js';
import { addressesText, routeText } from './rule-text.js';
import { compareText } from '../model/compare-text.js';
import {
  advertisedToOnPremises,
  DX_ASSOCIATION_IN_SERVICE,
  knownTable,
  associatedTable,
  attachmentAddresses,
  attachmentsOf,
  TGW_ATTACHMENT_TYPE,
  TGW_ROUTE_TABLE_TYPE,
  tgwRouteFor,
  tgwRoutedTo,
  noteApplianceRelay,
  peerGatewayOf,
  relayedBy,
  handedBackBy,
  tgwRoutesFor,
  tgwRouteText,
  type AssociatedTable,
} from './transit-gateways.js';

export interface TrafficSource {
  readonly reachabilityType: ReachabilityType;
  readonly via: GatewayVia;
  readonly family: IpFamily;
  /** Every address this source can send from, before the subnet's routes are consulted. */
  readonly candidates: AddressSet;
  /** When what can be sent depends on the destination (TGW routes): the senders that reach an address or delegated prefix of the target. */
  readonly toward?: (destination: string) => SendersToward;
  /** The reply must be routed back here: the longest-prefix route must target this. */
  readonly accepts: (target: RouteTarget) => boolean;
  readonly refs: GroupReferenceMatch;
  readonly gatewayStep: PathStep;
  /** The gateway's own route table step for these senders (a TGW attachment's table routing the reply back to them), when it has one. */
  readonly gatewayRouteStep?: (senders: AddressSet) => PathStep;
  /** The route that carries senders to the gateway's attachment in their own table (a TGW's), when all of them are behind one attachment whose table is known. */
  readonly senderRouteStep?: (senders: AddressSet, destination: string) => PathStep | null;
  /** False for a subnet that cannot send the reply to this source (a TGW with no attachment subnet in its AZ). */
  readonly servesSubnet: (subnet: Subnet) => boolean;
}

const PRIVATE_IPV4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

function familyCidrs(cidrs: readonly string[], family: IpFamily): string[] {
  return cidrs.filter((c) => parseCidr(c)?.family === family);
}

function vpcAddresses(vpc: Vpc, family: IpFamily): AddressSet {
  return AddressSet.fromCidrs(family, familyCidrs(family === 4 ? vpc.cidrs : vpc.ipv6Cidrs, family));
}

const always = (): boolean => true;

/**
 * Ingress routing: a gateway route table edge-associated with the gateway can send what enters
 * through it to a middlebox (a firewall ENI, a Gateway Load Balancer endpoint) or drop it. What an
 * appliance lets through is not in any snapshot, so paths through the gateway are analysed as if
 * delivered directly, and the coverage names each such table and its routes.
 */
function noteIngressRouting(gatewayType: string, gatewayId: string, vpcId: string, index: NetworkIndex): void {
  for (const table of index.gatewayRouteTables(gatewayId)) {
    if (table.vpcId !== vpcId) continue;
    const redirects = table.routes.filter((r) => r.target.kind !== 'local');
    if (redirects.length === 0) continue;
    const routes = redirects.map((r) => routeText(r, r.destination.kind === 'cidr' ? r.destination.cidr : 'addresses')).join('; ');
    index.coverage.add(
      'AWS::EC2::RouteTable',
      table.id,
      `gateway route table of ${gatewayType} ${gatewayId} (ingress routing: ${routes}); traffic through an appliance or dropped there is not modelled, so paths entering through ${gatewayId} are analysed as if delivered directly`,
    );
  }
}

const GATEWAY_WORDS: Readonly<Partial<Record<RouteTarget['kind'], string>>> = {
  igw: 'internet gateway',
  vgw: 'virtual private gateway',
  pcx: 'peering connection',
  tgw: 'transit gateway',
};

/** Whether the snapshot has the gateway a route sends to (for a TGW: an attachment of this VPC to it). */
function routeTargetKnown(target: RouteTarget, vpc: Vpc, index: NetworkIndex): boolean {
  const network = index.network;
  switch (target.kind) {
    case 'igw':
      return network.internetGateways.has(target.id);
    case 'vgw':
      return network.vpnGateways.has(target.id);
    case 'pcx':
      return network.peeringConnections.has(target.id);
    case 'tgw':
      return index.hasTransitGatewayAttachment(vpc.id, target.id);
    default:
      return true;
  }
}

/**
 * A route to a gateway, peering or transit gateway the snapshot does not have: what could come in
 * through it is not analysed, which must not read as "nothing comes in" (SPEC §1).
 */
function noteUnknownRouteTargets(vpc: Vpc, index: NetworkIndex): void {
  for (const table of index.routeTablesOf(vpc.id)) {
    for (const route of table.routes) {
      if (route.target.kind === 'other' && !route.blackhole) {
        // A carrier or local (Outposts) gateway, a Cloud WAN core network, or a route naming no target at all.
        const what = route.target.id === 'unknown' ? 'a route names no target (AWS always names one)' : `a route sends traffic to ${route.target.id}, which netreach does not follow`;
        index.coverage.add('AWS::EC2::RouteTable', table.id, `${what}; what comes in through it is not analysed`);
        continue;
      }
      const words = GATEWAY_WORDS[route.target.kind];
      if (words === undefined || route.blackhole || routeTargetKnown(route.target, vpc, index)) continue;
      const what = route.target.kind === 'tgw' ? `no attachment of ${vpc.id} to ${words} ${route.target.id} is in the snapshot` : `${words} ${route.target.id} is not in the snapshot`;
      index.coverage.add('AWS::EC2::RouteTable', table.id, `a route sends traffic to ${route.target.id}, but ${what}; what comes in through it is not analysed`);
    }
  }
}

function internetSources(vpc: Vpc, index: NetworkIndex): TrafficSource[] {
  const out: TrafficSource[] = [];
  for (const igw of index.internetGatewaysOf(vpc.id)) {
    noteIngressRouting('internet gateway', igw.id, vpc.id, index);
    const base = {
      reachabilityType: 'Internet' as const,
      via: { type: 'IGW' as const, id: igw.id },
      accepts: (t: RouteTarget) => t.kind === 'igw' && t.id === igw.id,
      refs: 'none' as const,
      gatewayStep: { componentType: 'AWS::EC2::InternetGateway', componentId: igw.id },
      servesSubnet: always,
    };
    out.push({ ...base, family: 4, candidates: AddressSet.all(4).subtract(AddressSet.fromCidrs(4, PRIVATE_IPV4)).subtract(vpcAddresses(vpc, 4)) });
    out.push({ ...base, family: 6, candidates: AddressSet.all(6).subtract(vpcAddresses(vpc, 6)) });
  }
  return out;
}

const DIRECT_CONNECT_KINDS = ['virtualInterfaces', 'directConnectGateways', 'directConnectGatewayAssociations'];

/** The calls whose records could show a VGW's connections. */
const CONNECTION_CALLS = [
  'ec2:DescribeVpnConnections',
  'directconnect:DescribeVirtualInterfaces',
  'directconnect:DescribeDirectConnectGateways',
  'directconnect:DescribeDirectConnectGatewayAssociations',
];

/**
 * Why the snapshot cannot tell whether a VGW is connected, or null when it can: no VPN or Direct
 * Connect data at all; a call that would show its connections failed; or routes it propagates
 * (which a gateway learns only over a live VPN or Direct Connect session) while no VPN connection,
 * virtual interface or association in the snapshot names it at all: its connection was not
 * collected, such as a Direct Connect gateway of another account. A connection that is named but
 * not available (a deleted VPN) is the snapshot saying the gateway is down, as SPEC §2 reads it.
 */
export function vgwConnectionUnknown(vgwId: string, index: NetworkIndex): string | null {
  const network = index.network;
  if (!network.kindsPresent.has('VpnConnections') && !DIRECT_CONNECT_KINDS.some((kind) => network.kindsPresent.has(kind))) {
    return 'no VPN connection or Direct Connect data in the snapshot';
  }
  const failed = CONNECTION_CALLS.filter((call) => network.failedCalls.has(call));
  if (failed.length > 0) return `the calls that would show its connections failed (${failed.join(', ')})`;
  const named =
    [...network.vpnConnections.values()].some((v) => v.vpnGatewayId === vgwId) ||
    [...network.dxVirtualInterfaces.values()].some((v) => v.virtualGatewayId === vgwId) ||
    network.dxGatewayAssociations.some((a) => a.associatedGatewayId === vgwId);
  if (named) return null;
  const vpcIds = network.vpnGateways.get(vgwId)?.vpcIds ?? [];
  const learning = [...network.routeTables.values()]
    .filter((t) => vpcIds.includes(t.vpcId) && t.routes.some((r) => r.origin === 'propagated' && !r.blackhole && r.target.kind === 'vgw' && r.target.id === vgwId))
    .map((t) => t.id)
    .sort(compareText);
  if (learning.length > 0) {
    return `route table${learning.length > 1 ? 's' : ''} ${learning.join(', ')} hold${learning.length > 1 ? '' : 's'} routes it propagates, which it learns only over a live VPN or Direct Connect session, but no connection in the snapshot names it (not collected: a Direct Connect gateway of another account, say)`;
  }
  return null;
}

function sortedIds<T>(items: Iterable<T>, keep: (item: T) => boolean, id: (item: T) => string): string[] {
  return [...new Set([...items].filter(keep).map(id))].sort(compareText);
}

/** The Direct Connect links in service that lead to the VGW: available virtual interfaces naming it, Direct Connect gateways associated with it. */
function directConnectLinks(vgwId: string, network: Network): { readonly vifs: string[]; readonly dxgws: string[] } {
  return {
    vifs: sortedIds(network.dxVirtualInterfaces.values(), (v) => v.virtualGatewayId === vgwId && v.state === 'available', (v) => v.id),
    dxgws: sortedIds(network.dxGatewayAssociations, (a) => a.associatedGatewayId === vgwId && DX_ASSOCIATION_IN_SERVICE.has(a.state), (a) => a.directConnectGatewayId),
  };
}

/** Whether a Direct Connect link in service leads to the VGW: an available virtual interface naming it, or a gateway association in service. */
export function directConnectLinked(vgwId: string, network: Network): boolean {
  const { vifs, dxgws } = directConnectLinks(vgwId, network);
  return vifs.length > 0 || dxgws.length > 0;
}

/**
 * What connects a VGW, in words for its path step: its available VPN connections, available
 * virtual interfaces and Direct Connect gateway associations in service (SPEC §2); "assumed
 * connected" when the snapshot cannot tell (with a note); null when nothing connects it.
 */
export function vgwConnection(vgw: VpnGateway, index: NetworkIndex): string | null {
  const network = index.network;
  const vpns = sortedIds(network.vpnConnections.values(), (v) => v.vpnGatewayId === vgw.id && v.state === 'available', (v) => v.id);
  const { vifs, dxgws } = directConnectLinks(vgw.id, network);
  const by = [
    ...(vpns.length > 0 ? [`VPN ${vpns.join(', ')}`] : []),
    ...(vifs.length > 0 ? [`Direct Connect virtual interface ${vifs.join(', ')}`] : []),
    ...(dxgws.length > 0 ? [`Direct Connect gateway ${dxgws.join(', ')}`] : []),
  ];
  if (by.length > 0) return `connected by ${by.join('; ')}`;
  const unknown = vgwConnectionUnknown(vgw.id, index);
  if (unknown === null) return null;
  index.coverage.add('AWS::EC2::VPNGateway', vgw.id, `${unknown}; the gateway is assumed connected`);
  return 'assumed connected (see the coverage)';
}

/** A VGW carries traffic only with an available VPN connection or Direct Connect path (SPEC §2), or when the snapshot cannot tell (assumed, with a note). */
export function vgwConnected(vgw: VpnGateway, index: NetworkIndex): boolean {
  return vgwConnection(vgw, index) !== null;
}

/**
 * A VGW in service: `available`, or a record without a state (not as AWS writes it), which is
 * analysed as available with a note rather than dropped unseen.
 */
export function vgwInService(vgw: VpnGateway, index: NetworkIndex): boolean {
  if (vgw.state !== 'unknown') return vgw.state === 'available';
  index.coverage.add('AWS::EC2::VPNGateway', vgw.id, 'the record has no State; the gateway is analysed as available');
  return true;
}

function vgwSources(vpc: Vpc, index: NetworkIndex, options: EngineOptions): TrafficSource[] {
  const out: TrafficSource[] = [];
  for (const vgw of index.vpnGatewaysOf(vpc.id)) {
    const connection = vgwInService(vgw, index) ? vgwConnection(vgw, index) : null;
    if (connection === null) continue;
    noteIngressRouting('virtual private gateway', vgw.id, vpc.id, index);
    let candidates = AddressSet.all(4).subtract(vpcAddresses(vpc, 4));
    if (options.onpremCidrs !== null) candidates = candidates.intersect(AddressSet.fromCidrs(4, familyCidrs(options.onpremCidrs, 4)));
    out.push({
      reachabilityType: 'VGW',
      via: { type: 'VGW', id: vgw.id },
      family: 4,
      candidates,
      accepts: (t) => t.kind === 'vgw' && t.id === vgw.id,
      refs: 'none',
      gatewayStep: { componentType: 'AWS::EC2::VPNGateway', componentId: vgw.id, rule: connection },
      servesSubnet: always,
    });
  }
  return out;
}

function peeringSources(vpc: Vpc, index: NetworkIndex): TrafficSource[] {
  return index.peeringsOf(vpc.id).map(({ connection, peerVpcId, peerCidrs }) => ({
    reachabilityType: 'PeeredVpc' as const,
    via: { type: 'PCX' as const, id: connection.id },
    family: 4 as const,
    candidates: AddressSet.fromCidrs(4, familyCidrs(peerCidrs, 4)),
    accepts: (t: RouteTarget) => t.kind === 'pcx' && t.id === connection.id,
    refs: 'members' as const,
    gatewayStep: { componentType: 'AWS::EC2::VPCPeeringConnection', componentId: connection.id, rule: `peer ${peerVpcId}` },
    servesSubnet: always,
  }));
}

interface TgwSender {
  readonly attachment: TransitGatewayAttachment;
  /** The senders behind it whose replies the target attachment's table routes back to it. */
  readonly addresses: AddressSet;
  /** Null when the sender's table was not collected: its forward routes are not checked. */
  readonly table: TransitGatewayRouteTable | null;
  /**
   * When the traffic comes through another attachment on the way: a VPC that hands it back (an
   * inspection VPC), or a peering from another transit gateway; that attachment's table on the
   * target's gateway routes it on.
   */
  readonly relay?: { readonly attachment: TransitGatewayAttachment; readonly table: TransitGatewayRouteTable | null };
  /** What the hosts behind it can address (a Direct Connect gateway's allowed prefixes); null: no limit known. */
  readonly advertised: AddressSet | null;
}

function tgwSender(
  attachment: TransitGatewayAttachment,
  addresses: AddressSet,
  theirs: AssociatedTable,
  index: NetworkIndex,
  relay?: TgwSender['relay'],
): TgwSender {
  return {
    attachment,
    addresses,
    table: knownTable(theirs),
    ...(relay === undefined ? {} : { relay }),
    advertised: advertisedToOnPremises(attachment, index),
  };
}

/**
 * The addresses behind an attachment: its VPC's CIDRs; when the snapshot cannot say (a VPN, Direct
 * Connect), any address, narrowed to --onprem-cidrs, with a note.
 */
function addressesBehind(attachment: TransitGatewayAttachment, index: NetworkIndex, options: EngineOptions): AddressSet {
  const known = attachmentAddresses(attachment, index);
  if (known !== null) return known;
  index.coverage.add(TGW_ATTACHMENT_TYPE, attachment.id, 'the addresses behind this attachment are not in the snapshot; any address the transit gateway routes back to it is assumed');
  const all = AddressSet.all(4);
  return options.onpremCidrs !== null && attachment.resourceType !== 'vpc' ? all.intersect(AddressSet.fromCidrs(4, familyCidrs(options.onpremCidrs, 4))) : all;
}

/**
 * Who can send through the TGW to this VPC (issue #5): the addresses behind the other attachments
 * (their VPC CIDRs, VPN routes) whose replies the target attachment's table routes back to them.
 * An attachment without an association can neither send nor answer.
 */
function tgwSenders(target: TransitGatewayAttachment, own: AssociatedTable, vpc: Vpc, index: NetworkIndex, options: EngineOptions): TgwSender[] {
  const tgwId = target.transitGatewayId;
  if (own.kind === 'not-associated') return [];
  const outside = AddressSet.all(4).subtract(vpcAddresses(vpc, 4));
  const out: TgwSender[] = [];
  for (const attachment of attachmentsOf(tgwId, index)) {
    if (attachment.id === target.id) continue;
    const theirs = associatedTable(attachment, tgwId, index);
    if (theirs.kind === 'not-associated') continue;
    const acrossPeering = peeredSenders(target, own, attachment, theirs, outside, index, options);
    if (acrossPeering !== null) {
      out.push(...acrossPeering);
      continue;
    }
    const known = attachmentAddresses(attachment, index);
    if (known !== null && own.kind === 'table' && attachment.resourceType === 'vpc') noteRoutedBeyondVpc(own.table, attachment, known, index);
    let addresses = addressesBehind(attachment, index, options).intersect(outside);
    if (own.kind === 'table') addresses = tgwRoutedTo(own.table, addresses, attachment.id);
    if (!addresses.isEmpty()) out.push(tgwSender(attachment, addresses, theirs, index));
  }
  if (own.kind === 'table') out.push(...relayedSenders(target, own.table, outside, index, options));
  return out;
}

/**
 * Senders behind a peering attachment when the peer transit gateway is in the snapshot: the
 * attachments of the peer whose tables route the target to the peering, and whose replies the
 * peering's table on the peer's side routes back to them (each side routes by its own table,
 * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html). One peering hop; none when the
 * peering is associated with no table on the far side; null when the far side cannot be read (its
 * routes not collected, or nothing attached to it).
 */
function peeredSenders(
  target: TransitGatewayAttachment,
  own: AssociatedTable,
  peering: TransitGatewayAttachment,
  ours: AssociatedTable,
  outside: AddressSet,
  index: NetworkIndex,
  options: EngineOptions,
): TgwSender[] | null {
  if (peering.resourceType !== 'peering') return null;
  const tgwId = target.transitGatewayId;
  const peerTgw = peerGatewayOf(peering, tgwId);
  if (peerTgw === null || peerTgw === tgwId) return null;
  const behind = attachmentsOf(peerTgw, index).filter((a) => a.id !== peering.id);
  if (behind.length === 0) return null;
  const peerSide = associatedTable(peering, peerTgw, index);
  // Not associated on the far side: what comes back over the peering is routed nowhere there.
  if (peerSide.kind === 'not-associated') return [];
  if (peerSide.kind !== 'table') return null;
  const out: TgwSender[] = [];
  for (const sender of behind) {
    const theirs = associatedTable(sender, peerTgw, index);
    if (theirs.kind === 'not-associated') continue;
    let addresses = addressesBehind(sender, index, options).intersect(outside);
    if (own.kind === 'table') addresses = tgwRoutedTo(own.table, addresses, peering.id);
    addresses = tgwRoutedTo(peerSide.table, addresses, sender.id);
    if (addresses.isEmpty()) continue;
    out.push(tgwSender(sender, addresses, theirs, index, { attachment: peering, table: knownTable(ours) }));
  }
  return out;
}

/**
 * Senders whose traffic reaches the target through another VPC on the same transit gateway (an
 * inspection VPC; https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html):
 * the target's table routes their replies to that VPC's attachment, the VPC hands them back to the
 * gateway (its attachment subnets route them there, or to an appliance assumed to return them), and
 * that attachment's table routes them on to theirs. One such VPC on the way, not chains of them.
 */
function relayedSenders(target: TransitGatewayAttachment, ownTable: TransitGatewayRouteTable, outside: AddressSet, index: NetworkIndex, options: EngineOptions): TgwSender[] {
  const tgwId = target.transitGatewayId;
  const out: TgwSender[] = [];
  const attachments = attachmentsOf(tgwId, index);
  for (const relay of attachments) {
    if (relay.id === target.id || relay.resourceType !== 'vpc') continue;
    const relayTable = associatedTable(relay, tgwId, index);
    if (relayTable.kind !== 'table') continue;
    const relayVpc = attachmentAddresses(relay, index) ?? AddressSet.empty(4);
    // Replies the target's table sends into the relaying VPC that are not for the VPC itself.
    const toRelay = tgwRoutedTo(ownTable, outside.subtract(relayVpc), relay.id);
    if (toRelay.isEmpty()) continue;
    const handedBack = relayedBy(relay, tgwId, toRelay, index);
    if (handedBack === null || handedBack.addresses.isEmpty()) continue;
    noteApplianceRelay(relay, handedBack, index);
    for (const sender of attachments) {
      if (sender.id === target.id || sender.id === relay.id) continue;
      const theirs = associatedTable(sender, tgwId, index);
      if (theirs.kind === 'not-associated') continue;
      const addresses = tgwRoutedTo(relayTable.table, addressesBehind(sender, index, options).intersect(handedBack.addresses), sender.id);
      if (!addresses.isEmpty()) out.push(tgwSender(sender, addresses, theirs, index, { attachment: relay, table: relayTable.table }));
    }
  }
  return out;
}

/**
 * The destinations a sender's traffic reaches the target attachment for: its table routes them
 * there, or to the relaying VPC, which hands them back to the gateway and whose table routes them
 * there. A set, not a per-address test, so that every destination of the target's VPC is answered
 * from the same few sets.
 */
function forwardedBy(sender: TgwSender, target: TransitGatewayAttachment, index: NetworkIndex): AddressSet {
  const all = AddressSet.all(4);
  const leadsTo = (table: TransitGatewayRouteTable | null, attachmentId: string): AddressSet => (table === null ? all : tgwRoutedTo(table, all, attachmentId));
  let forwarded: AddressSet;
  if (sender.relay === undefined) {
    forwarded = leadsTo(sender.table, target.id);
  } else {
    forwarded = leadsTo(sender.table, sender.relay.attachment.id).intersect(leadsTo(sender.relay.table, target.id));
    // A peering carries what its table sends; a VPC on the way must hand it back.
    if (sender.relay.attachment.resourceType !== 'peering') {
      forwarded = forwarded.intersect(handedBackBy(sender.relay.attachment, target.transitGatewayId, index));
    }
  }
  // On-premises behind Direct Connect knows only the prefixes the association advertises.
  return sender.advertised === null ? forwarded : forwarded.intersect(sender.advertised);
}

/** The senders that reach one destination, and a key that is equal only for destinations reached by the same senders. */
export interface SendersToward {
  readonly key: string;
  readonly senders: AddressSet;
}

/**
 * The senders whose traffic reaches each destination (an address of the target VPC, or a prefix
 * delegated to an interface: reached when some of its addresses are). Senders that forward the
 * same destinations are taken together; the address space is cut at the edges of those sets, so
 * all addresses between two edges (usually a whole VPC) share one answer, worked out once.
 */
function sendersToward(target: TransitGatewayAttachment, senders: readonly TgwSender[], index: NetworkIndex): (destination: string) => SendersToward {
  const byForward = new Map<string, { forward: AddressSet; senders: AddressSet[] }>();
  for (const sender of senders) {
    const forward = forwardedBy(sender, target, index);
    if (forward.isEmpty()) continue;
    const key = forward.toString();
    let entry = byForward.get(key);
    if (entry === undefined) byForward.set(key, (entry = { forward, senders: [] }));
    entry.senders.push(sender.addresses);
  }
  const alike = [...byForward.values()].map((e) => ({ forward: e.forward, senders: AddressSet.unionAll(4, e.senders) }));
  const edges = [...new Set(alike.flatMap((e) => e.forward.ranges().flatMap(([first, last]) => [first, last + 1n])))].sort(compareAddresses);
  const answers = new Map<string, SendersToward>();
  const answerFor = (reaches: (forward: AddressSet) => boolean): SendersToward => {
    const which = alike.map((e) => (reaches(e.forward) ? '1' : '0')).join('');
    let answer = answers.get(which);
    if (answer === undefined) {
      answer = { key: String(answers.size), senders: AddressSet.unionAll(4, alike.filter((_, i) => which[i] === '1').map((e) => e.senders)) };
      answers.set(which, answer);
    }
    return answer;
  };
  // The cell of an address: how many edges are at or below it.
  const byCell = new Map<number, SendersToward>();
  const cellOf = (value: bigint): number => {
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! <= value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (destination) => {
    const address = parseIp(destination);
    if (address !== null) {
      if (address.family !== 4) return answerFor(() => false);
      const cell = cellOf(address.value);
      let answer = byCell.get(cell);
      if (answer === undefined) byCell.set(cell, (answer = answerFor((forward) => forward.has(address.value))));
      return answer;
    }
    const prefix = AddressSet.fromCidrs(4, familyCidrs([destination], 4));
    return answerFor((forward) => forward.overlaps(prefix));
  };
}

/**
 * The senders' own table, naming the route that sends the destination on (to the target's
 * attachment, or to the VPC or peering on the way): for a point query, whose sender is one address.
 */
function tgwSenderRouteStep(senders: readonly TgwSender[]): (from: AddressSet, destination: string) => PathStep | null {
  return (from, destination) => {
    const sender = senders.find((s) => s.addresses.covers(from));
    if (sender === undefined || sender.table === null) return null;
    const route = tgwRouteFor(sender.table, AddressSet.fromCidrs(4, [destination]));
    return route === null ? null : { componentType: TGW_ROUTE_TABLE_TYPE, componentId: sender.table.id, rule: tgwRouteText(route) };
  };
}

/** The target attachment's table, naming the routes that carry the reply back to the senders. */
function tgwReplyStep(table: TransitGatewayRouteTable): (senders: AddressSet) => PathStep {
  // Made for each configuration's cells; the senders of a hub's spokes are few distinct sets.
  return (senders) =>
    cachedPer(replySteps, table, senders.toString(), () => ({
      componentType: TGW_ROUTE_TABLE_TYPE,
      componentId: table.id,
      rule: tgwRoutesFor(table, senders).map(tgwRouteText).join('; '),
    }));
}

const replySteps = new WeakMap<TransitGatewayRouteTable, Map<string, PathStep>>();

/**
 * A table that routes addresses beyond a VPC's own CIDRs to that VPC's attachment (0.0.0.0/0 to an
 * inspection or egress VPC) expects traffic from them to come through it. Senders behind the
 * gateway's other attachments are followed through it (relayedSenders); what enters that VPC from
 * elsewhere and is forwarded on cannot be known, and the coverage says so.
 */
function noteRoutedBeyondVpc(
  table: TransitGatewayRouteTable,
  attachment: TransitGatewayAttachment,
  vpcAddresses: AddressSet,
  index: NetworkIndex,
): void {
  const beyond = tgwRoutedTo(table, AddressSet.all(4).subtract(vpcAddresses), attachment.id);
  if (beyond.isEmpty()) return;
  index.coverage.add(
    TGW_ATTACHMENT_TYPE,
    attachment.id,
    `${table.id} routes ${addressesText(beyond)} to this attachment, beyond ${attachment.resourceId ?? 'its VPC'}'s own CIDRs: the transit gateway's other attachments are followed through that VPC when it hands traffic back (an inspection VPC), but traffic that enters it another way (its internet gateway, a VPN gateway, a peering) and is forwarded into the transit gateway is not modelled`,
  );
}

function tgwSources(vpc: Vpc, index: NetworkIndex, options: EngineOptions): TrafficSource[] {
  return index.transitGatewayAttachmentsOf(vpc.id).map((attachment) => {
    const azs = new Set(attachment.subnetIds.map((id) => index.subnet(id)?.availabilityZone ?? null).filter((az) => az !== null));
    const own = associatedTable(attachment, attachment.transitGatewayId, index);
    const senders = tgwSenders(attachment, own, vpc, index, options);
    const candidates = AddressSet.unionAll(4, senders.map((s) => s.addresses));
    return {
      reachabilityType: 'TransitGateway' as const,
      via: { type: 'TGW' as const, id: attachment.transitGatewayId },
      family: 4 as const,
      candidates,
      // A sender's own table must route the destination to this attachment.
      toward: sendersToward(attachment, senders, index),
      accepts: (t: RouteTarget) => t.kind === 'tgw' && t.id === attachment.transitGatewayId,
      refs: 'none' as const,
      gatewayStep: { componentType: 'AWS::EC2::TransitGateway', componentId: attachment.transitGatewayId, rule: `attachment ${attachment.id}` },
      ...(own.kind === 'table' ? { gatewayRouteStep: tgwReplyStep(own.table) } : {}),
      senderRouteStep: tgwSenderRouteStep(senders),
      // A subnet in an AZ where the attachment has no subnet cannot hand its reply to the TGW.
      servesSubnet: (subnet: Subnet) => azs.size === 0 || subnet.availabilityZone === null || azs.has(subnet.availabilityZone),
    };
  });
}

/** The senders that can address `destinations` (addresses of one interface or LB node). */
export function candidatesToward(source: TrafficSource, destinations: readonly string[]): AddressSet {
  if (source.toward === undefined) return source.candidates;
  return AddressSet.unionAll(source.family, destinations.map((d) => source.toward!(d).senders));
}

/** Equal for two lists of destinations that `candidatesToward` gives the same senders (without working them out twice). */
export function towardKey(source: TrafficSource, destinations: readonly string[]): string {
  if (source.toward === undefined) return '';
  return [...new Set(destinations.map((d) => source.toward!(d).key))].sort().join(',');
}

const sourceMemos = new WeakMap<NetworkIndex, AnswerMemo<readonly TrafficSource[]>>();

/** Every source of inbound-initiated traffic into the VPC, in a stable order. */
export function trafficSources(vpc: Vpc, index: NetworkIndex, options: EngineOptions): readonly TrafficSource[] {
  const key = `${vpc.id}/${options.onpremCidrs?.join(',') ?? '-'}`;
  return memoOf(sourceMemos, index).get(key, () => findTrafficSources(vpc, index, options));
}

function findTrafficSources(vpc: Vpc, index: NetworkIndex, options: EngineOptions): TrafficSource[] {
  noteUnknownRouteTargets(vpc, index);
  return [...internetSources(vpc, index), ...vgwSources(vpc, index, options), ...peeringSources(vpc, index), ...tgwSources(vpc, index, options)];
}
