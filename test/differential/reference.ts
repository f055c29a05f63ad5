// An independent, brute-force reference for SPEC §2–4: it answers one concrete packet at a time
// (interface, source kind and entry point, one source address, protocol, destination port) by
// reading the model the way the SPEC text reads, rule by rule. It shares no code with src/engine
// or src/net on purpose (only the model's types): the differential test compares the two.
// Obviously correct first; the few caches below only remember pure answers.
import type {
  Instance,
  IpProtocol,
  LoadBalancer,
  LoadBalancerListener,
  NaclEntry,
  Network,
  NetworkAcl,
  NetworkInterface,
  RouteTable,
  RouteTarget,
  Subnet,
  TargetGroup,
  TransitGatewayAttachment,
  Vpc,
} from '../../src/model/types.js';

// ---------------------------------------------------------------------------------------------
// Addresses: IPv4 as a number, IPv6 as a bigint. Written here from scratch.

export type Family = 4 | 6;
/** A concrete address: number = IPv4, bigint = IPv6. */
export type Ip = number | bigint;

export function familyOfIp(ip: Ip): Family {
  return typeof ip === 'number' ? 4 : 6;
}

export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export function parseIpv6(text: string): bigint | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (s: string): string[] | null => {
    if (s === '') return [];
    const groups = s.split(':');
    return groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? groups : null;
  };
  const left = groupsOf(halves[0]!);
  const right = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (left === null || right === null) return null;
  let groups: string[];
  if (halves.length === 2) {
    const missing = 8 - left.length - right.length;
    if (missing < 1) return null;
    groups = [...left, ...Array<string>(missing).fill('0'), ...right];
  } else {
    groups = left;
  }
  if (groups.length !== 8) return null;
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(parseInt(g, 16));
  return value;
}

export function parseIp(text: string): Ip | null {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

export function formatIpRef(ip: Ip): string {
  if (typeof ip === 'number') {
    return [24, 16, 8, 0].map((shift) => Math.floor(ip / 2 ** shift) % 256).join('.');
  }
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((ip >> BigInt(16 * i)) & 0xffffn).toString(16));
  return groups.join(':');
}

/** An inclusive address range from a CIDR. */
export interface IpRange {
  readonly family: Family;
  readonly start: Ip;
  readonly end: Ip;
  readonly prefixLength: number;
}

export function cidrRange(text: string): IpRange | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (ip === null || !/^\d{1,3}$/.test(prefixText)) return null;
  const prefixLength = Number(prefixText);
  if (typeof ip === 'number') {
    if (prefixLength > 32) return null;
    const size = 2 ** (32 - prefixLength);
    const start = ip - (ip % size);
    return { family: 4, start, end: start + size - 1, prefixLength };
  }
  if (prefixLength > 128) return null;
  const size = 1n << BigInt(128 - prefixLength);
  const start = ip - (ip % size);
  return { family: 6, start, end: start + size - 1n, prefixLength };
}

export function rangeContains(range: IpRange, ip: Ip): boolean {
  if (range.family !== familyOfIp(ip)) return false;
  return range.start <= ip && ip <= range.end;
}

const parsedCidrs = new Map<string, IpRange | null>();

/** cidrRange, remembered (the same few CIDRs are asked about millions of times). */
function cidrOf(text: string): IpRange | null {
  let range = parsedCidrs.get(text);
  if (range === undefined) {
    range = cidrRange(text);
    parsedCidrs.set(text, range);
  }
  return range;
}

function cidrContains(cidr: string, ip: Ip): boolean {
  const range = cidrOf(cidr);
  return range !== null && rangeContains(range, ip);
}

function sameIp(text: string, ip: Ip): boolean {
  const parsed = parseIp(text);
  return parsed !== null && parsed === ip;
}

// ---------------------------------------------------------------------------------------------
// What a packet is and where it comes from.

export type ReachabilityKind = 'Internet' | 'VGW' | 'PeeredVpc' | 'TransitGateway';
export type Transport = 'tcp' | 'udp';
export type RefVia =
  | { readonly type: 'IGW' | 'VGW' | 'PCX' | 'TGW'; readonly id: string }
  | { readonly type: 'CLB' | 'ALB' | 'NLB'; readonly id: string; readonly listenerPort: number };

/** One (reachabilityType, via, IP version) an interface can be reached by. */
export interface SourceKey {
  readonly reachabilityType: ReachabilityKind;
  readonly via: RefVia;
  readonly family: Family;
}

export function keyText(key: SourceKey): string {
  const via = 'listenerPort' in key.via ? `${key.via.type}:${key.via.id}:${key.via.listenerPort}` : `${key.via.type}:${key.via.id}`;
  return `${key.reachabilityType}|${via}|v${key.family}`;
}

export interface ReferenceOptions {
  readonly ephemeralPorts: readonly [number, number];
  readonly onpremCidrs: readonly string[] | null;
  /**
   * Known engine deviations from SPEC to imitate (never in the strict reference): the harness
   * asks an imitating reference about each disagreement, to tell known bugs from new ones.
   */
  readonly imitate?: ReadonlySet<EngineDeviation>;
}

/**
 * Engine behaviours known to differ from SPEC, by name, each with a todo regression test in
 * regressions.test.ts, while the engine is not fixed. To tolerate one in the differential run,
 * name it here, make the reference imitate it where `this.options.imitate` has the name, and
 * remove both when the engine is fixed. Fixed so far: Direct Connect gateway data counting as
 * DX data (SPEC §2 VGW) and ip targets in overlapping VPCs (SPEC §4), see regressions.test.ts.
 */
