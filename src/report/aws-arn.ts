// ARNs of the EC2 resources a finding names, in the partition the region belongs to.
import { partitionOf } from '../model/aws-partition.js';

/** arn:PARTITION:ec2:REGION:ACCOUNT:TYPE/ID, e.g. TYPE "instance", "security-group". */
export function ec2Arn(region: string, accountId: string, resourceType: string, id: string): string {
  return `arn:${partitionOf(region)}:ec2:${region}:${accountId}:${resourceType}/${id}`;
}
