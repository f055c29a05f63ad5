// Through transit gateways: the VPC's attachment (with a subnet in the sender's AZ), the route
// table associated with the attachment the traffic enters by, the attachment its route leads to
// (a VPC, a VPN, a peered transit gateway), and for the reply the same tables the other way.
import type { TransitGatewayAttachment, Subnet, Vpc } from '../../model/types.js';
import type { PathStep } from '../types.js';
import {
  advertisedToOnPremises,
  associatedTable,
  attachmentsOf,
  noteApplianceRelay,
  peerGatewayOf,
  relayedBy,
  TGW_ATTACHMENT_TYPE,
  TGW_ROUTE_TABLE_TYPE,
  tgwRouteFor,
  tgwRouteText,
  tgwRoutedTo,
  type Relay,
} from '../transit-gateways.js';
import { attachmentInService } from '../../model/transit-gateway-states.js';
import { addressesText } from '../rule-text.js';
import type { PathDraft } from './draft.js';
import { deliverInVpc } from './walk-in.js';
import { endPath, leaveEdge } from './walk-out.js';
import { MAX_HOPS, ref, single, subnetRef, vpcHas, type Entry, type SubnetSender, type WalkContext } from './walk-context.js';

/** One transit gateway crossed: entered by one attachment, left by another. */
interface TgwHop {
  readonly transitGatewayId: string;
  readonly ingress: TransitGatewayAttachment;
  readonly egress: TransitGatewayAttachment;
}

const TGW_TYPE = 'AWS::EC2::TransitGateway';

function attachmentAzs(attachment: TransitGatewayAttachment, ctx: WalkContext): Set<string> {
  return new Set(attachment.subnetIds.map((id) => ctx.index.subnet(id)?.availabilityZone ?? null).filter((az): az is string => az !== null));
}

/** A subnet hands traffic to the TGW only in an AZ where the attachment has a subnet (when the attachment's subnets are known). */
function servesAz(attachment: TransitGatewayAttachment, subnet: Subnet, ctx: WalkContext): boolean {
  const azs = attachmentAzs(attachment, ctx);
  return azs.size === 0 || subnet.availabilityZone === null || azs.has(subnet.availabilityZone);
}

export function tgwOut(ctx: WalkContext, draft: PathDraft, sender: SubnetSender, tgwId: string, destination: string, hops: number): void {
  const tgwRef = ref(TGW_TYPE, tgwId);
  const attachment = ctx.index.transitGatewayAttachmentsOf(sender.vpc.id).find((a) => a.transitGatewayId === tgwId);
  if (attachment === undefined) {
    draft.block('BAD_STATE', tgwRef, `${sender.vpc.id} has no available attachment to the transit gateway`);
    return endPath(ctx, draft);
  }
  if (!servesAz(attachment, sender.subnet, ctx)) {
    draft.block('TGW_ATTACHMENT_NOT_IN_AZ', subnetRef(sender.subnet), `attachment ${attachment.id} has no subnet in ${sender.subnet.availabilityZone ?? 'its AZ'}`);
  }
  leaveEdge(ctx, draft, sender.subnet, destination);
  draft.step({ ...tgwRef, rule: `attachment ${attachment.id}` });
  draft.setVia({ type: 'TGW', id: tgwId });
  draft.replySteps(tgwRef);
  tgwForward(ctx, draft, tgwId, attachment, destination, [], hops + 1);
}

