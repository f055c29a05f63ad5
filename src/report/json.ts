// The JSON report: every object is rebuilt here in a fixed key order, so the bytes depend only
// on the findings and never on how upstream code happened to build its objects.
import type { CoverageNote, Listener } from '../model/types.js';
import type { PathStep, Via } from '../engine/types.js';
import type { Finding } from '../findings/finding.js';
import type { Assessment, AssessmentReport, BaselineSummary } from './assessment.js';
import { prettyJsonStream, StreamedList } from './pretty-json.js';

export function viaJson(via: Via): object {
  return 'listenerPort' in via
    ? { type: via.type, id: via.id, listenerPort: via.listenerPort }
    : { type: via.type, id: via.id };
}

function listenerJson(listener: Listener | null): object | null {
  if (listener === null) return null;
  const p = listener.process;
  return {
    protocol: listener.protocol,
    port: listener.port,
    address: listener.address,
    process: p === null ? null : { name: p.name, pid: p.pid, path: p.path },
  };
}

export function stepJson(step: PathStep): object {
  return step.rule === undefined
    ? { componentType: step.componentType, componentId: step.componentId }
    : { componentType: step.componentType, componentId: step.componentId, rule: step.rule };
}

function sortedObject(record: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record).sort()) {
    const value = record[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function rangesJson(ranges: Finding['tcpPorts']): number[][] | null {
  return ranges === null ? null : ranges.map(([from, to]) => [from, to]);
}

export function findingJson(f: Finding): object {
  return {
    id: f.id,
    ruleType: f.ruleType,
    severity: f.severity,
    numericSeverity: f.numericSeverity,
    reachabilityType: f.reachabilityType,
    title: f.title,
    description: f.description,
    recommendation: f.recommendation,
    instanceId: f.instanceId,
    networkInterfaceId: f.networkInterfaceId,
    vpcId: f.vpcId,
    subnetId: f.subnetId,
    aclId: f.aclId,
    securityGroupIds: [...f.securityGroupIds],
    ipVersion: f.ipVersion,
    protocol: f.protocol,
    port: f.port,
    tcpPorts: rangesJson(f.tcpPorts),
    udpPorts: rangesJson(f.udpPorts),
    portGroupName: f.portGroupName,
    via: viaJson(f.via),
    sources: [...f.sources],
    listener: listenerJson(f.listener),
    networkPath: f.networkPath.map(stepJson),
    attributes: sortedObject(f.attributes),
  };
}

function coverageJson(note: CoverageNote): object {
  return { resourceType: note.resourceType, resourceId: note.resourceId, reason: note.reason, file: note.file };
}

function baselineJson(b: BaselineSummary | null): object | null {
  if (b === null) return null;
  return {
    file: b.file,
    asOf: b.asOf,
    suppressed: b.suppressed.map((e) => ({ id: e.id, reason: e.reason, expires: e.expires })),
    expired: b.expired.map((e) => ({ id: e.id, reason: e.reason, expires: e.expires, findingPresent: e.findingPresent })),
    stale: b.stale.map((e) => ({ id: e.id, reason: e.reason, expires: e.expires })),
  };
}

export function assessmentJson(a: Assessment): object {
  const c = a.counts;
  return {
    netreachVersion: a.netreachVersion,
    snapshot: a.snapshot,
    collectedAt: a.collectedAt,
    options: {
      ephemeralPorts: [a.options.ephemeralPorts[0], a.options.ephemeralPorts[1]],
      onpremCidrs: a.options.onpremCidrs === null ? null : [...a.options.onpremCidrs],
      minSeverity: a.options.minSeverity,
    },
    baseline: baselineJson(a.baseline),
    counts: {
      files: c.files,
      vpcs: c.vpcs,
      subnets: c.subnets,
      instances: { total: c.instances.total, running: c.instances.running, analysed: c.instances.analysed },
      networkInterfaces: c.networkInterfaces,
      loadBalancers: c.loadBalancers,
      findings: {
        total: c.findings.total,
        bySeverity: {
          High: c.findings.bySeverity.High,
          Medium: c.findings.bySeverity.Medium,
          Low: c.findings.bySeverity.Low,
          Informational: c.findings.bySeverity.Informational,
        },
        byRuleType: {
          RecognizedPortNoAgent: c.findings.byRuleType.RecognizedPortNoAgent,
          RecognizedPortWithListener: c.findings.byRuleType.RecognizedPortWithListener,
          RecognizedPortNoListener: c.findings.byRuleType.RecognizedPortNoListener,
          UnrecognizedPortWithListener: c.findings.byRuleType.UnrecognizedPortWithListener,
          NetworkExposure: c.findings.byRuleType.NetworkExposure,
        },
      },
    },
    coverage: a.coverage.map(coverageJson),
    warnings: [...a.warnings],
    instances: a.instances.map((i) => ({
      instanceId: i.instanceId,
      name: i.name,
      accountId: i.accountId,
      region: i.region,
      vpcId: i.vpcId,
      subnetId: i.subnetId,
    })),
  };
}

/**
 * The JSON report in pieces, byte for byte what `renderJson` returns: an estate with hundreds of
 * thousands of findings makes a report longer than the longest string V8 can hold, so the CLI
 * writes these chunks one by one.
 */
export function jsonReportChunks(report: AssessmentReport): Iterable<string> {
  return prettyJsonStream({ assessment: assessmentJson(report.assessment), findings: new StreamedList(report.findings, findingJson) });
}

/** `{ assessment, findings }`, 2-space indent, trailing newline. */
export function renderJson(report: AssessmentReport): string {
  return [...jsonReportChunks(report)].join('');
}