export type EngineDeviation = string;

export const KNOWN_ENGINE_DEVIATIONS: Readonly<Record<EngineDeviation, string>> = {};

/** A gateway or peering that carries inbound-initiated traffic into a VPC (SPEC §2). */
interface Sender {
  readonly reachabilityType: ReachabilityKind;
  readonly via: { readonly type: 'IGW' | 'VGW' | 'PCX' | 'TGW'; readonly id: string };
  readonly family: Family;
  /** x ∈ X before the subnet's routes are asked, for a packet to one of `destinations`. */
  readonly mayUse: (x: Ip, destinations: readonly Ip[]) => boolean;
  /** The reply route must lead here. */
  readonly routeKind: RouteTarget['kind'];
  readonly routeId: string;
  /** Peer-VPC instances are interfaces: group references can match them. */
  readonly interfaceSenders: boolean;
}

const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

const PROTOCOL_NUMBER: Record<Transport, number> = { tcp: 6, udp: 17 };

function protocolMatches(ruleProtocol: IpProtocol, protocol: Transport): boolean {
  return ruleProtocol === 'all' || ruleProtocol === PROTOCOL_NUMBER[protocol];
}

function portMatches(ports: readonly [number, number] | null, port: number): boolean {
  return ports === null || (ports[0] <= port && port <= ports[1]);
}

/** A load-balancer node: where it sits and the address it sends from. */
interface LbNode {
  readonly address: number;
  readonly subnet: Subnet;
}

/** One registered target of a listener as the LB forwards to it. */
interface LbTarget {
  readonly eni: NetworkInterface;
  readonly port: number;
  readonly preserveClientIp: boolean;
}

/** Why a packet got its verdict: the reference's own trace, for failure messages. */
export type Trace = string[];

/** Remembers a pure answer by key. */
function remembered<K, V>(cache: Map<K, V>, key: K, compute: () => V): V {
  if (cache.has(key)) return cache.get(key)!;
  const value = compute();
  cache.set(key, value);
  return value;
}

export class Reference {
  // Caches of pure answers about an immutable network; the rules themselves are below.
  private readonly memo = new Map<string, boolean>();
  private readonly instanceOfEni = new Map<string, Instance | null>();
  private readonly tableOfSubnet = new Map<string, RouteTable | null>();
  private readonly aclOfSubnet = new Map<string, NetworkAcl | null>();
  private readonly sendersOfVpc = new Map<string, Sender[]>();
  private readonly nodesOfLb = new Map<string, LbNode[]>();
  private readonly enisOfLb = new Map<string, NetworkInterface[]>();
  private readonly targetsOfListener = new Map<LoadBalancerListener, LbTarget[]>();
  private readonly orderedEntries = new Map<string, NaclEntry[]>();
  private members: Map<string, Set<number>> | null = null;

  constructor(
    readonly network: Network,
    readonly options: ReferenceOptions,
  ) {}

  // ------------------------------------------------------------------------------ lookups

  runningInstanceOf(eni: NetworkInterface): Instance | null {
    return remembered(this.instanceOfEni, eni.id, () => {
      for (const instance of this.network.instances.values()) {
        if (instance.state === 'running' && instance.networkInterfaceIds.includes(eni.id)) return instance;
      }
      return null;
    });
  }

  /** SPEC §3.2: the explicitly associated table, else the VPC's main table. */
  routeTableOf(subnet: Subnet): RouteTable | null {
    return remembered(this.tableOfSubnet, subnet.id, () => {
      for (const table of this.network.routeTables.values()) if (table.subnetIds.includes(subnet.id)) return table;
      for (const table of this.network.routeTables.values()) if (table.main && table.vpcId === subnet.vpcId) return table;
      return null;
    });
  }

  /** The subnet's NACL (the VPC's default when none names the subnet); null: checks skipped. */
  naclOf(subnet: Subnet): NetworkAcl | null {
    return remembered(this.aclOfSubnet, subnet.id, () => {
      for (const acl of this.network.networkAcls.values()) if (acl.subnetIds.includes(subnet.id)) return acl;
      for (const acl of this.network.networkAcls.values()) if (acl.isDefault && acl.vpcId === subnet.vpcId) return acl;
      return null;
    });
  }

  private vgwConnected(vgwId: string): boolean {
    const n = this.network;
    const vpnData = n.kindsPresent.has('VpnConnections');
    const dxData = ['virtualInterfaces', 'directConnectGateways', 'directConnectGatewayAssociations'].some((k) => n.kindsPresent.has(k));
    if (!vpnData && !dxData) return true;
    for (const vpn of n.vpnConnections.values()) if (vpn.vpnGatewayId === vgwId && vpn.state === 'available') return true;
    for (const vif of n.dxVirtualInterfaces.values()) if (vif.virtualGatewayId === vgwId && vif.state === 'available') return true;
    for (const a of n.dxGatewayAssociations) if (a.associatedGatewayId === vgwId && (a.state === 'associated' || a.state === 'updating')) return true;
    // Unknown, so assumed: a call that would show the connections failed, or the gateway propagates
    // routes (learned only over a live session) while nothing in the snapshot names it.
    const calls = ['ec2:DescribeVpnConnections', 'directconnect:DescribeVirtualInterfaces', 'directconnect:DescribeDirectConnectGateways', 'directconnect:DescribeDirectConnectGatewayAssociations'];
    if (calls.some((c) => n.failedCalls.has(c))) return true;
    const named =
      [...n.vpnConnections.values()].some((v) => v.vpnGatewayId === vgwId) ||
      [...n.dxVirtualInterfaces.values()].some((v) => v.virtualGatewayId === vgwId) ||
      n.dxGatewayAssociations.some((a) => a.associatedGatewayId === vgwId);
    if (named) return false;
    const vpcs = n.vpnGateways.get(vgwId)?.vpcIds ?? [];
    return [...n.routeTables.values()].some((t) => vpcs.includes(t.vpcId) && t.routes.some((r) => r.origin === 'propagated' && !r.blackhole && r.target.id === vgwId));
  }

