// Answering one point query: resolve its ends, start a path for every way the flow can go
// (straight to the destination, and through each load balancer that forwards to it), walk them,
// and report every path that arrives — or, when none does, every component that blocked one.
import { AddressSet } from '../../net/index.js';
import type { Network, NetworkInterface, Vpc } from '../../model/types.js';
import type { EngineOptions, PathStep } from '../types.js';
import { loadBalancerType, NetworkIndex } from '../network-index.js';
import { candidatesToward, trafficSources, vgwConnected, vgwConnection, vgwInService, type TrafficSource } from '../sources.js';
import { listenerTargets } from '../load-balancers.js';
import { carriesPorts } from '../protocols.js';
import { routeFor } from '../routes.js';
import type { FlowSpec } from './checks.js';
import { addressesText } from '../rule-text.js';
import { PathDraft, type ComponentRef } from './draft.js';
import { IPV6_THROUGH_LOAD_BALANCERS, QueryError, resolveOrigin, resolveTarget, type Origin, type Target } from './endpoints.js';
import { deliverInVpc, enterThroughIgw, internetIn, internetSenders } from './walk-in.js';
import { endPath, leaveSubnet, vgwRoutes, vgwRoutesOnly, vgwStaticRoutes } from './walk-out.js';
import { INTERNET, internetRoutable, publicOwner, ref, single, subnetHolding, subnetRef, vpcHas, type Entry, type PublicOwner, type WalkContext } from './walk-context.js';
import type { Blocker, FlowQuery, QueryAnswer, QueryPath } from './types.js';
import { firstIpv6Address, hasIpv6 } from '../interface-addresses.js';

export { QueryError } from './endpoints.js';

/** Where a path is headed when it starts: an address, in a known VPC, or a public address someone in the snapshot holds. */
interface Heading {
  readonly address: string;
  readonly vpc: Vpc | null;
  readonly owner: PublicOwner | null;
}

function flowSpec(query: FlowQuery, family: 4 | 6, options: EngineOptions): FlowSpec {
  const port = carriesPorts(query.protocol) ? query.port : null;
  if (carriesPorts(query.protocol) && port === null) throw new QueryError('a TCP or UDP query needs a destination port');
  const clientPorts: readonly [number, number] = query.srcPort === null ? options.ephemeralPorts : [query.srcPort, query.srcPort];
  // An IPv6 packet never carries ICMP (1): "icmp" between IPv6 addresses is ICMPv6 (58).
  const protocol = family === 6 && query.protocol === 1 ? 58 : query.protocol;
  return { family, protocol, port, clientPorts };
}

function vpcNamed(id: string, index: NetworkIndex): Vpc | null {
  return index.network.vpcs.get(id) ?? null;
}

function entryOf(source: TrafficSource): Entry {
  return {
    via: source.via,
    refs: source.refs,
    accepts: source.accepts,
    internet: source.reachabilityType === 'Internet',
    replyChecks: (_ctx, draft, subnet) => {
      if (!source.servesSubnet(subnet)) draft.block('TGW_ATTACHMENT_NOT_IN_AZ', subnetRef(subnet), `the transit gateway attachment has no subnet in ${subnet.availabilityZone ?? 'its AZ'}, so the reply cannot reach the transit gateway`);
    },
  };
}

/** Through a gateway into the VPC: the senders it can carry to this destination, then the destination's side. */
function enterThrough(
  ctx: WalkContext,
  draft: PathDraft,
  gateway: ComponentRef & { readonly rule?: string },
  candidates: AddressSet,
  entry: Entry,
  vpc: Vpc,
  destination: string,
  /** A TGW source's steps: its senders' table's route on, and its own table's route back. */
  routes: Pick<TrafficSource, 'gatewayRouteStep' | 'senderRouteStep'> = {},
): void {
  const senders = draft.sources;
  draft.filter(
    { passed: senders.intersect(candidates), steps: [], denial: `${addressesText(senders)} cannot arrive through ${gateway.componentId} for ${destination}` },
    'SOURCE_NOT_ROUTABLE',
    gateway,
  );
  const forward = routes.senderRouteStep === undefined || draft.sources.isEmpty() ? null : routes.senderRouteStep(draft.sources, destination);
  if (forward !== null) draft.step(forward);
  draft.step(gateway);
  draft.setVia(entry.via);
  // The gateway's own table (a TGW attachment's) routes the reply on, after the subnet's.
  const reply = routes.gatewayRouteStep === undefined || draft.sources.isEmpty() ? [] : [routes.gatewayRouteStep(draft.sources)];
  draft.replySteps(...reply, ref(gateway.componentType, gateway.componentId));
  deliverInVpc(ctx, draft, vpc, destination, { kind: 'gateway', entry }, 1);
}

