// Titles, descriptions and recommendations: what a finding says to the person who must act on it.
import type { Listener, PortRange, Transport } from '../model/types.js';
import type { GroupAdmission, PathStep, Reachability } from '../engine/types.js';
import type { RuleType } from './finding.js';
import {
  fromPhrase,
  pathPhrase,
  portRangesPhrase,
  protocolLabel,
  quotedList,
  rangeText,
  sourcesPhrase,
} from './wording.js';

/** One port of one cell, as the per-port findings see it. */
export interface PortSubject {
  readonly ruleType: Exclude<RuleType, 'NetworkExposure'>;
  readonly reachability: Reachability;
  readonly protocol: Transport;
  readonly port: number;
  /** The ports of the cell the port lies in: the span that the admitting rules share. */
  readonly cellPorts: PortRange;
  readonly service: string | null;
  readonly listener: Listener | null;
  readonly groups: readonly GroupAdmission[];
  readonly sources: readonly string[];
  /** The path as the finding names it (long route lists counted, see counted-routes.ts). */
  readonly networkPath: readonly PathStep[];
  /** The engine's path, every route named: what a route fix must remove. */
  readonly fullPath: readonly PathStep[];
}

export interface ExposureSubject {
  readonly reachability: Reachability;
  readonly groupId: string;
  readonly rules: readonly string[];
  readonly tcpPorts: readonly PortRange[];
  readonly udpPorts: readonly PortRange[];
  readonly sources: readonly string[];
  readonly networkPath: readonly PathStep[];
}

function portLabel(protocol: Transport, port: number): string {
  return `${protocolLabel(protocol)} port ${port}`;
}

function processLabel(listener: Listener): string {
  return listener.process === null ? 'an unnamed process' : `'${listener.process.name}'`;
}

function from(r: Reachability): string {
  return fromPhrase(r.reachabilityType, r.via, r.ipVersion);
}

export function portTitle(s: PortSubject): string {
  const r = s.reachability;
  const service = s.service === null ? '' : ` which is associated with '${s.service}'`;
  const head = `On instance ${r.instanceId}, ${portLabel(s.protocol, s.port)}${service} is reachable ${from(r)}`;
  switch (s.ruleType) {
    case 'RecognizedPortNoAgent':
      return head;
    case 'RecognizedPortNoListener':
      return `${head} but has no listener`;
    case 'RecognizedPortWithListener':
    case 'UnrecognizedPortWithListener':
      return `${head} and has a listener ${s.listener === null ? '' : processLabel(s.listener)}`.trimEnd();
  }
}

export function exposureTitle(s: ExposureSubject): string {
  const r = s.reachability;
  return (
    `On instance ${r.instanceId}, ENI ${r.networkInterfaceId}, security group ${s.groupId} allows access to ` +
    `ports ${portRangesPhrase(s.tcpPorts, s.udpPorts)} ${from(r)}`
  );
}

function socketText(listener: Listener): string {
  const address = listener.address.includes(':') ? `[${listener.address}]` : listener.address;
  return `${address}:${listener.port}`;
}

function listenerSentence(s: PortSubject): string {
  const r = s.reachability;
  switch (s.ruleType) {
    case 'RecognizedPortNoAgent':
      return 'No listener data was given for the instance, so whether a process listens on the port is unknown.';
    case 'RecognizedPortNoListener':
      return (
        `The instance's listener data shows no process receiving this traffic (listening on the port at a ` +
        `wildcard address or at ${r.destinationAddresses.join(', ') || "the interface's address"}).`
      );
    case 'RecognizedPortWithListener':
    case 'UnrecognizedPortWithListener': {
      if (s.listener === null) return '';
      const p = s.listener.process;
      const details = p === null ? [] : [p.pid === null ? null : `pid ${p.pid}`, p.path].filter((x) => x !== null);
      const name = p === null ? 'A process' : `Process '${p.name}'`;
      const extra = details.length > 0 ? ` (${details.join(', ')})` : '';
      return `${name}${extra} listens on ${socketText(s.listener)}.`;
    }
  }
}

function placeSentence(r: Reachability): string {
  return `network interface ${r.networkInterfaceId} of instance ${r.instanceId} (subnet ${r.subnetId}, ${r.vpcId})`;
}

function aclSentence(r: Reachability): string {
  return r.aclId === null
    ? " The subnet's network ACL is not in the snapshot, so its checks were skipped: the ACL may block part of this."
    : '';
}

export function portDescription(s: PortSubject): string {
  const r = s.reachability;
  const service = s.service === null ? '' : ` ('${s.service}')`;
  return (
    `${portLabel(s.protocol, s.port)}${service} on ${placeSentence(r)} is reachable ${from(r)}. ` +
    `Senders: ${sourcesPhrase(s.sources)}. Path: ${pathPhrase(s.networkPath)}.${aclSentence(r)} ` +
    listenerSentence(s)
  ).trimEnd();
}

export function exposureDescription(s: ExposureSubject): string {
  const r = s.reachability;
  return (
    `Security group ${s.groupId} on ${placeSentence(r)} admits ${portRangesPhrase(s.tcpPorts, s.udpPorts)} ` +
    `${from(r)}, and the routes and network ACL let that traffic through. ` +
    `Rules: ${quotedList(s.rules)}. Senders: ${sourcesPhrase(s.sources)}. Path: ${pathPhrase(s.networkPath)}.` +
    aclSentence(r)
  );
}

function groupRulesPhrase(r: Reachability, groups: readonly GroupAdmission[]): string {
  if (groups.length === 0) return `the inbound rules of the security groups on ${r.networkInterfaceId}`;
  return groups.map((g) => `security group ${g.groupId}'s ${quotedList(g.rules)}`).join('; ');
}

