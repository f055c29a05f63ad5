// The raw EC2 shapes netreach reads (describe-* output), checked where netreach uses a field and
// loose everywhere else: AWS adds fields all the time and they must not break loading.
import { z } from 'zod';
import { IP_PROTOCOL_TCP, IP_PROTOCOL_UDP } from '../model/types.js';
import { anyCidr, anyList, awsBoolean, awsId, awsString, deviceIndex, ipAddress, ipProtocol, ipv4Address, ipv4Cidr, ipv6Address, ipv6Cidr, list, naclRuleNumber, oneOf, optional, optionalId, permissionPort, port, record } from './aws-values.js';

const stateRecord = optional(record({ State: optional(awsString) }));

export const tagList = optional(list(record({ Key: awsString, Value: optional(awsString) })));

export const vpcSchema = record({
  VpcId: awsId,
  OwnerId: optionalId,
  CidrBlock: optional(ipv4Cidr),
  CidrBlockAssociationSet: optional(list(record({ CidrBlock: ipv4Cidr, CidrBlockState: stateRecord }))),
  Ipv6CidrBlockAssociationSet: optional(
    list(record({ Ipv6CidrBlock: optional(ipv6Cidr), Ipv6CidrBlockState: stateRecord })),
  ),
});
export type RawVpc = z.output<typeof vpcSchema>;

export const subnetSchema = record({
  SubnetId: awsId,
  VpcId: awsId,
  OwnerId: optionalId,
  CidrBlock: optional(ipv4Cidr),
  Ipv6CidrBlockAssociationSet: optional(
    list(record({ Ipv6CidrBlock: optional(ipv6Cidr), Ipv6CidrBlockState: stateRecord })),
  ),
  AvailabilityZone: optional(awsString),
  AvailabilityZoneId: optional(awsString),
});
export type RawSubnet = z.output<typeof subnetSchema>;

const routeSchema = record({
  DestinationCidrBlock: optional(ipv4Cidr),
  DestinationIpv6CidrBlock: optional(ipv6Cidr),
  DestinationPrefixListId: optionalId,
  GatewayId: optionalId,
  NatGatewayId: optionalId,
  VpcPeeringConnectionId: optionalId,
  TransitGatewayId: optionalId,
  EgressOnlyInternetGatewayId: optionalId,
  NetworkInterfaceId: optionalId,
  InstanceId: optionalId,
  CarrierGatewayId: optionalId,
  LocalGatewayId: optionalId,
  CoreNetworkArn: optionalId,
  OdbNetworkArn: optionalId,
  // The next hop of a route VPC Route Server propagates.
  IpAddress: optional(awsString),
  Origin: optional(awsString),
  State: optional(awsString),
}).superRefine((route, ctx) => {
  if (route.DestinationCidrBlock == null && route.DestinationIpv6CidrBlock == null && route.DestinationPrefixListId == null) {
    ctx.addIssue({
      code: 'custom',
      input: route,
      message: 'expected DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId, got none',
    });
  }
});
export type RawRoute = z.output<typeof routeSchema>;

export const routeTableSchema = record({
  RouteTableId: awsId,
  VpcId: awsId,
  OwnerId: optionalId,
  Associations: optional(
    list(record({ Main: optional(awsBoolean), SubnetId: optionalId, GatewayId: optionalId, AssociationState: stateRecord })),
  ),
  Routes: optional(list(routeSchema)),
});
export type RawRouteTable = z.output<typeof routeTableSchema>;

const portRangeSchema = record({ From: port, To: port }).superRefine((range, ctx) => {
  if (range.From > range.To) {
    ctx.addIssue({ code: 'custom', input: range, message: `expected From ≤ To, got ${range.From}-${range.To}` });
  }
});

const naclEntrySchema = record({
  RuleNumber: naclRuleNumber,
  Egress: awsBoolean,
  RuleAction: oneOf(['allow', 'deny']),
  Protocol: ipProtocol,
  CidrBlock: optional(ipv4Cidr),
  Ipv6CidrBlock: optional(ipv6Cidr),
  PortRange: optional(portRangeSchema),
}).superRefine((entry, ctx) => {
  if ((entry.CidrBlock == null) === (entry.Ipv6CidrBlock == null)) {
    ctx.addIssue({
      code: 'custom',
      input: entry,
      message: `expected exactly one of CidrBlock and Ipv6CidrBlock, got ${entry.CidrBlock == null ? 'neither' : 'both'}`,
    });
  }
});
export type RawNaclEntry = z.output<typeof naclEntrySchema>;

