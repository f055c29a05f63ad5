// The sentences findings are made of, in Inspector Classic's wording where it has one.
import { AddressSet, familyOf } from '../net/index.js';
import type { PortRange, Transport } from '../model/types.js';
import type { PathStep, ReachabilityType, Via } from '../engine/types.js';
import { pathParts } from '../engine/path-parts.js';
import type { IpVersion } from './finding.js';

const SOURCE_PHRASES: Readonly<Record<ReachabilityType, string>> = {
  Internet: 'the internet',
  VGW: 'a virtual private gateway',
  PeeredVpc: 'a peered VPC',
  TransitGateway: 'a transit gateway',
};

/** "the internet", "a peered VPC", … as in "is reachable from …". */
export function sourcePhrase(reachabilityType: ReachabilityType): string {
  return SOURCE_PHRASES[reachabilityType];
}

/** " through load balancer <id> (listener <port>)" for an LB path, "" for a direct one. */
export function viaPhrase(via: Via): string {
  return 'listenerPort' in via ? ` through load balancer ${via.id} (listener ${via.listenerPort})` : '';
}

export function ipVersionPhrase(ipVersion: IpVersion): string {
  return ipVersion === 6 ? ' over IPv6' : '';
}

/** "from the internet through load balancer … over IPv6" */
export function fromPhrase(reachabilityType: ReachabilityType, via: Via, ipVersion: IpVersion): string {
  return `from ${sourcePhrase(reachabilityType)}${viaPhrase(via)}${ipVersionPhrase(ipVersion)}`;
}

export function protocolLabel(protocol: Transport): string {
  return protocol.toUpperCase();
}

/** "22" or "8000-8080". */
export function rangeText([from, to]: PortRange): string {
  return from === to ? String(from) : `${from}-${to}`;
}

/** "TCP 22, 80-81 and UDP 53". */
export function portRangesPhrase(tcpPorts: readonly PortRange[], udpPorts: readonly PortRange[]): string {
  const parts: string[] = [];
  if (tcpPorts.length > 0) parts.push(`TCP ${tcpPorts.map(rangeText).join(', ')}`);
  if (udpPorts.length > 0) parts.push(`UDP ${udpPorts.map(rangeText).join(', ')}`);
  return parts.join(' and ');
}

/** Inspector's attribute form of port ranges: "[[22 - 22], [80 - 81]]". */
export function portRangesAttribute(ranges: readonly PortRange[]): string {
  return `[${ranges.map(([from, to]) => `[${from} - ${to}]`).join(', ')}]`;
}

const COMPONENT_NAMES: Readonly<Record<string, string>> = {
  'AWS::EC2::InternetGateway': 'internet gateway',
  'AWS::EC2::VPNGateway': 'virtual private gateway',
  'AWS::EC2::VPNConnection': 'VPN connection',
  'AWS::EC2::CustomerGateway': 'customer gateway',
  'AWS::EC2::VPCPeeringConnection': 'peering connection',
  'AWS::EC2::TransitGateway': 'transit gateway',
  'AWS::EC2::TransitGatewayAttachment': 'transit gateway attachment',
  'AWS::EC2::TransitGatewayVpcAttachment': 'transit gateway attachment',
  'AWS::EC2::TransitGatewayRouteTable': 'transit gateway route table',
  'AWS::EC2::RouteTable': 'route table',
  'AWS::EC2::NetworkAcl': 'network ACL',
  'AWS::EC2::SecurityGroup': 'security group',
  'AWS::EC2::NetworkInterface': 'network interface',
  'AWS::EC2::Instance': 'instance',
  'AWS::EC2::Subnet': 'subnet',
  'AWS::EC2::VPC': 'VPC',
  'AWS::EC2::PrefixList': 'prefix list',
  'AWS::DirectConnect::VirtualInterface': 'Direct Connect virtual interface',
  'AWS::DirectConnect::Gateway': 'Direct Connect gateway',
  'AWS::ElasticLoadBalancing::LoadBalancer': 'classic load balancer',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'load balancer',
  'AWS::ElasticLoadBalancingV2::Listener': 'listener',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'target group',
};

