// What would close a finding: each change to a rule on its path (narrow or remove a security-group
// rule, add a NACL DENY entry, remove a route or a listener), tried on a copy of the network and
// judged by the engine itself — which findings disappear, and which port ranges stop being
// reachable, here and on every other interface the change touches.
import { compareText } from '../model/compare-text.js';
import { AddressSet, PortSet, parseCidr } from '../net/index.js';
import type { ListenerData, LoadBalancer, NaclEntry, Network, NetworkAcl, Route, RouteTable, SecurityGroup, SgRule, Transport } from '../model/types.js';
import { IP_PROTOCOL_TCP, IP_PROTOCOL_UDP } from '../model/types.js';
import { assessNetwork, type EngineOptions, type EngineResult, type EngineScope, type PathStep, type Reachability, type ReachCell } from '../engine/index.js';
import { naclEntryText, routeText, sgRuleText } from '../engine/rule-text.js';
import { findFinding } from './build.js';
import type { Finding } from './finding.js';

export type ClosingChange =
  | { readonly kind: 'narrow-rule'; readonly groupId: string; readonly rule: string; readonly keeps: readonly (readonly [number, number])[] }
  | { readonly kind: 'remove-rules'; readonly rules: readonly { readonly groupId: string; readonly rule: string }[] }
  /** The rule's CIDR source without the finding's senders (other senders keep the port unless they share those addresses, as a peer in 100.64.0.0/10 does with the internet). */
  | { readonly kind: 'exclude-source'; readonly groupId: string; readonly rule: string; readonly keeps: readonly string[] }
  /** The rule's CIDR source cut down to the VPC's own addresses: clients inside the VPC keep the port. */
  | { readonly kind: 'narrow-source'; readonly groupId: string; readonly rule: string; readonly keeps: readonly string[] }
  | { readonly kind: 'deny-entry'; readonly aclId: string; readonly ruleNumber: number; readonly entry: string; readonly below: string }
  | { readonly kind: 'remove-route'; readonly routeTableId: string; readonly route: string }
  /** A propagated route cannot be deleted: turning the gateway's propagation off drops every route it propagates to the table. */
  | { readonly kind: 'disable-propagation'; readonly routeTableId: string; readonly gatewayId: string }
  | { readonly kind: 'remove-listener'; readonly loadBalancerId: string; readonly listener: string };

/** Ports that stop being reachable on one interface (all entry points together). */
export interface ClosedPorts {
  readonly instanceId: string;
  readonly networkInterfaceId: string;
  readonly tcp: readonly (readonly [number, number])[];
  readonly udp: readonly (readonly [number, number])[];
}

export interface ChangeEffect {
  readonly change: ClosingChange;
  /** On the finding's own path: its interface, from its kind of sender, through its gateway or listener. */
  readonly here: ClosedPorts;
  /** What the change closes besides: other interfaces, and the finding's interface by other paths. */
  readonly elsewhere: readonly ClosedPorts[];
  /** How many (interface, entry point, protocol, port) the change closes: the smaller, the narrower. */
  readonly size: number;
}

interface Candidate {
  readonly change: ClosingChange;
  readonly apply: (network: Network) => Network;
  /** The components whose rules the change edits: only paths through them can change. */
  readonly scope: EngineScope;
}

const NO_IDS: ReadonlySet<string> = new Set();

function scopeOf(ids: { readonly securityGroupIds?: readonly string[]; readonly networkAclIds?: readonly string[]; readonly routeTableIds?: readonly string[] }): EngineScope {
  const set = (list: readonly string[] | undefined): ReadonlySet<string> => (list === undefined ? NO_IDS : new Set(list));
  return { securityGroupIds: set(ids.securityGroupIds), networkAclIds: set(ids.networkAclIds), routeTableIds: set(ids.routeTableIds) };
}