function stepsOf(path: readonly PathStep[], componentType: string): PathStep[] {
  return path.filter((step) => step.componentType === componentType && step.rule !== undefined && step.rule !== '');
}

/** The entry of the interface's own NACL that admitted the traffic inbound, when the path names it. */
function admittingAclEntry(r: Reachability, path: readonly PathStep[]): PathStep | null {
  const own = stepsOf(path, 'AWS::EC2::NetworkAcl').filter((step) => step.componentId === r.aclId);
  return own.find((step) => step.rule?.startsWith('inbound') ?? false) ?? own[own.length - 1] ?? null;
}

/** A DENY entry in the subnet's NACL closes one port without touching the group's other ports. */
function aclFix(r: Reachability, path: readonly PathStep[], blockWhat: string): string[] {
  const acl = admittingAclEntry(r, path);
  if (acl === null) return [];
  const entries = (acl.rule ?? '').split('; ');
  const which = entries.length === 1 ? 'the entry that admits it' : 'the entries that admit it';
  return [
    `To block only ${blockWhat} for the whole subnet ${r.subnetId}, add a DENY entry for it to network ACL ` +
      `${acl.componentId} numbered below ${which} (${quotedList(entries)}).`,
  ];
}

const PROPAGATED = /^(.*) -> (\S+), propagated$/;

/**
 * For private sources the return route is what connects the subnet to them at all. The step may
 * name several routes (each sender's own); all must go. A propagated route cannot be deleted: its
 * gateway's propagation is turned off instead.
 */
function routeFix(r: Reachability, path: readonly PathStep[]): string[] {
  if ('listenerPort' in r.via || r.reachabilityType === 'Internet') return [];
  const step = stepsOf(path, 'AWS::EC2::RouteTable')[0];
  if (step === undefined) return [];
  const routes = (step.rule ?? '').split('; ');
  const removed = routes.filter((route) => !PROPAGATED.test(route));
  const gateways = [...new Set(routes.flatMap((route) => PROPAGATED.exec(route)?.[2] ?? []))];
  const actions = [
    removed.length === 0 ? null : `remove ${removed.length === 1 ? 'route' : 'routes'} ${quotedList(removed)}`,
    gateways.length === 0 ? null : `turn off route propagation from ${gateways.join(' and ')} (a propagated route cannot be deleted; this drops every route it propagates there)`,
  ].filter((a) => a !== null);
  return [`If the subnet need not answer these senders at all, in route table ${step.componentId} ${actions.join(' and ')}.`];
}

/** Through a load balancer, the LB's own groups decide which clients reach the listener. */
function loadBalancerFix(r: Reachability, path: readonly PathStep[], targetGroupIds: readonly string[]): string[] {
  if (!('listenerPort' in r.via)) return [];
  const lbGroups = stepsOf(path, 'AWS::EC2::SecurityGroup').filter((step) => !targetGroupIds.includes(step.componentId));
  const clients = lbGroups.map((step) => `security group ${step.componentId}'s "${step.rule}"`);
  return [
    `Clients arrive through load balancer ${r.via.id} (listener ${r.via.listenerPort})` +
      (clients.length > 0
        ? `: narrow ${clients.join('; ')} to limit who may connect.`
        : '; remove or restrict that listener if it should not be reachable.'),
  ];
}

export function portRecommendation(s: PortSubject): string {
  const r = s.reachability;
  const port = portLabel(s.protocol, s.port);
  const rules = groupRulesPhrase(r, s.groups);
  const wide = s.cellPorts[0] !== s.cellPorts[1];
  const one = s.groups.flatMap((g) => g.rules).length === 1;
  const span = wide
    ? ` ${one ? 'The same rule admits' : 'The same rules admit'} ${protocolLabel(s.protocol)} ${rangeText(s.cellPorts)} from these senders: ` +
      `removing ${one ? 'it' : 'them'} closes all of those ports, narrowing ${one ? 'its' : 'their'} port range to leave ${s.port} out closes just this one.`
    : '';
  const lead = (() => {
    switch (s.ruleType) {
      case 'RecognizedPortNoListener':
        return `Nothing listens on ${port} now, but it is open ${from(r)}: edit ${rules} so that a service started later is not exposed.`;
      case 'UnrecognizedPortWithListener':
        return (
          `If ${s.listener === null ? 'the listener' : processLabel(s.listener)} on ${port} should not be reachable ${from(r)}, ` +
          `edit ${rules} to remove it or narrow its sources, or bind the process to a loopback address.`
        );
      default:
        return `If ${port}${s.service === null ? '' : ` ('${s.service}')`} should not be reachable ${from(r)}, edit ${rules} to remove it or narrow its sources.`;
    }
  })();
  const groupIds = s.groups.map((g) => g.groupId);
  // A DENY entry is the narrower fix only when the group's rule admits more ports than this one.
  const acl = wide ? aclFix(r, s.networkPath, port) : [];
  return [lead + span, ...acl, ...routeFix(r, s.fullPath), ...loadBalancerFix(r, s.networkPath, groupIds)].join(' ');
}

export function exposureRecommendation(s: ExposureSubject): string {
  const r = s.reachability;
  const lead =
    `Review security group ${s.groupId}'s ${quotedList(s.rules)}: narrow the port ranges and sources to what ` +
    `instance ${r.instanceId} must serve ${from(r)}.`;
  return [lead, ...loadBalancerFix(r, s.networkPath, [s.groupId])].join(' ');
}
