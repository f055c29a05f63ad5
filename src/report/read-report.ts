// Reading our own `assess --format json` report back (for `baseline create` and `diff`): every
// field a finding carries is checked, so a hand-edited or truncated report is an error naming the
// place, never a diff that silently misses findings.
import { z } from 'zod';
import { parseCidr } from '../net/index.js';
import { RULE_TYPES, type AttributeKey, type Finding } from '../findings/finding.js';
import { numericSeverity, SEVERITIES, type Severity } from '../findings/severity.js';
import { findingIdSchema } from './baseline-file.js';
import type { StreamedCheck } from '../snapshot/streamed-check.js';
import type { FindingPool } from './finding-pool.js';
import { REACHABILITY_TYPES } from '../engine/types.js';

const ATTRIBUTE_KEYS = [
  'RULE_TYPE', 'REACHABILITY_TYPE', 'INSTANCE_ID', 'VPC', 'ENI', 'ACL', 'SECURITY_GROUP', 'PROTOCOL', 'PORT',
  'PORT_GROUP_NAME', 'PROCESS_NAME', 'PROCESS_PID', 'PROCESS_PATH', 'TCP_PORTS', 'UDP_PORTS', 'IGW', 'ELB', 'ELB2',
  'PCX', 'PCX_VPC', 'VGW',
] as const satisfies readonly AttributeKey[];

const resourceId = z.string().min(1, { error: 'expected an id (a non-empty string)' });
const portNumber = z.int({ error: 'expected a port 0-65535' }).min(0, { error: 'expected a port 0-65535' }).max(65535, { error: 'expected a port 0-65535' });
const portRanges = z.array(z.tuple([portNumber, portNumber])).nullable();
const transport = z.enum(['tcp', 'udp']);
const cidr = z.string().refine((text) => text.includes('/') && parseCidr(text) !== null, { error: 'expected a CIDR block' });

const viaSchema = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['CLB', 'ALB', 'NLB']), id: resourceId, listenerPort: portNumber }),
  z.object({ type: z.enum(['IGW', 'VGW', 'PCX', 'TGW']), id: resourceId }),
]);

const listenerSchema = z.object({
  protocol: transport,
  port: portNumber,
  address: z.string(),
  process: z.object({ name: z.string(), pid: z.int().min(0).nullable(), path: z.string().nullable() }).nullable(),
});

const stepSchema = z.object({ componentType: z.string(), componentId: z.string(), rule: z.string().optional() });

const findingSchema = z
  .object({
    id: findingIdSchema,
    ruleType: z.enum(RULE_TYPES),
    severity: z.enum(SEVERITIES),
    numericSeverity: z.number(),
    reachabilityType: z.enum(REACHABILITY_TYPES),
    title: z.string(),
    description: z.string(),
    recommendation: z.string(),
    instanceId: resourceId,
    networkInterfaceId: resourceId,
    vpcId: resourceId,
    subnetId: resourceId,
    aclId: resourceId.nullable(),
    securityGroupIds: z.array(resourceId),
    ipVersion: z.union([z.literal(4), z.literal(6)]),
    protocol: transport.nullable(),
    port: portNumber.nullable(),
    tcpPorts: portRanges,
    udpPorts: portRanges,
    portGroupName: z.string().nullable(),
    via: viaSchema,
    sources: z.array(cidr),
    listener: listenerSchema.nullable(),
    networkPath: z.array(stepSchema),
    attributes: z.partialRecord(z.enum(ATTRIBUTE_KEYS), z.string()),
  })
  .superRefine((f, context) => {
    if (f.numericSeverity !== numericSeverity(f.severity)) {
      context.addIssue({ code: 'custom', path: ['numericSeverity'], message: `expected ${numericSeverity(f.severity)} for ${f.severity}, got ${f.numericSeverity}` });
    }
    const perPort = f.ruleType !== 'NetworkExposure';
    if (perPort && (f.protocol === null || f.port === null)) {
      context.addIssue({ code: 'custom', path: [f.protocol === null ? 'protocol' : 'port'], message: `expected a value: a ${f.ruleType} finding names its protocol and port` });
    }
    if (!perPort && (f.tcpPorts === null || f.udpPorts === null)) {
      context.addIssue({ code: 'custom', path: [f.tcpPorts === null ? 'tcpPorts' : 'udpPorts'], message: 'expected port ranges: a NetworkExposure finding lists its TCP and UDP ranges' });
    }
  });

