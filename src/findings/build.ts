// From reachable sets to findings (SPEC §5): per reachable port (recognized, or any port with a
// listener) and one NetworkExposure per admitting security group.
import type { ListenerData, PortRange, Transport } from '../model/types.js';
import type { AddressSet } from '../net/index.js';
import type { EngineResult, PathStep, ReachCell, Reachability, Via } from '../engine/types.js';
import { RULE_TYPES, type Finding, type FindingAttributes, type RuleType } from './finding.js';
import { findingAttributes } from './attributes.js';
import { exposurePath, sharedPartsOf } from './exposure-path.js';
import { findingPath } from './counted-routes.js';
import { FindingMemos } from './finding-memos.js';
import { cachedPer } from '../engine/answer-memo.js';
import {
  exposureDescription,
  exposureRecommendation,
  exposureTitle,
  portDescription,
  portRecommendation,
  portTitle,
  type ExposureSubject,
  type PortSubject,
} from './explain.js';
import { compareText } from '../model/compare-text.js';
import { findingId } from './id.js';
import { ListenerMatcher } from './listener-match.js';
import { recognizedPortsIn, recognizedService } from './recognized-ports.js';
import { atLeast, compareSeverity, numericSeverity, severityFor, type Severity } from './severity.js';

/** What a finding says, made from its subject when read (see BuiltFinding). */
type Words = { readonly kind: 'port'; readonly subject: PortSubject } | { readonly kind: 'exposure'; readonly subject: ExposureSubject };

/** A finding's facts: everything but its words and its attributes (both made from the facts when read). */
type FindingFacts = Omit<Finding, 'title' | 'description' | 'recommendation' | 'attributes'>;

// The facts a BuiltFinding is given are its own properties, as the Finding interface names them.
interface BuiltFinding extends FindingFacts {}

/**
 * A finding whose title, description and recommendation are put in words each time they are
 * read, from the subject it keeps (parts of the engine's answer that are kept anyway). Words made
 * when the finding is made were the largest thing kept for a whole run: ~250 MB for the 170,000
 * findings of a 100,000-instance estate, copied by young-generation collections and marked by
 * every full one, though each is read once, when the report is written.
 */
class BuiltFinding {
  readonly #words: Words;

  constructor(words: Words, facts: FindingFacts) {
    this.#words = words;
    Object.assign(this, facts);
  }

  get title(): string {
    const w = this.#words;
    return w.kind === 'port' ? portTitle(w.subject) : exposureTitle(w.subject);
  }

  get description(): string {
    const w = this.#words;
    return w.kind === 'port' ? portDescription(w.subject) : exposureDescription(w.subject);
  }

  get recommendation(): string {
    const w = this.#words;
    return w.kind === 'port' ? portRecommendation(w.subject) : exposureRecommendation(w.subject);
  }

