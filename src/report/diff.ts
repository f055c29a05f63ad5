// What changed between two assessments: new, resolved and changed findings. Findings match by id;
// a per-port finding whose id changed only because its rule type did (an agent started reporting,
// a listener went away) is the same exposure and is reported as changed, not resolved plus new.
import { AddressSet, familyOf, PortSet } from '../net/index.js';
import type { Listener, PortRange } from '../model/types.js';
import type { PathStep } from '../engine/types.js';
import type { Finding, RuleType } from '../findings/finding.js';
import { compareFindings } from '../findings/build.js';
import { compareText } from '../model/compare-text.js';
import { atLeast, compareSeverity, type Severity } from '../findings/severity.js';

export interface Change<T> {
  readonly old: T;
  readonly new: T;
}

export interface ListChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** Only what changed is present. */
export interface FindingChanges {
  readonly severity?: Change<Severity>;
  readonly ruleType?: Change<RuleType>;
  /** Senders now reaching it, and senders no longer reaching it, as merged CIDRs. */
  readonly sources?: ListChange;
  readonly securityGroupIds?: ListChange;
  readonly tcpPorts?: Change<readonly PortRange[] | null>;
  readonly udpPorts?: Change<readonly PortRange[] | null>;
  readonly listener?: Change<Listener | null>;
  readonly networkPath?: Change<readonly PathStep[]>;
}

export interface ChangedFinding {
  readonly old: Finding;
  readonly new: Finding;
  readonly changes: FindingChanges;
}

export interface FindingsDiff {
  readonly added: readonly Finding[];
  readonly resolved: readonly Finding[];
  readonly changed: readonly ChangedFinding[];
  readonly unchanged: number;
}

/** A per-port finding's identity without its rule type: instance, ENI, source, via, IP version, protocol, port. */
function exposureKey(f: Finding): string | null {
  if (f.ruleType === 'NetworkExposure') return null;
  const via = 'listenerPort' in f.via ? [f.via.type, f.via.id, f.via.listenerPort] : [f.via.type, f.via.id];
  return JSON.stringify([f.instanceId, f.networkInterfaceId, f.reachabilityType, ...via, f.ipVersion, f.protocol, f.port]);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function addressSet(cidrs: readonly string[], family: 4 | 6): AddressSet {
  return AddressSet.fromCidrs(family, cidrs.filter((c) => familyOf(c) === family));
}

/** Address arithmetic, not text: 10.0.0.0/24 widened to 10.0.0.0/23 adds 10.0.1.0/24. */
function sourcesChange(oldSources: readonly string[], newSources: readonly string[]): ListChange | undefined {
  const added: string[] = [];
  const removed: string[] = [];
  for (const family of [4, 6] as const) {
    const before = addressSet(oldSources, family);
    const after = addressSet(newSources, family);
    added.push(...after.subtract(before).toCidrs());
    removed.push(...before.subtract(after).toCidrs());
  }
  return added.length === 0 && removed.length === 0 ? undefined : { added, removed };
}

function listChange(oldList: readonly string[], newList: readonly string[]): ListChange | undefined {
  const added = newList.filter((x) => !oldList.includes(x)).sort(compareText);
  const removed = oldList.filter((x) => !newList.includes(x)).sort(compareText);
  return added.length === 0 && removed.length === 0 ? undefined : { added, removed };
}

function valueChange<T>(oldValue: T, newValue: T): Change<T> | undefined {
  return sameJson(oldValue, newValue) ? undefined : { old: oldValue, new: newValue };
}

export function findingChanges(a: Finding, b: Finding): FindingChanges {
  const changes: FindingChanges = {
    severity: valueChange(a.severity, b.severity),
    ruleType: valueChange(a.ruleType, b.ruleType),
    sources: sourcesChange(a.sources, b.sources),
    securityGroupIds: listChange(a.securityGroupIds, b.securityGroupIds),
    tcpPorts: valueChange(a.tcpPorts, b.tcpPorts),
    udpPorts: valueChange(a.udpPorts, b.udpPorts),
    listener: valueChange(a.listener, b.listener),
    networkPath: valueChange(a.networkPath, b.networkPath),
  };
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
}

export function diffFindings(oldFindings: readonly Finding[], newFindings: readonly Finding[]): FindingsDiff {
  const oldById = new Map(oldFindings.map((f) => [f.id, f]));
  const newIds = new Set(newFindings.map((f) => f.id));
  const changed: ChangedFinding[] = [];
  const added: Finding[] = [];
  let unchanged = 0;
  // Old findings without a same-id partner, by identity without the rule type (unique per report).
  const unmatchedOld = new Map<string, Finding>();
  for (const f of oldFindings) {
    const key = exposureKey(f);
    if (!newIds.has(f.id) && key !== null) unmatchedOld.set(key, f);
  }
  const matchedOld = new Set<string>();
  for (const f of newFindings) {
    const key = exposureKey(f);
    const partner = oldById.get(f.id) ?? (key === null ? undefined : unmatchedOld.get(key));
    if (partner === undefined) {
      added.push(f);
      continue;
    }
    matchedOld.add(partner.id);
    const changes = findingChanges(partner, f);
    if (Object.keys(changes).length === 0) unchanged++;
    else changed.push({ old: partner, new: f, changes });
  }
  return {
    added: added.sort(compareFindings),
    resolved: oldFindings.filter((f) => !matchedOld.has(f.id)).sort(compareFindings),
    changed: changed.sort((x, y) => compareFindings(x.new, y.new)),
    unchanged,
  };
}

/** Whether `after` has a port that `before` does not (a NetworkExposure's ranges grew). */
function portsAdded(before: readonly PortRange[] | null, after: readonly PortRange[] | null): boolean {
  return after !== null && !PortSet.fromRanges(after).subtract(PortSet.fromRanges(before ?? [])).isEmpty();
}

/** More senders reach it, or more ports (a NetworkExposure's ranges). */
function widened(c: ChangedFinding): boolean {
  return (c.changes.sources?.added.length ?? 0) > 0 || portsAdded(c.old.tcpPorts, c.new.tcpPorts) || portsAdded(c.old.udpPorts, c.new.udpPorts);
}

export interface GatingFindings {
  readonly added: Finding[];
  /** Changed findings whose severity rose to the level or above. */
  readonly raised: ChangedFinding[];
  /** Changed findings at the level or above, not raised, that more senders or more ports reach. */
  readonly widened: ChangedFinding[];
}

/**
 * What a CI gate on "new exposure at or above `level`" fails on: new findings, changed ones
 * whose severity rose to `level` or above, and changed ones at `level` or above that now more
 * senders (sources widened, as address sets) or more ports reach.
 */
export function gatingFindings(diff: FindingsDiff, level: Severity): GatingFindings {
  const rose = (c: ChangedFinding): boolean => compareSeverity(c.new.severity, c.old.severity) < 0;
  const atLevel = diff.changed.filter((c) => atLeast(c.new.severity, level));
  return {
    added: diff.added.filter((f) => atLeast(f.severity, level)),
    raised: atLevel.filter(rose),
    widened: atLevel.filter((c) => !rose(c) && widened(c)),
  };
}
