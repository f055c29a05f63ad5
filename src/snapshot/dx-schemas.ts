// Direct Connect shapes (lowerCamelCase, as that API returns them).
import { z } from 'zod';
import { awsId, awsString, optional, optionalId, record } from './aws-values.js';

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
});
export type RawDirectConnectGatewayAssociation = z.output<typeof directConnectGatewayAssociationSchema>;
