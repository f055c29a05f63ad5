// Through a load balancer (SPEC §4): a client reaches a node (the node's subnet, the LB's groups),
// a listener on the port forwards to each registered target at its port, and the second hop is
// judged with the node — or, with client-IP preservation, the client — as the sender.
import { membersOf } from '../security-groups.js';
import type { LoadBalancer, LoadBalancerListener, Transport, Vpc } from '../../model/types.js';
import { loadBalancerType, type LoadBalancerNode } from '../network-index.js';
import { listenerTargets, listenerTransports, VIA_TYPE, type ForwardTarget } from '../load-balancers.js';
import { carriesPorts, protocolNumber } from '../protocols.js';
import { IP_PROTOCOL_TCP } from '../../model/types.js';
import { flowText, groupsRequest, naclRequest } from './checks.js';
import type { PathDraft } from './draft.js';
import { arriveInSubnet, groupsFilter, refsOf, type Arrival } from './walk-in.js';
import { endPath } from './walk-out.js';
import { aclOf, interfaceSteps, ref, single, type WalkContext } from './walk-context.js';

export interface LoadBalancerNodeAt {
  readonly lb: LoadBalancer;
  readonly node: LoadBalancerNode;
}

function byId<T extends { readonly id: string }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The load-balancer node at this address of the VPC (its ENI, or the address a node without one is placed at). */
export function loadBalancerAt(ctx: WalkContext, vpc: Vpc, address: string, eni: { readonly id: string } | null): LoadBalancerNodeAt | null {
  const all = byId(ctx.index.network.loadBalancers.values());
  // The load balancer the walk is headed to first: another one may place a node at the same address.
  const headed = all.filter((lb) => lb.id === ctx.loadBalancerId);
  for (const lb of [...headed, ...all.filter((lb) => lb.id !== ctx.loadBalancerId)]) {
    if (lb.vpcId !== vpc.id) continue;
    const node = ctx.index.loadBalancerNodes(lb).find((n) => (eni !== null && n.networkInterfaceId === eni.id) || n.address === address);
    if (node !== undefined) return { lb, node };
  }
  return null;
}

function transportOf(draft: PathDraft): Transport | null {
  if (!carriesPorts(draft.flow.protocol)) return null;
  return protocolNumber(draft.flow.protocol) === IP_PROTOCOL_TCP ? 'tcp' : 'udp';
}

/** The listeners that take this flow: its port, and a protocol carrying its transport. */
export function listenersFor(lb: LoadBalancer, transport: Transport | null, port: number | null): LoadBalancerListener[] {
  return [...(lb.listeners ?? [])]
    .filter((l) => transport !== null && l.port === port && listenerTransports(l.protocol).includes(transport))
    .sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
}

export function arriveAtLoadBalancer(ctx: WalkContext, draft: PathDraft, lb: LoadBalancer, node: LoadBalancerNode, vpc: Vpc, from: Arrival, sameSubnet: boolean): void {
  const { index } = ctx;
  const lbRef = ref(loadBalancerType(lb), lb.id);
  const viaType = VIA_TYPE[lb.kind];
  if (viaType === null) {
    draft.block('ROUTE_TARGET_NOT_FOLLOWED', lbRef, 'gateway load balancers are not analysed');
    return endPath(ctx, draft);
  }
  if (from.kind === 'gateway' && from.entry.internet !== (lb.scheme === 'internet-facing')) {
    draft.block('LOAD_BALANCER_SCHEME_RESTRICTION', lbRef, `an ${lb.scheme} load balancer does not take traffic arriving through ${from.entry.via.type} ${from.entry.via.id}`);
  }
  arriveInSubnet(ctx, draft, node.subnet, vpc, from, sameSubnet);
  if (lb.securityGroupIds !== null && lb.securityGroupIds.length > 0) {
    const groups = index.groups(lb.securityGroupIds, loadBalancerType(lb), lb.id);
    groupsFilter(draft, groupsRequest(groups, 'ingress', draft.sources, refsOf(from), draft.flow, index), groups, lbRef);
  } else if (lb.kind !== 'network') {
    draft.block('ENI_SG_RULES_MISMATCH', lbRef, 'the snapshot lists no security groups for it; it is taken to admit nothing');
  }
  const listenerCode = lb.kind === 'classic' ? 'ELB_LISTENER_PORT_RESTRICTION' : 'ELBV2_LISTENER_PORT_RESTRICTION';
  if (lb.listeners === null) {
    index.coverage.add(loadBalancerType(lb), lb.id, 'its listeners were not collected; nothing it forwards is analysed');
    draft.block(listenerCode, lbRef, 'its listeners were not collected');
    return endPath(ctx, draft);
  }
  const listeners = listenersFor(lb, transportOf(draft), draft.flow.port);
  if (listeners.length === 0) {
    const have = lb.listeners.map((l) => `${l.protocol} ${l.port}`).join(', ') || 'none';
    draft.block(listenerCode, lbRef, `no listener for ${flowText(draft.flow)} (listeners: ${have})`);
    return endPath(ctx, draft);
  }
  const branches = listeners.map((_, i) => (i === 0 ? draft : draft.clone()));
  listeners.forEach((listener, i) => forwardToTargets(ctx, branches[i]!, lb, viaType, listener, node));
}

