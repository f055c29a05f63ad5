// The diff as JSON: fixed key order, findings in the assessment report's own shape.
import type { Finding } from '../findings/finding.js';
import type { ChangedFinding, FindingsDiff } from './diff.js';
import { findingJson } from './json.js';
import { prettyJsonStream, StreamedList } from './pretty-json.js';
import type { ReadReport } from './read-report.js';

/** The two reports compared, as the user named them. */
export interface DiffInput {
  readonly oldFile: string;
  readonly newFile: string;
  readonly old: ReadReport;
  readonly new: ReadReport;
  readonly diff: FindingsDiff;
}

/** Differences in how the reports were made, which the diff would otherwise show as changes in the network. */
export function diffWarnings(input: DiffInput): string[] {
  const warnings: string[] = [];
  /** One warning when the two reports record `textOf` differently: "the reports were made <how> (old and new): <consequence>". */
  const compare = (how: string, textOf: (r: ReadReport) => string, consequence: string): void => {
    const [old, now] = [textOf(input.old), textOf(input.new)];
    if (old !== now) warnings.push(`the reports were made ${how} (${old} and ${now}): ${consequence}`);
  };
  const unchanged = 'without a change in the network';
  compare('with different --min-severity', (r) => r.minSeverity.toLowerCase(), 'findings below the higher one show as new or resolved');
  compare('by different versions of netreach', (r) => r.netreachVersion ?? 'not recorded', 'findings may show as new, resolved or changed because the analysis changed, not the network');
  compare(
    'with different --ephemeral-ports',
    (r) => (r.ephemeralPorts === null ? 'not recorded' : r.ephemeralPorts.join('-')),
    `NACL replies are judged differently, so findings may show as new, resolved or changed ${unchanged}`,
  );
  compare(
    'with different --onprem-cidrs',
    (r) => (r.onpremCidrs === null ? 'none' : r.onpremCidrs.join(',')),
    `VPN and Direct Connect senders differ, so findings may show as new, resolved or changed ${unchanged}`,
  );
  for (const [file, report] of [[input.oldFile, input.old], [input.newFile, input.new]] as const) {
    if (report.baseline !== null && report.baseline.suppressed > 0) {
      warnings.push(`${file} was made with --baseline ${report.baseline.file}, which left out ${report.baseline.suppressed} finding(s): they cannot be compared`);
    }
  }
  return warnings;
}

function reportJson(file: string, report: ReadReport): object {
  return { file, snapshot: report.snapshot, collectedAt: report.collectedAt, minSeverity: report.minSeverity };
}

function changedJson(c: ChangedFinding): object {
  const x = c.changes;
  return {
    id: c.new.id,
    oldId: c.old.id,
    changes: {
      ...(x.severity && { severity: x.severity }),
      ...(x.ruleType && { ruleType: x.ruleType }),
      ...(x.sources && { sources: x.sources }),
      ...(x.securityGroupIds && { securityGroupIds: x.securityGroupIds }),
      ...(x.tcpPorts && { tcpPorts: x.tcpPorts }),
      ...(x.udpPorts && { udpPorts: x.udpPorts }),
      ...(x.listener && { listener: x.listener }),
      ...(x.networkPath && { networkPath: x.networkPath }),
    },
    finding: findingJson(c.new),
  };
}

/**
 * The diff as one JSON document, 2-space indent, trailing newline, in chunks: the findings are
 * put in JSON a batch at a time, so the diff of two large estates' reports (hundreds of thousands
 * of findings each) may be longer than one string can be.
 */
export function diffJsonChunks(input: DiffInput): Iterable<string> {
  const d = input.diff;
  return prettyJsonStream({
    old: reportJson(input.oldFile, input.old),
    new: reportJson(input.newFile, input.new),
    counts: { new: d.added.length, resolved: d.resolved.length, changed: d.changed.length, unchanged: d.unchanged },
    warnings: diffWarnings(input),
    newFindings: new StreamedList(d.added, (f: Finding) => findingJson(f)),
    resolvedFindings: new StreamedList(d.resolved, (f: Finding) => findingJson(f)),
    changedFindings: new StreamedList(d.changed, changedJson),
  });
}