  /** The winning TGW route for x: longest prefix, static before propagated; null when none. */
  private tgwWinner(tableId: string, x: Ip): { blackhole: boolean; attachments: readonly string[] } | null {
    const table = this.network.transitGatewayRouteTables.get(tableId)!;
    let best: { prefixLength: number; rank: number; blackhole: boolean; attachments: readonly string[] } | null = null;
    for (const route of table.routes ?? []) {
      const range = cidrOf(route.cidr);
      if (range === null || !rangeContains(range, x)) continue;
      // Static, then static through a prefix list, then propagated.
      const rank = route.type === 'propagated' ? 3 : route.prefixListId === undefined ? 1 : 2;
      if (best === null || range.prefixLength > best.prefixLength || (range.prefixLength === best.prefixLength && rank < best.rank)) {
        best = { prefixLength: range.prefixLength, rank, blackhole: route.blackhole, attachments: route.attachmentIds };
      }
    }
    return best;
  }

  /** A table id whose routes are known, 'unknown' when not collected, null when not associated. */
  private tgwTableOf(attachment: TransitGatewayAttachment, tgwId: string): string | 'unknown' | null {
    const tableId = attachment.transitGatewayId === tgwId
      ? attachment.associatedRouteTableId
      : (this.network.transitGateways.get(tgwId)?.associationDefaultRouteTableId ?? null);
    if (tableId === null) return null;
    const table = this.network.transitGatewayRouteTables.get(tableId);
    return table === undefined || table.routes === null ? 'unknown' : tableId;
  }

  /** Could x sit behind attachment `a` (its VPC's CIDRs; else anything: a VPN's routes live in the TGW tables)? */
  private behindAttachment(a: TransitGatewayAttachment, x: Ip): boolean {
    const n = this.network;
    if (a.resourceType === 'vpc') {
      const vpc = a.resourceId === null ? undefined : n.vpcs.get(a.resourceId);
      return vpc === undefined || vpc.cidrs.some((c) => cidrContains(c, x));
    }
    const onprem = this.options.onpremCidrs;
    return onprem === null || onprem.some((c) => cidrContains(c, x));
  }

  /**
   * Issue #5: x sends through the TGW to the target attachment when x is behind another attachment
   * whose table routes the destination to the target, and the target's table routes x back to it.
   */
  private tgwSends(target: TransitGatewayAttachment, x: Ip, destinations: readonly Ip[]): boolean {
    const tgwId = target.transitGatewayId;
    const own = this.tgwTableOf(target, tgwId);
    if (own === null) return false;
    for (const a of this.network.transitGatewayAttachments.values()) {
      if (a.id === target.id || a.state !== 'available') continue;
      if (a.transitGatewayId !== tgwId && !(a.resourceType === 'peering' && a.resourceId === tgwId)) continue;
      const theirs = this.tgwTableOf(a, tgwId);
      if (theirs === null || !this.behindAttachment(a, x)) continue;
      if (own !== 'unknown') {
        const back = this.tgwWinner(own, x);
        if (back === null || back.blackhole || !back.attachments.includes(a.id)) continue;
      }
      const forward = (d: Ip): boolean => {
        if (theirs === 'unknown') return true;
        const route = this.tgwWinner(theirs, d);
        return route !== null && !route.blackhole && route.attachments.includes(target.id);
      };
      if (destinations.some(forward)) return true;
    }
    return false;
  }

  /** Every source of inbound-initiated traffic into this VPC (SPEC §2). */
  sendersInto(vpc: Vpc): Sender[] {
    return remembered(this.sendersOfVpc, vpc.id, () => this.findSendersInto(vpc));
  }