function familyCandidates(vpc: Vpc, onprem: readonly string[] | null): AddressSet {
  let set = AddressSet.all(4).subtract(AddressSet.fromCidrs(4, vpc.cidrs.filter((c) => !c.includes(':'))));
  if (onprem !== null) set = set.intersect(AddressSet.fromCidrs(4, onprem.filter((c) => !c.includes(':'))));
  return set;
}

function fromInternet(ctx: WalkContext, draft: PathDraft, heading: Heading): void {
  if (heading.owner !== null) return internetIn(ctx, draft, heading.owner, heading.address, 1);
  if (heading.vpc !== null && !internetRoutable(heading.address)) {
    // A load-balancer node: an internet-facing LB takes internet traffic without public addresses of its own in the snapshot.
    const vpc = heading.vpc;
    const igws = ctx.index.internetGatewaysOf(vpc.id);
    if (igws.length === 0) {
      draft.block('NO_ROUTE_TO_DESTINATION', ref('AWS::EC2::VPC', vpc.id), `no internet gateway is attached to ${vpc.id}`);
      return endPath(ctx, draft);
    }
    const drafts = igws.map((_, i) => (i === 0 ? draft : draft.clone()));
    igws.forEach((igw, i) => enterThroughIgw(ctx, drafts[i]!, igw.id, vpc, heading.address, 1));
    return;
  }
  const why = internetRoutable(heading.address) ? `no resource in the snapshot has the public address ${heading.address}` : `${heading.address} is a private address; the internet does not route it`;
  draft.block('NO_ROUTE_TO_DESTINATION', INTERNET, why);
  endPath(ctx, draft);
}

function fromInternetGateway(ctx: WalkContext, draft: PathDraft, igwId: string, heading: Heading): void {
  const igwRef = ref('AWS::EC2::InternetGateway', igwId);
  const igw = ctx.index.network.internetGateways.get(igwId);
  if (igw === undefined) throw new QueryError(`internet gateway ${igwId} is not in the snapshot`);
  const vpc = igw.vpcIds.map((id) => vpcNamed(id, ctx.index)).find((v) => v !== null) ?? null;
  if (vpc === null) {
    draft.block('BAD_STATE', igwRef, 'the internet gateway is attached to no VPC of the snapshot');
    return endPath(ctx, draft);
  }
  if (draft.sources.isAll()) draft.sources = internetSenders(vpc, draft.flow.family);
  if (heading.owner?.kind === 'interface' && heading.owner.eni.vpcId === vpc.id) return enterThroughIgw(ctx, draft, igwId, vpc, heading.owner.privateIp, 1);
  if (heading.owner?.kind === 'nat') return internetIn(ctx, draft, heading.owner, heading.address, 1);
  if (heading.vpc?.id === vpc.id && !internetRoutable(heading.address)) {
    const lbNode = [...ctx.index.network.loadBalancers.values()].some((lb) => ctx.index.loadBalancerNodes(lb).some((n) => n.address === heading.address));
    if (lbNode) return enterThroughIgw(ctx, draft, igwId, vpc, heading.address, 1);
  }
  if (vpcHas(vpc, heading.address)) {
    draft.block('IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', igwRef, `${heading.address} is a private address; the internet gateway forwards only to public addresses associated with an interface`);
  } else {
    draft.block('NO_ROUTE_TO_DESTINATION', igwRef, `${heading.address} belongs to nothing behind this gateway (${vpc.id})`);
  }
  endPath(ctx, draft);
}

