// A snapshot's manifest.json (written by `netreach collect`): its collection time, and each AWS
// call that failed. A failed call is missing data, never "nothing there": it becomes a coverage
// note for what the call would have returned, and a failed per-parent call marks its parent's
// data as not collected, as a file skipped by lenient loading would.
import { z } from 'zod';
import type { CoverageNote } from '../model/types.js';
import { awsBoolean, awsString, isoTimestamp, list, oneOf, optional, record } from './aws-values.js';
import type { DocumentContext } from './file-kinds.js';
import { checkRecord } from './record-check.js';

const callSchema = record({
  account: optional(awsString),
  region: optional(awsString),
  call: awsString,
  parent: optional(awsString),
  status: oneOf(['ok', 'error']),
  error: optional(record({ code: optional(awsString), message: optional(awsString) })),
});

/** Only collectedAt is required: a hand-written manifest (the bundled example's) has no calls. */
export const manifestSchema = record({ collectedAt: isoTimestamp, complete: optional(awsBoolean), calls: optional(list(callSchema)) });

type ManifestCall = z.output<typeof callSchema>;

const TGW_ROUTE_TABLE = 'AWS::EC2::TransitGatewayRouteTable';
const ELBV2 = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';

/** What each call of `netreach collect` returns, by CloudFormation type. */
const RESOURCE_TYPE_OF_CALL: ReadonlyMap<string, string> = new Map([
  ['ec2:DescribeVpcs', 'AWS::EC2::VPC'],
  ['ec2:DescribeSubnets', 'AWS::EC2::Subnet'],
  ['ec2:DescribeRouteTables', 'AWS::EC2::RouteTable'],
  ['ec2:DescribeInternetGateways', 'AWS::EC2::InternetGateway'],
  ['ec2:DescribeEgressOnlyInternetGateways', 'AWS::EC2::EgressOnlyInternetGateway'],
  ['ec2:DescribeNetworkAcls', 'AWS::EC2::NetworkAcl'],
  ['ec2:DescribeSecurityGroups', 'AWS::EC2::SecurityGroup'],
  ['ec2:DescribeNetworkInterfaces', 'AWS::EC2::NetworkInterface'],
  ['ec2:DescribeAddresses', 'AWS::EC2::EIP'],
  ['ec2:DescribeNatGateways', 'AWS::EC2::NatGateway'],
  ['ec2:DescribeVpcEndpoints', 'AWS::EC2::VPCEndpoint'],
  ['ec2:DescribeVpcPeeringConnections', 'AWS::EC2::VPCPeeringConnection'],
  ['ec2:DescribeVpnGateways', 'AWS::EC2::VPNGateway'],
  ['ec2:DescribeVpnConnections', 'AWS::EC2::VPNConnection'],
  ['ec2:DescribeCustomerGateways', 'AWS::EC2::CustomerGateway'],
  ['ec2:DescribeTransitGateways', 'AWS::EC2::TransitGateway'],
  ['ec2:DescribeTransitGatewayAttachments', 'AWS::EC2::TransitGatewayAttachment'],
  ['ec2:DescribeTransitGatewayVpcAttachments', 'AWS::EC2::TransitGatewayAttachment'],
  ['ec2:DescribeTransitGatewayRouteTables', TGW_ROUTE_TABLE],
  ['ec2:SearchTransitGatewayRoutes', TGW_ROUTE_TABLE],
  ['ec2:GetTransitGatewayRouteTablePropagations', TGW_ROUTE_TABLE],
  ['ec2:DescribeManagedPrefixLists', 'AWS::EC2::PrefixList'],
  ['ec2:GetManagedPrefixListEntries', 'AWS::EC2::PrefixList'],
  ['ec2:DescribeInstances', 'AWS::EC2::Instance'],
  ['elb:DescribeLoadBalancers', 'AWS::ElasticLoadBalancing::LoadBalancer'],
  ['elbv2:DescribeLoadBalancers', ELBV2],
  ['elbv2:DescribeListeners', ELBV2],
  ['elbv2:DescribeLoadBalancerAttributes', ELBV2],
  ['elbv2:DescribeRules', 'AWS::ElasticLoadBalancingV2::Listener'],
  ['elbv2:DescribeTargetGroups', TARGET_GROUP],
  ['elbv2:DescribeTargetHealth', TARGET_GROUP],
  ['elbv2:DescribeTargetGroupAttributes', TARGET_GROUP],
  ['directconnect:DescribeVirtualInterfaces', 'AWS::DirectConnect::VirtualInterface'],
  ['directconnect:DescribeDirectConnectGateways', 'AWS::DirectConnect::Gateway'],
  ['directconnect:DescribeDirectConnectGatewayAssociations', 'AWS::DirectConnect::GatewayAssociation'],
]);

export function resourceTypeOfCall(call: string): string | null {
  return RESOURCE_TYPE_OF_CALL.get(call) ?? null;
}

/** A failed per-parent call leaves its parent's data unknown (null), never empty. */
function markParentIncomplete(ctx: DocumentContext, call: string, parent: string): void {
  const incomplete = ctx.raw.incomplete;
  const sets: Readonly<Record<string, Set<string>>> = {
    'ec2:SearchTransitGatewayRoutes': incomplete.transitGatewayRouteTableRoutes,
    'ec2:GetManagedPrefixListEntries': incomplete.prefixListEntries,
    'elbv2:DescribeListeners': incomplete.loadBalancerListeners,
    'elbv2:DescribeRules': incomplete.listenerRules,
    'elbv2:DescribeTargetHealth': incomplete.targetGroupTargets,
  };
  sets[call]?.add(parent);
}

function failureNote(call: ManifestCall, file: string): CoverageNote {
  const scope = [call.account, call.region].filter((part) => part != null).join('/');
  const error = [call.error?.code, call.error?.message].filter((part) => part != null && part !== '').join(': ');
  return {
    resourceType: resourceTypeOfCall(call.call) ?? 'Snapshot',
    resourceId: call.parent ?? `all in ${scope === '' ? 'the snapshot' : scope}`,
    reason: `not collected: ${call.call} failed${error === '' ? '' : ` (${error})`}`,
    file,
  };
}

/** Reads the root manifest.json: collectedAt, and failed calls as coverage gaps. */
export function readManifest(ctx: DocumentContext, doc: object): void {
  const manifest = checkRecord(ctx, manifestSchema, doc, [], 'Snapshot', ctx.origin.file);
  if (manifest === null) return;
  ctx.raw.collectedAt = manifest.collectedAt;
  if (manifest.complete === false) {
    // `netreach collect` writes this manifest first and replaces it when it ends.
    ctx.coverage.push({
      resourceType: 'Snapshot',
      resourceId: ctx.origin.file,
      reason: 'the collection that wrote this folder did not finish (interrupted or stopped by an error): any call may be missing, in part or whole',
      file: ctx.origin.file,
    });
  }
  for (const call of manifest.calls ?? []) {
    if (call.status !== 'error') continue;
    ctx.raw.failedCalls.add(call.call);
    ctx.coverage.push(failureNote(call, ctx.origin.file));
    if (call.parent != null) markParentIncomplete(ctx, call.call, call.parent);
  }
}
