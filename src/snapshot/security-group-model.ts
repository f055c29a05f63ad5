import { IP_PROTOCOL_TCP, IP_PROTOCOL_UDP, type PortRange, type SecurityGroup, type SgRule } from '../model/types.js';
import type { RawPermission, RawSecurityGroup } from './ec2-schemas.js';
import { indexById } from './merge.js';
import type { Found } from './raw-snapshot.js';

function portsOf(p: RawPermission): PortRange | null {
  if (p.IpProtocol !== IP_PROTOCOL_TCP && p.IpProtocol !== IP_PROTOCOL_UDP) return null;
  if (p.FromPort == null || p.ToPort == null || p.FromPort < 0 || p.ToPort < 0) return null;
  return [p.FromPort, p.ToPort];
}

/** AWS's IpPermissions flattened: one rule per (permission, source). */
export function rulesOf(permissions: readonly RawPermission[] | null | undefined): SgRule[] {
  const rules: SgRule[] = [];
  for (const p of permissions ?? []) {
    const base = { protocol: p.IpProtocol, ports: portsOf(p), ruleId: null };
    for (const r of p.IpRanges ?? []) {
      rules.push({ ...base, source: { kind: 'cidr', cidr: r.CidrIp }, description: r.Description ?? null });
    }
    for (const r of p.Ipv6Ranges ?? []) {
      rules.push({ ...base, source: { kind: 'cidr', cidr: r.CidrIpv6 }, description: r.Description ?? null });
    }
    for (const r of p.PrefixListIds ?? []) {
      rules.push({ ...base, source: { kind: 'prefixList', prefixListId: r.PrefixListId }, description: r.Description ?? null });
    }
    for (const r of p.UserIdGroupPairs ?? []) {
      rules.push({
        ...base,
        source: { kind: 'group', groupId: r.GroupId, userId: r.UserId ?? null, vpcId: r.VpcId ?? null },
        description: r.Description ?? null,
      });
    }
  }
  return rules;
}

export function buildSecurityGroups(found: readonly Found<RawSecurityGroup>[]): Map<string, SecurityGroup> {
  return indexById(
    found.map(({ item, origin }): SecurityGroup => ({
      id: item.GroupId,
      name: item.GroupName ?? item.GroupId,
      vpcId: item.VpcId ?? null,
      ownerId: item.OwnerId ?? origin.account,
      ingress: rulesOf(item.IpPermissions),
      egress: rulesOf(item.IpPermissionsEgress),
    })),
  );
}
