// AWS Security Finding Format, ready for `aws securityhub batch-import-findings --findings
// file://…` (100 findings a call): one finding per netreach finding, in the account and region
// of its instance, timed by the snapshot's collection time, never by the clock of the run.
import type { AwsSecurityFinding, SeverityLabel } from '@aws-sdk/client-securityhub';
import type { Finding, RuleType } from '../findings/finding.js';
import type { Severity } from '../findings/severity.js';
import { pathPhrase } from '../findings/wording.js';
import type { AssessedInstance, AssessmentReport } from './assessment.js';
import { asffNetwork, asffNetworkPath } from './asff-network.js';
import { asffResources } from './asff-resources.js';
import { asffText, requiredAsffText } from './asff-text.js';
import { partitionOf } from '../model/aws-partition.js';
import { findingRule } from './finding-rule.js';
import { prettyJsonStream, StreamedList } from './pretty-json.js';
import { ReportError } from './report-error.js';

const SCHEMA_VERSION = '2018-10-08';
const MAX_TITLE = 256;
const MAX_DESCRIPTION = 1024;
const MAX_RECOMMENDATION = 512;
const MAX_PRODUCT_FIELD = 2048;

const LABEL: Readonly<Record<Severity, SeverityLabel>> = { High: 'HIGH', Medium: 'MEDIUM', Low: 'LOW', Informational: 'INFORMATIONAL' };

/** The classifier after "Software and Configuration Checks/AWS Security Best Practices/". */
const CLASSIFIER: Readonly<Record<RuleType, string>> = {
  RecognizedPortNoAgent: 'Network Reachability - Recognized port reachable',
  RecognizedPortWithListener: 'Network Reachability - Recognized port with listener reachable',
  RecognizedPortNoListener: 'Network Reachability - Recognized port without listener reachable',
  UnrecognizedPortWithListener: 'Network Reachability - Unrecognized port with listener reachable',
  NetworkExposure: 'Network Reachability - Network exposure',
};

interface Placement {
  readonly accountId: string;
  readonly region: string;
  readonly instanceName: string | null;
}

/** Security Hub files a finding under one account and region: without them there is no honest ASFF. */
function placement(finding: Finding, instance: AssessedInstance | undefined): Placement {
  const accountId = instance?.accountId ?? null;
  const region = instance?.region ?? null;
  const where = 'keep the snapshot under <12-digit account>/<region>/ folders, or collect it with `netreach collect`';
  if (accountId === null || !/^\d{12}$/.test(accountId)) {
    throw new ReportError(`--format asff needs the AWS account of instance ${finding.instanceId}, which the snapshot does not give; ${where}`);
  }
  if (region === null) throw new ReportError(`--format asff needs the region of instance ${finding.instanceId}, which the snapshot does not give; ${where}`);
  return { accountId, region, instanceName: instance?.name ?? null };
}

function productFields(finding: Finding, ruleId: string): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    ...finding.attributes,
    'netreach/FindingId': finding.id,
    'netreach/RuleId': ruleId,
    'netreach/Sources': finding.sources.join(' '),
    'netreach/NetworkPath': pathPhrase(finding.networkPath),
  };
  const out: Record<string, string> = {};
  for (const key of Object.keys(fields).sort()) {
    const value = fields[key] === undefined ? null : asffText(fields[key], MAX_PRODUCT_FIELD);
    if (value !== null) out[key] = value;
  }
  return out;
}

function asffFinding(finding: Finding, place: Placement, collectedAt: string): AwsSecurityFinding {
  const { accountId, region } = place;
  const rule = findingRule(finding);
  const recommendation = asffText(finding.recommendation, MAX_RECOMMENDATION);
  return {
    SchemaVersion: SCHEMA_VERSION,
    Id: `netreach/${region}/${accountId}/${finding.id}`,
    ProductArn: `arn:${partitionOf(region)}:securityhub:${region}:${accountId}:product/${accountId}/default`,
    GeneratorId: `netreach/${rule.id}`,
    AwsAccountId: accountId,
    Region: region,
    Types: [`Software and Configuration Checks/AWS Security Best Practices/${CLASSIFIER[finding.ruleType]}`],
    CreatedAt: collectedAt,
    UpdatedAt: collectedAt,
    Severity: { Label: LABEL[finding.severity], Original: finding.severity },
    Title: requiredAsffText(finding.title, MAX_TITLE),
    Description: requiredAsffText(finding.description, MAX_DESCRIPTION),
    ...(recommendation === null ? {} : { Remediation: { Recommendation: { Text: recommendation } } }),
    ProductFields: productFields(finding, rule.id),
    Network: asffNetwork(finding),
    NetworkPath: asffNetworkPath(finding),
    Resources: asffResources(finding, place),
  };
}

/** The snapshot's collection time in the form Security Hub documents (RFC 3339, UTC). */
function collectionTime(collectedAt: string | null): string {
  if (collectedAt === null) {
    throw new ReportError('--format asff needs the snapshot\'s collection time (manifest.json "collectedAt"), and this snapshot has none; netreach does not put the time of the run in its place');
  }
  return new Date(collectedAt).toISOString();
}

/**
 * A JSON array of AwsSecurityFinding, 2-space indent, trailing newline, in chunks: the findings
 * are made and written a batch at a time, so the array may be longer than one string can be.
 */
export function asffChunks(report: AssessmentReport): Iterable<string> {
  const collectedAt = collectionTime(report.assessment.collectedAt);
  const instances = new Map(report.assessment.instances.map((i) => [i.instanceId, i]));
  // Placed before anything is written: a finding without an account or region stops the report at once, not part way through the file.
  const places = new Map<string, Placement>();
  for (const f of report.findings) if (!places.has(f.instanceId)) places.set(f.instanceId, placement(f, instances.get(f.instanceId)));
  return prettyJsonStream(new StreamedList(report.findings, (f) => asffFinding(f, places.get(f.instanceId)!, collectedAt)));
}

/** A JSON array of AwsSecurityFinding, 2-space indent, trailing newline. */
export function renderAsff(report: AssessmentReport): string {
  return [...asffChunks(report)].join('');
}