function fromVpnGateway(ctx: WalkContext, draft: PathDraft, vgwId: string, heading: Heading): void {
  const { index } = ctx;
  const vgwRef = ref('AWS::EC2::VPNGateway', vgwId);
  const vgw = index.network.vpnGateways.get(vgwId);
  if (vgw === undefined) throw new QueryError(`virtual private gateway ${vgwId} is not in the snapshot`);
  const vpc = vgw.vpcIds.map((id) => vpcNamed(id, index)).find((v) => v !== null) ?? null;
  if (vpc === null || !vgwInService(vgw, index)) {
    draft.block('BAD_STATE', vgwRef, vpc === null ? 'the gateway is attached to no VPC of the snapshot' : `the gateway is ${vgw.state}`);
    return endPath(ctx, draft);
  }
  const connection = vgwConnection(vgw, index);
  if (connection === null) draft.block('VGW_NOT_CONNECTED', vgwRef, 'no VPN connection is available and no Direct Connect path leads to it');
  if (!vpcHas(vpc, heading.address)) {
    draft.block('NO_ROUTE_TO_DESTINATION', vgwRef, `${heading.address} is not in ${vpc.id}'s CIDRs (${vpc.cidrs.join(', ')}); the gateway routes only those into the VPC`);
    return endPath(ctx, draft);
  }
  const entry: Entry = { via: { type: 'VGW', id: vgwId }, refs: 'none', accepts: (t) => t.kind === 'vgw' && t.id === vgwId, internet: false };
  let candidates = familyCandidates(vpc, ctx.options.onpremCidrs);
  // The replies leave the gateway only toward what its VPNs route (static routes), as outbound traffic does.
  const statics = connection !== null ? vgwStaticRoutes(ctx, vgwId) : null;
  if (statics !== null) {
    candidates = candidates.intersect(AddressSet.fromCidrs(4, statics.filter((c) => !c.includes(':'))));
    if (candidates.intersect(draft.sources).isEmpty()) {
      draft.block('NO_ROUTE_TO_DESTINATION', vgwRef, `no reply can leave the gateway toward the senders: ${vgwRoutesOnly(statics)}`);
      return endPath(ctx, draft);
    }
  }
  enterThrough(ctx, draft, connection === null ? vgwRef : { ...vgwRef, rule: connection }, candidates, entry, vpc, heading.address);
}

function fromPeering(ctx: WalkContext, draft: PathDraft, pcxId: string, heading: Heading): void {
  const { index } = ctx;
  const pcxRef = ref('AWS::EC2::VPCPeeringConnection', pcxId);
  const pcx = index.network.peeringConnections.get(pcxId);
  if (pcx === undefined) throw new QueryError(`peering connection ${pcxId} is not in the snapshot`);
  const sides = [pcx.requester, pcx.accepter];
  const into = sides.find((s) => (heading.vpc !== null ? s.vpcId === heading.vpc.id : vpcNamed(s.vpcId, index) !== null && vpcHas(vpcNamed(s.vpcId, index)!, heading.address)));
  const vpc = into === undefined ? null : vpcNamed(into.vpcId, index);
  if (into === undefined || vpc === null) {
    draft.block('NO_ROUTE_TO_DESTINATION', pcxRef, `${heading.address} is in neither VPC of the peering connection (that the snapshot has)`);
    return endPath(ctx, draft);
  }
  if (pcx.status !== 'active') draft.block('PEERING_NOT_ACTIVE', pcxRef, `its status is ${pcx.status}`);
  const peer = into === pcx.requester ? pcx.accepter : pcx.requester;
  const peerCidrs = peer.cidrs.length > 0 ? peer.cidrs : (vpcNamed(peer.vpcId, index)?.cidrs ?? []);
  const entry: Entry = { via: { type: 'PCX', id: pcxId }, refs: 'members', accepts: (t) => t.kind === 'pcx' && t.id === pcxId, internet: false };
  let senders = AddressSet.fromCidrs(4, peerCidrs.filter((c) => !c.includes(':')));
  // A point query checks both sides (SPEC §2): only the peer's subnets whose route to the address is this peering send.
  const peerVpc = vpcNamed(peer.vpcId, index);
  const sending = peerVpc === null ? null : subnetsRoutingThrough(ctx, peerVpc, pcxId, heading.address);
  if (sending !== null) {
    senders = senders.intersect(sending.senders);
    if (senders.isEmpty()) {
      for (const tableId of sending.otherTables) {
        draft.block('NO_ROUTE_TO_DESTINATION', ref('AWS::EC2::RouteTable', tableId), `no route sends ${heading.address} from ${peer.vpcId} to ${pcxId}`);
      }
      return endPath(ctx, draft);
    }
  }
  enterThrough(ctx, draft, { ...pcxRef, rule: `peer ${peer.vpcId}` }, senders, entry, vpc, heading.address);
}

