// What a transit gateway attachment's state means for traffic, read the same way by the model
// (which routes an attachment installs) and the engine (which attachments carry traffic).
import type { TransitGatewayAttachment } from './types.js';

/**
 * Attachment states that carry traffic: `available`, and `modifying` (its subnets or options being
 * changed while it stays in service; https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html).
 */
export function attachmentInService(attachment: Pick<TransitGatewayAttachment, 'state'>): boolean {
  return attachment.state === 'available' || attachment.state === 'modifying';
}