const ORDER: readonly ClosingChange['kind'][] = ['narrow-rule', 'exclude-source', 'narrow-source', 'remove-rules', 'deny-entry', 'remove-listener', 'remove-route', 'disable-propagation'];

function viaKey(r: { readonly via: Reachability['via'] }): string {
  return 'listenerPort' in r.via ? `${r.via.type} ${r.via.id} ${r.via.listenerPort}` : `${r.via.type} ${r.via.id}`;
}

function reachabilityOf(result: EngineResult, f: Finding): Reachability | null {
  return (
    result.reachabilities.find(
      (r) =>
        r.instanceId === f.instanceId &&
        r.networkInterfaceId === f.networkInterfaceId &&
        r.reachabilityType === f.reachabilityType &&
        r.ipVersion === f.ipVersion &&
        viaKey(r) === viaKey(f),
    ) ?? null
  );
}

/** The cells the finding is about: the one holding its port, or those where its group admits. */
function cellsOf(r: Reachability, f: Finding): ReachCell[] {
  if (f.protocol !== null && f.port !== null) return r.cells.filter((c) => c.protocol === f.protocol && c.ports[0] <= f.port! && f.port! <= c.ports[1]);
  const group = f.securityGroupIds[0];
  return r.cells.filter((c) => c.groups.some((g) => g.groupId === group));
}

function stepRules(step: PathStep): string[] {
  return step.rule === undefined || step.rule === '' ? [] : step.rule.split('; ');
}

function withGroup(network: Network, group: SecurityGroup): Network {
  return { ...network, securityGroups: new Map(network.securityGroups).set(group.id, group) };
}

function withAcl(network: Network, acl: NetworkAcl): Network {
  return { ...network, networkAcls: new Map(network.networkAcls).set(acl.id, acl) };
}

function withTable(network: Network, table: RouteTable): Network {
  return { ...network, routeTables: new Map(network.routeTables).set(table.id, table) };
}

function withLoadBalancer(network: Network, lb: LoadBalancer): Network {
  return { ...network, loadBalancers: new Map(network.loadBalancers).set(lb.id, lb) };
}

/** The rule's port range without `port`: what it keeps admitting once narrowed. */
function rangesWithout(rule: SgRule, port: number): (readonly [number, number])[] {
  const [from, to] = rule.ports ?? [0, 65535];
  const parts: (readonly [number, number])[] = [
    [from, port - 1],
    [port + 1, to],
  ];
  return parts.filter(([a, b]) => a <= b);
}

/**
 * A CIDR rule wider than the finding's VPC, cut down to the VPC's own addresses (what clients
 * inside it need): the CIDRs it keeps, or null when that is no narrower change (the rule lies
 * inside the VPC, or outside it).
 */
function insideVpc(network: Network, finding: Finding, rule: SgRule): string[] | null {
  if (rule.source.kind !== 'cidr') return null;
  const cidr = parseCidr(rule.source.cidr);
  const vpc = network.vpcs.get(finding.vpcId);
  if (cidr === null || vpc === undefined) return null;
  const own = (cidr.family === 6 ? vpc.ipv6Cidrs : vpc.cidrs).filter((c) => parseCidr(c)?.family === cidr.family);
  if (own.length === 0) return null;
  const source = AddressSet.fromCidr(cidr);
  const kept = source.intersect(AddressSet.fromCidrs(cidr.family, own));
  if (kept.isEmpty() || kept.equals(source)) return null;
  return [...kept.toCidrs()];
}

/**
 * At most this many CIDRs replace one rule when it is narrowed around the finding's senders (a
 * peer's /16 taken out of 10.0.0.0/8 leaves 8): a group holds 60 inbound rules by default, and a
 * longer list is no longer a narrow change.
 */
const EXCLUDE_MAX_CIDRS = 8;

/**
 * A CIDR rule without the finding's senders (for example "from 0.0.0.0/0" without the internet's
 * addresses: the private ranges, so peers, on-premises and the VPC keep the port): the CIDRs it
 * keeps, or null when it keeps nothing, is not narrowed, or would take more than a few rules.
 */