export const networkAclSchema = record({
  NetworkAclId: awsId,
  VpcId: awsId,
  OwnerId: optionalId,
  IsDefault: optional(awsBoolean),
  Associations: optional(list(record({ SubnetId: optionalId }))),
  Entries: optional(list(naclEntrySchema)),
});
export type RawNetworkAcl = z.output<typeof networkAclSchema>;

const description = optional(awsString);

const permissionSchema = record({
  IpProtocol: ipProtocol,
  FromPort: optional(permissionPort),
  ToPort: optional(permissionPort),
  IpRanges: optional(list(record({ CidrIp: ipv4Cidr, Description: description }))),
  Ipv6Ranges: optional(list(record({ CidrIpv6: ipv6Cidr, Description: description }))),
  PrefixListIds: optional(list(record({ PrefixListId: awsId, Description: description }))),
  UserIdGroupPairs: optional(
    list(record({ GroupId: awsId, UserId: optional(awsString), VpcId: optional(awsString), Description: description })),
  ),
}).superRefine((p, ctx) => {
  const ported = p.IpProtocol === IP_PROTOCOL_TCP || p.IpProtocol === IP_PROTOCOL_UDP;
  if (ported && p.FromPort != null && p.ToPort != null && p.FromPort >= 0 && p.ToPort >= 0 && p.FromPort > p.ToPort) {
    ctx.addIssue({ code: 'custom', input: p, message: `expected FromPort ≤ ToPort, got ${p.FromPort}-${p.ToPort}` });
  }
});
export type RawPermission = z.output<typeof permissionSchema>;

export const securityGroupSchema = record({
  GroupId: awsId,
  GroupName: optional(awsString),
  VpcId: optionalId,
  OwnerId: optionalId,
  IpPermissions: optional(list(permissionSchema)),
  IpPermissionsEgress: optional(list(permissionSchema)),
});
export type RawSecurityGroup = z.output<typeof securityGroupSchema>;

const publicIpAssociation = optional(record({ PublicIp: optional(ipv4Address), AllocationId: optionalId }));

/** describe-network-interfaces records and the ENIs embedded in describe-instances. */
export const embeddedInterfaceSchema = record({
  NetworkInterfaceId: awsId,
  SubnetId: optionalId,
  VpcId: optionalId,
  AvailabilityZone: optional(awsString),
  PrivateIpAddress: optional(ipAddress),
  PrivateIpAddresses: optional(
    list(record({ PrivateIpAddress: ipAddress, Primary: optional(awsBoolean), Association: publicIpAssociation })),
  ),
  Association: publicIpAssociation,
  Ipv6Addresses: optional(list(record({ Ipv6Address: ipv6Address }))),
  // Prefix delegation: every address of these prefixes is assigned to the interface.
  Ipv4Prefixes: optional(list(record({ Ipv4Prefix: ipv4Cidr }))),
  Ipv6Prefixes: optional(list(record({ Ipv6Prefix: ipv6Cidr }))),
  Groups: optional(list(record({ GroupId: awsId }))),
  Attachment: optional(record({ InstanceId: optionalId, DeviceIndex: optional(deviceIndex), Status: optional(awsString) })),
  InterfaceType: optional(awsString),
  Description: optional(awsString),
  RequesterManaged: optional(awsBoolean),
  OwnerId: optionalId,
});
export type RawInterface = z.output<typeof embeddedInterfaceSchema>;

export const networkInterfaceSchema = embeddedInterfaceSchema.extend({ SubnetId: awsId, VpcId: awsId });
export type RawStandaloneInterface = z.output<typeof networkInterfaceSchema>;

/** The reservation around instances; each instance is checked on its own (lenient skips one). */
export const reservationSchema = record({ OwnerId: optionalId, Instances: optional(anyList) });

export const instanceSchema = record({
  InstanceId: awsId,
  State: optional(record({ Name: optional(oneOf(['pending', 'running', 'shutting-down', 'terminated', 'stopping', 'stopped'])) })),
  SubnetId: optionalId,
  VpcId: optionalId,
  PrivateIpAddress: optional(ipAddress),
  PublicIpAddress: optional(ipv4Address),
  Ipv6Address: optional(ipv6Address),
  SecurityGroups: optional(list(record({ GroupId: awsId }))),
  NetworkInterfaces: optional(list(embeddedInterfaceSchema)),
  Placement: optional(record({ AvailabilityZone: optional(awsString) })),
  Tags: tagList,
});
export type RawInstance = z.output<typeof instanceSchema>;

