// Transit gateway shapes: describe-transit-gateway*, search-transit-gateway-routes (with the
// table id the collector adds) and Batfish's aggregate per-table forms.
import { z } from 'zod';
import { anyCidr, awsBoolean, awsId, awsString, list, oneOf, optional, optionalId, record } from './aws-values.js';

export const transitGatewaySchema = record({
  TransitGatewayId: awsId,
  OwnerId: optionalId,
  State: optional(awsString),
  Options: optional(
    record({
      AssociationDefaultRouteTableId: optionalId,
      PropagationDefaultRouteTableId: optionalId,
    }),
  ),
});
export type RawTransitGateway = z.output<typeof transitGatewaySchema>;

export const transitGatewayAttachmentSchema = record({
  TransitGatewayAttachmentId: awsId,
  TransitGatewayId: awsId,
  TransitGatewayOwnerId: optional(awsString),
  ResourceType: optional(awsString),
  ResourceId: optionalId,
  State: optional(awsString),
  Association: optional(record({ TransitGatewayRouteTableId: optionalId, State: optional(awsString) })),
});
export type RawTransitGatewayAttachment = z.output<typeof transitGatewayAttachmentSchema>;

export const transitGatewayVpcAttachmentSchema = record({
  TransitGatewayAttachmentId: awsId,
  TransitGatewayId: awsId,
  VpcId: awsId,
  SubnetIds: optional(list(awsId)),
  State: optional(awsString),
});
export type RawTransitGatewayVpcAttachment = z.output<typeof transitGatewayVpcAttachmentSchema>;

export const transitGatewayRouteTableSchema = record({
  TransitGatewayRouteTableId: awsId,
  TransitGatewayId: awsId,
  DefaultAssociationRouteTable: optional(awsBoolean),
  DefaultPropagationRouteTable: optional(awsBoolean),
  State: optional(awsString),
});
export type RawTransitGatewayRouteTable = z.output<typeof transitGatewayRouteTableSchema>;

const transitGatewayRouteSchema = record({
  DestinationCidrBlock: optional(anyCidr),
  PrefixListId: optionalId,
  TransitGatewayAttachments: optional(list(record({ TransitGatewayAttachmentId: optionalId, ResourceType: optional(awsString) }))),
  Type: optional(oneOf(['static', 'propagated'])),
  State: optional(awsString),
}).superRefine((route, ctx) => {
  if (route.DestinationCidrBlock == null && route.PrefixListId == null) {
    ctx.addIssue({ code: 'custom', input: route, message: 'expected DestinationCidrBlock or PrefixListId, got neither' });
  }
});
export type RawTransitGatewayRoute = z.output<typeof transitGatewayRouteSchema>;

/** One table's routes: search-transit-gateway-routes output, or one TransitGatewayStaticRoutes entry. */
export const transitGatewayTableRoutesSchema = record({
  TransitGatewayRouteTableId: awsId,
  Routes: list(transitGatewayRouteSchema),
  AdditionalRoutesAvailable: optional(awsBoolean),
});
export type RawTransitGatewayTableRoutes = z.output<typeof transitGatewayTableRoutesSchema>;

export const transitGatewayTablePropagationsSchema = record({
  TransitGatewayRouteTableId: awsId,
  TransitGatewayRouteTablePropagations: list(
    record({
      TransitGatewayAttachmentId: awsId,
      ResourceId: optionalId,
      ResourceType: optional(awsString),
      State: optional(awsString),
    }),
  ),
});
export type RawTransitGatewayTablePropagations = z.output<typeof transitGatewayTablePropagationsSchema>;
