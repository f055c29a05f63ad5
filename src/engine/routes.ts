// Longest-prefix match of a whole address set against a route table, as a partition: each
// address belongs to the one route that wins for it (SPEC §3.2).
import { AddressSet, compareAddresses, parseCidr, type IpFamily } from '../net/index.js';
import type { Route, RouteTable, RouteTarget, Vpc } from '../model/types.js';
import type { NetworkIndex } from './network-index.js';
import { routeText } from './rule-text.js';
import { memoOf, type AnswerMemo } from './answer-memo.js';
import { compareText } from '../model/compare-text.js';

/** The addresses whose winning route leads to an accepted target, and which route won for which. */
export interface RoutedSet {
  readonly addresses: AddressSet;
  readonly routes: readonly { readonly text: string; readonly addresses: AddressSet }[];
}

interface RouteCandidate {
  readonly addresses: AddressSet;
  readonly prefixLength: number;
  /** Tie-break at equal prefix length: static CIDR 1 > prefix list 2 > propagated 3. */
  readonly rank: number;
  /** The destination's network address: among routes of one length and rank, the lower first. */
  readonly network: bigint;
  readonly route: Route;
  readonly destination: string;
  /** Last tie-break (one destination to two targets): the route's text, so the input's order never decides. */
  readonly text: string;
}

const candidateMemos = new WeakMap<NetworkIndex, AnswerMemo<readonly RouteCandidate[]>>();

/** A table's routes of one family, most specific first; the same for every subnet using the table. */
function candidatesOf(table: RouteTable, family: IpFamily, index: NetworkIndex): readonly RouteCandidate[] {
  return memoOf(candidateMemos, index).get(`${table.id}/${family}`, () => sortedCandidates(table, family, index));
}

function sortedCandidates(table: RouteTable, family: IpFamily, index: NetworkIndex): RouteCandidate[] {
  const out: RouteCandidate[] = [];
  for (const route of table.routes) {
    if (route.target.kind === 'local') continue;
    if (route.destination.kind === 'cidr') {
      const cidr = parseCidr(route.destination.cidr);
      if (cidr === null || cidr.family !== family) continue;
      const rank = route.origin === 'propagated' ? 3 : 1;
      const destination = route.destination.cidr;
      out.push({ addresses: AddressSet.fromCidr(cidr), prefixLength: cidr.prefixLength, rank, network: cidr.network, route, destination, text: routeText(route, destination) });
      continue;
    }
    const list = index.network.prefixLists.get(route.destination.prefixListId);
    const entries = list?.cidrs ?? null;
    if (entries === null) {
      index.coverage.add('AWS::EC2::RouteTable', table.id, `prefix list ${route.destination.prefixListId} used by a route has no collected entries; the route is not counted`);
      continue;
    }
    for (const entry of entries) {
      const cidr = parseCidr(entry);
      if (cidr === null || cidr.family !== family) continue;
      out.push({ addresses: AddressSet.fromCidr(cidr), prefixLength: cidr.prefixLength, rank: 2, network: cidr.network, route, destination: entry, text: routeText(route, entry) });
    }
  }
  // The order the table evaluates them in, and among routes it does not tell apart, the same whatever order AWS listed them in.
  return out.sort((a, b) => b.prefixLength - a.prefixLength || a.rank - b.rank || compareAddresses(a.network, b.network) || compareText(a.text, b.text));
}

/** The VPC's own CIDRs: the local route always wins inside them. */
function localAddresses(table: RouteTable, vpc: Vpc | null, family: IpFamily): AddressSet {
  const cidrs: string[] = [];
  if (vpc !== null) cidrs.push(...(family === 4 ? vpc.cidrs : vpc.ipv6Cidrs));
  for (const route of table.routes) {
    if (route.target.kind === 'local' && route.destination.kind === 'cidr') cidrs.push(route.destination.cidr);
  }
  return AddressSet.fromCidrs(family, cidrs.filter((c) => parseCidr(c)?.family === family));
}

