// Inspector Classic's finding attributes (RULE_TYPE, ENI, IGW, ELB2, …): only the keys that apply,
// string values, keys in ascending order.
import { compareText } from '../model/compare-text.js';
import type { Listener, PortRange, Transport } from '../model/types.js';
import type { PathStep, Reachability } from '../engine/types.js';
import type { AttributeKey, FindingAttributes, RuleType } from './finding.js';
import { portRangesAttribute, protocolLabel } from './wording.js';

export interface AttributeInput {
  readonly ruleType: RuleType;
  readonly reachability: Reachability;
  readonly securityGroupIds: readonly string[];
  readonly protocol: Transport | null;
  readonly port: number | null;
  readonly portGroupName: string | null;
  readonly listener: Listener | null;
  readonly tcpPorts: readonly PortRange[] | null;
  readonly udpPorts: readonly PortRange[] | null;
  readonly networkPath: readonly PathStep[];
}

/** Gateways a path enters by, as Inspector's attribute keys name them. */
const GATEWAY_STEPS: Readonly<Record<string, AttributeKey>> = {
  'AWS::EC2::InternetGateway': 'IGW',
  'AWS::EC2::VPNGateway': 'VGW',
  'AWS::EC2::VPCPeeringConnection': 'PCX',
  'AWS::ElasticLoadBalancing::LoadBalancer': 'ELB',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'ELB2',
};

const VIA_KEYS: Readonly<Record<string, AttributeKey | undefined>> = {
  IGW: 'IGW',
  VGW: 'VGW',
  PCX: 'PCX',
  CLB: 'ELB',
  ALB: 'ELB2',
  NLB: 'ELB2',
};

export function findingAttributes(input: AttributeInput): FindingAttributes {
  const r = input.reachability;
  const values = new Map<AttributeKey, string>();
  values.set('RULE_TYPE', input.ruleType);
  values.set('REACHABILITY_TYPE', r.reachabilityType);
  values.set('INSTANCE_ID', r.instanceId);
  values.set('VPC', r.vpcId);
  values.set('ENI', r.networkInterfaceId);
  if (r.aclId !== null) values.set('ACL', r.aclId);
  if (input.securityGroupIds.length > 0) values.set('SECURITY_GROUP', input.securityGroupIds.join(', '));
  if (input.protocol !== null) values.set('PROTOCOL', protocolLabel(input.protocol));
  if (input.port !== null) values.set('PORT', String(input.port));
  if (input.portGroupName !== null) values.set('PORT_GROUP_NAME', input.portGroupName);
  const process = input.listener?.process ?? null;
  if (process !== null) {
    values.set('PROCESS_NAME', process.name);
    if (process.pid !== null) values.set('PROCESS_PID', String(process.pid));
    if (process.path !== null) values.set('PROCESS_PATH', process.path);
  }
  if (input.tcpPorts !== null && input.tcpPorts.length > 0) values.set('TCP_PORTS', portRangesAttribute(input.tcpPorts));
  if (input.udpPorts !== null && input.udpPorts.length > 0) values.set('UDP_PORTS', portRangesAttribute(input.udpPorts));
  const viaKey = VIA_KEYS[r.via.type];
  if (viaKey !== undefined) values.set(viaKey, r.via.id);
  // An LB path still entered the VPC by a gateway; the path names it.
  for (const step of input.networkPath) {
    const key = GATEWAY_STEPS[step.componentType];
    if (key !== undefined && !values.has(key)) values.set(key, step.componentId);
    // The engine names the peer VPC on the peering step ("peer vpc-…").
    const peer = step.componentType === 'AWS::EC2::VPCPeeringConnection' ? /^peer (vpc-[0-9a-z]+)$/.exec(step.rule ?? '') : null;
    if (peer !== null && !values.has('PCX_VPC')) values.set('PCX_VPC', peer[1]);
  }
  const attributes: Partial<Record<AttributeKey, string>> = {};
  for (const key of KEYS_ASCENDING) {
    const value = values.get(key);
    if (value !== undefined) attributes[key] = value;
  }
  return attributes;
}

// Every key (the Record makes the compiler insist on all of them) in ascending order once, rather than a sort per finding.
const EVERY_KEY: Readonly<Record<AttributeKey, true>> = {
  RULE_TYPE: true, REACHABILITY_TYPE: true, INSTANCE_ID: true, VPC: true, ENI: true, ACL: true, SECURITY_GROUP: true,
  PROTOCOL: true, PORT: true, PORT_GROUP_NAME: true, PROCESS_NAME: true, PROCESS_PID: true, PROCESS_PATH: true,
  TCP_PORTS: true, UDP_PORTS: true, IGW: true, ELB: true, ELB2: true, PCX: true, PCX_VPC: true, VGW: true,
};
const KEYS_ASCENDING = (Object.keys(EVERY_KEY) as AttributeKey[]).sort(compareText);