  private findSendersInto(vpc: Vpc): Sender[] {
    const n = this.network;
    const out: Sender[] = [];
    const inVpc4 = (x: Ip): boolean => vpc.cidrs.some((c) => cidrContains(c, x));
    const inVpc6 = (x: Ip): boolean => vpc.ipv6Cidrs.some((c) => cidrContains(c, x));
    for (const igw of n.internetGateways.values()) {
      if (!igw.vpcIds.includes(vpc.id)) continue;
      const via = { type: 'IGW' as const, id: igw.id };
      out.push({
        reachabilityType: 'Internet',
        via,
        family: 4,
        mayUse: (x) => typeof x === 'number' && !RFC1918.some((c) => cidrContains(c, x)) && !inVpc4(x),
        routeKind: 'igw',
        routeId: igw.id,
        interfaceSenders: false,
      });
      out.push({
        reachabilityType: 'Internet',
        via,
        family: 6,
        mayUse: (x) => typeof x === 'bigint' && !inVpc6(x),
        routeKind: 'igw',
        routeId: igw.id,
        interfaceSenders: false,
      });
    }
    for (const vgw of n.vpnGateways.values()) {
      if (!vgw.vpcIds.includes(vpc.id) || vgw.state !== 'available' || !this.vgwConnected(vgw.id)) continue;
      const onprem = this.options.onpremCidrs;
      out.push({
        reachabilityType: 'VGW',
        via: { type: 'VGW', id: vgw.id },
        family: 4,
        mayUse: (x) => typeof x === 'number' && !inVpc4(x) && (onprem === null || onprem.some((c) => cidrContains(c, x))),
        routeKind: 'vgw',
        routeId: vgw.id,
        interfaceSenders: false,
      });
    }
    for (const pcx of n.peeringConnections.values()) {
      if (pcx.status !== 'active') continue;
      const peer = pcx.requester.vpcId === vpc.id ? pcx.accepter : pcx.accepter.vpcId === vpc.id ? pcx.requester : null;
      if (peer === null) continue;
      // The peer VPC's CIDRs: as the connection lists them, else as the peer VPC's own record has them.
      const peerCidrs = peer.cidrs.length > 0 ? peer.cidrs : (n.vpcs.get(peer.vpcId)?.cidrs ?? []);
      out.push({
        reachabilityType: 'PeeredVpc',
        via: { type: 'PCX', id: pcx.id },
        family: 4,
        mayUse: (x) => typeof x === 'number' && peerCidrs.some((c) => cidrContains(c, x)),
        routeKind: 'pcx',
        routeId: pcx.id,
        interfaceSenders: true,
      });
    }
    for (const attachment of n.transitGatewayAttachments.values()) {
      if (attachment.resourceType !== 'vpc' || attachment.resourceId !== vpc.id || attachment.state !== 'available') continue;
      out.push({
        reachabilityType: 'TransitGateway',
        via: { type: 'TGW', id: attachment.transitGatewayId },
        family: 4,
        mayUse: (x, destinations) => typeof x === 'number' && !inVpc4(x) && this.tgwSends(attachment, x, destinations),
        routeKind: 'tgw',
        routeId: attachment.transitGatewayId,
        interfaceSenders: false,
      });
    }
    return out;
  }

  // ------------------------------------------------------------------------------ §3 rules

  /**
   * §3.2: the longest-prefix-match route for x in the table. Ties: local > static > prefix list >
   * propagated; the local route always wins inside the VPC's CIDRs. Null: no route.
   */
  winningRoute(table: RouteTable, vpc: Vpc, x: Ip): { target: RouteTarget; blackhole: boolean; text: string; prefixList: boolean } | 'local' | null {
    const vpcCidrs = familyOfIp(x) === 4 ? vpc.cidrs : vpc.ipv6Cidrs;
    if (vpcCidrs.some((c) => cidrContains(c, x))) return 'local';
    let best: { prefixLength: number; rank: number; target: RouteTarget; blackhole: boolean; text: string; prefixList: boolean } | null = null;
    for (const route of table.routes) {
      let destinations: readonly string[];
      if (route.destination.kind === 'cidr') destinations = [route.destination.cidr];
      else destinations = this.network.prefixLists.get(route.destination.prefixListId)?.cidrs ?? [];
      for (const destination of destinations) {
        const range = cidrOf(destination);
        if (range === null || !rangeContains(range, x)) continue;
        const rank =
          route.target.kind === 'local' || route.origin === 'local' ? 0 : route.destination.kind === 'prefixList' ? 2 : route.origin === 'propagated' ? 3 : 1;
        if (best === null || range.prefixLength > best.prefixLength || (range.prefixLength === best.prefixLength && rank < best.rank)) {
          best = { prefixLength: range.prefixLength, rank, target: route.target, blackhole: route.blackhole, text: `${destination} -> ${route.target.id}`, prefixList: route.destination.kind === 'prefixList' };
        } else if (range.prefixLength === best.prefixLength && rank === best.rank && (route.target.id !== best.target.id || route.blackhole !== best.blackhole)) {
          throw new Error(`reference: ambiguous routes in ${table.id} for ${formatIpRef(x)} (${best.text} vs ${destination} -> ${route.target.id})`);
        }
      }
    }
    if (best === null) return null;
    if (best.target.kind === 'local') return 'local';
    return { target: best.target, blackhole: best.blackhole, text: best.text, prefixList: best.prefixList };
  }

  /**
   * The reply to x leaves `table` by the sender's gateway, directly or through appliances: a
   * Gateway Load Balancer (firewall) endpoint, or an interface that a gateway's edge route table
   * also sends traffic to. An appliance passes the reply on as its own subnet's table routes it;
   * one whose subnet or table is unknown (or an endpoint the snapshot lacks, on a CIDR route) is
   * taken to pass it to the right gateway. Passing one appliance twice is a loop: dropped.
   */
  repliesBy(sender: Sender, table: RouteTable, vpc: Vpc, x: Ip, passed: readonly string[], trace?: Trace): boolean {
    const route = this.winningRoute(table, vpc, x);
    if (route === null || route === 'local' || route.blackhole) {
      trace?.push(`route in ${table.id}: ${route === null ? 'none' : route === 'local' ? 'local' : `${route.text} (blackhole)`}`);
      return false;
    }
    if (route.target.kind === sender.routeKind && route.target.id === sender.routeId) return true;
    const appliance = this.applianceAt(vpc, route.target, route.prefixList);
    if (appliance === undefined || passed.includes(route.target.id)) {
      trace?.push(`route in ${table.id}: ${route.text}`);
      return false;
    }
    if (appliance === null) return true;
    return this.repliesBy(sender, appliance, vpc, x, [...passed, route.target.id], trace);
  }

