// Direct Connect shapes (lowerCamelCase, as that API returns them).
import { z } from 'zod';
import { anyCidr, awsId, awsString, list, optional, optionalId, record } from './aws-values.js';

export const virtualInterfaceSchema = record({
  virtualInterfaceId: awsId,
  virtualInterfaceState: optional(awsString),
  virtualGatewayId: optional(awsString),
  directConnectGatewayId: optional(awsString),
});
export type RawVirtualInterface = z.output<typeof virtualInterfaceSchema>;

export const directConnectGatewaySchema = record({
  directConnectGatewayId: awsId,
  directConnectGatewayState: optional(awsString),
});

export const directConnectGatewayAssociationSchema = record({
  directConnectGatewayId: awsId,
  associationState: optional(awsString),
  associatedGateway: optional(record({ id: optionalId, type: optional(awsString) })),
  virtualGatewayId: optional(awsString),
  // What the association advertises to on-premises (for a transit gateway, its only routes there).
  allowedPrefixesToDirectConnectGateway: optional(list(record({ cidr: optional(anyCidr) }))),
});
export type RawDirectConnectGatewayAssociation = z.output<typeof directConnectGatewayAssociationSchema>;
