import type { Subnet, Vpc } from '../model/types.js';
import type { RawSubnet, RawVpc } from './ec2-schemas.js';
import { indexById, unionInOrder } from './merge.js';
import type { Found } from './raw-snapshot.js';
import { regionOfZone } from './snapshot-files.js';

type CidrAssociation = { readonly State?: string | null } | null | undefined;

/** Association sets list CIDRs being added or removed too; only `associated` ones route. */
export function isAssociated(state: CidrAssociation): boolean {
  const s = state?.State;
  return s == null || s === 'associated';
}

function ipv6CidrsOf(set: RawVpc['Ipv6CidrBlockAssociationSet']): string[] {
  const out: string[] = [];
  for (const a of set ?? []) {
    if (a.Ipv6CidrBlock != null && isAssociated(a.Ipv6CidrBlockState)) out.push(a.Ipv6CidrBlock);
  }
  return unionInOrder(out, []);
}

export function buildSubnets(found: readonly Found<RawSubnet>[]): Map<string, Subnet> {
  return indexById(
    found.map(({ item }): Subnet => ({
      id: item.SubnetId,
      vpcId: item.VpcId,
      cidr: item.CidrBlock ?? null,
      ipv6Cidrs: ipv6CidrsOf(item.Ipv6CidrBlockAssociationSet),
      availabilityZone: item.AvailabilityZone ?? null,
      availabilityZoneId: item.AvailabilityZoneId ?? null,
    })),
  );
}

export function buildVpcs(found: readonly Found<RawVpc>[], subnets: ReadonlyMap<string, Subnet>): Map<string, Vpc> {
  // Without a region folder, a VPC's region follows from its subnets' availability zones.
  const zoneRegion = new Map<string, string>();
  for (const subnet of subnets.values()) {
    const region = regionOfZone(subnet.availabilityZone);
    if (region !== null && !zoneRegion.has(subnet.vpcId)) zoneRegion.set(subnet.vpcId, region);
  }
  return indexById(
    found.map(({ item, origin }): Vpc => {
      const associated = (item.CidrBlockAssociationSet ?? []).filter((a) => isAssociated(a.CidrBlockState)).map((a) => a.CidrBlock);
      return {
        id: item.VpcId,
        ownerId: item.OwnerId ?? origin.account,
        region: origin.region ?? zoneRegion.get(item.VpcId) ?? null,
        cidrs: unionInOrder(item.CidrBlock != null ? [item.CidrBlock] : [], associated),
        ipv6Cidrs: ipv6CidrsOf(item.Ipv6CidrBlockAssociationSet),
      };
    }),
  );
}