  /** An appliance's onward route table; null when unknown (assumed to pass on); undefined: not an appliance. */
  private applianceAt(vpc: Vpc, target: RouteTarget, prefixList: boolean): RouteTable | null | undefined {
    let subnetId: string | null;
    if (target.kind === 'vpce') {
      const endpoint = this.network.vpcEndpoints.get(target.id);
      if (endpoint === undefined) return prefixList ? undefined : null;
      if (endpoint.type !== 'GatewayLoadBalancer') return undefined;
      subnetId = endpoint.subnetIds.length === 1 ? endpoint.subnetIds[0]! : null;
    } else if (target.kind === 'eni') {
      const edgeRouted = [...this.network.routeTables.values()].some(
        (t) => t.vpcId === vpc.id && t.gatewayIds.length > 0 && t.routes.some((r) => r.target.kind === 'eni' && r.target.id === target.id),
      );
      if (!edgeRouted) return undefined;
      subnetId = this.network.networkInterfaces.get(target.id)?.subnetId ?? null;
    } else {
      return undefined;
    }
    const subnet = subnetId === null ? undefined : this.network.subnets.get(subnetId);
    return subnet === undefined ? null : this.routeTableOf(subnet);
  }

  /** NACL entries of one direction and family in ascending rule number; first match wins. */
  naclAllows(acl: NetworkAcl, egress: boolean, x: Ip, protocol: Transport, port: number): boolean {
    const family = familyOfIp(x);
    const entries = remembered(this.orderedEntries, `${acl.id}|${egress}|${family}`, () =>
      acl.entries.filter((e) => e.egress === egress && cidrOf(e.cidr)?.family === family).sort((a, b) => a.ruleNumber - b.ruleNumber),
    );
    for (const entry of entries) {
      if (protocolMatches(entry.protocol, protocol) && portMatches(entry.ports, port) && cidrContains(entry.cidr, x)) {
        return entry.action === 'allow';
      }
    }
    return false;
  }

  /**
   * §3.4: some client port q in the ephemeral range is allowed outbound. The first-match answer
   * only changes where an entry's port range starts or ends, so trying the range's start and
   * every entry start / end+1 inside it tries every distinct answer.
   */
  naclReturnAllows(acl: NetworkAcl, x: Ip, protocol: Transport): boolean {
    const [low, high] = this.options.ephemeralPorts;
    const tries = new Set<number>([low]);
    for (const e of acl.entries) {
      if (!e.egress || e.ports === null) continue;
      for (const q of [e.ports[0], e.ports[1] + 1]) if (q >= low && q <= high) tries.add(q);
    }
    for (const q of tries) if (this.naclAllows(acl, true, x, protocol, q)) return true;
    return false;
  }

  /** x is a private IPv4 address of an interface in the group, or an LB node placed for a group's LB. */
  isGroupMember(groupId: string, x: Ip): boolean {
    if (typeof x !== 'number') return false;
    return this.groupMembers(groupId).has(x);
  }

  /** Every address that is a member of the group, by the rule above. */
  groupMembers(groupId: string): ReadonlySet<number> {
    if (this.members === null) {
      const members = new Map<string, Set<number>>();
      const add = (group: string, ip: number | null): void => {
        if (ip === null) return;
        const set = members.get(group) ?? new Set<number>();
        set.add(ip);
        members.set(group, set);
      };
      for (const eni of this.network.networkInterfaces.values()) {
        for (const group of eni.groupIds) for (const ip of eni.privateIps) if (!ip.includes(':')) add(group, parseIpv4(ip));
      }
      for (const lb of this.network.loadBalancers.values()) {
        if (this.lbEnis(lb).length > 0) continue;
        for (const group of lb.securityGroupIds ?? []) for (const node of this.lbNodes(lb)) add(group, node.address);
      }
      this.members = members;
    }
    return this.members.get(groupId) ?? new Set<number>();
  }

  /** §3.5: the union of the ingress rules of the groups (ones missing from the snapshot count for nothing). */
  /** `interfaceSender`: group references match by address; or the groups the sender is a member of (an LB node: its LB's); false: never. */
  groupsAdmit(groupIds: readonly string[], x: Ip, protocol: Transport, port: number, interfaceSender: boolean | ReadonlySet<string>): boolean {
    for (const groupId of groupIds) {
      const group = this.network.securityGroups.get(groupId);
      if (group === undefined) continue;
      for (const rule of group.ingress) {
        if (!protocolMatches(rule.protocol, protocol) || !portMatches(rule.ports, port)) continue;
        const source = rule.source;
        if (source.kind === 'cidr' && cidrContains(source.cidr, x)) return true;
        if (source.kind === 'prefixList') {
          const cidrs = this.network.prefixLists.get(source.prefixListId)?.cidrs ?? [];
          if (cidrs.some((c) => cidrContains(c, x))) return true;
        }
        if (source.kind === 'group' && interfaceSender instanceof Set && interfaceSender.has(source.groupId)) return true;
        if (source.kind === 'group' && interfaceSender === true && this.isGroupMember(source.groupId, x)) return true;
      }
    }
    return false;
  }

