// Listener data ("agent" files, SPEC §1): one instance's listening sockets.
import { z } from 'zod';
import { awsBoolean, awsId, awsString, ipAddress, isoTimestamp, list, listeningPort, oneOf, optional, processId, record } from './aws-values.js';

export const listenerDataSchema = record({
  instanceId: awsId,
  collectedAt: optional(isoTimestamp),
  listeners: list(
    record({
      protocol: oneOf(['tcp', 'udp']),
      port: listeningPort,
      address: ipAddress,
      // Written by `netreach agent` for people reading the file; matching decides from `address`.
      loopbackOnly: optional(awsBoolean),
      // A `::` socket that takes no IPv4 (IPV6_V6ONLY); without it `::` is dual-stack (SPEC §1).
      ipv6Only: optional(awsBoolean),
      process: optional(record({ name: awsString, pid: optional(processId), path: optional(awsString) })),
    }),
  ),
});
export type RawListenerData = z.output<typeof listenerDataSchema>;
