// The AWS partition a region belongs to, as ARNs name it, and the ARN of a classic load balancer
// (whose own API names it only by its name, unique per account and region).

/** aws-cn for China regions, aws-us-gov for GovCloud, aws elsewhere. */
export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** arn:PARTITION:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/NAME; an unknown region or account is left empty. */
export function classicLoadBalancerArn(region: string | null, accountId: string | null, name: string): string {
  return `arn:${partitionOf(region ?? '')}:elasticloadbalancing:${region ?? ''}:${accountId ?? ''}:loadbalancer/${name}`;
}

/** The name in a classic load balancer's ARN, or the id itself when it is a bare name. */
export function classicLoadBalancerName(id: string): string {
  const marker = ':loadbalancer/';
  const at = id.startsWith('arn:') ? id.indexOf(marker) : -1;
  return at < 0 ? id : id.slice(at + marker.length);
}