  /** §3 for a sender outside the VPC, up to (not including) the security groups. */
  private entersSubnet(sender: Sender, subnet: Subnet, vpc: Vpc, destinations: readonly Ip[], x: Ip, protocol: Transport, port: number, trace?: Trace): boolean {
    const memoKey = `arrive|${sender.via.id}|${sender.family}|${subnet.id}|${destinations.map(String).join(',')}|${String(x)}|${protocol}`;
    const arrives = trace === undefined ? remembered(this.memo, memoKey, () => this.routedAndAnswered(sender, subnet, vpc, destinations, x, protocol)) : this.routedAndAnswered(sender, subnet, vpc, destinations, x, protocol, trace);
    if (!arrives) return false;
    const acl = this.naclOf(subnet);
    if (acl !== null && !this.naclAllows(acl, false, x, protocol, port)) {
      trace?.push(`NACL ${acl.id} in denies`);
      return false;
    }
    return true;
  }

  /** The port-independent part of §3: x is a source (§2), the reply is routed back (§3.2) and passes NACL out (§3.4). */
  private routedAndAnswered(sender: Sender, subnet: Subnet, vpc: Vpc, destinations: readonly Ip[], x: Ip, protocol: Transport, trace?: Trace): boolean {
    if (!sender.mayUse(x, destinations)) {
      trace?.push(`${formatIpRef(x)} is not a source of ${sender.via.type} ${sender.via.id}`);
      return false;
    }
    const table = this.routeTableOf(subnet);
    if (table === null) {
      trace?.push(`no route table for ${subnet.id}`);
      return false;
    }
    if (!this.repliesBy(sender, table, vpc, x, [], trace)) return false;
    const acl = this.naclOf(subnet);
    if (acl !== null && !this.naclReturnAllows(acl, x, protocol)) {
      trace?.push(`NACL ${acl.id} out denies the reply`);
      return false;
    }
    return true;
  }

  // ------------------------------------------------------------------------------ direct paths

  private directReachable(eni: NetworkInterface, key: SourceKey, x: Ip, protocol: Transport, port: number, trace?: Trace): boolean {
    if (familyOfIp(x) !== key.family) return false;
    if (this.runningInstanceOf(eni) === null) {
      trace?.push('not an interface of a running instance');
      return false;
    }
    const subnet = this.network.subnets.get(eni.subnetId);
    const vpc = subnet === undefined ? undefined : this.network.vpcs.get(subnet.vpcId);
    if (subnet === undefined || vpc === undefined) return false;
    const sender = this.sendersInto(vpc).find(
      (s) => s.reachabilityType === key.reachabilityType && s.family === key.family && s.via.type === key.via.type && s.via.id === key.via.id,
    );
    if (sender === undefined) {
      trace?.push('no such source for this VPC');
      return false;
    }
    // §3.1 Address.
    if (key.reachabilityType === 'Internet') {
      const addressed = key.family === 4 ? eni.publicIps.length > 0 : eni.ipv6Addresses.length > 0;
      if (!addressed) {
        trace?.push(key.family === 4 ? 'no public IPv4' : 'no IPv6 address');
        return false;
      }
    } else if (key.family !== 4 || eni.privateIps.length === 0) return false;
    if (!this.entersSubnet(sender, subnet, vpc, eni.privateIps.flatMap((a) => parseIp(a) ?? []), x, protocol, port, trace)) return false;
    if (!this.groupsAdmit(eni.groupIds, x, protocol, port, sender.interfaceSenders)) {
      trace?.push(`groups ${eni.groupIds.join(',')} admit nothing`);
      return false;
    }
    return true;
  }

  // ------------------------------------------------------------------------------ load balancers

  /** AWS names an LB's interfaces "ELB <name>" (classic) or "ELB app|net/<name>/<id>". */
  lbEnis(lb: LoadBalancer): NetworkInterface[] {
    return remembered(this.enisOfLb, lb.id, () => this.findLbEnis(lb));
  }

  private findLbEnis(lb: LoadBalancer): NetworkInterface[] {
    const marker = ':loadbalancer/';
    const description = lb.kind === 'classic' ? `ELB ${lb.name}` : `ELB ${lb.id.slice(lb.id.indexOf(marker) + marker.length)}`;
    return [...this.network.networkInterfaces.values()].filter(
      (eni) => eni.description === description && eni.vpcId === lb.vpcId && eni.primaryPrivateIp !== null && this.network.subnets.has(eni.subnetId),
    );
  }

  /** §4: the LB's ENIs when the snapshot has them, else one node per LB subnet at its network address + 4. */
  lbNodes(lb: LoadBalancer): LbNode[] {
    return remembered(this.nodesOfLb, lb.id, () => this.findLbNodes(lb));
  }

  private findLbNodes(lb: LoadBalancer): LbNode[] {
    const enis = this.lbEnis(lb);
    if (enis.length > 0) return enis.map((eni) => ({ address: parseIpv4(eni.primaryPrivateIp!)!, subnet: this.network.subnets.get(eni.subnetId)! }));
    const nodes: LbNode[] = [];
    for (const subnetId of lb.subnetIds) {
      const subnet = this.network.subnets.get(subnetId);
      const range = subnet?.cidr == null ? null : cidrRange(subnet.cidr);
      if (subnet === undefined || range === null || range.family !== 4) continue;
      nodes.push({ address: (range.start as number) + 4, subnet });
    }
    return nodes;
  }

  private listenerTransports(lb: LoadBalancer, listener: LoadBalancerListener): Transport[] {
    const p = listener.protocol.toUpperCase();
    if (lb.kind !== 'network') return ['tcp'];
    if (p === 'UDP' || p === 'QUIC') return ['udp'];
    if (p === 'TCP_UDP' || p === 'TCP_QUIC') return ['tcp', 'udp'];
    return ['tcp'];
  }