/** A target registered at one port through several of the listener's groups is one target. */
function distinctTargets(targets: readonly ForwardTarget[]): ForwardTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = `${t.eni.id}:${t.address}:${t.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function forwardToTargets(
  ctx: WalkContext,
  draft: PathDraft,
  lb: LoadBalancer,
  viaType: 'CLB' | 'ALB' | 'NLB',
  listener: LoadBalancerListener,
  receiver: LoadBalancerNode,
): void {
  const lbRef = ref(loadBalancerType(lb), lb.id);
  draft.via = { type: viaType, id: lb.id, listenerPort: listener.port };
  let targets = distinctTargets(listenerTargets(lb, lb.vpcId ?? '', listener, ctx.index));
  const wanted = ctx.lbTarget;
  if (wanted !== null) targets = targets.filter((t) => t.instance.id === wanted.instanceId && t.port === wanted.port);
  if (targets.length === 0) {
    draft.block('ELBV2_LISTENER_HAS_NO_TARGETS', lbRef, `listener ${listener.protocol} ${listener.port} forwards to no running target the snapshot has`);
    return endPath(ctx, draft);
  }
  draft.replySteps(lbRef);
  // What any node receives, every node forwards (SPEC §4): each node is a sender of the second hop.
  const nodes = ctx.index.loadBalancerNodes(lb);
  const senders = nodes.some((n) => n.address === receiver.address) ? nodes : [receiver, ...nodes];
  for (const target of targets) for (const node of senders) hopToTarget(ctx, draft.clone(), lb, node, target);
}

function hopToTarget(ctx: WalkContext, draft: PathDraft, lb: LoadBalancer, node: LoadBalancerNode, target: ForwardTarget): void {
  const { index } = ctx;
  draft.step(...target.steps);
  draft.flow = { ...draft.flow, port: target.port };
  const subnet = index.subnet(target.eni.subnetId);
  if (subnet === null) {
    index.coverage.add('AWS::EC2::NetworkInterface', target.eni.id, `subnet ${target.eni.subnetId} is not in the snapshot`);
    draft.block('BAD_STATE', ref('AWS::EC2::NetworkInterface', target.eni.id), `its subnet ${target.eni.subnetId} is not in the snapshot`);
    return endPath(ctx, draft);
  }
  if (!target.preserveClientIp) draft.translateSource(single(node.address), target.address, draft.flow.clientPorts);
  // Node and target in one subnet skip the NACL, except behind a classic ELB (SPEC §4).
  if (node.subnet.id !== subnet.id || lb.kind === 'classic') {
    const acl = aclOf(subnet, index);
    if (acl !== null) {
      draft.filter(naclRequest(acl, false, draft.sources, draft.flow), 'SUBNET_ACL_RESTRICTION', ref('AWS::EC2::NetworkAcl', acl.id));
      draft.replyNacl({ acl, egress: true, judges: 'client' });
    }
  }
  const groups = index.groups(target.eni.groupIds, 'AWS::EC2::NetworkInterface', target.eni.id);
  const refs = target.preserveClientIp ? 'none' : membersOf(lb.securityGroupIds ?? []);
  groupsFilter(draft, groupsRequest(groups, 'ingress', draft.sources, refs, draft.flow, index), groups, ref('AWS::EC2::NetworkInterface', target.eni.id));
  const steps = interfaceSteps(target.eni);
  draft.step(...steps);
  draft.replySteps(...[...steps].reverse());
  draft.arrived = true;
  endPath(ctx, draft);
}
