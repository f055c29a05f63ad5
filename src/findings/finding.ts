// A finding: one thing a user should look at, in Inspector Classic's vocabulary (SPEC §5).
import type { Listener, PortRange, Transport } from '../model/types.js';
import type { PathStep, ReachabilityType, Via } from '../engine/types.js';
import type { IpFamily } from '../net/index.js';
import type { Severity } from './severity.js';

export type RuleType =
  | 'RecognizedPortNoAgent'
  | 'RecognizedPortWithListener'
  | 'RecognizedPortNoListener'
  | 'UnrecognizedPortWithListener'
  | 'NetworkExposure';

export const RULE_TYPES: readonly RuleType[] = [
  'RecognizedPortNoAgent',
  'RecognizedPortWithListener',
  'RecognizedPortNoListener',
  'UnrecognizedPortWithListener',
  'NetworkExposure',
];

/** 4 or 6. */
export type IpVersion = IpFamily;

/** Inspector Classic's attribute keys, as they appear in `Finding.attributes`. */
export type AttributeKey =
  | 'RULE_TYPE'
  | 'REACHABILITY_TYPE'
  | 'INSTANCE_ID'
  | 'VPC'
  | 'ENI'
  | 'ACL'
  | 'SECURITY_GROUP'
  | 'PROTOCOL'
  | 'PORT'
  | 'PORT_GROUP_NAME'
  | 'PROCESS_NAME'
  | 'PROCESS_PID'
  | 'PROCESS_PATH'
  | 'TCP_PORTS'
  | 'UDP_PORTS'
  | 'IGW'
  | 'ELB'
  | 'ELB2'
  | 'PCX'
  | 'PCX_VPC'
  | 'VGW';

/** Only the keys that apply, in ascending key order. */
export type FindingAttributes = Readonly<Partial<Record<AttributeKey, string>>>;

export interface Finding {
  /** `nr-` + 16 hex digits of a sha256 over the finding's key: same input, same id. */
  readonly id: string;
  readonly ruleType: RuleType;
  readonly reachabilityType: ReachabilityType;
  readonly severity: Severity;
  readonly numericSeverity: number;
  readonly title: string;
  readonly description: string;
  readonly recommendation: string;
  readonly instanceId: string;
  readonly networkInterfaceId: string;
  readonly vpcId: string;
  readonly subnetId: string;
  readonly aclId: string | null;
  /** The groups whose rules admit the traffic, sorted. */
  readonly securityGroupIds: readonly string[];
  readonly ipVersion: IpVersion;
  /** Per-port findings; null for NetworkExposure. */
  readonly protocol: Transport | null;
  readonly port: number | null;
  /** NetworkExposure: merged inclusive ranges; null for per-port findings. */
  readonly tcpPorts: readonly PortRange[] | null;
  readonly udpPorts: readonly PortRange[] | null;
  /** The recognized service of the port (Inspector's PORT_GROUP_NAME); null otherwise. */
  readonly portGroupName: string | null;
  readonly via: Via;
  /** The senders that reach it, as merged CIDRs. */
  readonly sources: readonly string[];
  /** The listener that counts on this port and address, when one does. */
  readonly listener: Listener | null;
  readonly networkPath: readonly PathStep[];
  readonly attributes: FindingAttributes;
}