function withoutSenders(finding: Finding, rule: SgRule, group: SecurityGroup): string[] | null {
  if (rule.source.kind !== 'cidr') return null;
  const cidr = parseCidr(rule.source.cidr);
  if (cidr === null) return null;
  const source = AddressSet.fromCidr(cidr);
  const senders = finding.sources.flatMap((text) => {
    const sender = parseCidr(text);
    return sender !== null && sender.family === cidr.family ? [sender] : [];
  });
  const kept = source.subtract(AddressSet.fromCidrs(cidr.family, senders));
  if (kept.isEmpty() || kept.equals(source)) return null;
  // A CIDR the group already has as a rule of the same protocol and ports is kept by that rule
  // (AWS refuses a duplicate): only the others are added.
  const same = (r: SgRule): boolean => r !== rule && r.protocol === rule.protocol && r.ports?.[0] === rule.ports?.[0] && r.ports?.[1] === rule.ports?.[1];
  const existing = new Set(group.ingress.filter(same).flatMap((r) => (r.source.kind === 'cidr' ? [r.source.cidr] : [])));
  const cidrs = kept.toCidrs().filter((c) => !existing.has(c));
  return cidrs.length > 0 && cidrs.length <= EXCLUDE_MAX_CIDRS ? cidrs : null;
}

function securityGroupCandidates(network: Network, steps: readonly PathStep[], finding: Finding): Candidate[] {
  const out: Candidate[] = [];
  const all: { group: SecurityGroup; rule: SgRule; text: string }[] = [];
  for (const step of steps.filter((s) => s.componentType === 'AWS::EC2::SecurityGroup')) {
    const group = network.securityGroups.get(step.componentId);
    if (group === undefined) continue;
    // A NetworkExposure finding is about its own group only.
    if (finding.ruleType === 'NetworkExposure' && !finding.securityGroupIds.includes(group.id)) continue;
    for (const text of stepRules(step)) {
      const rule = group.ingress.find((r) => sgRuleText(r) === text);
      if (rule !== undefined && !all.some((a) => a.group.id === group.id && a.rule === rule)) all.push({ group, rule, text });
    }
  }
  const without = (network: Network, drop: readonly { group: SecurityGroup; rule: SgRule }[], replace?: (rule: SgRule) => SgRule[]): Network => {
    let next = network;
    for (const groupId of [...new Set(drop.map((d) => d.group.id))]) {
      const group = next.securityGroups.get(groupId)!;
      const ingress = group.ingress.flatMap((r) => (drop.some((d) => d.rule === r) ? (replace?.(r) ?? []) : [r]));
      next = withGroup(next, { ...group, ingress });
    }
    return next;
  };
  const port = finding.port;
  const transport = finding.protocol;
  for (const item of all) {
    const ported = item.rule.protocol === IP_PROTOCOL_TCP || item.rule.protocol === IP_PROTOCOL_UDP;
    if (port !== null && transport !== null && ported && item.rule.ports !== null && item.rule.ports[0] < item.rule.ports[1]) {
      const keeps = rangesWithout(item.rule, port);
      out.push({
        change: { kind: 'narrow-rule', groupId: item.group.id, rule: item.text, keeps },
        apply: (n) => without(n, [item], (r) => keeps.map((range) => ({ ...r, ports: range, ruleId: null }))),
        scope: scopeOf({ securityGroupIds: [item.group.id] }),
      });
    }
    const keeps = insideVpc(network, finding, item.rule);
    const others = withoutSenders(finding, item.rule, item.group);
    // When the VPC's own addresses are all that is left without the senders, one change says both.
    if (others !== null && (keeps === null || others.join() !== keeps.join())) {
      out.push({
        change: { kind: 'exclude-source', groupId: item.group.id, rule: item.text, keeps: others },
        apply: (n) => without(n, [item], (r) => others.map((cidr) => ({ ...r, source: { kind: 'cidr' as const, cidr }, ruleId: null }))),
        scope: scopeOf({ securityGroupIds: [item.group.id] }),
      });
    }
    if (keeps !== null) {
      out.push({
        change: { kind: 'narrow-source', groupId: item.group.id, rule: item.text, keeps },
        apply: (n) => without(n, [item], (r) => keeps.map((cidr) => ({ ...r, source: { kind: 'cidr' as const, cidr }, ruleId: null }))),
        scope: scopeOf({ securityGroupIds: [item.group.id] }),
      });
    }
    out.push({ change: { kind: 'remove-rules', rules: [{ groupId: item.group.id, rule: item.text }] }, apply: (n) => without(n, [item]), scope: scopeOf({ securityGroupIds: [item.group.id] }) });
  }
  if (all.length > 1) {
    out.push({
      change: { kind: 'remove-rules', rules: all.map((a) => ({ groupId: a.group.id, rule: a.text })) },
      apply: (n) => without(n, all),
      scope: scopeOf({ securityGroupIds: all.map((a) => a.group.id) }),
    });
  }
  return out;
}