/** What `diff` and `baseline create` need of a report: where it came from, and its findings. */
export interface ReadReport {
  /** The netreach that made the report (null: a report of a netreach before 0.1.0 recorded none). */
  readonly netreachVersion: string | null;
  readonly snapshot: string;
  readonly collectedAt: string | null;
  readonly minSeverity: Severity;
  /** The engine options the report was made with (null: not recorded); different ones change what is found. */
  readonly ephemeralPorts: readonly [number, number] | null;
  readonly onpremCidrs: readonly string[] | null;
  /** The baseline the report was made with, and how many findings it left out; null without one. */
  readonly baseline: { readonly file: string; readonly suppressed: number } | null;
  readonly findings: readonly Finding[];
}

/** The report's schema with `findings` elements checked by `finding`. */
function reportSchemaWith(finding: z.ZodType<Finding>) {
  return z
    .object({
      assessment: z.object({
        netreachVersion: z.string().optional(),
        snapshot: z.string(),
        collectedAt: z.string().nullable(),
        options: z.object({
          minSeverity: z.enum(SEVERITIES),
          ephemeralPorts: z.tuple([z.number(), z.number()]).optional(),
          onpremCidrs: z.array(z.string()).nullable().optional(),
        }),
        // Absent in reports of netreach before baselines.
        baseline: z.object({ file: z.string(), suppressed: z.array(z.object({ id: findingIdSchema })) }).nullable().optional(),
      }),
      findings: z.array(finding),
    })
    .superRefine((report, context) => {
      const seen = new Set<string>();
      for (const [index, finding] of report.findings.entries()) {
        if (seen.has(finding.id)) context.addIssue({ code: 'custom', path: ['findings', index, 'id'], message: `${finding.id} appears twice (ids are unique in a report)` });
        seen.add(finding.id);
      }
    })
    .transform(
      (report): ReadReport => ({
        netreachVersion: report.assessment.netreachVersion ?? null,
        snapshot: report.assessment.snapshot,
        collectedAt: report.assessment.collectedAt,
        minSeverity: report.assessment.options.minSeverity,
        ephemeralPorts: report.assessment.options.ephemeralPorts ?? null,
        onpremCidrs: report.assessment.options.onpremCidrs ?? null,
        baseline: report.assessment.baseline ? { file: report.assessment.baseline.file, suppressed: report.assessment.baseline.suppressed.length } : null,
        findings: report.findings,
      }),
    );
}

/** How a report is read back: whole, or through the streaming cut (StreamedCheck). */
export interface ReportChecks {
  readonly schema: z.ZodType<ReadReport>;
  readonly streamed: StreamedCheck<ReadReport>;
}

/**
 * The checks of a report. With a pool, its findings share their repeated parts (path steps, source
 * lists, ids) through it: `diff` reads both of its reports into one, so that what they share is
 * held once, at some cost in time (about 2.5 s more to read the large estate's report, 803 MB of
 * heap held against about 440 MB). A report read through the streaming cut is checked a finding at a
 * time as the cut reads it, so that only the checked copy of each is kept (two large estates'
 * reports held at once, as `diff` holds them, took 3.9 GB when each was checked whole after it was read).
 */
export function reportChecks(pool?: FindingPool): ReportChecks {
  const finding = pool === undefined ? findingSchema : findingSchema.transform((f) => pool.share(f));
  return {
    schema: reportSchemaWith(finding),
    streamed: { items: { findings: finding }, shell: reportSchemaWith(z.custom<Finding>(() => true)) },
  };
}
