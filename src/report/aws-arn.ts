// ARNs of the EC2 resources a finding names, in the partition the region belongs to.

/** aws-cn for China regions, aws-us-gov for GovCloud, aws elsewhere. */
export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** arn:PARTITION:ec2:REGION:ACCOUNT:TYPE/ID, e.g. TYPE "instance", "security-group". */
export function ec2Arn(region: string, accountId: string, resourceType: string, id: string): string {
  return `arn:${partitionOf(region)}:ec2:${region}:${accountId}:${resourceType}/${id}`;
}