/**
 * Of `candidates`, the addresses whose longest-prefix-match route in `table` is an active route
 * to a target that `accepts` approves. Blackhole routes win their addresses and drop them. A route
 * to a Gateway Load Balancer or Network Firewall endpoint hands the packets to an appliance that
 * passes them on unchanged (AWS's firewall architectures send replies to the internet gateway
 * that way): what it passes on goes where the endpoint's subnet routes it, followed here, and
 * what the appliance filters is not in any snapshot, so it is assumed to pass them and the
 * coverage says so. That is how replies go; a caller with an assumption of its own about
 * appliances (an inspection VPC's relay) asks for them 'not followed'.
 */
export function routedTo(
  table: RouteTable,
  vpc: Vpc | null,
  family: IpFamily,
  candidates: AddressSet,
  accepts: (target: RouteTarget) => boolean,
  index: NetworkIndex,
  appliances: 'followed' | 'not followed' = 'followed',
): RoutedSet {
  return routedThrough(table, candidates, { vpc, family, accepts, index, throughEndpoints: appliances === 'followed' ? [] : null });
}

/** routedTo, past the appliances already passed (onward.throughEndpoints). */
function routedThrough(table: RouteTable, candidates: AddressSet, onward: Onward): RoutedSet {
  const { vpc, family, accepts, index, throughEndpoints } = onward;
  let remaining = candidates.subtract(localAddresses(table, vpc, family));
  let addresses = AddressSet.empty(family);
  const routes: { text: string; addresses: AddressSet }[] = [];
  for (const candidate of candidatesOf(table, family, index)) {
    if (remaining.isEmpty()) break;
    const won = remaining.intersect(candidate.addresses);
    if (won.isEmpty()) continue;
    remaining = remaining.subtract(candidate.addresses);
    if (candidate.route.blackhole) continue;
    if (accepts(candidate.route.target)) {
      addresses = addresses.union(won);
      routes.push({ text: candidate.text, addresses: won });
      continue;
    }
    if (throughEndpoints === null) continue;
    const passed = throughAppliance(table, candidate, won, onward, throughEndpoints);
    if (passed === null || passed.addresses.isEmpty()) continue;
    addresses = addresses.union(passed.addresses);
    routes.push({ text: `${candidate.text} (${passed.then})`, addresses: passed.addresses });
  }
  return { addresses, routes };
}

interface Onward {
  readonly vpc: Vpc | null;
  readonly family: IpFamily;
  readonly accepts: (target: RouteTarget) => boolean;
  readonly index: NetworkIndex;
  /** Appliances already passed through (a route back to one is a loop, which drops); null: appliances are not followed. */
  readonly throughEndpoints: readonly string[] | null;
}

/**
 * Where an appliance passes `won` on, when the candidate's route goes to one; null for any other
 * target. Appliances: a Gateway Load Balancer or firewall endpoint, and an interface that a
 * gateway's ingress routing (an edge-associated route table) also sends traffic to, which marks it
 * as one that forwards what it receives unchanged (a NAT instance, say, would not). A gateway
 * endpoint (S3, DynamoDB) is not one: what it receives goes to the AWS service. An endpoint the
 * snapshot does not describe is taken for an appliance's when its route has a CIDR destination (a
 * gateway endpoint's routes name a prefix list), and, its subnet being unknown, it is assumed to
 * pass the packets on to the right gateway.
 */
function throughAppliance(table: RouteTable, candidate: RouteCandidate, won: AddressSet, onward: Onward, throughEndpoints: readonly string[]): { addresses: AddressSet; then: string } | null {
  const { index } = onward;
  const appliance = applianceOf(table, candidate, index);
  if (appliance === null) {
    noteUnfollowedInterface(table, candidate.route.target, index);
    return null;
  }
  if (throughEndpoints.includes(appliance.id)) return null;
  const next = appliance.subnetId === null ? null : index.routeTableOfSubnet(appliance.subnetId);
  const assumed = next === null ? (appliance.known ? "its subnet's route table is not in the snapshot" : 'it is not in the snapshot') : null;
  index.coverage.add(
    'AWS::EC2::RouteTable',
    table.id,
    `replies go through ${appliance.named}; the appliance is assumed to pass them on: what it filters is not in the snapshot` +
      (assumed === null ? '' : `; ${assumed}, so it is assumed to hand them to the gateway they came in by`),
  );
  // Never "; " in these words: it separates the routes of one step (counted-routes.ts, closing-changes.ts read them).
  if (next === null) return { addresses: won, then: 'appliance, assumed to pass them on' };
  const routed = routedThrough(next, won, { ...onward, throughEndpoints: [...throughEndpoints, appliance.id] });
  return { addresses: routed.addresses, then: `appliance, then route table ${next.id}: ${routed.routes.map((r) => r.text).join(', ')}` };
}