function denyCandidates(network: Network, steps: readonly PathStep[], finding: Finding): Candidate[] {
  if (finding.protocol === null || finding.port === null) return [];
  const protocol = finding.protocol === 'tcp' ? IP_PROTOCOL_TCP : IP_PROTOCOL_UDP;
  const port = finding.port;
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const step of steps.filter((s) => s.componentType === 'AWS::EC2::NetworkAcl')) {
    const acl = network.networkAcls.get(step.componentId);
    if (acl === undefined) continue;
    for (const text of stepRules(step)) {
      const admitting = acl.entries.find((e) => !e.egress && e.action === 'allow' && naclEntryText(e) === text);
      if (admitting === undefined || seen.has(`${acl.id} ${admitting.ruleNumber}`)) continue;
      seen.add(`${acl.id} ${admitting.ruleNumber}`);
      const taken = new Set(acl.entries.filter((e) => !e.egress).map((e) => e.ruleNumber));
      let number = admitting.ruleNumber - 1;
      while (number > 0 && taken.has(number)) number--;
      if (number <= 0) continue;
      // Senders that are one CIDR (a peer VPC, an office) are denied by it, leaving the port open to
      // everyone else the NACL admits (other subnets of the VPC among them); otherwise everyone.
      const cidr = finding.sources.length === 1 ? finding.sources[0]! : finding.ipVersion === 6 ? '::/0' : '0.0.0.0/0';
      const deny: NaclEntry = { ruleNumber: number, egress: false, action: 'deny', protocol, cidr, ports: [port, port] };
      out.push({
        change: { kind: 'deny-entry', aclId: acl.id, ruleNumber: number, entry: naclEntryText(deny), below: text },
        apply: (n) => withAcl(n, { ...acl, entries: [...acl.entries, deny] }),
        scope: scopeOf({ networkAclIds: [acl.id] }),
      });
    }
  }
  return out;
}

