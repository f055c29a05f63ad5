// Estate sizes. Every count scales with the instance count by the ratios of the large
// estate (100,000 instances in 500 VPCs, 5,000 subnets, 20,000 groups with ~300,000 rules,
// 2,000 NACLs, 2,000 load balancers), which are the ratios of large real organisations: about
// 200 instances, 10 subnets, 40 security groups, 4 NACLs and 4 load balancers per VPC.

export interface EstateSize {
  readonly instances: number;
  readonly vpcs: number;
  readonly subnetsPerVpc: number;
  readonly securityGroupsPerVpc: number;
  /** Rule entries (one source of one permission, as describe-security-group-rules counts) per group. */
  readonly rulesPerGroup: number;
  readonly naclsPerVpc: number;
  readonly loadBalancersPerVpc: number;
  /** One VPC in this many is dual-stack (1: every VPC); absent: one in five. */
  readonly ipv6Every?: number;
  /** Every VPC on one transit gateway (bench/estate/transit-gateway.ts); absent: no transit gateway. */
  readonly transitGatewayHub?: true;
}

export const SIZE_NAMES = ['small', 'medium', 'large'] as const;
export type SizeName = (typeof SIZE_NAMES)[number];

const INSTANCES: Readonly<Record<SizeName, number>> = { small: 1_000, medium: 10_000, large: 100_000 };

export const INSTANCES_PER_VPC = 200;

export function sizeFor(instances: number, overrides: Partial<EstateSize> = {}): EstateSize {
  return {
    instances,
    vpcs: Math.max(1, Math.round(instances / INSTANCES_PER_VPC)),
    subnetsPerVpc: 10,
    securityGroupsPerVpc: 40,
    rulesPerGroup: 15,
    naclsPerVpc: 4,
    loadBalancersPerVpc: 4,
    ...overrides,
  };
}

export function namedSize(name: SizeName): EstateSize {
  return sizeFor(INSTANCES[name]);
}
