// ASFF's Network and NetworkPath for a finding: inbound, the protocol and open ports when the
// finding has one protocol, and the path with the component types and ids cut to the 32
// characters Security Hub allows (the full path stays in ProductFields).
import type { NetworkPathComponent, Network, PortRange as AsffPortRange } from '@aws-sdk/client-securityhub';
import type { PathStep } from '../engine/types.js';
import type { Finding } from '../findings/finding.js';
import type { PortRange } from '../model/types.js';

const MAX_COMPONENT_TEXT = 32;

/** Long CloudFormation names in ASFF's own resource-type words, then shortened until they fit. */
const ABBREVIATIONS: ReadonlyArray<readonly [string, string]> = [
  ['ElasticLoadBalancingV2', 'Elbv2'],
  ['ElasticLoadBalancing', 'Elb'],
  ['TransitGateway', 'Tgw'],
];

/** "AWS::EC2::NetworkAcl" as is; "AWS::ElasticLoadBalancingV2::TargetGroup" → "AwsElbv2TargetGroup". */
export function componentType(cloudFormationType: string): string {
  if (cloudFormationType.length <= MAX_COMPONENT_TEXT) return cloudFormationType;
  let name = cloudFormationType.split('::').map((part, i) => (i === 0 ? 'Aws' : part)).join('');
  for (const [long, short] of ABBREVIATIONS) {
    if (name.length <= MAX_COMPONENT_TEXT) break;
    name = name.replace(long, short);
  }
  return name.slice(0, MAX_COMPONENT_TEXT);
}

/** An id as is; an ARN too long for the field as its resource part, else its last segment (a load balancer's or target group's unique suffix). */
export function componentId(id: string): string {
  if (id.length <= MAX_COMPONENT_TEXT) return id;
  const resource = id.startsWith('arn:') ? id.slice(id.lastIndexOf(':') + 1).replace(/^(loadbalancer|targetgroup|listener)\//, '') : id;
  if (resource.length <= MAX_COMPONENT_TEXT) return resource;
  const last = resource.slice(resource.lastIndexOf('/') + 1);
  return (last === '' ? resource : last).slice(-MAX_COMPONENT_TEXT);
}

function asffRanges(ranges: readonly PortRange[]): AsffPortRange[] {
  return ranges.map(([from, to]) => ({ Begin: from, End: to }));
}

interface OpenPorts {
  readonly protocol: string;
  readonly ranges: readonly PortRange[];
}

/** The one protocol and its ranges, or null for a NetworkExposure over both TCP and UDP. */
function openPorts(finding: Finding): OpenPorts | null {
  if (finding.protocol !== null && finding.port !== null) return { protocol: finding.protocol.toUpperCase(), ranges: [[finding.port, finding.port]] };
  const tcp = finding.tcpPorts ?? [];
  const udp = finding.udpPorts ?? [];
  if (udp.length === 0 && tcp.length > 0) return { protocol: 'TCP', ranges: tcp };
  if (tcp.length === 0 && udp.length > 0) return { protocol: 'UDP', ranges: udp };
  return null;
}

export function asffNetwork(finding: Finding): Network {
  const open = openPorts(finding);
  if (open === null) return { Direction: 'IN' };
  // OpenPortRange holds one range; several ranges are all on the path's last hop and in ProductFields.
  const single = open.ranges.length === 1 ? { OpenPortRange: asffRanges(open.ranges)[0] } : {};
  return { Direction: 'IN', Protocol: open.protocol, ...single };
}

function pathComponent(step: PathStep, finding: Finding, open: OpenPorts | null): NetworkPathComponent {
  const component: NetworkPathComponent = { ComponentId: componentId(step.componentId), ComponentType: componentType(step.componentType) };
  // The senders and the ports they reach, on the interface they reach.
  if (step.componentType !== 'AWS::EC2::NetworkInterface' || step.componentId !== finding.networkInterfaceId) return component;
  return {
    ...component,
    Ingress: {
      ...(open === null ? {} : { Protocol: open.protocol, Destination: { PortRanges: asffRanges(open.ranges) } }),
      Source: { Address: [...finding.sources] },
    },
  };
}

export function asffNetworkPath(finding: Finding): NetworkPathComponent[] {
  const open = openPorts(finding);
  return finding.networkPath.map((step) => pathComponent(step, finding, open));
}
