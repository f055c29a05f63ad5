// Hand-built engine results shaped like what the engine reports for small, realistic VPCs.
import { AddressSet } from '../../src/net/index.js';
import type { GroupAdmission, PathStep, ReachCell, Reachability, Via } from '../../src/engine/types.js';
import type { Listener, ListenerData, Transport } from '../../src/model/types.js';

/** The internet's IPv4 senders for a VPC of 10.0.0.0/16: 0/0 minus the RFC 1918 ranges. */
export const INTERNET_V4 = AddressSet.all(4).subtract(
  AddressSet.fromCidrs(4, ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']),
);
export const INTERNET_V6 = AddressSet.all(6).subtract(AddressSet.fromCidr('2600:1f18:1:100::/56'));

export const IGW_VIA: Via = { type: 'IGW', id: 'igw-0a1b' };

export function internetPath(groupRule: string, groupId = 'sg-0web'): PathStep[] {
  return [
    { componentType: 'AWS::EC2::InternetGateway', componentId: 'igw-0a1b' },
    { componentType: 'AWS::EC2::RouteTable', componentId: 'rtb-0pub', rule: '0.0.0.0/0 -> igw-0a1b' },
    { componentType: 'AWS::EC2::NetworkAcl', componentId: 'acl-0pub', rule: 'inbound rule 100 ALLOW all traffic from 0.0.0.0/0' },
    { componentType: 'AWS::EC2::SecurityGroup', componentId: groupId, rule: groupRule },
    { componentType: 'AWS::EC2::NetworkInterface', componentId: 'eni-0web' },
  ];
}

export function admission(groupId: string, sources: AddressSet, ...rules: string[]): GroupAdmission {
  return { groupId, sources, rules };
}

export function cell(
  protocol: Transport,
  ports: [number, number],
  sources: AddressSet,
  groups: GroupAdmission[],
  networkPath: PathStep[] = internetPath(groups[0]?.rules[0] ?? ''),
): ReachCell {
  return { protocol, ports, sources, groups, networkPath };
}

export function reachability(overrides: Partial<Reachability> & Pick<Reachability, 'cells'>): Reachability {
  return {
    instanceId: 'i-0web',
    networkInterfaceId: 'eni-0web',
    vpcId: 'vpc-0main',
    subnetId: 'subnet-0pub',
    aclId: 'acl-0pub',
    reachabilityType: 'Internet',
    via: IGW_VIA,
    ipVersion: 4,
    destinationAddresses: ['10.0.1.10'],
    ...overrides,
  };
}

/** The common case: sg-0web admits all TCP from anywhere, reached from the internet. */
export function openToTheWorld(overrides: Partial<Reachability> = {}): Reachability {
  const rule = 'inbound tcp all ports from 0.0.0.0/0';
  return reachability({
    cells: [cell('tcp', [0, 65535], INTERNET_V4, [admission('sg-0web', INTERNET_V4, rule)])],
    ...overrides,
  });
}

export function listener(protocol: Transport, port: number, address: string, name = 'proc'): Listener {
  return { protocol, port, address, process: { name, pid: 100 + port, path: `/usr/sbin/${name}` } };
}

export function listenerData(instanceId: string, ...listeners: Listener[]): ListenerData {
  return { instanceId, collectedAt: '2024-05-01T10:00:00Z', listeners };
}

export function engineResult(...reachabilities: Reachability[]) {
  return {
    reachabilities,
    coverage: [],
    analysed: { instances: 1, runningInstances: 1, networkInterfaces: 1, loadBalancers: 0 },
  };
}