/** "network ACL", "security group"…; an unknown type reads as its last segment in words. */
export function componentName(componentType: string): string {
  const known = COMPONENT_NAMES[componentType];
  if (known !== undefined) return known;
  const last = componentType.split('::').pop() ?? componentType;
  return last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** "network ACL acl-1 (inbound rule 100 ALLOW tcp all ports from 0.0.0.0/0)". */
export function stepPhrase(step: PathStep): string {
  let phrase = stepPhrases.get(step);
  if (phrase === undefined) {
    phrase = phraseOfStep(step);
    stepPhrases.set(step, phrase);
  }
  return phrase;
}

// Interfaces of one configuration share their path steps (the engine reuses them), so each step is put in words once.
const stepPhrases = new WeakMap<PathStep, string>();

function phraseOfStep(step: PathStep): string {
  const rule = step.rule === undefined || step.rule === '' ? '' : ` (${step.rule})`;
  return `${componentName(step.componentType)} ${step.componentId}${rule}`;
}

export function pathPhrase(path: readonly PathStep[]): string {
  let phrase = pathPhrases.get(path);
  if (phrase === undefined) {
    const split = pathParts(path);
    phrase =
      split === undefined || split[0].length === 0 || split[1].length === 0
        ? path.map(stepPhrase).join(' -> ')
        : `${pathPhrase(split[0])} -> ${pathPhrase(split[1])}`;
    pathPhrases.set(path, phrase);
  }
  return phrase;
}

// The per-port findings of one cell and its exposure finding share one path.
const pathPhrases = new WeakMap<readonly PathStep[], string>();

const LISTED_SOURCES = 6;

/**
 * A source set the way a person reads it: when the set is "everything except a few ranges" (the
 * internet minus private space and the VPC), that form; otherwise its CIDRs.
 */
export function sourcesForPeople(cidrs: readonly string[]): { readonly except: boolean; readonly cidrs: readonly string[] } {
  const family = cidrs.length === 0 ? null : familyOf(cidrs[0]!);
  if (family === null) return { except: false, cidrs };
  const missing = AddressSet.all(family).subtract(AddressSet.fromCidrs(family, cidrs)).toCidrs();
  return missing.length + 1 < cidrs.length ? { except: true, cidrs: missing } : { except: false, cidrs };
}

/** "10.1.0.0/16", "3 ranges: a, b, c", "0.0.0.0/0 except a, b, c" or "40 ranges: a, b, … and 34 more". */
export function sourcesPhrase(cidrs: readonly string[]): string {
  if (cidrs.length === 0) return 'no addresses';
  const known = phrasesOfLists.get(cidrs);
  if (known !== undefined) return known;
  const key = cidrs.join(' ');
  let phrase = sourcePhrases.get(key);
  if (phrase === undefined) {
    phrase = phraseOfSources(cidrs);
    // Bounded, so a long-lived process does not keep every source set it ever described.
    if (sourcePhrases.size >= SOURCE_PHRASES_KEPT) sourcePhrases.clear();
    sourcePhrases.set(key, phrase);
  }
  phrasesOfLists.set(cidrs, phrase);
  return phrase;
}

// The findings of one cell share its source list (and its title, description and recommendation name it three times).
const phrasesOfLists = new WeakMap<readonly string[], string>();

// Thousands of findings name the same few source sets ("0.0.0.0/0 except …" costs a set subtraction).
const sourcePhrases = new Map<string, string>();
const SOURCE_PHRASES_KEPT = 10_000;

function phraseOfSources(cidrs: readonly string[]): string {
  const shown = sourcesForPeople(cidrs);
  const list = shown.cidrs.length <= LISTED_SOURCES ? shown.cidrs.join(', ') : `${shown.cidrs.slice(0, LISTED_SOURCES).join(', ')} and ${shown.cidrs.length - LISTED_SOURCES} more`;
  if (shown.except) return `${familyOf(cidrs[0]!) === 6 ? '::/0' : '0.0.0.0/0'} except ${list}`;
  if (cidrs.length === 1) return cidrs[0]!;
  return `${cidrs.length} ranges: ${list}`;
}

/** "'a', 'b' and 'c'" */
export function quotedList(items: readonly string[]): string {
  const quoted = items.map((item) => `"${item}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
