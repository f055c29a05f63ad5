// Inspector Classic's finding attributes (RULE_TYPE, ENI, IGW, ELB2, …): only the keys that apply,
// string values, keys in ascending order.
import { compareText } from '../model/compare-text.js';
import type { PathStep, Reachability } from '../engine/types.js';
import type { AttributeKey, Finding, FindingAttributes } from './finding.js';
import { portRangesAttribute, protocolLabel } from './wording.js';
import { pathParts } from '../engine/path-parts.js';
import { keptFor } from '../engine/answer-memo.js';

/** The facts of a finding its attributes restate. */
export type AttributeInput = Pick<
  Finding,
  'ruleType' | 'securityGroupIds' | 'protocol' | 'port' | 'portGroupName' | 'listener' | 'tcpPorts' | 'udpPorts' | 'networkPath'
>;

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

type GatewayAttributes = Readonly<Partial<Record<AttributeKey, string>>>;

const NO_GATEWAYS: GatewayAttributes = {};

const gatewaysOfSteps = new WeakMap<readonly PathStep[], GatewayAttributes>();

/** The first gateway of each kind the steps enter by, and the peer VPC the engine names on a peering step ("peer vpc-…"). */
function stepGateways(steps: readonly PathStep[]): GatewayAttributes {
  return keptFor(gatewaysOfSteps, steps, () => {
    const out: Partial<Record<AttributeKey, string>> = {};
    for (const step of steps) {
      const key = GATEWAY_STEPS[step.componentType];
      if (key !== undefined && out[key] === undefined) out[key] = step.componentId;
      const peer = step.componentType === 'AWS::EC2::VPCPeeringConnection' ? /^peer (vpc-[0-9a-z]+)$/.exec(step.rule ?? '') : null;
      if (peer !== null && out.PCX_VPC === undefined) out.PCX_VPC = peer[1];
    }
    return Object.keys(out).length === 0 ? NO_GATEWAYS : out;
  });
}

/** stepGateways of a whole path; for a path made of a shared beginning and an interface's own end, from the parts' answers. */
function pathGateways(path: readonly PathStep[]): GatewayAttributes {
  const parts = pathParts(path);
  if (parts === undefined) return stepGateways(path);
  const [shared, own] = parts.map(stepGateways);
  // The first of each kind along the path: the shared beginning's win.
  return own === NO_GATEWAYS ? shared! : { ...own, ...shared };
}

/** The attributes of a finding with these facts, reached as `r` says. */
export function findingAttributes(input: AttributeInput, r: Reachability): FindingAttributes {
  const values: Partial<Record<AttributeKey, string>> = {
    RULE_TYPE: input.ruleType,
    REACHABILITY_TYPE: r.reachabilityType,
    INSTANCE_ID: r.instanceId,
    VPC: r.vpcId,
    ENI: r.networkInterfaceId,
  };
  if (r.aclId !== null) values.ACL = r.aclId;
  if (input.securityGroupIds.length > 0) values.SECURITY_GROUP = input.securityGroupIds.join(', ');
  if (input.protocol !== null) values.PROTOCOL = protocolLabel(input.protocol);
  if (input.port !== null) values.PORT = String(input.port);
  if (input.portGroupName !== null) values.PORT_GROUP_NAME = input.portGroupName;
  const process = input.listener?.process ?? null;
  if (process !== null) {
    values.PROCESS_NAME = process.name;
    if (process.pid !== null) values.PROCESS_PID = String(process.pid);
    if (process.path !== null) values.PROCESS_PATH = process.path;
  }
  if (input.tcpPorts !== null && input.tcpPorts.length > 0) values.TCP_PORTS = portRangesAttribute(input.tcpPorts);
  if (input.udpPorts !== null && input.udpPorts.length > 0) values.UDP_PORTS = portRangesAttribute(input.udpPorts);
  const viaKey = VIA_KEYS[r.via.type];
  if (viaKey !== undefined) values[viaKey] = r.via.id;
  // An LB path still entered the VPC by a gateway; the path names it (the via's own key stands).
  const gateways = pathGateways(input.networkPath);
  for (const key in gateways) {
    const k = key as AttributeKey;
    if (values[k] === undefined) values[k] = gateways[k];
  }
  const attributes: Partial<Record<AttributeKey, string>> = {};
  for (const key of KEYS_ASCENDING) {
    const value = values[key];
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