/**
 * The addresses of the VPC's subnets whose route table sends `destination` to the peering, and
 * the tables that do not; null when the snapshot has none of the VPC's subnets (nothing to check).
 */
function subnetsRoutingThrough(ctx: WalkContext, vpc: Vpc, pcxId: string, destination: string): { senders: AddressSet; otherTables: string[] } | null {
  const subnets = [...ctx.index.network.subnets.values()].filter((s) => s.vpcId === vpc.id && s.cidr !== null).sort((a, b) => (a.id < b.id ? -1 : 1));
  if (subnets.length === 0) return null;
  const through: string[] = [];
  const otherTables = new Set<string>();
  for (const subnet of subnets) {
    const table = ctx.index.routeTableFor(subnet);
    if (table === null) continue;
    const choice = routeFor(table, vpc, single(destination), ctx.index);
    if (choice.kind === 'route' && !choice.route.blackhole && choice.route.target.kind === 'pcx' && choice.route.target.id === pcxId) through.push(subnet.cidr!);
    else otherTables.add(table.id);
  }
  return { senders: AddressSet.fromCidrs(4, through.filter((c) => !c.includes(':'))), otherTables: [...otherTables].sort() };
}

/**
 * A path that ends somewhere other than the target: at another interface with the same address
 * (overlapping CIDRs), or where the traffic leaves AWS (a VPN or Direct Connect attachment) instead
 * of reaching it. Null when the path ends at the target.
 */
function missedTarget(path: QueryPath, targetEnis: ReadonlySet<string>): Blocker | null {
  const forward = path.forward;
  const last = forward[forward.length - 1];
  if (last === undefined) return null;
  const endsAtInterface = last.componentType === 'AWS::EC2::Instance' || last.componentType === 'AWS::EC2::NetworkInterface';
  if (!endsAtInterface) {
    return { code: 'NO_ROUTE_TO_DESTINATION', componentType: last.componentType, componentId: last.componentId, detail: `the traffic leaves through ${last.componentId} and does not reach the target` };
  }
  const reached = [...forward].reverse().find((s) => s.componentType === 'AWS::EC2::NetworkInterface');
  if (reached === undefined || targetEnis.has(reached.componentId)) return null;
  return { code: 'NO_ROUTE_TO_DESTINATION', componentType: reached.componentType, componentId: reached.componentId, detail: `the traffic reaches ${reached.componentId}, another interface with the same address (overlapping CIDRs), not the target` };
}

/** The destination VPCs a gateway-borne flow may be headed to: the target's, or those holding the address. */
function headingVpcs(heading: Heading, index: NetworkIndex): Vpc[] {
  if (heading.vpc !== null) return [heading.vpc];
  return [...index.network.vpcs.values()].filter((v) => vpcHas(v, heading.address)).sort((a, b) => (a.id < b.id ? -1 : 1));
}

function fromTransitGateway(ctx: WalkContext, draft: PathDraft, tgwId: string, heading: Heading): void {
  if (!ctx.index.network.transitGateways.has(tgwId) && ![...ctx.index.network.transitGatewayAttachments.values()].some((a) => a.transitGatewayId === tgwId)) {
    throw new QueryError(`transit gateway ${tgwId} is not in the snapshot`);
  }
  const tgwRef = ref('AWS::EC2::TransitGateway', tgwId);
  const routes = headingVpcs(heading, ctx.index).flatMap((vpc) =>
    trafficSources(vpc, ctx.index, ctx.options)
      .filter((s) => s.via.type === 'TGW' && s.via.id === tgwId)
      .map((source) => ({ vpc, source })),
  );
  if (routes.length === 0) {
    draft.block('NO_ROUTE_TO_DESTINATION', tgwRef, `no VPC holding ${heading.address} has an available attachment to the transit gateway`);
    return endPath(ctx, draft);
  }
  const drafts = routes.map((_, i) => (i === 0 ? draft : draft.clone()));
  routes.forEach(({ vpc, source }, i) =>
    enterThrough(ctx, drafts[i]!, source.gatewayStep, candidatesToward(source, [heading.address]), entryOf(source), vpc, heading.address, source),
  );
}