function tgwForward(ctx: WalkContext, draft: PathDraft, tgwId: string, ingress: TransitGatewayAttachment, destination: string, chain: readonly TgwHop[], hops: number): void {
  const { index } = ctx;
  if (hops >= MAX_HOPS) {
    draft.block('NO_ROUTE_TO_DESTINATION', ref(TGW_TYPE, tgwId), `the path loops (more than ${MAX_HOPS} gateway hops)`);
    return endPath(ctx, draft);
  }
  const table = associatedTable(ingress, tgwId, index);
  if (table.kind === 'not-associated') {
    draft.block('TGW_ATTACHMENT_NOT_ASSOCIATED', ref(TGW_ATTACHMENT_TYPE, ingress.id), `attachment ${ingress.id} is associated with no route table of ${tgwId}`);
    return endPath(ctx, draft);
  }
  let egressIds: readonly string[];
  if (table.kind === 'not-collected') {
    // Routes unknown: the attachment of a VPC holding the destination, else the traffic is taken to leave (VPN, Direct Connect).
    const holder = attachmentsOf(tgwId, index).find((a) => a.id !== ingress.id && a.resourceType === 'vpc' && vpcOfAttachment(a, ctx) !== null && vpcHas(vpcOfAttachment(a, ctx)!, destination));
    if (holder === undefined) {
      draft.arrived = true;
      return endPath(ctx, draft);
    }
    egressIds = [holder.id];
  } else {
    const tableRef = ref(TGW_ROUTE_TABLE_TYPE, table.table.id);
    const route = tgwRouteFor(table.table, single(destination));
    if (route === null) {
      draft.block('TGW_ROUTE_NOT_FOUND', tableRef, `no route for ${destination} in the table of attachment ${ingress.id}`);
      return endPath(ctx, draft);
    }
    draft.step({ ...tableRef, rule: tgwRouteText(route) });
    if (route.blackhole) {
      draft.block('TGW_ROUTE_BLACKHOLE', tableRef, `route ${tgwRouteText(route)} drops the traffic`);
      return endPath(ctx, draft);
    }
    egressIds = route.attachmentIds;
  }
  const branches = egressIds.map((_, i) => (i === 0 ? draft : draft.clone()));
  egressIds.forEach((egressId, i) => {
    const branch = branches[i]!;
    const egress = index.network.transitGatewayAttachments.get(egressId);
    if (egress === undefined) {
      index.coverage.add(TGW_ATTACHMENT_TYPE, egressId, 'a transit gateway route leads to this attachment, which is not in the snapshot');
      branch.arrived = true;
      return endPath(ctx, branch);
    }
    if (!attachmentInService(egress)) {
      // A route to a pending or deleted attachment carries nothing (assess leaves such attachments out too).
      branch.block('BAD_STATE', ref(TGW_ATTACHMENT_TYPE, egress.id), `attachment ${egress.id} is ${egress.state}`);
      return endPath(ctx, branch);
    }
    leaveTgw(ctx, branch, [...chain, { transitGatewayId: tgwId, ingress, egress }], destination, hops);
  });
}

function vpcOfAttachment(attachment: TransitGatewayAttachment, ctx: WalkContext): Vpc | null {
  return attachment.resourceId === null ? null : (ctx.index.network.vpcs.get(attachment.resourceId) ?? null);
}

function leaveTgw(ctx: WalkContext, draft: PathDraft, chain: readonly TgwHop[], destination: string, hops: number): void {
  const hop = chain[chain.length - 1]!;
  const egress = hop.egress;
  draft.step(ref(TGW_ATTACHMENT_TYPE, egress.id));
  draft.replySteps(ref(TGW_ATTACHMENT_TYPE, egress.id));
  if (egress.resourceType === 'peering') {
    const peer = peerGatewayOf(egress, hop.transitGatewayId);
    if (peer === null) {
      draft.arrived = true;
      return endPath(ctx, draft);
    }
    draft.step(ref(TGW_TYPE, peer));
    draft.replySteps(ref(TGW_TYPE, peer));
    return tgwForward(ctx, draft, peer, egress, destination, chain, hops + 1);
  }
  if (egress.resourceType !== 'vpc') {
    // A VPN or Direct Connect attachment: the traffic leaves AWS; the reply comes back through the same tables,
    // to what Direct Connect advertises to on-premises.
    const advertised = advertisedToOnPremises(egress, ctx.index);
    if (advertised !== null) {
      const back = draft.sources.intersect(advertised);
      if (back.isEmpty()) {
        const learns = advertised.isEmpty()
          ? `the association of Direct Connect gateway ${egress.resourceId ?? ''} with the transit gateway is not in service, so on-premises learns no route`
          : `on-premises learns only ${addressesText(advertised)} over Direct Connect (the association's allowed prefixes)`;
        draft.block('NO_RETURN_ROUTE', ref(TGW_ATTACHMENT_TYPE, egress.id), `${learns}, not ${addressesText(draft.sources)}`);
      } else draft.sources = back;
    }
    tgwReturn(ctx, draft, chain);
    draft.arrived = true;
    return endPath(ctx, draft);
  }
  const vpc = vpcOfAttachment(egress, ctx);
  if (vpc === null) {
    ctx.index.coverage.add(TGW_ATTACHMENT_TYPE, egress.id, `VPC ${egress.resourceId ?? '(unknown)'} of this attachment is not in the snapshot`);
    draft.arrived = true;
    return endPath(ctx, draft);
  }
  if (!vpcHas(vpc, destination)) {
    // An inspection VPC hands what is not its own back to the gateway (through an appliance, assumed to return it).
    const relay = relayedBy(egress, hop.transitGatewayId, single(destination), ctx.index);
    if (relay === null || relay.addresses.isEmpty()) {
      draft.block('NO_ROUTE_TO_DESTINATION', ref('AWS::EC2::VPC', vpc.id), `the transit gateway hands ${destination} to ${vpc.id}, which does not contain it nor hands it back`);
      return endPath(ctx, draft);
    }
    noteApplianceRelay(egress, relay, ctx.index);
    const vpcStep = { ...ref('AWS::EC2::VPC', vpc.id), rule: relayRule(relay) };
    draft.step(vpcStep);
    return tgwForward(ctx, draft, hop.transitGatewayId, egress, destination, chain, hops + 1);
  }
  deliverInVpc(ctx, draft, vpc, destination, { kind: 'gateway', entry: tgwEntry(chain) }, hops + 1);
}

