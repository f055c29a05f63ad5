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
 * to a target that `accepts` approves. Blackhole routes win their addresses and drop them.
 */
export function routedTo(
  table: RouteTable,
  vpc: Vpc | null,
  family: IpFamily,
  candidates: AddressSet,
  accepts: (target: RouteTarget) => boolean,
  index: NetworkIndex,
): RoutedSet {
  let remaining = candidates.subtract(localAddresses(table, vpc, family));
  let addresses = AddressSet.empty(family);
  const routes: { text: string; addresses: AddressSet }[] = [];
  for (const candidate of candidatesOf(table, family, index)) {
    if (remaining.isEmpty()) break;
    const won = remaining.intersect(candidate.addresses);
    if (won.isEmpty()) continue;
    remaining = remaining.subtract(candidate.addresses);
    if (candidate.route.blackhole || !accepts(candidate.route.target)) continue;
    addresses = addresses.union(won);
    routes.push({ text: candidate.text, addresses: won });
  }
  return { addresses, routes };
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