/** A private sender outside every VPC of the snapshot: it can come through any VGW, peering or TGW of the destination's VPC that carries it. */
function fromOutside(ctx: WalkContext, draft: PathDraft, address: string, heading: Heading): void {
  const sender = single(address);
  const routes = headingVpcs(heading, ctx.index).flatMap((vpc) =>
    trafficSources(vpc, ctx.index, ctx.options)
      .filter((s) => s.reachabilityType !== 'Internet' && s.family === sender.family && candidatesToward(s, [heading.address]).covers(sender))
      .map((source) => ({ vpc, source })),
  );
  if (routes.length === 0) {
    // The destination subnet may route the sender to a VPN gateway that carries nothing: that gateway blocks.
    const unconnected = headingVpcs(heading, ctx.index).flatMap((vpc) => unconnectedVgwToward(ctx, vpc, heading.address, sender));
    if (unconnected.length === 0) {
      const where = heading.vpc?.id ?? headingVpcs(heading, ctx.index).map((v) => v.id).join(', ');
      draft.block('SOURCE_NOT_ROUTABLE', heading.vpc !== null ? ref('AWS::EC2::VPC', heading.vpc.id) : INTERNET, `no VPN gateway, peering connection or transit gateway of ${where || 'the snapshot'} carries traffic from ${address}`);
      return endPath(ctx, draft);
    }
    // Through the gateway that carries nothing: it blocks, and so does whatever else is on the way in.
    const through = unconnected.map((_, i) => (i === 0 ? draft : draft.clone()));
    unconnected.forEach((vgwId, i) => fromVpnGateway(ctx, through[i]!, vgwId, heading));
    return;
  }
  const drafts = routes.map((_, i) => (i === 0 ? draft : draft.clone()));
  routes.forEach(({ vpc, source }, i) => {
    // The reply leaves a VPN gateway only toward what its connections route (static routes), as outbound traffic does.
    const unrouted = source.via.type === 'VGW' ? vgwRoutes(ctx, source.via.id, address) : null;
    // It blocks, and the walk goes on to name whatever else blocks on the way in.
    if (unrouted !== null) drafts[i]!.block('NO_ROUTE_TO_DESTINATION', ref('AWS::EC2::VPNGateway', source.via.id), `the reply to ${address} cannot leave the gateway: ${unrouted}`);
    enterThrough(ctx, drafts[i]!, source.gatewayStep, candidatesToward(source, [heading.address]), entryOf(source), vpc, heading.address, source);
  });
}

/** VPN gateways of the VPC that the destination's subnet routes `sender` to but that carry nothing (no available VPN or Direct Connect path). */
function unconnectedVgwToward(ctx: WalkContext, vpc: Vpc, destination: string, sender: AddressSet): string[] {
  const subnet = subnetHolding(vpc, destination, ctx.index);
  const table = subnet === null ? null : ctx.index.routeTableFor(subnet);
  if (table === null) return [];
  const choice = routeFor(table, vpc, sender, ctx.index);
  if (choice.kind !== 'route' || choice.route.target.kind !== 'vgw' || choice.route.blackhole) return [];
  const vgw = ctx.index.network.vpnGateways.get(choice.route.target.id);
  return vgw !== undefined && vgw.vpcIds.includes(vpc.id) && vgwInService(vgw, ctx.index) && !vgwConnected(vgw, ctx.index) ? [vgw.id] : [];
}

/** Starts the walk of one path from the origin toward the heading. */
function send(ctx: WalkContext, origin: Origin, draft: PathDraft, heading: Heading): void {
  switch (origin.kind) {
    case 'inside':
      return leaveSubnet(ctx, draft, origin.sender, heading.address, 0);
    case 'internet':
      return fromInternet(ctx, draft, heading);
    case 'outside':
      return fromOutside(ctx, draft, origin.address, heading);
    case 'gateway': {
      const id = origin.gatewayId;
      if (id.startsWith('igw-')) return fromInternetGateway(ctx, draft, id, heading);
      if (id.startsWith('vgw-')) return fromVpnGateway(ctx, draft, id, heading);
      if (id.startsWith('pcx-')) return fromPeering(ctx, draft, id, heading);
      return fromTransitGateway(ctx, draft, id, heading);
    }
  }
}

function originSenders(origin: Origin, family: 4 | 6): AddressSet {
  switch (origin.kind) {
    case 'inside':
      return single(origin.sender.address);
    case 'outside':
      return single(origin.address);
    case 'internet':
    case 'gateway':
      return origin.address === null ? AddressSet.all(family) : single(origin.address);
  }
}