export const addressSchema = record({
  PublicIp: optional(ipv4Address),
  AllocationId: optionalId,
  NetworkInterfaceId: optionalId,
  InstanceId: optionalId,
  PrivateIpAddress: optional(ipAddress),
});
export type RawAddress = z.output<typeof addressSchema>;

export const natGatewaySchema = record({
  NatGatewayId: awsId,
  VpcId: awsId,
  // A regional NAT gateway (AvailabilityMode regional) spans the VPC's zones and has no subnet.
  SubnetId: optionalId,
  State: optional(awsString),
  NatGatewayAddresses: optional(
    list(record({ PrivateIp: optional(ipAddress), PublicIp: optional(ipv4Address), NetworkInterfaceId: optionalId })),
  ),
});
export type RawNatGateway = z.output<typeof natGatewaySchema>;

const vpcAttachments = optional(list(record({ VpcId: awsId, State: optional(awsString) })));

export const internetGatewaySchema = record({ InternetGatewayId: awsId, Attachments: vpcAttachments });
export type RawInternetGateway = z.output<typeof internetGatewaySchema>;

export const egressOnlyInternetGatewaySchema = record({ EgressOnlyInternetGatewayId: awsId, Attachments: vpcAttachments });
export type RawEgressOnlyInternetGateway = z.output<typeof egressOnlyInternetGatewaySchema>;

export const vpnGatewaySchema = record({ VpnGatewayId: awsId, State: optional(awsString), VpcAttachments: vpcAttachments });
export type RawVpnGateway = z.output<typeof vpnGatewaySchema>;

export const vpnConnectionSchema = record({
  VpnConnectionId: awsId,
  State: optional(awsString),
  VpnGatewayId: optionalId,
  TransitGatewayId: optionalId,
  CustomerGatewayId: optionalId,
  Options: optional(record({ StaticRoutesOnly: optional(awsBoolean) })),
  Routes: optional(list(record({ DestinationCidrBlock: anyCidr, State: optional(awsString) }))),
});
export type RawVpnConnection = z.output<typeof vpnConnectionSchema>;

export const customerGatewaySchema = record({ CustomerGatewayId: awsId });

export const vpcEndpointSchema = record({
  VpcEndpointId: awsId,
  VpcId: awsId,
  VpcEndpointType: optional(awsString),
  ServiceName: optional(awsString),
  State: optional(awsString),
  RouteTableIds: optional(list(awsId)),
  SubnetIds: optional(list(awsId)),
  NetworkInterfaceIds: optional(list(awsId)),
  Groups: optional(list(record({ GroupId: awsId }))),
});
export type RawVpcEndpoint = z.output<typeof vpcEndpointSchema>;

const peeringSideSchema = record({
  VpcId: awsId,
  OwnerId: optionalId,
  Region: optional(awsString),
  CidrBlock: optional(ipv4Cidr),
  CidrBlockSet: optional(list(record({ CidrBlock: ipv4Cidr }))),
  Ipv6CidrBlockSet: optional(list(record({ Ipv6CidrBlock: ipv6Cidr }))),
});
export type RawPeeringSide = z.output<typeof peeringSideSchema>;

export const peeringConnectionSchema = record({
  VpcPeeringConnectionId: awsId,
  Status: optional(record({ Code: optional(awsString) })),
  RequesterVpcInfo: peeringSideSchema,
  AccepterVpcInfo: peeringSideSchema,
});
export type RawPeeringConnection = z.output<typeof peeringConnectionSchema>;

/** describe-managed-prefix-lists (no entries) or the older describe-prefix-lists (with Cidrs). */
export const prefixListSchema = record({
  PrefixListId: awsId,
  PrefixListName: optional(awsString),
  Cidrs: optional(list(anyCidr)),
});
export type RawPrefixList = z.output<typeof prefixListSchema>;

/** get-managed-prefix-list-entries, with the PrefixListId the collector adds. */
export const prefixListEntriesSchema = record({
  PrefixListId: awsId,
  Entries: list(record({ Cidr: anyCidr, Description: description })),
});
export type RawPrefixListEntries = z.output<typeof prefixListEntriesSchema>;
