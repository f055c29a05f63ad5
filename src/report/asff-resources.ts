// The resources an ASFF finding names (at most 32): the instance, the interface, the admitting
// security groups, the VPC, subnet and network ACL, and the load balancer a path goes through.
// Details hold only what the finding knows; the interface's groups are not listed there because
// a finding knows only the groups that admit it, not every group on the interface.
import type { Resource } from '@aws-sdk/client-securityhub';
import type { Finding } from '../findings/finding.js';
import { asffText } from './asff-text.js';
import { ec2Arn } from './aws-arn.js';
import { classicLoadBalancerArn, classicLoadBalancerName, partitionOf } from '../model/aws-partition.js';

const MAX_RESOURCES = 32;
const MAX_TAG_VALUE = 256;

export interface ResourceScope {
  readonly accountId: string;
  readonly region: string;
  readonly instanceName: string | null;
}

function loadBalancerResource(finding: Finding, scope: ResourceScope, partition: Resource['Partition']): Resource | null {
  const via = finding.via;
  if (!('listenerPort' in via)) return null;
  if (via.type === 'CLB') {
    // A classic load balancer's id is its name, or its ARN where the snapshot holds that name in more than one account or region.
    const arn = via.id.startsWith('arn:') ? via.id : classicLoadBalancerArn(scope.region, scope.accountId, via.id);
    return { Type: 'AwsElbLoadBalancer', Id: arn, Partition: partition, Region: scope.region, Details: { AwsElbLoadBalancer: { LoadBalancerName: classicLoadBalancerName(via.id), VpcId: finding.vpcId } } };
  }
  // An ALB's or NLB's id is its ARN already.
  return { Type: 'AwsElbv2LoadBalancer', Id: via.id, Partition: partition, Region: scope.region, Details: { AwsElbv2LoadBalancer: { VpcId: finding.vpcId } } };
}

export function asffResources(finding: Finding, scope: ResourceScope): Resource[] {
  const { accountId, region } = scope;
  const partition = partitionOf(region);
  const arn = (type: string, id: string): string => ec2Arn(region, accountId, type, id);
  const name = scope.instanceName === null ? null : asffText(scope.instanceName, MAX_TAG_VALUE);
  const resources: Resource[] = [
    {
      Type: 'AwsEc2Instance',
      Id: arn('instance', finding.instanceId),
      Partition: partition,
      Region: region,
      ...(name === null ? {} : { Tags: { Name: name } }),
      Details: {
        AwsEc2Instance: { VpcId: finding.vpcId, SubnetId: finding.subnetId, NetworkInterfaces: [{ NetworkInterfaceId: finding.networkInterfaceId }] },
      },
    },
    {
      Type: 'AwsEc2NetworkInterface',
      Id: arn('network-interface', finding.networkInterfaceId),
      Partition: partition,
      Region: region,
      Details: { AwsEc2NetworkInterface: { NetworkInterfaceId: finding.networkInterfaceId } },
    },
    ...finding.securityGroupIds.map(
      (groupId): Resource => ({
        Type: 'AwsEc2SecurityGroup',
        Id: arn('security-group', groupId),
        Partition: partition,
        Region: region,
        Details: { AwsEc2SecurityGroup: { GroupId: groupId, VpcId: finding.vpcId } },
      }),
    ),
    { Type: 'AwsEc2Vpc', Id: arn('vpc', finding.vpcId), Partition: partition, Region: region },
    {
      Type: 'AwsEc2Subnet',
      Id: arn('subnet', finding.subnetId),
      Partition: partition,
      Region: region,
      Details: { AwsEc2Subnet: { SubnetId: finding.subnetId, VpcId: finding.vpcId } },
    },
  ];
  if (finding.aclId !== null) {
    resources.push({
      Type: 'AwsEc2NetworkAcl',
      Id: arn('network-acl', finding.aclId),
      Partition: partition,
      Region: region,
      Details: { AwsEc2NetworkAcl: { NetworkAclId: finding.aclId, VpcId: finding.vpcId } },
    });
  }
  const loadBalancer = loadBalancerResource(finding, scope, partition);
  if (loadBalancer !== null) resources.push(loadBalancer);
  // An interface has at most 16 groups, so the cap only guards against the unexpected.
  return resources.slice(0, MAX_RESOURCES);
}