/** The internet itself, or an internet gateway, as the sender. */
function fromTheInternet(origin: Origin): boolean {
  return origin.kind === 'internet' || (origin.kind === 'gateway' && origin.gatewayId.startsWith('igw-'));
}

function newDraft(origin: Origin, flow: FlowSpec, server: string): PathDraft {
  const draft = new PathDraft(originSenders(origin, flow.family), flow);
  if (origin.kind === 'internet' && origin.address === null) draft.sources = AddressSet.all(flow.family).subtract(flow.family === 4 ? AddressSet.fromCidrs(4, ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']) : AddressSet.empty(6));
  draft.openLeg(server, flow.clientPorts);
  if (origin.kind === 'inside') {
    draft.step(...[...origin.sender.interfaceSteps].reverse());
    draft.replySteps(...origin.sender.interfaceSteps);
  } else if (fromTheInternet(origin)) {
    draft.step(INTERNET);
    draft.replySteps(INTERNET);
  }
  return draft;
}

/**
 * The headings of the direct paths to the target: for an instance, each of its interfaces, and
 * from the internet each public address of one (an Elastic IP on a secondary address or a second
 * interface is a way in too). When there is none, why.
 */
function directHeadings(origin: Origin, target: Target, index: NetworkIndex, family: 4 | 6): { headings: Heading[]; blockers: Blocker[] } {
  if (target.kind === 'address') {
    const owner = internetRoutable(target.address) ? publicOwner(target.address, index) : null;
    return { headings: [{ address: target.address, vpc: null, owner }], blockers: [] };
  }
  if (target.kind === 'load-balancer') throw new Error('load balancers are reached through their nodes');
  const headings: Heading[] = [];
  const blockers: Blocker[] = [];
  for (const eni of target.enis) {
    const found = interfaceHeadings(origin, eni, index, family);
    if ('blocker' in found) blockers.push(found.blocker);
    else headings.push(...found);
  }
  return { headings, blockers: headings.length > 0 ? [] : blockers };
}

function interfaceHeadings(origin: Origin, eni: NetworkInterface, index: NetworkIndex, family: 4 | 6): Heading[] | { readonly blocker: Blocker } {
  const vpc = vpcNamed(eni.vpcId, index);
  if (family === 6) {
    // IPv6 addresses are global: no translation, the same address from everywhere.
    const address = firstIpv6Address(eni);
    if (address === undefined) {
      return { blocker: { code: 'NO_PUBLIC_IP', componentType: 'AWS::EC2::NetworkInterface', componentId: eni.id, detail: `${eni.id} has no IPv6 address` } };
    }
    const outside = origin.kind === 'internet' || origin.kind === 'gateway';
    return [{ address, vpc, owner: outside ? { kind: 'interface', eni, privateIp: address } : null }];
  }
  const publicHeadings = (): Heading[] =>
    eni.publicIps
      .filter((p, i, all) => all.findIndex((q) => q.publicIp === p.publicIp) === i)
      .map((p) => ({ address: p.publicIp, vpc, owner: { kind: 'interface', eni, privateIp: p.privateIp } }));
  if (origin.kind === 'internet') {
    const headings = publicHeadings();
    if (headings.length === 0) {
      return { blocker: { code: 'NO_PUBLIC_IP', componentType: 'AWS::EC2::NetworkInterface', componentId: eni.id, detail: `${eni.id} has no public IPv4 address, so the internet cannot address it` } };
    }
    return headings;
  }
  if (origin.kind === 'gateway' && origin.gatewayId.startsWith('igw-')) {
    const headings = publicHeadings();
    if (headings.length > 0) return headings;
  }
  const address = eni.primaryPrivateIp ?? eni.privateIps[0];
  if (address === undefined) throw new QueryError(`${eni.id} has no private address in the snapshot`);
  return [{ address, vpc, owner: null }];
}

interface LoadBalancerRoute {
  readonly lbId: string;
  readonly vpc: Vpc;
  readonly listenerPort: number;
  readonly nodes: readonly string[];
}

/** Load balancers forwarding to the instance at the port: one route per listener; the others forward it elsewhere. */
function loadBalancerRoutes(target: Target, port: number | null, index: NetworkIndex): { routes: LoadBalancerRoute[]; elsewhere: Blocker[] } {
  const routes: LoadBalancerRoute[] = [];
  const elsewhere: Blocker[] = [];
  const instance = target.kind === 'interface' ? target.instance : null;
  if (instance === null) return { routes, elsewhere };
  for (const lb of [...index.network.loadBalancers.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const vpc = lb.vpcId === null ? null : vpcNamed(lb.vpcId, index);
    if (vpc === null || lb.listeners === null) continue;
    const ports = new Set<number>();
    for (const listener of [...lb.listeners].sort((a, b) => a.port - b.port)) {
      const toInstance = listenerTargets(lb, vpc.id, listener, index).filter((t) => t.instance.id === instance.id);
      toInstance.forEach((t) => ports.add(t.port));
      if (port !== null && toInstance.some((t) => t.port === port) && !routes.some((r) => r.lbId === lb.id && r.listenerPort === listener.port)) {
        routes.push({ lbId: lb.id, vpc, listenerPort: listener.port, nodes: index.loadBalancerNodes(lb).map((n) => n.address) });
      }
    }
    if (ports.size > 0 && !routes.some((r) => r.lbId === lb.id)) {
      elsewhere.push({
        code: 'TARGET_PORT_RESTRICTION',
        componentType: loadBalancerType(lb),
        componentId: lb.id,
        detail: `it forwards to ${instance.id} only at port${ports.size > 1 ? 's' : ''} ${[...ports].sort((a, b) => a - b).join(', ')}`,
      });
    }
  }
  return { routes, elsewhere };
}

function sameBlocker(a: Blocker, b: Blocker): boolean {
  return a.code === b.code && a.componentType === b.componentType && a.componentId === b.componentId && a.detail === b.detail;
}

function pathKey(path: QueryPath): string {
  const steps = (list: readonly PathStep[]) => list.map((s) => `${s.componentType}|${s.componentId}|${s.rule ?? ''}`).join('>');
  return `${JSON.stringify(path.via)} ${steps(path.forward)} ${steps(path.return)}`;
}

export function answerQuery(network: Network, query: FlowQuery, options: EngineOptions, index: NetworkIndex = new NetworkIndex(network)): QueryAnswer {
  const named = [query.from.address, query.to.kind === 'address' ? query.to.address : null].filter((a): a is string => a !== null);
  const families = new Set(named.map((a) => (a.includes(':') ? 6 : 4)));
  if (families.size > 1) throw new QueryError('the source and the destination are of different IP versions');
  const family = families.has(6) ? 6 : 4;
  const origin = resolveOrigin(query.from, index, family);
  const target = resolveTarget(query.to, index);
  const answer = answerFrom(origin, target, named, family, query, options, index);
  // A public IPv4 address outside every VPC may be on the internet, or on-premises or behind a
  // transit gateway (behind a VGW routed 0.0.0.0/0, an office's public range, 100.64.0.0/10):
  // the flow gets through if either way lets it. Blocked both ways, the internet's blockers are
  // the answer, with those of the other ways except "nothing carries it" (which says no more).
  if (origin.kind !== 'internet' || query.from.kind !== 'address' || family !== 4) return answer;
  const other = answerFrom({ kind: 'outside', address: origin.address! }, target, named, family, query, options, index);
  if (answer.verdict === 'reachable' || other.verdict === 'reachable') {
    return { verdict: 'reachable', paths: [answer, other].flatMap((a) => a.paths), blockers: [] };
  }
  const blockers = [...answer.blockers, ...other.blockers.filter((b) => b.code !== 'SOURCE_NOT_ROUTABLE')];
  return { verdict: 'blocked', paths: [], blockers: blockers.filter((b, i, list) => list.findIndex((x) => sameBlocker(x, b)) === i) };
}

function answerFrom(origin: Origin, target: Target, named: readonly string[], family: 4 | 6, query: FlowQuery, options: EngineOptions, index: NetworkIndex): QueryAnswer {
  if (family === 6 && (origin.kind === 'outside' || (origin.kind === 'gateway' && !origin.gatewayId.startsWith('igw-')))) {
    throw new QueryError('IPv6 is analysed for traffic through internet gateways and inside VPCs only (SPEC §2)');
  }
  const flow = flowSpec(query, family, options);
  const ended: PathDraft[] = [];
  const globalBlockers: Blocker[] = [];
  const ends = [query.from.kind === 'instance' ? index.network.instances.get(query.from.instanceId) : undefined, target.kind === 'interface' ? target.instance : null];
  for (const instance of ends) {
    if (instance != null && instance.state !== 'running') {
      globalBlockers.push({ code: 'BAD_STATE', componentType: 'AWS::EC2::Instance', componentId: instance.id, detail: `the instance is ${instance.state}` });
    }
  }
  const ctx: WalkContext = { index, options, ended, lbTarget: null };
  let lbUnknownForIpv6 = false;
  if (target.kind === 'load-balancer') {
    if (family === 6) throw new QueryError(IPV6_THROUGH_LOAD_BALANCERS);
    const vpc = target.lb.vpcId === null ? null : vpcNamed(target.lb.vpcId, index);
    const nodes = index.loadBalancerNodes(target.lb);
    if (vpc === null || nodes.length === 0) throw new QueryError(`the snapshot has no node (subnet or interface) of load balancer ${target.lb.id}`);
    const lbCtx: WalkContext = { ...ctx, loadBalancerId: target.lb.id };
    for (const node of nodes) send(lbCtx, origin, newDraft(origin, flow, node.address), { address: node.address, vpc, owner: null });
  } else {
    // With no address named, the internet reaches an interface over IPv6 too (not for ICMP, whose
    // IPv6 counterpart is another protocol).
    const bothFamilies = named.length === 0 && fromTheInternet(origin) && query.protocol !== 1 && target.kind === 'interface' && target.enis.some(hasIpv6);
    const directs = (bothFamilies ? ([4, 6] as const) : ([family] as const)).map((f) => ({ flow: f === family ? flow : flowSpec(query, f, options), ...directHeadings(origin, target, index, f) }));
    for (const direct of directs) for (const heading of direct.headings) send(ctx, origin, newDraft(origin, direct.flow, heading.address), heading);
    for (const d of directs) globalBlockers.push(...d.blockers);
    const lb = loadBalancerRoutes(target, flow.port, index);
    // Load balancers carry IPv4 in this version (SPEC §2): an IPv6 flow takes the direct paths, and
    // when none gets through while a listener forwards to the target, the answer is not known.
    lbUnknownForIpv6 = family === 6 && lb.routes.length > 0;
    const routes = family === 6 ? [] : lb.routes;
    const instanceId = target.kind === 'interface' ? target.instance?.id ?? null : null;
    for (const route of routes) {
      const lbCtx: WalkContext = { ...ctx, loadBalancerId: route.lbId, lbTarget: instanceId === null || flow.port === null ? null : { instanceId, port: flow.port } };
      const lbFlow: FlowSpec = { ...flow, port: route.listenerPort };
      for (const node of route.nodes) send(lbCtx, origin, newDraft(origin, lbFlow, node), { address: node, vpc: route.vpc, owner: null });
    }
    if (family === 4 && routes.length === 0) globalBlockers.push(...lb.elsewhere);
  }
  const paths: QueryPath[] = [];
  const seen = new Set<string>();
  const blockers: Blocker[] = [];
  // Overlapping CIDRs: traffic for the target's address can land on another VPC's interface with
  // the same address. Such a path does not reach the target.
  const targetEnis = target.kind === 'interface' ? new Set(target.enis.map((e) => e.id)) : null;
  for (const draft of ended) {
    const path = draft.finish();
    const wrong = path === null || targetEnis === null ? null : missedTarget(path, targetEnis);
    if (wrong !== null) {
      if (!blockers.some((x) => sameBlocker(x, wrong))) blockers.push(wrong);
      continue;
    }
    if (path !== null) {
      const key = pathKey(path);
      if (!seen.has(key)) {
        seen.add(key);
        paths.push(path);
      }
    }
    for (const b of draft.allBlockers()) if (!blockers.some((x) => sameBlocker(x, b))) blockers.push(b);
  }
  const stateBlockers = globalBlockers.filter((b) => b.code === 'BAD_STATE');
  if (paths.length > 0 && stateBlockers.length === 0) return { verdict: 'reachable', paths, blockers: [] };
  if (lbUnknownForIpv6 && stateBlockers.length === 0) throw new QueryError(`no direct IPv6 path gets through, and a load balancer forwards to the target: ${IPV6_THROUGH_LOAD_BALANCERS}`);
  const all = [...globalBlockers, ...blockers].filter((b, i, list) => list.findIndex((x) => sameBlocker(x, b)) === i);
  return { verdict: 'blocked', paths: [], blockers: all };
}