  /** Inspector's attributes restate the facts; made when read (once, by the report) rather than kept per finding. */
  get attributes(): FindingAttributes {
    return findingAttributes(this, this.#words.subject.reachability);
  }
}

/**
 * The findings at or above `minSeverity`, sorted. Those below it are never made: on a large
 * estate most findings are Informational (every NetworkExposure is), and `--min-severity` without
 * a baseline needs none of them.
 */
export function buildFindings(result: EngineResult, listeners: ReadonlyMap<string, ListenerData>, minSeverity: Severity = 'Informational'): Finding[] {
  const findings: Finding[] = [];
  const memos = new FindingMemos();
  for (const reachability of result.reachabilities) findings.push(...findingsOf(reachability, listeners, minSeverity, memos));
  return findings.sort(compareFindings);
}

/** One reachability's findings at or above `minSeverity`: each finding comes from exactly one reachability. */
function findingsOf(reachability: Reachability, listeners: ReadonlyMap<string, ListenerData>, minSeverity: Severity, memos: FindingMemos): Finding[] {
  const data = listeners.get(reachability.instanceId) ?? null;
  const ports = portFindings(reachability, data, minSeverity, memos);
  return atLeast(EXPOSURE_SEVERITY, minSeverity) ? [...ports, ...exposureFindings(reachability, memos)] : ports;
}

/** The finding with this id, made reachability by reachability up to its own (explain needs one, not all); undefined when there is none. */
export function findFinding(result: EngineResult, listeners: ReadonlyMap<string, ListenerData>, id: string): Finding | undefined {
  const memos = new FindingMemos();
  for (const reachability of result.reachabilities) {
    const found = findingsOf(reachability, listeners, 'Informational', memos).find((f) => f.id === id);
    if (found !== undefined) return found;
  }
  return undefined;
}

function portFindings(r: Reachability, data: ListenerData | null, minSeverity: Severity, memos: FindingMemos): Finding[] {
  const matcher = new ListenerMatcher(r.ipVersion, r.destinationAddresses);
  const out: Finding[] = [];
  for (const cell of r.cells) {
    const [from, to] = cell.ports;
    // What every port finding of the cell shares, worked out once (a cell often covers several ports).
    let shared: CellShared | null = null;
    const sharedOf = (): CellShared => (shared ??= cellShared(cell, memos));
    for (const port of recognizedPortsIn(cell.protocol, from, to)) {
      const service = recognizedService(cell.protocol, port)!;
      const listener = data === null ? null : matcher.listenerOn(data.listeners, cell.protocol, port);
      const ruleType: RuleType =
        data === null ? 'RecognizedPortNoAgent' : listener !== null ? 'RecognizedPortWithListener' : 'RecognizedPortNoListener';
      const severity: Severity =
        ruleType === 'RecognizedPortNoListener' ? 'Informational' : severityFor(service.baseSeverity, r.reachabilityType);
      if (atLeast(severity, minSeverity)) out.push(portFinding({ ruleType, r, cell, shared: sharedOf(), port, service: service.name, listener, severity }));
    }
    if (data === null) continue;
    for (const port of matcher.listenedPortsIn(data.listeners, cell.protocol, from, to)) {
      if (recognizedService(cell.protocol, port) !== null) continue;
      const listener = matcher.listenerOn(data.listeners, cell.protocol, port);
      const severity: Severity = r.reachabilityType === 'Internet' ? 'Low' : 'Informational';
      if (atLeast(severity, minSeverity)) out.push(portFinding({ ruleType: 'UnrecognizedPortWithListener', r, cell, shared: sharedOf(), port, service: null, listener, severity }));
    }
  }
  return out;
}

interface CellShared {
  readonly groups: readonly ReachCell['groups'][number][];
  readonly securityGroupIds: readonly string[];
  readonly sources: readonly string[];
  /** The path as the findings name it (long route lists counted, see counted-routes.ts). */
  readonly networkPath: readonly PathStep[];
}

function cellShared(cell: ReachCell, memos: FindingMemos): CellShared {
  const groups = [...cell.groups].sort((a, b) => compareText(a.groupId, b.groupId));
  return {
    groups,
    securityGroupIds: [...new Set(groups.map((g) => g.groupId))],
    sources: cell.sources.toCidrs(),
    networkPath: findingPath(cell.networkPath, memos),
  };
}

interface PortFindingInput {
  readonly ruleType: PortSubject['ruleType'];
  readonly r: Reachability;
  readonly cell: ReachCell;
  readonly shared: CellShared;
  readonly port: number;
  readonly service: string | null;
  readonly listener: PortSubject['listener'];
  readonly severity: Severity;
}

function portFinding({ ruleType, r, cell, shared, port, service, listener, severity }: PortFindingInput): Finding {
  const { groups, securityGroupIds, sources, networkPath } = shared;
  const subject: PortSubject = {
    ruleType,
    reachability: r,
    protocol: cell.protocol,
    port,
    cellPorts: cell.ports,
    service,
    listener,
    groups,
    sources,
    networkPath,
    fullPath: cell.networkPath,
  };
  return new BuiltFinding({ kind: 'port', subject }, {
    id: findingId([ruleType, ...reachabilityKey(r), cell.protocol, port]),
    ruleType,
    reachabilityType: r.reachabilityType,
    severity,
    numericSeverity: numericSeverity(severity),
    instanceId: r.instanceId,
    networkInterfaceId: r.networkInterfaceId,
    vpcId: r.vpcId,
    subnetId: r.subnetId,
    aclId: r.aclId,
    securityGroupIds,
    ipVersion: r.ipVersion,
    protocol: cell.protocol,
    port,
    tcpPorts: null,
    udpPorts: null,
    portGroupName: service,
    via: r.via,
    sources: subject.sources,
    listener,
    networkPath,
  });
}

/** What one security group admits across the cells of a reachability: the same for every interface of one configuration. */
export interface GroupExposure extends Omit<ExposureSubject, 'reachability' | 'networkPath'> {
  /** The cells (by index) the group admits something in. */
  readonly cells: readonly number[];
}

function groupExposures(cells: readonly ReachCell[]): GroupExposure[] {
  const byGroup = new Map<string, { ports: Record<Transport, PortRange[]>; sources: AddressSet; rules: Set<string>; cells: number[] }>();
  cells.forEach((cell, i) => {
    for (const admission of cell.groups) {
      if (admission.sources.isEmpty()) continue;
      let exposure = byGroup.get(admission.groupId);
      if (exposure === undefined) {
        exposure = { ports: { tcp: [], udp: [] }, sources: admission.sources, rules: new Set(), cells: [] };
        byGroup.set(admission.groupId, exposure);
      } else {
        exposure.sources = exposure.sources.union(admission.sources);
      }
      if (exposure.cells[exposure.cells.length - 1] !== i) exposure.cells.push(i);
      exposure.ports[cell.protocol].push(cell.ports);
      for (const rule of admission.rules) exposure.rules.add(rule);
    }
  });
  return [...byGroup.entries()].map(([groupId, e]) => ({
    groupId,
    tcpPorts: mergePortRanges(e.ports.tcp),
    udpPorts: mergePortRanges(e.ports.udp),
    sources: e.sources.toCidrs(),
    rules: [...e.rules].sort(compareText),
    cells: e.cells,
  }));
}

/**
 * The interfaces of one configuration get cells with the same shared path parts (path-parts.ts),
 * and so the same exposures: worked out once, kept by the first cell's shared part.
 */
function exposuresOf(cells: readonly ReachCell[], memos: FindingMemos): readonly GroupExposure[] {
  const parts = sharedPartsOf(cells.map((c) => c.networkPath), memos);
  if (parts === null) return groupExposures(cells);
  return cachedPer(memos.exposures, parts.first, parts.key, () => groupExposures(cells));
}

function exposureFindings(r: Reachability, memos: FindingMemos): Finding[] {
  return exposuresOf(r.cells, memos).map((e) =>
    exposureFinding(r, e, findingPath(exposurePath(e.groupId, e.cells.map((i) => r.cells[i]!.networkPath), memos), memos)),
  );
}

/** Sorted, with overlapping and adjacent ranges joined ([22,22],[23,25] → [22,25]). */
export function mergePortRanges(ranges: readonly PortRange[]): PortRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** SPEC §5: a NetworkExposure finding is always Informational. */
const EXPOSURE_SEVERITY: Severity = 'Informational';

function exposureFinding(r: Reachability, exposure: GroupExposure, networkPath: readonly PathStep[]): Finding {
  const { groupId, tcpPorts, udpPorts } = exposure;
  const subject: ExposureSubject = { reachability: r, groupId, rules: exposure.rules, tcpPorts, udpPorts, sources: exposure.sources, networkPath };
  const ruleType: RuleType = 'NetworkExposure';
  const severity = EXPOSURE_SEVERITY;
  return new BuiltFinding({ kind: 'exposure', subject }, {
    id: findingId([ruleType, ...reachabilityKey(r), groupId]),
    ruleType,
    reachabilityType: r.reachabilityType,
    severity,
    numericSeverity: numericSeverity(severity),
    instanceId: r.instanceId,
    networkInterfaceId: r.networkInterfaceId,
    vpcId: r.vpcId,
    subnetId: r.subnetId,
    aclId: r.aclId,
    securityGroupIds: [groupId],
    ipVersion: r.ipVersion,
    protocol: null,
    port: null,
    tcpPorts,
    udpPorts,
    portGroupName: null,
    via: r.via,
    sources: subject.sources,
    listener: null,
    networkPath,
  });
}

function viaKey(via: Via): string[] {
  return [via.type, via.id, 'listenerPort' in via ? String(via.listenerPort) : ''];
}

/** What identifies a reachability: the finding key's shared part. */
function reachabilityKey(r: Reachability): string[] {
  return [r.instanceId, r.networkInterfaceId, r.reachabilityType, ...viaKey(r.via), String(r.ipVersion)];
}


function compareVia(a: Via, b: Via): number {
  const la = 'listenerPort' in a ? a.listenerPort : -1;
  const lb = 'listenerPort' in b ? b.listenerPort : -1;
  return compareText(a.type, b.type) || compareText(a.id, b.id) || la - lb;
}

/** Severity (High first), instance, source, entry point, IP version, rule type, protocol, port. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareSeverity(a.severity, b.severity) ||
    compareText(a.instanceId, b.instanceId) ||
    compareText(a.reachabilityType, b.reachabilityType) ||
    compareVia(a.via, b.via) ||
    a.ipVersion - b.ipVersion ||
    RULE_TYPES.indexOf(a.ruleType) - RULE_TYPES.indexOf(b.ruleType) ||
    compareText(a.protocol ?? '', b.protocol ?? '') ||
    (a.port ?? -1) - (b.port ?? -1) ||
    compareText(a.networkInterfaceId, b.networkInterfaceId) ||
    compareText(a.securityGroupIds.join(','), b.securityGroupIds.join(',')) ||
    compareText(a.id, b.id)
  );
}