/** Into the destination VPC from the last TGW: group references never match (SPEC §3.5). */
function tgwEntry(chain: readonly TgwHop[]): Entry {
  const last = chain[chain.length - 1]!;
  const tgwId = last.transitGatewayId;
  return {
    via: { type: 'TGW', id: chain[0]!.transitGatewayId },
    refs: 'none',
    accepts: (t) => t.kind === 'tgw' && t.id === tgwId,
    internet: false,
    replyChecks: (ctx, draft, subnet) => {
      if (!servesAz(last.egress, subnet, ctx)) {
        draft.block('TGW_ATTACHMENT_NOT_IN_AZ', subnetRef(subnet), `attachment ${last.egress.id} has no subnet in ${subnet.availabilityZone ?? 'its AZ'}, so the reply cannot reach the transit gateway`);
      }
      tgwReturn(ctx, draft, chain);
    },
  };
}

function relayRule(relay: Relay): string {
  return relay.throughAppliance.isEmpty() ? 'hands it back to the transit gateway' : `hands it back to the transit gateway through an appliance (${relay.applianceRoutes.join('; ')}), assumed`;
}

/**
 * The reply crosses each TGW backwards: the table of the attachment it now enters by must route the
 * senders to the one the request came in by; a VPC the request was relayed through must hand the
 * reply back too.
 */
function tgwReturn(ctx: WalkContext, draft: PathDraft, chain: readonly TgwHop[]): void {
  const backwards = [...chain].reverse();
  // In the order the reply meets them, put before the steps already recorded at once.
  const steps: PathStep[] = [];
  for (const [i, hop] of backwards.entries()) {
    const relayed = i > 0 && backwards[i - 1]!.ingress.id === hop.egress.id && hop.egress.resourceType === 'vpc';
    if (relayed) {
      const vpcRef = ref('AWS::EC2::VPC', hop.egress.resourceId ?? hop.egress.id);
      // What the VPC hands back is already among the senders it was given.
      const relay = relayedBy(hop.egress, hop.transitGatewayId, draft.sources, ctx.index);
      if (relay === null || relay.addresses.isEmpty()) {
        draft.block('NO_RETURN_ROUTE', vpcRef, `${vpcRef.componentId} does not hand the reply to ${addressesText(draft.sources)} back to the transit gateway`);
        continue;
      }
      draft.sources = relay.addresses;
      steps.push({ ...vpcRef, rule: relayRule(relay) });
    }
    const table = associatedTable(hop.egress, hop.transitGatewayId, ctx.index);
    if (table.kind === 'not-associated') {
      draft.block('TGW_ATTACHMENT_NOT_ASSOCIATED', ref(TGW_ATTACHMENT_TYPE, hop.egress.id), `attachment ${hop.egress.id} is associated with no route table of ${hop.transitGatewayId}, so the reply cannot enter`);
      continue;
    }
    if (table.kind === 'not-collected') continue;
    const tableRef = ref(TGW_ROUTE_TABLE_TYPE, table.table.id);
    const senders = draft.sources;
    const back = tgwRoutedTo(table.table, senders, hop.ingress.id);
    if (!back.isEmpty()) {
      draft.sources = back;
      const route = tgwRouteFor(table.table, single(back.toCidrs()[0]!.split('/')[0]!));
      steps.push({ ...tableRef, rule: route === null ? '' : tgwRouteText(route) });
      continue;
    }
    const route = senders.size() === 1n ? tgwRouteFor(table.table, senders) : null;
    if (route === null) draft.block('TGW_ROUTE_NOT_FOUND', tableRef, `no route for the reply to ${addressesText(senders)} in the table of attachment ${hop.egress.id}`);
    else if (route.blackhole) draft.block('TGW_ROUTE_BLACKHOLE', tableRef, `route ${tgwRouteText(route)} drops the reply`);
    else draft.block('NO_RETURN_ROUTE', tableRef, `route ${tgwRouteText(route)} sends the reply to ${addressesText(senders)} elsewhere`);
  }
  if (steps.length > 0) draft.replySteps(...steps);
}