  private primaryInterface(instance: Instance): NetworkInterface | null {
    const id = instance.networkInterfaceIds[0];
    return id === undefined ? null : (this.network.networkInterfaces.get(id) ?? null);
  }

  private runningInstance(id: string): Instance | null {
    const instance = this.network.instances.get(id);
    return instance !== undefined && instance.state === 'running' ? instance : null;
  }

  /** §4: the targets a listener forwards to (registered targets, target health ignored). */
  lbTargets(lb: LoadBalancer, listener: LoadBalancerListener): LbTarget[] {
    return remembered(this.targetsOfListener, listener, () => this.findLbTargets(lb, listener));
  }

  private findLbTargets(lb: LoadBalancer, listener: LoadBalancerListener): LbTarget[] {
    const out: LbTarget[] = [];
    if (lb.kind === 'classic') {
      if (listener.instancePort === null) return out;
      for (const id of lb.instanceIds) {
        const instance = this.runningInstance(id);
        const eni = instance === null ? null : this.primaryInterface(instance);
        if (eni !== null) out.push({ eni, port: listener.instancePort, preserveClientIp: false });
      }
      return out;
    }
    for (const arn of listener.targetGroupArns) {
      const group: TargetGroup | undefined = this.network.targetGroups.get(arn);
      if (group === undefined || group.targets === null) continue;
      // AWS: a UDP, TCP_UDP, QUIC or TCP_QUIC group preserves the client address whatever its attribute says;
      // any other: the attribute, else instance targets preserve and ip targets do not.
      const udpCarrying = ['UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC'].includes((group.protocol ?? '').toUpperCase());
      const preserveClientIp = lb.kind === 'network' && (udpCarrying ? true : group.preserveClientIp ?? group.targetType === 'instance');
      for (const target of group.targets) {
        const port = target.port ?? group.port;
        if (port === null) continue;
        if (group.targetType === 'instance') {
          const instance = this.runningInstance(target.id);
          const eni = instance === null ? null : this.primaryInterface(instance);
          if (eni !== null) out.push({ eni, port, preserveClientIp });
        } else if (group.targetType === 'ip') {
          const ip = parseIp(target.id);
          if (ip === null) continue;
          // The interface owning the address in the target group's VPC (VPCs may overlap).
          for (const eni of this.network.networkInterfaces.values()) {
            if (!eni.privateIps.some((a) => sameIp(a, ip)) || (group.vpcId !== null && eni.vpcId !== group.vpcId)) continue;
            if (eni.instanceId !== null && this.runningInstance(eni.instanceId) !== null) out.push({ eni, port, preserveClientIp });
            break;
          }
        }
      }
    }
    return out;
  }

  /** §4 first hop: x reaches some node of the listener (clients are pooled per listener). */
  private lbReceives(lb: LoadBalancer, vpc: Vpc, listener: LoadBalancerListener, type: ReachabilityKind, x: Ip, protocol: Transport, trace?: Trace): boolean {
    const memoKey = `recv|${lb.id}|${listener.listenerArn ?? ''}|${listener.port}|${listener.protocol}|${type}|${String(x)}|${protocol}`;
    if (trace === undefined && this.memo.has(memoKey)) return this.memo.get(memoKey)!;
    let result = false;
    const groupIds = lb.securityGroupIds ?? [];
    for (const sender of this.sendersInto(vpc)) {
      if (sender.reachabilityType !== type || sender.family !== 4) continue;
      for (const node of this.lbNodes(lb)) {
        const nodeTrace: Trace | undefined = trace === undefined ? undefined : [];
        if (!this.entersSubnet(sender, node.subnet, vpc, [node.address], x, protocol, listener.port, nodeTrace)) {
          trace?.push(`node ${formatIpRef(node.address)} via ${sender.via.id}: ${nodeTrace!.join('; ')}`);
          continue;
        }
        // An NLB without groups has none to pass (an ALB / classic ELB without groups was refused before).
        if (groupIds.length > 0 && !this.groupsAdmit(groupIds, x, protocol, listener.port, sender.interfaceSenders)) {
          trace?.push(`node ${formatIpRef(node.address)}: LB groups admit nothing`);
          continue;
        }
        result = true;
        break;
      }
      if (result) break;
    }
    if (trace === undefined) this.memo.set(memoKey, result);
    return result;
  }

  /** §4 second hop: some node passes the packet to the target (from itself, or from x when preserved). */
  private lbForwards(lb: LoadBalancer, target: LbTarget, x: Ip, protocol: Transport, trace?: Trace): boolean {
    const subnet = this.network.subnets.get(target.eni.subnetId);
    if (subnet === undefined) return false;
    const acl = this.naclOf(subnet);
    for (const node of this.lbNodes(lb)) {
      const sender: Ip = target.preserveClientIp ? x : node.address;
      const skipNacl = node.subnet.id === subnet.id && lb.kind !== 'classic';
      if (acl !== null && !skipNacl) {
        if (!this.naclAllows(acl, false, sender, protocol, target.port) || !this.naclReturnAllows(acl, sender, protocol)) {
          trace?.push(`hop 2 from node ${formatIpRef(node.address)}: NACL ${acl.id} blocks ${formatIpRef(sender)}`);
          continue;
        }
      }
      // A node is a member of its LB's groups, whoever else shares its placed address (SPEC §4).
      if (!this.groupsAdmit(target.eni.groupIds, sender, protocol, target.port, target.preserveClientIp ? false : new Set(lb.securityGroupIds ?? []))) {
        trace?.push(`hop 2 from node ${formatIpRef(node.address)}: target groups do not admit ${formatIpRef(sender)}`);
        continue;
      }
      return true;
    }
    return false;
  }

