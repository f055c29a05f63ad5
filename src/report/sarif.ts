// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one rule per rule type × port
// group × source (finding-rule.ts), one result per finding, keyed across runs by the finding's
// stable id. Deterministic: no run time, only the snapshot's own collection time, and objects
// rebuilt in a fixed key order as the JSON report's are.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, Log, LogicalLocation, ReportingDescriptor, Result } from 'sarif';
import type { Finding } from '../findings/finding.js';
import { atLeast, compareSeverity, SEVERITIES, type Severity } from '../findings/severity.js';
import { compareText } from '../model/compare-text.js';
import type { AssessedInstance, AssessmentReport } from './assessment.js';
import { findingRule, ruleHelp, ruleSummary, type FindingRule } from './finding-rule.js';
import { stepJson, viaJson } from './json.js';
import { netreachVersion } from './netreach-version.js';
import { prettyJsonStream, StreamedList } from './pretty-json.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://www.npmjs.com/package/netreach';

/** SARIF's level: error fails a GitHub check by default, so only High is an error. */
const LEVEL: Readonly<Record<Severity, Result.level>> = { High: 'error', Medium: 'warning', Low: 'note', Informational: 'note' };

/**
 * GitHub's bands: critical ≥ 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9, none 0.0. netreach's
 * High is GitHub's high (not critical: netreach sees configuration, not an exploited service).
 */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { High: '8.0', Medium: '5.5', Low: '2.0', Informational: '0.0' };

/**
 * The snapshot folder as a URI reference: relative (to where netreach ran, normally the
 * repository root) when the user named it so, each segment percent-encoded; else a file: URI.
 */
export function snapshotUri(snapshot: string): string {
  const slashed = snapshot.replaceAll('\\', '/');
  if (isAbsolute(snapshot)) return pathToFileURL(snapshot).href;
  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
  return segments.length === 0 ? '.' : segments.map(encodeURIComponent).join('/');
}

function ruleDescriptor(rule: FindingRule, severity: Severity): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.id.replaceAll('/', ''),
    shortDescription: { text: ruleSummary(rule) },
    fullDescription: { text: ruleHelp(rule) },
    help: { text: ruleHelp(rule) },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[severity],
      tags: ['security', 'network', 'aws', rule.ruleType, rule.reachabilityType],
    },
  };
}

function logicalLocations(finding: Finding, instance: AssessedInstance | undefined): LogicalLocation[] {
  const account = instance?.accountId ?? null;
  const region = instance?.region ?? null;
  const scope = [account, region, finding.vpcId].filter((p): p is string => p !== null).join('/');
  const locations: LogicalLocation[] = [];
  if (account !== null) locations.push({ name: account, kind: 'awsAccount', fullyQualifiedName: account });
  locations.push(
    { name: finding.vpcId, kind: 'vpc', fullyQualifiedName: scope },
    { name: finding.instanceId, kind: 'instance', fullyQualifiedName: `${scope}/${finding.instanceId}` },
    { name: finding.networkInterfaceId, kind: 'networkInterface', fullyQualifiedName: `${scope}/${finding.instanceId}/${finding.networkInterfaceId}` },
    ...finding.securityGroupIds.map((id) => ({ name: id, kind: 'securityGroup', fullyQualifiedName: `${scope}/${id}` })),
  );
  return locations;
}

function ports(finding: Finding): Record<string, unknown> {
  if (finding.protocol !== null) return { protocol: finding.protocol, port: finding.port };
  return { tcpPorts: finding.tcpPorts, udpPorts: finding.udpPorts };
}

function result(finding: Finding, ruleIndex: number, ruleId: string, uri: string, instance: AssessedInstance | undefined): Result {
  const location: Location = {
    physicalLocation: { artifactLocation: { uri } },
    logicalLocations: logicalLocations(finding, instance),
  };
  return {
    ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: `${finding.title}. ${finding.recommendation}` },
    locations: [location],
    partialFingerprints: { 'netreachFindingId/v1': finding.id },
    properties: {
      findingId: finding.id,
      severity: finding.severity,
      'security-severity': SECURITY_SEVERITY[finding.severity],
      reachabilityType: finding.reachabilityType,
      instanceName: instance?.name ?? null,
      ...ports(finding),
      via: viaJson(finding.via),
      sources: [...finding.sources],
      description: finding.description,
      networkPath: finding.networkPath.map(stepJson),
    },
  };
}

/**
 * The whole log, 2-space indent, trailing newline, in chunks: the results are made and written a
 * batch at a time, so an estate's log may be longer than one string can be (see pretty-json.ts).
 */
export function sarifChunks(report: AssessmentReport): Iterable<string> {
  const uri = snapshotUri(report.assessment.snapshot);
  const instances = new Map(report.assessment.instances.map((i) => [i.instanceId, i]));
  const rules = new Map<string, { rule: FindingRule; severity: Severity }>();
  for (const finding of report.findings) {
    const rule = findingRule(finding);
    const known = rules.get(rule.id);
    // One severity per rule by SPEC §5's table; the most severe wins should that ever change.
    if (known === undefined || compareSeverity(finding.severity, known.severity) < 0) rules.set(rule.id, { rule, severity: finding.severity });
  }
  const ruleIds = [...rules.keys()].sort(compareText);
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'netreach',
            version: netreachVersion(),
            semanticVersion: netreachVersion(),
            informationUri: INFORMATION_URI,
            rules: ruleIds.map((id) => ruleDescriptor(rules.get(id)!.rule, rules.get(id)!.severity)),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: [],
        properties: { snapshot: report.assessment.snapshot, collectedAt: report.assessment.collectedAt },
      },
    ],
  };
  const results = new StreamedList(report.findings, (f) => {
    const id = findingRule(f).id;
    return result(f, index.get(id)!, id, uri, instances.get(f.instanceId));
  });
  // The run's results in their place (a key given again keeps its place).
  return prettyJsonStream({ ...log, runs: log.runs.map((run) => ({ ...run, results })) });
}

/** The whole log, 2-space indent, trailing newline. */
export function renderSarif(report: AssessmentReport): string {
  return [...sarifChunks(report)].join('');
}

/** GitHub code scanning rejects a SARIF run with more results than this. */
export const CODE_SCANNING_MAX_RESULTS = 25_000;
/** … and stores at most this many of a run's results, the most severe first. */
export const CODE_SCANNING_STORED_RESULTS = 5_000;

/**
 * A warning for a SARIF report too large for GitHub code scanning (docs.github.com: "SARIF results
 * exceed limit": 25,000 results per run at most, of which the top 5,000 are kept), with the
 * number of results each --min-severity would leave; null when it fits.
 */
export function codeScanningWarning(findings: readonly Finding[]): string | null {
  const n = findings.length;
  if (n <= CODE_SCANNING_STORED_RESULTS) return null;
  const count = (k: number): string => k.toLocaleString('en-US');
  const counts = SEVERITIES.slice(0, -1)
    .map((level) => `${level.toLowerCase()}: ${count(findings.filter((f) => atLeast(f.severity, level)).length)}`)
    .join(', ');
  const what =
    n > CODE_SCANNING_MAX_RESULTS
      ? `GitHub code scanning rejects a run of more than ${count(CODE_SCANNING_MAX_RESULTS)}`
      : `GitHub code scanning keeps only the ${count(CODE_SCANNING_STORED_RESULTS)} most severe`;
  return `warning: the SARIF report has ${count(n)} results; ${what}. --min-severity narrows it (results at or above ${counts})`;
}
