import { IP_PROTOCOL_TCP, IP_PROTOCOL_UDP, type NaclEntry, type NetworkAcl } from '../model/types.js';
import type { RawNaclEntry, RawNetworkAcl } from './ec2-schemas.js';
import { carryingFirst, indexById, mergeRecords, sortedUnique } from './merge.js';
import type { Found } from './raw-snapshot.js';

function entryOf(entry: RawNaclEntry): NaclEntry {
  const ported = entry.Protocol === IP_PROTOCOL_TCP || entry.Protocol === IP_PROTOCOL_UDP;
  return {
    ruleNumber: entry.RuleNumber,
    egress: entry.Egress,
    action: entry.RuleAction,
    protocol: entry.Protocol,
    // The schema guarantees exactly one of the two.
    cidr: entry.CidrBlock ?? entry.Ipv6CidrBlock ?? '',
    ports: ported && entry.PortRange != null ? [entry.PortRange.From, entry.PortRange.To] : null,
  };
}

/** Whether a copy carries its Entries (AWS always writes them). */
export const carriesEntries = (acl: RawNetworkAcl): boolean => acl.Entries != null;

export function buildNetworkAcls(found: readonly Found<RawNetworkAcl>[]): Map<string, NetworkAcl> {
  return indexById(
    carryingFirst(found, ({ item }) => carriesEntries(item)).map(({ item }): NetworkAcl => ({
      id: item.NetworkAclId,
      vpcId: item.VpcId,
      isDefault: item.IsDefault ?? false,
      subnetIds: sortedUnique((item.Associations ?? []).flatMap((a) => (a.SubnetId != null ? [a.SubnetId] : []))),
      entries: (item.Entries ?? []).map(entryOf),
    })),
    (kept, other) => ({ ...mergeRecords(kept, other), entries: kept.entries }),
  );
}