  private lbReachable(eni: NetworkInterface, key: SourceKey, x: Ip, protocol: Transport, port: number, trace?: Trace): boolean {
    const via = key.via;
    if (!('listenerPort' in via) || key.family !== 4 || typeof x !== 'number') return false;
    const lb = this.network.loadBalancers.get(via.id);
    if (lb === undefined) return false;
    const kindOf = { classic: 'CLB', application: 'ALB', network: 'NLB', gateway: null }[lb.kind];
    if (kindOf !== via.type || lb.listeners === null || lb.vpcId === null) return false;
    const vpc = this.network.vpcs.get(lb.vpcId);
    if (vpc === undefined) return false;
    if ((lb.scheme === 'internet-facing') !== (key.reachabilityType === 'Internet')) {
      trace?.push(`${lb.scheme} LB does not take ${key.reachabilityType}`);
      return false;
    }
    if ((lb.securityGroupIds ?? []).length === 0 && lb.kind !== 'network') {
      trace?.push('ALB / classic ELB without groups admits nothing');
      return false;
    }
    for (const listener of lb.listeners) {
      if (listener.port !== via.listenerPort || !this.listenerTransports(lb, listener).includes(protocol)) continue;
      const targets = this.lbTargets(lb, listener).filter((t) => t.eni.id === eni.id && t.port === port);
      if (targets.length === 0) continue;
      if (!this.lbReceives(lb, vpc, listener, key.reachabilityType, x, protocol, trace)) continue;
      for (const target of targets) if (this.lbForwards(lb, target, x, protocol, trace)) return true;
    }
    return false;
  }

  // ------------------------------------------------------------------------------ public

  /** Every (reachabilityType, via, family) that could reach an interface (the answer may still be "nothing"). */
  keysFor(eni: NetworkInterface): SourceKey[] {
    const keys: SourceKey[] = [];
    const subnet = this.network.subnets.get(eni.subnetId);
    const vpc = subnet === undefined ? undefined : this.network.vpcs.get(subnet.vpcId);
    if (vpc !== undefined) for (const s of this.sendersInto(vpc)) keys.push({ reachabilityType: s.reachabilityType, via: s.via, family: s.family });
    for (const lb of this.network.loadBalancers.values()) {
      const type = ({ classic: 'CLB', application: 'ALB', network: 'NLB', gateway: null } as const)[lb.kind];
      if (type === null) continue;
      const ports = new Set((lb.listeners ?? []).map((l) => l.port));
      const kinds: ReachabilityKind[] = lb.scheme === 'internet-facing' ? ['Internet'] : ['VGW', 'PeeredVpc', 'TransitGateway'];
      for (const listenerPort of ports) for (const reachabilityType of kinds) keys.push({ reachabilityType, via: { type, id: lb.id, listenerPort }, family: 4 });
    }
    return keys;
  }

  /**
   * Which destination ports could answer yes for this interface and source at all: 'any' for a
   * direct source that exists and can address the interface, the target ports for an LB path,
   * none otherwise. (The harness uses it to choose probes; reachable() stays the judge.)
   */
  possiblePorts(eniId: string, key: SourceKey, protocol: Transport): 'any' | number[] {
    const eni = this.network.networkInterfaces.get(eniId);
    if (eni === undefined || this.runningInstanceOf(eni) === null) return [];
    if (!('listenerPort' in key.via)) {
      const subnet = this.network.subnets.get(eni.subnetId);
      const vpc = subnet === undefined ? undefined : this.network.vpcs.get(subnet.vpcId);
      if (vpc === undefined) return [];
      const via = key.via;
      const exists = this.sendersInto(vpc).some((s) => s.reachabilityType === key.reachabilityType && s.family === key.family && s.via.type === via.type && s.via.id === via.id);
      if (!exists) return [];
      if (key.reachabilityType === 'Internet') return (key.family === 4 ? eni.publicIps.length > 0 : eni.ipv6Addresses.length > 0) ? 'any' : [];
      return 'any';
    }
    const via = key.via;
    const lb = this.network.loadBalancers.get(via.id);
    const ports = new Set<number>();
    for (const listener of lb?.listeners ?? []) {
      if (listener.port !== via.listenerPort || !this.listenerTransports(lb!, listener).includes(protocol)) continue;
      for (const target of this.lbTargets(lb!, listener)) if (target.eni.id === eni.id) ports.add(target.port);
    }
    return [...ports].sort((a, b) => a - b);
  }

  /** Does a packet from x (protocol, destination port) reach this interface this way? */
  reachable(eniId: string, key: SourceKey, x: Ip, protocol: Transport, port: number, trace?: Trace): boolean {
    const eni = this.network.networkInterfaces.get(eniId);
    if (eni === undefined) return false;
    if ('listenerPort' in key.via) {
      if (this.runningInstanceOf(eni) === null) return false;
      return this.lbReachable(eni, key, x, protocol, port, trace);
    }
    return this.directReachable(eni, key, x, protocol, port, trace);
  }

  /** A readable account of a verdict, for failure messages. */
  explain(eniId: string, key: SourceKey, x: Ip, protocol: Transport, port: number): string {
    const trace: Trace = [];
    const verdict = this.reachable(eniId, key, x, protocol, port, trace);
    return `${verdict ? 'reachable' : 'blocked'}${trace.length > 0 ? `: ${trace.join(' | ')}` : ''}`;
  }
}