/**
 * Replies routed to an instance or interface that no gateway's ingress routing uses: it may be a
 * NAT instance (which rewrites them, so they never answer) or an appliance used one way (which
 * passes them on). The snapshot cannot tell, so they are taken as not returned, and the coverage
 * says what that may hide.
 */
function noteUnfollowedInterface(table: RouteTable, target: RouteTarget, index: NetworkIndex): void {
  if (target.kind !== 'eni' && target.kind !== 'instance') return;
  index.coverage.add(
    'AWS::EC2::RouteTable',
    table.id,
    `replies to some senders go to ${target.kind === 'eni' ? 'interface' : 'instance'} ${target.id}, which no gateway's ingress routing sends traffic to (a NAT instance, or an appliance used one way): they are taken as not returned; if it forwards them without translating addresses, those senders reach the subnet`,
  );
}

interface Appliance {
  readonly id: string;
  /** As the coverage note names it. */
  readonly named: string;
  /** Whether the snapshot describes it. */
  readonly known: boolean;
  readonly subnetId: string | null;
}

function applianceOf(table: RouteTable, candidate: RouteCandidate, index: NetworkIndex): Appliance | null {
  const target = candidate.route.target;
  if (target.kind === 'vpce') {
    const endpoint = index.network.vpcEndpoints.get(target.id);
    if (endpoint === undefined ? candidate.route.destination.kind !== 'cidr' : endpoint.type !== 'GatewayLoadBalancer') return null;
    const subnetId = endpoint?.subnetIds.length === 1 ? endpoint.subnetIds[0]! : null;
    return { id: target.id, named: `endpoint ${target.id} (a Gateway Load Balancer or Network Firewall endpoint)`, known: endpoint !== undefined, subnetId };
  }
  if (target.kind !== 'eni' || !ingressRoutedTo(table.vpcId, target.id, index)) return null;
  const eni = index.network.networkInterfaces.get(target.id);
  return { id: target.id, named: `interface ${target.id} (which a gateway's ingress routing also sends traffic to)`, known: eni !== undefined, subnetId: eni?.subnetId ?? null };
}

const ingressTargetMemos = new WeakMap<NetworkIndex, AnswerMemo<ReadonlySet<string>>>();

/** Whether a gateway route table of the VPC (ingress routing) sends traffic to this interface. */
function ingressRoutedTo(vpcId: string, eniId: string, index: NetworkIndex): boolean {
  const targets = memoOf(ingressTargetMemos, index).get(vpcId, () => {
    const ids = new Set<string>();
    for (const table of index.routeTablesOf(vpcId)) {
      if (table.gatewayIds.length === 0) continue;
      for (const route of table.routes) if (route.target.kind === 'eni') ids.add(route.target.id);
    }
    return ids;
  });
  return targets.has(eniId);
}

/** The route that wins for one destination address, as a point query follows it. */
export type RouteChoice =
  | { readonly kind: 'local' }
  | { readonly kind: 'route'; readonly route: Route; readonly text: string }
  | { readonly kind: 'none' };

/** Longest-prefix match for one address, with the same tie-breaks as `routedTo`. */
export function routeFor(table: RouteTable, vpc: Vpc | null, destination: AddressSet, index: NetworkIndex): RouteChoice {
  if (localAddresses(table, vpc, destination.family).covers(destination)) return { kind: 'local' };
  for (const candidate of candidatesOf(table, destination.family, index)) {
    if (candidate.addresses.covers(destination)) return { kind: 'route', route: candidate.route, text: candidate.text };
  }
  return { kind: 'none' };
}
