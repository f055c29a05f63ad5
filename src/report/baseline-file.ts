// The baseline file: versioned JSON, entries sorted by id, so that a reviewed change to it reads
// as a small diff. Read strictly: an unknown field is an error (a misspelt "expires" must not
// turn a time-limited acceptance into a permanent one), dates must be real days, ids ours.
import { z } from 'zod';
import { RULE_TYPES } from '../findings/finding.js';
import { SEVERITIES } from '../findings/severity.js';
import { FINDING_ID_PATTERN, isCalendarDate, type Baseline, type BaselineEntry } from '../findings/baseline.js';

export const BASELINE_VERSION = 1;

/** Long enough for a ticket reference and a sentence; a reason is not a document. */
export const MAX_REASON_LENGTH = 1000;

export const findingIdSchema = z.string().regex(FINDING_ID_PATTERN, { error: 'expected a finding id like nr-0123456789abcdef' });

export const calendarDateSchema = z.string().refine(isCalendarDate, { error: 'expected a date YYYY-MM-DD that exists' });

const reasonSchema = z.string().min(1).max(MAX_REASON_LENGTH, { error: `expected a reason of at most ${MAX_REASON_LENGTH} characters` });

const entrySchema = z.strictObject({
  id: findingIdSchema,
  reason: reasonSchema.optional(),
  expires: calendarDateSchema.optional(),
  severity: z.enum(SEVERITIES).optional(),
  ruleType: z.enum(RULE_TYPES).optional(),
  instanceId: z.string().optional(),
  port: z.int().min(0).max(65535).optional(),
  title: z.string().optional(),
});

export const baselineFileSchema = z
  .strictObject({
    version: z.literal(BASELINE_VERSION),
    findings: z.array(entrySchema),
  })
  .superRefine((file, context) => {
    const seen = new Set<string>();
    for (const [index, entry] of file.findings.entries()) {
      if (seen.has(entry.id)) context.addIssue({ code: 'custom', path: ['findings', index, 'id'], message: `${entry.id} is listed twice` });
      seen.add(entry.id);
    }
  })
  .transform(
    (file): Baseline => ({
      entries: file.findings.map(
        (e): BaselineEntry => ({
          id: e.id,
          reason: e.reason ?? null,
          expires: e.expires ?? null,
          ruleType: e.ruleType ?? null,
          severity: e.severity ?? null,
          instanceId: e.instanceId ?? null,
          port: e.port ?? null,
          title: e.title ?? null,
        }),
      ),
    }),
  );

function entryJson(e: BaselineEntry): object {
  const optional = (key: string, value: string | number | null): object => (value === null ? {} : { [key]: value });
  return {
    id: e.id,
    ...optional('reason', e.reason),
    ...optional('expires', e.expires),
    ...optional('severity', e.severity),
    ...optional('ruleType', e.ruleType),
    ...optional('instanceId', e.instanceId),
    ...optional('port', e.port),
    ...optional('title', e.title),
  };
}

/** `{"version": 1, "findings": [...]}`, 2-space indent, trailing newline. */
export function renderBaseline(baseline: Baseline): string {
  return `${JSON.stringify({ version: BASELINE_VERSION, findings: baseline.entries.map(entryJson) }, null, 2)}\n`;
}
