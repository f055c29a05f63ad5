// The assessment header: what was analysed, with which options, and what the snapshot lacked.
import type { CoverageNote, Network } from '../model/types.js';
import type { EngineResult } from '../engine/types.js';
import { RULE_TYPES, type Finding, type RuleType } from '../findings/finding.js';
import { SEVERITIES, type Severity } from '../findings/severity.js';
import { compareText } from '../model/compare-text.js';
import type { BaselineVerdict, CalendarDate } from '../findings/baseline.js';
import { netreachVersion } from './netreach-version.js';

export interface AssessmentOptions {
  readonly ephemeralPorts: readonly [number, number];
  readonly onpremCidrs: readonly string[] | null;
  readonly minSeverity: Severity;
}

export interface AssessmentCounts {
  readonly files: number;
  readonly vpcs: number;
  readonly subnets: number;
  readonly instances: { readonly total: number; readonly running: number; readonly analysed: number };
  readonly networkInterfaces: number;
  readonly loadBalancers: number;
  readonly findings: {
    readonly total: number;
    readonly bySeverity: Readonly<Record<Severity, number>>;
    readonly byRuleType: Readonly<Record<RuleType, number>>;
  };
}

/** What `--baseline` did: the findings it accepted (left out of `findings` and the counts), and its entries that no longer accept anything. */
export interface BaselineSummary extends BaselineVerdict {
  /** The baseline file as the user named it. */
  readonly file: string;
  /** The day expiry was judged against (--as-of, else the day of the run, UTC). */
  readonly asOf: CalendarDate;
}

/** Who an instance with findings is, for writers that name it (ASFF needs the account, SARIF and HTML the name). */
export interface AssessedInstance {
  readonly instanceId: string;
  /** The Name tag, when it has one. */
  readonly name: string | null;
  readonly accountId: string | null;
  readonly region: string | null;
  readonly vpcId: string | null;
  readonly subnetId: string | null;
}

export interface Assessment {
  /** The netreach that made the report: another version may find otherwise in the same snapshot. */
  readonly netreachVersion: string;
  /** The snapshot folder as the user named it. */
  readonly snapshot: string;
  /** The snapshot's own collection time; never the time of the run. */
  readonly collectedAt: string | null;
  readonly options: AssessmentOptions;
  /** Null when no baseline was applied. */
  readonly baseline: BaselineSummary | null;
  readonly counts: AssessmentCounts;
  readonly coverage: readonly CoverageNote[];
  readonly warnings: readonly string[];
  /** The instances the findings name, sorted by id. */
  readonly instances: readonly AssessedInstance[];
}

/** What the JSON and table writers render. */
export interface AssessmentReport {
  readonly assessment: Assessment;
  readonly findings: readonly Finding[];
}

export interface AssessmentInput {
  readonly snapshot: string;
  readonly network: Network;
  readonly fileCount: number;
  readonly engine: EngineResult;
  /** The findings reported (already filtered by the baseline and the minimum severity). */
  readonly findings: readonly Finding[];
  readonly options: AssessmentOptions;
  readonly baseline?: BaselineSummary | null;
  readonly warnings: readonly string[];
  /**
   * Gaps outside the network data, such as stale listener data: listed in the coverage, but the
   * instances they name were still analysed in full (their ports read as having no agent).
   */
  readonly coverage?: readonly CoverageNote[];
}


function compareCoverage(a: CoverageNote, b: CoverageNote): number {
  return (
    compareText(a.resourceType, b.resourceType) ||
    compareText(a.resourceId, b.resourceId) ||
    compareText(a.reason, b.reason) ||
    compareText(a.file ?? '', b.file ?? '')
  );
}

/** The loader's and the engine's gaps together, sorted, each once. */
export function mergeCoverage(...lists: ReadonlyArray<readonly CoverageNote[]>): CoverageNote[] {
  const seen = new Set<string>();
  const out: CoverageNote[] = [];
  for (const note of lists.flat()) {
    const key = JSON.stringify([note.resourceType, note.resourceId, note.reason, note.file]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ resourceType: note.resourceType, resourceId: note.resourceId, reason: note.reason, file: note.file });
  }
  return out.sort(compareCoverage);
}

function assessedInstances(network: Network, findings: readonly Finding[]): AssessedInstance[] {
  const ids = [...new Set(findings.map((f) => f.instanceId))].sort(compareText);
  return ids.map((instanceId) => {
    const instance = network.instances.get(instanceId);
    const vpc = instance?.vpcId === null || instance?.vpcId === undefined ? undefined : network.vpcs.get(instance.vpcId);
    return {
      instanceId,
      name: instance?.name ?? null,
      // An instance's OwnerId is its reservation's account; the VPC's owner stands in when it is absent.
      accountId: instance?.ownerId ?? vpc?.ownerId ?? null,
      region: instance?.region ?? vpc?.region ?? null,
      vpcId: instance?.vpcId ?? null,
      subnetId: instance?.subnetId ?? null,
    };
  });
}

function countBy<K extends string>(keys: readonly K[], values: readonly K[]): Record<K, number> {
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const value of values) counts[value]++;
  return counts;
}

export function buildAssessment(input: AssessmentInput): Assessment {
  const { network, engine, findings } = input;
  const networkGaps = mergeCoverage(network.coverage, engine.coverage);
  const coverage = mergeCoverage(networkGaps, input.coverage ?? []);
  // An instance named by a gap in the network data was analysed only in part, or not at all.
  const instancesWithGaps = new Set(networkGaps.filter((c) => c.resourceType === 'AWS::EC2::Instance').map((c) => c.resourceId));
  const running = [...network.instances.values()].filter((i) => i.state === 'running');
  const analysed = running.filter((i) => !instancesWithGaps.has(i.id)).length;
  return {
    netreachVersion: netreachVersion(),
    snapshot: input.snapshot,
    collectedAt: network.collectedAt,
    options: {
      ephemeralPorts: [input.options.ephemeralPorts[0], input.options.ephemeralPorts[1]],
      onpremCidrs: input.options.onpremCidrs === null ? null : [...input.options.onpremCidrs],
      minSeverity: input.options.minSeverity,
    },
    baseline: input.baseline ?? null,
    counts: {
      files: input.fileCount,
      vpcs: network.vpcs.size,
      subnets: network.subnets.size,
      instances: { total: network.instances.size, running: running.length, analysed },
      networkInterfaces: network.networkInterfaces.size,
      loadBalancers: network.loadBalancers.size,
      findings: {
        total: findings.length,
        bySeverity: countBy(SEVERITIES, findings.map((f) => f.severity)),
        byRuleType: countBy(RULE_TYPES, findings.map((f) => f.ruleType)),
      },
    },
    coverage,
    warnings: [...input.warnings],
    instances: assessedInstances(network, findings),
  };
}
