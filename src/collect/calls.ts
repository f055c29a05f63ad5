// Every AWS call `netreach collect` makes (SPEC §1's table), by the name the manifest records:
// the AWS CLI's service name and the API operation. The README's IAM policy lists the same.

/** Calls made once per account and region. */
export const REGION_CALLS = [
  'ec2:DescribeVpcs',
  'ec2:DescribeSubnets',
  'ec2:DescribeRouteTables',
  'ec2:DescribeInternetGateways',
  'ec2:DescribeEgressOnlyInternetGateways',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeAddresses',
  'ec2:DescribeNatGateways',
  'ec2:DescribeVpcEndpoints',
  'ec2:DescribeVpcPeeringConnections',
  'ec2:DescribeVpnGateways',
  'ec2:DescribeVpnConnections',
  'ec2:DescribeCustomerGateways',
  'ec2:DescribeTransitGateways',
  'ec2:DescribeTransitGatewayAttachments',
  'ec2:DescribeTransitGatewayVpcAttachments',
  'ec2:DescribeTransitGatewayRouteTables',
  'ec2:DescribeManagedPrefixLists',
  'ec2:DescribeInstances',
  'elb:DescribeLoadBalancers',
  'elbv2:DescribeLoadBalancers',
  'elbv2:DescribeTargetGroups',
  'directconnect:DescribeVirtualInterfaces',
] as const;

/** Calls made once per account: Direct Connect gateways are global, the same in every region. */
export const ACCOUNT_CALLS = ['directconnect:DescribeDirectConnectGateways'] as const;

/** Calls made once per parent resource, with its id in the file (SPEC §1). */
export const PER_PARENT_CALLS = [
  'ec2:SearchTransitGatewayRoutes',
  'ec2:GetTransitGatewayRouteTablePropagations',
  'ec2:GetManagedPrefixListEntries',
  'elbv2:DescribeListeners',
  'elbv2:DescribeRules',
  'elbv2:DescribeLoadBalancerAttributes',
  'elbv2:DescribeTargetHealth',
  'elbv2:DescribeTargetGroupAttributes',
  'directconnect:DescribeDirectConnectGatewayAssociations',
] as const;

export type RegionCallName = (typeof REGION_CALLS)[number];
export type AccountCallName = (typeof ACCOUNT_CALLS)[number];
export type PerParentCallName = (typeof PER_PARENT_CALLS)[number];
export type CallName = RegionCallName | AccountCallName | PerParentCallName;

/** Made before the rest: who the credentials are, and which regions `--regions all` means. */
export const SETUP_CALLS = ['sts:GetCallerIdentity', 'ec2:DescribeRegions'] as const;

/** 'elbv2:DescribeTargetHealth' → 'elbv2-describe-target-health', the AWS CLI's words. */
export function fileStemOf(call: CallName): string {
  const [service, operation] = call.split(':');
  return `${service}-${operation.replace(/[A-Z]/g, (c, at: number) => (at === 0 ? c : `-${c}`)).toLowerCase()}`;
}

/** IAM names both load balancer APIs elasticloadbalancing. */
export function iamActionOf(call: string): string {
  const [service, operation] = call.split(':');
  return `${service === 'elb' || service === 'elbv2' ? 'elasticloadbalancing' : service}:${operation}`;
}