/** A route through an appliance is named with where the appliance passes the traffic on (engine/routes.ts). */
const APPLIANCE_NOTE = / \(appliance, .*$/;

function routeMatches(route: Route, text: string): boolean {
  const own = text.replace(APPLIANCE_NOTE, '');
  if (route.destination.kind === 'cidr') return routeText(route, route.destination.cidr) === own;
  return own.includes(`(prefix list ${route.destination.prefixListId}) -> ${route.target.id}`);
}

function routeCandidates(network: Network, steps: readonly PathStep[]): Candidate[] {
  const out: Candidate[] = [];
  for (const step of steps.filter((s) => s.componentType === 'AWS::EC2::RouteTable')) {
    const table = network.routeTables.get(step.componentId);
    if (table === undefined) continue;
    for (const text of stepRules(step)) {
      const route = table.routes.find((r) => routeMatches(r, text));
      if (route === undefined) continue;
      if (route.origin === 'propagated') {
        const gatewayId = route.target.id;
        if (out.some((c) => c.change.kind === 'disable-propagation' && c.change.routeTableId === table.id && c.change.gatewayId === gatewayId)) continue;
        out.push({
          change: { kind: 'disable-propagation', routeTableId: table.id, gatewayId },
          apply: (n) => withTable(n, { ...table, routes: table.routes.filter((r) => !(r.origin === 'propagated' && r.target.id === gatewayId)) }),
          scope: scopeOf({ routeTableIds: [table.id] }),
        });
        continue;
      }
      if (out.some((c) => c.change.kind === 'remove-route' && c.change.route === text)) continue;
      out.push({
        change: { kind: 'remove-route', routeTableId: table.id, route: text },
        apply: (n) => withTable(n, { ...table, routes: table.routes.filter((r) => r !== route) }),
        scope: scopeOf({ routeTableIds: [table.id] }),
      });
    }
  }
  return out;
}

function listenerCandidates(network: Network, finding: Finding): Candidate[] {
  if (!('listenerPort' in finding.via)) return [];
  const lb = network.loadBalancers.get(finding.via.id);
  const port = finding.via.listenerPort;
  if (lb === undefined || lb.listeners === null) return [];
  const listeners = lb.listeners.filter((l) => l.port === port);
  const name = listeners.map((l) => `${l.protocol} ${l.port}`).join(', ');
  return [
    {
      change: { kind: 'remove-listener', loadBalancerId: lb.id, listener: name },
      apply: (n) => withLoadBalancer(n, { ...lb, listeners: lb.listeners!.filter((l) => l.port !== port) }),
      // A listener carries load-balancer paths only, which a limited run analyses in full.
      scope: scopeOf({}),
    },
  ];
}

type PortsByKey = Map<string, { instanceId: string; networkInterfaceId: string; throughLoadBalancer: boolean; protocol: Transport; ports: PortSet }>;

function reachablePorts(result: EngineResult): PortsByKey {
  const out: PortsByKey = new Map();
  for (const r of result.reachabilities) {
    for (const c of r.cells) {
      const key = `${r.networkInterfaceId} ${r.reachabilityType} ${viaKey(r)} ${r.ipVersion} ${c.protocol}`;
      const entry = out.get(key) ?? { instanceId: r.instanceId, networkInterfaceId: r.networkInterfaceId, throughLoadBalancer: 'listenerPort' in r.via, protocol: c.protocol, ports: PortSet.empty() };
      entry.ports = entry.ports.union(PortSet.range(c.ports[0], c.ports[1]));
      out.set(key, entry);
    }
  }
  return out;
}

/** The start of the keys of reachablePorts that belong to one reachability (its path), whatever the protocol. */
function pathKey(r: Reachability): string {
  return `${r.networkInterfaceId} ${r.reachabilityType} ${viaKey(r)} ${r.ipVersion} `;
}

/**
 * What `after` no longer reaches of `before`: on the path whose keys start with `own`, and per
 * interface on every other path; `scoped`: the interfaces whose direct paths `after` analysed
 * (undefined: all).
 */
function closedPorts(before: PortsByKey, after: PortsByKey, scoped: ReadonlySet<string> | undefined, own: string): { here: { tcp: PortSet; udp: PortSet }; byInterface: ClosedPorts[]; size: number } {
  const byInterface = new Map<string, { instanceId: string; tcp: PortSet; udp: PortSet }>();
  const here = { tcp: PortSet.empty(), udp: PortSet.empty() };
  let size = 0;
  for (const [key, entry] of before) {
    if (scoped !== undefined && !entry.throughLoadBalancer && !scoped.has(entry.networkInterfaceId)) continue;
    const closed = entry.ports.subtract(after.get(key)?.ports ?? PortSet.empty());
    if (closed.isEmpty()) continue;
    size += closed.ranges().reduce((n, [a, b]) => n + (b - a + 1), 0);
    if (key.startsWith(own)) {
      here[entry.protocol] = here[entry.protocol].union(closed);
      continue;
    }
    const slot = byInterface.get(entry.networkInterfaceId) ?? { instanceId: entry.instanceId, tcp: PortSet.empty(), udp: PortSet.empty() };
    slot[entry.protocol] = slot[entry.protocol].union(closed);
    byInterface.set(entry.networkInterfaceId, slot);
  }
  const list = [...byInterface.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([networkInterfaceId, s]) => ({ instanceId: s.instanceId, networkInterfaceId, tcp: [...s.tcp.ranges()], udp: [...s.udp.ranges()] }));
  return { here, byInterface: list, size };
}

/**
 * Whether the finding is still among the findings of `result`. Findings are made reachability by
 * reachability, so only the finding's own interface's need making, not the whole estate's.
 */
function stillFound(result: EngineResult, listeners: ReadonlyMap<string, ListenerData>, finding: Finding): boolean {
  const own = result.reachabilities.filter((r) => r.networkInterfaceId === finding.networkInterfaceId);
  return findFinding({ ...result, reachabilities: own }, listeners, finding.id) !== undefined;
}

export interface ClosingChangeSettings {
  /** The engine's result for `network` with `options`, when the caller has it already. */
  readonly before?: EngineResult;
  /**
   * Judge each change by re-analysing only the paths it can alter (default true): the interfaces
   * holding the edited group or in a subnet of the edited ACL or route table, and every
   * load-balancer path. Off only to show that the limit changes nothing.
   */
  readonly limitToChange?: boolean;
}

/**
 * Every single change on the finding's path that closes it, narrowest first (fewest ports closed
 * over the whole network; at equal size, a security-group change before a NACL entry, a listener
 * or a route).
 */
export function closingChanges(
  network: Network,
  options: EngineOptions,
  listeners: ReadonlyMap<string, ListenerData>,
  finding: Finding,
  settings: ClosingChangeSettings = {},
): ChangeEffect[] {
  const before = settings.before ?? assessNetwork(network, options);
  const limit = settings.limitToChange ?? true;
  const reachability = reachabilityOf(before, finding);
  if (reachability === null) return [];
  const steps = cellsOf(reachability, finding).flatMap((c) => c.networkPath);
  const candidates = [
    ...securityGroupCandidates(network, steps, finding),
    ...denyCandidates(network, steps, finding),
    ...listenerCandidates(network, finding),
    ...routeCandidates(network, steps),
  ];
  const beforePorts = reachablePorts(before);
  const effects: ChangeEffect[] = [];
  for (const candidate of candidates) {
    const after = assessNetwork(candidate.apply(network), options, limit ? candidate.scope : undefined);
    if (stillFound(after, listeners, finding)) continue;
    const { here, byInterface, size } = closedPorts(beforePorts, reachablePorts(after), after.scopedInterfaces, pathKey(reachability));
    const own = { instanceId: finding.instanceId, networkInterfaceId: finding.networkInterfaceId, tcp: [...here.tcp.ranges()], udp: [...here.udp.ranges()] };
    effects.push({ change: candidate.change, here: own, elsewhere: byInterface, size });
  }
  // Removing several rules together is worth saying only when no single rule change closes it.
  const single = effects.some((e) => e.change.kind === 'narrow-rule' || e.change.kind === 'exclude-source' || e.change.kind === 'narrow-source' || (e.change.kind === 'remove-rules' && e.change.rules.length === 1));
  return effects
    .filter((e) => !(single && e.change.kind === 'remove-rules' && e.change.rules.length > 1))
    .sort((a, b) => a.size - b.size || ORDER.indexOf(a.change.kind) - ORDER.indexOf(b.change.kind));
}
